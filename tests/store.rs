//! The store: users' words survive every save, nothing is written over a
//! file that cannot be read or that a newer reflect wrote, files are private.
//!
//! Every test works in its own temporary home; none reads or sets the
//! environment.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use jiff::civil::{Date, date};
use proptest::prelude::*;
use reflect::format::framework as bundled;
use reflect::model::assessment::{
    Archived, ArchivedRater, FrameworkRef, Rater, RaterRole, SPLIT_SCHEMA, View,
};
use reflect::model::plan::{Action, ActionKind, Link, Objective, Plan, Status, StatusSet};
use reflect::model::proposals::{Dismissal, Pin, PinKind};
use reflect::model::{Assessment, Mark, Person, Rating, Review, SCHEMA_VERSION, StageMarks};
use reflect::store::{
    self, Document, Home, OpenError, ReadOnly, list_assessments, load_assessment, new_assessment,
    save_assessment,
};
use tempfile::TempDir;

mod support;
use support::set_mtime;

// ---------------------------------------------------------------- helpers

fn temp_home() -> (TempDir, Home) {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    (dir, home)
}

fn senior() -> reflect::model::Framework {
    bundled::by_id("senior-leadership").unwrap().unwrap()
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// A small assessment with something in most fields.
fn sample() -> Assessment {
    let mut a = Assessment::new(
        FrameworkRef {
            id: "senior-leadership".into(),
            version: "2025.1".into(),
        },
        Person {
            name: "Jane O'Neill".into(),
            role: "Director of Place".into(),
            organisation: "Anytown Borough Council".into(),
        },
        Review::new("November 2026 review", date(2026, 11, 22)),
    );
    let mark = a.current_mut().mark_mut("sl.place.1", "knowledge");
    mark.rating = Rating::Level(3);
    mark.note = "Led the \"whole place\" work.\nSecond line, with a tab\there.".into();
    a
}

/// The assessment in `tests/fixtures/assessment-v1.ron`.
fn fixture_value() -> Assessment {
    let mut first = Review::new("May 2026 review", date(2026, 5, 11));
    first.frozen = Some(date(2026, 6, 30));
    {
        let m = first.mark_mut("sl.place.1", "knowledge");
        m.rating = Rating::Level(2);
        m.note = "Starting out: read the place-based leadership guidance.".into();
    }
    let mut current = Review::new("November 2026 review", date(2026, 11, 22));
    current.raters = vec![
        Rater {
            id: "coach".into(),
            name: "Sam Patel".into(),
            role: RaterRole::Coach,
        },
        Rater {
            id: "mentor".into(),
            name: "Alex Morgan".into(),
            role: RaterRole::Other("Mentor".into()),
        },
    ];
    {
        let m = current.mark_mut("sl.place.1", "knowledge");
        m.rating = Rating::Level(4);
        m.note = "Chaired the place board since June.\n\nTwo lines, a \"quote\", a back\\slash, café, 👩🏽‍💼.".into();
        m.others.insert(
            "coach".into(),
            View {
                rating: Rating::Level(3),
                note: "Agree mostly.".into(),
            },
        );
        m.agreed = Some(Rating::Level(3));
        m.next_step = "Shadow the leader at the LEP board.".into();
    }
    {
        let m = current.mark_mut("sl.place.1", "experience");
        m.rating = Rating::Level(2);
        m.carried = true;
    }
    {
        let m = current.mark_mut("sl.place.2", "judgement");
        m.rating = Rating::NotApplicable;
        m.note = "A private thought.".into();
        m.private = true;
    }
    let mut a = Assessment::new(
        FrameworkRef {
            id: "senior-leadership".into(),
            version: "2025.1".into(),
        },
        Person {
            name: "Jane O'Neill".into(),
            role: "Director of Place".into(),
            organisation: "Anytown Borough Council".into(),
        },
        first,
    );
    a.reviews.push(current);
    // Written by schema 1 as a list of actions with one standard and stage
    // and `done`: read as actions with ids, links and a status.
    a.plan = Plan {
        actions: vec![
            Action {
                id: 1,
                links: vec![Link::standard("sl.place.1", Some("experience"))],
                offer: Some("LGA Leadership Essentials".into()),
                due: Some(date(2027, 3, 31)),
                ..Action::new("Join the regional place leadership programme.")
            },
            Action {
                id: 2,
                status: Status::Done,
                ..Action::new("Read the Solace guide.")
            },
        ],
        last_action: 2,
        ..Plan::default()
    };
    let mut old = StageMarks::new();
    old.insert(
        "knowledge".to_string(),
        Mark {
            rating: Rating::Level(1),
            note: "Kept from a standard that was retired.".into(),
            ..Mark::default()
        },
    );
    a.archived = vec![Archived {
        standard: "sl.retired.1".into(),
        text: "A standard that is no longer in the framework.".into(),
        review: "May 2026 review".into(),
        framework_version: "2024.1".into(),
        marks: old,
    }];
    a
}

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assessment-v1.ron")
}

/// Write `text` as an assessment file in `home`, returning its path.
fn write_file(home: &Home, name: &str, text: &str) -> PathBuf {
    home.ensure().unwrap();
    let path = home.assessments_dir().join(name);
    fs::write(&path, text).unwrap();
    path
}

// ------------------------------------------------------------ round trips

