//! CSV export: one row per (standard, stage) pair the framework defines,
//! rated or not, in framework order.
//!
//! RFC 4180: a header row, CRLF after every row, a field quoted when it
//! holds a comma, a double quote, CR or LF, and quotes inside doubled.
//! Nothing else is changed: spaces, tabs and multi-line notes come through
//! exactly as written.

use crate::model::{Framework, Rating, Review};

/// The header row's fields, in order.
pub const COLUMNS: [&str; 9] = [
    "framework",
    "theme",
    "stage",
    "standard_id",
    "standard",
    "origin",
    "level",
    "label",
    "note",
];

/// The `level` field for a "not applicable" rating.
pub const NOT_APPLICABLE: &str = "n/a";

/// Every (standard, stage) pair of `framework` with what `review` records for it.
///
/// `level` is the number, `n/a` for not applicable, empty when unrated;
/// `label` is the scale's label for the level (or its not-applicable label).
/// The note is the person's own note.
pub fn export(framework: &Framework, review: &Review) -> String {
    let mut out = String::new();
    push_row(&mut out, COLUMNS);
    for (theme, standard) in framework.standards() {
        for stage in framework.stages_of(standard) {
            let mark = review.mark(&standard.id, &stage.id);
            let rating = mark.map(|m| m.rating).unwrap_or_default();
            let (level, label) = match rating {
                Rating::Unrated => (String::new(), String::new()),
                Rating::NotApplicable => (
                    NOT_APPLICABLE.to_owned(),
                    framework.scale.not_applicable.clone(),
                ),
                Rating::Level(v) => (
                    v.to_string(),
                    framework
                        .level(v)
                        .map(|l| l.label.clone())
                        .unwrap_or_default(),
                ),
            };
            let note = mark.map(|m| m.note.as_str()).unwrap_or_default();
            push_row(
                &mut out,
                [
                    framework.id.as_str(),
                    theme.title.as_str(),
                    stage.name.as_str(),
                    standard.id.as_str(),
                    standard.text.as_str(),
                    standard.origin.label(),
                    &level,
                    &label,
                    note,
                ],
            );
        }
    }
    out
}

/// One CSV field: as it is, or quoted with inner quotes doubled when it
/// holds a comma, a double quote, CR or LF.
pub fn csv_field(value: &str) -> std::borrow::Cow<'_, str> {
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\"")).into()
    } else {
        value.into()
    }
}

fn push_row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(field));
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    #[test]
    fn plain_fields_are_left_alone() {
        assert_eq!(csv_field(""), "");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("  spaced  "), "  spaced  ");
        assert_eq!(csv_field("tab\there"), "tab\there");
        assert_eq!(csv_field("it's – fine"), "it's – fine");
    }

    #[test]
    fn special_fields_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("\""), "\"\"\"\"");
        assert_eq!(csv_field("one\ntwo"), "\"one\ntwo\"");
        assert_eq!(csv_field("one\r\ntwo"), "\"one\r\ntwo\"");
        assert_eq!(csv_field("cr\ronly"), "\"cr\ronly\"");
        assert_eq!(csv_field(" lead, trail "), "\" lead, trail \"");
    }

    /// A minimal RFC 4180 reader, to check that what we write reads back.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let mut rows = vec![];
        let mut row = vec![];
        let mut field = String::new();
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    _ => field.push(c),
                }
            } else {
                match c {
                    '"' => quoted = true,
                    ',' => row.push(std::mem::take(&mut field)),
                    '\r' => {
                        assert_eq!(chars.next(), Some('\n'), "bare CR outside quotes");
                        row.push(std::mem::take(&mut field));
                        rows.push(std::mem::take(&mut row));
                    }
                    '\n' => panic!("bare LF outside quotes"),
                    _ => field.push(c),
                }
            }
        }
        assert!(field.is_empty() && row.is_empty(), "last row lacks CRLF");
        rows
    }

    #[test]
    fn one_row_per_standard_and_stage() {
        let fw = fixture::framework();
        let a = fixture::assessment(&fw);
        let rows = parse(&export(&fw, a.current()));
        let pairs: usize = fw.themes.iter().map(|t| fw.assessable_count(t)).sum();
        assert_eq!(pairs, 9);
        assert_eq!(rows.len(), 1 + pairs);
        assert_eq!(rows[0], COLUMNS);
        assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
        // Framework order: theme, standard, then stage.
        let keys: Vec<(&str, &str)> = rows[1..]
            .iter()
            .map(|r| (r[3].as_str(), r[2].as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("t.place.1", "Knowledge"),
                ("t.place.1", "Experience"),
                ("t.place.1", "Judgement"),
                ("t.place.2", "Knowledge"),
                ("t.place.2", "Experience"),
                ("t.place.2", "Judgement"),
                ("t.people.k", "Knowledge"),
                ("t.people.e", "Experience"),
                ("t.people.j", "Judgement"),
            ]
        );
        // Unrated rows have empty level, label and note.
        assert!(
            rows[1..]
                .iter()
                .all(|r| r[6..].iter().all(String::is_empty))
        );
    }

    #[test]
    fn ratings_labels_and_notes_survive() {
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        let note = "First line, with a comma\nSecond \"quoted\" line\r\n  indented  ";
        let review = a.current_mut();
        let m = review.mark_mut("t.place.2", "experience");
        m.rating = Rating::Level(3);
        m.note = note.into();
        review.mark_mut("t.people.j", "judgement").rating = Rating::NotApplicable;
        review.mark_mut("t.place.1", "knowledge").note = "note only".into();
        review.mark_mut("t.place.1", "judgement").rating = Rating::Level(9);

        let text = export(&fw, a.current());
        assert!(text.ends_with("\r\n"));
        let rows = parse(&text);
        let find = |id: &str, stage: &str| {
            rows.iter()
                .find(|r| r[3] == id && r[2] == stage)
                .unwrap_or_else(|| panic!("no row for {id} {stage}"))
                .clone()
        };
        assert_eq!(
            find("t.place.2", "Experience"),
            [
                "test-fw",
                "Place",
                "Experience",
                "t.place.2",
                "Leads \"with\" partners",
                "paraphrase",
                "3",
                "Level 3",
                note
            ]
        );
        let na = find("t.people.j", "Judgement");
        assert_eq!(na[1], "People, and culture");
        assert_eq!(na[5], "prompt");
        assert_eq!(&na[6..], ["n/a", "Not applicable", ""]);
        assert_eq!(&find("t.place.1", "Knowledge")[6..], ["", "", "note only"]);
        // A level the scale does not know keeps its number, with no label.
        assert_eq!(&find("t.place.1", "Judgement")[6..], ["9", "", ""]);
        assert_eq!(rows.len(), 10);
    }

    #[test]
    fn marks_for_unknown_standards_are_not_rows() {
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        a.current_mut().mark_mut("gone", "knowledge").rating = Rating::Level(2);
        a.current_mut().mark_mut("t.people.k", "judgement").rating = Rating::Level(2);
        assert_eq!(parse(&export(&fw, a.current())).len(), 10);
    }
}
