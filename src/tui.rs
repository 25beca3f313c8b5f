//! The terminal session: read events, map keys to actions, update, draw.

use std::io::{Write, stdout};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use anyhow::Result;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};

use signal_hook::iterator::Signals;

use crate::app::{Action, App, Clock};
use crate::settings::Settings;
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
/// and on panic (a hook of ours, silent when there is no terminal left).
///
/// On SIGHUP, SIGTERM, SIGINT or SIGQUIT a thread of its own waits for the
/// app between two keys (the app is behind a lock the event loop holds only
/// while it updates and draws, never while it waits for input), writes
/// everything unsaved as quitting does (the note being written included; a
/// rescue or conflict copy if the file cannot be written), puts the terminal
/// back where there still is one, and exits with 128 + the signal. It does
/// not rely on the event loop: when the window is closed, reading the
/// terminal can spin without returning (crossterm #793).
///
/// Reading or drawing on the terminal failing (it is gone: the window was
/// closed) is taken as the hang-up it is: everything is written, and
/// `Ok(Some(SIGHUP))` says to exit as the signal would.
pub fn run(home: Home, doc: Option<Document>, settings: Settings) -> Result<Option<i32>> {
    run_with(home, doc, settings, |_| {})
}

/// The cohort screen on `view` (`reflect cohort` on a terminal).
pub fn run_cohort(
    home: Home,
    view: crate::report::cohort::CohortView,
    settings: Settings,
) -> Result<Option<i32>> {
    let screen = crate::app::screens::cohort::CohortScreen::new(view);
    run_with(home, None, settings, |app| {
        app.screen = crate::app::Screen::Cohort(Box::new(screen));
    })
}

/// [`run`], with `setup` done to the app before the first frame (the
/// cohort screen put in place).
fn run_with(
    home: Home,
    doc: Option<Document>,
    settings: Settings,
    setup: impl FnOnce(&mut App),
) -> Result<Option<i32>> {
    let mut app = App::new(home, doc, Clock::System);
    setup(&mut app);
    app.keymap = settings.keymap;
    app.theme = settings.theme;
    app.pack_template = settings.pack_template.clone();
    if !settings.notes.is_empty() {
        // In a box, whole, until read: the status line would cut a long
        // path and lose it at the first key.
        app.overlay = Some(settings_box(settings.notes.clone()));
    }
    let config_notes = settings.notes.clone();
    app.mouse = settings.mouse;
    app.save_in_background();
    let app = Arc::new(Mutex::new(app));
    // Registered before anything can be typed.
    let mut signals = Signals::new(ENDING)?;
    let shared = Arc::clone(&app);
    std::thread::Builder::new()
        .name("reflect-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                end_on_signal(&shared, signal);
            }
        })?;
    // Not ratatui's own hook and restore: they report a failure to put
    // the terminal back with `eprintln!`, which panics when the window is
    // gone, and a panic in a panic hook aborts.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_silently();
        previous(info);
    }));
    // Never dropped: ratatui's `Terminal` shows the cursor again when it
    // is, and reports failing to (no terminal left) with `eprintln!`, which
    // panics. `restore_silently` shows it.
    let mut terminal = std::mem::ManuallyDrop::new(start_terminal().map_err(|e| {
        restore_silently();
        anyhow::anyhow!("cannot start the terminal: {e}")
    })?);
    set_mouse(lock(&app).mouse);
    let result = event_loop(&app, &mut terminal);
    {
        let mut app = lock(&app);
        if !app.quit {
            // The terminal is gone (reading it failed): the words first.
            app.shut_down();
        }
    }
    restore_silently();
    if let Some(note) = &lock(&app).exit_note {
        print_note(note);
    }
    // The status line said it once, gone at the next key: say it again
    // where it stays (`reflect keys` checks the files too).
    for note in &config_notes {
        print_note(&format!("reflect: {note}"));
    }
    match result {
        Err(e) if e.downcast_ref::<std::io::Error>().is_some() => {
            Ok(Some(signal_hook::consts::SIGHUP))
        }
        Err(e) => Err(e),
        Ok(()) => Ok(None),
    }
}

/// Raw mode, the alternate screen and bracketed paste, as ratatui's `init`
/// does but without its panic hook.
fn start_terminal() -> std::io::Result<DefaultTerminal> {
    terminal::enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))
}

/// Put the terminal back where there still is one; with the window closed
/// there is none, and that is no error worth reporting.
fn restore_silently() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

fn lock(app: &Mutex<App>) -> MutexGuard<'_, App> {
    app.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Paths and messages may hold what a file said: printed with no escapes.
fn print_note(note: &str) {
    let note = crate::report::table::printable(note, true);
    let _ = writeln!(std::io::stderr(), "{note}");
}

