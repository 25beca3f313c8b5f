//! CSV export: one row per (standard, stage) pair the framework defines,
//! rated or not, in framework order.
//!
//! RFC 4180: a header row, CRLF after every row, a field quoted when it
//! holds a comma, a double quote, CR or LF, and quotes inside doubled.
//! Nothing else is changed: spaces, tabs and multi-line notes come through
//! exactly as written, except that a cell a spreadsheet would run as a
//! formula is guarded with a `'` first ([`guard`]), unless the export is
//! `raw`.

use crate::model::assessment::RaterRole;
use crate::model::{Assessment, Framework, Rating};

use super::ExportOptions;

/// The first header fields, in order, for every export.
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

/// The value of the `private` and `carried` fields when the flag is set.
pub const YES: &str = "yes";

/// The last header fields: who, and which review, so the exports of many
/// files (or reviews) can be stacked.
pub const WHO: [&str; 3] = ["person", "role", "review"];

/// The whole header: [`COLUMNS`], then `private` and `carried`, then for
/// each rater of `raters` (see [`raters`]) `<id>_level`, `<id>_label` and
/// `<id>_note`, then `agreed_level`, `agreed_label`, `session_note`,
/// `next_step`, and [`WHO`].
pub fn columns(raters: &[String]) -> Vec<String> {
    let mut out: Vec<String> = COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    out.extend(["private".into(), "carried".into()]);
    for id in raters {
        for field in ["level", "label", "note"] {
            out.push(format!("{id}_{field}"));
        }
    }
    out.extend(["agreed_level", "agreed_label", "session_note", "next_step"].map(str::to_owned));
    out.extend(WHO.map(str::to_owned));
    out
}

/// Every rater of any review of `assessment`, by id, in a fixed order
/// (coach, line manager, Leader, peer, others; then by id): the same
/// columns whichever review is exported.
pub fn raters(assessment: &Assessment) -> Vec<String> {
    let rank = |role: &RaterRole| match role {
        RaterRole::Coach => 0,
        RaterRole::LineManager => 1,
        RaterRole::Leader => 2,
        RaterRole::Peer => 3,
        RaterRole::Other(_) => 4,
    };
    let mut all: Vec<(u8, String)> = assessment
        .reviews
        .iter()
        .flat_map(|r| &r.raters)
        .map(|r| (rank(&r.role), r.id.clone()))
        .collect();
    all.sort();
    all.dedup_by(|a, b| a.1 == b.1);
    all.into_iter().map(|(_, id)| id).collect()
}

/// Every (standard, stage) pair of `framework` with what `review` records for it.
///
/// `level` is the number, `n/a` for not applicable, empty when unrated;
/// `label` is the scale's label for the level (or its not-applicable label).
/// The note is the person's own note; with `options.hide_private` a private
/// note is left empty (the `private` field still says `yes`). `carried` is
/// `yes` for a rating carried forward from the previous review and not
/// touched since. Each other rater's level, label and note, and the agreed
/// level and its label, follow the same rules.
///
/// # Panics
///
/// If `index` is not a review of `assessment`.
pub fn export(
    framework: &Framework,
    assessment: &Assessment,
    index: usize,
    options: ExportOptions,
) -> String {
    let review = &assessment.reviews[index];
    let raters = raters(assessment);
    let person = &assessment.person;
    let mut out = String::new();
    if options.bom {
        out.push('\u{feff}');
    }
    let guard = !options.raw;
    push_row(&mut out, columns(&raters).iter().map(String::as_str), guard);
    let flag = |set: bool| if set { YES } else { "" };
    for (theme, standard) in framework.standards() {
        for stage in framework.stages_of(standard) {
            let mark = review
                .mark(&standard.id, &stage.id)
                .cloned()
                .unwrap_or_default();
            let (level, label) = level_and_label(framework, mark.rating);
            let note = if mark.private && options.hide_private {
                ""
            } else {
                mark.note.as_str()
            };
            let mut row: Vec<String> = [
                framework.id.as_str(),
                theme.title.as_str(),
                stage.name.as_str(),
                standard.id.as_str(),
                standard.text.as_str(),
                standard.origin.label(),
                &level,
                &label,
                note,
                flag(mark.private),
                flag(mark.carried),
            ]
            .map(str::to_owned)
            .into();
            for id in &raters {
                let view = mark.others.get(id).cloned().unwrap_or_default();
                let (level, label) = level_and_label(framework, view.rating);
                row.extend([level, label, view.note]);
            }
            let (level, label) = level_and_label(framework, mark.agreed.unwrap_or_default());
            row.extend([level, label, mark.session_note, mark.next_step]);
            row.extend([
                person.name.clone(),
                person.role.clone(),
                review.title.clone(),
            ]);
            push_row(&mut out, row.iter().map(String::as_str), guard);
        }
    }
    out
}