#[test]
fn save_then_load_gives_back_the_same_assessment() {
    let (_dir, home) = temp_home();
    home.ensure().unwrap();
    let path = home.assessments_dir().join("jane.ron");
    let mut a = fixture_value();
    save_assessment(&path, &a).unwrap();
    // Written as schema 3, since it holds a plan.
    a.settle_schema();
    assert_eq!(load_assessment(&path).unwrap(), a);
}

/// The fixture as a schema-1 file holds it: every review in the file.
fn fixture_value_v1() -> Assessment {
    let mut a = fixture_value();
    a.schema = 1;
    a
}

#[test]
fn the_version_1_fixture_loads() {
    // Future versions must keep loading this file: never edit it.
    let a = load_assessment(&fixture_path()).unwrap();
    assert_eq!(a.schema, 1);
    assert_eq!(a, fixture_value_v1());
}

#[test]
fn the_version_1_fixture_as_schema_2_wrote_it_still_loads() {
    // Schema 2 wrote strings unescaped (a note's line breaks real ones, a
    // string holding `"` or `\` a raw string) and the plan as a list of
    // actions: never edit this file either.
    let written = fixture_path().with_file_name("assessment-v1-unescaped.ron");
    assert_eq!(load_assessment(&written).unwrap(), fixture_value_v1());
}

/// The fixture with everything schema 3 adds: an objective agreed with
/// the Leader, an action done with evidence, pins and a dismissal, and
/// the plan the closed review kept.
fn fixture_value_v3() -> Assessment {
    let mut a = fixture_value();
    a.schema = 3;
    let mut closed_plan = a.plan.clone();
    closed_plan.actions.truncate(1);
    a.reviews[0].plan_at_close = Some(closed_plan);
    a.plan.last_objective = 1;
    a.plan.objectives.push(Objective {
        id: 1,
        description: "Bring the partners behind one plan.".into(),
        measure: "Adopted by the board".into(),
        priority: "Thriving places".into(),
        agreed_by: Some("leader".into()),
        agreed_name: "Cllr Ada Jones".into(),
        agreed_on: Some(date(2026, 11, 25)),
        due: Some(date(2027, 6, 30)),
        history: vec![StatusSet {
            status: Status::Planned,
            on: date(2026, 11, 25),
        }],
        ..Objective::new("A place strategy")
    });
    let read = &mut a.plan.actions[1];
    read.kind = ActionKind::Reading;
    read.evidence = "Notes shared with the team.".into();
    read.objective = Some(1);
    read.links.push(Link::theme("sl.place", None));
    read.history = vec![
        StatusSet {
            status: Status::Planned,
            on: date(2026, 11, 22),
        },
        StatusSet {
            status: Status::Done,
            on: date(2026, 11, 30),
        },
    ];
    let current = a.reviews.last_mut().unwrap();
    current.pins = vec![
        Pin {
            kind: PinKind::Priority,
            theme: "sl.place".into(),
            stage: "experience".into(),
            reason: "among your lowest: 2.0 over 1 level".into(),
            carried: false,
        },
        Pin {
            kind: PinKind::Strength,
            theme: "sl.place".into(),
            stage: "knowledge".into(),
            reason: String::new(),
            carried: true,
        },
    ];
    current.dismissed = vec![Dismissal {
        kind: PinKind::Priority,
        theme: "sl.people".into(),
        stage: "judgement".into(),
    }];
    a
}

/// Where the schema-3 fixture is: `jane.ron` and `jane.reviews/`.
fn fixture_v3_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v3")
}

#[test]
fn schema_3_writes_the_plan_and_pins_byte_for_byte() {
    // Pins the on-disk format of schema 3. A deliberate format change may
    // update these files (with a new schema), never the older fixtures.
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("jane.ron");
    let mut doc = Document::detached(&path, fixture_value_v3(), senior());
    doc.save().unwrap();
    let mut written = files_under(dir.path());
    written.remove("jane.ron.bak");
    if std::env::var_os("REFLECT_WRITE_FIXTURES").is_some() {
        for (name, text) in &written {
            let to = fixture_v3_dir().join(name);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::write(to, text).unwrap();
        }
    }
    assert_eq!(written, files_under(&fixture_v3_dir()));
    let back = load_assessment(&fixture_v3_dir().join("jane.ron")).unwrap();
    assert_eq!(back, doc.assessment);
    assert_eq!(back.reviews, fixture_value_v3().reviews);
    assert_eq!(back.plan, fixture_value_v3().plan);
}

#[test]
fn saving_a_plan_raises_the_schema_so_older_builds_open_it_read_only() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("jane.ron");
    let mut a = fixture_value();
    a.plan = Plan::default();
    let mut doc = Document::detached(&path, a, senior());
    doc.save().unwrap();
    assert_eq!(load_assessment(&path).unwrap().schema, SPLIT_SCHEMA);
    doc.assessment.plan.actions.push(Action {
        id: 1,
        ..Action::new("Shadow the chief executive")
    });
    doc.save().unwrap();
    assert_eq!(
        load_assessment(&path).unwrap().schema,
        reflect::model::plan::PLAN_SCHEMA
    );
}

/// Where the schema-2 fixture is: `jane.ron` and `jane.reviews/`.
fn fixture_v2_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v2")
}

