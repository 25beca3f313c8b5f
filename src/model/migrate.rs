//! Bringing an assessment up to date with its framework, which is a living
//! document: standards get renamed, retired, or tied to other stages.
//!
//! [`migrate`] applies the framework's renames to every review (frozen ones
//! too, so history follows the new ids) and to the development plan, and
//! moves every mark the framework no longer has a place for into
//! [`Assessment::archived`]. Nothing anyone wrote is ever dropped; only
//! marks with nothing in them are let go. Running it again changes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::assessment::{Archived, Assessment, Mark, Rating, Review};
use super::framework::{Framework, StageId, Standard, StandardId};
use super::stage_marks::StageMarks;

/// What [`migrate`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migration {
    /// The framework version the assessment recorded before.
    pub from_version: String,
    /// The framework's version, now recorded in the assessment.
    pub to_version: String,
    /// Renames applied (old id, new id), each once, in id order.
    pub renamed: Vec<(StandardId, StandardId)>,
    /// Standards some of whose marks were archived, each once, in id order.
    pub archived: Vec<StandardId>,
    /// Standards back in the framework whose archived marks went back to
    /// them, each once, in id order.
    pub restored: Vec<StandardId>,
    /// Whether the assessment changed at all (and so should be saved).
    pub changed: bool,
}

impl Migration {
    /// One line for the user: what changed, or `None` if nothing did.
    pub fn describe(&self) -> Option<String> {
        if !self.changed {
            return None;
        }
        let mut parts = Vec::new();
        if self.from_version != self.to_version {
            parts.push(format!(
                "framework updated from version {} to {}",
                self.from_version, self.to_version
            ));
        } else {
            parts.push("brought up to date with the framework".to_owned());
        }
        match self.renamed.len() {
            0 => {}
            1 => parts.push("1 standard renamed".to_owned()),
            n => parts.push(format!("{n} standards renamed")),
        }
        match self.archived.len() {
            0 => {}
            1 => parts.push("marks of 1 standard archived".to_owned()),
            n => parts.push(format!("marks of {n} standards archived")),
        }
        match self.restored.len() {
            0 => {}
            1 => parts.push("archived marks of 1 standard restored".to_owned()),
            n => parts.push(format!("archived marks of {n} standards restored")),
        }
        Some(parts.join("; "))
    }
}

/// Where an id leads under `framework.renames`: itself if it is a standard
/// (or is not renamed), else the standard at the end of its chain of
/// renames. A chain that goes round in a circle, or ends at no standard,
/// leaves the id as it is (so its marks are archived under their own id).
pub fn resolve<'a>(framework: &'a Framework, id: &'a str) -> &'a str {
    if framework.standard(id).is_some() {
        return id;
    }
    let mut seen = BTreeSet::new();
    let mut at = id;
    while let Some(next) = framework.renames.get(at) {
        if !seen.insert(at) {
            return id;
        }
        at = next;
        if framework.standard(at).is_some() {
            return at;
        }
    }
    id
}

/// Which part of a mark holds a level off the scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffScaleField<'a> {
    /// The person's own `rating`.
    Rating,
    /// The `agreed` level.
    Agreed,
    /// Another rater's, under `others` by rater id.
    Other(&'a str),
}

/// A level a review records that the framework's scale does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffScale<'a> {
    pub standard: &'a str,
    pub stage: &'a str,
    pub level: u8,
    pub field: OffScaleField<'a>,
}

/// The level of `mark` (own, agreed, or another rater's) that `framework`'s
/// scale does not have, if any.
fn off_scale_in<'a>(framework: &Framework, mark: &'a Mark) -> Option<(u8, OffScaleField<'a>)> {
    let off = |rating: &Rating| rating.level().filter(|&v| framework.level(v).is_none());
    if let Some(v) = off(&mark.rating) {
        return Some((v, OffScaleField::Rating));
    }
    if let Some(v) = mark.agreed.as_ref().and_then(off) {
        return Some((v, OffScaleField::Agreed));
    }
    mark.others
        .iter()
        .find_map(|(id, view)| Some((off(&view.rating)?, OffScaleField::Other(id))))
}

