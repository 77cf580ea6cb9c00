//! The move up and move down buttons that officers' ordered lists share.

use rocket::form::FromForm;
use serde::Serialize;

use crate::domain::ordering::Direction;
use crate::error::AppError;

/// What a move button sends.
#[derive(FromForm)]
pub struct MoveForm {
    pub direction: String,
}

impl MoveForm {
    /// The direction, or 400 for anything a move button cannot send.
    pub fn direction(&self) -> Result<Direction, AppError> {
        Direction::parse(&self.direction)
            .ok_or_else(|| AppError::BadRequest("move up or down".into()))
    }
}

/// The move buttons of one item in a list, as `partials/move_buttons` shows them.
#[derive(Debug, Clone, Serialize)]
pub struct MoveButtons {
    /// Where the buttons post.
    pub url: String,
    /// Names the item for screen readers, since every row has the same buttons.
    pub label: String,
    pub up: bool,
    pub down: bool,
    /// False when the list has one item: no buttons at all.
    pub any: bool,
}

impl MoveButtons {
    /// The buttons of the item at `index` in a list of `len`.
    pub fn new(url: String, label: String, index: usize, len: usize) -> Self {
        let up = index > 0;
        let down = index + 1 < len;
        MoveButtons {
            url,
            label,
            up,
            down,
            any: up || down,
        }
    }
}

/// The flash message after a move: `what` moved, or was already at that end.
pub fn moved_message(what: &str, direction: Direction, moved: bool) -> String {
    match (moved, direction) {
        (true, Direction::Up) => format!("Moved {what} up"),
        (true, Direction::Down) => format!("Moved {what} down"),
        (false, Direction::Up) => format!("Nothing moved: {what} is already first"),
        (false, Direction::Down) => format!("Nothing moved: {what} is already last"),
    }
}