/// Every file under `dir`, by path relative to it, with its text.
fn files_under(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(at) = todo.pop() {
        for entry in fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                files.insert(name, fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn the_schema_2_fixture_still_loads() {
    // What schema 2 wrote: the closed review in `jane.reviews/`, named by
    // the assessment file, and the plan as a list. Never edit these files.
    let back = load_assessment(&fixture_v2_dir().join("jane.ron")).unwrap();
    assert_eq!(back.schema, 2);
    assert_eq!(back.reviews, fixture_value().reviews);
    assert_eq!(back.plan, fixture_value().plan);
    assert_eq!(back.archived, fixture_value().archived);
}

#[test]
fn an_empty_mark_round_trips() {
    // Every field of a Mark is skipped when default, so it is written `()`.
    let (_dir, home) = temp_home();
    home.ensure().unwrap();
    let path = home.assessments_dir().join("empty-mark.ron");
    let mut a = sample();
    a.current_mut().mark_mut("sl.place.3", "knowledge");
    a.current_mut()
        .mark_mut("sl.place.3", "experience")
        .others
        .insert("coach".into(), View::default());
    save_assessment(&path, &a).unwrap();
    assert_eq!(load_assessment(&path).unwrap(), a);
}

// ----------------------------------------------------------- parse errors

#[test]
fn a_parse_error_names_the_file_line_and_column() {
    let (_dir, home) = temp_home();
    let text = "(\n  schema: 1,\n  framework: (id: \"senior-leadership\", version: \"2025.1\"),\n  person: (name: \"Jane\"),\n  reviews: [\n    (title: \"A\", date: \"2026-11-22\", marks: {}),\n  ]\n  oops: 1,\n)\n";
    let path = write_file(&home, "broken.ron", text);
    let err = load_assessment(&path).unwrap_err();
    let OpenError::Parse { at, .. } = &err else {
        panic!("expected a parse error, got {err:?}");
    };
    assert_eq!((at.line, at.col), (8, 3), "{err}");
    assert_eq!(
        err.to_string(),
        format!("{}:8:3: {}", path.display(), at.message)
    );
    assert!(!at.message.is_empty());
}

#[test]
fn a_file_that_is_not_utf8_is_a_located_parse_error() {
    let (_dir, home) = temp_home();
    home.ensure().unwrap();
    let path = home.assessments_dir().join("latin1.ron");
    fs::write(
        &path,
        b"(\n  schema: 1,\n  person: (name: \"Si\xe2n\"),\n)\n",
    )
    .unwrap();
    let err = load_assessment(&path).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("{}:3:21: ", path.display())),
        "{err}"
    );
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let (_dir, home) = temp_home();
    let text = format!("\u{feff}{}", store::to_ron(&sample()).unwrap());
    let path = write_file(&home, "bom.ron", &text);
    assert_eq!(load_assessment(&path).unwrap(), sample());
}

#[test]
fn no_reviews_and_schema_zero_are_invalid() {
    let (_dir, home) = temp_home();
    let mut a = sample();
    a.reviews.clear();
    let path = write_file(&home, "none.ron", &store::to_ron(&a).unwrap());
    let err = load_assessment(&path).unwrap_err();
    assert!(matches!(err, OpenError::Invalid { .. }), "{err:?}");
    assert!(err.to_string().contains("no reviews"), "{err}");

    let mut a = sample();
    a.schema = 0;
    let path = write_file(&home, "zero.ron", &store::to_ron(&a).unwrap());
    let err = load_assessment(&path).unwrap_err();
    assert!(matches!(err, OpenError::Invalid { .. }), "{err:?}");
    assert!(err.to_string().contains("schema 0"), "{err}");
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let (_dir, home) = temp_home();
    let path = home.assessments_dir().join("nobody.ron");
    let err = load_assessment(&path).unwrap_err();
    assert!(matches!(err, OpenError::Io { .. }), "{err:?}");
    assert!(err.to_string().starts_with(&path.display().to_string()));
}

// ------------------------------------------------------- never overwrite

#[test]
fn save_never_overwrites_a_file_that_no_longer_parses() {
    let (_dir, home) = temp_home();
    home.ensure().unwrap();
    let path = home.assessments_dir().join("jane.ron");
    save_assessment(&path, &sample()).unwrap();
    // The user edits it by hand and breaks it.
    let broken = fs::read_to_string(&path)
        .unwrap()
        .replacen("reviews", "reveiws: [", 1);
    fs::write(&path, &broken).unwrap();
    let parse_error = load_assessment(&path).unwrap_err().to_string();

    let err = save_assessment(&path, &fixture_value()).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert!(err.to_string().starts_with(&parse_error), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn a_newer_schema_opens_read_only_and_is_never_saved_over() {
    let (_dir, home) = temp_home();
    let mut a = sample();
    a.schema = SCHEMA_VERSION + 1;
    let text = store::to_ron(&a).unwrap();
    let path = write_file(&home, "newer.ron", &text);

    let mut doc = store::open(&home, &path).unwrap();
    assert_eq!(
        doc.read_only,
        Some(ReadOnly::Newer {
            found: SCHEMA_VERSION + 1
        })
    );
    let err = doc.save().unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::PermissionDenied);
    let err = save_assessment(&path, &doc.assessment).unwrap_err();
    assert!(err.to_string().contains("newer reflect"), "{err}");
    // Nor with an assessment of our own schema over the newer file.
    assert!(save_assessment(&path, &sample()).is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(!path.with_extension("ron.bak").exists());
}

#[test]
fn a_newer_schema_that_has_changed_shape_says_so() {
    let (_dir, home) = temp_home();
    let text = format!(
        "(\n  schema: {},\n  owner: (name: \"Jane\"),\n  cycles: [],\n)\n",
        SCHEMA_VERSION + 1
    );
    let path = write_file(&home, "newer.ron", &text);
    let err = load_assessment(&path).unwrap_err();
    assert!(matches!(err, OpenError::Invalid { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("newer reflect"), "{message}");
    assert!(
        message.contains(&format!("schema {}", SCHEMA_VERSION + 1)),
        "{message}"
    );
    assert!(
        message.contains(&format!("up to {SCHEMA_VERSION}")),
        "{message}"
    );
}

#[test]
fn an_unknown_framework_is_invalid_and_lists_the_known_ones() {
    let (_dir, home) = temp_home();
    let mut a = sample();
    a.framework.id = "no-such-framework".into();
    let path = write_file(&home, "odd.ron", &store::to_ron(&a).unwrap());
    let err = store::open(&home, &path).unwrap_err();
    assert!(matches!(err, OpenError::Invalid { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("no-such-framework"), "{message}");
    assert!(message.contains("senior-leadership"), "{message}");
    assert!(message.contains("chief-executives"), "{message}");
}

// ------------------------------------------------------------- backups

#[test]
fn the_backup_holds_the_previous_version() {
    let (_dir, home) = temp_home();
    home.ensure().unwrap();
    let path = home.assessments_dir().join("jane.ron");
    let bak = home.assessments_dir().join("jane.ron.bak");
    let first = sample();
    save_assessment(&path, &first).unwrap();
    assert!(!bak.exists(), "nothing to back up on the first save");
    let first_bytes = fs::read(&path).unwrap();

    let mut second = first.clone();
    second
        .current_mut()
        .mark_mut("sl.place.2", "knowledge")
        .note = "More words.".into();
    save_assessment(&path, &second).unwrap();
    assert_eq!(fs::read(&bak).unwrap(), first_bytes);
    assert_eq!(load_assessment(&bak).unwrap(), first);
    assert_eq!(load_assessment(&path).unwrap(), second);

    // Saving again without a change writes nothing, so the backup still
    // holds the version before the last change.
    save_assessment(&path, &second).unwrap();
    assert_eq!(fs::read(&bak).unwrap(), first_bytes);
}

#[test]
fn a_file_deleted_while_open_is_written_again() {
    let (_dir, home) = temp_home();
    let path = new_assessment(&home, &senior(), "Jane", "", None).unwrap();
    let mut doc = store::open(&home, &path).unwrap();
    fs::remove_file(&path).unwrap();
    doc.save().unwrap();
    assert_eq!(load_assessment(&path).unwrap(), doc.assessment);
}

// ----------------------------------------------------------------- modes

#[test]
fn folders_are_0700_and_files_0600() {
    let (_dir, home) = temp_home();
    let path = new_assessment(&home, &senior(), "Jane O'Neill", "Director", None).unwrap();
    assert_eq!(mode(home.root()), 0o700);
    assert_eq!(mode(&home.assessments_dir()), 0o700);
    assert_eq!(mode(&path), 0o600);

    let doc = store::open(&home, &path).unwrap();
    assert_eq!(mode(&path.with_extension("ron.lock")), 0o600);
    assert_eq!(mode(&home.root().join("state.ron")), 0o600);

    // A file someone loosened is tightened by the next save, backup too.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let mut a = doc.assessment.clone();
    a.current_mut().mark_mut("sl.place.1", "knowledge").rating = Rating::Level(5);
    save_assessment(&path, &a).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&path.with_extension("ron.bak")), 0o600);
}

#[test]
fn ensure_leaves_an_existing_home_folder_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o750)).unwrap();
    let home = Home::at(dir.path());
    home.ensure().unwrap();
    assert_eq!(mode(dir.path()), 0o750);
    assert_eq!(mode(&home.assessments_dir()), 0o700);
}

// ------------------------------------------------------------------ lock

#[test]
fn a_second_open_is_read_only_until_the_first_is_dropped() {
    let (_dir, home) = temp_home();
    let path = new_assessment(&home, &senior(), "Jane", "", None).unwrap();
    let mut first = store::open(&home, &path).unwrap();
    assert_eq!(first.read_only, None);
    assert!(first.holds_lock());

    let mut second = store::open(&home, &path).unwrap();
    assert_eq!(second.read_only, Some(ReadOnly::Locked));
    assert!(!second.holds_lock());
    let err = second.save().unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::PermissionDenied);
    first.save().unwrap();

    drop(second);
    drop(first);
    let mut third = store::open(&home, &path).unwrap();
    assert_eq!(third.read_only, None);
    third.save().unwrap();
}

// --------------------------------------------------------- new assessment

#[test]
fn new_assessments_are_named_after_the_person_and_never_overwrite() {
    let (_dir, home) = temp_home();
    let fw = senior();
    let first = new_assessment(&home, &fw, "  Jane O'Neill ", " Director ", None).unwrap();
    assert_eq!(first, home.assessments_dir().join("jane-o-neill.ron"));
    let second = new_assessment(&home, &fw, "Jane O'Neill", "", None).unwrap();
    assert_eq!(second, home.assessments_dir().join("jane-o-neill-2.ron"));
    let third = new_assessment(&home, &fw, "jane o neill", "", None).unwrap();
    assert_eq!(third, home.assessments_dir().join("jane-o-neill-3.ron"));

    let a = load_assessment(&first).unwrap();
    // Nothing of schema 3 in it yet, so an older reflect can still open it.
    assert_eq!(a.schema, SPLIT_SCHEMA);
    assert_eq!(a.framework.id, "senior-leadership");
    assert_eq!(a.framework.version, fw.version);
    assert_eq!(a.person.name, "Jane O'Neill");
    assert_eq!(a.person.role, "Director");
    assert_eq!(a.person.organisation, "");
    assert_eq!(a.reviews.len(), 1);
    let review = a.current();
    assert!(review.marks.is_empty());
    assert!(
        review
            .title
            .ends_with(&format!("{} review", review.date.year()))
    );
    assert_eq!(
        review.title,
        review.date.strftime("%B %Y review").to_string()
    );
    // Opens as a writable document.
    assert_eq!(store::open(&home, &first).unwrap().read_only, None);
}

#[test]
fn a_name_whose_backup_is_left_over_is_not_reused() {
    let (_dir, home) = temp_home();
    home.ensure().unwrap();
    fs::write(home.assessments_dir().join("jane.ron.bak"), "old words").unwrap();
    let path = new_assessment(&home, &senior(), "Jane", "", None).unwrap();
    assert_eq!(path, home.assessments_dir().join("jane-2.ron"));
}

#[test]
fn a_given_file_that_exists_is_an_error_and_untouched() {
    let (dir, home) = temp_home();
    let file = dir.path().join("mine.ron");
    fs::write(&file, "precious words").unwrap();
    let err = new_assessment(&home, &senior(), "Jane", "", Some(&file)).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "precious words");

    let fresh = dir.path().join("fresh.ron");
    let path = new_assessment(&home, &senior(), "Jane", "", Some(&fresh)).unwrap();
    assert_eq!(path, fresh);
    assert_eq!(mode(&fresh), 0o600);
    assert_eq!(load_assessment(&fresh).unwrap().person.name, "Jane");
}

