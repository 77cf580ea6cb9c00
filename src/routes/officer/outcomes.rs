//! (to be written)

use rocket::Route;

/// This area's routes.
pub fn routes() -> Vec<Route> {
    Vec::new()
}
