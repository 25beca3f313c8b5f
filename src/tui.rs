//! The terminal session: read events, map keys to actions, update, draw.

use std::io::{Write, stdout};
use std::time::Duration;

use anyhow::Result;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
use ratatui::crossterm::execute;

use crate::app::{Action, App, Clock};
use crate::store::{Document, Home};

/// How long to wait for input before letting time pass (delayed saves).
const TICK: Duration = Duration::from_millis(250);

/// Run the app until the user quits. `doc` is the assessment to open, or
/// `None` for the start screen. The terminal is restored on return, on error
/// and on panic (ratatui's hook, which also runs ours to end bracketed paste).
pub fn run(home: Home, doc: Option<Document>) -> Result<()> {
    let mut app = App::new(home, doc, Clock::System);
    app.save_in_background();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        previous(info);
    }));
    let result = ratatui::run(|terminal| {
        execute!(stdout(), EnableBracketedPaste)?;
        let result = event_loop(&mut app, terminal);
        let _ = execute!(stdout(), DisableBracketedPaste);
        result
    });
    if let Some(note) = &app.exit_note {
        let _ = writeln!(std::io::stderr(), "{note}");
    }
    result
}

fn event_loop(app: &mut App, terminal: &mut DefaultTerminal) -> Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let after_first = AfterFirstFrame::from_env();
    if after_first != AfterFirstFrame::Continue {
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        match after_first {
            AfterFirstFrame::Panic => panic!(
                "REFLECT_DEBUG_PANIC: a deliberate panic, to test that the terminal is restored"
            ),
            AfterFirstFrame::Fail => anyhow::bail!(
                "REFLECT_DEBUG_ERROR: a deliberate error, to test that the terminal is restored"
            ),
            _ => return Ok(()),
        }
    }
    loop {
        terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
        if app.quit {
            return Ok(());
        }
        // Time passes only once a key's frame is out, so no keystroke
        // waits for what a tick does: handing a save over copies the
        // review, milliseconds on a large framework.
        app.update(Action::Tick);
        if app.tick_changed {
            continue;
        }
        if event::poll(TICK)? {
            let action = match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    app.keymap.action(app.mode(), key)
                }
                Event::Paste(text) => Some(Action::Paste(text)),
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                _ => None,
            };
            if let Some(action) = action {
                app.update(action);
            }
        }
    }
}

/// Hidden switches for tests and benchmarks: what to do once the first frame is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AfterFirstFrame {
    Continue,
    /// `REFLECT_EXIT_AFTER_FIRST_FRAME`: exit cleanly (start-up benchmarks).
    Exit,
    /// `REFLECT_DEBUG_PANIC`: panic (the terminal must still be restored).
    Panic,
    /// `REFLECT_DEBUG_ERROR`: fail with an error (likewise).
    Fail,
}

impl AfterFirstFrame {
    fn from_env() -> AfterFirstFrame {
        let set = |name| std::env::var_os(name).is_some();
        if set("REFLECT_DEBUG_PANIC") {
            AfterFirstFrame::Panic
        } else if set("REFLECT_DEBUG_ERROR") {
            AfterFirstFrame::Fail
        } else if set("REFLECT_EXIT_AFTER_FIRST_FRAME") {
            AfterFirstFrame::Exit
        } else {
            AfterFirstFrame::Continue
        }
    }
}
