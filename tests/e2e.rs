//! End to end: the real binary in a pseudo-terminal, driven as a person would.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

use reflect::model::Rating;
use reflect::store;

/// The binary running in a pseudo-terminal, its screen kept by a vt100 parser.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
}

impl Session {
    fn start(home: &Path, args: &[&str], cols: u16, rows: u16) -> Session {
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
        let child = pty.slave.spawn_command(cmd).expect("reflect starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            rows.try_into().unwrap(),
            cols.try_into().unwrap(),
            0,
        )));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        Session {
            child,
            writer,
            screen,
        }
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

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const TAB: &str = "\t";
const DOWN: &str = "\x1b[B";

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
    s.wait_for("saved");
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
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--home")
        .arg(home.path())
        .args(["export"])
        .arg(&path)
        .args(["--format", "csv"])
        .env_remove("REFLECT_HOME")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
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
