use jiff::civil::date;

use super::*;
use crate::model::fixture;
use crate::model::migrate::migrate;

fn leader_with_coach() -> (Framework, Assessment) {
    let fw = fixture::framework();
    let mut a = fixture::assessment(&fw);
    let r = a.current_mut();
    r.set_rating("t.place.1", "knowledge", Rating::Level(3))
        .unwrap();
    r.set_note("t.place.1", "knowledge", "my own private words")
        .unwrap();
    r.add_rater("Sam Patel", RaterRole::Coach).unwrap();
    (fw, a)
}

fn coach() -> RaterRole {
    RaterRole::Coach
}

fn new_sheet(fw: &Framework, a: &Assessment) -> Assessment {
    let rater = rater_for(a.current(), &coach(), None);
    sheet_for(a, fw, rater, date(2026, 12, 3))
}

/// The coach fills in the sheet: a level, a note, a private note.
fn fill(sheet: &mut Assessment) {
    let r = sheet.current_mut();
    r.set_rating("t.place.1", "knowledge", Rating::Level(4))
        .unwrap();
    r.set_note("t.place.1", "knowledge", "strong on the local economy")
        .unwrap();
    r.set_rating("t.people.e", "experience", Rating::Level(2))
        .unwrap();
    r.set_note("t.people.e", "experience", "only for me")
        .unwrap();
    r.set_private("t.people.e", "experience", true).unwrap();
}

#[test]
fn a_sheet_carries_nothing_of_the_persons_own() {
    let (fw, a) = leader_with_coach();
    let sheet = new_sheet(&fw, &a);
    let text = ron::to_string(&sheet).unwrap();
    assert!(!text.contains("my own private words"), "{text}");
    assert!(sheet.current().marks.is_empty());
    assert_eq!(sheet.person.name, "Alex Example");
    let info = sheet.sheet.as_deref().unwrap();
    assert_eq!(info.rater.id, "coach");
    assert_eq!(info.rater.name, "Sam Patel");
    assert_eq!(info.review, ReviewRef::of(a.current()));
    assert_eq!(info.standards["t.place.2"], "Leads \"with\" partners");
    assert_eq!(sheet.file_schema(), crate::model::assessment::SHARE_SCHEMA);
}

#[test]
fn a_sheet_starts_from_the_raters_view_so_far() {
    let (fw, mut a) = leader_with_coach();
    a.current_mut()
        .set_view_rating("t.place.2", "judgement", "coach", Rating::Level(2))
        .unwrap();
    let sheet = new_sheet(&fw, &a);
    assert_eq!(
        sheet.current().rating("t.place.2", "judgement"),
        Rating::Level(2)
    );
    assert_eq!(
        sheet.sheet.unwrap().base["t.place.2"]["judgement"].rating,
        Rating::Level(2)
    );
}

#[test]
fn merging_brings_levels_and_notes_in_as_the_raters_view_and_again_changes_nothing() {
    let (fw, mut a) = leader_with_coach();
    let mut sheet = new_sheet(&fw, &a);
    fill(&mut sheet);
    let merge = plan_merge(&a, &fw, &sheet, false).unwrap();
    assert!(!merge.new_rater);
    assert_eq!(merge.conflicts(), 0);
    assert_eq!(merge.private_kept, 1);
    // Two levels and one note: the private note stays on the sheet.
    assert_eq!(merge.changes.len(), 3, "{:?}", merge.changes);
    merge.apply(a.current_mut(), Side::Theirs).unwrap();
    let view = a.current().view("t.place.1", "knowledge", "coach").unwrap();
    assert_eq!(view.rating, Rating::Level(4));
    assert_eq!(view.note, "strong on the local economy");
    let other = a
        .current()
        .view("t.people.e", "experience", "coach")
        .unwrap();
    assert_eq!(other.rating, Rating::Level(2));
    assert_eq!(other.note, "", "a private note never leaves the sheet");
    // The person's own level is untouched.
    assert_eq!(
        a.current().rating("t.place.1", "knowledge"),
        Rating::Level(3)
    );
    // Again: nothing to do.
    let again = plan_merge(&a, &fw, &sheet, false).unwrap();
    assert!(again.is_empty(), "{:?}", again.changes);
}

