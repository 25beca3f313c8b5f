//! Synthetic data for whole-process measurements, and single scenarios to
//! profile. See BENCHMARKS.md.
//!
//! ```sh
//! # Write <home>/frameworks/synthetic-10000.ron and
//! # <home>/assessments/sam-synthetic-10000.ron (and make it the recent file).
//! cargo run --release --example synth -- write 10000 /tmp/reflect-10k
//!
//! # A bundled framework's assessment, filled the same way, as the recent file.
//! cargo run --release --example synth -- filled senior-leadership /tmp/reflect-sl
//!
//! # What the binary does up to its first frame, through the library: read
//! # and parse the framework file, load the assessment, build the app, draw
//! # one 200x60 frame. For peak memory: /usr/bin/time -v ... open ...
//! cargo run --release --example synth -- open 10000 /tmp/reflect-10k
//!
//! # Repeat one scenario, for callgrind or perf. The repeated part is the
//! # function `measured`, so `--toggle-collect='*measured*'` counts only it.
//! cargo run --release --example synth -- profile draw 10000 100
//!
//! # Type CHARS characters into a note, one every INTERVAL_MS, as the
//! # terminal loop does (key, update, tick, frame): how many durable
//! # writes that makes, and how long each keystroke takes.
//! cargo run --release --example synth -- typing 10000 100 100
//! ```
//!
//! Scenarios: load, save, docsave, to_ron, parse, draw, move, level,
//! level_nosave, type, summary, csv. `save` is the free function
//! `save_assessment` (no memory of the file: it checks the file on disk
//! every time); `docsave` is the app's own save, `Document::save` on a
//! document opened with `store::open` in a home (lock, dated backups).

