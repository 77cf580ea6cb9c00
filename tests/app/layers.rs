//! The layers keep to the rules of docs/architecture.md: route files never query the
//! database themselves, the domain and formatting stay pure, services know nothing of
//! HTTP, notify is a leaf, and stored columns are enums and integers, not strings and
//! floats.

use std::fs;
use std::path::{Path, PathBuf};

/// What a route file may not name: entity queries, raw SQL, transactions, and the
/// SeaORM traits that make queries possible.
const FORBIDDEN: &[&str] = &[
    "::find(",
    "::find_by_id(",
    "find_related(",
    "find_also_related(",
    "find_with_related(",
    "query_all",
    "query_one",
    "Statement",
    "DatabaseTransaction",
    "TransactionTrait",
    "begin_write",
    ".transaction(",
    ".paginate(",
    ".exec(",
    "EntityTrait",
    "QueryFilter",
    "ColumnTrait",
    "QuerySelect",
    "QueryOrder",
    "PaginatorTrait",
    "ModelTrait",
    "ActiveModelTrait",
];

/// Every `.rs` file under `dir` (or `dir` itself, if it is a file), in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    if dir.is_file() {
        return vec![dir.to_path_buf()];
    }
    let mut found = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
    found
}

/// `file:line: text (names `pattern`)` for each name of the route check in `text`.
fn offences(file: &Path, text: &str) -> Vec<String> {
    offences_of(file, text, FORBIDDEN)
}

