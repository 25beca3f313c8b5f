//! A cohort's picture, for HR and learning teams: levels only, by consent,
//! and no figure drawn from fewer than `min_group` people.
//!
//! Each person arrives as a [`CohortPerson`]: a key (their random id, or
//! a stand-in for an assessment that has none), and for each review a
//! compact row of levels, one byte per (standard, stage) pair of the
//! framework ([`Pairs`]). [`build`] works the [`CohortReport`] out of them:
//! for each theme and stage, and each standard and stage, the distribution
//! of levels given, the median, the share at the top two levels and how
//! many people rated it; the priorities most people share and the offers
//! that serve the most people's; and the change between each person's last
//! two reviews. A figure from fewer than `min_group` people is left out
//! and says so, so no one can be singled out.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use super::assessment::{Rating, Review};
use super::framework::Framework;
use super::migrate::resolve;
use super::offer::{Offer, Wanted};
use super::proposals::{PinKind, propose};
use super::share::RoleLevel;

/// A pair not rated.
pub const UNRATED: u8 = 0;
/// A pair rated "not applicable".
pub const NOT_APPLICABLE: u8 = 255;

pub fn encode(rating: Rating) -> u8 {
    match rating {
        Rating::Unrated => UNRATED,
        Rating::NotApplicable => NOT_APPLICABLE,
        Rating::Level(n) => n.clamp(1, 254),
    }
}

pub fn decode(byte: u8) -> Rating {
    match byte {
        UNRATED => Rating::Unrated,
        NOT_APPLICABLE => Rating::NotApplicable,
        n => Rating::Level(n),
    }
}

/// Every (standard, stage) pair the framework assesses, in order, and
/// where each is in a person's row of levels.
#[derive(Debug, Clone)]
pub struct Pairs {
    /// (theme index, stage index, standard id, stage id).
    pub pairs: Vec<(usize, usize, String, String)>,
    index: HashMap<(String, String), usize>,
}

