//! The rules of the 360Giving Data Standard that need no database: organisation
//! identifiers (org-id), grant identifiers, project length in months and amounts in pounds.

use chrono::NaiveDate;

use crate::domain::local_time::months_spanned;

/// The org-id identifier for an organisation: its charity number when it has one the
/// org-id lists know (England and Wales `GB-CHC`, Scotland `GB-SC`, Northern Ireland
/// `GB-NIC`), else its company number (`GB-COH`), else an identifier of our own made from
/// the 360Giving prefix and the organisation's id, as 360Giving asks for unregistered groups.
///
/// The org-id guide ranks the charity registers above Companies House for a charitable
/// company, so the charity number wins when there are both.
pub fn org_id(
    charity_number: Option<&str>,
    company_number: Option<&str>,
    giving_prefix: &str,
    organisation_id: i32,
) -> String {
    if let Some(id) = charity_number.and_then(charity_org_id) {
        return id;
    }
    if let Some(number) = company_number.map(compact).filter(|n| !n.is_empty()) {
        return format!("GB-COH-{number}");
    }
    format!("{giving_prefix}-ORG-{organisation_id}")
}

/// Upper case, no spaces: the numbers are stored that way, but older rows may not be.
fn compact(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// The org-id for a charity number, or `None` for a number no org-id list covers.
///
/// - England and Wales: digits, `GB-CHC-1123456`.
/// - Scotland: OSCR numbers keep their `SC`, `GB-SC-SC012345`.
/// - Northern Ireland: the Charity Commission for Northern Ireland's list is the bare
///   number, so `NIC100002` (or `NI100002`) is `GB-NIC-100002`.
/// - HMRC references (`XN…`, `XR…`) are not a register's numbers: `None`.
fn charity_org_id(number: &str) -> Option<String> {
    let number = compact(number);
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if all_digits(&number) {
        return Some(format!("GB-CHC-{number}"));
    }
    if number.strip_prefix("SC").is_some_and(all_digits) {
        return Some(format!("GB-SC-{number}"));
    }
    let northern_irish = number
        .strip_prefix("NIC")
        .or_else(|| number.strip_prefix("NI"))
        .filter(|rest| all_digits(rest));
    northern_irish.map(|digits| format!("GB-NIC-{digits}"))
}

/// A grant's 360Giving identifier: the publisher's prefix and the application reference.
pub fn grant_id(giving_prefix: &str, reference: &str) -> String {
    format!("{giving_prefix}-{reference}")
}

/// How many months a project runs, start and end days included: whole calendar months,
/// and a part month counts as one (the rule the application form checks the longest
/// project against). `None` when the end is before the start.
pub fn duration_months(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    if end < start {
        return None;
    }
    u32::try_from(months_spanned(start, end).max(1)).ok()
}

/// The largest amount written as a JSON number that is sure to come out exactly:
/// decimals of up to 15 significant digits survive the trip through a double.
const EXACT_PENCE: i64 = 999_999_999_999_999;

/// Pence as a JSON number of pounds: `150050` is `1500.5`, `150000` is `1500`.
///
/// Whole pounds are written as integers. Other amounts go through a double, which
/// serde_json writes in its shortest round-trip form: for up to 15 significant digits
/// that is exactly the decimal we started from, so `1500.5` never becomes
/// `1500.4999999999998`. Larger amounts (over ten trillion pounds) are refused.
pub fn pounds_number(pence: i64) -> Option<serde_json::Number> {
    if pence % 100 == 0 {
        return Some(serde_json::Number::from(pence / 100));
    }
    if pence.abs() > EXACT_PENCE {
        return None;
    }
    serde_json::Number::from_f64(pence as f64 / 100.0)
}

/// Pence as the same decimal as [`pounds_number`], as text: `1500.5`, `1500`, `0.05`.
pub fn pounds_text(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let abs = pence.unsigned_abs();
    let (pounds, rest) = (abs / 100, abs % 100);
    match rest {
        0 => format!("{sign}{pounds}"),
        r if r % 10 == 0 => format!("{sign}{pounds}.{}", r / 10),
        r => format!("{sign}{pounds}.{r:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_charity_number_becomes_the_org_id_of_its_register() {
        let id = |charity, company| org_id(charity, company, "360G-ashworth", 42);
        assert_eq!(id(Some("1123456"), None), "GB-CHC-1123456");
        assert_eq!(id(Some("SC012345"), None), "GB-SC-SC012345");
        assert_eq!(id(Some("sc 012345"), None), "GB-SC-SC012345");
        assert_eq!(id(Some("NIC100002"), None), "GB-NIC-100002");
        assert_eq!(id(Some("NI100002"), None), "GB-NIC-100002");
    }

    #[test]
    fn the_charity_number_wins_over_the_company_number() {
        assert_eq!(
            org_id(Some("1123456"), Some("01234567"), "360G-x", 1),
            "GB-CHC-1123456"
        );
    }

    #[test]
    fn a_company_or_an_unregistered_group_gets_a_company_or_our_own_id() {
        assert_eq!(
            org_id(None, Some("SC123456"), "360G-x", 1),
            "GB-COH-SC123456"
        );
        assert_eq!(
            org_id(Some("XN12345"), Some("01234567"), "360G-x", 1),
            "GB-COH-01234567",
            "an HMRC reference is no register's number"
        );
        assert_eq!(
            org_id(Some("XR1234"), None, "360G-ashworth", 42),
            "360G-ashworth-ORG-42"
        );
        assert_eq!(
            org_id(None, Some("  "), "360G-ashworth", 7),
            "360G-ashworth-ORG-7"
        );
    }

    #[test]
    fn grant_ids_put_the_prefix_before_the_reference() {
        assert_eq!(
            grant_id("360G-ashworth", "DCF-2026-0042"),
            "360G-ashworth-DCF-2026-0042"
        );
    }

    #[test]
    fn a_project_runs_whole_months_with_a_part_month_counting_as_one() {
        assert_eq!(duration_months(day(2026, 4, 1), day(2027, 3, 31)), Some(12));
        assert_eq!(duration_months(day(2026, 4, 1), day(2026, 9, 30)), Some(6));
        assert_eq!(duration_months(day(2026, 1, 15), day(2026, 3, 15)), Some(2));
        assert_eq!(duration_months(day(2026, 1, 15), day(2026, 3, 16)), Some(3));
        assert_eq!(duration_months(day(2026, 5, 1), day(2026, 5, 1)), Some(1));
        assert_eq!(duration_months(day(2026, 5, 2), day(2026, 5, 1)), None);
    }

    #[test]
    fn pounds_are_exact_decimals_in_json_and_text() {
        let json = |pence| serde_json::to_string(&pounds_number(pence).unwrap()).unwrap();
        assert_eq!(json(150_050), "1500.5");
        assert_eq!(json(150_000), "1500");
        assert_eq!(json(1), "0.01");
        assert_eq!(json(10), "0.1");
        assert_eq!(json(-5), "-0.05");
        assert_eq!(pounds_text(150_050), "1500.5");
        assert_eq!(pounds_text(150_000), "1500");
        assert_eq!(pounds_text(1_234_567), "12345.67");
        assert_eq!(pounds_text(-5), "-0.05");
        assert!(pounds_number(EXACT_PENCE + 2).is_none());
    }

    #[test]
    fn every_amount_up_to_twenty_thousand_pounds_and_samples_beyond_are_written_exactly() {
        let check = |pence: i64| {
            let json = serde_json::to_string(&pounds_number(pence).unwrap()).unwrap();
            assert_eq!(json, pounds_text(pence), "{pence} pence");
        };
        (0..2_000_000).for_each(check);
        (2_000_000..100_000_000).step_by(97).for_each(check);
        (0..100).for_each(|p| check(EXACT_PENCE - p));
        (0..100).for_each(|p| check(123_456_789_012_345 - p * 1_000_003));
    }
}
