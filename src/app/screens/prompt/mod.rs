//! A one-line question over the screen: a new review's title, or the
//! name and role of another rater.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::View;
use crate::app::App;
use crate::keys::{Action, Mode};

use ratatui_textarea::TextArea;

use crate::model::assessment::RaterRole;

/// A one-line question: the title of a new review, or a second rater.
pub struct Prompt {
    pub kind: PromptKind,
    pub text: TextArea<'static>,
    /// For a rater: which of [`ROLES`] is chosen.
    pub choice: usize,
    pub error: Option<String>,
    /// The answer if nothing is typed.
    pub suggestion: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// The title of a new review; asks its date next.
    ReviewTitle,
    /// The date of the new review titled so (which closes the current
    /// one); asks for confirmation next.
    ReviewDate { title: String },
    /// The name and role of another rater; `from_list`: the list of
    /// raters asked, so it shows again after.
    AddRater { from_list: bool },
    /// Another name for the rater `id`.
    RenameRater { id: String },
    /// What shows a plan action was done, as it is marked done.
    Evidence { id: crate::model::plan::ItemId },
    /// The path of a rater's sheet to merge into the current review.
    SheetPath,
}

/// The roles another rater can have, in the order the prompt offers them.
pub const ROLES: [RaterRole; 4] = [
    RaterRole::Coach,
    RaterRole::LineManager,
    RaterRole::Leader,
    RaterRole::Peer,
];

impl Prompt {
    /// A prompt whose answer, left empty, is `suggestion` (shown as a placeholder).
    pub fn new(kind: PromptKind, suggestion: &str, keys: &crate::keys::Keymap) -> Prompt {
        let mut text = TextArea::default();
        text.set_cursor_line_style(ratatui::style::Style::default());
        text.set_placeholder_text(match kind {
            PromptKind::AddRater { .. } | PromptKind::RenameRater { .. } => {
                "their name (optional)".to_string()
            }
            PromptKind::Evidence { .. } => "what shows it was done (optional)".to_string(),
            PromptKind::SheetPath => "its path, e.g. ~/Downloads/jo-sheet-coach.ron".to_string(),
            PromptKind::ReviewTitle | PromptKind::ReviewDate { .. } => {
                match keys.key(crate::keys::Mode::Prompt, &crate::keys::Action::Confirm) {
                    Some(key) => format!("{suggestion} ({key}), or type another"),
                    None => format!("{suggestion}, or type another"),
                }
            }
        });
        Prompt {
            kind,
            text,
            choice: 0,
            error: None,
            suggestion: suggestion.to_string(),
        }
    }

    /// What was typed, or the suggestion when nothing was.
    pub fn value(&self) -> String {
        let typed = self.text.lines().join(" ").trim().to_string();
        if typed.is_empty() {
            self.suggestion.clone()
        } else {
            typed
        }
    }

    pub fn title(&self) -> &'static str {
        match self.kind {
            PromptKind::ReviewTitle => " Start a new review: its title ",
            PromptKind::ReviewDate { .. } => " Its date, YYYY-MM-DD (it closes the current one) ",
            PromptKind::AddRater { .. } => " Add someone rating with you ",
            PromptKind::RenameRater { .. } => " Their name ",
            PromptKind::Evidence { .. } => " Done: the evidence ",
            PromptKind::SheetPath => " Merge a rater's sheet ",
        }
    }
}

impl View for Prompt {
    fn mode(&self) -> Mode {
        Mode::Prompt
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw::render(self, &app.keymap, area, buf)
    }

    #[cfg(test)]
    fn example(app: &App) -> Self {
        Prompt::new(PromptKind::AddRater { from_list: false }, "", &app.keymap)
    }
}
