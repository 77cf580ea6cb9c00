//! Small rules about text: what every typed value is cleaned of, character limits,
//! slugs, ONS ward codes, whole numbers and word counts.

/// The most characters any one field keeps. Each field has its own, smaller limit,
/// checked where its value is used, with a message beside it; this ceiling holds for
/// every field, so that no value, however it is sent, is stored longer.
pub const FIELD_CEILING: usize = 50_000;

/// What was typed, as the app keeps it: Windows and old Mac line ends become `\n`, and
/// NUL and every other control character is dropped, except new lines and tabs.
pub fn clean_input(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The first `max` characters of `value`.
pub fn keep_chars(value: &str, max: usize) -> &str {
    match value.char_indices().nth(max) {
        Some((at, _)) => &value[..at],
        None => value,
    }
}

/// The message for a value over its limit: the limit, how much was typed, and that what
/// fits has been kept.
pub fn too_long(what: &str, max: usize, typed: usize) -> String {
    // Past the ceiling, the form reader has already cut the value short.
    let typed = if typed > FIELD_CEILING {
        format!("more than {}", thousands(FIELD_CEILING))
    } else {
        thousands(typed)
    };
    format!(
        "{what} must be {} characters or fewer. You typed {typed}: the first {} are kept here, so shorten it and save again",
        thousands(max),
        thousands(max)
    )
}

/// 12345 → `12,345`.
pub fn thousands(n: usize) -> String {
    crate::format::count(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Checks a URL slug: lower-case letters, digits and single hyphens.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("Enter a short name for the web address");
    }
    if slug.len() > 60 {
        return Err("Web address name must be 60 characters or fewer");
    }
    let ok = slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if ok {
        Ok(())
    } else {
        Err("Use only lower-case letters, numbers and single hyphens, like small-grants-2026")
    }
}

/// A slug made from a name: `Small grants 2026` → `small-grants-2026`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(60).collect()
}

/// Checks an ONS ward code: `E05`, `W05`, `S13` or `N08` and six digits.
pub fn check_ward_code(code: &str) -> Result<String, &'static str> {
    let code = code.trim().to_uppercase();
    if code.is_empty() {
        return Err("Enter the ward's ONS code");
    }
    let prefix_ok = ["E05", "W05", "S13", "N08"]
        .iter()
        .any(|p| code.starts_with(p));
    let digits_ok = code.len() == 9 && code[3..].chars().all(|c| c.is_ascii_digit());
    if prefix_ok && digits_ok {
        Ok(code)
    } else {
        Err("Enter an ONS ward code: E05, W05, S13 or N08 followed by six digits, like E05000849")
    }
}

/// Parses a whole number within bounds, with a message naming the field.
pub fn parse_whole(input: &str, what: &str, min: i64, max: i64) -> Result<i64, String> {
    let trimmed = input.trim().replace(',', "");
    if trimmed.is_empty() {
        return Err(format!("Enter {what}"));
    }
    match trimmed.parse::<i64>() {
        Ok(n) if n < min => Err(format!("{} must be {min} or more", capitalise(what))),
        Ok(n) if n > max => Err(format!("{} must be {max} or less", capitalise(what))),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "{} must be a whole number, like {min}",
            capitalise(what)
        )),
    }
}

/// Counts words as people count them.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_dropped_but_new_lines_and_tabs_are_kept() {
        assert_eq!(clean_input("a\0b\u{7}c\u{1b}[31m"), "abc[31m");
        assert_eq!(
            clean_input("one\r\ntwo\rthree\n\tfour"),
            "one\ntwo\nthree\n\tfour"
        );
        assert_eq!(clean_input("caf\u{e9} \u{85}ok\u{7f}"), "caf\u{e9} ok");
        assert_eq!(clean_input("plain"), "plain");
    }

    #[test]
    fn long_values_are_cut_at_a_character_not_a_byte() {
        assert_eq!(keep_chars("ééé", 2), "éé");
        assert_eq!(keep_chars("ab", 5), "ab");
        assert_eq!(thousands(300_000), "300,000");
        assert_eq!(thousands(999), "999");
        assert!(too_long("Summary", 2_000, 3_001).contains("2,000 characters or fewer"));
        assert!(too_long("Summary", 2_000, 3_001).contains("You typed 3,001"));
        assert!(too_long("Summary", 2_000, 50_001).contains("You typed more than 50,000"));
    }

    #[test]
    fn slugs_are_checked_and_made_from_names() {
        assert!(check_slug("small-grants-2026").is_ok());
        assert!(check_slug("Small grants").is_err());
        assert!(check_slug("-x").is_err());
        assert!(check_slug("a--b").is_err());
        assert_eq!(slugify("  Small grants: 2026! "), "small-grants-2026");
    }

    #[test]
    fn ward_codes_follow_the_ons_formats_of_the_four_nations() {
        assert_eq!(check_ward_code(" e05000849 "), Ok("E05000849".into()));
        for ok in ["W05000001", "S13002516", "N08000101"] {
            assert!(check_ward_code(ok).is_ok(), "{ok}");
        }
        for bad in ["", "E0500084", "E050008491", "E06000849", "E05A00849"] {
            assert!(check_ward_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn whole_numbers_are_parsed_with_clear_messages() {
        assert_eq!(parse_whole("12", "the number of months", 1, 60), Ok(12));
        assert_eq!(
            parse_whole("", "the number of months", 1, 60),
            Err("Enter the number of months".into())
        );
        assert_eq!(
            parse_whole("0", "the number of months", 1, 60),
            Err("The number of months must be 1 or more".into())
        );
        assert!(
            parse_whole("twelve", "the number of months", 1, 60)
                .unwrap_err()
                .contains("whole number")
        );
    }
}