/// The first level in `review` that `framework`'s scale does not have:
/// a file edited by hand, or damaged, when the framework is the version
/// the file was made against. ([`migrate`] archives such marks when the
/// framework's version changed and its scale shrank.)
pub fn off_scale<'a>(framework: &Framework, review: &'a Review) -> Option<OffScale<'a>> {
    review.marks.iter().find_map(|(standard, stages)| {
        stages.iter().find_map(|(stage, mark)| {
            let (level, field) = off_scale_in(framework, mark)?;
            Some(OffScale {
                standard,
                stage,
                level,
                field,
            })
        })
    })
}

/// Bring `assessment` up to date with `framework` (see the module docs).
pub fn migrate(assessment: &mut Assessment, framework: &Framework) -> Migration {
    let mut migration = Migration {
        from_version: assessment.framework.version.clone(),
        to_version: framework.version.clone(),
        ..Migration::default()
    };
    let mut renamed = BTreeSet::new();
    let mut archived_ids = BTreeSet::new();
    let mut changed = false;

    // Each standard by id (a hash map: opening a large framework's
    // assessment runs this before the first frame).
    let places: HashMap<&str, &Standard> = framework
        .standards()
        .map(|(_, s)| (s.id.as_str(), s))
        .collect();
    // Whether the framework assesses `standard` at `stage`.
    let allows = |standard: &Standard, stage: &str| {
        standard.stage.as_deref().is_none_or(|only| only == stage)
            && framework.stage(stage).is_some()
    };

    for review in &mut assessment.reviews {
        // Standards already in place keep their marks untouched; the rest are
        // taken out and put back where the framework now has them.
        let moving: Vec<StandardId> = review
            .marks
            .iter()
            .filter(|(id, stages)| match places.get(id.as_str()) {
                Some(standard) => stages.iter().any(|(st, mark)| {
                    !allows(standard, st) || off_scale_in(framework, mark).is_some()
                }),
                None => true,
            })
            .map(|(id, _)| id.clone())
            .collect();
        if moving.is_empty() {
            continue;
        }
        changed = true;
        // Marks to archive, by their own standard id, then stage.
        let mut to_archive: BTreeMap<StandardId, StageMarks> = BTreeMap::new();
        let mut archive = |id: &str, stage: StageId, mark: Mark| {
            if mark.is_empty() {
                return;
            }
            archived_ids.insert(id.to_owned());
            let marks = to_archive.entry(id.to_owned()).or_default();
            match marks.get(&stage) {
                // Two marks for the same (old id, stage) can only arise from
                // hand edits; never lose either.
                Some(_) => {
                    let mut n = 2;
                    while marks.contains_key(&format!("{stage} ({n})")) {
                        n += 1;
                    }
                    marks.insert(format!("{stage} ({n})"), mark);
                }
                None => {
                    marks.insert(stage, mark);
                }
            }
        };
        // First the standards that stay where they are (their stray stages
        // aside), then the renamed ones, so a mark already under a new id
        // wins over one arriving from an old id.
        let (staying, renaming): (Vec<_>, Vec<_>) = moving
            .into_iter()
            .partition(|id| places.contains_key(id.as_str()));
        for old in staying.into_iter().chain(renaming) {
            let Some(stages) = review.marks.remove(&old) else {
                continue;
            };
            let new = resolve(framework, &old).to_owned();
            let Some(&standard) = places.get(new.as_str()) else {
                for (stage, mark) in stages {
                    archive(&old, stage, mark);
                }
                continue;
            };
            if new != old {
                renamed.insert((old.clone(), new.clone()));
            }
            for (stage, mark) in stages {
                // A level the scale no longer has is never shown as one, nor
                // counted in a mean: archived, as a removed standard's marks.
                if !allows(standard, &stage) || off_scale_in(framework, &mark).is_some() {
                    archive(&old, stage, mark);
                    continue;
                }
                let stages = review.marks.entry(new.clone()).or_default();
                match stages.get_mut(&stage) {
                    None => {
                        if !mark.is_empty() {
                            stages.insert(stage, mark);
                        }
                    }
                    Some(there) if there.is_empty() => *there = mark,
                    Some(_) => archive(&old, stage, mark),
                }
            }
            if review.marks.get(&new).is_some_and(StageMarks::is_empty) {
                review.marks.remove(&new);
            }
        }
        for (standard, marks) in to_archive {
            // The wording is known only if the id is still (or again) a standard.
            let text = places
                .get(resolve(framework, &standard))
                .map(|standard| standard.text.clone())
                .unwrap_or_default();
            assessment.archived.push(Archived {
                standard,
                text,
                review: review.title.clone(),
                framework_version: migration.from_version.clone(),
                marks,
            });
        }
    }

    // Marks archived before whose standard is back (a replacement framework
    // removed, a rename undone) go back to the review they came from, at
    // each stage where nothing newer has been recorded since; the rest
    // stay archived.
    let mut restored = BTreeSet::new();
    let mut still_archived = Vec::with_capacity(assessment.archived.len());
    for mut entry in std::mem::take(&mut assessment.archived) {
        let id = resolve(framework, &entry.standard).to_owned();
        let back = places.get(id.as_str()).copied().zip(
            assessment
                .reviews
                .iter_mut()
                .find(|r| r.title == entry.review),
        );
        let Some((standard, review)) = back else {
            still_archived.push(entry);
            continue;
        };
        let mut left = StageMarks::new();
        for (stage, mark) in std::mem::take(&mut entry.marks) {
            let free = review.mark(&id, &stage).is_none_or(Mark::is_empty);
            if free && allows(standard, &stage) && off_scale_in(framework, &mark).is_none() {
                *review.mark_mut(&id, &stage) = mark;
                restored.insert(id.clone());
                changed = true;
            } else {
                left.insert(stage, mark);
            }
        }
        if !left.is_empty() {
            entry.marks = left;
            still_archived.push(entry);
        }
    }
    assessment.archived = still_archived;

    // The plan, and the plans closed reviews kept, follow renames.
    let plans = std::iter::once(&mut assessment.plan).chain(
        assessment
            .reviews
            .iter_mut()
            .filter_map(|r| r.plan_at_close.as_mut()),
    );
    for plan in plans {
        for pair in plan.rename_standards(|old| resolve(framework, old).to_owned()) {
            renamed.insert(pair);
            changed = true;
        }
    }
    assessment.settle_schema();

    if assessment.framework.version != framework.version {
        assessment.framework.version = framework.version.clone();
        changed = true;
    }
    migration.renamed = renamed.into_iter().collect();
    migration.archived = archived_ids.into_iter().collect();
    migration.restored = restored.into_iter().collect();
    migration.changed = changed;
    migration
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::model::Origin;
    use crate::model::assessment::{FrameworkRef, Person};
    use crate::model::framework::{Level, Scale, Source, Stage, Standard, Theme};
    use crate::model::plan::{Action, Link};

    fn stage(id: &str) -> Stage {
        Stage {
            id: id.into(),
            name: id.into(),
            description: String::new(),
        }
    }

    fn standard(id: &str, stage: Option<&str>) -> Standard {
        Standard {
            id: id.into(),
            text: format!("Text of {id}."),
            stage: stage.map(Into::into),
            origin: Origin::Prompt,
        }
    }

    /// Stages k, e; standards a (every stage), b (every stage), c (k only).
    fn framework(version: &str, renames: &[(&str, &str)]) -> Framework {
        Framework {
            id: "fw".into(),
            title: "Framework".into(),
            audience: String::new(),
            version: version.into(),
            source: Source {
                publisher: "p".into(),
                note: "n".into(),
            },
            stages: vec![stage("k"), stage("e")],
            scale: Scale {
                levels: (1..=5)
                    .map(|v| Level {
                        value: v,
                        label: v.to_string(),
                        descriptor: String::new(),
                    })
                    .collect(),
                not_applicable: "n/a".into(),
            },
            themes: vec![Theme {
                id: "t".into(),
                title: "Theme".into(),
                definition: "Def.".into(),
                definition_origin: Origin::Prompt,
                elements: vec![],
                standards: vec![
                    standard("a", None),
                    standard("b", None),
                    standard("c", Some("k")),
                ],
            }],
            renames: renames
                .iter()
                .map(|(o, n)| ((*o).to_owned(), (*n).to_owned()))
                .collect(),
        }
    }

    fn assessment(version: &str) -> Assessment {
        let mut a = Assessment::new(
            FrameworkRef {
                id: "fw".into(),
                version: version.into(),
            },
            Person {
                name: "Sam".into(),
                role: String::new(),
                organisation: String::new(),
            },
            Review::new("First", date(2026, 1, 1)),
        );
        a.current_mut().frozen = Some(date(2026, 6, 1));
        a.reviews.push(Review::new("Second", date(2026, 7, 1)));
        a
    }

    fn mark(level: u8, note: &str) -> Mark {
        Mark {
            rating: Rating::Level(level),
            note: note.into(),
            ..Mark::default()
        }
    }

    #[test]
    fn nothing_to_do_changes_nothing() {
        let fw = framework("1", &[]);
        let mut a = assessment("1");
        *a.current_mut().mark_mut("a", "k") = mark(3, "note");
        let before = a.clone();
        let m = migrate(&mut a, &fw);
        assert!(!m.changed);
        assert_eq!(m.describe(), None);
        assert_eq!(a, before);
    }

    #[test]
    fn a_new_version_is_recorded() {
        let fw = framework("2", &[]);
        let mut a = assessment("1");
        let m = migrate(&mut a, &fw);
        assert!(m.changed);
        assert_eq!((m.from_version.as_str(), m.to_version.as_str()), ("1", "2"));
        assert_eq!(a.framework.version, "2");
        assert!(m.describe().unwrap().contains("from version 1 to 2"));
    }

    #[test]
    fn renames_apply_to_every_review_and_the_plan() {
        let fw = framework("2", &[("old-a", "a")]);
        let mut a = assessment("1");
        *a.reviews[0].mark_mut("old-a", "k") = mark(2, "frozen history");
        *a.reviews[1].mark_mut("old-a", "e") = mark(4, "current");
        a.plan.actions.push(Action {
            links: vec![Link::standard("old-a", None)],
            ..Action::new("Do it")
        });
        let mut closed = a.plan.clone();
        closed.actions[0]
            .links
            .push(Link::standard("old-a", Some("k")));
        a.reviews[0].plan_at_close = Some(closed);
        let m = migrate(&mut a, &fw);
        assert_eq!(m.renamed, [("old-a".to_owned(), "a".to_owned())]);
        assert!(m.archived.is_empty());
        assert_eq!(
            a.reviews[0].mark("a", "k"),
            Some(&mark(2, "frozen history"))
        );
        assert_eq!(a.reviews[1].mark("a", "e"), Some(&mark(4, "current")));
        assert!(!a.reviews[0].marks.contains_key("old-a"));
        assert_eq!(a.plan.actions[0].links, [Link::standard("a", None)]);
        let closed = a.reviews[0].plan_at_close.as_ref().unwrap();
        assert_eq!(
            closed.actions[0].links,
            [Link::standard("a", None), Link::standard("a", Some("k"))]
        );
        assert!(a.archived.is_empty());
    }

    #[test]
    fn chains_of_renames_are_followed_and_circles_do_not_hang() {
        let fw = framework("3", &[("x", "y"), ("y", "b"), ("p", "q"), ("q", "p")]);
        assert_eq!(resolve(&fw, "x"), "b");
        assert_eq!(resolve(&fw, "y"), "b");
        assert_eq!(resolve(&fw, "p"), "p");
        assert_eq!(resolve(&fw, "a"), "a");
        let mut a = assessment("1");
        *a.current_mut().mark_mut("x", "k") = mark(1, "from x");
        *a.current_mut().mark_mut("p", "k") = mark(5, "from p");
        let m = migrate(&mut a, &fw);
        assert_eq!(a.current().mark("b", "k"), Some(&mark(1, "from x")));
        assert_eq!(m.archived, ["p"]);
        assert_eq!(a.archived.len(), 1);
        assert_eq!(a.archived[0].standard, "p");
        assert_eq!(a.archived[0].marks["k"], mark(5, "from p"));
    }

    #[test]
    fn a_rename_onto_existing_marks_keeps_the_new_ones_and_archives_the_old() {
        // "0" sorts before "b": the order of the map must not decide.
        let fw = framework("2", &[("0", "b")]);
        let mut a = assessment("1");
        *a.current_mut().mark_mut("0", "k") = mark(1, "old words");
        *a.current_mut().mark_mut("0", "e") = mark(2, "old, no clash");
        *a.current_mut().mark_mut("b", "k") = mark(4, "new words");
        let m = migrate(&mut a, &fw);
        assert_eq!(a.current().mark("b", "k"), Some(&mark(4, "new words")));
        assert_eq!(a.current().mark("b", "e"), Some(&mark(2, "old, no clash")));
        assert_eq!(m.renamed, [("0".to_owned(), "b".to_owned())]);
        assert_eq!(m.archived, ["0"]);
        let kept = &a.archived[0];
        assert_eq!(kept.standard, "0");
        assert_eq!(kept.review, "Second");
        assert_eq!(kept.framework_version, "1");
        assert_eq!(kept.text, "Text of b.");
        assert_eq!(kept.marks["k"], mark(1, "old words"));
    }

    #[test]
    fn removed_standards_and_stray_stages_are_archived_with_their_review() {
        let fw = framework("2", &[]);
        let mut a = assessment("1");
        *a.reviews[0].mark_mut("gone", "k") = mark(3, "retired");
        *a.reviews[1].mark_mut("c", "e") = mark(2, "c is knowledge only now");
        *a.reviews[1].mark_mut("c", "k") = mark(5, "stays");
        a.reviews[1].mark_mut("gone2", "k"); // empty: nothing to keep
        let m = migrate(&mut a, &fw);
        assert_eq!(m.archived, ["c", "gone"]);
        assert_eq!(a.current().mark("c", "k"), Some(&mark(5, "stays")));
        assert!(a.current().mark("c", "e").is_none());
        assert!(!a.current().marks.contains_key("gone2"));
        assert!(!a.reviews[0].marks.contains_key("gone"));
        let gone = a.archived.iter().find(|x| x.standard == "gone").unwrap();
        assert_eq!(gone.review, "First");
        assert_eq!(gone.text, "");
        assert_eq!(gone.marks["k"], mark(3, "retired"));
        let c = a.archived.iter().find(|x| x.standard == "c").unwrap();
        assert_eq!(c.review, "Second");
        assert_eq!(c.text, "Text of c.");
    }

    #[test]
    fn a_level_a_shrunk_scale_no_longer_has_is_archived_not_shown() {
        use crate::model::progress::framework_tally;
        let mut fw = framework("2", &[]);
        fw.scale.levels.truncate(4);
        let mut a = assessment("1");
        *a.current_mut().mark_mut("a", "k") = mark(5, "top of the old scale");
        *a.current_mut().mark_mut("a", "e") = mark(2, "still on the scale");
        // Another rater's level, and an agreed one, count as well.
        let coach = a
            .current_mut()
            .add_rater("Pat", crate::model::assessment::RaterRole::Coach)
            .unwrap();
        a.current_mut()
            .set_view_rating("b", "k", &coach, Rating::Level(5))
            .unwrap();
        a.current_mut().mark_mut("c", "k").agreed = Some(Rating::Level(5));
        let m = migrate(&mut a, &fw);
        assert!(m.changed);
        assert_eq!(m.archived, ["a", "b", "c"]);
        assert!(a.current().mark("a", "k").is_none(), "not shown as a level");
        assert_eq!(
            a.current().mark("a", "e"),
            Some(&mark(2, "still on the scale"))
        );
        assert!(a.current().mark("b", "k").is_none());
        assert!(a.current().mark("c", "k").is_none());
        let kept = a.archived.iter().find(|x| x.standard == "a").unwrap();
        assert_eq!(kept.marks["k"], mark(5, "top of the old scale"));
        assert_eq!(kept.framework_version, "1");
        // Counted in no mean: only the level 2 is left.
        let tally = framework_tally(&fw, a.current());
        assert_eq!(tally.rated, 1);
        assert_eq!(off_scale(&fw, a.current()), None);
    }

    #[test]
    fn off_scale_finds_a_level_the_scale_does_not_have() {
        let fw = framework("1", &[]);
        let mut a = assessment("1");
        assert_eq!(off_scale(&fw, a.current()), None);
        a.current_mut().mark_mut("b", "e").agreed = Some(Rating::Level(0));
        *a.current_mut().mark_mut("a", "k") = mark(9, "");
        let found = off_scale(&fw, a.current()).unwrap();
        assert_eq!((found.standard, found.stage, found.level), ("a", "k", 9));
        assert_eq!(found.field, OffScaleField::Rating);
        a.current_mut().marks.remove("a");
        let found = off_scale(&fw, a.current()).unwrap();
        assert_eq!((found.standard, found.stage, found.level), ("b", "e", 0));
        assert_eq!(found.field, OffScaleField::Agreed);
    }

    /// The fixture framework at `version` without standard "a".
    fn without_a(version: &str) -> Framework {
        let mut fw = framework(version, &[]);
        fw.themes[0].standards.retain(|s| s.id != "a");
        fw
    }

    #[test]
    fn archived_marks_come_back_when_their_standard_does() {
        let mut a = assessment("1");
        *a.reviews[0].mark_mut("a", "k") = mark(2, "first review");
        *a.current_mut().mark_mut("a", "k") = mark(3, "knowledge");
        *a.current_mut().mark_mut("a", "e") = mark(4, "experience");
        let before = a.clone();
        // A replacement framework without "a"...
        let m = migrate(&mut a, &without_a("2"));
        assert_eq!(m.archived, ["a"]);
        assert!(a.current().mark("a", "k").is_none());
        assert_eq!(a.archived.len(), 2);
        // ...is removed again: the marks go back to their reviews.
        let m = migrate(&mut a, &framework("1", &[]));
        assert!(m.changed);
        assert_eq!(m.restored, ["a"]);
        assert!(
            m.describe().unwrap().contains("restored"),
            "{:?}",
            m.describe()
        );
        assert!(a.archived.is_empty(), "{:?}", a.archived);
        assert_eq!(a.reviews, before.reviews);
        // And nothing more happens the next time.
        let again = a.clone();
        assert!(!migrate(&mut a, &framework("1", &[])).changed);
        assert_eq!(a, again);
    }

    #[test]
    fn an_archived_mark_comes_back_under_the_standard_it_was_renamed_to() {
        let mut a = assessment("1");
        *a.current_mut().mark_mut("a", "k") = mark(3, "knowledge");
        migrate(&mut a, &without_a("2"));
        assert_eq!(a.archived.len(), 1);
        let mut fw = without_a("3");
        fw.themes[0].standards.push(standard("a-new", None));
        fw.renames.insert("a".into(), "a-new".into());
        let m = migrate(&mut a, &fw);
        assert_eq!(m.restored, ["a-new"]);
        assert_eq!(a.current().mark("a-new", "k"), Some(&mark(3, "knowledge")));
        assert!(a.archived.is_empty());
    }

    #[test]
    fn a_newer_mark_is_not_overwritten_by_an_archived_one() {
        let mut a = assessment("1");
        *a.current_mut().mark_mut("a", "k") = mark(3, "old");
        *a.current_mut().mark_mut("a", "e") = mark(4, "old e");
        migrate(&mut a, &without_a("2"));
        // Made since, in the framework that has "a" again.
        *a.current_mut().mark_mut("a", "k") = mark(5, "newer");
        let m = migrate(&mut a, &framework("3", &[]));
        assert_eq!(m.restored, ["a"]);
        assert_eq!(a.current().mark("a", "k"), Some(&mark(5, "newer")));
        assert_eq!(a.current().mark("a", "e"), Some(&mark(4, "old e")));
        assert_eq!(a.archived.len(), 1, "the old one is still kept");
        assert_eq!(a.archived[0].marks.len(), 1);
        assert_eq!(a.archived[0].marks["k"], mark(3, "old"));
    }

    #[test]
    fn earlier_archived_marks_are_kept() {
        let fw = framework("3", &[]);
        let mut a = assessment("1");
        *a.current_mut().mark_mut("gone", "k") = mark(3, "one");
        migrate(&mut a, &fw);
        *a.current_mut().mark_mut("gone", "k") = mark(4, "two");
        let m = migrate(&mut a, &fw);
        assert!(m.changed);
        assert_eq!(a.archived.len(), 2);
    }

    #[test]
    fn migrating_twice_changes_nothing_the_second_time() {
        let fw = framework("2", &[("old-a", "a"), ("0", "b")]);
        let mut a = assessment("1");
        *a.current_mut().mark_mut("old-a", "k") = mark(1, "x");
        *a.current_mut().mark_mut("0", "k") = mark(1, "y");
        *a.current_mut().mark_mut("b", "k") = mark(2, "z");
        *a.current_mut().mark_mut("gone", "e") = mark(3, "w");
        assert!(migrate(&mut a, &fw).changed);
        let once = a.clone();
        let again = migrate(&mut a, &fw);
        assert!(!again.changed, "{again:?}");
        assert!(again.renamed.is_empty() && again.archived.is_empty());
        assert_eq!(a, once);
    }

    mod props {
        use proptest::prelude::*;

        use super::*;

        /// Every non-empty mark, as (stage, mark) pairs, in reviews and archived.
        fn words(a: &Assessment) -> Vec<(String, String)> {
            let mut all: Vec<(String, String)> = a
                .reviews
                .iter()
                .flat_map(|r| r.marks.values())
                .chain(a.archived.iter().map(|x| &x.marks))
                .flat_map(|m| m.values())
                .filter(|m| !m.is_empty())
                .map(|m| (format!("{:?}", m.rating), m.note.clone()))
                .collect();
            all.sort();
            all
        }

        fn id() -> impl Strategy<Value = String> {
            prop::sample::select(vec!["a", "b", "c", "x", "y", "p", "q", "gone", ""])
                .prop_map(str::to_owned)
        }

        fn any_mark() -> impl Strategy<Value = Mark> {
            (0u8..=5, prop::option::of("[a-z]{0,3}")).prop_map(|(level, note)| Mark {
                rating: if level == 0 {
                    Rating::Unrated
                } else {
                    Rating::Level(level)
                },
                note: note.unwrap_or_default(),
                ..Mark::default()
            })
        }

        fn review_marks() -> impl Strategy<Value = BTreeMap<String, StageMarks>> {
            prop::collection::btree_map(
                id(),
                prop::collection::btree_map(
                    prop::sample::select(vec!["k", "e", "j"]).prop_map(str::to_owned),
                    any_mark(),
                    0..3,
                )
                .prop_map(|stages| stages.into_iter().collect()),
                0..6,
            )
        }

        proptest! {
            #[test]
            fn no_note_or_rating_is_ever_lost(
                renames in prop::collection::btree_map(id(), id(), 0..5),
                reviews in prop::collection::vec(review_marks(), 1..3),
            ) {
                let mut fw = framework("2", &[]);
                fw.renames = renames;
                let mut a = assessment("1");
                a.reviews = reviews
                    .into_iter()
                    .enumerate()
                    .map(|(i, marks)| {
                        let mut r = Review::new(format!("Review {i}"), date(2026, 1, 1));
                        r.marks = marks;
                        r
                    })
                    .collect();
                let before = words(&a);
                let first = migrate(&mut a, &fw);
                prop_assert_eq!(words(&a), before.clone());
                // Everything left in the reviews has a place in the framework.
                for review in &a.reviews {
                    for (standard, stages) in &review.marks {
                        let (_, s) = fw.standard(standard).expect("a standard");
                        for stage in stages.keys() {
                            prop_assert!(fw.stages_of(s).any(|st| st.id == *stage));
                        }
                    }
                }
                let once = a.clone();
                let second = migrate(&mut a, &fw);
                prop_assert!(!second.changed, "{:?} then {:?}", first, second);
                prop_assert_eq!(&a, &once);
                prop_assert_eq!(words(&a), before);
            }
        }
    }
}