#[path = "../benches/support/synth.rs"]
mod synth;

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use reflect::app::{Action, App, Clock, Node, Screen};
use reflect::model::{Assessment, Framework, Rating};
use reflect::report;
use reflect::store::{self, Document, Home, load_assessment, parse_ron, save_assessment, to_ron};
use reflect::ui::layout::Areas;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["write", n, home] => write(n.parse().expect("a number of standards"), Path::new(home)),
        ["filled", id, home] => filled(id, Path::new(home)),
        ["cohort", n, home] => cohort(n.parse().expect("a number of people"), Path::new(home)),
        ["typing", n, interval_ms, chars] => typing(
            n.parse().expect("a number of standards"),
            interval_ms.parse().expect("milliseconds between keys"),
            chars.parse().expect("a number of characters"),
        ),
        ["open", n, home] => open(n.parse().expect("a number of standards"), Path::new(home)),
        ["profile", scenario, n, iters] => profile(
            scenario,
            n.parse().expect("a number of standards"),
            iters.parse().expect("a number of iterations"),
        ),
        _ => {
            eprintln!(
                "usage: synth write N HOME | synth filled ID HOME | synth cohort N HOME | \
                 synth open N HOME | \
                 synth profile SCENARIO N ITERS | \
                 synth typing N INTERVAL_MS CHARS"
            );
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn framework_path(home: &Path, n: usize) -> PathBuf {
    home.join("frameworks")
        .join(format!("{}.ron", synth::framework_id(n)))
}

fn assessment_path(home: &Path, n: usize) -> PathBuf {
    home.join("assessments")
        .join(format!("sam-synthetic-{n}.ron"))
}

/// Save as the app does: closed reviews go to files of their own beside
/// `path`. Returns the assessment naming them.
fn save_as_app(path: &Path, assessment: Assessment, framework: &Framework) -> Assessment {
    let mut doc = Document::detached(path, assessment, framework.clone());
    doc.save().unwrap();
    doc.assessment
}

fn write(n: usize, home: &Path) {
    let started = Instant::now();
    let framework = synth::framework(n);
    let assessment = synth::assessment(&framework);
    let generated = started.elapsed();
    let h = Home::at(home);
    h.ensure().expect("the home folder");
    let fw_path = framework_path(home, n);
    fs::create_dir_all(fw_path.parent().unwrap()).unwrap();
    fs::write(&fw_path, to_ron(&framework).unwrap()).unwrap();
    let path = assessment_path(home, n);
    let assessment = save_as_app(&path, assessment, &framework);
    h.set_recent(&path).unwrap();
    println!(
        "{n} standards in {} themes, {} marks (generated in {generated:.1?})\n{} {} bytes\n{} {} bytes",
        framework.themes.len(),
        synth::mark_count(&assessment),
        fw_path.display(),
        fs::metadata(&fw_path).unwrap().len(),
        path.display(),
        fs::metadata(&path).unwrap().len(),
    );
}

/// A bundled framework's assessment filled like the synthetic ones (five
/// reviews, everything rated, 200-character notes), made the recent file.
fn filled(id: &str, home: &Path) {
    let framework = reflect::format::framework::by_id(id)
        .expect("the bundled framework parses")
        .expect("a bundled framework id");
    let assessment = synth::assessment(&framework);
    let h = Home::at(home);
    h.ensure().expect("the home folder");
    let path = home.join("assessments").join(format!("filled-{id}.ron"));
    let assessment = save_as_app(&path, assessment, &framework);
    h.set_recent(&path).unwrap();
    println!(
        "{} {} bytes, {} marks",
        path.display(),
        fs::metadata(&path).unwrap().len(),
        synth::mark_count(&assessment)
    );
}

/// A cohort of `n` Senior Leadership members: `<home>/assessments/`
/// holds each one's filled assessment (five reviews, every pair rated,
/// 200-character notes, one file each), and `<home>/shares/` each one's
/// cohort share (one to five reviews, every other one named).
fn cohort(n: usize, home: &Path) {
    let framework = reflect::format::framework::by_id("senior-leadership")
        .expect("the bundled framework parses")
        .expect("a bundled framework id");
    let h = Home::at(home);
    h.ensure().expect("the home folder");
    let shares = h.ensure_shares().expect("the shares folder");
    let (mut assessment_bytes, mut share_bytes) = (0, 0);
    for i in 0..n {
        let mut a = synth::cohort_member(&framework, i);
        a.settle_schema();
        let text = to_ron(&a).unwrap();
        assessment_bytes += text.len();
        fs::write(
            home.join("assessments").join(format!("member-{i:04}.ron")),
            text,
        )
        .unwrap();
        let level = reflect::model::share::RoleLevel::guess(&a.framework.id, &a.person.role);
        let keep = 1 + i % a.reviews.len();
        a.reviews.drain(..a.reviews.len() - keep);
        let share =
            reflect::model::share::share_of(&a, a.person_id.as_deref().unwrap(), i % 2 == 0, level);
        let text = to_ron(&share).unwrap();
        share_bytes += text.len();
        fs::write(shares.join(format!("member-{i:04}.ron")), text).unwrap();
    }
    println!(
        "{n} assessments in {} ({} MB), {n} shares in {} ({} MB)",
        home.join("assessments").display(),
        assessment_bytes / 1_000_000,
        shares.display(),
        share_bytes / 1_000_000
    );
}

/// The binary's way to its first frame, through the library, timed by
/// phase: `store::open` (framework, assessment file, lock; the closed
/// reviews start being read on another thread), the app, the first frame;
/// then how long until the closed reviews are in.
fn open(n: usize, home: &Path) {
    let h = Home::at(home);
    let path = assessment_path(home, n);
    let t0 = Instant::now();
    let doc = store::open(&h, &path).expect("run `synth write` first");
    let t1 = Instant::now();
    let mut app = App::new(h, Some(doc), Clock::System);
    app.save_in_background();
    app.update(Action::Resize(WIDTH, HEIGHT));
    let t2 = Instant::now();
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(&app, frame.area()))
        .unwrap();
    let t3 = Instant::now();
    let Screen::Assess(ws) = &mut app.screen else {
        unreachable!("the app opens on the document")
    };
    let arrived = ws.doc.load_earlier_now().expect("the closed reviews read");
    let t4 = Instant::now();
    println!(
        "open (framework + assessment file + lock) {:.1?}, app {:.1?}, first frame {:.1?}, \
         total to the first frame {:.1?}; closed reviews in {:.1?} after the first frame \
         ({} reviews{})",
        t1 - t0,
        t2 - t1,
        t3 - t2,
        t3 - t0,
        t4 - t3,
        ws.doc.assessment.reviews.len(),
        if arrived.is_none() {
            ", the closed ones were in before the first frame"
        } else {
            ""
        },
    );
    // Like the binary, exit without tidying up: the process ends here.
    std::mem::forget(app);
}

struct Setup {
    _dir: tempfile::TempDir,
    path: PathBuf,
    framework: Framework,
    assessment: Assessment,
    app: App,
    terminal: Terminal<TestBackend>,
    /// For `docsave`: the assessment opened as the app opens it.
    doc: Option<Document>,
}