#[test]
fn a_new_assessment_needs_a_name() {
    let (_dir, home) = temp_home();
    assert!(new_assessment(&home, &senior(), "   ", "", None).is_err());
    assert!(list_assessments(&home).is_empty());
}

// ------------------------------------------------------------------ list

#[test]
fn the_list_is_newest_first_and_keeps_broken_files_with_their_error() {
    let (_dir, home) = temp_home();
    assert!(list_assessments(&home).is_empty(), "no folder yet");
    let fw = senior();
    let old = new_assessment(&home, &fw, "Old", "", None).unwrap();
    let new = new_assessment(&home, &fw, "New", "", None).unwrap();
    let broken = write_file(&home, "broken.ron", "(schema: 1, oops");
    // Side files that are not assessments.
    fs::write(home.assessments_dir().join("new.ron.bak"), "x").unwrap();
    fs::write(home.assessments_dir().join("new.ron.lock"), "").unwrap();
    fs::write(home.assessments_dir().join("notes.txt"), "x").unwrap();
    fs::create_dir(home.assessments_dir().join("folder.ron")).unwrap();

    let now = SystemTime::now();
    set_mtime(&old, now - Duration::from_secs(300));
    set_mtime(&broken, now - Duration::from_secs(200));
    set_mtime(&new, now - Duration::from_secs(100));

    let listed = list_assessments(&home);
    let paths: Vec<_> = listed.iter().map(|l| l.path.clone()).collect();
    assert_eq!(paths, vec![new.clone(), broken.clone(), old.clone()]);
    assert!(listed.iter().all(|l| l.modified.is_some()));
    assert_eq!(listed[0].assessment.as_ref().unwrap().person.name, "New");
    assert!(matches!(listed[1].assessment, Err(OpenError::Parse { .. })));
}

