//! The app: all state, and one [`App::update`] that holds all behaviour.
//!
//! Nothing here draws or reads the terminal. The keymap (`crate::keys`)
//! turns key events into [`Action`]s, `update` applies them, and the draw
//! code (`crate::ui`) only reads what is here. Tests drive `update` directly.

pub mod action;
pub mod start;
pub mod tree;
mod update;

use std::time::{Duration, Instant};

use ratatui::layout::Size;
use ratatui_textarea::TextArea;

pub use action::Action;
pub use start::StartScreen;
pub use tree::{Node, Tree};

use crate::keys::Keymap;
use crate::model::progress::{Tally, theme_tally};
use crate::model::{Framework, Review, Standard, Theme};
use crate::store::{Document, Home, ReadOnly};

/// How long typed text may wait before it is written.
pub const SAVE_DELAY: Duration = Duration::from_secs(1);

pub struct App {
    pub home: Home,
    pub screen: Screen,
    /// The help overlay is showing, scrolled this far.
    pub help: Option<u16>,
    pub size: Size,
    pub quit: bool,
    /// A one-off message for the status line, cleared by the next key.
    pub message: Option<String>,
    /// Printed after the terminal is restored.
    pub exit_note: Option<String>,
    pub clock: Clock,
    pub save_delay: Duration,
    /// The key bindings; the help screen is drawn from them.
    pub keymap: Keymap,
}

pub enum Screen {
    /// First run: choose a framework and type a name.
    Start(Box<StartScreen>),
    Assess(Box<Workspace>),
}

/// Which keys apply now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// Start screen, the framework list focused.
    Start,
    /// Start screen, a text field focused.
    StartText,
    Browse,
    Editor,
    Help,
}

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
}

/// The multi-line editor for one standard's note at one stage.
pub struct NoteEditor {
    pub theme: usize,
    pub standard: usize,
    pub stage: usize,
    pub text: TextArea<'static>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing changed since opening.
    Opened,
    Saved {
        at: String,
    },
    /// Changes waiting to be written.
    Pending {
        due: Instant,
    },
    /// The last write failed; changes are kept in memory and retried.
    Failed {
        message: String,
    },
}

/// Wall-clock time for the status line; fixed in tests so screens are stable.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    Fixed(String),
}

impl Clock {
    /// Local time as `HH:MM:SS`.
    pub fn now_hms(&self) -> String {
        match self {
            Clock::System => jiff::Zoned::now().strftime("%H:%M:%S").to_string(),
            Clock::Fixed(s) => s.clone(),
        }
    }
}

impl App {
    /// The app on an open document, or on the start screen.
    pub fn new(home: Home, doc: Option<Document>, clock: Clock) -> App {
        let screen = match doc {
            Some(doc) => Screen::Assess(Box::new(Workspace::new(doc))),
            None => Screen::Start(Box::default()),
        };
        App {
            home,
            screen,
            help: None,
            size: Size::new(80, 24),
            quit: false,
            message: None,
            exit_note: None,
            clock,
            save_delay: SAVE_DELAY,
            keymap: Keymap::default(),
        }
    }

    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            return Mode::Help;
        }
        match &self.screen {
            Screen::Start(s) if s.focus == start::Field::Framework => Mode::Start,
            Screen::Start(_) => Mode::StartText,
            Screen::Assess(ws) if ws.editor.is_some() => Mode::Editor,
            Screen::Assess(_) => Mode::Browse,
        }
    }

    pub fn workspace(&self) -> Option<&Workspace> {
        match &self.screen {
            Screen::Assess(ws) => Some(ws),
            Screen::Start(_) => None,
        }
    }
}

impl Workspace {
    pub fn new(doc: Document) -> Workspace {
        let tree = Tree::new(&doc.framework);
        let mut ws = Workspace {
            doc,
            tree,
            stage: 0,
            editor: None,
            detail_scroll: 0,
            tallies: Vec::new(),
            save: SaveState::Opened,
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

    /// Recount every theme's tally.
    pub fn recount(&mut self) {
        let fw = &self.doc.framework;
        let review = self.doc.assessment.current();
        self.tallies = fw
            .themes
            .iter()
            .map(|t| theme_tally(fw, review, t, None))
            .collect();
    }

    pub fn recount_theme(&mut self, theme: usize) {
        let fw = &self.doc.framework;
        let review = self.doc.assessment.current();
        self.tallies[theme] = theme_tally(fw, review, &fw.themes[theme], None);
    }

    pub fn total(&self) -> Tally {
        let mut total = Tally::default();
        for t in &self.tallies {
            total.merge(t);
        }
        total
    }
}

#[cfg(test)]
mod tests;
