//! `reflect cohort`: twenty leaders share, and the cohort view shows the
//! distributions with small groups suppressed and no note anywhere.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jiff::civil::date;
use reflect::format::framework as bundled;
use reflect::model::Rating;
use reflect::store::{load_assessment, save_assessment};
use support::parse_csv;

fn reflect(home: &Path) -> Command {
    support::reflect_in_home(home)
}

fn ok(out: &Output) -> String {
    support::stdout_ok(out)
}

/// Every note of the fixtures: none may appear in any output.
fn note(i: usize, what: &str) -> String {
    format!("SECRET-{what}-{i} about the chief executive")
}

/// Twenty leaders, each in a home of their own: directors but for three
/// assistant directors, two reviews for the first twelve; a note, a
/// private note, a coach's note, a session note and a next step each.
/// Each shares with the cohort (the first ten with their names); the
/// shares are gathered in one folder, as HR would.
fn twenty(dir: &Path) -> (PathBuf, Vec<String>) {
    let shares = dir.join("inbox");
    std::fs::create_dir_all(&shares).unwrap();
    let framework = bundled::by_id("senior-leadership").unwrap().unwrap();
    let standards: Vec<String> = framework.standards().map(|(_, s)| s.id.clone()).collect();
    let mut notes = Vec::new();
    for i in 0..20 {
        let home = dir.join(format!("home-{i}"));
        let role = if i < 3 {
            "Assistant Director of Housing"
        } else {
            "Director of Place"
        };
        let path = PathBuf::from(
            ok(&reflect(&home)
                .args([
                    "new",
                    "-f",
                    "senior-leadership",
                    "-n",
                    &format!("Leader {i}"),
                    "-r",
                    role,
                ])
                .output()
                .unwrap())
            .trim(),
        );
        let mut a = load_assessment(&path).unwrap();
        let fill = |r: &mut reflect::model::Review, shift: usize, notes: &mut Vec<String>| {
            for (k, standard) in standards.iter().enumerate() {
                for stage in ["knowledge", "experience", "judgement"] {
                    if r.set_rating(
                        standard,
                        stage,
                        Rating::Level(((i + k + shift) % 4 + 1) as u8),
                    )
                    .is_err()
                    {
                        continue;
                    }
                }
            }
            let s = &standards[0];
            for (what, set) in [("note", 0), ("coach", 1), ("session", 2), ("next", 3)] {
                let text = note(i * 10 + shift, what);
                notes.push(text.clone());
                match set {
                    0 => r.set_note(s, "knowledge", &text).unwrap(),
                    1 => {
                        if r.rater("coach").is_none() {
                            r.add_rater("Sam Coach", reflect::model::assessment::RaterRole::Coach)
                                .unwrap();
                        }
                        r.set_view_note(s, "knowledge", "coach", &text).unwrap()
                    }
                    2 => r.set_session_note(s, "knowledge", &text).unwrap(),
                    _ => r.set_next_step(s, "knowledge", &text).unwrap(),
                }
            }
            let private = note(i * 10 + shift, "private");
            notes.push(private.clone());
            r.set_note(s, "experience", &private).unwrap();
            r.set_private(s, "experience", true).unwrap();
        };
        fill(a.current_mut(), 0, &mut notes);
        if i < 12 {
            a.start_review("2027 annual", date(2027, 3, 1)).unwrap();
            fill(a.current_mut(), 1, &mut notes);
        }
        save_assessment(&path, &a).unwrap();
        let mut args = vec!["share", path.to_str().unwrap(), "--for", "cohort", "--yes"];
        if i < 10 {
            args.push("--with-name");
        }
        let written = ok(&reflect(&home).args(&args).output().unwrap());
        let share = PathBuf::from(written.lines().last().unwrap());
        std::fs::copy(&share, shares.join(format!("share-{i}.ron"))).unwrap();
    }
    (shares, notes)
}

fn cohort(home: &Path, args: &[&str]) -> String {
    ok(&reflect(home).arg("cohort").args(args).output().unwrap())
}

