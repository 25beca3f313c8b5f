//! End to end: the real binary in a pseudo-terminal, driven as a person would.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use reflect::model::Rating;
use reflect::store;

mod support;
use support::parse_csv;

/// Somewhere to type into the terminal. Not portable-pty's writer: dropping
/// that types a newline and an end-of-file (Ctrl-J, Ctrl-D), which a test
/// of what the app keeps must not add to what its user typed.
fn plain_writer(master: &dyn MasterPty) -> std::fs::File {
    let fd = master
        .as_raw_fd()
        .expect("a pseudo-terminal has a descriptor");
    // SAFETY: the master outlives this borrow, which is only cloned.
    let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    std::fs::File::from(fd.try_clone_to_owned().expect("a copy of the descriptor"))
}

/// The binary running in a pseudo-terminal, its screen kept by a vt100 parser.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte reflect wrote to the terminal.
    raw: Arc<Mutex<Vec<u8>>>,
    /// The terminal's side of the pseudo-terminal, to resize it.
    master: Box<dyn MasterPty + Send>,
}

impl Session {
    fn start(home: &Path, args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_with(home, args, cols, rows, &[])
    }

    /// As [`Session::start`], with more environment variables set.
    fn start_with(
        home: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_reflect"));
        cmd.arg("--home");
        cmd.arg(home);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("REFLECT_HOME");
        cmd.env_remove("NO_COLOR");
        // No config of the machine's user: the defaults, or the test's own.
        cmd.env("REFLECT_CONFIG", home.join("config"));
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pty.slave.spawn_command(cmd).expect("reflect starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = Box::new(plain_writer(&*pty.master));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            rows.try_into().unwrap(),
            cols.try_into().unwrap(),
            0,
        )));
        let sink = Arc::clone(&screen);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        let master = pty.master;
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                raw_sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            child,
            writer,
            screen,
            raw,
            master,
        }
    }

    /// The terminal window resized: the app is told (SIGWINCH), and the
    /// screen kept here takes the new size.
    fn resize(&mut self, cols: u16, rows: u16) {
        self.screen
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows.try_into().unwrap(), cols.try_into().unwrap());
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        std::thread::sleep(Duration::from_millis(200));
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Wait until the screen shows `text`; fail with the screen if it never does.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "screen never showed {text:?}; it shows:\n{}",
            self.contents()
        );
    }

    /// Once the assessment shows, open the first theme and select its
    /// first standard.
    fn open_first_standard(&mut self) {
        self.wait_for("opened");
        self.send(ENTER);
        self.send(DOWN);
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let the app read each key on its own, so Esc is not taken for Alt.
        std::thread::sleep(Duration::from_millis(60));
    }

    fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "reflect did not exit:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The status line once a write is done ("saved 14:03:41"); the leading
/// space keeps "unsaved changes" from matching.
const SAVED: &str = " saved ";

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const TAB: &str = "\t";
const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";

#[test]
fn create_rate_annotate_quit_and_find_it_all_saved() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(home.path(), &[], 100, 30);
    s.wait_for("to choose");
    s.wait_for("Senior Leadership Development Framework");
    // Choose the framework (the first), type a name and a role, create.
    s.send(TAB);
    s.send("Ada Lovelace");
    s.send(TAB);
    s.send("Director of Place");
    s.send(ENTER);
    s.wait_for("Created");
    // Open the first theme, go to its first standard, rate it 4 at the first stage.
    s.send(ENTER);
    s.send(DOWN);
    s.send("4");
    s.wait_for(SAVED);
    // Next stage, rate 2; then write a note there.
    s.send(TAB);
    s.send("2");
    s.send("e");
    s.wait_for("Esc keeps it");
    s.send("Chaired the place board");
    s.send(ENTER);
    s.send("since May, with 12 partners");
    s.send(ESC);
    s.wait_for("1-5 rate");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);

    let path = home.path().join("assessments").join("ada-lovelace.ron");
    let a = store::load_assessment(&path).expect("the saved file loads");
    assert_eq!(a.person.name, "Ada Lovelace");
    assert_eq!(a.person.role, "Director of Place");
    let review = a.current();
    let (id, _) = review.marks.iter().next().expect("one standard marked");
    assert_eq!(review.rating(id, "knowledge"), Rating::Level(4));
    assert_eq!(review.rating(id, "experience"), Rating::Level(2));
    assert_eq!(
        review.mark(id, "experience").unwrap().note,
        "Chaired the place board\nsince May, with 12 partners"
    );

    // Reopening goes straight back to the same assessment.
    let mut again = Session::start(home.path(), &[], 100, 30);
    again.wait_for("Ada Lovelace, Director of Place");
    again.wait_for("2/168");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);

    // And the CSV export shows the rating and the note.
    let csv = export_csv(home.path(), &path);
    assert!(
        csv.contains("\"Chaired the place board\nsince May, with 12 partners\""),
        "{csv}"
    );
}

