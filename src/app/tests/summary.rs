//! The summary screen through `update`: opened from the tree, its
//! numbers through each lens (self, a rater, agreed) and against the
//! previous review, and the appraisal pack written from it.

use std::path::Path;

use super::*;
use crate::app::screens::confirm::Confirm;
use crate::app::screens::summary::SummaryView;
use crate::model::assessment::RaterRole;

fn summary(f: &Fixture) -> &SummaryView {
    match &f.ws().pane {
        Pane::Summary(view) => view,
        _ => panic!("not on the summary"),
    }
}

/// all.1 rated 4 at knowledge by Jo, 2 by the coach, agreed 3, with a
/// private note; then the summary.
fn rated_with_a_coach() -> Fixture {
    let mut f = fixture();
    f.run([Action::Open, Action::Open, Action::SetLevel(4)]);
    let ws = f.app.workspace_mut().unwrap();
    let r = ws.doc.assessment.current_mut();
    let coach = r.add_rater("Sam", RaterRole::Coach).unwrap();
    r.set_view_rating("all.1", "knowledge", &coach, Rating::Level(2))
        .unwrap();
    r.set_agreed("all.1", "knowledge", Rating::Level(3))
        .unwrap();
    r.set_note("all.1", "knowledge", "Only for me: the board worries me.")
        .unwrap();
    r.set_private("all.1", "knowledge", true).unwrap();
    f.run([Action::Close, Action::Close, Action::Summary]);
    f
}

#[test]
fn the_summary_shows_each_lens_in_turn_and_goes_back_to_the_tree() {
    let mut f = rated_with_a_coach();
    let mean = |f: &Fixture| summary(f).grid.rows[0][0].now.mean_tenths();
    assert_eq!(f.app.mode(), Mode::Summary);
    assert_eq!(summary(&f).grid.whose, "Jo (self)");
    assert_eq!(mean(&f), Some(40));
    f.run([Action::Whose]);
    assert_eq!(summary(&f).grid.whose, "Sam (coach)");
    assert_eq!(mean(&f), Some(20));
    f.run([Action::Whose]);
    assert_eq!(summary(&f).grid.whose, "agreed levels");
    assert_eq!(mean(&f), Some(30));
    f.run([Action::Whose]);
    assert_eq!(mean(&f), Some(40), "round to the person's own again");
    // The total column holds every stage; the first review has no "before".
    let row = &summary(&f).grid.rows[0];
    assert_eq!(row.len(), 4);
    assert_eq!(row[3].now.rated, 1);
    assert!(row[0].before.is_none());
    f.run([Action::NextStage, Action::NextStage, Action::NextStage]);
    assert_eq!(summary(&f).stage, 0, "the stages go round");
    f.run([Action::Back]);
    assert_eq!(f.app.mode(), Mode::Browse);
}

#[test]
fn against_the_previous_review_each_cell_has_its_level_then() {
    let mut f = rated_with_a_coach();
    f.run([Action::Back]);
    let ws = f.app.workspace_mut().unwrap();
    ws.doc
        .assessment
        .start_review("2027 review", date(2027, 11, 1))
        .unwrap();
    ws.viewing = ws.doc.assessment.reviews.len() - 1;
    ws.doc
        .assessment
        .current_mut()
        .set_rating("all.1", "knowledge", Rating::Level(2))
        .unwrap();
    f.run([Action::Summary]);
    let view = summary(&f);
    assert_eq!(view.grid.previous.as_deref(), Some("2026 review"));
    let cell = view.grid.rows[0][0];
    assert_eq!(cell.before.and_then(|b| b.mean_tenths()), Some(40));
    assert_eq!(cell.now.mean_tenths(), Some(20));
}

#[test]
fn the_pack_is_written_beside_the_assessment_for_whom_the_user_says() {
    let mut f = rated_with_a_coach();
    f.run([Action::WritePack]);
    assert!(matches!(f.app.confirm(), Some(Confirm::WritePack)));
    // Another key leaves the question up; Esc writes nothing.
    f.run([Action::Down]);
    assert!(matches!(f.app.confirm(), Some(Confirm::WritePack)));
    f.run([Action::Back]);
    let folder = f.path.parent().unwrap().to_owned();
    let packs = |folder: &Path| {
        std::fs::read_dir(folder)
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                name.ends_with(".html").then_some(name)
            })
            .collect::<Vec<_>>()
    };
    assert!(packs(&folder).is_empty());

    f.run([Action::WritePack, Action::PackForLeader]);
    let Some(Confirm::PackWritten { text: message }) = f.app.confirm().cloned() else {
        panic!("no word of where the pack went");
    };
    let path = folder.join("jo-appraisal-pack-2026-review-for-leader.html");
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("private notes left out"), "{message}");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains(store::PACK_MARK) && html.contains("for my Leader"));
    assert!(!html.contains("the board worries me"));
    assert_eq!(packs(&folder).len(), 1);
    f.run([Action::Confirm]);
    assert_eq!(f.app.mode(), Mode::Summary);
}
