//! The app: all state, and one [`App::update`] that holds all behaviour.
//!
//! Nothing here reads the terminal. The keymap (`crate::keys`) turns key
//! events into [`Action`]s, `update` hands each to the screen showing
//! (`screens`), and drawing (`impl Widget for &App`, `draw.rs`) only reads
//! what is here. Tests drive `update` directly.

mod draw;
pub mod history;
pub mod screens;
mod status;
pub mod tree;
mod update;
pub mod workspace;

use std::time::{Duration, Instant};

use ratatui::layout::Size;

pub use crate::keys::{Action, Mode};
pub use crate::ui::layout;
pub use screens::confirm::Confirm;
pub use screens::editor::{NoteEditor, NoteField};
pub use screens::start::StartScreen;
pub use screens::{Overlay, Pane, View};
pub use tree::{Node, Tree};
pub use workspace::Workspace;

use crate::keys::Keymap;
use crate::store::{Document, Home, Saver};

/// How long a change waits for the next before it is saved.
pub const SAVE_DELAY: Duration = Duration::from_secs(1);
/// The longest changes wait to be saved while they keep coming.
pub const MAX_SAVE_WAIT: Duration = Duration::from_secs(10);

pub struct App {
    pub home: Home,
    pub screen: Screen,
    /// What is on top of the screen, if anything: help, a question, a
    /// line of text asked for. One at a time, by its type.
    pub overlay: Option<Overlay>,
    pub size: Size,
    pub quit: bool,
    /// A one-off message for the status line, cleared by the next key.
    pub message: Option<String>,
    /// Printed after the terminal is restored.
    pub exit_note: Option<String>,
    pub clock: Clock,
    /// Saves are written on a thread of their own (the app), or at once
    /// when handed over (tests, where nothing must depend on timing).
    pub background_saves: bool,
    /// The key bindings; the help screen is drawn from them.
    pub keymap: Keymap,
    /// The colours of each role on screen.
    pub theme: crate::theme::Theme,
    /// The last [`Action::Tick`] changed what the screen shows (a save
    /// handed over or finished, closed reviews read): draw again.
    pub tick_changed: bool,
    /// When the last key (or other action but a tick) came.
    pub last_key: Option<Instant>,
    /// A note to write in the user's own editor: the terminal loop hands
    /// the terminal over, then gives back [`Action::Edited`].
    pub external_edit: Option<ExternalEdit>,
    /// The mouse is read (clicks and the wheel); off, the terminal's own
    /// text selection works. The terminal loop follows it.
    pub mouse: bool,
    /// How long the user must pause before a question the app puts by
    /// itself (after a conflict) appears, so a key typed in flight cannot
    /// answer it. Zero in tests.
    pub conflict_quiet: Duration,
    /// The user's own template for the appraisal pack's HTML, if they
    /// have one (its text, and where it came from), read at start.
    pub pack_template: Option<(String, String)>,
}

/// The note the user's own editor is to write, and where it goes back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalEdit {
    pub text: String,
    pub standard: String,
    pub stage: String,
}

pub enum Screen {
    /// First run: choose a framework and type a name.
    Start(Box<StartScreen>),
    Assess(Box<Workspace>),
    /// The cohort view (`reflect cohort`): no assessment open.
    Cohort(Box<screens::cohort::CohortScreen>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing changed since opening.
    Opened,
    Saved {
        at: String,
    },
    /// Changes waiting to be handed to the saver: the first came at
    /// `since`, and they are handed over at `due`.
    Pending {
        since: Instant,
        due: Instant,
    },
    /// Handed to the saver and being written.
    Writing,
    /// The last write failed; changes are kept in memory and retried.
    Failed {
        message: String,
    },
    /// Another program changed the file since reflect read it, and it was
    /// not written over. Nothing is saved to the file until the user
    /// chooses (take theirs, keep mine, decide later). `copy`: where this
    /// version is kept meanwhile, once the user chose to decide later;
    /// `dirty`: changed since that copy was written.
    Conflict {
        copy: Option<std::path::PathBuf>,
        dirty: bool,
    },
}

/// The wall clock, as the app reads it everywhere: fixed in tests so
/// screens and dates are stable.
#[derive(Debug, Clone)]
pub enum Clock {
    System,
    /// The status line's time fixed; dates are today's.
    Fixed(String),
    /// A fixed moment, for the time and the date.
    At(jiff::Zoned),
}

impl Clock {
    /// Local time as `HH:MM:SS`.
    pub fn now_hms(&self) -> String {
        match self {
            Clock::System => jiff::Zoned::now().strftime("%H:%M:%S").to_string(),
            Clock::Fixed(s) => s.clone(),
            Clock::At(at) => at.strftime("%H:%M:%S").to_string(),
        }
    }