/// The `level` and `label` fields for a rating.
fn level_and_label(framework: &Framework, rating: Rating) -> (String, String) {
    match rating {
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
    }
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

/// `value`, or `'` and `value` when a spreadsheet would take it for a
/// formula: when it begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return (the OWASP rule against CSV injection). The `'` makes the
/// spreadsheet show the cell as text, and is not shown itself.
pub fn guard(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

pub fn push_row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>, guarded: bool) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if guarded {
            out.push_str(&csv_field(&guard(field)));
        } else {
            out.push_str(&csv_field(field));
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture;

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

    /// The rows of `text` as the `csv` crate reads them, after checking
    /// that the crate writes those rows back as exactly the same text.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let rows: Vec<Vec<String>> = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(vec![]);
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        assert_eq!(
            String::from_utf8(writer.into_inner().unwrap()).unwrap(),
            body
        );
        rows
    }

    /// The fixture with `text` as the note of t.place.1 at knowledge and
    /// as the coach's note there, exported with `options`: that row.
    fn row_with_note(text: &str, options: ExportOptions) -> Vec<String> {
        use crate::model::assessment::RaterRole;
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        let r = a.current_mut();
        let coach = r.add_rater("Sam", RaterRole::Coach).unwrap();
        r.set_note("t.place.1", "knowledge", text).unwrap();
        r.set_view_note("t.place.1", "knowledge", &coach, text)
            .unwrap();
        let rows = parse(&export(&fw, &a, a.current_index(), options));
        assert_eq!(rows[1][3], "t.place.1");
        rows[1].clone()
    }

    #[test]
    fn a_cell_a_spreadsheet_would_run_as_a_formula_gets_a_quote_first() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"click\")",
            "+44 1234",
            "-1+2",
            "@SUM(A1:A2)",
            "\tindented",
            "\rreturn",
            "=",
        ] {
            let row = row_with_note(risky, ExportOptions::default());
            let guarded = format!("'{risky}");
            assert_eq!(row[8], guarded, "the note {risky:?}");
            assert_eq!(row[13], guarded, "the coach's note {risky:?}");
        }
        for safe in ["a = b", " =1", "'=1", "plain", "", "1-2", "é=", "\n=1"] {
            let row = row_with_note(safe, ExportOptions::default());
            assert_eq!(row[8], safe, "{safe:?} is left as it is");
        }
    }

    #[test]
    fn raw_leaves_formulas_as_they_are() {
        let options = ExportOptions {
            raw: true,
            ..ExportOptions::default()
        };
        for risky in ["=1+1", "+1", "-1", "@x", "\tx", "\rx"] {
            let row = row_with_note(risky, options);
            assert_eq!(row[8], risky);
            assert_eq!(row[13], risky);
        }
    }

    #[test]
    fn framework_text_is_guarded_too() {
        let mut fw = fixture::framework();
        fw.themes[0].title = "=cmd|' /C calc'!A0".into();
        fw.themes[0].standards[0].text = "-2+3".into();
        let a = fixture::assessment(&fw);
        let rows = parse(&export(
            &fw,
            &a,
            a.current_index(),
            ExportOptions::default(),
        ));
        assert_eq!(rows[1][1], "'=cmd|' /C calc'!A0");
        assert_eq!(rows[1][4], "'-2+3");
        assert_eq!(rows[4][4], "Leads \"with\" partners");
    }

    #[test]
    fn bom_puts_a_byte_order_mark_first_and_changes_nothing_else() {
        let fw = fixture::framework();
        let a = fixture::two_reviews();
        let plain = export(&fw, &a, a.current_index(), ExportOptions::default());
        assert!(!plain.starts_with('\u{feff}'));
        let bom = export(
            &fw,
            &a,
            a.current_index(),
            ExportOptions {
                bom: true,
                ..ExportOptions::default()
            },
        );
        assert_eq!(bom.as_bytes()[..3], [0xEF, 0xBB, 0xBF]);
        assert_eq!(&bom[3..], plain);
    }

    #[test]
    fn one_row_per_standard_and_stage() {
        let fw = fixture::framework();
        let a = fixture::assessment(&fw);
        let rows = parse(&export(
            &fw,
            &a,
            a.current_index(),
            ExportOptions::default(),
        ));
        let pairs: usize = fw.themes.iter().map(|t| fw.assessable_count(t)).sum();
        assert_eq!(pairs, 9);
        assert_eq!(rows.len(), 1 + pairs);
        assert_eq!(
            rows[0],
            [
                "framework",
                "theme",
                "stage",
                "standard_id",
                "standard",
                "origin",
                "level",
                "label",
                "note",
                "private",
                "carried",
                "agreed_level",
                "agreed_label",
                "session_note",
                "next_step",
                "person",
                "role",
                "review"
            ]
        );
        assert!(rows.iter().all(|r| r.len() == 18));
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
        // Unrated rows have empty level, label, note and the rest; who and
        // which review on every row.
        assert!(
            rows[1..]
                .iter()
                .all(|r| r[6..15].iter().all(String::is_empty))
        );
        assert!(
            rows[1..]
                .iter()
                .all(|r| r[15..] == ["Alex Example", "Director of Place", "2026 mid-year"])
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

        let text = export(&fw, &a, a.current_index(), ExportOptions::default());
        assert!(text.ends_with("\r\n"));
        let rows = parse(&text);
        let find = |id: &str, stage: &str| {
            rows.iter()
                .find(|r| r[3] == id && r[2] == stage)
                .unwrap_or_else(|| panic!("no row for {id} {stage}"))
                .clone()
        };
        assert_eq!(
            find("t.place.2", "Experience")[..9],
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
        assert_eq!(&na[6..9], ["n/a", "Not applicable", ""]);
        assert_eq!(&find("t.place.1", "Knowledge")[6..9], ["", "", "note only"]);
        // A level the scale does not know keeps its number, with no label.
        assert_eq!(&find("t.place.1", "Judgement")[6..9], ["9", "", ""]);
        assert_eq!(rows.len(), 10);
    }

    #[test]
    fn marks_for_unknown_standards_are_not_rows() {
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        a.current_mut().mark_mut("gone", "knowledge").rating = Rating::Level(2);
        a.current_mut().mark_mut("t.people.k", "judgement").rating = Rating::Level(2);
        assert_eq!(
            parse(&export(
                &fw,
                &a,
                a.current_index(),
                ExportOptions::default()
            ))
            .len(),
            10
        );
    }

    #[test]
    fn raters_agreed_level_and_flags_have_their_columns() {
        use crate::model::assessment::RaterRole;
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        let r = a.current_mut();
        let coach = r.add_rater("Sam Patel", RaterRole::Coach).unwrap();
        let lm = r.add_rater("Lee", RaterRole::LineManager).unwrap();
        r.set_rating("t.place.1", "knowledge", Rating::Level(4))
            .unwrap();
        r.set_note("t.place.1", "knowledge", "mine, private")
            .unwrap();
        r.set_private("t.place.1", "knowledge", true).unwrap();
        r.set_view_rating("t.place.1", "knowledge", &coach, Rating::Level(2))
            .unwrap();
        r.set_view_note("t.place.1", "knowledge", &coach, "coach says")
            .unwrap();
        r.set_view_rating("t.place.1", "knowledge", &lm, Rating::NotApplicable)
            .unwrap();
        r.set_agreed("t.place.1", "knowledge", Rating::Level(3))
            .unwrap();
        r.set_session_note("t.place.1", "knowledge", "we talked")
            .unwrap();
        r.set_next_step("t.place.1", "knowledge", "shadow, then lead")
            .unwrap();
        r.set_rating("t.place.2", "judgement", Rating::Level(2))
            .unwrap();
        a.start_review("next", jiff::civil::date(2026, 9, 1))
            .unwrap();

        let rows = parse(&export(&fw, &a, 0, ExportOptions::default()));
        assert_eq!(
            rows[0][9..],
            [
                "private",
                "carried",
                "coach_level",
                "coach_label",
                "coach_note",
                "line-manager_level",
                "line-manager_label",
                "line-manager_note",
                "agreed_level",
                "agreed_label",
                "session_note",
                "next_step",
                "person",
                "role",
                "review"
            ]
        );
        assert!(rows.iter().all(|r| r.len() == 24));
        assert_eq!(
            rows[1][6..],
            [
                "4",
                "Level 4",
                "mine, private",
                "yes",
                "",
                "2",
                "Level 2",
                "coach says",
                "n/a",
                "Not applicable",
                "",
                "3",
                "Level 3",
                "we talked",
                "shadow, then lead",
                "Alex Example",
                "Director of Place",
                "2026 mid-year"
            ]
        );

        let hidden = parse(&export(
            &fw,
            &a,
            0,
            ExportOptions {
                hide_private: true,
                ..ExportOptions::default()
            },
        ));
        assert_eq!(hidden[1][8], "", "the private note is blanked");
        assert_eq!(hidden[1][9], "yes", "but said to be private");
        assert_eq!(hidden[1][13], "coach says", "others' notes are not private");
        let mut same = hidden.clone();
        same[1][8] = "mine, private".into();
        assert_eq!(same, rows, "nothing else differs");

        // The new review: carried levels, raters named, nothing else.
        let rows = parse(&export(
            &fw,
            &a,
            a.current_index(),
            ExportOptions::default(),
        ));
        let carried: Vec<(&str, &str, &str)> = rows[1..]
            .iter()
            .filter(|r| !r[10].is_empty())
            .map(|r| (r[3].as_str(), r[6].as_str(), r[10].as_str()))
            .collect();
        assert_eq!(
            carried,
            [("t.place.1", "4", "yes"), ("t.place.2", "2", "yes")]
        );
        assert!(
            rows[1..]
                .iter()
                .all(|r| r[8].is_empty() && r[11..r.len() - 3].iter().all(String::is_empty))
        );
    }
}
