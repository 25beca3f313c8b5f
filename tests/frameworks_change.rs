//! Frameworks change: custom framework files in `<home>/frameworks`,
//! assessments brought up to date when their framework's version changes,
//! and `reflect validate`. Every test works in its own temporary home.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use jiff::civil::date;
use reflect::format::framework as bundled;
use reflect::model::{Mark, Rating, Review};
use reflect::store::{self, Catalog, Home, OpenError, ReadOnly, load_assessment, new_assessment};
use tempfile::TempDir;

fn temp_home() -> (TempDir, Home) {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    (dir, home)
}

fn write_framework(home: &Home, file: &str, text: &str) -> PathBuf {
    let dir = home.frameworks_dir();
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(file);
    fs::write(&path, text).unwrap();
    path
}

fn reflect(home: &Home, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--home")
        .arg(home.root())
        .args(args)
        .env_remove("REFLECT_HOME")
        .stdin(Stdio::null())
        .output()
        .expect("run reflect")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn mark(level: u8, note: &str) -> Mark {
    Mark {
        rating: Rating::Level(level),
        note: note.into(),
        ..Mark::default()
    }
}

/// Version 1 of a custom framework.
const ACME_V1: &str = r#"(
  id: "acme",
  title: "Acme Leadership",
  version: "1",
  source: (publisher: "Acme Council", note: "Our own words."),
  stages: [
    (id: "knowledge", name: "Acquiring knowledge", description: ""),
    (id: "experience", name: "Gaining experience", description: ""),
  ],
  scale: (
    levels: [
      (value: 1, label: "Starting", descriptor: ""),
      (value: 2, label: "Developing", descriptor: ""),
      (value: 3, label: "Established", descriptor: ""),
    ],
    not_applicable: "Not applicable.",
  ),
  themes: [
    (
      id: "acme.people",
      title: "People",
      definition: "Leading people.",
      standards: [
        (id: "acme.people.coach", text: "Coaches others.", origin: Prompt),
        (id: "acme.people.hire", text: "Hires well.", origin: Prompt),
        (id: "acme.people.care", text: "Looks after people.", origin: Prompt),
      ],
    ),
  ],
)
"#;

/// Version 2: `coach` renamed to `develop`, `hire` removed.
fn acme_v2() -> String {
    ACME_V1
        .replace("version: \"1\"", "version: \"2\"")
        .replace(
            "(id: \"acme.people.coach\", text: \"Coaches others.\"",
            "(id: \"acme.people.develop\", text: \"Develops others.\"",
        )
        .replace(
            "        (id: \"acme.people.hire\", text: \"Hires well.\", origin: Prompt),\n",
            "",
        )
        .replace(
            "  ],\n)\n",
            "  ],\n  renames: {\"acme.people.coach\": \"acme.people.develop\"},\n)\n",
        )
}

/// An assessment against acme v1 with marks on every standard, in a frozen
/// review and the current one.
fn assess_acme_v1(home: &Home) -> PathBuf {
    write_framework(home, "acme.ron", ACME_V1);
    let fw = Catalog::find(home, "acme").unwrap().expect("acme is found");
    assert_eq!(fw.version, "1");
    let path = new_assessment(home, &fw, "Sam Patel", "Head of HR", None).unwrap();
    let mut doc = store::open(home, &path).unwrap();
    assert!(doc.migration.is_none(), "nothing to migrate yet");
    let a = &mut doc.assessment;
    a.reviews[0].title = "2025 review".into();
    a.reviews[0].frozen = Some(date(2025, 12, 1));
    *a.reviews[0].mark_mut("acme.people.coach", "knowledge") = mark(1, "early days");
    *a.reviews[0].mark_mut("acme.people.hire", "experience") = mark(2, "first panel");
    let mut current = Review::new("2026 review", date(2026, 6, 1));
    *current.mark_mut("acme.people.coach", "knowledge") = mark(2, "coaching two people");
    *current.mark_mut("acme.people.coach", "experience") = mark(3, "a team of six");
    *current.mark_mut("acme.people.hire", "knowledge") = mark(3, "read the guidance");
    *current.mark_mut("acme.people.care", "knowledge") = mark(1, "to do");
    a.reviews.push(current);
    doc.save().unwrap();
    path
}

