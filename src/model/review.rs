//! Review cycles and the conversations they hold: starting a new review
//! from the last, other raters beside the person's own rating, the level
//! agreed after discussion, and what may be shown on a shared screen.
//!
//! Every edit goes through a [`Review`] method that refuses a frozen
//! review and tidies the mark afterwards, so the file never holds an empty
//! entry. Levels are not checked against the framework's scale here: the
//! caller knows the framework (see [`Framework::level`]).

use std::fmt;

use jiff::civil::Date;

use std::collections::BTreeMap;

use super::assessment::{
    ArchivedRater, Assessment, Mark, Rater, RaterRole, Rating, Review, SELF, View,
};
use super::framework::{Framework, StageId, StandardId};

/// Self and another rater this many levels apart (or more) is flagged "to discuss".
pub const DISCUSS_GAP: u8 = 2;

/// "To discuss" (⚑) in words, for every screen and report that names it;
/// [`Apart::is_wide`] is the rule in code.
pub const DISCUSS_RULE: &str = "self and another rater 2 or more levels apart, or a level \
                                against not applicable, and no level agreed yet";

/// Why a review could not be started or edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewError {
    /// A new review needs a title.
    EmptyTitle,
    /// Another review already has this title (compared without case).
    DuplicateTitle(String),
    /// A new review may not be dated before the one it follows.
    DateBeforePrevious { date: Date, previous: Date },
    /// The review is closed: read-only.
    Frozen { title: String },
    /// No rater with this id in the review.
    UnknownRater(String),
    /// Removing the rater would lose the views they recorded.
    /// A 1-based review number that is not in the assessment.
    NoSuchReview { number: usize, count: usize },
}

impl fmt::Display for ReviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReviewError::EmptyTitle => write!(f, "a review needs a title"),
            ReviewError::DuplicateTitle(title) => {
                write!(f, "there is already a review called \"{title}\"")
            }
            ReviewError::DateBeforePrevious { date, previous } => write!(
                f,
                "a new review cannot be dated {date}, before the review it follows ({previous})"
            ),
            ReviewError::Frozen { title } => {
                write!(f, "review \"{title}\" is closed, so it is read-only")
            }
            ReviewError::UnknownRater(id) => write!(f, "no rater \"{id}\" in this review"),
            ReviewError::NoSuchReview { number, count } => write!(
                f,
                "there is no review {number}: the assessment has {count} review{} (1 to {count})",
                plural(*count)
            ),
        }
    }
}

impl std::error::Error for ReviewError {}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl RaterRole {
    /// A role as typed: "coach", "line-manager" or "line manager", "leader"
    /// or "mayor", "peer"; anything else is a role of its own.
    pub fn parse(text: &str) -> RaterRole {
        let words: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' || c == '_' { ' ' } else { c })
            .collect();
        match words.as_str() {
            "coach" => RaterRole::Coach,
            "line manager" | "manager" => RaterRole::LineManager,
            "leader" | "mayor" | "leader or mayor" => RaterRole::Leader,
            "peer" => RaterRole::Peer,
            _ => RaterRole::Other(text.trim().to_owned()),
        }
    }

    /// How the role reads in a sentence: "coach", "line manager", "Leader or mayor", "peer".
    pub fn label(&self) -> &str {
        match self {
            RaterRole::Coach => "coach",
            RaterRole::LineManager => "line manager",
            RaterRole::Leader => "Leader or mayor",
            RaterRole::Peer => "peer",
            RaterRole::Other(role) => role,
        }
    }

    /// The stem of a rater id for this role: "coach", "line-manager", "leader",
    /// "peer", or the other role in lower case with `-` between words.
    pub fn id_stem(&self) -> String {
        match self {
            RaterRole::Coach => "coach".into(),
            RaterRole::LineManager => "line-manager".into(),
            RaterRole::Leader => "leader".into(),
            RaterRole::Peer => "peer".into(),
            RaterRole::Other(role) => {
                let mut id = String::new();
                for c in role.chars().flat_map(char::to_lowercase) {
                    if c.is_alphanumeric() {
                        id.push(c);
                    } else if !id.is_empty() && !id.ends_with('-') {
                        id.push('-');
                    }
                }
                let id = id.trim_end_matches('-');
                if id.is_empty() {
                    "rater".into()
                } else {
                    id.into()
                }
            }
        }
    }
}

impl Rater {
    /// "Sam Patel (coach)", or just the role when no name was given.
    pub fn display(&self) -> String {
        if self.name.is_empty() {
            self.role.label().to_owned()
        } else {
            format!("{} ({})", self.name, self.role.label())
        }
    }
}

impl Assessment {
    /// Close the current review and open a new one titled `title`, dated `date`.
    ///
    /// The current review is frozen on `date` (unless it was already closed)
    /// and stays read-only from then on. The new review starts from its
    /// levels: every rated mark (a level or "not applicable") is copied with
    /// `carried: true`, and nothing else of it: notes stay in the earlier
    /// review (see [`Assessment::earlier_notes`]); other raters' views, the
    /// agreed level, session notes and next steps belong to the discussion
    /// of that review. The raters are kept, so the coach stays named, and
    /// pinned strengths and priorities are carried (`carried: true`). The
    /// closing review keeps a copy of the plan as it was
    /// ([`Review::plan_at_close`]).
    ///
    /// Returns how many ratings were carried forward.
    pub fn start_review(&mut self, title: &str, date: Date) -> Result<usize, ReviewError> {
        self.start_review_on(title, date, date)
    }

