//! The application list as a CSV file, for officers who work in a spreadsheet.

use std::borrow::Cow;

use chrono_tz::Tz;

use crate::error::AppError;
use crate::services::screening::list::ListRow;

/// Excel reads a file as UTF-8 only when it starts with a byte order mark; other
/// tools (and the `csv` crate) skip it.
const BOM: &[u8] = b"\xEF\xBB\xBF";

const HEADER: [&str; 7] = [
    "Reference",
    "Organisation",
    "Title",
    "Requested (GBP)",
    "Wards",
    "Status",
    "Submitted",
];

/// Applicants write titles and names, and a spreadsheet runs a cell that starts
/// like a formula: such cells get a leading apostrophe, which shows as text.
fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Pence as pounds with two decimals and no symbol or separators: `1234.50`.
fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    format!("{sign}{}.{:02}", pence / 100, pence % 100)
}

fn write_error(error: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("writing the CSV: {error}"))
}

/// The rows as CSV: a header row, then one line per application, in UTF-8.
pub fn csv(rows: &[ListRow], tz: Tz) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(BOM.to_vec());
    writer.write_record(HEADER).map_err(write_error)?;
    for row in rows {
        let submitted = row
            .submitted_at
            .map(|at| at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let wards = row.wards.join("; ");
        writer
            .write_record([
                cell(&row.reference).as_ref(),
                cell(&row.organisation).as_ref(),
                cell(&row.title).as_ref(),
                pounds(row.requested_pence).as_str(),
                cell(&wards).as_ref(),
                row.status.label(),
                submitted.as_str(),
            ])
            .map_err(write_error)?;
    }
    writer.into_inner().map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::application::Status;

    #[test]
    fn amounts_are_pounds_with_two_decimals() {
        assert_eq!(pounds(123_456), "1234.56");
        assert_eq!(pounds(5), "0.05");
        assert_eq!(pounds(200_000), "2000.00");
    }

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_kept_as_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Café \"Côte\""), "Café \"Côte\"");
    }

    #[test]
    fn the_file_starts_with_a_byte_order_mark_and_quotes_what_needs_it() {
        let row = ListRow {
            id: 1,
            reference: "DCF-2026-0001".into(),
            organisation: "Friends, of the Park".into(),
            title: "Say \"hello\"".into(),
            requested_pence: 150_050,
            wards: vec!["Brookside".into(), "Dunmore".into()],
            status: Status::Submitted,
            submitted_at: None,
        };
        let bytes = csv(&[row], chrono_tz::Europe::London).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("Reference,Organisation,Title,Requested (GBP),Wards,Status,Submitted")
        );
        assert_eq!(
            lines.next(),
            Some(
                "DCF-2026-0001,\"Friends, of the Park\",\"Say \"\"hello\"\"\",1500.50,Brookside; Dunmore,Submitted,"
            )
        );
    }
}
