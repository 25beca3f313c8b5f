//! A rater's sheet merged from the tree: asked for by path, shown before
//! anything changes, one step to undo, and a conflict never settled
//! without asking.

use std::path::Path;

use super::*;
use crate::app::screens::confirm::Confirm;
use crate::model::assessment::RaterRole;
use crate::model::sheet::{rater_for, sheet_for};

/// A coach's sheet for Jo's review, filled in: all.1 knowledge 2 with a note.
fn filled_sheet(f: &Fixture) -> PathBuf {
    let ws = f.ws();
    let rater = rater_for(
        ws.doc.assessment.current(),
        &RaterRole::Coach,
        Some("Sam Patel"),
    );
    let mut sheet = sheet_for(
        &ws.doc.assessment,
        &ws.doc.framework,
        rater,
        date(2026, 12, 3),
    );
    let r = sheet.current_mut();
    r.set_rating("all.1", "knowledge", Rating::Level(2))
        .unwrap();
    r.set_note("all.1", "knowledge", "Said so in March")
        .unwrap();
    let path = f.path.with_file_name("jo-sheet-coach.ron");
    store::save_assessment(&path, &sheet).unwrap();
    path
}

fn merge_from_tree(f: &mut Fixture, typed: &str) {
    f.run([
        Action::MergeSheet,
        Action::Paste(typed.into()),
        Action::Confirm,
    ]);
}

#[test]
fn a_sheet_is_merged_after_its_changes_are_shown_and_undone_in_one_step() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::SetLevel(4)]);
    filled_sheet(&f);
    // A name beside the assessment is found there.
    merge_from_tree(&mut f, "jo-sheet-coach.ron");
    let Some(Confirm::MergeSheet { merge, lines, .. }) = f.app.confirm() else {
        panic!("no preview: {:?}", f.app.message);
    };
    assert!(merge.new_rater);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let question = f.app.confirm().unwrap().question(&f.app.keymap);
    assert!(
        question.contains("1 level and 1 note from Sam Patel (coach)"),
        "{question}"
    );
    assert!(question.contains("u undoes the merge"), "{question}");
    // Nothing changes until it is answered.
    assert!(f.ws().doc.assessment.current().raters.is_empty());
    f.run([Action::Confirm]);
    let Some(Confirm::Merged { text }) = f.app.confirm() else {
        panic!("no box saying what was merged");
    };
    assert!(text.starts_with("Merged 1 level and 1 note"), "{text}");
    f.run([Action::Back]);
    let review = f.ws().doc.assessment.current();
    let view = review.view("all.1", "knowledge", "coach").unwrap();
    assert_eq!(
        (view.rating, view.note.as_str()),
        (Rating::Level(2), "Said so in March")
    );
    assert!(
        review.mark("all.1", "knowledge").unwrap().diverged(),
        "the ⚑ flag"
    );

    let disk = f.on_disk();
    assert_eq!(disk.current().raters.len(), 1, "saved");
    // Undo takes it all back, rater and all.
    f.run([Action::Undo]);
    let review = f.ws().doc.assessment.current();
    assert!(review.raters.is_empty());
    assert!(review.view("all.1", "knowledge", "coach").is_none());
    assert_eq!(review.rating("all.1", "knowledge"), Rating::Level(4));
}

#[test]
fn a_conflict_is_settled_only_by_the_users_choice_with_the_other_value_kept() {
    let mut f = fixture();
    filled_sheet(&f);
    // Meanwhile the coach's level went in here.
    if let Screen::Assess(ws) = &mut f.app.screen {
        let r = ws.doc.assessment.current_mut();
        r.add_rater("Sam Patel", RaterRole::Coach).unwrap();
        r.set_view_rating("all.1", "knowledge", "coach", Rating::Level(4))
            .unwrap();
    }
    let sheet = f.path.with_file_name("jo-sheet-coach.ron");
    merge_from_tree(&mut f, sheet.to_str().unwrap());
    assert!(
        matches!(f.app.confirm(), Some(Confirm::MergeSheet { merge, .. }) if merge.conflicts() == 1)
    );
    // "y" is not an answer to a conflict: the question stays.
    f.run([Action::Confirm]);
    assert!(f.app.confirm().is_some());
    f.run([Action::KeepMine]);
    let view = f
        .ws()
        .doc
        .assessment
        .current()
        .view("all.1", "knowledge", "coach")
        .unwrap()
        .clone();
    assert_eq!(view.rating, Rating::Level(4), "yours kept");
    assert_eq!(view.note, "Said so in March", "the rest came in");
    let message = f.app.message.clone().unwrap();
    let kept = message
        .split("Not taken: kept in ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("the conflict copy is named");
    let other = store::load_assessment(Path::new(kept)).unwrap();
    assert_eq!(
        other
            .current()
            .view("all.1", "knowledge", "coach")
            .unwrap()
            .rating,
        Rating::Level(2)
    );
    // A box says so, whole, with the copy's path; any key closes it.
    assert!(matches!(f.app.confirm(), Some(Confirm::Merged { text }) if text.contains(kept)));
    f.run([Action::Back]);
    // The same sheet again: nothing to do.
    merge_from_tree(&mut f, sheet.to_str().unwrap());
    assert!(f.app.confirm().is_none());
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .starts_with("Nothing to merge")
    );
}

#[test]
fn a_missing_file_or_an_assessment_is_refused_in_the_prompt() {
    let mut f = fixture();
    merge_from_tree(&mut f, "no-such-sheet.ron");
    let Some(Overlay::Prompt(prompt)) = &f.app.overlay else {
        panic!("the prompt stays");
    };
    assert!(
        prompt
            .error
            .as_deref()
            .unwrap()
            .contains("no-such-sheet.ron")
    );
    f.run([Action::Back]);
    let own = f.path.display().to_string();
    merge_from_tree(&mut f, &own);
    let Some(Overlay::Prompt(prompt)) = &f.app.overlay else {
        panic!("the prompt stays");
    };
    assert!(
        prompt
            .error
            .as_deref()
            .unwrap()
            .contains("not a rater's sheet"),
        "{:?}",
        prompt.error
    );
}
