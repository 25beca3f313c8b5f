//! `docs/offers-format.md` documents the format by a complete example: the
//! example must be a valid catalogue, and `reflect validate` must say so.

use std::path::Path;
use std::process::Command;

use reflect::format::offers::validate_catalogue;

fn example() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/offers-format.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (_, after) = doc
        .split_once("\n## A complete example")
        .expect("the doc has a complete example section");
    let (_, block) = after.split_once("```ron\n").expect("a ```ron block");
    let (block, _) = block.split_once("\n```").expect("the block is closed");
    block.to_owned()
}

#[test]
fn the_documented_example_is_a_valid_catalogue() {
    let frameworks = reflect::format::framework::all().unwrap();
    let catalogue = validate_catalogue(&example(), &frameworks)
        .unwrap_or_else(|problems| panic!("{problems:?}"));
    assert_eq!(catalogue.offers.len(), 2);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ours.ron");
    std::fs::write(&file, example()).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("validate")
        .arg(&file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "valid: 2 offers\n");
}

#[test]
fn a_bad_catalogue_is_named_with_path_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ours.ron");
    std::fs::write(
        &file,
        example().replace("\"sl.innovation\"", "\"sl.innovate\""),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("validate")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let said = String::from_utf8_lossy(&o.stderr).into_owned();
    let line = example()
        .lines()
        .position(|l| l.contains("sl.innovation"))
        .unwrap()
        + 1;
    assert!(
        said.starts_with(&format!("{}:{line}:", file.display()))
            && said.contains("\"sl.innovate\" is not a theme of senior-leadership"),
        "{said}"
    );
}
