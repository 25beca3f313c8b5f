//! The note editor: one text of one standard at one stage, written in
//! place of the detail (or over a full view). Only a window of a long
//! note is in the editing widget (`note_text`).

mod draw;
pub mod note_text;
mod update;

pub use note_text::{EditorLook, NoteText};
pub use update::editor_look;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Hint, View};
use crate::app::App;
use crate::keys::{Action, Mode};
use crate::model::Mark;

/// The multi-line editor for one standard's note at one stage.
pub struct NoteEditor {
    pub theme: usize,
    pub standard: usize,
    pub stage: usize,
    pub text: NoteText,
    /// The mark as it was when the editor opened, for undo.
    pub before: Option<Mark>,
    /// Which of the mark's texts is being written.
    pub field: NoteField,
}

/// Which text of a mark the note editor is writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteField {
    /// The person's own note.
    Own,
    /// Another rater's note, by id.
    Rater(String),
    /// What was said in the session.
    Session,
    /// The agreed next step.
    NextStep,
}

impl NoteField {
    /// What is being written, naming whose it is: "Note by Sam Patel (coach)".
    pub fn label(&self, review: &crate::model::Review) -> String {
        match self {
            NoteField::Own => "Your note".into(),
            NoteField::Rater(id) => format!(
                "Note by {}",
                review.rater(id).map_or_else(|| id.clone(), |r| r.display())
            ),
            NoteField::Session => "Session note".into(),
            NoteField::NextStep => "Agreed next step".into(),
        }
    }
}

impl View for NoteEditor {
    fn mode(&self) -> Mode {
        Mode::Editor
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        if let Some(ws) = app.workspace() {
            draw::render(ws, &app.keymap, self, area, buf)
        }
    }

    fn hints(&self, app: &App, narrow: bool) -> Vec<Hint> {
        let mut hints: Vec<Hint> = Hint::key(&app.keymap, Mode::Editor, Action::Back, "done", 0)
            .into_iter()
            .collect();
        if !narrow {
            // The editing widget's own undo.
            hints.push(Hint {
                need: 1,
                text: "Ctrl-u undo".into(),
            });
        }
        hints
    }

    #[cfg(test)]
    fn example(_: &App) -> Self {
        NoteEditor {
            theme: 0,
            standard: 0,
            stage: 0,
            text: NoteText::new("", EditorLook::default()),
            before: None,
            field: NoteField::Own,
        }
    }
}