#[test]
fn a_broken_file_exits_2_with_its_position_and_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("broken.ron");
    std::fs::write(&path, "(\n  schema: 1,\n  framework: oops\n)\n").unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut s = Session::start(home.path(), &[path.to_str().unwrap()], 80, 24);
    assert_eq!(s.wait_exit(), 2);
    s.wait_for(&format!("{}:3:", path.display()));
    // Nothing was written over it.
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // The terminal never left the normal screen.
    assert!(!s.screen.lock().unwrap().screen().alternate_screen());
}

/// Run reflect on a new assessment with a debug switch that fails after the first frame.
fn fails_after_first_frame(switch: &str) -> (u32, String, bool, bool) {
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Pat Example");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_reflect"));
    cmd.arg("--home");
    cmd.arg(home.path());
    cmd.arg(&path);
    cmd.env("TERM", "xterm-256color");
    cmd.env(switch, "1");
    cmd.env("RUST_BACKTRACE", "0");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let collected = std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(24.try_into().unwrap(), 80.try_into().unwrap(), 0);
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
            raw.extend_from_slice(&buf[..n]);
        }
        (parser, raw)
    });
    let status = child.wait().unwrap();
    // The terminal's modes as the app left them: canonical input and echo back on.
    let termios = pty.master.get_termios().expect("termios of the pty");
    let cooked = termios
        .local_flags
        .contains(nix::sys::termios::LocalFlags::ICANON)
        && termios
            .local_flags
            .contains(nix::sys::termios::LocalFlags::ECHO);
    drop(pty.master);
    let (parser, raw) = collected.join().unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    // Bracketed paste was switched off again.
    let paste_off = raw.rfind("\x1b[?2004l") > raw.rfind("\x1b[?2004h");
    assert!(
        !parser.screen().alternate_screen(),
        "left in the alternate screen"
    );
    (
        status.exit_code(),
        parser.screen().contents(),
        cooked,
        paste_off,
    )
}

fn new_assessment(home: &Path, name: &str) -> std::path::PathBuf {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--home")
        .arg(home)
        .args(["new", "--framework", "senior-leadership", "--name", name])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::path::PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

#[test]
fn the_terminal_is_restored_after_a_panic() {
    let (code, screen, cooked, paste_off) = fails_after_first_frame("REFLECT_DEBUG_PANIC");
    assert_ne!(code, 0);
    assert!(screen.contains("deliberate panic"), "{screen}");
    assert!(cooked, "raw mode left on after a panic");
    assert!(paste_off, "bracketed paste left on after a panic");
}

#[test]
fn the_terminal_is_restored_after_an_error() {
    let (code, screen, cooked, paste_off) = fails_after_first_frame("REFLECT_DEBUG_ERROR");
    assert_eq!(code, 1);
    assert!(screen.contains("deliberate error"), "{screen}");
    assert!(cooked, "raw mode left on after an error");
    assert!(paste_off, "bracketed paste left on after an error");
}

#[test]
fn a_second_reflect_on_the_same_file_is_read_only_and_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Lee Example");
    let p = path.to_str().unwrap();
    let mut first = Session::start(home.path(), &[p], 100, 30);
    first.wait_for("opened");
    let mut second = Session::start(home.path(), &[p], 100, 30);
    second.wait_for("read-only: another reflect has this file open");
    let before = std::fs::read(&path).unwrap();
    // Try to rate and to write a note in the second: refused, nothing written.
    second.send(ENTER);
    second.send(DOWN);
    second.send("3");
    second.wait_for("read-only");
    second.send("e");
    second.send("q");
    assert_eq!(second.wait_exit(), 0);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // The first still edits as normal.
    first.send(ENTER);
    first.send(DOWN);
    first.send("3");
    first.wait_for(SAVED);
    first.send("q");
    assert_eq!(first.wait_exit(), 0);
    let a = store::load_assessment(&path).unwrap();
    assert_eq!(a.current().marks.len(), 1);
}

