//! What fills the screen besides the tree: the compare view, session mode,
//! and the small prompts that ask for a line of text.

use ratatui_textarea::TextArea;

use crate::model::assessment::RaterRole;
use crate::model::compare::Comparison;

/// The main area: the tree with the detail, or one of the full views.
pub enum Pane {
    Tree,
    /// Progress since the review before the one being viewed.
    Compare(CompareView),
    /// Walking through the standards together, one at a time.
    Session(SessionView),
}

pub struct CompareView {
    pub comparison: Comparison,
    /// Title of the earlier review.
    pub previous: String,
    pub changed_only: bool,
    pub scroll: usize,
    /// Indices into `comparison.pairs` listed now (all but unrated-both, or only changes).
    pub shown: Vec<usize>,
    /// Indices into `comparison.themes` listed now (with only changes: the themes that changed).
    pub themes: Vec<usize>,
}

impl CompareView {
    pub fn new(comparison: Comparison, previous: String) -> CompareView {
        let mut view = CompareView {
            comparison,
            previous,
            changed_only: false,
            scroll: 0,
            shown: Vec::new(),
            themes: Vec::new(),
        };
        view.refilter();
        view
    }

    /// Recompute which pairs are listed after the filter changes.
    pub fn refilter(&mut self) {
        use crate::model::compare::Change;
        self.shown = self
            .comparison
            .pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                if self.changed_only {
                    p.change.is_change()
                } else {
                    p.change != Change::Unrated
                }
            })
            .map(|(i, _)| i)
            .collect();
        let changed_only = self.changed_only;
        let pairs = &self.comparison.pairs;
        self.themes = self
            .comparison
            .themes
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                !changed_only
                    || t.total.is_change()
                    || pairs
                        .iter()
                        .any(|p| p.theme == t.theme && p.change.is_change())
            })
            .map(|(i, _)| i)
            .collect();
    }
}

pub struct SessionView {
    /// Whose level the number keys set.
    pub who: Who,
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
    pub fn label(&self) -> &'static str {
        match self {
            NoteField::Own => "Note",
            NoteField::Rater(_) => "Their note",
            NoteField::Session => "Session note",
            NoteField::NextStep => "Agreed next step",
        }
    }
}

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
    /// The title of a new review; asks for confirmation next.
    ReviewTitle,
    /// The name and role of another rater.
    AddRater,
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
            PromptKind::AddRater => "their name (optional)".to_string(),
            PromptKind::ReviewTitle => {
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
            PromptKind::AddRater => " Add someone rating with you ",
        }
    }
}