fn setup(n: usize, save_to_folder: bool) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let framework = synth::framework(n);
    let assessment = synth::assessment(&framework);
    let path = dir.path().join("sam.ron");
    let assessment = save_as_app(&path, assessment, &framework);
    fs::write(
        path.with_extension("framework"),
        to_ron(&framework).unwrap(),
    )
    .unwrap();
    // A folder as the document's path: its save fails at once (no write).
    let doc_path = if save_to_folder {
        dir.path().to_path_buf()
    } else {
        path.clone()
    };
    let doc = Document::detached(&doc_path, assessment.clone(), framework.clone());
    let mut app = App::new(
        Home::at(dir.path()),
        Some(doc),
        Clock::Fixed("12:00:00".into()),
    );
    app.update(Action::Resize(WIDTH, HEIGHT));
    let rows = usize::from(Areas::new(app.size).tree_rows());
    if let Screen::Assess(ws) = &mut app.screen {
        ws.tree.open_all(&ws.doc.framework);
        let middle = ws.tree.rows().len() / 2;
        let standard = (middle..ws.tree.rows().len())
            .find(|&i| matches!(ws.tree.rows()[i], Node::Standard { .. }))
            .unwrap();
        ws.tree.select_index(standard, rows);
    }
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(&app, frame.area()))
        .unwrap();
    Setup {
        _dir: dir,
        path,
        framework,
        assessment,
        app,
        terminal,
        doc: None,
    }
}

/// The document as the binary opens it: a home with the synthetic
/// framework in `<home>/frameworks`, the assessment in `<home>/assessments`,
/// opened with `store::open` (lock, dated backups in `<home>/backups`).
fn open_in_home(s: &Setup) -> Document {
    let home = Home::at(s._dir.path().join("home"));
    home.ensure().unwrap();
    fs::create_dir_all(home.frameworks_dir()).unwrap();
    fs::write(
        home.frameworks_dir()
            .join(format!("{}.ron", s.framework.id)),
        to_ron(&s.framework).unwrap(),
    )
    .unwrap();
    let path = home.assessments_dir().join("sam.ron");
    let mut complete = s.assessment.clone();
    complete.earlier.clear();
    save_as_app(&path, complete, &s.framework);
    let doc = store::open(&home, &path).unwrap();
    assert!(doc.holds_lock() && doc.read_only.is_none());
    doc
}

/// Typing at a steady pace through the real update loop's steps.
fn typing(n: usize, interval_ms: u64, chars: usize) {
    use std::os::unix::fs::MetadataExt as _;
    let mut s = setup(n, false);
    s.app.clock = Clock::System;
    s.app.save_in_background();
    press(&mut s, KeyCode::Char('e'));
    assert!(s.app.workspace().unwrap().editor.is_some());
    // Every durable write replaces the file, so its inode changes.
    let inode = |p: &Path| fs::metadata(p).unwrap().ino();
    let mut last = inode(&s.path);
    let mut writes = 0;
    let mut took = Vec::with_capacity(chars);
    let mut ticks = Vec::with_capacity(chars);
    for _ in 0..chars {
        std::thread::sleep(Duration::from_millis(interval_ms));
        let started = Instant::now();
        // As `tui::event_loop`: the key's action and its frame...
        let event = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        if let Some(action) = s.app.keymap.action(s.app.mode(), event) {
            s.app.update(action);
        }
        let app = &s.app;
        s.terminal
            .draw(|frame| frame.render_widget(app, frame.area()))
            .unwrap();
        took.push(started.elapsed());
        // ...then a tick, and a frame again if it changed anything.
        let started = Instant::now();
        s.app.update(Action::Tick);
        if s.app.tick_changed {
            let app = &s.app;
            s.terminal
                .draw(|frame| frame.render_widget(app, frame.area()))
                .unwrap();
        }
        ticks.push(started.elapsed());
        let now = inode(&s.path);
        if now != last {
            writes += 1;
            last = now;
        }
    }
    let started = Instant::now();
    press(&mut s, KeyCode::Esc);
    let leaving = started.elapsed();
    // Leaving the editor hands a save to the saver thread: wait for it, as
    // quitting does, and see whether the file was written.
    let clock = s.app.clock.clone();
    if let Screen::Assess(ws) = &mut s.app.screen {
        ws.flush(&clock);
    }
    let wrote_on_leaving = inode(&s.path) != last;
    let slowest = took
        .iter()
        .enumerate()
        .max_by_key(|(_, t)| **t)
        .map_or(0, |(i, _)| i + 1);
    let over: Vec<String> = took
        .iter()
        .enumerate()
        .filter(|(_, t)| **t > Duration::from_millis(1))
        .map(|(i, t)| format!("{} ({t:.1?})", i + 1))
        .collect();
    let slow = over.len();
    took.sort();
    ticks.sort();
    println!(
        "typing {chars} characters at {n}, one every {interval_ms} ms: {writes} durable writes \
         while typing, {} on leaving the editor ({leaving:.1?}); keystrokes, key to frame: \
         median {:.2?}, max {:.1?} (keystroke {slowest}), {slow} over 1 ms [{}]; the tick after \
         each frame: median {:.2?}, max {:.1?}",
        usize::from(wrote_on_leaving),
        took[took.len() / 2],
        took[took.len() - 1],
        over.join(", "),
        ticks[ticks.len() / 2],
        ticks[ticks.len() - 1],
    );
}

