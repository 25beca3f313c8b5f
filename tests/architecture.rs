//! The layers of docs/architecture.md, enforced: each module of `src/`
//! imports only the modules its layer may, so there are no circles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which of our modules each may use (`crate::NAME`), from the map in
/// docs/architecture.md. Test code counts too.
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("format", &["model"]),
    ("store", &["format", "model"]),
    ("keys", &["format"]),
    ("theme", &["format"]),
    ("report", &["model"]),
    ("settings", &["keys", "store", "theme"]),
    ("app", &["format", "keys", "model", "store", "theme"]),
    ("ui", &["app", "keys", "model", "theme"]),
    ("tui", &["app", "report", "settings", "store"]),
    (
        "cli",
        &[
            "format", "keys", "model", "report", "settings", "store", "tui",
        ],
    ),
];

const MODULES: &[&str] = &[
    "model", "format", "store", "keys", "theme", "report", "settings", "app", "ui", "tui", "cli",
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The modules of ours a module's code names (`crate::x`, outside comments).
fn uses(module: &str) -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join(module), &mut files);
    rust_files(&src.join(format!("{module}.rs")), &mut files);
    assert!(!files.is_empty(), "no source for {module}");
    let mut found = BTreeSet::new();
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            let code = line.split("//").next().unwrap_or("");
            for (at, _) in code.match_indices("crate::") {
                let name: String = code[at + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name != module && MODULES.contains(&name.as_str()) {
                    found.insert(name);
                }
            }
        }
    }
    found
}

#[test]
fn each_module_imports_only_what_its_layer_may() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for module in MODULES {
        for used in uses(module) {
            if !allowed[module].contains(&used.as_str()) {
                wrong.push(format!("{module} -> {used}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against docs/architecture.md: {wrong:?}"
    );
}

/// The allowed edges themselves have no circle (a module before all it
/// may use, in some order).
#[test]
fn the_layers_have_no_circle() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut placed: Vec<&str> = Vec::new();
    while placed.len() < MODULES.len() {
        let next = MODULES
            .iter()
            .find(|m| !placed.contains(m) && allowed[*m].iter().all(|d| placed.contains(d)));
        match next {
            Some(m) => placed.push(m),
            None => panic!(
                "a circle among {:?}",
                MODULES
                    .iter()
                    .filter(|m| !placed.contains(m))
                    .collect::<Vec<_>>()
            ),
        }
    }
}

/// The map in the docs names the same layers.
#[test]
fn the_architecture_doc_lists_every_layer() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    for (module, deps) in ALLOWED {
        let line = format!("| `{module}` |");
        let row = doc
            .lines()
            .find(|l| l.starts_with(&line))
            .unwrap_or_else(|| panic!("docs/architecture.md has no row for {module}"));
        for dep in *deps {
            assert!(
                row.contains(&format!("`{dep}`")),
                "{module} row lacks {dep}: {row}"
            );
        }
    }
}
