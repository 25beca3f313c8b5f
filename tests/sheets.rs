//! A rater's sheet out and back (`reflect sheet`, `reflect merge`), and a
//! cohort share (`reflect share`), run as a user would.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reflect::model::Rating;
use reflect::store::{load_assessment, save_assessment};

fn reflect(home: &Path) -> Command {
    support::reflect_in_home(home)
}

fn run(home: &Path, args: &[&str]) -> Output {
    reflect(home).args(args).output().unwrap()
}

fn ok(out: &Output) -> String {
    support::stdout_ok(out)
}

const LEADER_NOTE: &str = "Leader's own words about the place board";

/// A leader's assessment: their own level and a note on the first standard.
fn leader(home: &Path) -> PathBuf {
    let out = run(
        home,
        &[
            "new",
            "-f",
            "senior-leadership",
            "-n",
            "Robin Hale",
            "-r",
            "Director of Place",
        ],
    );
    let path = PathBuf::from(ok(&out).trim());
    let mut a = load_assessment(&path).unwrap();
    let r = a.current_mut();
    r.set_rating("sl.place.1", "knowledge", Rating::Level(4))
        .unwrap();
    r.set_note("sl.place.1", "knowledge", LEADER_NOTE).unwrap();
    save_assessment(&path, &a).unwrap();
    path
}

/// `reflect sheet`, returning the sheet's path.
fn sheet(home: &Path, file: &Path) -> PathBuf {
    let out = run(
        home,
        &[
            "sheet",
            file.to_str().unwrap(),
            "--rater",
            "coach",
            "--name",
            "Sam Patel",
        ],
    );
    PathBuf::from(ok(&out).lines().next().unwrap())
}

/// The coach, on their own machine, rates the sheet.
fn fill(sheet: &Path, level: u8, note: &str) {
    let mut s = load_assessment(sheet).unwrap();
    let r = s.current_mut();
    r.set_rating("sl.place.1", "knowledge", Rating::Level(level))
        .unwrap();
    r.set_note("sl.place.1", "knowledge", note).unwrap();
    r.set_rating("sl.place.2", "experience", Rating::Level(3))
        .unwrap();
    r.set_note("sl.place.2", "experience", "the coach's private aside")
        .unwrap();
    r.set_private("sl.place.2", "experience", true).unwrap();
    save_assessment(sheet, &s).unwrap();
}

fn merge(home: &Path, file: &Path, sheet: &Path, args: &[&str]) -> Output {
    let mut all = vec!["merge", file.to_str().unwrap(), sheet.to_str().unwrap()];
    all.extend_from_slice(args);
    run(home, &all)
}

