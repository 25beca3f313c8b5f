//! Progress since the last review: each (standard, stage)'s level before
//! and now, and each theme and stage's rated count and mean level before
//! and now. "Not applicable" is rated but never counts towards a mean.

use super::assessment::{Assessment, Rating, Review};
use super::framework::Framework;
use super::progress::{Tally, theme_tally};

/// How one (standard, stage)'s rating moved from one review to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// A higher level now, by this many levels.
    Up(u8),
    /// A lower level now, by this many levels.
    Down(u8),
    /// The same level, or "not applicable" both times.
    Same,
    /// Rated now (a level or "not applicable"), unrated before.
    New,
    /// Rated before, unrated now.
    Dropped,
    /// A level became "not applicable", or the reverse: no distance to measure.
    Switched,
    /// Unrated both times.
    Unrated,
}

impl Change {
    pub fn between(previous: Rating, current: Rating) -> Change {
        match (previous, current) {
            (Rating::Level(a), Rating::Level(b)) if b > a => Change::Up(b - a),
            (Rating::Level(a), Rating::Level(b)) if b < a => Change::Down(a - b),
            (Rating::Unrated, Rating::Unrated) => Change::Unrated,
            (Rating::Unrated, _) => Change::New,
            (_, Rating::Unrated) => Change::Dropped,
            (a, b) if a == b => Change::Same,
            _ => Change::Switched,
        }
    }

    /// Anything but [`Change::Same`] and [`Change::Unrated`]: what the
    /// "only what changed" filter keeps.
    pub fn is_change(self) -> bool {
        !matches!(self, Change::Same | Change::Unrated)
    }

    /// "up 2", "down 1", "same", "new", "dropped", "changed", "unrated".
    pub fn label(self) -> String {
        match self {
            Change::Up(n) => format!("up {n}"),
            Change::Down(n) => format!("down {n}"),
            Change::Same => "same".into(),
            Change::New => "new".into(),
            Change::Dropped => "dropped".into(),
            Change::Switched => "changed".into(),
            Change::Unrated => "unrated".into(),
        }
    }
}

/// One (standard, stage) in both reviews.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairChange {
    /// Index into `framework.themes`.
    pub theme: usize,
    /// Index into that theme's `standards`.
    pub standard: usize,
    /// Index into `framework.stages`.
    pub stage: usize,
    pub standard_id: String,
    pub stage_id: String,
    pub previous: Rating,
    pub current: Rating,
    pub change: Change,
    /// The current rating was carried forward and not touched since.
    pub carried: bool,
}

/// A set of (standard, stage) pairs counted in both reviews.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TallyChange {
    pub previous: Tally,
    pub current: Tally,
}

impl TallyChange {
    /// How many more pairs are rated now (negative: fewer).
    pub fn rated_change(&self) -> i64 {
        count(self.current.rated) - count(self.previous.rated)
    }

    /// The change in mean level, in tenths, between the means as shown
    /// (each rounded to one decimal first, see [`Tally::mean_tenths`]), so
    /// the figures on screen add up: 2.3 to 2.5 is +0.2. `None` unless both
    /// reviews have a mean.
    pub fn mean_change_tenths(&self) -> Option<i64> {
        Some(self.current.mean_tenths()? - self.previous.mean_tenths()?)
    }

    /// The rated count or the mean moved, or a mean appeared or went.
    pub fn is_change(&self) -> bool {
        self.rated_change() != 0 || self.previous.mean_tenths() != self.current.mean_tenths()
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A theme, stage by stage (framework order) and over all its stages.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeChange {
    /// Index into `framework.themes`.
    pub theme: usize,
    /// One per `framework.stages`, in order.
    pub stages: Vec<TallyChange>,
    pub total: TallyChange,
}

/// How many pairs moved which way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeCounts {
    pub up: usize,
    pub down: usize,
    pub same: usize,
    pub new: usize,
    pub dropped: usize,
    pub switched: usize,
    pub unrated: usize,
}

/// Everything that moved between two reviews.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Every (standard, stage) of the framework, in framework order.
    pub pairs: Vec<PairChange>,
    /// Every theme, in framework order.
    pub themes: Vec<ThemeChange>,
    /// All themes together, one per stage.
    pub stages: Vec<TallyChange>,
    /// The whole framework.
    pub total: TallyChange,
}

impl Comparison {
    /// Only the pairs whose rating changed (see [`Change::is_change`]).
    pub fn changed(&self) -> impl Iterator<Item = &PairChange> {
        self.pairs.iter().filter(|p| p.change.is_change())
    }

