//! An open assessment: the tree, the editor, the save state, and every
//! change to a mark, which goes through one place so it is counted, saved
//! and can be undone.

use std::time::Instant;

use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use super::history::{Change, History};
use super::tree::{Node, Tree};
use super::{Clock, NoteEditor, SaveState};
use crate::model::progress::{Tally, theme_tally};
use crate::model::{Framework, Mark, Rating, Review, Standard, Theme};
use crate::store::{Document, ReadOnly};

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
    pub history: History,
}

impl Workspace {
    pub fn new(doc: Document) -> Workspace {
        let tree = Tree::new(&doc.framework, doc.assessment.archived.len());
        let mut ws = Workspace {
            doc,
            tree,
            stage: 0,
            editor: None,
            detail_scroll: 0,
            tallies: Vec::new(),
            save: SaveState::Opened,
            history: History::default(),
        };
        ws.recount();
        ws
    }

    pub fn framework(&self) -> &Framework {
        &self.doc.framework
    }

    pub fn review(&self) -> &Review {
        self.doc.assessment.current()
    }

    /// Why nothing may be changed, if so.
    pub fn read_only_reason(&self) -> Option<String> {
        match &self.doc.read_only {
            Some(ReadOnly::Locked) => Some("read-only: another reflect has this file open".into()),
            Some(ReadOnly::Newer { found }) => Some(format!(
                "read-only: written by a newer reflect (schema {found}); update reflect to edit it"
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
            return Err("Select a standard first: open a theme with → or Enter.".into());
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
        let review = self.doc.assessment.current();
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
    fn edit_mark(&mut self, id: &str, stage: &str, clock: &Clock, edit: impl FnOnce(&mut Mark)) {
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
        self.save_now(clock);
    }

    /// Set the selected standard's rating at its current stage.
    pub fn rate(&mut self, rating: Rating, clock: &Clock) -> Result<(), String> {
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
        self.edit_mark(&id, &stage, clock, |mark| {
            mark.rating = rating;
            mark.carried = false;
        });
        Ok(())
    }

    /// Whether clearing the selected mark would lose more than a rating.
    pub fn clearing_loses_words(&self) -> bool {
        self.selected_mark()
            .is_some_and(|m| !m.note.is_empty() || !m.next_step.is_empty())
    }

    /// Remove everything recorded for the selected standard at its current stage.
    pub fn clear_mark(&mut self, clock: &Clock) -> Result<(), String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        let (_, id, stage) = self.selected_key()?;
        self.edit_mark(&id, &stage, clock, |mark| *mark = Mark::default());
        Ok(())
    }

    /// Undo (or redo) the last change, showing where it was.
    pub fn step_history(&mut self, redo: bool, clock: &Clock) -> String {
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
        self.save_now(clock);
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
    pub fn open_editor(&mut self) -> Option<String> {
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
        let note = before.as_ref().map(|m| m.note.clone()).unwrap_or_default();
        let mut text = TextArea::new(note.split('\n').map(str::to_owned).collect());
        text.set_wrap_mode(WrapMode::WordOrGlyph);
        text.set_placeholder_text("Write your note. Esc keeps it and leaves the editor.");
        text.set_cursor_line_style(ratatui::style::Style::default());
        text.move_cursor(CursorMove::Bottom);
        text.move_cursor(CursorMove::End);
        self.editor = Some(NoteEditor {
            theme,
            standard: index,
            stage,
            text,
            before,
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
        let note = editor.text.lines().join("\n");
        let review = self.doc.assessment.current_mut();
        let mark = review.mark_mut(&id, &stage);
        if mark.note != note {
            mark.note = note;
            mark.carried = false;
        }
        review.tidy(&id, &stage);
    }

    /// Leave the editor, keeping the text, and write it.
    pub fn close_editor(&mut self, clock: &Clock) {
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
        self.save_if_needed(clock);
    }

    pub fn mark_pending(&mut self, due: Instant) {
        if !matches!(self.save, SaveState::Pending { .. }) {
            self.save = SaveState::Pending { due };
        }
    }

    /// Anything not yet on disk: pending, or a failed write.
    pub fn unsaved(&self) -> bool {
        matches!(
            self.save,
            SaveState::Pending { .. } | SaveState::Failed { .. }
        )
    }

    /// Write now if anything is waiting or the last write failed.
    pub fn save_if_needed(&mut self, clock: &Clock) {
        if self.unsaved() {
            self.save_now(clock);
        }
    }

    /// Write the assessment now, with whatever the editor holds.
    pub fn save_now(&mut self, clock: &Clock) {
        if self.read_only_reason().is_some() {
            return;
        }
        self.sync_editor();
        self.save = match self.doc.save() {
            Ok(()) => SaveState::Saved {
                at: clock.now_hms(),
            },
            Err(e) => SaveState::Failed {
                message: e.to_string(),
            },
        };
    }
}
