//! What every CSV download shares: a byte order mark so that Excel reads UTF-8,
//! amounts in plain pounds, and a guard against cells a spreadsheet would run.

use std::borrow::Cow;

/// Excel reads a file as UTF-8 only when it starts with a byte order mark; other
/// tools (and the `csv` crate) skip it.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A writer into memory that starts with the byte order mark.
pub fn writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(BOM.to_vec())
}

/// Text people typed: a spreadsheet runs a cell that starts like a formula, so
/// such cells get a leading apostrophe, which shows as text.
pub fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Pence as pounds with two decimals and no symbol or separators: `1234.50`.
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    format!("{sign}{}.{:02}", pence / 100, pence % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_made_text_and_amounts_are_plain_pounds() {
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(cell("Café \"Côte\""), "Café \"Côte\"");
        assert_eq!(pounds(123_450), "1234.50");
        assert_eq!(pounds(-5), "-0.05");
    }
}
