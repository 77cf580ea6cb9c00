//! The layers keep to their rules: route files never query the database themselves,
//! they call a service for what a page shows.

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

/// Every `.rs` file under `dir`, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
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

/// `file:line: text (names `pattern`)` for each forbidden name in `text`.
fn offences(file: &Path, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        for pattern in FORBIDDEN {
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