// ------------------------------------------------------- home and recent

#[test]
fn recent_remembers_the_last_opened_file_while_it_exists() {
    let (_dir, home) = temp_home();
    assert_eq!(home.recent(), None);
    let path = new_assessment(&home, &senior(), "Jane", "", None).unwrap();
    drop(store::open(&home, &path).unwrap());
    assert_eq!(home.recent(), Some(fs::canonicalize(&path).unwrap()));
    let state = fs::read_to_string(home.root().join("state.ron")).unwrap();
    assert!(state.contains("recent"), "{state}");

    fs::remove_file(&path).unwrap();
    assert_eq!(home.recent(), None);
}

#[test]
fn an_unreadable_state_file_is_no_recent_file() {
    let (_dir, home) = temp_home();
    home.ensure().unwrap();
    fs::write(home.root().join("state.ron"), "(recent: ").unwrap();
    assert_eq!(home.recent(), None);
    // And it is simply replaced next time.
    let path = new_assessment(&home, &senior(), "Jane", "", None).unwrap();
    home.set_recent(&path).unwrap();
    assert_eq!(home.recent(), Some(fs::canonicalize(&path).unwrap()));
}

#[test]
fn home_resolution_prefers_flag_then_environment_then_default() {
    let default = || Some(PathBuf::from("/data/reflect"));
    let flag = Home::resolve_from(Some("/flag".into()), Some("/env".into()), default).unwrap();
    assert_eq!(flag.root(), Path::new("/flag"));
    let env = Home::resolve_from(None, Some("/env".into()), default).unwrap();
    assert_eq!(env.root(), Path::new("/env"));
    let empty_env = Home::resolve_from(None, Some("".into()), default).unwrap();
    assert_eq!(empty_env.root(), Path::new("/data/reflect"));
    assert!(Home::resolve_from(None, None, || None).is_err());
}

