//! Moving an item one place up or down a list kept in order by a `position` column.

/// Which way an item moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

impl Direction {
    /// Reads `up` or `down`, as the move buttons send them.
    pub fn parse(text: &str) -> Option<Direction> {
        match text.trim() {
            "up" => Some(Direction::Up),
            "down" => Some(Direction::Down),
            _ => None,
        }
    }

    /// The direction as a word.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }
}

/// The positions to write so that `id` moves one place. `siblings` are
/// `(id, position)` in the order the list shows them. The whole list is renumbered
/// from 1, so gaps and ties left by earlier data heal as a side effect; only the
/// rows whose position changes are returned. `None` when `id` is not in the list
/// or is already at that end of it.
pub fn move_one(siblings: &[(i32, i32)], id: i32, direction: Direction) -> Option<Vec<(i32, i32)>> {
    let at = siblings.iter().position(|(sibling, _)| *sibling == id)?;
    let to = match direction {
        Direction::Up => at.checked_sub(1)?,
        Direction::Down => Some(at + 1).filter(|to| *to < siblings.len())?,
    };
    let mut order: Vec<(i32, i32)> = siblings.to_vec();
    order.swap(at, to);
    Some(
        order
            .into_iter()
            .zip(1..)
            .filter(|((_, old), new)| old != new)
            .map(|((id, _), new)| (id, new))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_up_swaps_with_the_item_above() {
        let list = [(10, 1), (20, 2), (30, 3)];
        assert_eq!(
            move_one(&list, 20, Direction::Up),
            Some(vec![(20, 1), (10, 2)])
        );
        assert_eq!(
            move_one(&list, 20, Direction::Down),
            Some(vec![(30, 2), (20, 3)])
        );
    }

    #[test]
    fn the_ends_of_the_list_do_not_move_further() {
        let list = [(10, 1), (20, 2)];
        assert_eq!(move_one(&list, 10, Direction::Up), None);
        assert_eq!(move_one(&list, 20, Direction::Down), None);
        assert_eq!(move_one(&list, 99, Direction::Up), None);
    }

    #[test]
    fn gaps_and_ties_are_renumbered_while_moving() {
        let list = [(10, 4), (20, 4), (30, 9)];
        assert_eq!(
            move_one(&list, 30, Direction::Up),
            Some(vec![(10, 1), (30, 2), (20, 3)])
        );
    }

    #[test]
    fn directions_are_read_from_the_buttons() {
        assert_eq!(Direction::parse("up"), Some(Direction::Up));
        assert_eq!(Direction::parse("down"), Some(Direction::Down));
        assert_eq!(Direction::parse("sideways"), None);
    }
}