/// `file:line: text (names `pattern`)` for each of `forbidden` named in `text`.
fn offences_of(file: &Path, text: &str, forbidden: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        for pattern in forbidden {
            if line.contains(pattern) {
                found.push(format!(
                    "{}:{}: names `{pattern}`: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

#[test]
fn route_files_never_query_the_database() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let routes = root.join("src/routes");
    let files = rust_files(&routes);
    assert!(
        !files.is_empty(),
        "no route files under {}",
        routes.display()
    );

    let found: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let text = fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            offences(path.strip_prefix(root).unwrap_or(path), &text)
        })
        .collect();

    assert!(
        found.is_empty(),
        "route files must load what they show through a service, not query the database \
         themselves:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_route_check_names_the_file_and_line_of_a_query() {
    let found = offences(
        Path::new("src/routes/example.rs"),
        "use crate::services::wards;\nlet all = ward::Entity::find().all(db).await?;\n",
    );
    assert_eq!(
        found,
        vec![
            "src/routes/example.rs:2: names `::find(`: let all = ward::Entity::find().all(db).await?;"
        ]
    );
}

/// The lines of every `.rs` file under `dir` (relative to the repository) that name
/// one of `forbidden`, as `file:line: names `pattern`: text`, skipping `allowed` files.
fn naming_under(dir: &str, forbidden: &[&str], allowed: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join(dir));
    assert!(!files.is_empty(), "no files under {dir}");
    files
        .iter()
        .filter(|path| {
            let relative = path.strip_prefix(root).unwrap_or(path);
            !allowed.iter().any(|a| relative == Path::new(a))
        })
        .flat_map(|path| {
            let text = fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            offences_of(path.strip_prefix(root).unwrap_or(path), &text, forbidden)
        })
        .collect()
}

#[test]
fn the_domain_knows_neither_http_nor_the_database_nor_the_layers_above() {
    let found = naming_under(
        "src/domain",
        &[
            "rocket",
            "sea_orm",
            "crate::db",
            "crate::error",
            "crate::auth",
            "crate::services",
            "crate::routes",
            "crate::views",
            "crate::tools",
        ],
        &[],
    );
    assert!(
        found.is_empty(),
        "the domain is pure rules; move this to a service:\n{}",
        found.join("\n")
    );
}

#[test]
fn formatting_depends_on_nothing_of_the_app() {
    let found = naming_under("src/format", &["crate::"], &[]);
    assert!(
        found.is_empty(),
        "format is the bottom layer and may not import the app:\n{}",
        found.join("\n")
    );
}

#[test]
fn services_know_nothing_of_http_or_pages() {
    let found = naming_under(
        "src/services",
        &["rocket::", "crate::routes", "crate::views"],
        &[],
    );
    assert!(
        found.is_empty(),
        "services know nothing of HTTP, templates or page structs:\n{}",
        found.join("\n")
    );
}

/// The lines under `dir` that import a service other than those in `allowed`.
fn services_used_under(dir: &str, allowed: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    rust_files(&root.join(dir))
        .iter()
        .flat_map(|path| {
            let text = fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let file = path
                .strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string();
            text.lines()
                .enumerate()
                .filter(|(_, line)| {
                    line.split("crate::services::")
                        .skip(1)
                        .any(|used| !allowed.iter().any(|a| used.starts_with(a)))
                })
                .map(|(n, line)| format!("{file}:{}: {}", n + 1, line.trim()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn notify_uses_no_other_service_but_the_audit_log() {
    // The write context is the audit log's other half: a change and its event in
    // one transaction. It uses no service but the audit log.
    let found = services_used_under("src/services/notify", &["notify", "audit", "write"]);
    assert!(
        found.is_empty(),
        "notify is a leaf: any service may send a message, so it uses only the audit log and the write context:\n{}",
        found.join("\n")
    );
    let found = services_used_under("src/services/audit.rs", &["audit"]);
    assert!(
        found.is_empty(),
        "the audit log is a leaf:\n{}",
        found.join("\n")
    );
    let found = services_used_under("src/services/write.rs", &["audit", "write"]);
    assert!(
        found.is_empty(),
        "the write context uses no service but the audit log:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_stored_column_is_a_float() {
    let found = naming_under("entity/src", &["f32", "f64", "Decimal"], &[]);
    assert!(
        found.is_empty(),
        "money is whole pence in an i64, and counts are integers:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_status_or_kind_column_is_a_plain_string() {
    let found = naming_under(
        "entity/src",
        &[
            "status: String",
            "pub state: String",
            "kind: String",
            "category: String",
        ],
        // Kinds not yet turned into enums. A budget line's category is saved blank
        // while the line is a draft, and older free-text categories are shown as
        // they were typed, so it needs a decision before it becomes an enum.
        &["entity/src/budget_line.rs", "entity/src/outbox.rs"],
    );
    assert!(
        found.is_empty(),
        "statuses and kinds are active enums, so an unknown value fails in one place:\n{}",
        found.join("\n")
    );
}

/// The files that may take the writer's turn themselves, besides the write context.
/// Every write in services and tools records what it changed, so none does today; a
/// write that truly audits nothing (a system job) would be named here, with why.
const WRITES_WITHOUT_AUDIT: &[&str] = &[];

#[test]
fn writes_begin_only_through_the_write_context() {
    let mut allowed = vec!["src/services/write.rs"];
    allowed.extend(WRITES_WITHOUT_AUDIT);
    let mut found = naming_under("src/services", &["begin_write("], &allowed);
    found.extend(naming_under("src/tools", &["begin_write("], &allowed));
    assert!(
        found.is_empty(),
        "begin a change with services::write::Write, so it is audited in its own \
         transaction:\n{}",
        found.join("\n")
    );
}

#[test]
fn forms_are_read_only_through_the_cleaning_reader() {
    // `routes::form` cleans every value (control characters, the field ceiling) and
    // turns an oversized body into a page with a way back; Rocket's own `Form` and a
    // hand-read body would skip both.
    let found = naming_under(
        "src",
        &[
            "rocket::form::Form",
            "form::{Form",
            // A body taken by value (a route's data guard); fairings only borrow it
            // (the CSRF check peeks at the start of a body, to find the token).
            ": Data<'",
            "data.open(",
        ],
        &["src/routes/form.rs"],
    );
    assert!(
        found.is_empty(),
        "read forms with `crate::routes::form::{{Form, Fields}}`:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_kind_is_offered_and_named_as_it_is_stored() {
    use dealfund::domain::organisation::{KINDS, Kind, KindRules};
    use dealfund::domain::round::{QUESTION_KINDS, QuestionKind, QuestionKindRules};
    use dealfund::services::notify;
    use sea_orm::{ActiveEnum, Iterable};
    assert_eq!(
        KINDS.len(),
        Kind::iter().count(),
        "the form offers every kind"
    );
    for kind in Kind::iter() {
        assert_eq!(kind.to_value(), kind.as_str());
    }
    assert_eq!(QUESTION_KINDS.len(), QuestionKind::iter().count());
    for kind in QuestionKind::iter() {
        assert_eq!(kind.to_value(), kind.as_str());
    }
    for kind in notify::Kind::iter() {
        assert_eq!(kind.to_value(), kind.as_str());
    }
    assert_eq!(notify::ALL_STATES.len(), notify::State::iter().count());
    for state in notify::State::iter() {
        assert_eq!(state.to_value(), state.as_str());
        assert_eq!(notify::State::parse(state.as_str()), Some(state));
    }
}
