//! Every change to a mark, the note editor, and undo: one road, so each
//! change is counted, saved and can be undone.

use super::*;

impl Workspace {
    /// Change one mark of the current review: recorded for undo, recounted and saved.
    pub(super) fn edit_mark(&mut self, id: &str, stage: &str, edit: impl FnOnce(&mut Mark)) {
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
            if self.doc.assessment.sheet.is_some() {
                // A sheet goes back whole: say what private means on it.
                "The note is private: hidden in session mode and never merged. It is still in \
                 this file, which you send back: take it out first if it is only for you."
                    .into()
            } else {
                "The note is private: hidden in session mode.".into()
            }
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

    /// Would undoing (or redoing) the next change show a note that is
    /// private now? (In session mode that is refused.)
    pub fn step_would_reveal(&self, redo: bool) -> bool {
        let Some(Step::Mark(change)) = self.history.peek(redo) else {
            // Changing the raters never touches the person's own notes.
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

    /// Undo (or redo) the last change, showing where it was.
    pub fn step_history(&mut self, redo: bool) -> String {
        if let Some(reason) = self.read_only_reason() {
            return reason;
        }
        let step = if redo {
            self.history.redo()
        } else {
            self.history.undo()
        };
        let Some(step) = step.cloned() else {
            return if redo {
                "Nothing to redo."
            } else {
                "Nothing to undo."
            }
            .into();
        };
        let what = match step {
            Step::Mark(change) => self.step_mark(&change, redo),
            Step::Review {
                what,
                before,
                after,
            } => {
                *self.doc.assessment.current_mut() = *if redo { after } else { before };
                self.raters_changed();
                what
            }
            Step::Plan {
                what,
                before,
                after,
            } => {
                self.doc.assessment.plan = *if redo { after } else { before };
                self.changed(Instant::now());
                what
            }
        };
        let left = if redo {
            self.history.redo_len()
        } else {
            self.history.undo_len()
        };
        format!(
            "{}: {what} ({left} more)",
            if redo { "Redid" } else { "Undid" }
        )
    }

    /// Put a mark back as it was before (or after) `change`; what it was.
    fn step_mark(&mut self, change: &Change, redo: bool) -> String {
        let mark = if redo {
            change.after.clone()
        } else {
            change.before.clone()
        };
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
        describe_change(self.framework(), change)
    }

    /// Select a standard and the stage of a mark, opening the tree to it.
    pub(super) fn show(&mut self, standard: &str, stage: &str) {
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

    /// The selected standard's own note at its stage, to write in the
    /// user's own editor.
    pub fn external_edit(&self) -> Result<crate::app::ExternalEdit, String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        let (_, id, stage) = self.selected_key()?;
        let text = self
            .review()
            .mark(&id, &stage)
            .map(|m| m.note.clone())
            .unwrap_or_default();
        Ok(crate::app::ExternalEdit {
            text,
            standard: id,
            stage,
        })
    }

    /// Set the person's own note on `standard` at `stage` (one undo step).
    pub fn set_own_note(
        &mut self,
        standard: &str,
        stage: &str,
        text: String,
    ) -> Result<(), String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        // Line ends as the app writes them.
        let text = text.replace("\r\n", "\n");
        let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
        self.edit_mark(standard, stage, |mark| {
            mark.note = text;
            mark.carried = false;
        });
        self.show(standard, stage);
        Ok(())
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
    pub(super) fn sync_editor(&mut self) {
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

/// What a change did, in words: "level 3 at Gaining experience, 'Builds
/// trust across…'".
fn describe_change(framework: &Framework, change: &Change) -> String {
    let default = Mark::default();
    let before = change.before.as_ref().unwrap_or(&default);
    let after = change.after.as_ref().unwrap_or(&default);
    let mut what: Vec<String> = Vec::new();
    if before.rating != after.rating {
        what.push(match after.rating {
            Rating::Level(n) => format!("level {n}"),
            Rating::NotApplicable => "not applicable".into(),
            Rating::Unrated => "clearing the rating".into(),
        });
    }
    if before.note != after.note {
        what.push("the note".into());
    }
    if before.private != after.private {
        what.push(
            if after.private {
                "making the note private"
            } else {
                "making the note public"
            }
            .into(),
        );
    }
    if before.others != after.others {
        what.push("another rater's level or note".into());
    }
    if before.agreed != after.agreed {
        what.push("the agreed level".into());
    }
    if before.session_note != after.session_note {
        what.push("the session note".into());
    }
    if before.next_step != after.next_step {
        what.push("the next step".into());
    }
    if what.is_empty() {
        what.push("a change".into());
    }
    let stage = framework
        .stages
        .iter()
        .find(|s| s.id == change.stage)
        .map_or(change.stage.as_str(), |s| s.name.as_str());
    let text = framework
        .themes
        .iter()
        .flat_map(|t| &t.standards)
        .find(|s| s.id == change.standard)
        .map_or(change.standard.as_str(), |s| s.text.as_str());
    let short: String = if text.chars().count() > 40 {
        format!("{}…", text.chars().take(39).collect::<String>().trim_end())
    } else {
        text.to_string()
    };
    format!("{} at {stage}, '{short}'", what.join(", "))
}
