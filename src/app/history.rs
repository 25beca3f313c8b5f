//! Undo and redo of the session's changes to marks, bounded.

use crate::model::Mark;

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

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl History {
    /// Record a change; a new change ends any redo.
    pub fn record(&mut self, change: Change) {
        if change.before == change.after {
            return;
        }
        self.redo.clear();
        self.undo.push(change);
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
    }

    /// The change to reverse, moved to the redo list.
    pub fn undo(&mut self) -> Option<&Change> {
        let change = self.undo.pop()?;
        self.redo.push(change);
        self.redo.last()
    }

    /// The change to apply again, moved back to the undo list.
    pub fn redo(&mut self) -> Option<&Change> {
        let change = self.redo.pop()?;
        self.undo.push(change);
        self.undo.last()
    }

    /// The change [`History::undo`] or [`History::redo`] would take, left
    /// where it is.
    pub fn peek(&self, redo: bool) -> Option<&Change> {
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

    fn change(n: u8) -> Change {
        Change {
            standard: "s".into(),
            stage: "k".into(),
            before: None,
            after: Some(Mark {
                rating: Rating::Level(n),
                ..Mark::default()
            }),
        }
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
            before: None,
            after: None,
            ..change(1)
        };
        h.record(same);
        assert_eq!(h.undo_len(), LIMIT);
    }
}
