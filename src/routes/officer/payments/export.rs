//! Payments due as a CSV file for the finance team. It follows the application
//! list's export (`officer/applications/export.rs`): a byte order mark, amounts
//! in pounds without symbols, and a guard against cells a spreadsheet would run.

use chrono::NaiveDate;

use crate::error::AppError;
use crate::format::spreadsheet::{cell, pounds, writer};
use crate::services::payments::due::DueRow;

const HEADER: [&str; 8] = [
    "Organisation",
    "Application reference",
    "Award ID",
    "Payment",
    "Award (GBP)",
    "Amount (GBP)",
    "Due date",
    "Status",
];

/// The rows as CSV, in UTF-8, with dates as `YYYY-MM-DD`.
pub fn csv(rows: &[DueRow], today: NaiveDate) -> Result<Vec<u8>, AppError> {
    let mut writer = writer();
    writer.write_record(HEADER).map_err(AppError::csv)?;
    for row in rows {
        let reference = row.reference.clone().unwrap_or_default();
        writer
            .write_record([
                cell(&row.organisation).as_ref(),
                cell(&reference).as_ref(),
                row.award_id.to_string().as_str(),
                row.position.to_string().as_str(),
                pounds(row.award_pence).as_str(),
                pounds(row.amount_pence).as_str(),
                row.due_date.format("%Y-%m-%d").to_string().as_str(),
                if row.overdue(today) { "Overdue" } else { "Due" },
            ])
            .map_err(AppError::csv)?;
    }
    writer.into_inner().map_err(AppError::csv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::spreadsheet::BOM;

    #[test]
    fn rows_are_quoted_guarded_and_marked_overdue() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let row = DueRow {
            tranche_id: 7,
            award_id: 3,
            position: 2,
            due_date: NaiveDate::from_ymd_opt(2026, 4, 30).unwrap(),
            amount_pence: 250_001,
            award_pence: 1_000_001,
            organisation: "=Friends, of \"the\" Park".into(),
            reference: Some("SG-2025-0001".into()),
        };
        let bytes = csv(&[row], today).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "\"'=Friends, of \"\"the\"\" Park\",SG-2025-0001,3,2,10000.01,2500.01,2026-04-30,Overdue"
        );
    }
}