#[test]
fn a_new_version_renames_archives_and_is_recorded_once() {
    let (_dir, home) = temp_home();
    let path = assess_acme_v1(&home);
    write_framework(&home, "acme.ron", &acme_v2());
    let v1_bytes = fs::read(&path).unwrap();

    let doc = store::open(&home, &path).unwrap();
    let migration = doc.migration.as_ref().expect("the framework changed");
    assert!(migration.changed);
    assert_eq!(
        (
            migration.from_version.as_str(),
            migration.to_version.as_str()
        ),
        ("1", "2")
    );
    assert_eq!(
        migration.renamed,
        [(
            "acme.people.coach".to_owned(),
            "acme.people.develop".to_owned()
        )]
    );
    assert_eq!(migration.archived, ["acme.people.hire"]);
    assert_eq!(doc.migration_unsaved, None);

    let a = &doc.assessment;
    assert_eq!(a.framework.version, "2");
    // The renamed standard's marks are under the new id, in both reviews.
    assert_eq!(
        a.reviews[0].mark("acme.people.develop", "knowledge"),
        Some(&mark(1, "early days"))
    );
    assert_eq!(
        a.reviews[1].mark("acme.people.develop", "knowledge"),
        Some(&mark(2, "coaching two people"))
    );
    assert_eq!(
        a.reviews[1].mark("acme.people.develop", "experience"),
        Some(&mark(3, "a team of six"))
    );
    assert_eq!(
        a.reviews[1].mark("acme.people.care", "knowledge"),
        Some(&mark(1, "to do"))
    );
    for review in &a.reviews {
        assert!(!review.marks.contains_key("acme.people.coach"));
        assert!(!review.marks.contains_key("acme.people.hire"));
    }
    // The removed one's are archived, review by review.
    assert_eq!(a.archived.len(), 2, "{:#?}", a.archived);
    let frozen = a
        .archived
        .iter()
        .find(|x| x.review == "2025 review")
        .unwrap();
    assert_eq!(frozen.standard, "acme.people.hire");
    assert_eq!(frozen.framework_version, "1");
    assert_eq!(frozen.marks["experience"], mark(2, "first panel"));
    let current = a
        .archived
        .iter()
        .find(|x| x.review == "2026 review")
        .unwrap();
    assert_eq!(current.marks["knowledge"], mark(3, "read the guidance"));

    // Saved at once, the version before kept as the backup.
    let on_disk = load_assessment(&path).unwrap();
    assert_eq!(&on_disk, a);
    assert_eq!(on_disk.framework.version, "2");
    assert_eq!(fs::read(path.with_extension("ron.bak")).unwrap(), v1_bytes);
    drop(doc);

    // A second open changes nothing.
    let saved = fs::read(&path).unwrap();
    let mut again = store::open(&home, &path).unwrap();
    assert!(again.migration.is_none(), "{:?}", again.migration);
    // The closed review, read after opening, was rewritten with the new ids
    // then: reading it moves nothing again.
    let arrived = again
        .load_earlier_now()
        .unwrap()
        .expect("read after opening");
    assert!(!arrived.changed && arrived.message.is_none(), "{arrived:?}");
    assert_eq!(again.assessment, on_disk);
    assert_eq!(fs::read(&path).unwrap(), saved);
}

#[test]
fn a_standard_that_comes_back_gets_its_archived_marks_back() {
    let (_dir, home) = temp_home();
    let path = assess_acme_v1(&home);
    write_framework(&home, "acme.ron", &acme_v2());
    drop(store::open(&home, &path).unwrap());
    assert_eq!(load_assessment(&path).unwrap().archived.len(), 2);

    // Version 3 takes `hire` back: its marks return to both reviews, the
    // closed one's own file included, and leave Archived.
    let v3 = acme_v2().replace("version: \"2\"", "version: \"3\"").replace(
        "        (id: \"acme.people.care\"",
        "        (id: \"acme.people.hire\", text: \"Hires well.\", origin: Prompt),\n        (id: \"acme.people.care\"",
    );
    write_framework(&home, "acme.ron", &v3);
    let doc = store::open(&home, &path).unwrap();
    let migration = doc.migration.as_ref().expect("the framework changed");
    assert_eq!(migration.restored, ["acme.people.hire"]);
    assert!(migration.archived.is_empty());
    drop(doc);
    let a = load_assessment(&path).unwrap();
    assert_eq!(a.framework.version, "3");
    assert!(a.archived.is_empty(), "{:#?}", a.archived);
    assert_eq!(
        a.reviews[0].mark("acme.people.hire", "experience"),
        Some(&mark(2, "first panel"))
    );
    assert_eq!(
        a.reviews[1].mark("acme.people.hire", "knowledge"),
        Some(&mark(3, "read the guidance"))
    );
}