impl Pairs {
    pub fn of(framework: &Framework) -> Pairs {
        let mut pairs = Vec::new();
        for (t, theme) in framework.themes.iter().enumerate() {
            for standard in &theme.standards {
                for stage in framework.stages_of(standard) {
                    let s = framework.stage_index(&stage.id).unwrap_or(0);
                    pairs.push((t, s, standard.id.clone(), stage.id.clone()));
                }
            }
        }
        let index = pairs
            .iter()
            .enumerate()
            .map(|(i, (_, _, standard, stage))| ((standard.clone(), stage.clone()), i))
            .collect();
        Pairs { pairs, index }
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Where (standard, stage) is, under the framework's renames; `None`
    /// for a standard the framework no longer has.
    pub fn find(&self, framework: &Framework, standard: &str, stage: &str) -> Option<usize> {
        if let Some(i) = self.index.get(&(standard.to_owned(), stage.to_owned())) {
            return Some(*i);
        }
        let renamed = resolve(framework, standard);
        self.index
            .get(&(renamed.to_owned(), stage.to_owned()))
            .copied()
    }
}

/// One person in the cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortPerson {
    /// Their random id, or a stand-in that never leaves this run.
    pub key: String,
    /// Their name, only where they chose to give it.
    pub name: Option<String>,
    pub role_level: Option<RoleLevel>,
    /// Oldest first.
    pub reviews: Vec<PersonReview>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersonReview {
    pub title: String,
    pub date: Date,
    /// One byte per pair of [`Pairs`]: [`UNRATED`], a level, [`NOT_APPLICABLE`].
    pub levels: Vec<u8>,
}

impl CohortPerson {
    /// Add `review`, unless one of the same date and title is there;
    /// whether it was new.
    pub fn add_review(&mut self, review: PersonReview) -> bool {
        if self
            .reviews
            .iter()
            .any(|r| r.date == review.date && r.title == review.title)
        {
            return false;
        }
        let at = self
            .reviews
            .iter()
            .position(|r| (r.date, &r.title) > (review.date, &review.title))
            .unwrap_or(self.reviews.len());
        self.reviews.insert(at, review);
        true
    }
}

/// One cell's figures: a theme or standard at a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// How many people gave it a level or "not applicable"; `None` when
    /// fewer than the smallest group (the cell is suppressed).
    pub people: Option<usize>,
    /// `people` as a share of the cohort, 0 to 1.
    pub coverage: Option<f64>,
    /// How many levels of each value were given, lowest first.
    pub counts: Vec<usize>,
    pub not_applicable: usize,
    pub median: Option<f64>,
    /// The share of levels given at the top two levels, 0 to 1.
    pub top_two: Option<f64>,
    pub suppressed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeRow {
    pub id: String,
    pub title: String,
    /// One per stage of the framework.
    pub cells: Vec<Cell>,
    pub standards: Vec<StandardRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandardRow {
    pub id: String,
    pub text: String,
    /// One per stage; `None` where the standard is not assessed at it.
    pub cells: Vec<Option<Cell>>,
}

/// A development priority many share: a theme at a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityRow {
    pub theme: String,
    pub theme_id: String,
    pub stage: String,
    pub stage_id: String,
    /// How many people have it among their priorities; `None`: fewer than the smallest group.
    pub people: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferRow {
    pub id: String,
    pub title: String,
    pub provider: String,
    /// How many people's priorities it serves; `None`: fewer than the smallest group.
    pub people: Option<usize>,
    pub as_of: String,
}

/// Change between each person's last two reviews, for one theme and stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressRow {
    pub theme: String,
    pub stage: String,
    /// People with levels in both reviews; `None`: fewer than the smallest group.
    pub people: Option<usize>,
    /// The mean of each person's change of mean level.
    pub mean_change: Option<f64>,
    pub up: Option<usize>,
    pub same: Option<usize>,
    pub down: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub label: String,
    /// `None`: fewer than the smallest group.
    pub people: Option<usize>,
}

/// Everything the cohort view shows of one framework's people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortReport {
    pub framework_id: String,
    pub framework: String,
    pub version: String,
    pub people: usize,
    pub reviews: usize,
    pub min_group: usize,
    pub stages: Vec<String>,
    /// The scale's levels, lowest first ("1 Aware").
    pub levels: Vec<String>,
    pub role_levels: Vec<Count>,
    pub themes: Vec<ThemeRow>,
    pub priorities: Vec<PriorityRow>,
    pub offers: Vec<OfferRow>,
    /// How many people have two reviews or more.
    pub paired: usize,
    pub progress: Vec<ProgressRow>,
    /// Everyone's names, only when every person gave theirs.
    pub names: Option<Vec<String>>,
}

/// The figures of the levels in `cells` (one list per person), against a
/// cohort of `cohort` people.
fn cell(levels_by_person: &[Vec<u8>], cohort: usize, max: u8, min_group: usize) -> Cell {
    let people = levels_by_person.iter().filter(|l| !l.is_empty()).count();
    if people < min_group || people == 0 {
        return Cell {
            people: None,
            coverage: None,
            counts: Vec::new(),
            not_applicable: 0,
            median: None,
            top_two: None,
            suppressed: true,
        };
    }
    let mut counts = vec![0usize; usize::from(max)];
    let mut not_applicable = 0;
    for &byte in levels_by_person.iter().flatten() {
        match decode(byte) {
            Rating::Level(n) if n >= 1 && n <= max => counts[usize::from(n - 1)] += 1,
            Rating::NotApplicable => not_applicable += 1,
            _ => {}
        }
    }
    let given: usize = counts.iter().sum();
    let median = (given > 0).then(|| {
        let at = |k: usize| {
            let mut seen = 0;
            for (i, c) in counts.iter().enumerate() {
                seen += c;
                if seen > k {
                    return (i + 1) as f64;
                }
            }
            f64::from(max)
        };
        if given % 2 == 1 {
            at(given / 2)
        } else {
            (at(given / 2 - 1) + at(given / 2)) / 2.0
        }
    });
    let top: usize = counts.iter().rev().take(2).sum();
    Cell {
        people: Some(people),
        coverage: Some(people as f64 / cohort.max(1) as f64),
        top_two: (given > 0).then(|| top as f64 / given as f64),
        counts,
        not_applicable,
        median,
        suppressed: false,
    }
}

