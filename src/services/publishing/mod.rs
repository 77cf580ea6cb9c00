//! What the public may see: funded projects, what they achieved, and the figures over
//! them. Nothing personal leaves through here: no people's names, emails or phone numbers,
//! no report values an officer has not accepted, no case study that is not published, and
//! no application that was not awarded and accepted.

pub mod cache;
pub mod choices;
pub mod giving360;
pub mod grants;
pub mod impact;
pub mod publications;
pub mod query;
