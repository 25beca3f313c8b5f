//! `docs/framework-format.md` documents the format by a complete example:
//! the example must be a valid framework, and must show a rename.

use std::path::Path;

use reflect::format::framework::validate;
use reflect::model::Framework;
use reflect::store::parse_ron;

fn doc() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/framework-format.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every ```ron block of the markdown, in order.
fn ron_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_start() == "```ron" => current = Some(String::new()),
            None => {}
            Some(_) if line.trim_start() == "```" => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    assert!(current.is_none(), "a ```ron block is not closed");
    blocks
}

/// The block under "## A complete example".
fn example() -> String {
    let doc = doc();
    let (_, after) = doc
        .split_once("\n## A complete example")
        .expect("the doc has a complete example section");
    let blocks = ron_blocks(after);
    assert_eq!(blocks.len(), 1, "one ```ron block in the example section");
    blocks.into_iter().next().unwrap()
}

#[test]
fn the_example_is_valid() {
    let text = example();
    assert_eq!(validate(&text), [], "the documented example has problems");
    let fw: Framework = parse_ron(&text).expect("the example parses");
    assert!(!fw.themes.is_empty());
    // The doc quotes what `reflect validate` says of it.
    let line = format!(
        "`valid: {} themes, {} standards`",
        fw.themes.len(),
        fw.standard_count()
    );
    assert!(doc().contains(&line), "the doc should quote {line}");
}

#[test]
fn the_example_shows_a_rename_and_both_kinds_of_standard() {
    let fw: Framework = parse_ron(&example()).unwrap();
    assert!(!fw.renames.is_empty(), "the example declares a rename");
    for (old, new) in &fw.renames {
        assert!(fw.standard(old).is_none(), "{old} is renamed away");
        assert!(fw.standard(new).is_some(), "{new} exists");
    }
    let standards: Vec<_> = fw.standards().map(|(_, s)| s).collect();
    assert!(standards.iter().any(|s| s.stage.is_some()));
    assert!(standards.iter().any(|s| s.stage.is_none()));
}

#[test]
fn every_ron_snippet_in_the_doc_is_well_formed() {
    // The snippets are fragments (`name: value,`): wrapped in a struct, they parse as RON.
    for block in ron_blocks(&doc()) {
        let wrapped = if block.trim_start().starts_with("//") || block.trim_start().starts_with('(')
        {
            block.clone()
        } else {
            format!("({block})")
        };
        parse_ron::<ron::Value>(&wrapped).unwrap_or_else(|e| panic!("{e}\n{wrapped}"));
    }
}

#[test]
fn the_bundled_frameworks_are_valid() {
    for (name, text) in reflect::format::framework::SOURCES {
        assert_eq!(validate(text), [], "data/frameworks/{name}");
    }
}
