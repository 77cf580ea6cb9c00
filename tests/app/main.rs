//! Integration tests: the real app, through Rocket's local client, on a real database.
//! One test binary, so the app is linked once.

mod support;

mod accounts;
mod admin;
mod api_methods;
mod applications;
mod backup;
mod cli;
mod date_windows;
mod deal;
mod decisions;
mod funds;
mod invitations;
mod kill_mid_rush;
mod layers;
mod limits;
mod notify;
mod officer_pages;
mod organisations;
mod outcomes_wards;
mod panel;
mod payments;
mod publishing;
mod removals;
mod reports;
mod rounds;
mod screening;
mod security;
mod sessions;
mod settings;
mod several_servers;
mod sign_in;
mod two_factor;