#[test]
fn a_sheet_holds_none_of_the_leaders_words_and_is_never_written_over() {
    let home = tempfile::tempdir().unwrap();
    let file = leader(home.path());
    let path = sheet(home.path(), &file);
    assert_eq!(
        path,
        home.path().join("assessments/robin-hale-sheet-coach.ron")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(LEADER_NOTE), "{text}");
    assert!(
        !text.contains("Level(4)"),
        "the leader's level is not on it"
    );
    assert!(
        text.starts_with("// A rater's sheet from reflect: Sam Patel (coach) rating Robin Hale")
    );
    // Every standard's wording, for a rater filling it in by hand.
    assert!(text.contains("\"sl.place.1\": \""), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A second sheet for the same rater goes beside, not over, the first.
    let second = sheet(home.path(), &file);
    assert_eq!(
        second,
        home.path().join("assessments/robin-hale-sheet-coach-2.ron")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // --output over a file that is there is refused.
    let out = run(
        home.path(),
        &[
            "sheet",
            file.to_str().unwrap(),
            "--rater",
            "coach",
            "--output",
            second.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_coach_fills_a_sheet_in_another_home_and_the_leader_merges_it_once() {
    let leader_home = tempfile::tempdir().unwrap();
    let coach_home = tempfile::tempdir().unwrap();
    let file = leader(leader_home.path());
    let written = sheet(leader_home.path(), &file);
    let theirs = coach_home.path().join("for-sam.ron");
    std::fs::copy(&written, &theirs).unwrap();
    fill(&theirs, 2, "Strong grip of the local economy");

    // Without a terminal to ask on, --yes is needed; nothing changes.
    let before = std::fs::read(&file).unwrap();
    let out = merge(leader_home.path(), &file, &theirs, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert_eq!(std::fs::read(&file).unwrap(), before);

    let shown = ok(&merge(leader_home.path(), &file, &theirs, &["--yes"]));
    assert!(
        shown.contains("Sam Patel (coach) added as a rater"),
        "{shown}"
    );
    assert!(
        shown.contains("1 note the rater marked private left out"),
        "{shown}"
    );
    let a = load_assessment(&file).unwrap();
    let r = a.current();
    let view = r.view("sl.place.1", "knowledge", "coach").unwrap();
    assert_eq!(view.rating, Rating::Level(2));
    assert_eq!(view.note, "Strong grip of the local economy");
    // Two levels apart from the leader's 4: the tree flags it.
    assert!(r.mark("sl.place.1", "knowledge").unwrap().diverged());
    assert_eq!(r.mark("sl.place.1", "knowledge").unwrap().note, LEADER_NOTE);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("the coach's private aside"));

    // The same sheet again changes nothing.
    let after = std::fs::read(&file).unwrap();
    let again = ok(&merge(leader_home.path(), &file, &theirs, &["--yes"]));
    assert!(again.starts_with("Nothing to merge"), "{again}");
    assert_eq!(std::fs::read(&file).unwrap(), after);
}

#[test]
fn a_field_changed_on_both_sides_is_chosen_and_the_other_value_kept_in_a_conflict_copy() {
    let home = tempfile::tempdir().unwrap();
    let file = leader(home.path());
    let theirs = sheet(home.path(), &file);
    fill(&theirs, 2, "From the sheet");
    // Meanwhile the coach's level went in on the leader's laptop.
    let mut a = load_assessment(&file).unwrap();
    let r = a.current_mut();
    r.add_rater("Sam Patel", reflect::model::assessment::RaterRole::Coach)
        .unwrap();
    r.set_view_rating("sl.place.1", "knowledge", "coach", Rating::Level(5))
        .unwrap();
    save_assessment(&file, &a).unwrap();

    let before = std::fs::read(&file).unwrap();
    let out = merge(home.path(), &file, &theirs, &["--yes"]);
    assert_eq!(out.status.code(), Some(2), "never settled silently");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--keep"));
    assert_eq!(std::fs::read(&file).unwrap(), before);

    let shown = ok(&merge(
        home.path(),
        &file,
        &theirs,
        &["--yes", "--keep", "ours"],
    ));
    assert!(
        shown.contains("CONFLICT sl.place.1 Acquiring knowledge: level here 5, on the sheet 2"),
        "{shown}"
    );
    let a = load_assessment(&file).unwrap();
    let view = a
        .current()
        .view("sl.place.1", "knowledge", "coach")
        .unwrap();
    assert_eq!(view.rating, Rating::Level(5), "ours kept");
    assert_eq!(view.note, "From the sheet", "the rest came in");
    // The sheet's value is kept in the conflict copy.
    let copy = shown
        .lines()
        .find_map(|l| l.strip_prefix("The values not taken are kept in "))
        .map(|p| PathBuf::from(p.trim_end_matches('.')))
        .expect("the conflict copy is named");
    let other = load_assessment(&copy).unwrap();
    assert_eq!(
        other
            .current()
            .view("sl.place.1", "knowledge", "coach")
            .unwrap()
            .rating,
        Rating::Level(2)
    );
    // And merging again finds nothing new to do.
    let after = std::fs::read(&file).unwrap();
    let again = ok(&merge(home.path(), &file, &theirs, &["--yes"]));
    assert!(again.contains("was merged into"), "{again}");
    assert_eq!(std::fs::read(&file).unwrap(), after);
}

#[test]
fn a_sheet_for_a_closed_review_or_another_framework_is_refused_or_mapped() {
    let home = tempfile::tempdir().unwrap();
    let file = leader(home.path());
    let theirs = sheet(home.path(), &file);
    fill(&theirs, 3, "Said in March");
    ok(&run(
        home.path(),
        &[
            "review",
            "start",
            file.to_str().unwrap(),
            "--title",
            "2027 annual",
            "--date",
            "2027-03-01",
        ],
    ));
    // Closed "on" its own date: jiff's today in the command, so the
    // message names whatever day that was.
    let closed = load_assessment(&file).unwrap().reviews[0].frozen.unwrap();
    let out = merge(home.path(), &file, &theirs, &["--yes"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("which was closed on {closed}")),
        "{err}"
    );
    assert!(err.contains("--into-current"), "{err}");
    let shown = ok(&merge(
        home.path(),
        &file,
        &theirs,
        &["--yes", "--into-current"],
    ));
    assert!(
        shown.contains("its levels go into the current review"),
        "{shown}"
    );
    let a = load_assessment(&file).unwrap();
    assert_eq!(a.current().title, "2027 annual");
    assert_eq!(
        a.current()
            .view("sl.place.1", "knowledge", "coach")
            .unwrap()
            .rating,
        Rating::Level(3)
    );

    // Another framework's assessment refuses it.
    let other = PathBuf::from(
        ok(&run(
            home.path(),
            &["new", "-f", "chief-executives", "-n", "Robin Hale"],
        ))
        .trim(),
    );
    let out = merge(home.path(), &other, &theirs, &["--yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("framework \"senior-leadership\""));
    // And an assessment is not a sheet.
    let out = merge(home.path(), &other, &file, &["--yes"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a rater's sheet"));
}

#[test]
fn a_share_holds_levels_only_and_the_same_random_id_each_time() {
    let home = tempfile::tempdir().unwrap();
    let file = leader(home.path());
    let theirs = sheet(home.path(), &file);
    fill(&theirs, 2, "the coach's words");
    ok(&merge(home.path(), &file, &theirs, &["--yes"]));

    let out = run(
        home.path(),
        &["share", file.to_str().unwrap(), "--for", "cohort"],
    );
    assert_eq!(out.status.code(), Some(2), "asks first; no terminal: --yes");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("role level: director"), "{shown}");
    assert!(shown.contains("no name (add --with-name"), "{shown}");
    assert!(
        load_assessment(&file).unwrap().person_id.is_none(),
        "nothing written"
    );

    let out = ok(&run(
        home.path(),
        &["share", file.to_str().unwrap(), "--for", "cohort", "--yes"],
    ));
    let path = PathBuf::from(out.lines().last().unwrap());
    assert!(path.starts_with(home.path().join("shares")), "{path:?}");
    let text = std::fs::read_to_string(&path).unwrap();
    for secret in [
        LEADER_NOTE,
        "the coach's words",
        "Robin Hale",
        "Sam Patel",
        "coach",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let share: reflect::model::share::Share = reflect::store::parse_ron(&text).unwrap();
    let id = load_assessment(&file).unwrap().person_id.expect("kept");
    assert_eq!(share.person, id);
    assert_eq!(share.reviews.len(), 1);
    assert_eq!(
        share.reviews[0].levels["sl.place.1"]["knowledge"],
        Rating::Level(4)
    );
    assert_eq!(share.level_count(), 1);

    let out = ok(&run(
        home.path(),
        &[
            "share",
            file.to_str().unwrap(),
            "--for",
            "cohort",
            "--yes",
            "--with-name",
        ],
    ));
    let second = PathBuf::from(out.lines().last().unwrap());
    assert_ne!(second, path, "the first share is not written over");
    let share: reflect::model::share::Share =
        reflect::store::parse_ron(&std::fs::read_to_string(&second).unwrap()).unwrap();
    assert_eq!(share.person, id, "the same person id");
    assert_eq!(share.name.as_deref(), Some("Robin Hale"));
}

#[test]
fn a_sheet_holding_more_than_one_review_is_refused_and_nothing_changes() {
    let home = tempfile::tempdir().unwrap();
    let file = leader(home.path());
    let theirs = sheet(home.path(), &file);
    fill(&theirs, 2, "words");
    // Someone sent a "sheet" with a second review in it.
    let mut s = load_assessment(&theirs).unwrap();
    s.start_review("Another", jiff::civil::date(2027, 1, 1))
        .unwrap();
    save_assessment(&theirs, &s).unwrap();
    let before = std::fs::read(&file).unwrap();
    let out = merge(home.path(), &file, &theirs, &["--yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("a rater's sheet holds one review; this one holds 2"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}
