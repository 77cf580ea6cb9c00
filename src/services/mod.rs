//! Database work and rules, one module per area. Services take a connection or a
//! transaction and return [`crate::error::AppError`]; they know nothing of HTTP.

pub mod audit;
pub mod deal;
pub mod demo;
pub mod editing;
pub mod funds;
pub mod outcomes;
pub mod rounds;
pub mod settings;
pub mod users;
pub mod wards;

/// Escapes `%`, `_` and `\` so that a search term matches itself in `LIKE`.
pub fn like_pattern(term: &str) -> String {
    let mut out = String::from("%");
    for c in term.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}