#[test]
fn a_field_both_sides_changed_is_a_conflict_settled_only_as_asked() {
    let (fw, mut a) = leader_with_coach();
    let mut sheet = new_sheet(&fw, &a);
    fill(&mut sheet);
    // Meanwhile, in a session, the coach's level was put in on the person's laptop.
    a.current_mut()
        .set_view_rating("t.place.1", "knowledge", "coach", Rating::Level(2))
        .unwrap();
    let merge = plan_merge(&a, &fw, &sheet, false).unwrap();
    assert_eq!(merge.conflicts(), 1);
    let conflict = merge.changes.iter().find(|c| c.conflict).unwrap();
    assert_eq!(conflict.ours, Value::Level(Rating::Level(2)));
    assert_eq!(conflict.theirs, Value::Level(Rating::Level(4)));
    assert!(
        merge
            .lines(&fw)
            .iter()
            .any(|l| l.starts_with("CONFLICT t.place.1"))
    );

    let mut ours = a.clone();
    merge.apply(ours.current_mut(), Side::Ours).unwrap();
    assert_eq!(
        ours.current()
            .view("t.place.1", "knowledge", "coach")
            .unwrap()
            .rating,
        Rating::Level(2)
    );
    // The rest of the sheet came in all the same.
    assert_eq!(
        ours.current()
            .view("t.place.1", "knowledge", "coach")
            .unwrap()
            .note,
        "strong on the local economy"
    );
    let mut theirs = a.clone();
    merge.apply(theirs.current_mut(), Side::Theirs).unwrap();
    assert_eq!(
        theirs
            .current()
            .view("t.place.1", "knowledge", "coach")
            .unwrap()
            .rating,
        Rating::Level(4)
    );
}

#[test]
fn a_field_only_the_assessment_changed_is_kept() {
    let (fw, mut a) = leader_with_coach();
    a.current_mut()
        .set_view_rating("t.place.2", "knowledge", "coach", Rating::Level(1))
        .unwrap();
    let sheet = new_sheet(&fw, &a);
    // Later, on the person's laptop, the coach's level changes; the sheet
    // still holds the old one, unchanged by the coach.
    a.current_mut()
        .set_view_rating("t.place.2", "knowledge", "coach", Rating::Level(5))
        .unwrap();
    let merge = plan_merge(&a, &fw, &sheet, false).unwrap();
    assert!(merge.is_empty(), "{:?}", merge.changes);
}

#[test]
fn a_new_rater_is_added_and_one_already_there_is_found_by_role_and_name() {
    let fw = fixture::framework();
    let a = fixture::assessment(&fw);
    let rater = rater_for(a.current(), &RaterRole::LineManager, Some("Jo Bloggs"));
    assert_eq!(rater.id, "line-manager");
    let mut sheet = sheet_for(&a, &fw, rater, date(2026, 12, 3));
    fill(&mut sheet);
    let merge = plan_merge(&a, &fw, &sheet, false).unwrap();
    assert!(merge.new_rater);
    assert!(
        merge
            .describe()
            .contains("Jo Bloggs (line manager) added as a rater")
    );
    let mut b = a.clone();
    merge.apply(b.current_mut(), Side::Theirs).unwrap();
    assert_eq!(b.current().raters.len(), 1);
    assert!(plan_merge(&b, &fw, &sheet, false).unwrap().is_empty());
}

#[test]
fn a_sheet_for_another_framework_person_or_a_closed_review_is_refused() {
    let (fw, a) = leader_with_coach();
    let sheet = new_sheet(&fw, &a);

    let mut other_fw = sheet.clone();
    other_fw.framework.id = "senior-leadership".into();
    assert!(matches!(
        plan_merge(&a, &fw, &other_fw, false),
        Err(Refusal::OtherFramework { .. })
    ));
    let mut other_person = sheet.clone();
    other_person.person.name = "Someone Else".into();
    assert!(matches!(
        plan_merge(&a, &fw, &other_person, false),
        Err(Refusal::OtherPerson { .. })
    ));
    assert!(matches!(
        plan_merge(&a, &fw, &fixture::assessment(&fw), false),
        Err(Refusal::NotASheet)
    ));

    // The review closed since the sheet was written.
    let mut later = a.clone();
    later.start_review("2027 annual", date(2027, 3, 1)).unwrap();
    let err = plan_merge(&later, &fw, &sheet, false).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("closed on 2027-03-01"), "{message}");
    assert!(message.contains("--into-current"), "{message}");
    // Mapped into the current review when asked.
    let mut filled = sheet.clone();
    fill(&mut filled);
    let merge = plan_merge(&later, &fw, &filled, true).unwrap();
    assert_eq!(merge.mapped_from, Some(ReviewRef::of(a.current())));
    assert!(!merge.changes.is_empty());
}

#[test]
fn a_sheet_of_an_older_version_comes_in_under_the_renamed_ids() {
    let (mut fw, a) = leader_with_coach();
    let mut sheet = new_sheet(&fw, &a);
    fill(&mut sheet);
    // The framework renamed t.place.1 since the sheet was written.
    fw.themes[0].standards[0].id = "t.place.one".into();
    fw.renames.insert("t.place.1".into(), "t.place.one".into());
    fw.version = "0.2".into();
    let mut a = a;
    migrate(&mut a, &fw);
    migrate(&mut sheet, &fw);
    let merge = plan_merge(&a, &fw, &sheet, false).unwrap();
    assert!(
        merge.changes.iter().any(|c| c.standard == "t.place.one"),
        "{:?}",
        merge.changes
    );
    assert_eq!(merge.left_out, 0);
}