/// Typed fast (a terminal without bracketed paste, a typing tool), many
/// thousand keys arrive at once: every one is read at once, not 1,024 at a
/// time with the rest waiting for the next key press.
#[test]
fn thousands_of_keys_arriving_at_once_are_all_read_at_once() {
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Kim Example");
    let mut s = Session::start(home.path(), &[path.to_str().unwrap()], 100, 30);
    s.open_first_standard();
    s.send("e");
    s.wait_for("Esc keeps it");
    let typed: String = (0..600).map(|i| format!("word{i:04} ")).collect();
    assert!(typed.len() > 5_000);
    s.send(&typed);
    // The last word shows without another key being pressed.
    s.wait_for("word0599");
    s.send(ESC);
    s.wait_for(SAVED);
    let a = store::load_assessment(&path).unwrap();
    let (_, stages) = a.current().marks.iter().next().expect("a note was saved");
    assert_eq!(stages["knowledge"].note, typed);
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_long_bracketed_paste_goes_into_the_note_whole() {
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Kim Example");
    let mut s = Session::start(home.path(), &[path.to_str().unwrap()], 100, 30);
    s.open_first_standard();
    s.send("e");
    s.wait_for("Esc keeps it");
    // 40 KB across many lines, with tabs and wide characters, pasted at once.
    let line = "Partnership board\twith 日本語 and émoji 🙂, line";
    let pasted: Vec<String> = (0..800).map(|i| format!("{line} {i}")).collect();
    let text = pasted.join("\n");
    s.send(&format!("\x1b[200~{}\x1b[201~", pasted.join("\r")));
    s.send(ESC);
    s.wait_for(SAVED);
    // Written on leaving the editor, with reflect still running: "saved"
    // shows once the write is done.
    let a = store::load_assessment(&path).unwrap();
    let (_, stages) = a.current().marks.iter().next().expect("a note was saved");
    assert_eq!(stages["knowledge"].note, text);
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let a = store::load_assessment(&path).unwrap();
    let (_, stages) = a.current().marks.iter().next().expect("a note was saved");
    assert_eq!(stages["knowledge"].note, text);
}

#[test]
fn a_coaching_session_records_both_ratings_and_the_agreed_level() {
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Jo Leader");
    let mut s = Session::start(home.path(), &[path.to_str().unwrap()], 110, 34);
    s.wait_for("opened");
    // The self-rating: 4 on the first standard, first stage.
    s.send(ENTER);
    s.send(DOWN);
    s.send("4");
    s.wait_for(SAVED);
    // Session mode; add a coach, whose level the numbers then set.
    s.send("S");
    s.wait_for("Numbers rate: you");
    s.send("a");
    s.wait_for("Add someone rating with you");
    s.send("Sam Patel");
    s.send(ENTER);
    s.wait_for("Sam Patel (coach)");
    s.send("2");
    s.wait_for("2 levels apart");
    // r: to the agreed level; 3.
    s.send("r");
    s.send("3");
    s.wait_for("3 Developing");
    s.send(ESC);
    s.wait_for("Session ended");
    // The tree marks it discussed: a level was agreed.
    s.wait_for("✓");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);

    let csv = export_csv(home.path(), &path);
    let records = parse_csv(&csv);
    let header = &records[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} in {header:?}"))
    };
    let row = records[1..]
        .iter()
        .find(|r| r[col("level")] == "4")
        .expect("the self-rated row");
    assert_eq!(row[col("level")], "4");
    assert_eq!(row[col("coach_level")], "2");
    assert_eq!(row[col("agreed_level")], "3");
}