    pub fn counts(&self) -> ChangeCounts {
        let mut c = ChangeCounts::default();
        for p in &self.pairs {
            match p.change {
                Change::Up(_) => c.up += 1,
                Change::Down(_) => c.down += 1,
                Change::Same => c.same += 1,
                Change::New => c.new += 1,
                Change::Dropped => c.dropped += 1,
                Change::Switched => c.switched += 1,
                Change::Unrated => c.unrated += 1,
            }
        }
        c
    }
}

/// Compare `current` with `previous` over every (standard, stage) of `framework`.
///
/// Marks for standards the framework does not have are left out, as in the
/// summary and the export.
pub fn compare(framework: &Framework, previous: &Review, current: &Review) -> Comparison {
    let mut pairs = Vec::new();
    for (t, theme) in framework.themes.iter().enumerate() {
        for (s, standard) in theme.standards.iter().enumerate() {
            for stage in framework.stages_of(standard) {
                let before = previous.rating(&standard.id, &stage.id);
                let mark = current.mark(&standard.id, &stage.id);
                let now = mark.map(|m| m.rating).unwrap_or_default();
                pairs.push(PairChange {
                    theme: t,
                    standard: s,
                    stage: framework.stage_index(&stage.id).unwrap_or_default(),
                    standard_id: standard.id.clone(),
                    stage_id: stage.id.clone(),
                    previous: before,
                    current: now,
                    change: Change::between(before, now),
                    carried: mark.is_some_and(|m| m.carried),
                });
            }
        }
    }
    let tally = |theme, stage: Option<&str>| TallyChange {
        previous: theme_tally(framework, previous, theme, stage),
        current: theme_tally(framework, current, theme, stage),
    };
    let themes: Vec<ThemeChange> = framework
        .themes
        .iter()
        .enumerate()
        .map(|(t, theme)| ThemeChange {
            theme: t,
            stages: framework
                .stages
                .iter()
                .map(|s| tally(theme, Some(&s.id)))
                .collect(),
            total: tally(theme, None),
        })
        .collect();
    let mut stages = vec![TallyChange::default(); framework.stages.len()];
    let mut total = TallyChange::default();
    for theme in &themes {
        for (sum, cell) in stages.iter_mut().zip(&theme.stages) {
            sum.previous.merge(&cell.previous);
            sum.current.merge(&cell.current);
        }
        total.previous.merge(&theme.total.previous);
        total.current.merge(&theme.total.current);
    }
    Comparison {
        pairs,
        themes,
        stages,
        total,
    }
}