#[test]
fn twenty_leaders_share_and_the_cohort_view_suppresses_small_groups_and_shows_no_note() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, notes) = twenty(dir.path());
    let hr = dir.path().join("hr");
    // Bad files beside the good ones: damaged, a duplicate, an unknown framework.
    std::fs::write(
        inbox.join("damaged.ron"),
        "(kind: \"reflect cohort share\", schema: 1,",
    )
    .unwrap();
    std::fs::copy(inbox.join("share-4.ron"), inbox.join("share-40.ron")).unwrap();
    let unknown = std::fs::read_to_string(inbox.join("share-5.ron"))
        .unwrap()
        .replace("senior-leadership", "our-own-framework");
    std::fs::write(inbox.join("unknown.ron"), unknown).unwrap();
    let inbox_arg = inbox.to_str().unwrap();

    let text = cohort(&hr, &[inbox_arg, "--format", "text"]);
    assert!(text.contains("20 people, 32 reviews."), "{text}");
    // Seventeen directors; three assistant directors are fewer than five.
    assert!(text.contains("director 17"), "{text}");
    assert!(text.contains("assistant director fewer than 5"), "{text}");
    assert!(text.contains("12 people with two or more"), "{text}");
    // Every skipped file, with its reason.
    assert!(text.contains("damaged.ron: damaged: line"), "{text}");
    assert!(
        text.contains("share-40.ron: duplicate: the same person's reviews as"),
        "{text}"
    );
    assert!(
        text.contains("unknown.ron: framework \"our-own-framework\" is not known"),
        "{text}"
    );
    // A smallest group of none would show everything: refused.
    let out = reflect(&hr)
        .args(["cohort", inbox_arg, "--min-group", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Names: not everyone gave theirs.
    assert!(!text.contains("Leader 1"), "{text}");

    let md = cohort(&hr, &[inbox_arg, "--format", "md"]);
    assert!(md.contains("| Theme | Acquiring knowledge |"), "{md}");
    let html = cohort(&hr, &[inbox_arg, "--format", "html"]);
    assert!(html.contains("<svg role=\"img\""), "charts drawn");
    let document = scraper::Html::parse_document(&html);
    assert!(document.errors.is_empty() || !html.contains("<script"));
    assert!(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"));
    let json = cohort(&hr, &[inbox_arg, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["groups"][0]["people"], 20);
    let csv = cohort(&hr, &[inbox_arg, "--format", "csv"]);
    for (format, output) in [
        ("text", &text),
        ("md", &md),
        ("html", &html),
        ("json", &json),
        ("csv", &csv),
    ] {
        for n in &notes {
            assert!(!output.contains(n.as_str()), "{n} in the {format} output");
        }
        assert!(
            !output.contains("Sam Coach"),
            "a rater's name in the {format} output"
        );
    }

    // The long CSV reads back: a row per person, review, standard and stage.
    let rows = parse_csv(&csv);
    let header = &rows[0];
    assert_eq!(
        header,
        &[
            "person",
            "name",
            "role_level",
            "framework",
            "framework_version",
            "review",
            "review_date",
            "theme",
            "standard",
            "stage",
            "level",
            "not_applicable"
        ]
    );
    let framework = bundled::by_id("senior-leadership").unwrap().unwrap();
    let pairs: usize = framework
        .themes
        .iter()
        .map(|t| framework.assessable_count(t))
        .sum();
    assert_eq!(rows.len() - 1, 32 * pairs, "every level of every review");
    let people: std::collections::BTreeSet<&str> =
        rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(people.len(), 20);
    assert!(
        rows[1..].iter().all(|r| r[1].is_empty()),
        "no names: not all gave them"
    );
    assert!(rows[1..].iter().all(|r| r[3] == "senior-leadership"));
    // Three assistant directors are fewer than five: their role level is blank.
    let roles: std::collections::BTreeSet<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(roles, ["", "director"].into_iter().collect());
    // Twenty people are fewer than forty: no rows at all.
    let none = cohort(&hr, &[inbox_arg, "--format", "csv", "--min-group", "40"]);
    assert_eq!(parse_csv(&none).len(), 1, "the header alone");

    // With a larger smallest group, the directors and the progress of
    // the twelve with two reviews are suppressed too; cells all twenty
    // rated still show.
    let strict = cohort(&hr, &[inbox_arg, "--format", "text", "--min-group", "18"]);
    assert!(strict.contains("director fewer than 18"), "{strict}");
    assert!(
        strict.contains("Sharpening judgement: – (fewer than 18 people)"),
        "{strict}"
    );
    assert!(!strict.contains("mean change"), "{strict}");
    assert!(strict.contains("· 20 rated"), "{strict}");
}

#[test]
fn names_show_only_when_everyone_in_view_gave_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let (inbox, _) = twenty(dir.path());
    // Only the first ten, who gave their names.
    let named = dir.path().join("named");
    std::fs::create_dir_all(&named).unwrap();
    for i in 0..10 {
        std::fs::copy(
            inbox.join(format!("share-{i}.ron")),
            named.join(format!("{i}.ron")),
        )
        .unwrap();
    }
    let text = cohort(dir.path(), &[named.to_str().unwrap(), "--format", "text"]);
    assert!(
        text.contains("People (each chose to give their name)"),
        "{text}"
    );
    assert!(text.contains("Leader 0, Leader 1"), "{text}");
    let csv = cohort(dir.path(), &[named.to_str().unwrap(), "--format", "csv"]);
    assert!(
        parse_csv(&csv)[1..]
            .iter()
            .all(|r| r[1].starts_with("Leader "))
    );

    // The HTML through a template of one's own, in the config folder.
    let templates = dir.path().join("config/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("cohort.html"),
        "<p>{{ view.groups[0].people }} people: {{ view.groups[0].names | join(\", \") }}</p>\n",
    )
    .unwrap();
    let own = cohort(dir.path(), &[named.to_str().unwrap(), "--format", "html"]);
    assert!(own.starts_with("<p>10 people: Leader 0, Leader 1"), "{own}");
    std::fs::write(templates.join("cohort.html"), "{{ view.nothing.here }}").unwrap();
    let out = reflect(dir.path())
        .args(["cohort", named.to_str().unwrap(), "--format", "html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("templates/cohort.html line 1"));
}

// ------------------------------------------------------------- privacy

use proptest::prelude::*;
use reflect::model::cohort::{CohortPerson, Pairs, PersonReview, build};
use reflect::model::share::share_of;
use reflect::report::cohort::{CohortView, csv, html, text};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever notes an assessment holds (the person's, private or not,
    /// a rater's, a session note, a next step), its share holds none, and
    /// no format of the cohort view built from the shares does.
    #[test]
    fn no_note_reaches_a_share_or_any_cohort_output(
        notes in prop::collection::vec("[A-Za-z]{12,20}", 5),
        levels in prop::collection::vec(1u8..=5, 6),
    ) {
        let framework = bundled::by_id("senior-leadership").unwrap().unwrap();
        let first = framework.standards().next().unwrap().1.id.clone();
        let pairs = Pairs::of(&framework);
        let mut people = Vec::new();
        let mut shares_text = String::new();
        for (i, level) in levels.iter().enumerate() {
            let mut a = reflect::model::Assessment::new(
                reflect::model::assessment::FrameworkRef {
                    id: framework.id.clone(),
                    version: framework.version.clone(),
                },
                reflect::model::Person {
                    name: format!("Person {i}"),
                    role: "Director".into(),
                    organisation: String::new(),
                },
                reflect::model::Review::new("2026", date(2026, 3, 1)),
            );
            let r = a.current_mut();
            r.set_rating(&first, "knowledge", Rating::Level(*level)).unwrap();
            r.set_note(&first, "knowledge", &notes[0]).unwrap();
            r.set_note(&first, "experience", &notes[1]).unwrap();
            r.set_private(&first, "experience", true).unwrap();
            r.add_rater("Coach", reflect::model::assessment::RaterRole::Coach).unwrap();
            r.set_view_note(&first, "knowledge", "coach", &notes[2]).unwrap();
            r.set_session_note(&first, "knowledge", &notes[3]).unwrap();
            r.set_next_step(&first, "knowledge", &notes[4]).unwrap();
            let share = share_of(&a, &format!("{i:032x}"), false, None);
            shares_text.push_str(&reflect::store::to_ron(&share).unwrap());
            let mut row = vec![0u8; pairs.len()];
            for (standard, stages) in &share.reviews[0].levels {
                for (stage, rating) in stages {
                    if let Some(at) = pairs.find(&framework, standard, stage) {
                        row[at] = reflect::model::cohort::encode(*rating);
                    }
                }
            }
            people.push(CohortPerson {
                key: format!("id:{i}"),
                name: None,
                role_level: None,
                reviews: vec![PersonReview { title: "2026".into(), date: date(2026, 3, 1), levels: row }],
            });
        }
        let view = CohortView {
            groups: vec![build(&framework, &pairs, &people, &[], 5)],
            files: people.len(),
            skipped: Vec::new(),
            min_group: 5,
            prepared: "2026-12-03".into(),
        };
        let mut long = Vec::new();
        let group = &view.groups[0];
        csv(&[(&framework, &pairs, people.as_slice(), group.names.is_some())], 5, true, &mut long).unwrap();
        let outputs = [
            shares_text,
            text(&view, false),
            text(&view, true),
            html(&view, None).unwrap(),
            serde_json::to_string(&view).unwrap(),
            String::from_utf8(long).unwrap(),
        ];
        for output in &outputs {
            for note in &notes {
                prop_assert!(!output.contains(note.as_str()), "{} leaked", note);
            }
        }
    }
}
