//! Database work and rules, one module per area. Services take a connection or a
//! transaction and return [`crate::error::AppError`]; they know nothing of HTTP.

pub mod after_award;
pub mod applications;
pub mod audit;
pub mod deal;
pub mod decisions;
pub mod funds;
pub mod invitations;
pub mod link_token;
pub mod moderation;
pub mod notify;
pub mod ordered;
pub mod organisations;
pub mod outcomes;
pub mod panel;
pub mod password_reset;
pub mod payments;
pub mod publishing;
pub mod registration;
pub mod reports;
pub mod rounds;
pub mod screening;
pub mod sessions;
pub mod settings;
pub mod two_factor;
pub mod users;
pub mod wards;
pub mod write;

use crate::domain::pagination::SortDir;

/// A list's direction as SQL sorts it.
impl From<SortDir> for sea_orm::Order {
    fn from(dir: SortDir) -> Self {
        match dir {
            SortDir::Asc => sea_orm::Order::Asc,
            SortDir::Desc => sea_orm::Order::Desc,
        }
    }
}

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

/// `SUM(column)` as a 64-bit integer on every database (PostgreSQL sums BIGINT to NUMERIC).
pub fn sum_i64<C: sea_orm::sea_query::IntoColumnRef>(column: C) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Alias, Expr, Func};
    Func::cast_as(Func::sum(Expr::col(column)), Alias::new("BIGINT")).into()
}