#[test]
fn a_read_only_open_migrates_in_memory_and_writes_nothing() {
    let (_dir, home) = temp_home();
    let path = assess_acme_v1(&home);
    let holder = store::open(&home, &path).unwrap();
    write_framework(&home, "acme.ron", &acme_v2());
    let before = fs::read(&path).unwrap();

    let second = store::open(&home, &path).unwrap();
    assert_eq!(second.read_only, Some(ReadOnly::Locked));
    assert!(second.migration.is_some());
    assert!(second.migration_unsaved.is_some());
    assert_eq!(second.assessment.framework.version, "2");
    assert_eq!(fs::read(&path).unwrap(), before);
    drop(holder);
}

#[test]
fn a_broken_new_version_stops_the_open_and_touches_nothing() {
    let (_dir, home) = temp_home();
    let path = assess_acme_v1(&home);
    let broken = acme_v2().replace("title: \"People\"", "title: \"\"");
    let framework_file = write_framework(&home, "acme.ron", &broken);
    let before = fs::read(&path).unwrap();

    let err = store::open(&home, &path).unwrap_err();
    assert!(matches!(err, OpenError::Invalid { .. }), "{err:?}");
    let message = err.to_string();
    let line = broken
        .lines()
        .position(|l| l.contains("title: \"\""))
        .unwrap()
        + 1;
    assert!(
        message.contains(&format!("{}:{line}:", framework_file.display())),
        "{message}"
    );
    assert!(message.contains("empty title"), "{message}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_custom_file_with_a_bundled_id_replaces_it_and_keeps_ratings() {
    let (_dir, home) = temp_home();
    let bundled_sl = bundled::by_id("senior-leadership").unwrap().unwrap();
    let path = new_assessment(&home, &bundled_sl, "Jane", "", None).unwrap();
    {
        let mut doc = store::open(&home, &path).unwrap();
        let r = doc.assessment.current_mut();
        *r.mark_mut("sl.place.1", "knowledge") = mark(4, "kept as it is");
        *r.mark_mut("sl.place.2", "judgement") = mark(3, "renamed");
        *r.mark_mut("sl.place.6", "experience") = mark(2, "removed");
        doc.save().unwrap();
    }
    // The organisation's own wording: a new version, one standard renamed,
    // one removed, everything else as bundled.
    let (_, text) = bundled::SOURCES
        .iter()
        .find(|(n, _)| *n == "senior-leadership.ron")
        .unwrap();
    let ours = text
        .replace("version: \"2025.1\"", "version: \"2026.1-acme\"")
        .replace("(id: \"sl.place.2\",", "(id: \"sl.place.trust\",")
        .replace(
            "        (id: \"sl.place.6\", text: \"Keeps self and wider organisation focused across place.\", origin: Published),\n",
            "",
        )
        .replacen(
            "  themes: [",
            "  renames: {\"sl.place.2\": \"sl.place.trust\"},\n  themes: [",
            1,
        );
    let file = write_framework(&home, "our-senior-leadership.ron", &ours);
    let v = reflect(&home, &["validate", file.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", stderr(&v));

    let doc = store::open(&home, &path).unwrap();
    assert_eq!(doc.framework.version, "2026.1-acme");
    let r = doc.assessment.current();
    assert_eq!(
        r.mark("sl.place.1", "knowledge"),
        Some(&mark(4, "kept as it is"))
    );
    assert_eq!(
        r.mark("sl.place.trust", "judgement"),
        Some(&mark(3, "renamed"))
    );
    assert_eq!(doc.assessment.archived.len(), 1);
    assert_eq!(doc.assessment.archived[0].standard, "sl.place.6");
    assert_eq!(doc.assessment.archived[0].framework_version, "2025.1");
    assert_eq!(
        load_assessment(&path).unwrap().framework.version,
        "2026.1-acme"
    );
    drop(doc);

    // `reflect frameworks` shows it, from its file, replacing the bundled one.
    let o = reflect(&home, &["frameworks"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let row = out
        .lines()
        .find(|l| l.starts_with("senior-leadership "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.contains("2026.1-acme"), "{row}");
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("senior-leadership "))
            .count(),
        1,
        "{out}"
    );
    let from = out
        .lines()
        .find(|l| l.contains(file.to_str().unwrap()))
        .unwrap_or_else(|| panic!("the file is listed:\n{out}"));
    assert!(
        from.trim_start().starts_with("senior-leadership "),
        "{from}"
    );
    assert!(from.ends_with("(replaces the bundled one)"), "{from}");
    assert!(
        out.lines().any(|l| l.starts_with("chief-executives ")),
        "{out}"
    );
}

#[test]
fn the_command_line_uses_custom_frameworks() {
    let (_dir, home) = temp_home();
    let file = write_framework(&home, "acme.ron", ACME_V1);
    let o = reflect(&home, &["frameworks"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.starts_with("acme ") && l.contains("Acme Leadership")),
        "{out}"
    );
    let listed = out
        .lines()
        .find(|l| l.contains(file.to_str().unwrap()))
        .unwrap();
    assert!(!listed.contains("replaces"), "{listed}");

    let o = reflect(&home, &["new", "--framework", "acme", "--name", "Sam"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = stdout(&o).trim().to_owned();
    let o = reflect(&home, &["summary", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("People"), "{}", stdout(&o));
    let o = reflect(&home, &["export", &path, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("acme.people.care"), "{}", stdout(&o));
    let o = reflect(&home, &["list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("0/6"), "{}", stdout(&o));

    // Unknown ids are listed with the custom ones.
    let o = reflect(&home, &["new", "--framework", "nope", "--name", "Sam"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("senior-leadership, chief-executives, acme"),
        "{err}"
    );
}

#[test]
fn summary_shows_a_renamed_standard_without_writing_the_file() {
    let (_dir, home) = temp_home();
    let path = assess_acme_v1(&home);
    write_framework(&home, "acme.ron", &acme_v2());
    let before = fs::read(&path).unwrap();
    let o = reflect(
        &home,
        &["export", path.to_str().unwrap(), "--format", "csv"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let develop = out
        .lines()
        .find(|l| l.contains("acme.people.develop") && l.contains("coaching two people"));
    assert!(develop.is_some(), "{out}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_broken_custom_file_is_reported_by_frameworks() {
    let (_dir, home) = temp_home();
    let text = ACME_V1.replace(
        "(id: \"acme.people.care\", text",
        "(id: \"acme.people.care\", stage: \"wisdom\", text",
    );
    let file = write_framework(&home, "acme.ron", &text);
    let o = reflect(&home, &["frameworks"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !stdout(&o).lines().any(|l| l.starts_with("acme ")),
        "{}",
        stdout(&o)
    );
    let err = stderr(&o);
    let line = text.lines().position(|l| l.contains("wisdom")).unwrap() + 1;
    let col = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("\"wisdom\"")
        .unwrap()
        + 1;
    assert!(
        err.lines().any(|l| l
            == format!(
                "{}:{line}:{col}: standard \"acme.people.care\": unknown stage \"wisdom\" \
                 (the stages are: knowledge, experience)",
                file.display()
            )),
        "{err}"
    );
    // The rest still works.
    assert!(
        stdout(&o)
            .lines()
            .any(|l| l.starts_with("senior-leadership "))
    );
}

// ------------------------------------------------------------ validate

/// A framework with one problem of each kind. Line numbers matter: the
/// test below names them.
const FAULTY: &str = r#"(
  id: "faulty",
  title: "Faulty",
  version: "1",
  source: (publisher: "Us", note: "Ours."),
  stages: [
    (id: "knowledge", name: "Acquiring knowledge", description: ""),
    (id: "experience", name: "", description: ""),
  ],
  scale: (
    levels: [
      (value: 1, label: "One", descriptor: ""),
      (value: 1, label: "", descriptor: ""),
      (value: 12, label: "Twelve", descriptor: ""),
    ],
    not_applicable: "n/a",
  ),
  themes: [
    (
      id: "t1",
      title: "A title that says (id: \"s1\") to fool a naive search",
      definition: "Def.",
      standards: [
        (id: "s1", text: "First.", origin: Published),
        (id: "s1", stage: "judgement", text: "", origin: Prompt),
      ],
    ),
    (id: "t2", title: "Two", definition: "Def.", standards: []),
  ],
  renames: {"s1": "s9", "old": "nowhere"},
)
"#;

/// `PATH:LINE:COL: message` where COL is where `needle` starts on that line.
fn at(path: &Path, text: &str, line: usize, needle: &str, message: &str) -> String {
    let l = text.lines().nth(line - 1).unwrap();
    let col = l[..l
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} on line {line}"))]
        .chars()
        .count()
        + 1;
    format!("{}:{line}:{col}: {message}", path.display())
}

#[test]
fn validate_reports_every_problem_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    let path = dir.path().join("faulty.ron");
    fs::write(&path, FAULTY).unwrap();
    let o = reflect(&home, &["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    let p = &path;
    let t = FAULTY;
    let expected = [
        at(
            p,
            t,
            8,
            "\"\", desc",
            "stage \"experience\" has an empty name",
        ),
        at(
            p,
            t,
            13,
            "1, label",
            "duplicate level value 1 (first at 12:15)",
        ),
        at(p, t, 13, "\"\", desc", "level 1 has an empty label"),
        at(
            p,
            t,
            14,
            "12",
            "level value 12 is out of range: values are 1 to 9 (the keys that set them)",
        ),
        at(p, t, 25, "\"s1\"", "duplicate id \"s1\" (first at 24:14)"),
        at(
            p,
            t,
            25,
            "\"judgement\"",
            "standard \"s1\": unknown stage \"judgement\" (the stages are: knowledge, experience)",
        ),
        at(
            p,
            t,
            25,
            "\"\", origin",
            "standard \"s1\" has an empty text",
        ),
        at(p, t, 28, "[]", "theme \"t2\" has no standards"),
        at(
            p,
            t,
            30,
            "\"s1\"",
            "rename \"s1\" -> \"s9\": \"s1\" is still a standard's id; a renamed id must not \
             be used again",
        ),
        at(
            p,
            t,
            30,
            "\"nowhere\"",
            "rename \"old\" -> \"nowhere\": no standard has the id \"nowhere\"",
        ),
    ];
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines, expected, "\n{err}");
}

#[test]
fn validate_reports_missing_stages_themes_and_scale() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    let path = dir.path().join("empty.ron");
    let text = "(\n  id: \"e\",\n  title: \"E\",\n  version: \"1\",\n  source: (publisher: \"\", note: \"\"),\n  stages: [],\n  scale: (levels: [(value: 1, label: \"One\", descriptor: \"\")], not_applicable: \"\"),\n  themes: [],\n)\n";
    fs::write(&path, text).unwrap();
    let o = reflect(&home, &["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            at(
                &path,
                text,
                6,
                "[]",
                "no stages: a framework needs at least one stage"
            ),
            at(
                &path,
                text,
                7,
                "[(",
                "the scale needs at least 2 levels; it has 1"
            ),
            at(
                &path,
                text,
                8,
                "[]",
                "no themes: a framework needs at least one theme"
            ),
        ],
        "\n{err}"
    );

    // A scale left out altogether is a missing field, where the struct ends.
    let text = "(\n  id: \"e\",\n  title: \"E\",\n  version: \"1\",\n  source: (publisher: \"\", note: \"\"),\n  stages: [],\n  themes: [],\n)\n";
    fs::write(&path, text).unwrap();
    let o = reflect(&home, &["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("{}:", path.display())), "{err}");
    assert!(err.contains("scale"), "{err}");
}

#[test]
fn validate_reports_a_syntax_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    let path = dir.path().join("broken.ron");
    // The comma after the title is missing: found at the next line.
    let text = ACME_V1.replace("title: \"Acme Leadership\",", "title: \"Acme Leadership\"");
    fs::write(&path, &text).unwrap();
    let o = reflect(&home, &["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("{}:4:", path.display())), "{err}");
}

#[test]
fn validate_a_valid_file_and_an_unreadable_one() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    let path = dir.path().join("acme.ron");
    fs::write(&path, ACME_V1).unwrap();
    let o = reflect(&home, &["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "valid: 1 themes, 3 standards\n");

    let missing = dir.path().join("missing.ron");
    let o = reflect(&home, &["validate", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with(&format!("{}: ", missing.display())));

    let bad = dir.path().join("latin1.ron");
    fs::write(&bad, b"(\n  id: \"caf\xe9\",\n)").unwrap();
    let o = reflect(&home, &["validate", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "{}:2:11: not valid UTF-8 text (save the file as UTF-8)\n",
            bad.display()
        )
    );
}
