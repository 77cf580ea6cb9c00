//! What an organisation's details must look like: kinds, charity and company
//! numbers, postcodes, phone numbers and websites.

/// What kind of body an organisation is. The stored type lives with the table.
pub use entity::organisation::Kind;

/// Every kind, in the order the form offers them.
pub const KINDS: &[Kind] = &[
    Kind::RegisteredCharity,
    Kind::Cio,
    Kind::CompanyLimitedByGuarantee,
    Kind::Cic,
    Kind::ConstitutedGroup,
    Kind::School,
    Kind::Other,
];

/// What a kind of organisation means: its words, and which numbers it needs.
pub trait KindRules: Copy {
    /// Reads a kind chosen in a form; `None` for anything else.
    fn parse(value: &str) -> Option<Self>;
    /// The stored value, which the form posts.
    fn as_str(self) -> &'static str;
    /// The kind in words.
    fn label(self) -> &'static str;
    /// True when this kind is registered with a charity regulator.
    fn needs_charity_number(self) -> bool;
    /// True when this kind is registered at Companies House.
    fn needs_company_number(self) -> bool;
}

impl KindRules for Kind {
    fn parse(value: &str) -> Option<Self> {
        KINDS.iter().copied().find(|k| k.as_str() == value)
    }

    fn as_str(self) -> &'static str {
        match self {
            Kind::RegisteredCharity => "registered_charity",
            Kind::Cio => "cio",
            Kind::CompanyLimitedByGuarantee => "company_limited_by_guarantee",
            Kind::Cic => "cic",
            Kind::ConstitutedGroup => "constituted_group",
            Kind::School => "school",
            Kind::Other => "other",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::RegisteredCharity => "Registered charity",
            Kind::Cio => "Charitable incorporated organisation (CIO)",
            Kind::CompanyLimitedByGuarantee => "Company limited by guarantee",
            Kind::Cic => "Community interest company (CIC)",
            Kind::ConstitutedGroup => "Constituted community group",
            Kind::School => "School",
            Kind::Other => "Other",
        }
    }

    fn needs_charity_number(self) -> bool {
        matches!(self, Kind::RegisteredCharity | Kind::Cio)
    }

    fn needs_company_number(self) -> bool {
        matches!(self, Kind::CompanyLimitedByGuarantee | Kind::Cic)
    }
}

/// Checks a charity number: England and Wales (6 or 7 digits, as the Charity
/// Commission issues them), Scotland (`SC` and 6 digits) or Northern Ireland
/// (`NIC` and 6 digits, or the older `XN`/`XR` and digits).
pub fn parse_charity_number(input: &str) -> Result<String, &'static str> {
    let number: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
    };
    let ok = digits(&number, 6, 7)
        || number
            .strip_prefix("SC")
            .is_some_and(|rest| digits(rest, 6, 6))
        || number
            .strip_prefix("NIC")
            .is_some_and(|rest| digits(rest, 6, 6))
        || number
            .strip_prefix("XN")
            .or_else(|| number.strip_prefix("XR"))
            .is_some_and(|rest| digits(rest, 4, 6));
    if ok {
        Ok(number)
    } else {
        Err("Enter a charity number like 1123456, SC012345 or NIC100002")
    }
}

/// Checks a Companies House number: 8 characters, either 8 digits (leading zeros
/// are part of the number; we add them back when left off) or 2 letters and 6 digits.
pub fn parse_company_number(input: &str) -> Result<String, &'static str> {
    let number: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    const MESSAGE: &str = "Enter a company number of 8 characters, like 01234567 or SC123456";
    if number.is_empty() || number.len() > 8 {
        return Err(MESSAGE);
    }
    if number.chars().all(|c| c.is_ascii_digit()) {
        return Ok(format!("{number:0>8}"));
    }
    let (prefix, rest) = number.split_at(2.min(number.len()));
    if number.len() == 8
        && prefix.chars().all(|c| c.is_ascii_alphabetic())
        && rest.chars().all(|c| c.is_ascii_digit())
    {
        Ok(number)
    } else {
        Err(MESSAGE)
    }
}

