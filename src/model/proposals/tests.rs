use jiff::civil::date;

use super::*;
use crate::model::assessment::RaterRole;
use crate::model::fixture;

/// (kind, theme id, stage id) of each proposal.
fn cells(proposals: &[Proposal]) -> Vec<(PinKind, &str, &str)> {
    proposals
        .iter()
        .map(|p| (p.kind, p.theme_id.as_str(), p.stage_id.as_str()))
        .collect()
}

fn current_of(a: &crate::model::Assessment) -> Vec<Proposal> {
    propose(&fixture::framework(), &a.reviews, a.reviews.len() - 1)
}

/// The proposal for (theme, stage) in the current review.
fn proposed(a: &crate::model::Assessment, theme: &str, stage: &str) -> Proposal {
    current_of(a)
        .into_iter()
        .find(|p| p.theme_id == theme && p.stage_id == stage)
        .expect("proposed")
}

#[test]
fn the_highest_cells_are_strengths_and_the_lowest_priorities() {
    // Current: place k 4, e 3, j 2; people k 1 (carried), e 5; mean 3.0.
    let a = fixture::two_reviews();
    let proposals = current_of(&a);
    assert_eq!(
        cells(&proposals),
        [
            (PinKind::Strength, "place", "knowledge"),
            (PinKind::Strength, "people", "experience"),
            (PinKind::Priority, "place", "judgement"),
            (PinKind::Priority, "people", "knowledge"),
        ]
    );
    assert_eq!(
        proposals[1].reasons,
        [Reason::Highest {
            tenths: 50,
            count: 1,
            agreed: 0
        }]
    );
    assert_eq!(
        proposals[1].why(),
        "among your highest: 5.0, the mean of 1 level"
    );
    assert_eq!(
        proposals[3].why(),
        "among your lowest: 1.0, the mean of 1 level"
    );
}

#[test]
fn agreed_levels_count_where_there_are() {
    let mut a = fixture::two_reviews();
    // Judgement rated 2 by the person, agreed at 5 after discussion.
    a.current_mut()
        .set_agreed("t.place.1", "judgement", Rating::Level(5))
        .unwrap();
    let judgement = proposed(&a, "place", "judgement");
    assert_eq!(judgement.kind, PinKind::Strength);
    assert_eq!(
        judgement.why(),
        "among your highest: 5.0, the mean of 1 agreed level"
    );
}

#[test]
fn standards_still_to_discuss_make_a_priority() {
    let mut a = fixture::two_reviews();
    let r = a.current_mut();
    let coach = r.add_rater("Sam", RaterRole::Coach).unwrap();
    // Experience is at the mean (3.0): no highest or lowest reason.
    r.set_view_rating("t.place.1", "experience", &coach, Rating::Level(1))
        .unwrap();
    let p = proposed(&a, "place", "experience");
    assert_eq!(p.kind, PinKind::Priority);
    assert!(p.reasons.contains(&Reason::ToDiscuss { count: 1 }));
    // Once a level is agreed it is no longer to discuss.
    a.current_mut()
        .set_agreed("t.place.1", "experience", Rating::Level(3))
        .unwrap();
    assert!(!current_of(&a).iter().any(|p| {
        p.reasons
            .iter()
            .any(|r| matches!(r, Reason::ToDiscuss { .. }))
    }));
}

#[test]
fn a_rater_a_level_apart_across_a_cell_is_a_gap_to_talk_about() {
    let mut a = fixture::two_reviews();
    a.current_mut()
        .set_rating("t.place.2", "experience", Rating::Level(3))
        .unwrap();
    let r = a.current_mut();
    let coach = r.add_rater("Sam", RaterRole::Coach).unwrap();
    // One level apart on each standard: not to discuss, but a gap overall.
    r.set_view_rating("t.place.1", "experience", &coach, Rating::Level(2))
        .unwrap();
    r.set_view_rating("t.place.2", "experience", &coach, Rating::Level(2))
        .unwrap();
    let p = proposed(&a, "place", "experience");
    assert_eq!(
        p.reasons,
        [Reason::Gap {
            rater: "Sam (coach)".into(),
            own: 30,
            theirs: 20
        }]
    );
    assert_eq!(p.why(), "you rate 3.0, Sam (coach) rates 2.0");
}

#[test]
fn a_cell_that_went_down_since_the_last_review_is_a_priority() {
    let mut a = fixture::two_reviews();
    // Experience was 3 in the last review; now 3 and 2 on two standards.
    a.current_mut()
        .set_rating("t.place.2", "experience", Rating::Level(2))
        .unwrap();
    let p = proposed(&a, "place", "experience");
    assert!(p.reasons.contains(&Reason::WentDown {
        from: 30,
        to: 25,
        since: "2026 mid-year".into()
    }));
    assert!(
        p.why()
            .contains("went down from 3.0 to 2.5 since 2026 mid-year")
    );
}

#[test]
fn nothing_is_proposed_without_levels_or_when_all_are_level() {
    let fw = fixture::framework();
    let mut a = fixture::assessment(&fw);
    assert!(propose(&fw, &a.reviews, 0).is_empty());
    for (s, k) in [("t.place.1", "knowledge"), ("t.people.e", "experience")] {
        a.current_mut().set_rating(s, k, Rating::Level(3)).unwrap();
    }
    assert!(propose(&fw, &a.reviews, 0).is_empty());
    assert!(propose(&fw, &a.reviews, 7).is_empty());
}

#[test]
fn pins_are_kept_dismissals_set_aside_and_pins_carry_forward() {
    let mut a = fixture::two_reviews();
    let r = a.current_mut();
    assert!(r.pin_proposal(PinKind::Priority, "place", "judgement", "lowest"));
    assert!(!r.pin_proposal(PinKind::Priority, "place", "judgement", "lowest"));
    r.dismiss(PinKind::Strength, "place", "knowledge");
    assert!(r.is_dismissed(PinKind::Strength, "place", "knowledge"));
    // Dismissing a pinned one unpins it; pinning a dismissed one takes
    // the dismissal back.
    r.pin_proposal(PinKind::Strength, "place", "knowledge", "highest");
    assert!(!r.is_dismissed(PinKind::Strength, "place", "knowledge"));
    r.dismiss(PinKind::Strength, "place", "knowledge");
    assert!(r.pin(PinKind::Strength, "place", "knowledge").is_none());
    a.start_review("2028", date(2028, 3, 1)).unwrap();
    let next = a.current();
    let pin = next.pin(PinKind::Priority, "place", "judgement").unwrap();
    assert!(pin.carried);
    assert_eq!(pin.reason, "lowest");
    assert!(
        next.dismissed.is_empty(),
        "a dismissal is for its review only"
    );
    assert_eq!(next.needed_schema(), crate::model::plan::PLAN_SCHEMA);
}
