//! The fixed list of budget categories. Fixed, not typed freely, so that spending
//! can be added up across applications and rounds.

/// Every budget category: the stored value, and the words shown for it.
pub const BUDGET_CATEGORIES: &[(&str, &str)] = &[
    ("staff", "Staff costs"),
    ("volunteer_expenses", "Volunteer expenses"),
    ("equipment", "Equipment"),
    ("venue", "Venue hire"),
    ("materials", "Materials and supplies"),
    ("transport", "Transport"),
    ("publicity", "Publicity"),
    ("training", "Training"),
    ("other", "Other"),
];

/// True when `value` is one of the stored categories.
pub fn is_category(value: &str) -> bool {
    BUDGET_CATEGORIES.iter().any(|(v, _)| *v == value)
}

/// The words for a stored category; an unknown value (from older data) shows as itself.
pub fn category_label(value: &str) -> &str {
    BUDGET_CATEGORIES
        .iter()
        .find(|(v, _)| *v == value)
        .map_or(value, |(_, label)| label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_categories_read_as_words_and_unknown_ones_as_themselves() {
        assert_eq!(category_label("venue"), "Venue hire");
        assert_eq!(category_label("volunteer_expenses"), "Volunteer expenses");
        assert_eq!(category_label("catering"), "catering");
        assert!(is_category("staff"));
        assert!(!is_category("Staff costs"));
    }

    #[test]
    fn every_category_is_stored_in_snake_case_and_listed_once() {
        for (i, (value, label)) in BUDGET_CATEGORIES.iter().enumerate() {
            assert!(
                value.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{value}"
            );
            assert!(!label.is_empty());
            assert!(
                BUDGET_CATEGORIES[i + 1..].iter().all(|(v, _)| v != value),
                "{value} twice"
            );
        }
    }
}
