//! The fixed list of budget categories.

/// Budget categories: stored value and label.
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

/// The label of a stored category.
pub fn category_label(value: &str) -> &'static str {
    BUDGET_CATEGORIES
        .iter()
        .find(|(v, _)| *v == value)
        .map_or("Not chosen", |(_, label)| label)
}
