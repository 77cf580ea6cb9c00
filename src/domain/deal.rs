//! Rules for the Deal and its outcomes framework: commitment sides, indicator
//! units, outcome codes, and the lengths of what people type.

/// Whose promise a commitment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// "Our part": what the council promises.
    Council,
    /// "Your part": what residents and groups promise; only these can be pledged to.
    Residents,
}

impl Side {
    /// Both sides, in the order pages show them.
    pub const ALL: [Side; 2] = [Side::Council, Side::Residents];

    /// Reads a side as stored and sent by forms.
    pub fn parse(text: &str) -> Option<Side> {
        match text.trim() {
            "council" => Some(Side::Council),
            "residents" => Some(Side::Residents),
            _ => None,
        }
    }

    /// The side as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Council => "council",
            Side::Residents => "residents",
        }
    }

    /// The side as people know it.
    pub fn label(self) -> &'static str {
        match self {
            Side::Council => "Our part",
            Side::Residents => "Your part",
        }
    }
}

/// What an indicator counts. A fixed list, so that figures from different
/// projects can be added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    People,
    Hours,
    Sessions,
    Events,
    Volunteers,
    Pounds,
    Percent,
    Items,
}

impl Unit {
    /// Every unit, in the order the list shows them.
    pub const ALL: [Unit; 8] = [
        Unit::People,
        Unit::Hours,
        Unit::Sessions,
        Unit::Events,
        Unit::Volunteers,
        Unit::Pounds,
        Unit::Percent,
        Unit::Items,
    ];

    /// Reads a unit as stored and sent by forms.
    pub fn parse(text: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.as_str() == text.trim())
    }

    /// The unit as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::People => "people",
            Unit::Hours => "hours",
            Unit::Sessions => "sessions",
            Unit::Events => "events",
            Unit::Volunteers => "volunteers",
            Unit::Pounds => "pounds",
            Unit::Percent => "percent",
            Unit::Items => "items",
        }
    }

    /// The label of a unit as stored, or the stored text itself if it is not
    /// (or no longer) on the list, so that old data still shows.
    pub fn label_for(stored: &str) -> String {
        Unit::parse(stored).map_or_else(|| stored.to_owned(), |u| u.label().to_owned())
    }

    /// The unit as a list shows it.
    pub fn label(self) -> &'static str {
        match self {
            Unit::People => "People",
            Unit::Hours => "Hours",
            Unit::Sessions => "Sessions",
            Unit::Events => "Events",
            Unit::Volunteers => "Volunteers",
            Unit::Pounds => "Pounds (£)",
            Unit::Percent => "Percent (%)",
            Unit::Items => "Items",
        }
    }
}

/// Checks an outcome's code, like `O1`: 1 to 16 letters, digits or hyphens.
/// Codes are kept in capitals so that `o1` and `O1` cannot both exist.
pub fn check_outcome_code(code: &str) -> Result<String, &'static str> {
    let code = code.trim().to_uppercase();
    if code.is_empty() {
        return Err("Enter a code for the outcome, like O1");
    }
    if code.chars().count() > 16 {
        return Err("Code must be 16 characters or fewer");
    }
    if code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(code)
    } else {
        Err("Code must use only letters, numbers and hyphens, like O1 or HEALTH-2")
    }
}

/// Trims what was typed and checks its length. `missing` is the message for a
/// required field left blank; `None` makes the field optional.
pub fn check_text(
    value: &str,
    what: &str,
    max: usize,
    missing: Option<&str>,
) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        if let Some(message) = missing {
            return Err(message.to_owned());
        }
    }
    if value.chars().count() > max {
        return Err(format!("{what} must be {max} characters or fewer"));
    }
    Ok(value.to_owned())
}

/// [`check_text`] for one field of a form: its message goes into `errors` beside
/// `field`; a value over `max` is named with [`FieldErrors::too_long`], so the page
/// shows what was typed cut to the limit. Answers the trimmed value (blank on error).
pub fn text_field(
    errors: &mut crate::domain::fields::FieldErrors,
    field: &str,
    value: &str,
    what: &str,
    max: usize,
    missing: Option<&str>,
) -> String {
    let trimmed = value.trim();
    if !errors.check_length(field, what, max, trimmed) {
        return String::new();
    }
    check_text(trimmed, what, max, missing).unwrap_or_else(|message| {
        errors.add(field, message);
        String::new()
    })
}

