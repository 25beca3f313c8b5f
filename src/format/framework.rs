//! Checking a framework file: every problem, each with the line and column
//! it is at, so `reflect validate FILE` can print `PATH:LINE:COL: message`.
//!
//! Two passes. The text is parsed as a [`Framework`] (a syntax or shape
//! error stops there: it is the one problem reported). A parsed framework
//! is then checked for what serde cannot see
//! ([`crate::model::validate::check`]); only when there are problems is the
//! text scanned, token by token, to turn their paths into positions, so a
//! valid file costs one parse.
//!
//! Also the frameworks compiled into the binary, so reflect runs with no
//! files beside it.

use crate::model::Framework;
use crate::model::validate::check;

use super::Problem;
use super::outline::locate;

/// Every problem in a framework file's text, in the order they appear;
/// empty when the framework is valid.
pub fn validate(text: &str) -> Vec<Problem> {
    match parse_framework(text) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}

/// Parse and check a framework file: the framework when it is valid, else
/// every problem found (never an empty list).
pub fn parse_framework(text: &str) -> Result<Framework, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let framework = super::parse_ron::<Framework>(text).map_err(|at| {
        vec![Problem {
            line: at.line,
            col: at.col,
            message: at.message,
        }]
    })?;
    let issues = check(&framework);
    if issues.is_empty() {
        return Ok(framework);
    }
    Err(locate(text, issues))
}

/// (file name, RON text) of every bundled framework, in the order the start screen lists them.
pub const SOURCES: &[(&str, &str)] = &[
    (
        "senior-leadership.ron",
        include_str!("../../data/frameworks/senior-leadership.ron"),
    ),
    (
        "chief-executives.ron",
        include_str!("../../data/frameworks/chief-executives.ron"),
    ),
];

/// Parse every bundled framework. The bundled files are tested, so a failure
/// here is a build defect, reported rather than hidden.
pub fn all() -> anyhow::Result<Vec<Framework>> {
    SOURCES
        .iter()
        .map(|(name, text)| {
            super::parse_ron::<Framework>(text)
                .map_err(|e| anyhow::anyhow!("data/frameworks/{name}:{e}"))
        })
        .collect()
}

/// One bundled framework by id, parsing only that one.
pub fn by_id(id: &str) -> anyhow::Result<Option<Framework>> {
    for (name, text) in SOURCES {
        if name.trim_end_matches(".ron") == id {
            return super::parse_ron::<Framework>(text)
                .map(Some)
                .map_err(|e| anyhow::anyhow!("data/frameworks/{name}:{e}"));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::outline::scan_id;
    use crate::model::validate::{Seg, issue};

    const GOOD: &str = r#"(
  id: "tiny",
  title: "Tiny",
  version: "1",
  source: (publisher: "Us", note: "Ours."),
  stages: [(id: "k", name: "Knowledge", description: "")],
  scale: (
    levels: [(value: 1, label: "One", descriptor: ""), (value: 2, label: "Two", descriptor: "")],
    not_applicable: "n/a",
  ),
  themes: [
    (id: "t", title: "T", definition: "D.", standards: [(id: "s", text: "S.", origin: Prompt)]),
  ],
)
"#;

    fn col(line: &str, needle: &str) -> usize {
        line[..line.find(needle).unwrap()].chars().count() + 1
    }

    #[test]
    fn a_good_framework_has_no_problems() {
        assert_eq!(validate(GOOD), []);
        assert!(parse_framework(GOOD).is_ok());
    }

    #[test]
    fn every_bundled_framework_is_valid() {
        for (name, text) in SOURCES {
            assert_eq!(validate(text), [], "{name}");
            assert_eq!(
                scan_id(text).as_deref(),
                Some(name.trim_end_matches(".ron"))
            );
        }
    }

    #[test]
    fn a_syntax_error_is_the_one_problem() {
        let text = GOOD.replace("  title: \"Tiny\",", "  title: \"Tiny\"");
        let problems = validate(&text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 4);
    }

    #[test]
    fn a_quoted_id_inside_a_string_does_not_fool_the_positions() {
        // The title holds `id: "t"` and a comment holds another; the
        // duplicate is the standard on the last themes line.
        let text = GOOD
            .replace(
                "title: \"T\"",
                "title: \"the \\\"id: \\\"t\\\"\\\" theme\" /* id: \"t\" */",
            )
            .replace("(id: \"s\", text", "(id: \"t\", text");
        let problems = validate(&text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let line = text.lines().nth(11).unwrap();
        assert_eq!(problems[0].line, 12);
        assert_eq!(problems[0].col, col(line, "\"t\", text"));
        assert_eq!(
            problems[0].message,
            format!(
                "duplicate id \"t\" (first at 12:{})",
                col(line, "\"t\", title")
            )
        );
    }

    #[test]
    fn positions_fall_back_to_the_nearest_place_found() {
        let issues = vec![
            issue(
                vec![Seg::Field("themes"), Seg::Index(9), Seg::Field("id")],
                "x".into(),
            ),
            issue(vec![Seg::Field("nope")], "y".into()),
        ];
        let problems = locate(GOOD, issues);
        assert_eq!((problems[0].line, problems[0].col), (1, 1));
        assert_eq!((problems[1].line, problems[1].col), (11, 11));
        // Text this reader cannot follow: 1:1, never a panic.
        let problems = locate(
            "(id: \"x\" ¤",
            vec![issue(vec![Seg::Field("id")], "z".into())],
        );
        assert_eq!((problems[0].line, problems[0].col), (1, 1));
    }

    #[test]
    fn scan_id_reads_the_top_level_id_only() {
        assert_eq!(scan_id(GOOD).as_deref(), Some("tiny"));
        let text = "#![enable(implicit_some)]\n// id: \"no\"\nFramework(\n  source: (id: \"no\"),\n  title: \"id: \\\"no\\\"\",\n  r#id: r#\"yes\"#,\n)";
        assert_eq!(scan_id(text).as_deref(), Some("yes"));
        assert_eq!(scan_id("(title: \"x\")"), None);
        assert_eq!(scan_id("(id: \"x"), None);
        assert_eq!(scan_id("\u{feff}(id: \"bom\")").as_deref(), Some("bom"));
        assert_eq!(scan_id(""), None);
    }

    #[test]
    fn rename_chains_and_circles() {
        let mut fw = parse_framework(GOOD).unwrap();
        fw.renames.insert("a".into(), "b".into());
        fw.renames.insert("b".into(), "s".into());
        assert!(check(&fw).is_empty());
        fw.renames.insert("c".into(), "d".into());
        fw.renames.insert("d".into(), "c".into());
        fw.renames.insert("e".into(), "f".into());
        fw.renames.insert("g".into(), "a".into());
        fw.renames.insert("h".into(), "e".into());
        let messages: Vec<String> = check(&fw).into_iter().map(|i| i.message).collect();
        assert_eq!(
            messages,
            [
                "rename \"c\" -> \"d\": the renames go round in a circle",
                "rename \"d\" -> \"c\": the renames go round in a circle",
                "rename \"e\" -> \"f\": no standard has the id \"f\"",
                "rename \"h\" -> \"e\": the renames lead to \"f\", and no standard has that id",
            ]
        );
    }
}
