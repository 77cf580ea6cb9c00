//! The application list as a CSV file, for officers who work in a spreadsheet.

use chrono_tz::Tz;

use crate::domain::application::StatusRules;
use crate::error::AppError;
use crate::format::spreadsheet::{cell, pounds, writer};
use crate::services::screening::list::ListRow;

const HEADER: [&str; 7] = [
    "Reference",
    "Organisation",
    "Title",
    "Requested (GBP)",
    "Wards",
    "Status",
    "Submitted",
];

/// The rows as CSV: a header row, then one line per application, in UTF-8.
pub fn csv(rows: &[ListRow], tz: Tz) -> Result<Vec<u8>, AppError> {
    let mut writer = writer();
    writer.write_record(HEADER).map_err(AppError::csv)?;
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
            .map_err(AppError::csv)?;
    }
    writer.into_inner().map_err(AppError::csv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::application::Status;
    use crate::format::spreadsheet::BOM;

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
