//! Messages for form fields: rules report what is wrong with which field, and pages
//! show each message beside its field.

/// Messages for form fields, keyed by field name: the page shows each beside its field.
/// The second list names fields that were too long, with their limit in characters:
/// the page shows what was typed cut to that limit.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(String, String)>, pub Vec<(String, usize)>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// One error on one field.
    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Adds a message for a field.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_owned(), message.into()));
    }

    /// A value over its limit of `max` characters: the message names the limit, and
    /// the page keeps the first `max` characters of what was typed.
    pub fn too_long(&mut self, field: &str, what: &str, max: usize, typed: &str) {
        let count = typed.chars().count();
        self.add(field, crate::domain::text::too_long(what, max, count));
        self.1.push((field.to_owned(), max));
    }

    /// Checks a value's length: `Ok` when it fits, otherwise a [`FieldErrors::too_long`]
    /// message and false.
    pub fn check_length(&mut self, field: &str, what: &str, max: usize, typed: &str) -> bool {
        if typed.chars().count() > max {
            self.too_long(field, what, max, typed);
            false
        } else {
            true
        }
    }

    /// The limit of a field that was too long.
    pub fn limit_of(&self, field: &str) -> Option<usize> {
        self.1.iter().find(|(f, _)| f == field).map(|(_, max)| *max)
    }

    /// These errors, then `later`'s: a field shows the first of its messages.
    pub fn merged(mut self, later: FieldErrors) -> FieldErrors {
        self.0.extend(later.0);
        self.1.extend(later.1);
        self
    }

    /// True when nothing was wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when empty, otherwise the errors (which `?` turns into an
    /// invalid-input error).
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl From<validator::ValidationErrors> for FieldErrors {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut out = FieldErrors::new();
        let mut fields: Vec<_> = errors.field_errors().into_iter().collect();
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        for (field, list) in fields {
            for error in list {
                let message = error
                    .message
                    .as_ref()
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| format!("Check the {}", field.replace('_', " ")));
                out.add(&field, message);
            }
        }
        out
    }
}
