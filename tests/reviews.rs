//! Review cycles, other raters and comparison against the version 1 file
//! format: files written before these features keep loading, gain nothing
//! when saved again, and work with every new function.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::date;
use reflect::format::framework as bundled;
use reflect::model::Rating;
use reflect::model::compare::Change;
use reflect::model::review::{to_discuss, visible_note};
use reflect::report::{self, ExportOptions};
use reflect::store::{load_assessment, save_assessment};

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assessment-v1.ron")
}

#[test]
fn the_version_1_fixture_is_saved_again_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jane.ron");
    // As this version writes it: strings unescaped (see `store::to_ron`),
    // and its plan, a list of actions in schema 1, as schema 3 holds a
    // plan (so it is written as schema 3). Nothing else is added.
    let expected = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/assessment-v1-saved-by-schema-3.ron");
    let a = load_assessment(&fixture_path()).unwrap();
    save_assessment(&path, &a).unwrap();
    if std::env::var_os("REFLECT_WRITE_FIXTURES").is_some() {
        fs::copy(&path, &expected).unwrap();
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        fs::read_to_string(&expected).unwrap()
    );
    let back = load_assessment(&path).unwrap();
    assert_eq!(back.schema, 3);
    assert_eq!(
        (back.reviews, back.plan),
        (a.reviews.clone(), a.plan.clone())
    );
    // The new optional field is absent, so it is empty everywhere.
    assert!(
        a.reviews
            .iter()
            .flat_map(|r| r.marks.values().flat_map(|s| s.values()))
            .all(|m| m.session_note.is_empty())
    );
}

#[test]
fn the_version_1_fixture_works_with_reviews_raters_and_comparison() {
    let fw = bundled::by_id("senior-leadership").unwrap().unwrap();
    let mut a = load_assessment(&fixture_path()).unwrap();
    assert!(a.reviews[0].is_frozen());
    assert!(!a.current().is_frozen());

    // sl.place.1 knowledge: 2 in May, 4 in November.
    let c = a.compare_with_previous(&fw, 1).unwrap();
    let pair = c
        .pairs
        .iter()
        .find(|p| p.standard_id == "sl.place.1" && p.stage_id == "knowledge")
        .unwrap();
    assert_eq!(
        (pair.previous, pair.current),
        (Rating::Level(2), Rating::Level(4))
    );
    assert_eq!(pair.change, Change::Up(2));
    let carried = c
        .pairs
        .iter()
        .find(|p| p.standard_id == "sl.place.1" && p.stage_id == "experience")
        .unwrap();
    assert_eq!((carried.change, carried.carried), (Change::New, true));

    // Self 4, coach 3: one level apart, not to discuss.
    let m = a.current().mark("sl.place.1", "knowledge").unwrap();
    assert_eq!(m.divergence("coach"), Some(1));
    assert!(to_discuss(&fw, a.current()).is_empty());
    let private = a.current().mark("sl.place.2", "judgement").unwrap();
    assert_eq!(visible_note(private, true), None);
    assert_eq!(visible_note(private, false), Some("A private thought."));

    // The earlier review's note shows beside the current one.
    let earlier = a.earlier_notes(1, "sl.place.1", "knowledge", true);
    assert_eq!(earlier.len(), 1);
    assert_eq!(
        earlier[0].note,
        Some("Starting out: read the place-based leadership guidance.")
    );

    // The export names both raters.
    let csv = report::export(
        report::Format::Csv,
        &fw,
        &a,
        a.current_index(),
        ExportOptions::default(),
    );
    let header = csv.lines().next().unwrap();
    assert!(
        header
            .contains(",coach_level,coach_label,coach_note,mentor_level,mentor_label,mentor_note,"),
        "{header}"
    );

    // A new review starts from November's levels and keeps the raters.
    let carried = a.start_review("May 2027 review", date(2027, 5, 1)).unwrap();
    assert_eq!(carried, 3);
    assert_eq!(a.reviews[1].frozen, Some(date(2027, 5, 1)));
    assert_eq!(a.current().raters.len(), 2);
    assert_eq!(
        a.current().rating("sl.place.2", "judgement"),
        Rating::NotApplicable
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jane.ron");
    save_assessment(&path, &a).unwrap();
    assert_eq!(load_assessment(&path).unwrap(), a);
}