    /// [`Assessment::start_review`] done on `today`: the current review is
    /// closed on `today` when the new one is dated later (a review planned
    /// ahead), since it is read-only from now on, not from that date.
    pub fn start_review_on(
        &mut self,
        title: &str,
        date: Date,
        today: Date,
    ) -> Result<usize, ReviewError> {
        let title = title.trim();
        if title.is_empty() {
            return Err(ReviewError::EmptyTitle);
        }
        let lower = title.to_lowercase();
        if let Some(same) = self
            .reviews
            .iter()
            .find(|r| r.title.trim().to_lowercase() == lower)
        {
            return Err(ReviewError::DuplicateTitle(same.title.clone()));
        }
        let plan = self.plan.clone();
        let current = self.current_mut();
        if date < current.date {
            return Err(ReviewError::DateBeforePrevious {
                date,
                previous: current.date,
            });
        }
        let mut next = Review::new(title, date);
        next.raters = current.raters.clone();
        let mut carried = 0;
        for (standard, stages) in &current.marks {
            for (stage, mark) in stages {
                if mark.rating.is_rated() {
                    let new = next.mark_mut(standard, stage);
                    new.rating = mark.rating;
                    new.carried = true;
                    carried += 1;
                }
            }
        }
        // Pinned strengths and priorities carry forward, as levels do.
        next.pins = current
            .pins
            .iter()
            .map(|p| crate::model::proposals::Pin {
                carried: true,
                ..p.clone()
            })
            .collect();
        // What was planned when it closed, for "what has been done since".
        if current.frozen.is_none() && current.plan_at_close.is_none() {
            current.plan_at_close = Some(plan);
        }
        current.frozen.get_or_insert(date.min(today));
        self.reviews.push(next);
        self.settle_schema();
        Ok(carried)
    }

    /// The 0-based index of review `number` as `reflect review list` shows it (1-based).
    pub fn review_index(&self, number: usize) -> Result<usize, ReviewError> {
        if (1..=self.reviews.len()).contains(&number) {
            Ok(number - 1)
        } else {
            Err(ReviewError::NoSuchReview {
                number,
                count: self.reviews.len(),
            })
        }
    }

    /// The 0-based index of the current (last) review.
    pub fn current_index(&self) -> usize {
        self.reviews.len().saturating_sub(1)
    }

    /// The person's own notes on (`standard`, `stage`) in the reviews before
    /// review `index` (0-based), newest first; only reviews with a note.
    ///
    /// When `shared` (the screen may be seen by others), a private note's
    /// text is `None`: see [`visible_note`].
    pub fn earlier_notes(
        &self,
        index: usize,
        standard: &str,
        stage: &str,
        shared: bool,
    ) -> Vec<EarlierNote<'_>> {
        self.reviews[..index.min(self.reviews.len())]
            .iter()
            .enumerate()
            .rev()
            .filter_map(|(i, review)| {
                let mark = review.mark(standard, stage)?;
                (!mark.note.is_empty()).then(|| EarlierNote {
                    review: i,
                    title: &review.title,
                    date: review.date,
                    rating: mark.rating,
                    note: visible_note(mark, shared),
                })
            })
            .collect()
    }
}

/// A note from an earlier review, to show beside the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierNote<'a> {
    /// The review's 0-based index.
    pub review: usize,
    pub title: &'a str,
    pub date: Date,
    /// The person's own rating in that review.
    pub rating: Rating,
    /// The note, or `None` when it is private and the screen is shared.
    pub note: Option<&'a str>,
}

/// The person's own note as it may be shown: `None` when the mark is private
/// and the screen is `shared` (session mode); otherwise the note, which may
/// be empty. Session notes, next steps and other raters' notes are shared by
/// nature and are not covered by the flag.
pub fn visible_note(mark: &Mark, shared: bool) -> Option<&str> {
    if shared && mark.private {
        None
    } else {
        Some(&mark.note)
    }
}

impl Review {
    pub fn is_frozen(&self) -> bool {
        self.frozen.is_some()
    }