/// The longest first name a pledge keeps.
pub const FIRST_NAME_MAX: usize = 50;

/// Checks the optional first name on a pledge: blank means none.
pub fn check_first_name(value: &str) -> Result<Option<String>, String> {
    let name = check_text(value, "First name", FIRST_NAME_MAX, None)?;
    if name.chars().any(char::is_control) {
        return Err("First name must be letters, spaces or punctuation only".to_owned());
    }
    Ok((!name.is_empty()).then_some(name))
}

/// "No one has pledged yet", "1 person has pledged", "12 people have pledged".
pub fn pledge_count_text(count: u64) -> String {
    match count {
        0 => "No one has pledged yet".to_owned(),
        1 => "1 person has pledged".to_owned(),
        n => format!("{n} people have pledged"),
    }
}

/// Splits typed text into paragraphs at blank lines, so pages can show it as typed.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_and_units_read_back_what_they_store() {
        for side in Side::ALL {
            assert_eq!(Side::parse(side.as_str()), Some(side));
        }
        for unit in Unit::ALL {
            assert_eq!(Unit::parse(unit.as_str()), Some(unit));
        }
        assert_eq!(Side::parse("officers"), None);
        assert_eq!(Unit::parse("miles"), None);
        assert_eq!(Unit::parse("People"), None, "stored names are lower case");
        assert_eq!(Unit::label_for("pounds"), "Pounds (£)");
        assert_eq!(Unit::label_for("furlongs"), "furlongs");
    }

    #[test]
    fn outcome_codes_are_short_capitalised_letters_digits_and_hyphens() {
        assert_eq!(check_outcome_code(" o1 "), Ok("O1".into()));
        assert_eq!(check_outcome_code("HEALTH-2"), Ok("HEALTH-2".into()));
        assert_eq!(
            check_outcome_code("A234567890123456"),
            Ok("A234567890123456".into())
        );
        assert!(check_outcome_code("").is_err());
        assert!(check_outcome_code("A2345678901234567").is_err());
        assert!(check_outcome_code("O 1").is_err());
        assert!(check_outcome_code("O_1").is_err());
        assert!(check_outcome_code("Ö1").is_err());
    }

    #[test]
    fn text_is_trimmed_and_its_length_counted_in_characters() {
        assert_eq!(
            check_text("  Hi ", "Title", 2, Some("Enter")),
            Ok("Hi".into())
        );
        assert_eq!(
            check_text(" ", "Title", 2, Some("Enter a title")),
            Err("Enter a title".into())
        );
        assert_eq!(check_text("", "Description", 2, None), Ok(String::new()));
        assert_eq!(check_text("éé", "Title", 2, None), Ok("éé".into()));
        assert_eq!(
            check_text("abc", "Title", 2, None),
            Err("Title must be 2 characters or fewer".into())
        );
    }

    #[test]
    fn a_first_name_is_optional_and_at_most_fifty_characters() {
        assert_eq!(check_first_name("  "), Ok(None));
        assert_eq!(check_first_name(" Aisha "), Ok(Some("Aisha".into())));
        assert!(check_first_name(&"a".repeat(50)).is_ok());
        assert!(check_first_name(&"a".repeat(51)).is_err());
        assert!(check_first_name("Jo\u{0}").is_err());
    }

    #[test]
    fn pledge_counts_read_as_sentences() {
        assert_eq!(pledge_count_text(0), "No one has pledged yet");
        assert_eq!(pledge_count_text(1), "1 person has pledged");
        assert_eq!(pledge_count_text(12), "12 people have pledged");
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(
            paragraphs("One.\r\n\r\nTwo,\nstill two.\n\n\n"),
            vec!["One.".to_owned(), "Two,\nstill two.".to_owned()]
        );
        assert!(paragraphs("  ").is_empty());
    }
}