/// A signal came: once the app is between two keys, write everything,
/// restore the terminal and exit with 128 + `signal`.
fn end_on_signal(app: &Mutex<App>, signal: i32) -> ! {
    let mut app = lock(app);
    if !app.quit {
        app.shut_down();
    }
    restore_silently();
    if let Some(note) = &app.exit_note {
        print_note(note);
    }
    let what = if app.exit_note.is_some() {
        "what you had written is kept as said above"
    } else {
        "everything was saved first"
    };
    print_note(&format!(
        "reflect: ended by {}; {what}",
        signal_name(signal)
    ));
    std::process::exit(128 + signal)
}

fn event_loop(app: &Mutex<App>, terminal: &mut DefaultTerminal) -> Result<()> {
    let size = terminal.size()?;
    lock(app).update(Action::Resize(size.width, size.height));
    let after_first = AfterFirstFrame::from_env();
    if after_first != AfterFirstFrame::Continue {
        let app = lock(app);
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
        {
            let mut app = lock(app);
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
        }
        // Waiting for input, the app is not held: a signal can end it.
        if event::poll(TICK)? {
            let event = event::read()?;
            let mut held = lock(app);
            let app_now = &mut *held;
            let action = match event {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    app_now.keymap.action(app_now.mode(), key)
                }
                Event::Paste(text) => Some(Action::Paste(text)),
                Event::Mouse(mouse) => match mouse.kind {
                    MouseEventKind::Down(MouseButton::Left) => {
                        Some(Action::Click(mouse.column, mouse.row))
                    }
                    MouseEventKind::ScrollDown => {
                        Some(Action::Wheel(mouse.column, mouse.row, true))
                    }
                    MouseEventKind::ScrollUp => Some(Action::Wheel(mouse.column, mouse.row, false)),
                    _ => None,
                },
                Event::Resize(w, h) => Some(Action::Resize(w, h)),
                _ => None,
            };
            if let Some(action) = action {
                let mouse = app_now.mouse;
                app_now.update(action);
                if app_now.mouse != mouse {
                    set_mouse(app_now.mouse);
                }
            }
            // A note to write in the user's own editor: the terminal is
            // theirs until it closes (the app is not held meanwhile).
            let edit = app_now
                .external_edit
                .clone()
                .map(|edit| (app_now.home.clone(), edit));
            drop(held);
            if let Some((home, edit)) = edit {
                let written = own_editor(&home, &edit.text, terminal);
                let mut app = lock(app);
                set_mouse(app.mouse);
                app.update(Action::Edited(written));
            }
        }
    }
}

/// Hand the terminal to `$VISUAL` (else `$EDITOR`, else `vi`) on a private
/// copy of `text` in reflect's home, and take it back: the text it left,
/// or why there is none. The copy is removed.
fn own_editor(
    home: &Home,
    text: &str,
    terminal: &mut DefaultTerminal,
) -> std::result::Result<String, String> {
    let path = home
        .scratch_file(text)
        .map_err(|e| format!("No copy of the note could be made for your editor ({e})"))?;
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    restore_silently();
    // The editor's command may hold arguments ("code --wait"): the shell
    // splits it, and the file is passed as one argument whatever its name.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("reflect")
        .arg(&path)
        .status();
    // Named short, by its program's name: the status line has little room.
    let name = editor
        .split_whitespace()
        .next()
        .and_then(|w| std::path::Path::new(w).file_name())
        .map_or_else(|| editor.clone(), |n| n.to_string_lossy().into_owned());
    // The shell says 127 when it cannot find the command, 126 when it
    // cannot run it.
    let written = match status.map(|s| (s.success(), s.code())) {
        Ok((true, _)) => home
            .read_scratch(&path)
            .map_err(|e| format!("What your editor wrote could not be read ({e})")),
        Ok((false, Some(126 | 127))) | Err(_) => Err(format!(
            "Could not start your editor, {name} (set $VISUAL or $EDITOR)"
        )),
        Ok((false, code)) => Err(format!(
            "Your editor, {name}, ended with an error{}",
            code.map_or(String::new(), |c| format!(" (status {c})"))
        )),
    };
    let _ = std::fs::remove_file(&path);
    let _ = terminal::enable_raw_mode();
    let _ = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste);
    let _ = terminal.clear();
    written
}

/// Read the mouse, or leave it to the terminal (to select text to copy).
fn set_mouse(on: bool) {
    let _ = if on {
        execute!(stdout(), EnableMouseCapture)
    } else {
        execute!(stdout(), DisableMouseCapture)
    };
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

/// The box that says which of the user's settings files could not be used.
fn settings_box(problems: Vec<String>) -> crate::app::Overlay {
    crate::app::Overlay::Confirm(crate::app::Confirm::Settings { problems })
}
