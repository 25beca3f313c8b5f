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
    ("ui", &["theme"]),
    (
        "app",
        &["format", "keys", "model", "report", "store", "theme", "ui"],
    ),
    ("tui", &["app", "report", "settings", "store"]),
    (
        "cli",
        &[
            "format", "keys", "model", "report", "settings", "store", "tui",
        ],
    ),
];

const MODULES: &[&str] = &[
    "model", "format", "store", "keys", "theme", "report", "settings", "ui", "app", "tui", "cli",
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

/// A screen is a folder (docs/architecture.md, "Screens"): its state and
/// view in mod.rs, its handler in update.rs, its drawing, and its keys in
/// a keys.ron that `modes!` lists; and it is registered once.
#[test]
fn every_screen_is_a_folder_with_its_state_handler_drawing_and_keys() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modes = std::fs::read_to_string(root.join("keys/mod.rs")).unwrap();
    let slots = std::fs::read_to_string(root.join("app/screens/mod.rs")).unwrap();
    let mut screens = Vec::new();
    for entry in std::fs::read_dir(root.join("app/screens")).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_dir() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let has = |file: &str| path.join(file).is_file();
        assert!(
            has("mod.rs") && has("update.rs"),
            "{name}: mod.rs and update.rs"
        );
        let rs = std::fs::read_dir(&path).unwrap().count();
        assert!(
            has("draw.rs") || rs > 4,
            "{name}: no drawing of its own (draw.rs)"
        );
        let view = std::fs::read_to_string(path.join("mod.rs")).unwrap();
        assert!(view.contains("impl View for "), "{name}: no `impl View`");
        let tables: Vec<String> = std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with("keys.ron"))
            .collect();
        assert!(!tables.is_empty(), "{name}: no keys.ron");
        for table in tables {
            assert!(
                modes.contains(&format!("\"../app/screens/{name}/{table}\"")),
                "{name}/{table} is not listed in modes! (src/keys/mod.rs)"
            );
        }
        // Registered in a slot (one line), or one of the fixed slots.
        let registered = slots.contains(&format!("({name}: "))
            || ["start", "editor", "cohort"].contains(&name.as_str());
        assert!(registered, "{name} is in no slot! list");
        screens.push(name);
    }
    assert!(screens.len() >= 8, "{screens:?}");
}