    /// `Ok` if the review may be edited.
    pub fn check_writable(&self) -> Result<(), ReviewError> {
        match self.frozen {
            Some(_) => Err(ReviewError::Frozen {
                title: self.title.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Apply `edit` to the mark at (standard, stage), then tidy it away if empty.
    fn edit<T>(
        &mut self,
        standard: &str,
        stage: &str,
        edit: impl FnOnce(&mut Mark) -> T,
    ) -> Result<T, ReviewError> {
        self.check_writable()?;
        let out = edit(self.mark_mut(standard, stage));
        self.tidy(standard, stage);
        Ok(out)
    }

    pub fn rater(&self, id: &str) -> Option<&Rater> {
        self.raters.iter().find(|r| r.id == id)
    }

    /// Name another rater in this review; returns their id, derived from the
    /// role ("coach", "line-manager", ...) and made unique with `-2`, `-3`...
    /// (never the id of a rater removed from it, so they can come back).
    pub fn add_rater(&mut self, name: &str, role: RaterRole) -> Result<String, ReviewError> {
        self.check_writable()?;
        let stem = role.id_stem();
        let taken = |id: &str| {
            id == SELF
                || self.raters.iter().any(|r| r.id == id)
                || self.archived_raters.iter().any(|a| a.rater.id == id)
        };
        let id = (1..)
            .map(|n| match n {
                1 => stem.clone(),
                n => format!("{stem}-{n}"),
            })
            .find(|id| !taken(id))
            .expect("some suffix is free");
        self.raters.push(Rater {
            id: id.clone(),
            name: name.trim().to_owned(),
            role,
        });
        Ok(id)
    }

    /// Give rater `id` another name (their id, and so their views, stay).
    pub fn rename_rater(&mut self, id: &str, name: &str) -> Result<(), ReviewError> {
        self.check_writable()?;
        let rater = self
            .raters
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or_else(|| ReviewError::UnknownRater(id.to_owned()))?;
        rater.name = name.trim().to_owned();
        Ok(())
    }

    /// Every view (rating or note) rater `id` gave in this review.
    pub fn views_by<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a View> {
        self.marks
            .values()
            .flat_map(|stages| stages.values())
            .filter_map(move |m| m.others.get(id))
    }

    /// Remove rater `id` from the review, on `date`: they and every view
    /// they recorded move to [`Review::archived_raters`], out of the
    /// comparisons and "to discuss", and nothing is deleted. Returns how
    /// many views moved.
    pub fn remove_rater(&mut self, id: &str, date: Date) -> Result<usize, ReviewError> {
        self.check_writable()?;
        let Some(at) = self.raters.iter().position(|r| r.id == id) else {
            return Err(ReviewError::UnknownRater(id.to_owned()));
        };
        let mut views: BTreeMap<StandardId, BTreeMap<StageId, View>> = BTreeMap::new();
        for (standard, stages) in self.marks.iter_mut() {
            for (stage, mark) in stages.iter_mut() {
                if let Some(view) = mark.others.remove(id) {
                    views
                        .entry(standard.clone())
                        .or_default()
                        .insert(stage.clone(), view);
                }
            }
            stages.retain(|_, m| !m.is_empty());
        }
        self.marks.retain(|_, stages| !stages.is_empty());
        let moved = views.values().map(BTreeMap::len).sum();
        let rater = self.raters.remove(at);
        self.archived_raters.push(ArchivedRater {
            rater,
            removed: date,
            views,
        });
        Ok(moved)
    }

    /// Bring back the removed rater `id` with the views they had. A view
    /// given since to the same standard and stage (there can be none: the
    /// id is not reused) would be kept.
    pub fn restore_rater(&mut self, id: &str) -> Result<(), ReviewError> {
        self.check_writable()?;
        let Some(at) = self.archived_raters.iter().position(|a| a.rater.id == id) else {
            return Err(ReviewError::UnknownRater(id.to_owned()));
        };
        let archived = self.archived_raters.remove(at);
        for (standard, stages) in archived.views {
            for (stage, view) in stages {
                self.mark_mut(&standard, &stage)
                    .others
                    .entry(id.to_owned())
                    .or_insert(view);
            }
        }
        self.raters.push(archived.rater);
        Ok(())
    }

    /// The person's own rating. Touches the mark: it is no longer carried.
    pub fn set_rating(
        &mut self,
        standard: &str,
        stage: &str,
        rating: Rating,
    ) -> Result<(), ReviewError> {
        self.edit(standard, stage, |m| {
            m.rating = rating;
            m.carried = false;
        })
    }

    /// The person's own note. A changed note touches the mark: it is no longer carried.
    pub fn set_note(&mut self, standard: &str, stage: &str, note: &str) -> Result<(), ReviewError> {
        self.edit(standard, stage, |m| {
            if m.note != note {
                m.note = note.to_owned();
                m.carried = false;
            }
        })
    }

    /// Mark the person's own note private (hidden in session mode), or not.
    pub fn set_private(
        &mut self,
        standard: &str,
        stage: &str,
        private: bool,
    ) -> Result<(), ReviewError> {
        self.edit(standard, stage, |m| m.private = private)
    }

    /// Flip the private flag; returns the new value.
    pub fn toggle_private(&mut self, standard: &str, stage: &str) -> Result<bool, ReviewError> {
        self.edit(standard, stage, |m| {
            m.private = !m.private;
            m.private
        })
    }

    /// Another rater's view, if any.
    pub fn view(&self, standard: &str, stage: &str, rater: &str) -> Option<&View> {
        self.mark(standard, stage)?.others.get(rater)
    }

    fn edit_view(
        &mut self,
        standard: &str,
        stage: &str,
        rater: &str,
        edit: impl FnOnce(&mut View),
    ) -> Result<(), ReviewError> {
        self.check_writable()?;
        if self.rater(rater).is_none() {
            return Err(ReviewError::UnknownRater(rater.to_owned()));
        }
        self.edit(standard, stage, |m| m.edit_view(rater, edit))
    }

    /// Another rater's level for (standard, stage); `Rating::Unrated` clears it.
    pub fn set_view_rating(
        &mut self,
        standard: &str,
        stage: &str,
        rater: &str,
        rating: Rating,
    ) -> Result<(), ReviewError> {
        self.edit_view(standard, stage, rater, |v| v.rating = rating)
    }

    /// Another rater's note for (standard, stage).
    pub fn set_view_note(
        &mut self,
        standard: &str,
        stage: &str,
        rater: &str,
        note: &str,
    ) -> Result<(), ReviewError> {
        self.edit_view(standard, stage, rater, |v| v.note = note.to_owned())
    }

    /// The level agreed after discussion; `Rating::Unrated` clears it.
    pub fn set_agreed(
        &mut self,
        standard: &str,
        stage: &str,
        rating: Rating,
    ) -> Result<(), ReviewError> {
        self.edit(standard, stage, |m| {
            m.agreed = rating.is_rated().then_some(rating);
        })
    }

    /// The note of the session's discussion of (standard, stage).
    pub fn set_session_note(
        &mut self,
        standard: &str,
        stage: &str,
        note: &str,
    ) -> Result<(), ReviewError> {
        self.edit(standard, stage, |m| m.session_note = note.to_owned())
    }

    /// The agreed next step for (standard, stage).
    pub fn set_next_step(
        &mut self,
        standard: &str,
        stage: &str,
        step: &str,
    ) -> Result<(), ReviewError> {
        self.edit(standard, stage, |m| m.next_step = step.to_owned())
    }
}

/// How far apart two ratings of the same standard and stage are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Apart {
    /// Both gave a level, this many apart.
    Levels(u8),
    /// One gave a level, the other said "not applicable".
    Applicability,
}

impl Apart {
    /// The rule for "to discuss" (⚑), the one place it is written: levels
    /// [`DISCUSS_GAP`] or more apart, or a level against "not applicable".
    pub fn is_wide(self) -> bool {
        match self {
            Apart::Levels(gap) => gap >= DISCUSS_GAP,
            Apart::Applicability => true,
        }
    }

    /// "2 levels apart", "a level against not applicable".
    pub fn describe(self) -> String {
        match self {
            Apart::Levels(gap) => format!("{gap} levels apart"),
            Apart::Applicability => "a level against not applicable".into(),
        }
    }
}

impl Mark {
    /// How far apart the person and `rater` are; `None` unless both rated
    /// (unrated is never compared; two "not applicable" agree).
    pub fn apart(&self, rater: &str) -> Option<Apart> {
        let other = self.others.get(rater)?.rating;
        match (self.rating, other) {
            (Rating::Level(a), Rating::Level(b)) => Some(Apart::Levels(a.abs_diff(b))),
            (Rating::Level(_), Rating::NotApplicable)
            | (Rating::NotApplicable, Rating::Level(_)) => Some(Apart::Applicability),
            (Rating::NotApplicable, Rating::NotApplicable) => Some(Apart::Levels(0)),
            _ => None,
        }
    }

    /// How many levels apart the person and `rater` are; `None` unless both
    /// gave a level.
    pub fn divergence(&self, rater: &str) -> Option<u8> {
        match self.apart(rater)? {
            Apart::Levels(gap) => Some(gap),
            Apart::Applicability => None,
        }
    }

    /// The widest distance from any other rater that is wide enough to
    /// discuss (see [`Apart::is_wide`]).
    pub fn widest_apart(&self) -> Option<Apart> {
        self.others
            .keys()
            .filter_map(|r| self.apart(r))
            .filter(|a| a.is_wide())
            .max()
    }

    /// Self and some other rater diverged (⚑), discussed since or not.
    pub fn diverged(&self) -> bool {
        self.widest_apart().is_some()
    }

    /// Whether an agreed level was recorded.
    pub fn has_agreed(&self) -> bool {
        self.agreed.is_some_and(|r| !r.is_unrated())
    }

    /// Diverged, and no level agreed yet: still to discuss (⚑).
    pub fn to_discuss(&self) -> bool {
        self.diverged() && !self.has_agreed()
    }

    /// Diverged, and a level was agreed since: discussed (✓).
    pub fn discussed(&self) -> bool {
        self.diverged() && self.has_agreed()
    }
}

/// How many levels apart the person and `rater` are on `mark` (see [`Mark::divergence`]).
pub fn divergence(mark: &Mark, rater: &str) -> Option<u8> {
    mark.divergence(rater)
}

/// A (standard, stage) where self and another rater are far apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToDiscuss {
    /// Index into `framework.themes`.
    pub theme: usize,
    /// Index into that theme's `standards`.
    pub standard: usize,
    /// Index into `framework.stages`.
    pub stage: usize,
    pub standard_id: String,
    pub stage_id: String,
    /// The widest distance, wide enough to discuss.
    pub apart: Apart,
    /// The level agreed since, if one was recorded.
    pub agreed: Option<Rating>,
}

/// Every (standard, stage) of `framework` flagged "to discuss" in `review`,
/// in framework order. Pairs with an agreed level are included (with
/// `agreed`), so a list can show them as settled or leave them out.
pub fn to_discuss(framework: &Framework, review: &Review) -> Vec<ToDiscuss> {
    let mut out = Vec::new();
    for (t, theme) in framework.themes.iter().enumerate() {
        for (s, standard) in theme.standards.iter().enumerate() {
            for stage in framework.stages_of(standard) {
                let Some(mark) = review.mark(&standard.id, &stage.id) else {
                    continue;
                };
                if let Some(apart) = mark.widest_apart() {
                    out.push(ToDiscuss {
                        theme: t,
                        standard: s,
                        stage: framework.stage_index(&stage.id).unwrap_or_default(),
                        standard_id: standard.id.clone(),
                        stage_id: stage.id.clone(),
                        apart,
                        agreed: mark.agreed.filter(|r| !r.is_unrated()),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::model::assessment::{FrameworkRef, Person};
    use crate::model::fixture;

    fn assessment() -> Assessment {
        Assessment::new(
            FrameworkRef {
                id: "test-fw".into(),
                version: "0.1".into(),
            },
            Person {
                name: "Alex".into(),
                role: String::new(),
                organisation: String::new(),
            },
            Review::new("2026 mid-year", date(2026, 3, 1)),
        )
    }

    fn level(n: u8) -> Rating {
        Rating::Level(n)
    }

    // ------------------------------------------------ carrying and freezing

    #[test]
    fn starting_a_review_freezes_the_current_and_carries_levels_only() {
        let mut a = assessment();
        let coach = a
            .current_mut()
            .add_rater("Sam Patel", RaterRole::Coach)
            .unwrap();
        let r = a.current_mut();
        r.set_rating("s.1", "knowledge", level(3)).unwrap();
        r.set_note("s.1", "knowledge", "my note").unwrap();
        r.set_private("s.1", "knowledge", true).unwrap();
        r.set_view_rating("s.1", "knowledge", &coach, level(1))
            .unwrap();
        r.set_agreed("s.1", "knowledge", level(2)).unwrap();
        r.set_session_note("s.1", "knowledge", "talked").unwrap();
        r.set_next_step("s.1", "knowledge", "shadow").unwrap();
        r.set_rating("s.1", "judgement", Rating::NotApplicable)
            .unwrap();
        r.set_note("s.2", "knowledge", "note, no rating").unwrap();
        let before = a.current().clone();

        let carried = a.start_review("2027 annual", date(2027, 3, 1)).unwrap();
        assert_eq!(carried, 2);
        assert_eq!(a.reviews.len(), 2);

        let old = &a.reviews[0];
        assert_eq!(old.frozen, Some(date(2027, 3, 1)));
        assert_eq!(
            old.marks, before.marks,
            "the frozen review keeps everything"
        );

        let new = a.current();
        assert_eq!(new.title, "2027 annual");
        assert_eq!(new.date, date(2027, 3, 1));
        assert_eq!(new.frozen, None);
        assert_eq!(new.raters, before.raters, "raters stay named");
        assert_eq!(
            new.mark("s.1", "knowledge"),
            Some(&Mark {
                rating: level(3),
                carried: true,
                ..Mark::default()
            })
        );
        assert_eq!(
            new.mark("s.1", "judgement"),
            Some(&Mark {
                rating: Rating::NotApplicable,
                carried: true,
                ..Mark::default()
            })
        );
        assert_eq!(
            new.mark("s.2", "knowledge"),
            None,
            "a note alone is not carried"
        );
    }

    #[test]
    fn a_carried_rating_is_carried_again() {
        let mut a = assessment();
        a.current_mut().set_rating("s", "k", level(4)).unwrap();
        a.start_review("two", date(2026, 6, 1)).unwrap();
        a.start_review("three", date(2026, 9, 1)).unwrap();
        assert_eq!(
            a.current().mark("s", "k").map(|m| (m.rating, m.carried)),
            Some((level(4), true))
        );
        assert_eq!(a.reviews[1].frozen, Some(date(2026, 9, 1)));
    }

    #[test]
    fn touching_a_carried_mark_ends_carrying() {
        let mut a = assessment();
        a.current_mut().set_rating("s", "k", level(2)).unwrap();
        a.current_mut().set_rating("s", "e", level(2)).unwrap();
        a.current_mut().set_rating("s", "j", level(2)).unwrap();
        a.start_review("next", date(2026, 3, 1)).unwrap();
        let r = a.current_mut();
        // Same level again still counts as touched: it was confirmed.
        r.set_rating("s", "k", level(2)).unwrap();
        r.set_note("s", "e", "").unwrap();
        assert!(
            r.mark("s", "e").unwrap().carried,
            "an unchanged note is no touch"
        );
        r.set_note("s", "e", "new").unwrap();
        // Other raters' views, the agreed level... are not the person's own.
        r.set_agreed("s", "j", level(3)).unwrap();
        let carried = |st: &str| r.mark("s", st).unwrap().carried;
        assert!(!carried("k"));
        assert!(!carried("e"));
        assert!(carried("j"));
        // Clearing a carried rating leaves nothing: the mark goes.
        r.set_rating("s", "k", Rating::Unrated).unwrap();
        assert_eq!(r.mark("s", "k"), None);
    }

    #[test]
    fn a_frozen_review_refuses_every_edit() {
        let mut a = assessment();
        let coach = a.current_mut().add_rater("", RaterRole::Coach).unwrap();
        a.start_review("next", date(2026, 4, 1)).unwrap();
        let old = &mut a.reviews[0];
        let frozen = Err(ReviewError::Frozen {
            title: "2026 mid-year".into(),
        });
        assert_eq!(old.set_rating("s", "k", level(1)), frozen);
        assert_eq!(old.set_note("s", "k", "x"), frozen);
        assert_eq!(old.set_private("s", "k", true), frozen);
        assert_eq!(old.toggle_private("s", "k").map(|_| ()), frozen);
        assert_eq!(old.set_view_rating("s", "k", &coach, level(1)), frozen);
        assert_eq!(old.set_view_note("s", "k", &coach, "x"), frozen);
        assert_eq!(old.set_agreed("s", "k", level(1)), frozen);
        assert_eq!(old.set_session_note("s", "k", "x"), frozen);
        assert_eq!(old.set_next_step("s", "k", "x"), frozen);
        assert_eq!(old.add_rater("x", RaterRole::Peer).map(|_| ()), frozen);
        assert_eq!(
            old.remove_rater(&coach, date(2026, 7, 1)).map(|_| ()),
            frozen
        );
        assert_eq!(old.rename_rater(&coach, "x"), frozen);
        assert_eq!(old.restore_rater(&coach), frozen);
        assert!(old.marks.is_empty());
        assert!(a.current_mut().set_rating("s", "k", level(1)).is_ok());
    }

    #[test]
    fn a_review_planned_ahead_closes_the_current_one_today() {
        let mut a = assessment();
        a.start_review_on("planned", date(2027, 3, 31), date(2026, 12, 2))
            .unwrap();
        assert_eq!(a.reviews[0].frozen, Some(date(2026, 12, 2)));
        assert_eq!(a.current().date, date(2027, 3, 31));
        // Dated in the past (recorded late), it closes on its own date.
        let mut b = assessment();
        b.start_review_on("late", date(2026, 6, 1), date(2026, 12, 2))
            .unwrap();
        assert_eq!(b.reviews[0].frozen, Some(date(2026, 6, 1)));
    }

    #[test]
    fn a_new_review_needs_a_fresh_title_and_a_date_not_before_the_last() {
        let mut a = assessment();
        let before = a.clone();
        assert_eq!(
            a.start_review("  ", date(2026, 5, 1)),
            Err(ReviewError::EmptyTitle)
        );
        assert_eq!(
            a.start_review(" 2026 MID-YEAR ", date(2026, 5, 1)),
            Err(ReviewError::DuplicateTitle("2026 mid-year".into()))
        );
        assert_eq!(
            a.start_review("older", date(2026, 2, 28)),
            Err(ReviewError::DateBeforePrevious {
                date: date(2026, 2, 28),
                previous: date(2026, 3, 1)
            })
        );
        assert_eq!(a, before, "a refused start changes nothing");
        // The same day is fine, and the title is trimmed.
        a.start_review("  same day  ", date(2026, 3, 1)).unwrap();
        assert_eq!(a.current().title, "same day");
    }

    #[test]
    fn an_already_closed_review_keeps_its_closing_date() {
        let mut a = assessment();
        a.current_mut().frozen = Some(date(2026, 4, 1));
        a.start_review("next", date(2026, 6, 1)).unwrap();
        assert_eq!(a.reviews[0].frozen, Some(date(2026, 4, 1)));
    }

    #[test]
    fn review_numbers_are_one_based() {
        let mut a = assessment();
        a.start_review("two", date(2026, 6, 1)).unwrap();
        assert_eq!(a.review_index(1), Ok(0));
        assert_eq!(a.review_index(2), Ok(1));
        assert_eq!(a.current_index(), 1);
        for n in [0, 3] {
            assert_eq!(
                a.review_index(n),
                Err(ReviewError::NoSuchReview {
                    number: n,
                    count: 2
                })
            );
        }
    }

    // ----------------------------------------------------------- raters

    #[test]
    fn rater_ids_come_from_roles_and_are_unique() {
        let mut r = Review::new("r", date(2026, 1, 1));
        assert_eq!(r.add_rater(" Sam ", RaterRole::Coach).unwrap(), "coach");
        assert_eq!(r.add_rater("Kim", RaterRole::Coach).unwrap(), "coach-2");
        assert_eq!(
            r.add_rater("Lee", RaterRole::LineManager).unwrap(),
            "line-manager"
        );
        assert_eq!(r.add_rater("Cllr B", RaterRole::Leader).unwrap(), "leader");
        assert_eq!(r.add_rater("P", RaterRole::Peer).unwrap(), "peer");
        assert_eq!(
            r.add_rater("M", RaterRole::Other("Executive Mentor!".into()))
                .unwrap(),
            "executive-mentor"
        );
        assert_eq!(
            r.add_rater("", RaterRole::Other("Self".into())).unwrap(),
            "self-2",
            "never the person's own id"
        );
        assert_eq!(
            r.add_rater("", RaterRole::Other("!!".into())).unwrap(),
            "rater"
        );
        assert_eq!(r.rater("coach").unwrap().name, "Sam");
        assert_eq!(r.rater("coach").unwrap().display(), "Sam (coach)");
        assert_eq!(r.rater("rater").unwrap().display(), "!!");
        assert_eq!(r.rater("leader").unwrap().role.label(), "Leader or mayor");
    }

    #[test]
    fn a_removed_rater_is_archived_with_their_views_and_can_come_back() {
        let mut r = Review::new("r", date(2026, 1, 1));
        let coach = r.add_rater("Sam", RaterRole::Coach).unwrap();
        r.set_view_rating("s", "k", &coach, level(5)).unwrap();
        r.set_view_note("s", "e", &coach, "hm").unwrap();
        r.set_rating("s", "e", level(3)).unwrap();
        r.set_rating("s", "k", level(1)).unwrap();
        assert!(r.mark("s", "k").unwrap().to_discuss());
        let before = r.clone();

        assert_eq!(r.remove_rater(&coach, date(2026, 2, 1)), Ok(2));
        assert!(r.raters.is_empty());
        assert!(r.rater(&coach).is_none());
        let archived = &r.archived_raters[0];
        assert_eq!(archived.rater.name, "Sam");
        assert_eq!(archived.removed, date(2026, 2, 1));
        assert_eq!(archived.views["s"]["k"].rating, level(5));
        assert_eq!(archived.views["s"]["e"].note, "hm");
        assert!(
            !r.mark("s", "k").unwrap().to_discuss(),
            "an archived rater is out of the comparisons"
        );
        assert_eq!(r.rating("s", "e"), level(3));
        assert_eq!(
            r.set_view_rating("s", "k", &coach, level(2)),
            Err(ReviewError::UnknownRater(coach.clone())),
            "no new views for someone removed"
        );
        assert_eq!(
            r.add_rater("Kim", RaterRole::Coach).unwrap(),
            "coach-2",
            "a removed rater's id is not reused"
        );

        r.restore_rater(&coach).unwrap();
        assert!(r.archived_raters.is_empty());
        assert_eq!(r.rater(&coach).unwrap().name, "Sam");
        assert_eq!(r.marks, before.marks, "every view is back");
        assert_eq!(
            r.remove_rater("nobody", date(2026, 2, 1)),
            Err(ReviewError::UnknownRater("nobody".into()))
        );
        assert_eq!(
            r.restore_rater("nobody"),
            Err(ReviewError::UnknownRater("nobody".into()))
        );
    }

    #[test]
    fn renaming_a_rater_keeps_their_id_and_views() {
        let mut r = Review::new("r", date(2026, 1, 1));
        let coach = r.add_rater("Sam", RaterRole::Coach).unwrap();
        r.set_view_rating("s", "k", &coach, level(2)).unwrap();
        r.rename_rater(&coach, "  Sam Patel ").unwrap();
        assert_eq!(r.rater(&coach).unwrap().display(), "Sam Patel (coach)");
        assert_eq!(r.mark("s", "k").unwrap().others[&coach].rating, level(2));
        assert_eq!(
            r.rename_rater("nobody", "x"),
            Err(ReviewError::UnknownRater("nobody".into()))
        );
    }

    #[test]
    fn views_need_a_named_rater_and_empty_views_go() {
        let mut r = Review::new("r", date(2026, 1, 1));
        assert_eq!(
            r.set_view_rating("s", "k", "coach", level(2)),
            Err(ReviewError::UnknownRater("coach".into()))
        );
        assert!(r.marks.is_empty());
        let coach = r.add_rater("Sam", RaterRole::Coach).unwrap();
        r.set_view_rating("s", "k", &coach, level(2)).unwrap();
        r.set_view_note("s", "k", &coach, "why").unwrap();
        assert_eq!(
            r.view("s", "k", &coach),
            Some(&View {
                rating: level(2),
                note: "why".into()
            })
        );
        r.set_view_rating("s", "k", &coach, Rating::Unrated)
            .unwrap();
        r.set_view_note("s", "k", &coach, "").unwrap();
        assert_eq!(r.mark("s", "k"), None);
    }

    #[test]
    fn agreed_level_session_note_and_next_step() {
        let mut r = Review::new("r", date(2026, 1, 1));
        r.set_agreed("s", "k", level(3)).unwrap();
        assert_eq!(r.mark("s", "k").unwrap().agreed, Some(level(3)));
        r.set_agreed("s", "k", Rating::NotApplicable).unwrap();
        assert_eq!(
            r.mark("s", "k").unwrap().agreed,
            Some(Rating::NotApplicable)
        );
        r.set_agreed("s", "k", Rating::Unrated).unwrap();
        assert_eq!(
            r.mark("s", "k"),
            None,
            "clearing the agreed level clears it"
        );
        r.set_session_note("s", "k", "we talked").unwrap();
        r.set_next_step("s", "k", "shadow the Leader").unwrap();
        let m = r.mark("s", "k").unwrap();
        assert_eq!(
            (m.session_note.as_str(), m.next_step.as_str()),
            ("we talked", "shadow the Leader")
        );
        r.set_session_note("s", "k", "").unwrap();
        r.set_next_step("s", "k", "").unwrap();
        assert_eq!(r.mark("s", "k"), None);
    }

    // ------------------------------------------------------- divergence

    fn mark_with(own: Rating, others: &[(&str, Rating)]) -> Mark {
        Mark {
            rating: own,
            others: others
                .iter()
                .map(|(id, rating)| {
                    (
                        (*id).to_owned(),
                        View {
                            rating: *rating,
                            note: String::new(),
                        },
                    )
                })
                .collect(),
            ..Mark::default()
        }
    }

    #[test]
    fn divergence_is_the_distance_between_two_levels() {
        let m = mark_with(level(4), &[("coach", level(2)), ("peer", level(5))]);
        assert_eq!(divergence(&m, "coach"), Some(2));
        assert_eq!(divergence(&m, "peer"), Some(1));
        assert_eq!(divergence(&m, "nobody"), None);
        assert_eq!(m.widest_apart(), Some(Apart::Levels(2)));
        assert!(m.to_discuss());
        // Symmetric.
        let m = mark_with(level(1), &[("coach", level(3))]);
        assert_eq!(divergence(&m, "coach"), Some(2));
        assert!(m.to_discuss());
    }

    #[test]
    fn one_level_apart_or_unrated_never_flags() {
        let cases = [
            mark_with(level(3), &[("coach", level(4))]),
            mark_with(level(3), &[("coach", level(3))]),
            mark_with(Rating::NotApplicable, &[("coach", Rating::NotApplicable)]),
            mark_with(Rating::Unrated, &[("coach", level(5))]),
            mark_with(level(1), &[("coach", Rating::Unrated)]),
            mark_with(level(1), &[]),
        ];
        for m in cases {
            assert!(!m.to_discuss(), "{m:?}");
            assert!(!m.diverged(), "{m:?}");
        }
        assert_eq!(
            divergence(
                &mark_with(level(1), &[("coach", Rating::NotApplicable)]),
                "coach"
            ),
            None
        );
    }

    #[test]
    fn the_rule_in_words_names_the_gap_the_code_uses() {
        assert!(DISCUSS_RULE.contains(&format!("{DISCUSS_GAP} or more levels apart")));
    }

    #[test]
    fn a_level_against_not_applicable_is_to_discuss_and_an_agreed_level_settles_it() {
        for mut m in [
            mark_with(level(1), &[("coach", Rating::NotApplicable)]),
            mark_with(Rating::NotApplicable, &[("coach", level(5))]),
            mark_with(level(4), &[("coach", level(1))]),
        ] {
            assert!(m.diverged() && m.to_discuss() && !m.discussed(), "{m:?}");
            m.agreed = Some(Rating::Unrated);
            assert!(m.to_discuss(), "an unrated agreement is none");
            m.agreed = Some(level(3));
            assert!(m.diverged() && !m.to_discuss() && m.discussed(), "{m:?}");
        }
        let m = mark_with(level(1), &[("coach", Rating::NotApplicable)]);
        assert_eq!(m.widest_apart(), Some(Apart::Applicability));
        assert_eq!(
            m.widest_apart().unwrap().describe(),
            "a level against not applicable"
        );
    }

    #[test]
    fn to_discuss_lists_flagged_pairs_in_framework_order() {
        let fw = fixture::framework();
        let mut r = Review::new("r", date(2026, 1, 1));
        let coach = r.add_rater("Sam", RaterRole::Coach).unwrap();
        let peer = r.add_rater("Pat", RaterRole::Peer).unwrap();
        let mut rate = |standard: &str, stage: &str, own: u8, rater: &str, other: u8| {
            r.set_rating(standard, stage, level(own)).unwrap();
            r.set_view_rating(standard, stage, rater, level(other))
                .unwrap();
        };
        rate("t.people.j", "judgement", 5, &peer, 1);
        rate("t.place.2", "experience", 2, &coach, 4);
        rate("t.place.1", "knowledge", 2, &coach, 3);
        rate("t.place.1", "judgement", 3, &coach, 5);
        // Not in the framework: never listed.
        rate("gone", "knowledge", 1, &coach, 5);
        rate("t.people.k", "judgement", 1, &coach, 5);
        r.set_agreed("t.place.1", "judgement", level(4)).unwrap();

        let flagged = to_discuss(&fw, &r);
        let at = |t, s, st, id: &str, stage: &str, gap, agreed| ToDiscuss {
            theme: t,
            standard: s,
            stage: st,
            standard_id: id.into(),
            stage_id: stage.into(),
            apart: Apart::Levels(gap),
            agreed,
        };
        assert_eq!(
            flagged,
            [
                at(0, 0, 2, "t.place.1", "judgement", 2, Some(level(4))),
                at(0, 1, 1, "t.place.2", "experience", 2, None),
                at(1, 2, 2, "t.people.j", "judgement", 4, None),
            ]
        );
    }

    // ---------------------------------------------------- private notes

    #[test]
    fn private_notes_are_hidden_only_on_a_shared_screen() {
        let mut m = Mark {
            note: "mine".into(),
            session_note: "ours".into(),
            ..Mark::default()
        };
        assert_eq!(visible_note(&m, false), Some("mine"));
        assert_eq!(visible_note(&m, true), Some("mine"));
        m.private = true;
        assert_eq!(visible_note(&m, false), Some("mine"));
        assert_eq!(visible_note(&m, true), None);
        assert_eq!(m.session_note, "ours", "the session note is not private");
    }

    #[test]
    fn a_private_flag_alone_is_kept() {
        let mut r = Review::new("r", date(2026, 1, 1));
        assert!(r.toggle_private("s", "k").unwrap());
        assert!(
            r.mark("s", "k").unwrap().private,
            "set before the note is written"
        );
        r.set_note("s", "k", "secret").unwrap();
        assert!(!r.toggle_private("s", "k").unwrap());
        r.set_note("s", "k", "").unwrap();
        assert_eq!(r.mark("s", "k"), None);
    }

    #[test]
    fn earlier_notes_newest_first_with_private_ones_hidden_when_shared() {
        let mut a = assessment();
        let r = a.current_mut();
        r.set_rating("s", "k", level(2)).unwrap();
        r.set_note("s", "k", "first").unwrap();
        a.start_review("second", date(2026, 6, 1)).unwrap();
        a.current_mut()
            .set_note("s", "k", "second, private")
            .unwrap();
        a.current_mut().set_private("s", "k", true).unwrap();
        a.start_review("third", date(2026, 9, 1)).unwrap();
        a.start_review("fourth", date(2026, 12, 1)).unwrap();
        a.current_mut().set_note("s", "k", "now").unwrap();

        let notes = a.earlier_notes(a.current_index(), "s", "k", false);
        let got: Vec<(usize, &str, Rating, Option<&str>)> = notes
            .iter()
            .map(|n| (n.review, n.title, n.rating, n.note))
            .collect();
        assert_eq!(
            got,
            [
                (1, "second", level(2), Some("second, private")),
                (0, "2026 mid-year", level(2), Some("first")),
            ]
        );
        let shared = a.earlier_notes(a.current_index(), "s", "k", true);
        assert_eq!(shared[0].note, None);
        assert_eq!(shared[1].note, Some("first"));
        // Before review 1 (index 1): only the first review's.
        assert_eq!(a.earlier_notes(1, "s", "k", false).len(), 1);
        assert!(a.earlier_notes(0, "s", "k", false).is_empty());
        assert!(a.earlier_notes(99, "none", "k", false).is_empty());
    }
}
