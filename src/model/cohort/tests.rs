use jiff::civil::date;

use super::*;
use crate::model::fixture;

/// `n` people with the same levels at every pair, one review each.
fn people(pairs: &Pairs, levels: &[u8]) -> Vec<CohortPerson> {
    levels
        .iter()
        .enumerate()
        .map(|(i, &level)| CohortPerson {
            key: format!("p{i}"),
            name: None,
            role_level: Some(RoleLevel::Director),
            reviews: vec![PersonReview {
                title: "2026".into(),
                date: date(2026, 3, 1),
                levels: vec![level; pairs.len()],
            }],
        })
        .collect()
}

#[test]
fn a_cell_gives_the_distribution_median_top_two_share_and_coverage() {
    let fw = fixture::framework();
    let pairs = Pairs::of(&fw);
    // Five people: 1, 2, 3, 5, 5 at every pair, and one who rated nothing.
    let mut cohort = people(&pairs, &[1, 2, 3, 5, 5]);
    cohort.extend(people(&pairs, &[UNRATED]).into_iter().map(|mut p| {
        p.key = "none".into();
        p
    }));
    let report = build(&fw, &pairs, &cohort, &[], 5);
    assert_eq!(report.people, 6);
    // People, Knowledge: one standard, so one level each.
    let people_k = &report.themes[1].cells[0];
    assert_eq!(people_k.people, Some(5));
    assert_eq!(people_k.counts, vec![1, 1, 1, 0, 2]);
    assert_eq!(people_k.median, Some(3.0));
    assert_eq!(people_k.top_two, Some(2.0 / 5.0));
    assert!((people_k.coverage.unwrap() - 5.0 / 6.0).abs() < 1e-9);
    // Place, Knowledge: two standards, two levels each.
    let place_k = &report.themes[0].cells[0];
    assert_eq!(place_k.counts, vec![2, 2, 2, 0, 4]);
    assert_eq!(place_k.median, Some(3.0));
    // A standard at a stage it is not assessed at has no cell.
    assert!(report.themes[1].standards[0].cells[1].is_none());
}

#[test]
fn no_figure_comes_from_fewer_than_the_smallest_group() {
    let fw = fixture::framework();
    let pairs = Pairs::of(&fw);
    let cohort = people(&pairs, &[1, 2, 3, 4]);
    let report = build(&fw, &pairs, &cohort, &[], 5);
    for theme in &report.themes {
        for cell in &theme.cells {
            assert!(cell.suppressed);
            assert!(cell.counts.is_empty() && cell.median.is_none() && cell.people.is_none());
        }
        for standard in &theme.standards {
            assert!(standard.cells.iter().flatten().all(|c| c.suppressed));
        }
    }
    assert!(report.role_levels.iter().all(|c| c.people.is_none()));
    assert!(report.priorities.iter().all(|p| p.people.is_none()));
    // With a smaller smallest group, the same cohort shows.
    let report = build(&fw, &pairs, &cohort, &[], 4);
    assert_eq!(report.themes[0].cells[0].people, Some(4));
    assert_eq!(report.role_levels[0].label, "director");
    assert_eq!(report.role_levels[0].people, Some(4));
}

#[test]
fn progress_pairs_each_persons_last_two_reviews() {
    let fw = fixture::framework();
    let pairs = Pairs::of(&fw);
    let mut cohort = people(&pairs, &[2, 2, 2, 3, 4]);
    for (i, p) in cohort.iter_mut().enumerate() {
        let mut later = p.reviews[0].clone();
        later.title = "2027".into();
        later.date = date(2027, 3, 1);
        // Three go up by one, one stays, one goes down.
        let now = match i {
            0..=2 => later.levels[0] + 1,
            3 => later.levels[0],
            _ => later.levels[0] - 1,
        };
        later.levels = vec![now; pairs.len()];
        assert!(p.add_review(later.clone()));
        assert!(!p.add_review(later), "a review is counted once");
    }
    let report = build(&fw, &pairs, &cohort, &[], 5);
    assert_eq!(report.paired, 5);
    let row = &report.progress[0];
    assert_eq!((row.up, row.same, row.down), (Some(3), Some(1), Some(1)));
    assert!((row.mean_change.unwrap() - 2.0 / 5.0).abs() < 1e-9);
    let fewer = build(&fw, &pairs, &cohort[..4], &[], 5);
    assert_eq!(fewer.progress[0].mean_change, None);
}

#[test]
fn names_appear_only_when_everyone_gave_theirs() {
    let fw = fixture::framework();
    let pairs = Pairs::of(&fw);
    let mut cohort = people(&pairs, &[1, 2, 3, 4, 5]);
    for (i, p) in cohort.iter_mut().enumerate() {
        p.name = Some(format!("Person {i}"));
    }
    assert_eq!(
        build(&fw, &pairs, &cohort, &[], 5).names.map(|n| n.len()),
        Some(5)
    );
    cohort[2].name = None;
    assert_eq!(build(&fw, &pairs, &cohort, &[], 5).names, None);
}

#[test]
fn renamed_standards_find_their_place() {
    let mut fw = fixture::framework();
    fw.renames.insert("t.place.old".into(), "t.place.1".into());
    let pairs = Pairs::of(&fw);
    assert_eq!(pairs.find(&fw, "t.place.old", "knowledge"), Some(0));
    assert_eq!(pairs.find(&fw, "t.gone", "knowledge"), None);
    assert_eq!(decode(encode(Rating::NotApplicable)), Rating::NotApplicable);
    assert_eq!(decode(encode(Rating::Level(3))), Rating::Level(3));
}
