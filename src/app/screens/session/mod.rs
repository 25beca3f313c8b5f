//! Session mode: walking through the standards together, one at a time,
//! on a shared screen (private notes are never shown).

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Hint, View};
use crate::app::App;
use crate::keys::{Action, Mode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    /// Whose level the number keys set: kept from one standard to the
    /// next (a coach rates down the list), named in the title, on its row
    /// and on every move, and another's level already there is replaced
    /// only once asked.
    pub who: Who,
    /// How far the standard's page is scrolled (its own: the detail pane's
    /// scroll is the tree's).
    pub scroll: u16,
}

impl SessionView {
    pub fn new() -> SessionView {
        SessionView {
            who: Who::Own,
            scroll: 0,
        }
    }
}

impl Default for SessionView {
    fn default() -> SessionView {
        SessionView::new()
    }
}

/// Who is rating in session mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// The person being assessed.
    Own,
    /// Another rater, by id.
    Rater(String),
    /// The level agreed after discussion.
    Agreed,
}


/// Who `who` is, in words: "Sam Patel (coach)", "the agreed level", "you".
pub fn whose(ws: &crate::app::Workspace, who: &Who) -> String {
    match who {
        Who::Own => "you".into(),
        Who::Rater(id) => ws
            .review()
            .rater(id)
            .map_or_else(|| id.clone(), |r| r.display()),
        Who::Agreed => "the agreed level".into(),
    }
}

impl View for SessionView {
    fn mode(&self) -> Mode {
        Mode::Session
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
        let keys = &app.keymap;
        let mode = Mode::Session;
        if narrow {
            return Hint::help_and_quit(keys, mode);
        }
        let top = app.workspace().map_or(9, |ws| ws.framework().max_level());
        [
            keys.pair(mode, &Action::NextStandard, &Action::PrevStandard)
                .map(|k| Hint {
                    need: 1,
                    text: format!("{k} standard"),
                }),
            Hint::key(keys, mode, Action::NextStage, "stage", 1),
            Hint::key(keys, mode, Action::NextRater, "who", 1),
            keys.level_keys(mode, top).map(|k| Hint {
                need: 1,
                text: format!("{k} level"),
            }),
            Hint::key(keys, mode, Action::EditSessionNote, "session note", 1),
            Hint::key(keys, mode, Action::EditNextStep, "next step", 1),
            Hint::key(keys, mode, Action::Back, "end", 0),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    #[cfg(test)]
    fn example(_: &App) -> Self {
        SessionView::new()
    }
}
