//! Performance budgets of reflect at 100, 1,000 and 10,000 standards (see
//! BENCHMARKS.md for the machine, the budgets and the numbers).
//!
//! ```sh
//! cargo bench --bench perf                 # everything, a few minutes
//! cargo bench --bench perf -- 'key/'       # one group
//! REFLECT_BENCH_SIZES=10000 cargo bench --bench perf
//! ```
//!
//! Groups, each with the three sizes side by side:
//! - `load`: what the app reads before its first frame (the framework file
//!   and the assessment file, which holds the current review), the closed
//!   reviews' own files (read on another thread after the first frame), and
//!   everything together as the command line reads it.
//! - `save`: `save_assessment` (read and check the file on disk, serialise,
//!   read the text back, write `.bak`, write the file, fsyncs), the app's
//!   `Document::save` (which checks the file on disk only if it changed since
//!   the document last wrote it; the saver thread runs this), the snapshot
//!   the UI thread takes to hand over, and their parts.
//! - `draw`: one frame at 200x60 on TestBackend, every theme open.
//! - `key`: one keystroke end to end (keymap, update, drawn frame): moving,
//!   setting a level, and typing a character in the note editor. No
//!   keystroke saves: changes are saved a second later, on the saver thread.
//! - `report`: the summary and the CSV export.
//! - `open`: `App::new` on a loaded document plus the first frame.
//! - `note`: typing in the note editor with a note of 1 KB, 256 KB and 4 MB.

#[path = "support/synth.rs"]
mod synth;

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, criterion_group,
    criterion_main,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use reflect::app::{App, Clock, Node, Screen};
use reflect::model::{Assessment, Framework, Rating};
use reflect::report;
use reflect::store::{
    Document, Home, load_assessment, load_main, parse_ron, save_assessment, to_ron,
};
use reflect::ui::layout::Areas;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

/// Sizes to run: `REFLECT_BENCH_SIZES=100,10000`, else all three.
fn sizes() -> Vec<usize> {
    match std::env::var("REFLECT_BENCH_SIZES") {
        Ok(s) if !s.trim().is_empty() => s
            .split(',')
            .map(|n| n.trim().parse().expect("REFLECT_BENCH_SIZES: numbers"))
            .collect(),
        _ => synth::SIZES.to_vec(),
    }
}

/// A synthetic framework and assessment, written to a temporary folder.
struct Fixture {
    n: usize,
    dir: tempfile::TempDir,
    framework: Framework,
    assessment: Assessment,
    framework_path: PathBuf,
    assessment_path: PathBuf,
}

impl Fixture {
    fn new(n: usize) -> Fixture {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let framework = synth::framework(n);
        let assessment = synth::assessment(&framework);
        let framework_path = dir.path().join(format!("{}.ron", framework.id));
        fs::write(&framework_path, to_ron(&framework).unwrap()).unwrap();
        let assessment_path = dir.path().join("sam-synthetic.ron");
        // Saved as the app saves: the closed reviews go to files of their own.
        let mut doc = Document::detached(&assessment_path, assessment, framework.clone());
        doc.save().unwrap();
        let assessment = doc.assessment;
        assert_eq!(assessment.earlier.len(), synth::REVIEWS - 1);
        eprintln!(
            "fixture {n}: {} themes, {} marks; framework {} bytes, assessment file {} bytes \
             (current review), {} closed reviews of {} bytes each",
            framework.themes.len(),
            synth::mark_count(&assessment),
            fs::metadata(&framework_path).unwrap().len(),
            fs::metadata(&assessment_path).unwrap().len(),
            assessment.earlier.len(),
            fs::metadata(dir.path().join(&assessment.earlier[0].file))
                .unwrap()
                .len(),
        );
        Fixture {
            n,
            dir,
            framework,
            assessment,
            framework_path,
            assessment_path,
        }
    }

    /// The app on this fixture at 200x60, every theme open, a standard near
    /// the middle of the tree selected, saving to `path`.
    fn app(&self, path: &Path) -> App {
        let doc = Document::detached(path, self.assessment.clone(), self.framework.clone());
        let mut app = App::new(
            Home::at(self.dir.path()),
            Some(doc),
            Clock::Fixed("12:00:00".into()),
        );
        app.update(reflect::app::Action::Resize(WIDTH, HEIGHT));
        let rows = usize::from(Areas::new(app.size).tree_rows());
        let Screen::Assess(ws) = &mut app.screen else {
            unreachable!("the app opens on the document")
        };
        ws.tree.open_all(&ws.doc.framework);
        let middle = ws.tree.rows().len() / 2;
        let standard = (middle..ws.tree.rows().len())
            .find(|&i| matches!(ws.tree.rows()[i], Node::Standard { .. }))
            .expect("a standard below the middle");
        ws.tree.select_index(standard, rows);
        app
    }
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap()
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
}