/// `reflect export FILE --format csv`, run as a user would.
fn export_csv(home: &Path, path: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--home")
        .arg(home)
        .arg("export")
        .arg(path)
        .args(["--format", "csv"])
        .env_remove("REFLECT_HOME")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Type a note and, within 100 ms of the last key, send `signal`: the
/// words are in the file, reflect exits with 128 + signal, and the
/// terminal is back out of the alternate screen.
fn a_signal_mid_note_keeps_the_words(signal: &str, number: u32) {
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Sig Example");
    let mut s = Session::start(home.path(), &[path.to_str().unwrap()], 100, 30);
    s.open_first_standard();
    s.send("e");
    s.wait_for("Esc keeps it");
    let words = format!("words typed just before {signal}");
    // All at once, with no pause after the last key.
    s.writer.write_all(words.as_bytes()).unwrap();
    s.writer.flush().unwrap();
    std::thread::sleep(Duration::from_millis(50));
    let pid = s.child.process_id().expect("a process id").to_string();
    let killed = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = s.wait_exit();
    assert_eq!(status, 128 + number, "{signal}: {}", s.contents());
    let a = store::load_assessment(&path).unwrap();
    let notes: Vec<&str> = a
        .current()
        .marks
        .values()
        .flat_map(|stages| stages.values().map(|m| m.note.as_str()))
        .collect();
    assert_eq!(
        notes,
        [words.as_str()],
        "{signal}: the note is not in the file"
    );
    std::thread::sleep(Duration::from_millis(100));
    let screen = s.screen.lock().unwrap();
    assert!(
        !screen.screen().alternate_screen(),
        "{signal}: left in the alternate screen"
    );
}

#[test]
fn sighup_mid_note_keeps_the_words() {
    a_signal_mid_note_keeps_the_words("HUP", 1);
}

#[test]
fn sigterm_mid_note_keeps_the_words() {
    a_signal_mid_note_keeps_the_words("TERM", 15);
}

#[test]
fn sigint_mid_note_keeps_the_words() {
    a_signal_mid_note_keeps_the_words("INT", 2);
}

#[test]
fn sigquit_mid_note_keeps_the_words() {
    a_signal_mid_note_keeps_the_words("QUIT", 3);
}

/// The terminal window closed while a note is being written: the
/// terminal itself goes (every handle on the pseudo-terminal's master is
/// closed, so reading it fails and the kernel sends SIGHUP). The words are
/// in the file, and reflect exits with 129 rather than spinning on.
#[test]
fn closing_the_window_mid_note_keeps_the_words_and_ends_reflect() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Win Example");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_reflect"));
    cmd.arg("--home");
    cmd.arg(home.path());
    cmd.arg(&path);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("REFLECT_HOME");
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = plain_writer(&*pty.master);
    let screen = Arc::new(Mutex::new(vt100::Parser::new(
        30.try_into().unwrap(),
        100.try_into().unwrap(),
        0,
    )));
    let stop = Arc::new(AtomicBool::new(false));
    let (sink, stopping) = (Arc::clone(&screen), Arc::clone(&stop));
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || stopping.load(Ordering::SeqCst) {
                break;
            }
            sink.lock().unwrap().process(&buf[..n]);
        }
        // The reader's handle on the terminal goes with it.
    });
    let wait_for = |text: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !screen.lock().unwrap().screen().contents().contains(text) {
            assert!(Instant::now() < deadline, "never showed {text:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let mut send = |keys: &str| {
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    };
    wait_for("opened");
    send(ENTER);
    send(DOWN);
    send("e");
    wait_for("Esc keeps it");
    send("typed as the window closed");
    wait_for("typed as the window closed");
    // Let the reader go (a resize makes the app draw, which wakes it),
    // then close the rest: the terminal is gone.
    stop.store(true, Ordering::SeqCst);
    pty.master
        .resize(PtySize {
            rows: 31,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    reading.join().unwrap();
    drop(writer);
    drop(pty.master);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("reflect did not end when its terminal went");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.exit_code(), 129, "{status:?}");
    let a = store::load_assessment(&path).unwrap();
    let notes: Vec<&str> = a
        .current()
        .marks
        .values()
        .flat_map(|stages| stages.values().map(|m| m.note.as_str()))
        .collect();
    assert_eq!(notes, ["typed as the window closed"]);
}

/// The parameters of every SGR sequence (`ESC [ ... m`) in `bytes`.
fn sgr_params(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == 0x1b && bytes[i + 1] == b'[' {
            let start = i + 2;
            let mut j = start;
            while j < bytes.len()
                && (bytes[j].is_ascii_digit() || bytes[j] == b';' || bytes[j] == b':')
            {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'm' {
                out.push(String::from_utf8_lossy(&bytes[start..j]).into_owned());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Under NO_COLOR reflect sends no colour at all, and what colour marked
/// is still marked: the selected row is reversed, the current stage and the
/// current level are reversed and bold.
#[test]
fn no_color_sends_no_colour_and_still_marks_the_selection_stage_and_level() {
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Mono Example");
    let mut s = Session::start_with(
        home.path(),
        &[path.to_str().unwrap()],
        100,
        30,
        &[("NO_COLOR", "1")],
    );
    s.open_first_standard();
    s.send("3");
    s.wait_for("unsaved changes");
    let raw = s.raw.lock().unwrap().clone();
    let params = sgr_params(&raw);
    let colour = |p: &str| {
        p.split(';').any(|n| {
            matches!(
                n.parse::<u16>(),
                Ok(30..=39 | 40..=49 | 90..=97 | 100..=107)
            )
        })
    };
    let coloured: Vec<&String> = params.iter().filter(|p| colour(p)).collect();
    assert!(coloured.is_empty(), "colour codes sent: {coloured:?}");
    assert!(
        params.iter().any(|p| p.split(';').any(|n| n == "7")),
        "nothing reversed"
    );
    assert!(
        params.iter().any(|p| p.split(';').any(|n| n == "1")),
        "nothing bold"
    );
    // The screen as the terminal has it: the marks are there.
    {
        let parser = s.screen.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        let mut reversed_rows = 0;
        let mut reversed_bold = 0;
        for y in 0..rows.get() {
            let mut row_reversed = false;
            for x in 0..cols.get() {
                if let Some(cell) = screen.cell(y, x)
                    && cell.inverse()
                {
                    row_reversed = true;
                    if cell.bold() {
                        reversed_bold += 1;
                    }
                }
            }
            reversed_rows += usize::from(row_reversed);
        }
        // The selected tree row, the stage tab and the level on the scale.
        assert!(
            reversed_rows >= 3,
            "{reversed_rows} rows with something reversed:\n{}",
            screen.contents()
        );
        assert!(reversed_bold > 0, "no current stage or level marked");
    }
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

/// A keys.ron that cannot be used: reflect starts with the default keys,
/// says so with PATH:LINE:COL, and says it again after the terminal is
/// restored, where it stays readable (the status line loses it at a key).
#[test]
fn a_broken_keys_file_starts_with_the_defaults_and_is_named_again_on_exit() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("keys.ron"),
        "{\n  browse: {\n    \"w\": Qit,\n  },\n}\n",
    )
    .unwrap();
    let path = new_assessment(home.path(), "Keys Example");
    let mut s = Session::start(home.path(), &[path.to_str().unwrap()], 200, 30);
    s.wait_for("Default keys in use");
    // Said in a box, whole, until read.
    s.wait_for("Your settings");
    s.send(ENTER);
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    std::thread::sleep(Duration::from_millis(200));
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).into_owned();
    let restored = raw.rfind("\x1b[?1049l").expect("the alternate screen left");
    let after = &raw[restored..];
    let at = format!("{}:3:", config.join("keys.ron").display());
    assert!(
        after.contains("Default keys in use") && after.contains(&at),
        "after restoring: {after:?}"
    );
}

/// A shell script as the user's editor: it records where it was given the
/// file and with what permissions, then does `body` to it.
fn editor_script(dir: &Path, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("my-editor.sh");
    let seen = dir.join("seen");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nprintf '%s %s\\n' \"$1\" \"$(stat -c %a \"$1\")\" > '{}'\n{body}\n",
            seen.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn shift_e_writes_the_note_in_your_own_editor_from_a_private_copy_in_the_home() {
    let home = tempfile::tempdir().unwrap();
    let scripts = tempfile::tempdir().unwrap();
    let editor = editor_script(scripts.path(), "printf 'from my editor\\n' >> \"$1\"");
    let path = new_assessment(home.path(), "Editor Example");
    let mut s = Session::start_with(
        home.path(),
        &[path.to_str().unwrap()],
        100,
        30,
        &[("VISUAL", editor.to_str().unwrap()), ("EDITOR", "false")],
    );
    s.open_first_standard();
    s.send("E");
    s.wait_for("Note saved from your editor");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let a = store::load_assessment(&path).unwrap();
    let mark = a
        .current()
        .marks
        .values()
        .next()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_eq!(mark.note, "from my editor");
    // The copy was inside reflect's home, readable by the owner only, and
    // is gone.
    let seen = std::fs::read_to_string(scripts.path().join("seen")).unwrap();
    let (file, mode) = seen.trim().rsplit_once(' ').unwrap();
    assert!(
        file.starts_with(&home.path().join("tmp").display().to_string()),
        "{seen}"
    );
    assert_eq!(mode, "600");
    assert!(!Path::new(file).exists(), "the copy is removed");
}

#[test]
fn an_editor_that_fails_or_changes_nothing_changes_nothing() {
    for (body, said) in [
        (
            "printf 'half written' >> \"$1\"; exit 1",
            "ended with an error (status 1)",
        ),
        // The command the shell is given cannot be found: said so.
        ("exec /no/such/editor \"$1\"", "Could not start your editor"),
        ("true", "The note is unchanged"),
    ] {
        let home = tempfile::tempdir().unwrap();
        let scripts = tempfile::tempdir().unwrap();
        let editor = editor_script(scripts.path(), body);
        let path = new_assessment(home.path(), "Editor Example");
        let before = std::fs::read(&path).unwrap();
        let mut s = Session::start_with(
            home.path(),
            &[path.to_str().unwrap()],
            100,
            30,
            &[("VISUAL", editor.to_str().unwrap())],
        );
        s.open_first_standard();
        s.send("E");
        s.wait_for(said);
        s.send("q");
        assert_eq!(s.wait_exit(), 0);
        assert_eq!(std::fs::read(&path).unwrap(), before, "{body}");
    }
}

/// An SGR mouse report: a press (`M`) or release (`m`) of `button` at
/// 1-based (col, row).
fn sgr(button: u8, col: u16, row: u16) -> String {
    format!("\x1b[<{button};{col};{row}M")
}

#[test]
fn the_mouse_selects_opens_and_scrolls_and_can_be_turned_off() {
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Mouse Example");
    let mut s = Session::start(home.path(), &[path.to_str().unwrap()], 100, 30);
    s.wait_for("opened");
    // Row 3 of the screen (1-based: the header, the border, the framework)
    // is the first theme: a click opens it.
    assert!(!s.contents().contains("Thinks whole system"));
    s.send(&sgr(0, 10, 4));
    s.send(&sgr(0, 10, 4).replace('M', "m"));
    s.wait_for("Thinks whole system");
    // A click on a standard selects it: the detail shows it.
    s.send(&sgr(0, 20, 5));
    s.wait_for("Standard ─");
    // The wheel over the tree moves down it, three rows a turn (where the
    // selection ends is kept in state.ron on quitting).
    s.send(&sgr(65, 20, 10));
    // M turns the mouse off: the terminal is told so, and clicks do nothing.
    let before = s.raw.lock().unwrap().len();
    s.send("M");
    s.wait_for("Mouse off");
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()[before..]).into_owned();
    assert!(raw.contains("\x1b[?1000l"), "mouse capture not turned off");
    s.send(&sgr(0, 10, 3));
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    let state = std::fs::read_to_string(home.path().join("state.ron")).unwrap();
    assert!(state.contains("\"sl.place.4\""), "{state}");
}

/// Made smaller while a long note is being written, the editor keeps the
/// cursor's line and the text around it in view.
#[test]
fn resizing_in_the_editor_keeps_the_cursor_in_view() {
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Resize Example");
    let mut s = Session::start(home.path(), &[path.to_str().unwrap()], 120, 40);
    s.open_first_standard();
    s.send("e");
    let note: String = (1..=80).map(|i| format!("line number {i}\r")).collect();
    s.send(&format!("\x1b[200~{note}\x1b[201~"));
    s.wait_for("line number 80");
    // Up to line 50, then the window shrinks to the smallest usable size.
    for _ in 0..31 {
        s.send(UP);
    }
    s.wait_for("line number 50");
    s.resize(40, 12);
    s.wait_for("line number 50");
    let screen = s.contents();
    let shown = (40..=60)
        .filter(|i| {
            screen.contains(&format!("line number {i}\n"))
                || screen.contains(&format!("line number {i} "))
        })
        .count();
    assert!(
        shown >= 3,
        "at least three lines of the note show:\n{screen}"
    );
    s.send(ESC);
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

/// The leader's path through the plan, in the app alone: proposals, two
/// priorities pinned, an offer made an action, an objective agreed with
/// the Leader, a session's next step made an action and then done with
/// evidence, the review closed, and the new review's plan saying what was
/// planned and what was done.
#[test]
fn a_leader_turns_ratings_into_a_plan_and_sees_it_at_the_next_review() {
    let home = tempfile::tempdir().unwrap();
    let path = new_assessment(home.path(), "Jo Leader");
    let mut s = Session::start(home.path(), &[path.to_str().unwrap()], 110, 34);
    // Levels at acquiring knowledge: the first theme 4 and 1 (2.5), the
    // second 1, the third 5.
    s.open_first_standard();
    s.send("4");
    s.send(DOWN);
    s.send("1");
    for keys in [
        [UP, UP, "h", DOWN, ENTER, DOWN, "1"],
        [UP, "h", DOWN, ENTER, DOWN, "5", ""],
    ] {
        for k in keys {
            s.send(k);
        }
    }
    s.wait_for(SAVED);
    // A coaching session's agreed next step, made an action in one key.
    s.send("S");
    s.wait_for("Numbers rate: you");
    s.send("t");
    s.send("Shadow the chief executive at cabinet");
    s.send(ESC);
    s.send("A");
    s.wait_for("Added A1");
    s.send(ESC);
    s.wait_for("Session ended");
    // The plan proposes; pin the two priorities.
    s.send("P");
    s.wait_for("Strengths and priorities");
    s.wait_for("among your highest");
    let screen = s.contents();
    assert_eq!(screen.matches(" ○ priority").count(), 2, "{screen}");
    s.send(DOWN);
    s.send("p");
    s.send(DOWN);
    s.send("p");
    s.wait_for("● priority Navigating politics");
    let screen = s.contents();
    assert_eq!(screen.matches(" ● priority").count(), 2, "{screen}");
    // Offers that serve the second; the first made an action.
    s.send("O");
    s.wait_for("Development offers");
    s.send(ENTER);
    s.wait_for("A new development action");
    s.send(ENTER);
    s.wait_for("Added A2");
    // The Leader, added from the plan; an objective agreed with them.
    s.send("w");
    s.wait_for("Who rates");
    s.send("a");
    s.send(DOWN);
    s.send(DOWN);
    s.send("Cllr Ada Jones");
    s.send(ENTER);
    s.wait_for("Cllr Ada Jones");
    s.send(ESC);
    s.send("o");
    s.wait_for("A new objective");
    s.send("Adopt the place strategy");
    for _ in 0..4 {
        s.send(TAB);
    }
    s.send("\x1b[C"); // right: the Leader
    s.send(TAB);
    s.send(TAB);
    s.send("2099-03-31");
    s.send(ENTER);
    s.wait_for("O1 Adopt the place strategy");
    // The next step's action: in progress, then done with evidence.
    s.send("G");
    let screen = s.contents();
    assert!(screen.contains("▸"), "{screen}");
    for _ in 0..10 {
        if s.contents()
            .lines()
            .any(|l| l.contains('▸') && l.contains("A1 Shadow"))
        {
            break;
        }
        s.send(UP);
    }
    s.send("s");
    s.wait_for("in progress");
    s.send("s");
    s.send("Two cabinets shadowed; notes with my coach");
    s.send(ENTER);
    s.wait_for("done since");
    // Close the review: a new one, and the plan says what became of it.
    s.send(ESC);
    s.send("R");
    s.send("\x15"); // Ctrl-U: empty the suggested title
    s.send("Spring 2027 review");
    s.send(ENTER);
    s.send(ENTER);
    s.send("y");
    s.wait_for("Spring 2027 review");
    s.send("P");
    s.wait_for("Since \"December 2026 review\" closed");
    let screen = s.contents();
    assert!(
        screen.contains("A1 Shadow the chief executive at cabinet: done then, done now"),
        "{screen}"
    );
    assert!(
        screen.contains("O1 Adopt the place strategy: planned then"),
        "{screen}"
    );
    assert!(screen.contains("(pinned, carried)"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);

    // And the file holds it all.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--home")
        .arg(home.path())
        .arg("plan")
        .arg(&path)
        .arg("--json")
        .env_remove("REFLECT_HOME")
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = json.to_string();
    assert!(text.contains("Two cabinets shadowed"), "{text}");
    assert!(text.contains("\"leader\""), "{text}");
    assert!(text.contains("lga-solace.executive-coaching"), "{text}");
}

/// Run `reflect ARGS...` with `home`, and its standard output.
fn run_ok(home: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--home")
        .arg(home)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_coach_rates_a_sheet_in_their_own_home_and_the_leader_merges_it_and_sees_the_flag() {
    let leader = tempfile::tempdir().unwrap();
    let coach = tempfile::tempdir().unwrap();
    let path = new_assessment(leader.path(), "Jo Leader");
    // The leader rates the first standard 4.
    let mut s = Session::start(leader.path(), &[path.to_str().unwrap()], 100, 30);
    s.open_first_standard();
    s.send("4");
    s.wait_for(SAVED);
    s.send("q");
    assert_eq!(s.wait_exit(), 0);

    let written = run_ok(
        leader.path(),
        &[
            "sheet",
            path.to_str().unwrap(),
            "--rater",
            "coach",
            "--name",
            "Sam Patel",
        ],
    );
    let sheet = std::path::PathBuf::from(written.lines().next().unwrap());
    // On "another machine": the coach's own home, the sheet sent to them.
    let theirs = coach.path().join("sheet-from-jo.ron");
    std::fs::copy(&sheet, &theirs).unwrap();
    let mut c = Session::start(coach.path(), &[theirs.to_str().unwrap()], 100, 30);
    c.wait_for("SHEET: Sam Patel (coach) rating Jo Leader");
    c.send(ENTER);
    c.send(DOWN);
    c.send("1");
    c.wait_for(SAVED);
    c.send("q");
    assert_eq!(c.wait_exit(), 0);

    let merged = run_ok(
        leader.path(),
        &[
            "merge",
            path.to_str().unwrap(),
            theirs.to_str().unwrap(),
            "--yes",
        ],
    );
    assert!(
        merged.contains("1 level and 0 notes from Sam Patel (coach)"),
        "{merged}"
    );
    // The leader opens it: three levels apart, flagged to discuss.
    let mut again = Session::start(leader.path(), &[path.to_str().unwrap()], 100, 30);
    again.wait_for("opened");
    // Reopened where the leader was: the standard, its level and the flag.
    again.wait_for("4 · · ⚑");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);
}
