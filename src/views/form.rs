//! A form as a page shows it: each field's value as typed and its error.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::fields::FieldErrors;
use crate::domain::text::keep_chars;

/// One field: what was typed, and what is wrong with it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldView {
    pub value: String,
    pub error: Option<String>,
}

/// One line of the error summary, linking to its field.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryItem {
    pub field: String,
    pub message: String,
}

/// Every field of a form, by name, and the error summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FormView {
    pub fields: BTreeMap<String, FieldView>,
    pub errors: Vec<SummaryItem>,
}

impl FormView {
    /// A blank form with these fields.
    pub fn new(names: &[&str]) -> Self {
        let fields = names
            .iter()
            .map(|n| ((*n).to_owned(), FieldView::default()))
            .collect();
        Self {
            fields,
            errors: Vec::new(),
        }
    }

    /// Sets what a field holds.
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.fields.entry(name.to_owned()).or_default().value = value.into();
        self
    }

    /// Adds an error; the first error of a field is the one shown beside it.
    pub fn add_error(&mut self, name: &str, message: &str) {
        let field = self.fields.entry(name.to_owned()).or_default();
        if field.error.is_none() {
            field.error = Some(message.to_owned());
            self.errors.push(SummaryItem {
                field: name.to_owned(),
                message: message.to_owned(),
            });
        }
    }

    /// Adds every error of a failed check. A value that was too long is shown cut to
    /// its limit, so that what fits is kept and saving it again works.
    pub fn with_errors(mut self, errors: &FieldErrors) -> Self {
        for (name, message) in &errors.0 {
            self.add_error(name, message);
        }
        for (name, max) in &errors.1 {
            if let Some(field) = self.fields.get_mut(name) {
                field.value = keep_chars(&field.value, *max).to_owned();
            }
        }
        self
    }

    /// True when any field has an error.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_error_of_a_field_is_shown_and_values_are_kept() {
        let mut errors = FieldErrors::new();
        errors.add("email", "Enter your email address");
        errors.add("email", "Second complaint");
        let form = FormView::new(&["email"])
            .with("email", "typed")
            .with_errors(&errors);
        assert_eq!(form.fields["email"].value, "typed");
        assert_eq!(
            form.fields["email"].error.as_deref(),
            Some("Enter your email address")
        );
        assert_eq!(form.errors.len(), 1);
    }
}
