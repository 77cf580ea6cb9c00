//! How the page templates are compiled.
//!
//! Handlebars indents everything a partial writes by the indentation of the line that
//! calls it, values included. Inside a `<textarea>` that puts spaces at the start of every
//! line after the first of what someone typed, and their next save keeps them: the text
//! grows with every round trip. It also costs time on big pages. So the templates are
//! compiled again with that indenting turned off; the option only takes effect as a
//! template is compiled, after Rocket has compiled them once.

use std::error::Error;
use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock};

use handlebars::Handlebars;
use serde::Serialize;

use crate::error::AppError;

/// The templates as compiled, for pages rendered to a string: the kept public pages and
/// the moderation board. Rocket's own rendering first copies the whole context into a
/// value of its own, which Handlebars then copies again into JSON; rendering here skips
/// the first copy (about a fifth of the moderation board's time, at 2,000 applications).
/// Kept up to date by the template fairing's callback, which runs again whenever
/// templates are reloaded.
#[derive(Clone, Default)]
pub struct Compiled(Arc<RwLock<Option<Arc<Handlebars<'static>>>>>);

impl Compiled {
    /// Keeps a copy of `hbs`, once it is fully set up.
    pub fn keep(&self, hbs: &Handlebars<'static>) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(hbs.clone()));
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String, AppError> {
        let hbs = self
            .0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| AppError::Internal("the templates are not compiled yet".into()))?;
        hbs.render(name, context)
            .map_err(|e| AppError::Internal(format!("the template {name} did not render: {e}")))
    }
}

/// Compiles every `.hbs` file under `dir` again, without indenting partials, under the
/// names Rocket gives them (`public/projects/list` for `public/projects/list.html.hbs`).
pub fn without_indenting(hbs: &mut Handlebars<'_>, dir: &Path) -> Result<(), Box<dyn Error>> {
    hbs.set_prevent_indent(true);
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let Some(name) = template_name(dir, &path) else {
                continue;
            };
            hbs.register_template_file(&name, &path)?;
        }
    }
    Ok(())
}

/// The name of the template at `path`: its path under `dir` without `.hbs` and without
/// the kind of file before it (`.html`, `.txt`); `None` for a file that is no template.
fn template_name(dir: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(dir).ok()?.to_str()?;
    let stem = relative.strip_suffix(".hbs")?;
    let file_start = stem.rfind('/').map_or(0, |i| i + 1);
    let name = match stem[file_start..].rfind('.') {
        Some(dot) => &stem[..file_start + dot],
        None => stem,
    };
    Some(name.replace(std::path::MAIN_SEPARATOR, "/"))
}

#[cfg(test)]
mod tests {
    use super::template_name;
    use std::path::Path;

    #[test]
    fn names_drop_the_engine_and_the_kind_of_file() {
        let dir = Path::new("templates");
        let name = |p: &str| template_name(dir, &dir.join(p));
        assert_eq!(
            name("public/projects/list.html.hbs").as_deref(),
            Some("public/projects/list")
        );
        assert_eq!(
            name("email/text/x.txt.hbs").as_deref(),
            Some("email/text/x")
        );
        assert_eq!(name("layouts/base.hbs").as_deref(), Some("layouts/base"));
        assert_eq!(name("README.md"), None);
    }
}