/// One key press as the terminal loop handles it: keymap, update, frame.
fn press(app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode) {
    let event = KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(action) = app.keymap.action(app.mode(), event) {
        app.update(action);
    }
    draw(terminal, app);
}

/// Type a character and delete it in turn in the open note editor, so the
/// note keeps its size.
fn type_and_delete(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    app: &mut App,
    term: &mut Terminal<TestBackend>,
) {
    let mut typing = false;
    group.bench_function(id, |b| {
        b.iter(|| {
            typing = !typing;
            let code = if typing {
                KeyCode::Char('x')
            } else {
                KeyCode::Backspace
            };
            press(app, term, code);
        })
    });
}

/// Slow cases (whole-file work at 10,000 standards takes seconds): few,
/// flat samples, so `cargo bench` stays within minutes.
fn slow<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group
}

fn fast<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group
}

fn benches(c: &mut Criterion) {
    let fixtures: Vec<Fixture> = sizes().into_iter().map(Fixture::new).collect();

    let mut group = slow(c, "load");
    for fx in &fixtures {
        // What the app reads before its first frame.
        group.bench_function(BenchmarkId::new("framework+assessment_file", fx.n), |b| {
            b.iter_with_large_drop(|| {
                let text = fs::read_to_string(&fx.framework_path).unwrap();
                let framework: Framework = parse_ron(&text).unwrap();
                let assessment = load_main(&fx.assessment_path).unwrap();
                black_box((framework, assessment))
            })
        });
        // Everything, closed reviews included, as the command line reads it.
        group.bench_function(BenchmarkId::new("framework+every_review", fx.n), |b| {
            b.iter_with_large_drop(|| {
                let text = fs::read_to_string(&fx.framework_path).unwrap();
                let framework: Framework = parse_ron(&text).unwrap();
                let assessment = load_assessment(&fx.assessment_path).unwrap();
                black_box((framework, assessment))
            })
        });
        group.bench_function(BenchmarkId::new("framework", fx.n), |b| {
            b.iter_with_large_drop(|| {
                let text = fs::read_to_string(&fx.framework_path).unwrap();
                black_box(parse_ron::<Framework>(&text).unwrap())
            })
        });
    }
    group.finish();

    let mut group = slow(c, "save");
    for fx in &fixtures {
        // Each save changes one rating, so every save really writes.
        let mut assessment = fx.assessment.clone();
        let (id, _) = fx
            .framework
            .standards()
            .next()
            .map(|(_, s)| (s.id.clone(), ()))
            .unwrap();
        let mut flip = false;
        group.bench_function(BenchmarkId::new("save_assessment", fx.n), |b| {
            b.iter(|| {
                flip = !flip;
                assessment.current_mut().mark_mut(&id, "knowledge").rating =
                    Rating::Level(if flip { 2 } else { 3 });
                save_assessment(&fx.assessment_path, &assessment).unwrap();
            })
        });
        // The app's save: the document remembers the version it wrote, so
        // it neither reads nor parses the file again.
        let mut doc = Document::detached(
            &fx.assessment_path,
            fx.assessment.clone(),
            fx.framework.clone(),
        );
        group.bench_function(BenchmarkId::new("document_save", fx.n), |b| {
            b.iter(|| {
                flip = !flip;
                doc.assessment
                    .current_mut()
                    .mark_mut(&id, "knowledge")
                    .rating = Rating::Level(if flip { 2 } else { 3 });
                doc.save().unwrap();
            })
        });
        // What the UI thread does to hand a save over: copy the file's part.
        group.bench_function(BenchmarkId::new("snapshot", fx.n), |b| {
            b.iter_with_large_drop(|| black_box(doc.snapshot().unwrap()))
        });
        group.bench_function(BenchmarkId::new("to_ron", fx.n), |b| {
            b.iter_with_large_drop(|| black_box(to_ron(&fx.assessment).unwrap()))
        });
        let text = to_ron(&fx.assessment).unwrap();
        group.bench_function(BenchmarkId::new("parse_ron", fx.n), |b| {
            b.iter_with_large_drop(|| black_box(parse_ron::<Assessment>(&text).unwrap()))
        });
    }
    group.finish();

    let mut group = fast(c, "draw");
    for fx in &fixtures {
        let app = fx.app(&fx.assessment_path);
        let mut term = terminal();
        draw(&mut term, &app);
        group.bench_function(BenchmarkId::new("frame_200x60_all_open", fx.n), |b| {
            b.iter(|| draw(&mut term, &app))
        });
    }
    group.finish();

    let mut group = fast(c, "key");
    for fx in &fixtures {
        let mut app = fx.app(&fx.assessment_path);
        let mut term = terminal();
        draw(&mut term, &app);
        let mut down = false;
        group.bench_function(BenchmarkId::new("move", fx.n), |b| {
            b.iter(|| {
                down = !down;
                press(
                    &mut app,
                    &mut term,
                    KeyCode::Char(if down { 'j' } else { 'k' }),
                );
            })
        });

        // Setting a level: rate, recount, frame. The save waits for a pause.
        let mut app = fx.app(&fx.assessment_path);
        draw(&mut term, &app);
        let mut three = false;
        group.bench_function(BenchmarkId::new("set_level", fx.n), |b| {
            b.iter(|| {
                three = !three;
                press(
                    &mut app,
                    &mut term,
                    KeyCode::Char(if three { '3' } else { '4' }),
                );
            })
        });

        let mut app = fx.app(&fx.assessment_path);
        draw(&mut term, &app);
        press(&mut app, &mut term, KeyCode::Char('e'));
        assert!(
            app.workspace().unwrap().editor.is_some(),
            "the editor is open"
        );
        type_and_delete(
            &mut group,
            BenchmarkId::new("type_in_editor", fx.n),
            &mut app,
            &mut term,
        );
    }
    group.finish();

    let mut group = slow(c, "report");
    for fx in &fixtures {
        group.bench_function(BenchmarkId::new("summary", fx.n), |b| {
            b.iter(|| black_box(report::summary::render(&fx.framework, &fx.assessment)))
        });
        group.bench_function(BenchmarkId::new("csv", fx.n), |b| {
            b.iter(|| {
                black_box(report::export(
                    report::Format::Csv,
                    &fx.framework,
                    &fx.assessment,
                    fx.assessment.current_index(),
                    report::ExportOptions::default(),
                ))
            })
        });
    }
    group.finish();

    let mut group = slow(c, "open");
    for fx in &fixtures {
        group.bench_function(BenchmarkId::new("app_new_and_first_frame", fx.n), |b| {
            b.iter_batched(
                || {
                    Document::detached(
                        &fx.assessment_path,
                        fx.assessment.clone(),
                        fx.framework.clone(),
                    )
                },
                |doc| {
                    let mut app = App::new(
                        Home::at(fx.dir.path()),
                        Some(doc),
                        Clock::Fixed("12:00:00".into()),
                    );
                    app.update(reflect::app::Action::Resize(WIDTH, HEIGHT));
                    let mut term = terminal();
                    draw(&mut term, &app);
                    app
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();

    // Typing in the note editor with a note of 1 KB, 256 KB and 4 MB, on
    // the smallest fixture: the cost should not grow with the note.
    let mut group = fast(c, "note");
    let fx = &fixtures[0];
    for kb in [1usize, 256, 4096] {
        let mut app = fx.app(&fx.dir.path().join(format!("note-{kb}.ron")));
        if let Screen::Assess(ws) = &mut app.screen {
            let (standard, stage) = ws
                .selected_standard()
                .map(|(_, _, _, s)| (s.id.clone(), ws.doc.framework.stages[0].id.clone()))
                .expect("a standard is selected");
            let line = "a line of a reflective note, in words of ordinary length\n";
            ws.doc
                .assessment
                .current_mut()
                .mark_mut(&standard, &stage)
                .note = line.repeat(kb * 1024 / line.len() + 1);
        }
        let mut term = terminal();
        draw(&mut term, &app);
        press(&mut app, &mut term, KeyCode::Char('e'));
        let editor = app.workspace().unwrap().editor.as_ref();
        assert!(editor.is_some_and(|e| e.text.text().len() >= kb * 1024));
        type_and_delete(
            &mut group,
            BenchmarkId::new("type_in_editor_kb", kb),
            &mut app,
            &mut term,
        );
    }
    group.finish();
}

criterion_group!(perf, benches);
criterion_main!(perf);