    /// The local date and time now.
    pub fn now(&self) -> jiff::Zoned {
        match self {
            Clock::System | Clock::Fixed(_) => jiff::Zoned::now(),
            Clock::At(at) => at.clone(),
        }
    }

    /// Today's local date.
    pub fn today(&self) -> jiff::civil::Date {
        self.now().date()
    }
}

impl App {
    /// The app on an open document, or on the start screen.
    pub fn new(home: Home, doc: Option<Document>, clock: Clock) -> App {
        let screen = match doc {
            Some(doc) => Screen::Assess(Box::new(Workspace::new(doc, Saver::inline()))),
            None => Screen::Start(Box::new(StartScreen::new(&home))),
        };
        // Say once what opening changed: a newer framework version applied.
        let message = match &screen {
            Screen::Assess(ws) => ws
                .doc
                .migration
                .as_ref()
                .and_then(|m| m.describe())
                .map(|d| match &ws.doc.migration_unsaved {
                    Some(why) => format!("{d} (not saved: {why})"),
                    None => d,
                }),
            Screen::Start(_) | Screen::Cohort(_) => None,
        };
        let mut app = App {
            home,
            screen,
            overlay: None,
            size: Size::new(80, 24),
            quit: false,
            message,
            exit_note: None,
            clock,
            background_saves: false,
            keymap: Keymap::default(),
            theme: crate::theme::Theme::default(),
            tick_changed: false,
            last_key: None,
            external_edit: None,
            mouse: true,
            conflict_quiet: Duration::from_secs(1),
            pack_template: None,
        };
        app.restore_place();
        app
    }

    /// Write saves on a thread of their own from now on, so no keystroke
    /// waits for the disk.
    pub fn save_in_background(&mut self) {
        self.background_saves = true;
        if let Screen::Assess(ws) = &mut self.screen {
            ws.use_saver(Saver::background(), &self.clock);
        }
    }

    /// A saver for a newly opened assessment.
    pub(crate) fn new_saver(&self) -> Saver {
        if self.background_saves {
            Saver::background()
        } else {
            Saver::inline()
        }
    }

    /// Which keys apply now: the overlay's, else the screen's.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(overlay) => overlay.mode(),
            None => self.screen_mode(),
        }
    }

    /// The mode of the screen under any help, question or prompt: whose
    /// keys the status line names.
    pub fn screen_mode(&self) -> Mode {
        match &self.screen {
            Screen::Start(start) => start.mode(),
            Screen::Cohort(cohort) => cohort.mode(),
            Screen::Assess(ws) => match &ws.editor {
                Some(editor) => editor.mode(),
                None => ws.pane.mode(),
            },
        }
    }

    /// The question showing, if one is.
    pub fn confirm(&self) -> Option<&Confirm> {
        match &self.overlay {
            Some(Overlay::Confirm(c)) => Some(c),
            _ => None,
        }
    }

    /// Take the question showing off the screen, to answer it.
    pub fn take_confirm(&mut self) -> Option<Confirm> {
        match self.overlay.take() {
            Some(Overlay::Confirm(c)) => Some(c),
            other => {
                self.overlay = other;
                None
            }
        }
    }

    /// The line of text being asked for, if one is.
    pub fn prompt(&self) -> Option<&screens::prompt::Prompt> {
        match &self.overlay {
            Some(Overlay::Prompt(p)) => Some(p),
            _ => None,
        }
    }

    /// How far the help is scrolled, if it is showing.
    pub fn help_scroll(&self) -> Option<u16> {
        match &self.overlay {
            Some(Overlay::Help(help)) => Some(help.scroll),
            _ => None,
        }
    }

    /// Put something on top of the screen.
    pub fn show(&mut self, overlay: Overlay) {
        self.overlay = Some(overlay);
    }

    pub fn workspace(&self) -> Option<&Workspace> {
        match &self.screen {
            Screen::Assess(ws) => Some(ws),
            Screen::Start(_) | Screen::Cohort(_) => None,
        }
    }

    pub fn workspace_mut(&mut self) -> Option<&mut Workspace> {
        match &mut self.screen {
            Screen::Assess(ws) => Some(ws),
            Screen::Start(_) | Screen::Cohort(_) => None,
        }
    }
}

#[cfg(test)]
mod tests;
