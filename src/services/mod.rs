//! Database work and rules, one module per area. Services take a connection or a
//! transaction and return [`crate::error::AppError`]; they know nothing of HTTP.

pub mod audit;
pub mod demo;
pub mod settings;
pub mod users;

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
