//! Small rules about text: slugs, ONS ward codes, whole numbers and word counts.

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
