use proptest::prelude::*;

use super::*;
use crate::model::fixture;

fn hits(query: &str, shared: bool, review: &Review) -> Vec<Hit> {
    let fw = fixture::framework();
    search(&fw, review, &Query::new(query).unwrap(), shared)
}

#[test]
fn standards_and_theme_titles_are_found_whatever_the_case_in_tree_order() {
    let fw = fixture::framework();
    let a = fixture::assessment(&fw);
    let review = a.current();
    assert_eq!(
        hits("CULTURE", false, review),
        vec![
            Hit::Theme(1),
            Hit::Standard {
                theme: 1,
                standard: 0
            },
            Hit::Standard {
                theme: 1,
                standard: 1
            },
        ]
    );
    assert_eq!(
        hits("knows the", false, review),
        vec![Hit::Standard {
            theme: 0,
            standard: 0
        }]
    );
    assert!(hits("nowhere at all", false, review).is_empty());
    assert!(Query::new("   ").is_none(), "a blank query finds nothing");
}

#[test]
fn notes_of_every_kind_are_found_and_private_ones_only_when_not_shared() {
    let fw = fixture::framework();
    let mut a = fixture::assessment(&fw);
    let review = a.current_mut();
    let mark = review.mark_mut("t.place.2", "knowledge");
    mark.note = "Spoke to the bus company".into();
    mark.private = true;
    review.mark_mut("t.people.k", "knowledge").session_note = "We agreed: more BUS".into();
    review.mark_mut("t.people.e", "experience").next_step = "shadow the bus depot".into();
    let review = a.current();
    let place2 = Hit::Standard {
        theme: 0,
        standard: 1,
    };
    let people = [
        Hit::Standard {
            theme: 1,
            standard: 0,
        },
        Hit::Standard {
            theme: 1,
            standard: 1,
        },
    ];
    let mut all = vec![place2];
    all.extend(people);
    assert_eq!(hits("bus", false, review), all);
    // On a shared screen the private note is not searched.
    assert_eq!(hits("bus", true, review), people.to_vec());
}

#[test]
fn ranges_are_where_the_words_are_in_any_case_and_script() {
    let q = Query::new("cafe").unwrap();
    assert_eq!(q.ranges_in("Cafe and CAFE"), vec![0..4, 9..13]);
    let q = Query::new("ÉCOLE").unwrap();
    assert_eq!(q.ranges_in("une école, l'École"), vec![4..10, 14..20]);
    let q = Query::new("straße").unwrap();
    assert!(q.is_in("Die STRAßE"));
}

proptest! {
    /// Whatever the notes hold, on a shared screen a word that is only in a
    /// private note finds nothing: a search cannot reveal it.
    #[test]
    fn a_private_note_is_never_found_on_a_shared_screen(
        secret in "[a-z]{6,12}",
        public in proptest::collection::vec("[a-z ]{0,20}", 0..5),
        private_at in proptest::collection::vec((0usize..2, 0usize..5), 1..4),
    ) {
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        let secret = format!("zz{secret}");
        let review = a.current_mut();
        let ids: Vec<(String, String)> = fw
            .themes
            .iter()
            .flat_map(|t| t.standards.iter())
            .flat_map(|s| fw.stages_of(s).map(|st| (s.id.clone(), st.id.clone())).collect::<Vec<_>>())
            .collect();
        for (i, text) in public.iter().enumerate() {
            let (s, st) = &ids[i % ids.len()];
            review.mark_mut(s, st).session_note = text.clone();
        }
        for (a_, b_) in &private_at {
            let (s, st) = &ids[(a_ * 5 + b_) % ids.len()];
            let mark = review.mark_mut(s, st);
            mark.note = format!("before {secret} after");
            mark.private = true;
        }
        let q = Query::new(&secret).unwrap();
        prop_assert!(search(&fw, a.current(), &q, true).is_empty());
        prop_assert!(!search(&fw, a.current(), &q, false).is_empty());
    }
}