#[test]
fn a_detached_document_saves_without_a_lock() {
    let (_dir, home) = temp_home();
    home.ensure().unwrap();
    let path = home.assessments_dir().join("d.ron");
    let mut doc = Document::detached(&path, sample(), senior());
    assert!(!doc.holds_lock());
    doc.save().unwrap();
    assert_eq!(load_assessment(&path).unwrap(), sample());
}

// -------------------------------------------------------------- proptest

/// Text that is hard to write and read back: any char, plus a bias towards
/// escapes, controls, quotes, RTL, combining marks and emoji sequences.
fn text() -> impl Strategy<Value = String> {
    let tricky = prop::sample::select(vec![
        '\0',
        '\r',
        '\n',
        '\t',
        '"',
        '\\',
        '\'',
        '#',
        '{',
        '}',
        '(',
        ')',
        ',',
        ':',
        '/',
        '*',
        'é',
        '\u{301}',
        '\u{200d}',
        '\u{200b}',
        '\u{202e}',
        '\u{feff}',
        '\u{7f}',
        '\u{1b}',
        'ש',
        'ل',
        '𝄞',
        '👩',
        '🏽',
        '💼',
        '\u{fe0f}',
        'ŵ',
        '\u{10ffff}',
    ]);
    let c = prop_oneof![3 => any::<char>(), 2 => tricky, 2 => prop::char::range('a', 'z')];
    prop::collection::vec(c, 0..24).prop_map(|cs| cs.into_iter().collect())
}

fn rating() -> impl Strategy<Value = Rating> {
    prop_oneof![
        Just(Rating::Unrated),
        Just(Rating::NotApplicable),
        (1u8..=5).prop_map(Rating::Level),
        any::<u8>().prop_map(Rating::Level),
    ]
}

fn a_date() -> impl Strategy<Value = Date> {
    (-9999i16..=9999, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d))
}

fn view() -> impl Strategy<Value = View> {
    (rating(), text()).prop_map(|(rating, note)| View { rating, note })
}

