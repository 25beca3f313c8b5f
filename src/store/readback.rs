//! Every save checks that its text reads back as exactly the assessment it
//! was made from, so a value that would not survive the trip is never
//! written. Parsing the whole text again is most of a save's time at
//! 10,000 standards (70 of 140 ms), while between two saves usually one
//! mark has changed. So a document remembers, as hashes, what its last
//! checked save held; the next save checks the whole text only if anything
//! but the marks changed, and otherwise writes and reads back each changed
//! mark alone.
//!
//! That is as strong as reading the whole text back: serialising is
//! deterministic, and a mark (with its standard and stage ids) is written
//! the same wherever it stands (only the indentation before it differs;
//! strings are written verbatim, as `"…"` or a raw string, whatever the
//! lines around them). So the unchanged marks are written as they were in
//! a text that read back, and the changed ones are checked as they are.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::model::{Assessment, Mark};

use crate::format::{parse_ron, to_ron};

/// What a checked save held, as hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Checked {
    /// Everything in the file but the marks.
    header: u64,
    /// Each mark by (inline review, standard, stage).
    marks: HashMap<u64, u64>,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl Checked {
    fn of(assessment: &Assessment) -> Checked {
        let reviews = assessment.inline_reviews();
        let mut header = DefaultHasher::new();
        (
            assessment.schema,
            &assessment.framework,
            &assessment.person,
            &assessment.earlier,
            &assessment.plan,
            &assessment.archived,
        )
            .hash(&mut header);
        let mut marks = HashMap::new();
        for (index, review) in reviews.iter().enumerate() {
            (
                &review.title,
                review.date,
                review.frozen,
                &review.raters,
                &review.archived_raters,
                &review.pins,
                &review.dismissed,
                &review.plan_at_close,
            )
                .hash(&mut header);
            for (standard, stages) in &review.marks {
                for (stage, mark) in stages.iter() {
                    marks.insert(hash_of((index, standard, stage)), hash_of(mark));
                }
            }
        }
        Checked {
            header: header.finish(),
            marks,
        }
    }
}

/// Whether `text`, which `to_ron` made of `assessment`, reads back as
/// `assessment`. With `last`, what the last checked save held: only what
/// changed since is checked, and `last` is brought up to date.
pub(super) fn reads_back(
    text: &str,
    assessment: &Assessment,
    last: Option<&mut Option<Checked>>,
) -> bool {
    let Some(last) = last else {
        return whole(text, assessment);
    };
    let now = Checked::of(assessment);
    let ok = match last.as_ref() {
        Some(before) if before.header == now.header => changed_marks(assessment, before),
        _ => whole(text, assessment),
    };
    *last = ok.then_some(now);
    ok
}

fn whole(text: &str, assessment: &Assessment) -> bool {
    #[cfg(test)]
    tests::WHOLE.with(|n| n.set(n.get() + 1));
    parse_ron::<Assessment>(text).is_ok_and(|back| back.is_file_of(assessment))
}

/// Each mark not in `before` as it is now, written and read back alone.
fn changed_marks(assessment: &Assessment, before: &Checked) -> bool {
    for (index, review) in assessment.inline_reviews().iter().enumerate() {
        for (standard, stages) in &review.marks {
            for (stage, mark) in stages.iter() {
                let key = hash_of((index, standard, stage));
                if before.marks.get(&key) != Some(&hash_of(mark)) && !alone(standard, stage, mark) {
                    return false;
                }
            }
        }
    }
    true
}

/// One mark, under its standard and stage, as it is in a review's `marks`.
fn alone(standard: &str, stage: &str, mark: &Mark) -> bool {
    let one = BTreeMap::from([(standard, BTreeMap::from([(stage, mark)]))]);
    let Ok(text) = to_ron(&one) else {
        return false;
    };
    parse_ron::<BTreeMap<String, BTreeMap<String, Mark>>>(&text).is_ok_and(|back| {
        back.len() == 1
            && back
                .get(standard)
                .is_some_and(|stages| stages.len() == 1 && stages.get(stage) == Some(mark))
    })
}

#[cfg(test)]
pub(super) mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::model::Rating;
    use crate::store::document::tests::assessment;

    thread_local! {
        /// How many whole texts this thread read back.
        pub(in crate::store) static WHOLE: Cell<usize> = const { Cell::new(0) };
    }

    fn wholes() -> usize {
        WHOLE.with(Cell::get)
    }

    fn check(a: &Assessment, last: &mut Option<Checked>) -> bool {
        reads_back(&to_ron(a).unwrap(), a, Some(last))
    }

    #[test]
    fn after_a_whole_check_only_changed_marks_are_checked() {
        let mut a = assessment("first");
        let mut last = None;
        let n = wholes();
        assert!(check(&a, &mut last));
        assert_eq!(wholes(), n + 1, "the first save reads the whole text back");
        a.current_mut().mark_mut("sl.place.1", "knowledge").note = "second".into();
        a.current_mut().mark_mut("sl.place.2", "judgement").rating = Rating::Level(3);
        assert!(check(&a, &mut last));
        assert_eq!(wholes(), n + 1, "marks alone");
        // Anything but a mark: the whole text again.
        a.person.role = "Director".into();
        assert!(check(&a, &mut last));
        assert_eq!(wholes(), n + 2);
    }

    #[test]
    fn awkward_marks_read_back_alone() {
        for note in [
            "",
            "\"",
            "\\",
            "r#\"x\"#",
            "\"#",
            "a\nb\r\n\tc\0",
            "é\u{301}👩‍👩‍👧",
        ] {
            let mut mark = Mark {
                note: note.into(),
                rating: Rating::Level(2),
                ..Mark::default()
            };
            mark.others.insert(
                "co\"ach".into(),
                crate::model::assessment::View {
                    rating: Rating::NotApplicable,
                    note: note.into(),
                },
            );
            assert!(alone("st\"d#", "knowledge\n", &mark), "{note:?}");
        }
    }

    #[test]
    fn a_mark_that_would_not_read_back_fails_the_check() {
        let mut a = assessment("first");
        let mut last = None;
        assert!(check(&a, &mut last));
        // A text that does not match: as if the serialiser had a defect.
        a.current_mut().mark_mut("sl.place.1", "knowledge").note = "changed".into();
        let stale = to_ron(&assessment("first")).unwrap();
        // The whole-text path (no memory) sees the mismatch.
        assert!(!reads_back(&stale, &a, None));
        // A failed check forgets what it knew, so the next save checks everything.
        let mut remembered = last.clone();
        remembered.as_mut().unwrap().header ^= 1;
        assert!(!reads_back(&stale, &a, Some(&mut remembered)));
        assert_eq!(remembered, None);
    }
}