fn press(s: &mut Setup, code: KeyCode) {
    let event = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = s.app.keymap.action(s.app.mode(), event) {
        s.app.update(action);
    }
    let app = &s.app;
    s.terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
}

fn profile(scenario: &str, n: usize, iters: usize) {
    let mut s = setup(n, scenario == "level_nosave");
    if scenario == "type" {
        press(&mut s, KeyCode::Char('e'));
    }
    if scenario == "docsave" {
        s.doc = Some(open_in_home(&s));
    }
    // One iteration first, not counted: the steady state is what repeats
    // (a document's first save checks the file on disk, later ones need not).
    scenario_step(scenario, &mut s, 1);
    let cpu_before = schedstat();
    let started = Instant::now();
    for i in 0..iters {
        measured(scenario, &mut s, i);
    }
    let took = started.elapsed();
    let cpu_after = schedstat();
    let each = |ns: u64| Duration::from_nanos(ns / iters.max(1) as u64);
    print!(
        "{scenario} at {n}: {iters} iterations, {:.3?} each",
        took / iters.max(1) as u32
    );
    match (cpu_before, cpu_after) {
        (Some((cpu0, wait0)), Some((cpu1, wait1))) => println!(
            " (on the CPU {:.3?} each, waiting for a CPU {:.3?} each)",
            each(cpu1 - cpu0),
            each(wait1 - wait0)
        ),
        _ => println!(),
    }
}

/// This thread's time on a CPU and time waiting for one, in nanoseconds
/// (Linux `/proc/thread-self/schedstat`). On a busy machine the first is
/// the steadier measure: it leaves out time other processes had the CPU.
fn schedstat() -> Option<(u64, u64)> {
    let text = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().ok());
    Some((fields.next()??, fields.next()??))
}

/// One iteration of a scenario (kept out of line for `--toggle-collect`).
#[inline(never)]
fn measured(scenario: &str, s: &mut Setup, i: usize) {
    scenario_step(scenario, s, i);
}

/// One iteration of a scenario, counted only when called by [`measured`].
fn scenario_step(scenario: &str, s: &mut Setup, i: usize) {
    let even = i.is_multiple_of(2);
    match scenario {
        "load" => {
            let text = fs::read_to_string(s.path.with_extension("framework")).unwrap();
            black_box(parse_ron::<Framework>(&text).unwrap());
            black_box(load_assessment(&s.path).unwrap());
        }
        "save" => {
            let id = s.framework.themes[0].standards[0].id.clone();
            s.assessment.current_mut().mark_mut(&id, "knowledge").rating =
                Rating::Level(if even { 2 } else { 3 });
            save_assessment(&s.path, &s.assessment).unwrap();
        }
        "docsave" => {
            let id = s.framework.themes[0].standards[0].id.clone();
            let doc = s.doc.as_mut().expect("set up for docsave");
            // A different level every time, so every save writes.
            let mark = doc.assessment.current_mut().mark_mut(&id, "knowledge");
            mark.rating = Rating::Level(if mark.rating == Rating::Level(2) {
                3
            } else {
                2
            });
            let saved = doc.save_reporting().unwrap();
            assert!(saved.written && saved.backup.is_some_and(|b| b.is_ok()));
        }
        "to_ron" => {
            black_box(to_ron(&s.assessment).unwrap());
        }
        "parse" => {
            let text = fs::read_to_string(&s.path).unwrap();
            black_box(parse_ron::<Assessment>(&text).unwrap());
        }
        "draw" => {
            let app = &s.app;
            s.terminal
                .draw(|frame| frame.render_widget(app, frame.area()))
                .unwrap();
        }
        "move" => press(s, KeyCode::Char(if even { 'j' } else { 'k' })),
        "level" | "level_nosave" => press(s, KeyCode::Char(if even { '3' } else { '4' })),
        "type" => press(
            s,
            if even {
                KeyCode::Char('x')
            } else {
                KeyCode::Backspace
            },
        ),
        "summary" => {
            black_box(report::summary::render(&s.framework, &s.assessment));
        }
        "csv" => {
            black_box(report::export(
                report::Format::Csv,
                &s.framework,
                &s.assessment,
                s.assessment.current_index(),
                report::ExportOptions::default(),
            ));
        }
        other => panic!("unknown scenario {other}"),
    }
}
