//! An open assessment: the tree, the editor, the save state, and every
//! change to a mark, which goes through one place so it is counted, saved
//! and can be undone.
//!
//! By concern: the state and the selection here; changing marks, the note
//! editor and undo in `editing`; when and how the file is written (pending
//! changes, the saver thread, conflicts, the lock) in `saving`; reviews,
//! compare, the to-discuss filter and session mode's walk in `reviews`;
//! what a search found in `search`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use std::collections::BTreeSet;

use super::history::{Change, History, Step};
use super::screens::Pane;
use super::screens::browse::Browse;
use super::screens::compare::CompareView;
use super::screens::editor::{EditorLook, NoteField, NoteText};
use super::screens::session::Who;
use super::tree::{Node, Tree};
use super::{Clock, MAX_SAVE_WAIT, NoteEditor, SAVE_DELAY, SaveState};
use crate::model::progress::{Tally, theme_tally};
use crate::model::review::to_discuss;
use crate::model::{Framework, Mark, Rating, Review, Standard, Theme};
use crate::store::{Arrived, Document, ReadOnly, Saved, Saver};

mod editing;
mod filters;
mod plan;
mod raters;
mod reviews;
mod saving;
mod search;
mod sheets;

pub use filters::Filter;
pub use search::Found;

/// An open assessment being browsed and rated.
pub struct Workspace {
    pub doc: Document,
    pub tree: Tree,
    /// The stage being rated, for standards assessed at every stage.
    pub stage: usize,
    pub editor: Option<NoteEditor>,
    pub detail_scroll: u16,
    /// Per theme, for the current review; kept in step with every change.
    pub tallies: Vec<Tally>,
    pub save: SaveState,
    /// Writes what is saved, off the UI thread in the app.
    saver: Saver,
    /// How long after the last change a save waits for the next one.
    pub save_delay: Duration,
    pub history: History,
    /// The review shown: the current (last) one unless an earlier one is opened.
    pub viewing: usize,
    pub pane: Pane,
    /// The tree lists only standards where raters are 2 or more levels apart.
    pub discuss_only: bool,
    /// When the lock was last looked at (see [`Workspace::check_lock`]).
    lock_checked: Option<Instant>,
    /// The question after a conflict was put (it is put once; Ctrl-s puts
    /// it again).
    pub conflict_asked: bool,
    /// What the last search found, highlighted until it is cleared.
    pub search: Option<Found>,
    /// The tree's filters; with any, it lists only the standards that
    /// pass them all. `discuss_only` is the to-discuss one.
    pub filters: BTreeSet<Filter>,
    /// The standards the filters let through, worked out when they change
    /// (or the review viewed does): the tree, session mode's walk and
    /// count, the search and the titles drawn every frame all read it.
    pub passing: Option<BTreeSet<(usize, usize)>>,
    /// The development offers (bundled, and the organisation's own), read
    /// the first time the plan or the offers are shown, then kept.
    pub offers: Option<plan::Offers>,
}

/// How often a workspace looks whether its lock is still in place, or
/// (open read-only) whether the reflect holding it has let go.
pub const LOCK_CHECK: Duration = Duration::from_secs(2);

impl Workspace {
    /// The workspace on `doc`, saving through `saver`.
    pub fn new(doc: Document, saver: Saver) -> Workspace {
        let tree = Tree::new(&doc.framework, doc.assessment.archived.len());
        let viewing = doc.assessment.reviews.len() - 1;
        let mut ws = Workspace {
            doc,
            tree,
            stage: 0,
            editor: None,
            detail_scroll: 0,
            tallies: Vec::new(),
            save: SaveState::Opened,
            saver,
            save_delay: SAVE_DELAY,
            history: History::default(),
            viewing,
            pane: Pane::Tree(Browse),
            discuss_only: false,
            search: None,
            filters: BTreeSet::new(),
            passing: None,
            offers: None,
            lock_checked: None,
            conflict_asked: false,
        };
        ws.recount();
        ws
    }

    pub fn framework(&self) -> &Framework {
        &self.doc.framework
    }

    /// The review shown (and, when it is the current one, edited).
    pub fn review(&self) -> &Review {
        &self.doc.assessment.reviews[self.viewing]
    }

    pub fn is_current(&self) -> bool {
        self.viewing == self.doc.assessment.reviews.len() - 1
    }

    /// Why nothing may be changed, if so.
    pub fn read_only_reason(&self) -> Option<String> {
        match &self.doc.read_only {
            Some(ReadOnly::Locked) => Some("read-only: another reflect has this file open".into()),
            Some(ReadOnly::Unlockable { why }) => {
                Some(format!("read-only: its lock cannot be taken ({why})"))
            }
            Some(ReadOnly::Newer { found }) => Some(format!(
                "read-only: written by a newer reflect (schema {found}); update reflect to edit it"
            )),
            None if !self.is_current() => Some(format!(
                "read-only: viewing the closed review \"{}\"",
                self.review().title
            )),
            None if self.review().frozen.is_some() => {
                Some("read-only: this review is closed".into())
            }
            None => None,
        }
    }

    /// The selected standard, if a standard is selected.
    pub fn selected_standard(&self) -> Option<(usize, usize, &Theme, &Standard)> {
        match self.tree.selected() {
            Node::Standard { theme, standard } => {
                let t = &self.framework().themes[theme];
                Some((theme, standard, t, &t.standards[standard]))
            }
            _ => None,
        }
    }

    /// The stage a standard is rated at now: its own stage, or the current one.
    pub fn stage_for(&self, standard: &Standard) -> usize {
        standard
            .stage
            .as_deref()
            .and_then(|id| self.framework().stage_index(id))
            .unwrap_or(self.stage)
    }

    /// The selected standard's id and the id of the stage it is rated at now.
    fn selected_key(&self) -> Result<(usize, String, String), String> {
        let Some((theme, _, _, standard)) = self.selected_standard() else {
            return Err("Select a standard first: open a theme to see its standards.".into());
        };
        let stage = self.framework().stages[self.stage_for(standard)].id.clone();
        Ok((theme, standard.id.clone(), stage))
    }

    /// The selected standard's mark at its current stage, if any.
    pub fn selected_mark(&self) -> Option<&Mark> {
        let (_, id, stage) = self.selected_key().ok()?;
        self.review().mark(&id, &stage)
    }

    pub fn recount(&mut self) {
        let fw = &self.doc.framework;
        let review = &self.doc.assessment.reviews[self.viewing];
        self.tallies = fw
            .themes
            .iter()
            .map(|t| theme_tally(fw, review, t, None))
            .collect();
    }

    fn recount_standard(&mut self, standard: &str) {
        if let Some(t) = self
            .framework()
            .themes
            .iter()
            .position(|t| t.standards.iter().any(|s| s.id == standard))
        {
            let fw = &self.doc.framework;
            self.tallies[t] = theme_tally(fw, self.doc.assessment.current(), &fw.themes[t], None);
        }
    }

    pub fn total(&self) -> Tally {
        let mut total = Tally::default();
        for t in &self.tallies {
            total.merge(t);
        }
        total
    }
}