impl Assessment {
    /// Review `index` (0-based) compared with the one before it; `None` for
    /// the first review or an index out of range.
    pub fn compare_with_previous(&self, framework: &Framework, index: usize) -> Option<Comparison> {
        let previous = self.reviews.get(index.checked_sub(1)?)?;
        let current = self.reviews.get(index)?;
        Some(compare(framework, previous, current))
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::model::fixture;

    fn level(n: u8) -> Rating {
        Rating::Level(n)
    }

    #[test]
    fn change_between_every_kind_of_rating() {
        use Rating::{NotApplicable as Na, Unrated as Un};
        let cases = [
            (level(2), level(4), Change::Up(2)),
            (level(1), level(5), Change::Up(4)),
            (level(4), level(3), Change::Down(1)),
            (level(3), level(3), Change::Same),
            (Na, Na, Change::Same),
            (Un, level(2), Change::New),
            (Un, Na, Change::New),
            (level(2), Un, Change::Dropped),
            (Na, Un, Change::Dropped),
            (level(2), Na, Change::Switched),
            (Na, level(2), Change::Switched),
            (Un, Un, Change::Unrated),
        ];
        for (before, now, want) in cases {
            assert_eq!(Change::between(before, now), want, "{before:?} -> {now:?}");
        }
        let changed: Vec<bool> = cases.iter().map(|c| c.2.is_change()).collect();
        assert_eq!(
            changed,
            [
                true, true, true, false, false, true, true, true, true, true, true, false
            ]
        );
        assert_eq!(Change::Up(2).label(), "up 2");
        assert_eq!(Change::Down(1).label(), "down 1");
        assert_eq!(Change::Switched.label(), "changed");
    }

    /// The report fixture's two reviews (see `fixture::two_reviews`).
    fn two_reviews() -> (Review, Review) {
        let a = fixture::two_reviews();
        (a.reviews[0].clone(), a.reviews[1].clone())
    }

    #[test]
    fn every_pair_with_its_change_in_framework_order() {
        let fw = fixture::framework();
        let (before, now) = two_reviews();
        let c = compare(&fw, &before, &now);
        let got: Vec<(&str, &str, Change, bool)> = c
            .pairs
            .iter()
            .map(|p| {
                (
                    p.standard_id.as_str(),
                    p.stage_id.as_str(),
                    p.change,
                    p.carried,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("t.place.1", "knowledge", Change::Up(2), false),
                ("t.place.1", "experience", Change::Same, true),
                ("t.place.1", "judgement", Change::Switched, false),
                ("t.place.2", "knowledge", Change::Dropped, false),
                ("t.place.2", "experience", Change::Unrated, false),
                ("t.place.2", "judgement", Change::Unrated, false),
                ("t.people.k", "knowledge", Change::Same, true),
                ("t.people.e", "experience", Change::New, false),
                ("t.people.j", "judgement", Change::Unrated, false),
            ]
        );
        let p = &c.pairs[7];
        assert_eq!((p.theme, p.standard, p.stage), (1, 1, 1));
        assert_eq!((p.previous, p.current), (Rating::Unrated, level(5)));

        let changed: Vec<&str> = c.changed().map(|p| p.stage_id.as_str()).collect();
        assert_eq!(
            changed,
            ["knowledge", "judgement", "knowledge", "experience"]
        );
        assert_eq!(
            c.counts(),
            ChangeCounts {
                up: 1,
                down: 0,
                same: 2,
                new: 1,
                dropped: 1,
                switched: 1,
                unrated: 3
            }
        );
    }

    #[test]
    fn theme_and_stage_arithmetic() {
        let fw = fixture::framework();
        let (before, now) = two_reviews();
        let c = compare(&fw, &before, &now);
        let place = &c.themes[0];
        // Knowledge: before 2 and 4 (2/2, mean 3.0); now 4 only (1/2, mean 4.0).
        let k = &place.stages[0];
        assert_eq!(
            (k.previous.rated, k.current.rated, k.current.total),
            (2, 1, 2)
        );
        assert_eq!(k.rated_change(), -1);
        assert_eq!(k.mean_change_tenths(), Some(10));
        // Judgement: n/a before (rated, no mean), 2 now.
        let j = &place.stages[2];
        assert_eq!(j.rated_change(), 0);
        assert_eq!(j.previous.mean_tenths(), None);
        assert_eq!(j.mean_change_tenths(), None);
        assert!(j.is_change(), "a mean appeared");
        // Place over all stages: before 2, 3, 4 and n/a (4/6, mean 3.0);
        // now 4, 3, 2 (3/6, mean 3.0).
        assert_eq!(place.total.rated_change(), -1);
        assert_eq!(place.total.mean_change_tenths(), Some(0));
        assert!(place.total.is_change());
        // People: knowledge unchanged (1 carried), experience new.
        let people = &c.themes[1];
        assert!(!people.stages[0].is_change());
        assert!(!people.stages[2].is_change());
        assert_eq!(people.stages[1].rated_change(), 1);
        // Stage totals over both themes; the grand total.
        assert_eq!(c.stages[0].previous.rated, 3);
        assert_eq!(c.stages[0].current.rated, 2);
        // Knowledge: before 2, 4, 1 (2.3); now 4, 1 (2.5).
        assert_eq!(c.stages[0].mean_change_tenths(), Some(25 - 23));
        assert_eq!(
            (
                c.total.previous.rated,
                c.total.current.rated,
                c.total.current.total
            ),
            (5, 5, 9)
        );
        // Before: 2, 3, 4, 1 = 2.5; now: 4, 3, 2, 1, 5 = 3.0.
        assert_eq!(c.total.mean_change_tenths(), Some(5));
        assert_eq!(c.total.rated_change(), 0);
    }

    #[test]
    fn mean_change_is_between_the_rounded_means() {
        let mut before = Tally::default();
        for v in [2, 2, 2, 3] {
            before.add(level(v)); // 2.25, shown 2.3
        }
        let mut now = Tally::default();
        now.add(level(2));
        now.add(level(3)); // 2.5
        now.add(Rating::NotApplicable);
        now.add(Rating::NotApplicable);
        let c = TallyChange {
            previous: before,
            current: now,
        };
        assert_eq!(before.mean_tenths(), Some(23));
        assert_eq!(c.mean_change_tenths(), Some(2));
        assert_eq!(c.rated_change(), 0, "n/a is rated");
        let mut down = c;
        std::mem::swap(&mut down.previous, &mut down.current);
        assert_eq!(down.mean_change_tenths(), Some(-2));
    }

    #[test]
    fn comparing_a_review_with_itself_changes_nothing() {
        let fw = fixture::framework();
        let (_, now) = two_reviews();
        let c = compare(&fw, &now, &now);
        assert_eq!(c.changed().count(), 0);
        assert!(c.themes.iter().all(|t| !t.total.is_change()));
        assert!(!c.total.is_change());
    }

    #[test]
    fn compare_with_previous_needs_an_earlier_review() {
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        assert!(a.compare_with_previous(&fw, 0).is_none());
        a.start_review("next", date(2026, 9, 1)).unwrap();
        assert!(a.compare_with_previous(&fw, 1).is_some());
        assert!(a.compare_with_previous(&fw, 2).is_none());
    }
}