/// Checks and normalises a UK postcode: upper case, one space before the last three.
pub fn parse_postcode(input: &str) -> Result<String, &'static str> {
    let compact: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if compact.is_empty() {
        return Err("Enter a postcode");
    }
    const MESSAGE: &str = "Enter a real postcode, like AS1 2AB";
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return Err(MESSAGE);
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = {
        let b = inward.as_bytes();
        b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
    };
    // Outward codes: A9, A99, AA9, AA99, A9A, AA9A.
    let shape: String = outward
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_ascii_alphabetic() {
                'A'
            } else {
                '?'
            }
        })
        .collect();
    let outward_ok = matches!(
        shape.as_str(),
        "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A"
    );
    if inward_ok && outward_ok {
        Ok(format!("{outward} {inward}"))
    } else {
        Err(MESSAGE)
    }
}

/// Checks a phone number: digits with spaces, brackets, hyphens and a leading +.
pub fn parse_phone(input: &str) -> Result<String, &'static str> {
    let phone = input.trim();
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " ()-".contains(c) || (c == '+' && i == 0));
    if allowed && (10..=15).contains(&digits) {
        Ok(phone.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Err("Enter a phone number, like 01632 960 001 or +44 7700 900 123")
    }
}

/// Checks a website, adding `https://` when the scheme is left off.
pub fn parse_website(input: &str) -> Result<String, &'static str> {
    let text = input.trim();
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    match url::Url::parse(&with_scheme) {
        Ok(url)
            if matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some_and(|h| h.contains('.')) =>
        {
            Ok(with_scheme)
        }
        _ => Err("Enter a website address, like www.example.org"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_and_the_form_lists_each_once() {
        for kind in KINDS {
            assert_eq!(Kind::parse(kind.as_str()), Some(*kind));
            assert_eq!(KINDS.iter().filter(|k| *k == kind).count(), 1);
        }
        assert_eq!(Kind::parse("Registered charity"), None);
        assert!(Kind::Cio.needs_charity_number() && !Kind::Cio.needs_company_number());
    }

    #[test]
    fn charity_numbers_of_the_three_regulators_are_accepted() {
        assert_eq!(parse_charity_number(" 1123456 "), Ok("1123456".into()));
        assert_eq!(parse_charity_number("sc012345"), Ok("SC012345".into()));
        assert_eq!(parse_charity_number("NIC100002"), Ok("NIC100002".into()));
        for bad in ["12345", "123456789", "SC12345", "charity"] {
            assert!(parse_charity_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn company_numbers_keep_their_leading_zeros() {
        assert_eq!(parse_company_number("01234567"), Ok("01234567".into()));
        assert_eq!(parse_company_number("1234567"), Ok("01234567".into()));
        assert_eq!(parse_company_number("sc123456"), Ok("SC123456".into()));
        for bad in ["", "123456789", "S1234567", "SC12345X"] {
            assert!(parse_company_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn postcodes_are_checked_and_normalised() {
        assert_eq!(parse_postcode("wn1 1ab"), Ok("WN1 1AB".into()));
        assert_eq!(parse_postcode("SW1A1AA"), Ok("SW1A 1AA".into()));
        assert_eq!(parse_postcode("m1 1ae"), Ok("M1 1AE".into()));
        assert_eq!(parse_postcode(""), Err("Enter a postcode"));
        for bad in ["12345", "WN1 1A", "WN11 1ABC", "W!1 1AB"] {
            assert!(parse_postcode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones_and_websites_are_checked() {
        assert_eq!(parse_phone(" 01632  960 001 "), Ok("01632 960 001".into()));
        assert!(parse_phone("+44 7700 900123").is_ok());
        assert!(parse_phone("call me").is_err());
        assert!(parse_phone("123").is_err());
        assert_eq!(
            parse_website("www.example.org"),
            Ok("https://www.example.org".into())
        );
        assert!(parse_website("http://example.org/about").is_ok());
        assert!(parse_website("not a website").is_err());
        assert!(parse_website("javascript:alert(1)").is_err());
    }
}
