//! An open assessment: the tree, the editor, the save state, and every
//! change to a mark, which goes through one place so it is counted, saved
//! and can be undone.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use std::collections::BTreeSet;

use super::history::{Change, History};
use super::note_text::{EditorLook, NoteText};
use super::panes::{CompareView, NoteField, Pane, Who};
use super::tree::{Node, Tree};
use super::{Clock, MAX_SAVE_WAIT, NoteEditor, SAVE_DELAY, SaveState};
use crate::model::progress::{Tally, theme_tally};
use crate::model::review::to_discuss;
use crate::model::{Framework, Mark, Rating, Review, Standard, Theme};
use crate::store::{Arrived, Document, ReadOnly, Saved, Saver};

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
            pane: Pane::Tree,
            discuss_only: false,
            lock_checked: None,
            conflict_asked: false,
        };
        ws.recount();
        ws
    }

    /// Save through `saver` from now on, once what the old one has is written.
    pub fn use_saver(&mut self, saver: Saver, clock: &Clock) {
        let mut old = std::mem::replace(&mut self.saver, saver);
        if let Some(result) = old.wait() {
            self.saved(result, clock);
        }
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
                "read-only: viewing the closed review \"{}\"; ] goes back to the current one",
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

    /// Change one mark of the current review: recorded for undo, recounted and saved.
    fn edit_mark(&mut self, id: &str, stage: &str, edit: impl FnOnce(&mut Mark)) {
        let review = self.doc.assessment.current_mut();
        let before = review.mark(id, stage).cloned();
        edit(review.mark_mut(id, stage));
        review.tidy(id, stage);
        let after = review.mark(id, stage).cloned();
        self.history.record(Change {
            standard: id.to_owned(),
            stage: stage.to_owned(),
            before,
            after,
        });
        self.recount_standard(id);
        self.changed(Instant::now());
    }

    /// Set the selected standard's own rating at its current stage.
    pub fn rate(&mut self, rating: Rating) -> Result<(), String> {
        self.rate_as(&Who::Own, rating)
    }

    /// Set a level for the person, another rater, or the agreed level.
    pub fn rate_as(&mut self, who: &Who, rating: Rating) -> Result<(), String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        let (_, id, stage) = self.selected_key()?;
        if let Rating::Level(n) = rating
            && self.framework().level(n).is_none()
        {
            return Err(format!(
                "Level {n} is not on this scale (1 to {}).",
                self.framework().max_level()
            ));
        }
        let who = who.clone();
        self.edit_mark(&id, &stage, move |mark| match who {
            Who::Own => {
                mark.rating = rating;
                mark.carried = false;
            }
            Who::Rater(rater) => mark.edit_view(&rater, |view| view.rating = rating),
            Who::Agreed => mark.agreed = rating.is_rated().then_some(rating),
        });
        Ok(())
    }

    /// Mark the selected note private (hidden in session mode), or not.
    pub fn toggle_private(&mut self) -> Result<String, String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        let (_, id, stage) = self.selected_key()?;
        self.edit_mark(&id, &stage, |mark| mark.private = !mark.private);
        Ok(if self.selected_mark().is_some_and(|m| m.private) {
            "The note is private: hidden in session mode.".into()
        } else {
            "The note is no longer private.".into()
        })
    }

    /// Whether clearing the selected mark would lose more than a rating.
    pub fn clearing_loses_words(&self) -> bool {
        self.selected_mark()
            .is_some_and(|m| !m.note.is_empty() || !m.next_step.is_empty())
    }

    /// Remove everything recorded for the selected standard at its current stage.
    pub fn clear_mark(&mut self) -> Result<(), String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        let (_, id, stage) = self.selected_key()?;
        self.edit_mark(&id, &stage, |mark| *mark = Mark::default());
        Ok(())
    }

    /// Undo (or redo) the last change, showing where it was.
    /// Would undoing (or redoing) the next change show a note that is
    /// private now? (In session mode that is refused.)
    pub fn step_would_reveal(&self, redo: bool) -> bool {
        let Some(change) = self.history.peek(redo) else {
            return false;
        };
        let (now, then) = if redo {
            (&change.before, &change.after)
        } else {
            (&change.after, &change.before)
        };
        now.as_ref().is_some_and(|m| m.private)
            && then
                .as_ref()
                .is_some_and(|m| !m.private && !m.note.is_empty())
    }

    pub fn step_history(&mut self, redo: bool) -> String {
        if let Some(reason) = self.read_only_reason() {
            return reason;
        }
        let change = if redo {
            self.history.redo()
        } else {
            self.history.undo()
        };
        let Some(change) = change.cloned() else {
            return if redo {
                "Nothing to redo."
            } else {
                "Nothing to undo."
            }
            .into();
        };
        let mark = if redo { change.after } else { change.before };
        let review = self.doc.assessment.current_mut();
        match mark {
            Some(m) => {
                *review.mark_mut(&change.standard, &change.stage) = m;
            }
            None => {
                *review.mark_mut(&change.standard, &change.stage) = Mark::default();
                review.tidy(&change.standard, &change.stage);
            }
        }
        self.recount_standard(&change.standard);
        self.show(&change.standard, &change.stage);
        self.changed(Instant::now());
        let left = if redo {
            self.history.redo_len()
        } else {
            self.history.undo_len()
        };
        format!("{} ({left} more)", if redo { "Redone" } else { "Undone" })
    }

    /// Select a standard and the stage of a mark, opening the tree to it.
    fn show(&mut self, standard: &str, stage: &str) {
        let fw = &self.doc.framework;
        let found = fw.themes.iter().enumerate().find_map(|(t, theme)| {
            theme
                .standards
                .iter()
                .position(|s| s.id == standard)
                .map(|i| Node::Standard {
                    theme: t,
                    standard: i,
                })
        });
        if let Some(node) = found {
            let rows = self.tree.visible_height();
            self.tree.reveal(fw, node, rows);
        }
        if let Some(s) = fw.stage_index(stage) {
            self.stage = s;
        }
    }

    /// Open the note editor on the selected standard at its current stage.
    pub fn open_editor(&mut self, field: NoteField, look: EditorLook) -> Option<String> {
        if let Some(reason) = self.read_only_reason() {
            return Some(reason);
        }
        let Some((theme, index, _, standard)) = self.selected_standard() else {
            return Some("Select a standard to write a note on.".into());
        };
        let stage = self.stage_for(standard);
        let before = self
            .review()
            .mark(&standard.id, &self.framework().stages[stage].id)
            .cloned();
        let note = before
            .as_ref()
            .map(|m| field_text(m, &field).to_owned())
            .unwrap_or_default();
        let text = NoteText::new(&note, look);
        self.editor = Some(NoteEditor {
            theme,
            standard: index,
            stage,
            text,
            before,
            field,
        });
        None
    }

    /// Copy the editor's text into the assessment (not a history step: the
    /// whole edit becomes one when the editor closes).
    fn sync_editor(&mut self) {
        let Some(editor) = &self.editor else {
            return;
        };
        let fw = &self.doc.framework;
        let id = fw.themes[editor.theme].standards[editor.standard]
            .id
            .clone();
        let stage = fw.stages[editor.stage].id.clone();
        let note = editor.text.text();
        let field = editor.field.clone();
        let review = self.doc.assessment.current_mut();
        let mark = review.mark_mut(&id, &stage);
        if field_text(mark, &field) != note {
            match field {
                NoteField::Own => {
                    mark.note = note;
                    mark.carried = false;
                }
                NoteField::Rater(rater) => mark.edit_view(&rater, |view| view.note = note),
                NoteField::Session => mark.session_note = note,
                NoteField::NextStep => mark.next_step = note,
            }
        }
        review.tidy(&id, &stage);
    }

    /// Leave the editor, keeping the text, and write it (at the next tick).
    pub fn close_editor(&mut self) {
        self.sync_editor();
        if let Some(editor) = self.editor.take() {
            let fw = &self.doc.framework;
            let id = fw.themes[editor.theme].standards[editor.standard]
                .id
                .clone();
            let stage = fw.stages[editor.stage].id.clone();
            let after = self.review().mark(&id, &stage).cloned();
            self.history.record(Change {
                standard: id,
                stage,
                before: editor.before,
                after,
            });
        }
        self.save_soon(Instant::now());
    }

    /// Something changed at `now`: save once changes pause for
    /// [`Workspace::save_delay`], but never later than [`MAX_SAVE_WAIT`]
    /// after the first unsaved one, so steady typing is saved too.
    ///
    /// The hand-over itself is left to [`Workspace::tick`], even when it
    /// is due already: it copies the review, which takes milliseconds on a
    /// large framework, and the event loop ticks only once the key's frame
    /// is drawn, so no keystroke waits for it.
    pub fn changed(&mut self, now: Instant) {
        if let SaveState::Conflict { dirty, .. } = &mut self.save {
            // Not written over the other version: kept in the conflict
            // copy (if the user chose to decide later) at the next tick.
            *dirty = true;
            return;
        }
        let since = match self.save {
            SaveState::Pending { since, .. } => since,
            _ => now,
        };
        let due = (now + self.save_delay).min(since + MAX_SAVE_WAIT);
        self.save = SaveState::Pending { since, due };
    }

    /// Save what is waiting (or failed) at the next tick: the one right
    /// after this key's frame, so the key does not wait for the copy.
    pub fn save_soon(&mut self, now: Instant) {
        match self.save {
            SaveState::Pending { since, .. } => self.save = SaveState::Pending { since, due: now },
            SaveState::Failed { .. } => {
                self.save = SaveState::Pending {
                    since: now,
                    due: now,
                }
            }
            _ => {}
        }
    }

    /// Anything not yet on disk: pending, being written, or a failed write.
    pub fn unsaved(&self) -> bool {
        matches!(
            self.save,
            SaveState::Pending { .. }
                | SaveState::Writing
                | SaveState::Failed { .. }
                | SaveState::Conflict { .. }
        )
    }

    /// The file changed on disk and was not written over: autosaving has
    /// stopped until the user chooses.
    pub fn in_conflict(&self) -> bool {
        matches!(self.save, SaveState::Conflict { .. })
    }

    /// Keep this version in the conflict copy, a new one unless the user
    /// chose to decide later and one was written already, and say where.
    pub fn keep_in_conflict_copy(&mut self, home: &crate::store::Home) -> std::io::Result<PathBuf> {
        self.sync_editor();
        let at = match &self.save {
            SaveState::Conflict { copy, .. } => copy.clone(),
            _ => None,
        };
        let path = self.doc.write_conflict_copy(home, at.as_deref())?;
        if let SaveState::Conflict { copy, dirty } = &mut self.save {
            *copy = Some(path.clone());
            *dirty = false;
        }
        Ok(path)
    }

    /// The conflict copy this version is kept in, once written.
    pub fn conflict_copy(&self) -> Option<&std::path::Path> {
        match &self.save {
            SaveState::Conflict { copy, .. } => copy.as_deref(),
            _ => None,
        }
    }

    /// "Keep mine": set the other version aside as a conflict copy and save
    /// this one at the next tick. Returns the message for the user.
    pub fn keep_mine(&mut self, home: &crate::store::Home) -> String {
        match self.doc.set_theirs_aside(home) {
            Ok(theirs) => {
                if let SaveState::Conflict {
                    copy: Some(ours), ..
                } = &self.save
                {
                    let _ = std::fs::remove_file(ours);
                }
                let now = Instant::now();
                self.save = SaveState::Pending {
                    since: now,
                    due: now,
                };
                match theirs {
                    Some(theirs) => format!(
                        "Keeping yours: saving it over the file. The other version is kept in {}",
                        theirs.display()
                    ),
                    None => {
                        "Keeping yours: the file on disk is gone, so it is written again.".into()
                    }
                }
            }
            Err(e) => format!("Could not set the other version aside, so nothing was written: {e}"),
        }
    }

    /// Every [`LOCK_CHECK`]: is the lock still in place (a lock file removed
    /// by hand is made again), and, open read-only because another reflect
    /// had the file, has that one let go? Returns a message, and whether
    /// the file can now be opened for writing.
    pub fn check_lock(&mut self, now: Instant) -> (Option<String>, bool) {
        if self
            .lock_checked
            .is_some_and(|at| now.duration_since(at) < LOCK_CHECK)
        {
            return (None, false);
        }
        self.lock_checked = Some(now);
        if matches!(
            self.doc.read_only,
            Some(ReadOnly::Locked | ReadOnly::Unlockable { .. })
        ) {
            // Reopened when the other reflect lets go, and also when it
            // (or anyone) saves, so what is shown is never stale.
            return (None, self.doc.lock_freed() || self.doc.changed_on_disk());
        }
        // Held again or not, the user is told; a document that lost it
        // is read-only now, which the status line says.
        (
            self.doc.check_lock().map(|told| told.unwrap_or_else(|e| e)),
            false,
        )
    }

    /// Hand over a save now if anything is waiting or the last write failed.
    pub fn save_if_needed(&mut self, clock: &Clock) {
        if matches!(
            self.save,
            SaveState::Pending { .. } | SaveState::Failed { .. }
        ) {
            self.save_now(clock);
        }
    }

    /// Save whatever is waiting and wait until it is on disk (before
    /// quitting, or closing the assessment).
    pub fn flush(&mut self, clock: &Clock) {
        self.save_if_needed(clock);
        if let Some(result) = self.saver.wait() {
            self.saved(result, clock);
        }
    }

    /// Let time pass: see how a write went, take in the closed reviews
    /// once read, and hand over changes whose delay is up. Returns
    /// anything to tell the user.
    pub fn tick(&mut self, now: Instant, clock: &Clock) -> Option<String> {
        if let Some(result) = self.saver.poll() {
            self.saved(result, clock);
        }
        if let SaveState::Conflict {
            copy: Some(_),
            dirty: true,
        } = self.save
            && let Some(home) = self.doc.home().cloned()
            && let Err(e) = self.keep_in_conflict_copy(&home)
        {
            return Some(format!("Your latest changes are not on disk: {e}"));
        }
        let told = self
            .doc
            .take_earlier(false)
            .and_then(|arrived| self.earlier_arrived(arrived, now));
        if let SaveState::Pending { due, .. } = self.save
            && now >= due
        {
            self.save_now(clock);
        }
        told
    }

    /// The closed reviews are in `reviews` now, in front of the rest.
    fn earlier_arrived(&mut self, arrived: Arrived, now: Instant) -> Option<String> {
        if self.doc.assessment.complete() {
            let added = self.doc.assessment.earlier.len();
            self.viewing += added;
        }
        if arrived.changed {
            self.tree
                .set_archived(&self.doc.framework, self.doc.assessment.archived.len());
            self.changed(now);
        }
        arrived.message
    }

    /// Make sure every review is in (for history views and starting a
    /// review), waiting for them if they are still being read.
    pub fn need_earlier(&mut self) -> Result<Option<String>, String> {
        match self.doc.load_earlier_now()? {
            Some(arrived) => Ok(self.earlier_arrived(arrived, Instant::now())),
            None => Ok(None),
        }
    }

    /// Which review is shown, of how many, counting those not read yet.
    pub fn review_number(&self) -> (usize, usize) {
        let a = &self.doc.assessment;
        let unread = a.review_count() - a.reviews.len();
        (self.viewing + 1 + unread, a.review_count())
    }

    /// Hand the assessment, with whatever the editor holds, to the saver now.
    pub fn save_now(&mut self, clock: &Clock) {
        if self.doc.read_only.is_some() {
            return;
        }
        self.sync_editor();
        self.saver.release_spent();
        match self.doc.snapshot() {
            Ok(snapshot) => {
                self.save = SaveState::Writing;
                self.saver.send(snapshot);
                // A saver that writes at once has the outcome already.
                if let Some(result) = self.saver.poll() {
                    self.saved(result, clock);
                }
            }
            Err(e) => {
                self.save = SaveState::Failed {
                    message: e.to_string(),
                }
            }
        }
    }

    /// A write finished. Changes made since it was handed over stay pending.
    fn saved(&mut self, result: std::io::Result<Saved>, clock: &Clock) {
        if !matches!(self.save, SaveState::Writing) {
            return;
        }
        self.save = match result {
            Ok(_) => SaveState::Saved {
                at: clock.now_hms(),
            },
            Err(e) if crate::store::is_changed_on_disk(&e) => SaveState::Conflict {
                copy: None,
                dirty: false,
            },
            Err(e) => SaveState::Failed {
                message: e.to_string(),
            },
        };
    }
}