fn mark() -> impl Strategy<Value = Mark> {
    (
        rating(),
        text(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::btree_map(text(), view(), 0..3),
        prop::option::of(rating()),
        text(),
        text(),
    )
        .prop_map(
            |(rating, note, private, carried, others, agreed, session_note, next_step)| Mark {
                rating,
                note,
                private,
                carried,
                others,
                agreed,
                session_note,
                next_step,
            },
        )
}

fn marks() -> impl Strategy<Value = BTreeMap<String, StageMarks>> {
    prop::collection::btree_map(
        text(),
        prop::collection::btree_map(text(), mark(), 0..3)
            .prop_map(|stages| stages.into_iter().collect()),
        0..3,
    )
}

fn rater() -> impl Strategy<Value = Rater> {
    let role = prop_oneof![
        Just(RaterRole::Coach),
        Just(RaterRole::LineManager),
        Just(RaterRole::Leader),
        Just(RaterRole::Peer),
        text().prop_map(RaterRole::Other),
    ];
    (text(), text(), role).prop_map(|(id, name, role)| Rater { id, name, role })
}

fn archived_rater() -> impl Strategy<Value = ArchivedRater> {
    (
        rater(),
        a_date(),
        prop::collection::btree_map(
            text(),
            prop::collection::btree_map(text(), view(), 0..3),
            0..3,
        ),
    )
        .prop_map(|(rater, removed, views)| ArchivedRater {
            rater,
            removed,
            views,
        })
}

fn review() -> impl Strategy<Value = Review> {
    (
        text(),
        a_date(),
        prop::option::of(a_date()),
        prop::collection::vec(rater(), 0..3),
        prop::collection::vec(archived_rater(), 0..2),
        marks(),
        (pins(), dismissals(), prop::option::of(plan())),
    )
        .prop_map(
            |(title, date, frozen, raters, archived_raters, marks, (pins, dismissed, plan))| {
                Review {
                    title,
                    date,
                    frozen,
                    raters,
                    archived_raters,
                    marks,
                    pins,
                    dismissed,
                    plan_at_close: plan,
                    merged: Vec::new(),
                }
            },
        )
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

fn status_sets() -> impl Strategy<Value = Vec<StatusSet>> {
    prop::collection::vec(
        (status(), a_date()).prop_map(|(status, on)| StatusSet { status, on }),
        0..3,
    )
}

fn link() -> impl Strategy<Value = Link> {
    (
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
    )
        .prop_map(|(theme, standard, stage)| Link {
            theme,
            standard,
            stage,
        })
}

fn action() -> impl Strategy<Value = Action> {
    (
        text(),
        prop::sample::select(ActionKind::ALL.to_vec()),
        prop::collection::vec(link(), 0..3),
        (prop::option::of(text()), prop::option::of(1..5u32)),
        prop::option::of(a_date()),
        (status(), status_sets()),
        text(),
    )
        .prop_map(
            |(action, kind, links, (offer, objective), due, (status, history), evidence)| Action {
                kind,
                links,
                offer,
                objective,
                due,
                status,
                history,
                evidence,
                ..Action::new(&action)
            },
        )
}

fn objective() -> impl Strategy<Value = Objective> {
    (
        (text(), text(), text(), text()),
        (prop::option::of(text()), text(), prop::option::of(a_date())),
        prop::option::of(a_date()),
        (status(), status_sets()),
    )
        .prop_map(
            |(
                (title, description, measure, priority),
                (agreed_by, agreed_name, agreed_on),
                due,
                (status, history),
            )| Objective {
                title,
                description,
                measure,
                priority,
                agreed_by,
                agreed_name,
                agreed_on,
                due,
                status,
                history,
                ..Objective::default()
            },
        )
}

/// A plan as reading one gives it: ids from 1, in order.
fn plan() -> impl Strategy<Value = Plan> {
    (
        prop::collection::vec(objective(), 0..3),
        prop::collection::vec(action(), 0..3),
    )
        .prop_map(|(mut objectives, mut actions)| {
            for (i, o) in objectives.iter_mut().enumerate() {
                o.id = i as u32 + 1;
            }
            for (i, a) in actions.iter_mut().enumerate() {
                a.id = i as u32 + 1;
            }
            Plan {
                last_objective: objectives.len() as u32,
                last_action: actions.len() as u32,
                objectives,
                actions,
            }
        })
}

fn pin_kind() -> impl Strategy<Value = PinKind> {
    prop::sample::select(vec![PinKind::Strength, PinKind::Priority])
}

fn pins() -> impl Strategy<Value = Vec<Pin>> {
    prop::collection::vec(
        (pin_kind(), text(), text(), text(), any::<bool>()).prop_map(
            |(kind, theme, stage, reason, carried)| Pin {
                kind,
                theme,
                stage,
                reason,
                carried,
            },
        ),
        0..3,
    )
}

fn dismissals() -> impl Strategy<Value = Vec<Dismissal>> {
    prop::collection::vec(
        (pin_kind(), text(), text()).prop_map(|(kind, theme, stage)| Dismissal {
            kind,
            theme,
            stage,
        }),
        0..2,
    )
}

fn archived() -> impl Strategy<Value = Archived> {
    (
        text(),
        text(),
        text(),
        text(),
        prop::collection::btree_map(text(), mark(), 0..3),
    )
        .prop_map(
            |(standard, text, review, framework_version, marks)| Archived {
                standard,
                text,
                review,
                framework_version,
                marks: marks.into_iter().collect(),
            },
        )
}

fn assessment() -> impl Strategy<Value = Assessment> {
    (
        1..=SCHEMA_VERSION,
        (text(), text()),
        (text(), text(), text()),
        prop::collection::vec(review(), 1..4),
        plan(),
        prop::collection::vec(archived(), 0..2),
    )
        .prop_map(
            |(schema, (id, version), (name, role, organisation), reviews, plan, archived)| {
                Assessment {
                    schema,
                    framework: FrameworkRef { id, version },
                    person: Person {
                        name,
                        role,
                        organisation,
                    },
                    earlier: Vec::new(),
                    reviews,
                    plan,
                    archived,
                    person_id: None,
                    sheet: None,
                    earlier_loaded: false,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_assessment_survives_save_and_load(a in assessment()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        save_assessment(&path, &a).unwrap();
        // Its schema raised to what it holds (schema 3 for a plan or pins).
        let mut a = a;
        a.settle_schema();
        prop_assert_eq!(load_assessment(&path).unwrap(), a.clone());
        // And a second save (with a backup) keeps it too.
        let mut b = a.clone();
        b.person.name.push('!');
        save_assessment(&path, &b).unwrap();
        prop_assert_eq!(load_assessment(&path).unwrap(), b);
        prop_assert_eq!(load_assessment(&dir.path().join("a.ron.bak")).unwrap(), a);
    }

    #[test]
    fn closed_reviews_move_to_their_own_files_once_and_read_back(
        a in assessment(),
        title in text(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let closed = a.reviews.len() - 1;
        let mut doc = Document::detached(&path, a.clone(), senior());
        doc.save().unwrap();
        // Every closed review is in a file of its own, named in order.
        prop_assert_eq!(doc.assessment.earlier.len(), closed);
        prop_assert_eq!(&doc.assessment.reviews, &a.reviews);
        let on_disk = load_assessment(&path).unwrap();
        prop_assert_eq!(&on_disk, &doc.assessment);
        let folder = dir.path().join("a.reviews");
        let files = || files_under(&folder);
        let before = if closed > 0 { files() } else { BTreeMap::new() };
        prop_assert_eq!(before.len(), closed);
        // A new review closes the current one: one more file, the others untouched.
        let mut doc = Document::detached(&path, on_disk, senior());
        let next = format!("{title} (next)");
        if doc.assessment.start_review(&next, date(2099, 1, 1)).is_ok() {
            doc.save().unwrap();
            let after = files();
            prop_assert_eq!(after.len(), closed + 1);
            for (name, text) in &before {
                prop_assert_eq!(after.get(name), Some(text));
            }
            prop_assert_eq!(load_assessment(&path).unwrap(), doc.assessment);
        }
    }
}

/// An assessment naming a closed review outside its own `.reviews` folder
/// (as someone could send one) is refused at the `file:` entry, and
/// nothing there is read.
#[test]
fn a_closed_review_file_outside_the_assessment_s_folder_is_refused_where_it_is_named() {
    let (_dir, home) = temp_home();
    let path = new_assessment(&home, &senior(), "Jo", "", None).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    for bad in [
        "/etc/passwd",
        "../../secret.ron",
        "jo.reviews/../../x.ron",
        "other.reviews/01.ron",
    ] {
        let hostile = text.replacen(
            "reviews: [",
            &format!(
                "earlier: [\n    (title: \"Old\", date: \"2025-01-01\", frozen: \"2025-02-01\",\n     file: \"{bad}\"),\n  ],\n  reviews: ["
            ),
            1,
        );
        std::fs::write(&path, &hostile).unwrap();
        let err = reflect::store::open(&home, &path).unwrap_err().to_string();
        let line = hostile.lines().position(|l| l.contains("file:")).unwrap() + 1;
        let col = hostile
            .lines()
            .nth(line - 1)
            .unwrap()
            .find("file:")
            .unwrap()
            + 1;
        assert!(
            err.starts_with(&format!("{}:{line}:{col}: ", path.display())),
            "{bad}: {err}"
        );
        assert!(err.contains("jo.reviews/"), "{err}");
    }
}

/// A FIFO, a folder or a device where an assessment should be is refused
/// at once, never waited on or read without end.
#[test]
fn only_regular_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let home = reflect::store::Home::at(dir.path());
    let fifo = dir.path().join("fifo.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let started = std::time::Instant::now();
    for path in [
        fifo.as_path(),
        dir.path(),
        std::path::Path::new("/dev/zero"),
    ] {
        let err = reflect::store::open(&home, path).unwrap_err().to_string();
        assert!(err.contains("reflect will not read it"), "{err}");
        assert!(err.starts_with(&path.display().to_string()), "{err}");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

/// A file whose lock cannot be taken (here the lock's name is a folder;
/// in life, a read-only folder) opens read-only rather than not at all,
/// and nothing is written.
#[test]
fn a_file_whose_lock_cannot_be_taken_opens_read_only() {
    let (_dir, home) = temp_home();
    let path = new_assessment(&home, &senior(), "Jo", "", None).unwrap();
    std::fs::create_dir(format!("{}.lock", path.display())).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut doc = reflect::store::open(&home, &path).unwrap();
    assert!(
        matches!(
            doc.read_only,
            Some(reflect::store::ReadOnly::Unlockable { .. })
        ),
        "{:?}",
        doc.read_only
    );
    let err = doc.save().unwrap_err().to_string();
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

/// The last file opened is remembered relative to the home when it is in
/// it, so a copied home opens its own copy, never the original.
#[test]
fn a_copied_home_remembers_its_own_copy() {
    let (dir, home) = temp_home();
    let path = new_assessment(&home, &senior(), "Jane", "", None).unwrap();
    drop(store::open(&home, &path).unwrap());
    let state = fs::read_to_string(home.root().join("state.ron")).unwrap();
    assert!(!state.contains(&*dir.path().to_string_lossy()), "{state}");
    let copy = dir.path().join("copy");
    let copied = std::process::Command::new("cp")
        .arg("-a")
        .arg(home.root())
        .arg(&copy)
        .status()
        .unwrap();
    assert!(copied.success());
    let copied_home = Home::at(&copy);
    assert_eq!(
        copied_home.recent(),
        Some(fs::canonicalize(copy.join("assessments/jane.ron")).unwrap())
    );
}

/// A level off the scale in a closed review's own file is an error in that
/// file also when the closed reviews are read after opening (the framework
/// unchanged), never a level shown or counted.
#[test]
fn a_level_off_the_scale_in_a_closed_review_read_after_opening_is_an_error_there() {
    let (_dir, home) = temp_home();
    let path = new_assessment(&home, &senior(), "Jo", "", None).unwrap();
    let mut doc = reflect::store::open(&home, &path).unwrap();
    doc.assessment
        .current_mut()
        .mark_mut("sl.place.1", "knowledge")
        .rating = reflect::model::Rating::Level(2);
    doc.assessment
        .start_review("Next", jiff::Zoned::now().date())
        .unwrap();
    doc.save().unwrap();
    let review = home.assessments_dir().join(&doc.assessment.earlier[0].file);
    drop(doc);
    let text = std::fs::read_to_string(&review).unwrap();
    assert!(text.contains("Level(2)"), "{text}");
    std::fs::write(&review, text.replace("Level(2)", "Level(9)")).unwrap();
    let mut doc = reflect::store::open(&home, &path).unwrap();
    let why = doc.load_earlier_now().unwrap_err();
    assert!(why.contains(&format!("{}:", review.display())), "{why}");
    assert!(why.contains("not on the framework's scale"), "{why}");
}

#[test]
fn a_person_id_raises_the_schema_to_4_and_round_trips() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("jane.ron");
    let mut a = fixture_value();
    a.plan = Plan::default();
    let mut doc = Document::detached(&path, a, senior());
    doc.save().unwrap();
    assert!(load_assessment(&path).unwrap().schema < SCHEMA_VERSION);
    doc.assessment.person_id = Some("0123456789abcdef0123456789abcdef".into());
    doc.save().unwrap();
    let back = load_assessment(&path).unwrap();
    assert_eq!(back.schema, SCHEMA_VERSION);
    assert_eq!(back.person_id, doc.assessment.person_id);
}
