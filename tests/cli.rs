//! The `reflect` binary run as a user would, always against a temporary home
//! (`--home`, with `REFLECT_HOME` removed) so a real home is never touched.
//! Standard input is never a terminal here, so the app itself never starts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use reflect::model::{Framework, Rating, bundled};
use reflect::store;

fn reflect_in(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("REFLECT_HOME")
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

/// A minimal RFC 4180 reader: rows of fields, every row ended by CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (vec![], vec![], String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR not followed by LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("bare LF outside quotes"),
            (false, c) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "last row lacks CRLF");
    rows
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
    for command in ["new", "frameworks", "list", "summary", "export"] {
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
    assert!(line.contains("Sam Jones, Director of Place"), "{line}");
    assert!(line.contains("senior-leadership"), "{line}");
    let total = pairs(&framework("senior-leadership"));
    assert!(line.contains(&format!(" 0/{total} ")), "{line}");
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
        let o = reflect_in(
            home.path(),
            &["export", path.to_str().unwrap(), "--format", "csv"],
        );
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
                "note"
            ]
        );
        let fw = framework(id);
        assert_eq!(rows.len(), 1 + pairs(&fw), "{id}");
        assert!(
            rows[1..]
                .iter()
                .all(|r| r.len() == 9 && r[0] == id && r[6].is_empty())
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