/// The text of a mark that a note field edits.
pub fn field_text<'a>(mark: &'a Mark, field: &NoteField) -> &'a str {
    match field {
        NoteField::Own => &mark.note,
        NoteField::Rater(r) => mark.others.get(r).map(|v| v.note.as_str()).unwrap_or(""),
        NoteField::Session => &mark.session_note,
        NoteField::NextStep => &mark.next_step,
    }
}

impl Workspace {
    /// Close the current review and start a new one from its levels.
    pub fn start_review(&mut self, title: &str, clock: &Clock) -> Result<String, String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        // Titles must differ from every earlier review's, and the closed
        // review goes into a file numbered after the earlier ones.
        self.need_earlier()
            .map_err(|why| format!("Cannot start a review: {why}"))?;
        let today = clock.today();
        let closing = self.review().title.clone();
        let carried = self
            .doc
            .assessment
            .start_review(title, today)
            .map_err(|e| e.to_string())?;
        self.viewing = self.doc.assessment.reviews.len() - 1;
        // Undo steps name marks of the closed review; they must not touch the new one.
        self.history.clear();
        self.recount();
        self.save_now(clock);
        Ok(format!(
            "Started \"{}\". \"{closing}\" is closed; {carried} rating{} carried forward.",
            self.review().title,
            if carried == 1 { "" } else { "s" }
        ))
    }

    /// Show an earlier (-1) or later (+1) review.
    pub fn view_review(&mut self, delta: isize) -> String {
        if let Err(why) = self.need_earlier() {
            return why;
        }
        let last = self.doc.assessment.reviews.len() - 1;
        let next = self.viewing.saturating_add_signed(delta).min(last);
        if next == self.viewing {
            return if delta < 0 {
                "This is the first review."
            } else {
                "This is the current review."
            }
            .into();
        }
        self.viewing = next;
        self.recount();
        if self.discuss_only {
            self.apply_filter();
        }
        let r = self.review();
        if self.is_current() {
            format!("Back to the current review, \"{}\".", r.title)
        } else {
            format!(
                "Viewing \"{}\" ({}), read-only. ] goes forward.",
                r.title, r.date
            )
        }
    }

    /// Open the compare view: the viewed review against the one before it.
    pub fn open_compare(&mut self) -> Result<(), String> {
        self.need_earlier()?;
        if self.viewing == 0 {
            return Err(
                "There is no earlier review to compare with yet: start a new review first.".into(),
            );
        }
        let comparison = self
            .doc
            .assessment
            .compare_with_previous(&self.doc.framework, self.viewing)
            .ok_or("There is no earlier review to compare with.")?;
        let previous = self.doc.assessment.reviews[self.viewing - 1].title.clone();
        self.pane = Pane::Compare(CompareView::new(comparison, previous));
        Ok(())
    }

    /// The (theme, standard) pairs flagged to discuss in the viewed review.
    pub fn discuss_set(&self) -> BTreeSet<(usize, usize)> {
        to_discuss(self.framework(), self.review())
            .into_iter()
            .map(|d| (d.theme, d.standard))
            .collect()
    }

    /// Show only the standards to discuss, or everything.
    pub fn toggle_discuss(&mut self) -> String {
        self.discuss_only = !self.discuss_only;
        self.apply_filter();
        if !self.discuss_only {
            return "Showing every standard.".into();
        }
        match self.tree.rows().iter().filter(|n| matches!(n, Node::Standard { .. })).count() {
            0 => "Nothing to discuss: no rater is 2 or more levels from the self-rating. d shows all.".into(),
            n => format!("{n} standards to discuss (2 or more levels apart). d shows all."),
        }
    }

    fn apply_filter(&mut self) {
        let only = self.discuss_only.then(|| self.discuss_set());
        let rows = self.tree.visible_height();
        self.tree.set_only(&self.doc.framework, only);
        self.tree.scroll_into_view(rows);
    }

    /// Session mode: move to the next (or previous) standard, in framework
    /// order, keeping to the standards to discuss when that filter is on.
    pub fn walk(&mut self, forward: bool) -> Option<String> {
        use std::ops::Bound::{Excluded, Unbounded};
        let here = match self.tree.selected() {
            Node::Standard { theme, standard } => Some((theme, standard)),
            _ => None,
        };
        // Step from where we are, without listing every standard: a keystroke
        // must not cost more with a bigger framework.
        let next = if self.discuss_only {
            let only = self.discuss_set();
            match (here, forward) {
                (None, _) => only.first().copied(),
                (Some(h), true) => only.range((Excluded(h), Unbounded)).next().copied(),
                (Some(h), false) => only.range(..h).next_back().copied(),
            }
        } else {
            step(&self.doc.framework, here, forward)
        };
        let Some((theme, standard)) = next else {
            return Some(match (here, forward) {
                (None, _) => "No standards to walk through.".into(),
                (Some(_), true) => "That was the last standard.".into(),
                (Some(_), false) => "This is the first standard.".into(),
            });
        };
        let rows = self.tree.visible_height();
        self.tree.reveal(
            &self.doc.framework,
            Node::Standard { theme, standard },
            rows,
        );
        self.detail_scroll = 0;
        None
    }

    /// Position of the selected standard among all, for "12 of 56".
    pub fn standard_position(&self) -> Option<(usize, usize)> {
        let Node::Standard { theme, standard } = self.tree.selected() else {
            return None;
        };
        let fw = self.framework();
        let before: usize = fw.themes[..theme].iter().map(|t| t.standards.len()).sum();
        Some((before + standard + 1, fw.standard_count()))
    }
}

/// The standard after (or before) `here` in framework order; the first when `here` is `None`.
fn step(fw: &Framework, here: Option<(usize, usize)>, forward: bool) -> Option<(usize, usize)> {
    let len = |t: usize| fw.themes[t].standards.len();
    match (here, forward) {
        (None, _) => (0..fw.themes.len()).find(|&t| len(t) > 0).map(|t| (t, 0)),
        (Some((t, s)), true) if s + 1 < len(t) => Some((t, s + 1)),
        (Some((t, _)), true) => (t + 1..fw.themes.len())
            .find(|&u| len(u) > 0)
            .map(|u| (u, 0)),
        (Some((t, s)), false) if s > 0 => Some((t, s - 1)),
        (Some((t, _)), false) => (0..t).rev().find(|&u| len(u) > 0).map(|u| (u, len(u) - 1)),
    }
}
