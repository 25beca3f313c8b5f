//! The terminal session: read events, map keys to actions, update, draw.

use std::io::{Write, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
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

/// The signals that end reflect as quitting does, everything written first:
/// closing the terminal window (SIGHUP), `kill` (SIGTERM), an interrupt sent
/// from outside (SIGINT: in the app, Ctrl-c is a key) and SIGQUIT.
const ENDING: [i32; 4] = [
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// `SIGTERM` for 15, and so on, for messages.
pub fn signal_name(signal: i32) -> &'static str {
    match signal {
        signal_hook::consts::SIGHUP => "SIGHUP (the terminal was closed)",
        signal_hook::consts::SIGTERM => "SIGTERM",
        signal_hook::consts::SIGINT => "SIGINT",
        signal_hook::consts::SIGQUIT => "SIGQUIT",
        _ => "a signal",
    }
}

/// Run the app until the user quits. `doc` is the assessment to open, or
/// `None` for the start screen. The terminal is restored on return, on error
/// and on panic (ratatui's hook, which also runs ours to end bracketed paste).
///
/// On SIGHUP, SIGTERM, SIGINT or SIGQUIT everything unsaved (the note being
/// written included) is written as on quit, a rescue or conflict copy if
/// the file cannot be, and `Ok(Some(signal))` is returned so the process
/// exits with 128 + signal. A lost terminal (reading it fails) also saves
/// everything before the error is returned.
pub fn run(home: Home, doc: Option<Document>) -> Result<Option<i32>> {
    // Registered before anything can be typed: from here on these signals
    // only set the flag, which the event loop reads.
    let caught = Arc::new(AtomicUsize::new(0));
    for signal in ENDING {
        signal_hook::flag::register_usize(signal, Arc::clone(&caught), signal as usize)?;
    }
    let mut app = App::new(home, doc, Clock::System);
    app.save_in_background();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        previous(info);
    }));
    let result = ratatui::run(|terminal| {
        execute!(stdout(), EnableBracketedPaste)?;
        let result = event_loop(&mut app, terminal, &caught);
        if !app.quit {
            // A signal, or the terminal gone: the words first.
            app.shut_down();
        }
        let _ = execute!(stdout(), DisableBracketedPaste);
        result
    });
    if let Some(note) = &app.exit_note {
        // Paths and messages may hold what a file said: no escapes.
        let note = crate::report::table::printable(note, true);
        let _ = writeln!(std::io::stderr(), "{note}");
    }
    result?;
    Ok(match caught.load(Ordering::SeqCst) {
        0 => None,
        signal => i32::try_from(signal).ok(),
    })
}

fn event_loop(app: &mut App, terminal: &mut DefaultTerminal, caught: &AtomicUsize) -> Result<()> {
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
        if caught.load(Ordering::SeqCst) != 0 {
            return Ok(());
        }
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
        if caught.load(Ordering::SeqCst) != 0 {
            return Ok(());
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
