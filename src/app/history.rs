//! Undo and redo of the session's changes, bounded: to marks, to the
//! review as a whole (who rates, what is pinned), and to the plan.

use crate::model::plan::Plan;
use crate::model::{Mark, Review};

/// How many changes can be undone.
pub const LIMIT: usize = 500;

/// One change to one mark: what it was, and what it became (`None`: no mark).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub standard: String,
    pub stage: String,
    pub before: Option<Mark>,
    pub after: Option<Mark>,
}

/// One step to undo: a change to a mark; to the review's raters (which
/// moves their views too) or pins, kept as the whole review before and
/// after (such steps are few); or to the plan, kept whole likewise.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "nearly every step is a mark's: boxing it would allocate on every change"
)]
pub enum Step {
    Mark(Change),
    Review {
        /// "adding Sam Patel (coach)"
        what: String,
        before: Box<Review>,
        after: Box<Review>,
    },
    Plan {
        /// "adding A3"
        what: String,
        before: Box<Plan>,
        after: Box<Plan>,
    },
}

impl Step {
    fn is_change(&self) -> bool {
        match self {
            Step::Mark(change) => change.before != change.after,
            Step::Review { before, after, .. } => before != after,
            Step::Plan { before, after, .. } => before != after,
        }
    }
}

impl From<Change> for Step {
    fn from(change: Change) -> Step {
        Step::Mark(change)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Record a change; a new change ends any redo.
    pub fn record(&mut self, change: impl Into<Step>) {
        let change = change.into();
        if !change.is_change() {
            return;
        }
        self.redo.clear();
        self.undo.push(change);
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
    }

    /// The change to reverse, moved to the redo list.
    pub fn undo(&mut self) -> Option<&Step> {
        let change = self.undo.pop()?;
        self.redo.push(change);
        self.redo.last()
    }

    /// The change to apply again, moved back to the undo list.
    pub fn redo(&mut self) -> Option<&Step> {
        let change = self.redo.pop()?;
        self.undo.push(change);
        self.undo.last()
    }

    /// The change [`History::undo`] or [`History::redo`] would take, left
    /// where it is.
    pub fn peek(&self, redo: bool) -> Option<&Step> {
        if redo {
            self.redo.last()
        } else {
            self.undo.last()
        }
    }

    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rating;

    fn change(n: u8) -> Step {
        Step::Mark(Change {
            standard: "s".into(),
            stage: "k".into(),
            before: None,
            after: Some(Mark {
                rating: Rating::Level(n),
                ..Mark::default()
            }),
        })
    }

    #[test]
    fn undo_then_redo_walks_back_and_forth() {
        let mut h = History::default();
        h.record(change(1));
        h.record(change(2));
        assert_eq!(h.undo().unwrap(), &change(2));
        assert_eq!(h.undo().unwrap(), &change(1));
        assert!(h.undo().is_none());
        assert_eq!(h.redo().unwrap(), &change(1));
        // A new change ends the redo list.
        h.record(change(3));
        assert!(h.redo().is_none());
        assert_eq!(h.undo_len(), 2);
    }

    #[test]
    fn the_history_is_bounded_and_ignores_non_changes() {
        let mut h = History::default();
        for i in 0..(LIMIT + 50) {
            h.record(change((i % 5) as u8 + 1));
        }
        assert_eq!(h.undo_len(), LIMIT);
        let same = Change {
            standard: "s".into(),
            stage: "k".into(),
            before: None,
            after: None,
        };
        h.record(same);
        assert_eq!(h.undo_len(), LIMIT);
    }
}