/// The mean level of `levels` at `slots`, if any is a level.
fn mean_at(levels: &[u8], slots: &[usize]) -> Option<f64> {
    let (sum, n) = slots
        .iter()
        .filter_map(|&i| decode(*levels.get(i)?).level())
        .fold((0u32, 0u32), |(s, n), v| (s + u32::from(v), n + 1));
    (n > 0).then(|| f64::from(sum) / f64::from(n))
}

/// `value` unless it comes from fewer than `min_group` people.
fn shown(value: usize, min_group: usize) -> Option<usize> {
    (value >= min_group && value > 0).then_some(value)
}

/// A person's review as a [`Review`] of levels alone, for the proposals.
fn as_review(pairs: &Pairs, review: &PersonReview) -> Review {
    let mut r = Review::new(review.title.clone(), review.date);
    for (i, &byte) in review.levels.iter().enumerate() {
        if byte != UNRATED
            && let Some((_, _, standard, stage)) = pairs.pairs.get(i)
        {
            r.mark_mut(standard, stage).rating = decode(byte);
        }
    }
    r
}

/// The cohort's picture: see the module docs.
pub fn build(
    framework: &Framework,
    pairs: &Pairs,
    people: &[CohortPerson],
    offers: &[Offer],
    min_group: usize,
) -> CohortReport {
    let max = framework.max_level();
    let stages = framework.stages.len();
    let cohort = people.len();
    let latest: Vec<&PersonReview> = people.iter().filter_map(|p| p.reviews.last()).collect();

    // Slots of each (theme, stage), and of each (standard, stage).
    let mut theme_slots: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    let mut standard_slot: HashMap<(&str, usize), usize> = HashMap::new();
    for (i, (t, s, standard, _)) in pairs.pairs.iter().enumerate() {
        theme_slots.entry((*t, *s)).or_default().push(i);
        standard_slot.insert((standard.as_str(), *s), i);
    }
    let given_at = |slots: &[usize]| -> Vec<Vec<u8>> {
        latest
            .iter()
            .map(|r| {
                slots
                    .iter()
                    .filter_map(|&i| r.levels.get(i).copied())
                    .filter(|&b| b != UNRATED)
                    .collect()
            })
            .collect()
    };
    let themes = framework
        .themes
        .iter()
        .enumerate()
        .map(|(t, theme)| ThemeRow {
            id: theme.id.clone(),
            title: theme.title.clone(),
            cells: (0..stages)
                .map(|s| {
                    let slots = theme_slots.get(&(t, s)).cloned().unwrap_or_default();
                    cell(&given_at(&slots), cohort, max, min_group)
                })
                .collect(),
            standards: theme
                .standards
                .iter()
                .map(|standard| StandardRow {
                    id: standard.id.clone(),
                    text: standard.text.clone(),
                    cells: (0..stages)
                        .map(|s| {
                            standard_slot
                                .get(&(standard.id.as_str(), s))
                                .map(|&i| cell(&given_at(&[i]), cohort, max, min_group))
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();

    // Priorities: each person's, from their latest review (and the one before).
    let mut priority_people: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut offer_people: Vec<usize> = vec![0; offers.len()];
    for person in people {
        let Some(last) = person.reviews.len().checked_sub(1) else {
            continue;
        };
        let from = last.saturating_sub(1);
        let reviews: Vec<Review> = person.reviews[from..]
            .iter()
            .map(|r| as_review(pairs, r))
            .collect();
        let mine: Vec<(usize, usize)> = propose(framework, &reviews, reviews.len() - 1)
            .into_iter()
            .filter(|p| p.kind == PinKind::Priority)
            .map(|p| (p.theme, p.stage))
            .collect();
        for cell in &mine {
            *priority_people.entry(*cell).or_default() += 1;
        }
        for (o, offer) in offers.iter().enumerate() {
            let serves = mine.iter().any(|&(t, s)| {
                offer
                    .fit(&Wanted {
                        framework: Some(&framework.id),
                        theme: Some(&framework.themes[t].id),
                        stage: Some(&framework.stages[s].id),
                        councillors: false,
                    })
                    .is_some_and(|f| f.score == 2)
            });
            if serves && offer.for_officers() {
                offer_people[o] += 1;
            }
        }
    }
    let mut priorities: Vec<PriorityRow> = priority_people
        .iter()
        .map(|(&(t, s), &n)| PriorityRow {
            theme: framework.themes[t].title.clone(),
            theme_id: framework.themes[t].id.clone(),
            stage: framework.stages[s].name.clone(),
            stage_id: framework.stages[s].id.clone(),
            people: shown(n, min_group),
        })
        .collect();
    priorities.sort_by_key(|p| std::cmp::Reverse(p.people));
    let mut offer_rows: Vec<OfferRow> = offers
        .iter()
        .zip(&offer_people)
        .filter(|(_, n)| **n > 0)
        .map(|(o, &n)| OfferRow {
            id: o.id.clone(),
            title: o.title.clone(),
            provider: o.provider.clone(),
            people: shown(n, min_group),
            as_of: o.as_of.clone(),
        })
        .collect();
    offer_rows.sort_by_key(|o| std::cmp::Reverse(o.people));

    // Progress: each person's last two reviews.
    let paired: Vec<&CohortPerson> = people.iter().filter(|p| p.reviews.len() >= 2).collect();
    let mut progress = Vec::new();
    for (&(t, s), slots) in &theme_slots {
        let changes: Vec<f64> = paired
            .iter()
            .filter_map(|p| {
                let n = p.reviews.len();
                let now = mean_at(&p.reviews[n - 1].levels, slots)?;
                let before = mean_at(&p.reviews[n - 2].levels, slots)?;
                Some(now - before)
            })
            .collect();
        let n = changes.len();
        let ok = shown(n, min_group).is_some();
        let count = |f: &dyn Fn(f64) -> bool| ok.then(|| changes.iter().filter(|c| f(**c)).count());
        progress.push(ProgressRow {
            theme: framework.themes[t].title.clone(),
            stage: framework.stages[s].name.clone(),
            people: shown(n, min_group),
            mean_change: ok.then(|| changes.iter().sum::<f64>() / n as f64),
            up: count(&|c| c > 0.0),
            same: count(&|c| c == 0.0),
            down: count(&|c| c < 0.0),
        });
    }

    // Only the levels someone has: a level with fewer than the smallest
    // group says so, without the number.
    let mut role_levels: Vec<Count> = RoleLevel::ALL
        .iter()
        .map(|l| {
            (
                l,
                people.iter().filter(|p| p.role_level == Some(*l)).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .map(|(l, n)| Count {
            label: l.label().to_owned(),
            people: shown(n, min_group),
        })
        .collect();
    let unknown = people.iter().filter(|p| p.role_level.is_none()).count();
    if unknown > 0 {
        role_levels.push(Count {
            label: "not given".into(),
            people: shown(unknown, min_group),
        });
    }
    let names = (cohort > 0 && people.iter().all(|p| p.name.is_some())).then(|| {
        let mut names: Vec<String> = people.iter().filter_map(|p| p.name.clone()).collect();
        names.sort();
        names
    });
    CohortReport {
        framework_id: framework.id.clone(),
        framework: framework.title.clone(),
        version: framework.version.clone(),
        people: cohort,
        reviews: people.iter().map(|p| p.reviews.len()).sum(),
        min_group,
        stages: framework.stages.iter().map(|s| s.name.clone()).collect(),
        levels: framework
            .scale
            .levels
            .iter()
            .map(|l| format!("{} {}", l.value, l.label))
            .collect(),
        role_levels,
        themes,
        priorities,
        offers: offer_rows,
        paired: paired.len(),
        progress,
        names,
    }
}

#[cfg(test)]
mod tests;
