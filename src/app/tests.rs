//! Unit tests of `App::update`, on a small framework built here, with the
//! assessment in a temporary folder so saves are real.

use std::path::PathBuf;

use jiff::civil::date;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::Input;

use super::*;
use crate::model::assessment::FrameworkRef;
use crate::model::framework::{Level, Scale, Source, Stage, Standard, Theme};
use crate::model::{Assessment, Framework, Mark, Origin, Person, Rating, Review};
use crate::store::{self, Document, ReadOnly};

fn framework() -> Framework {
    let stage = |id: &str, name: &str| Stage {
        id: id.into(),
        name: name.into(),
        description: format!("{name}."),
    };
    let standard = |id: &str, stage: Option<&str>| Standard {
        id: id.into(),
        text: format!("Standard {id}"),
        stage: stage.map(str::to_owned),
        origin: Origin::Published,
    };
    Framework {
        id: "test".into(),
        title: "Test framework".into(),
        audience: "testers".into(),
        version: "1".into(),
        source: Source {
            publisher: "us".into(),
            note: "made up".into(),
        },
        stages: vec![
            stage("knowledge", "Acquiring knowledge"),
            stage("experience", "Gaining experience"),
            stage("judgement", "Sharpening judgement"),
        ],
        scale: Scale {
            levels: (1..=4)
                .map(|v| Level {
                    value: v,
                    label: format!("L{v}"),
                    descriptor: format!("level {v}"),
                })
                .collect(),
            not_applicable: "Not applicable".into(),
        },
        themes: vec![
            Theme {
                id: "all".into(),
                title: "All stages".into(),
                definition: "Assessed at every stage.".into(),
                definition_origin: Origin::Published,
                elements: vec![],
                standards: vec![standard("all.1", None), standard("all.2", None)],
            },
            Theme {
                id: "staged".into(),
                title: "By stage".into(),
                definition: "One stage each.".into(),
                definition_origin: Origin::Paraphrase,
                elements: vec![],
                standards: vec![
                    standard("staged.k1", Some("knowledge")),
                    standard("staged.e1", Some("experience")),
                    standard("staged.j1", Some("judgement")),
                ],
            },
        ],
        renames: Default::default(),
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    app: App,
}

fn fixture() -> Fixture {
    fixture_with(None)
}

fn fixture_with(read_only: Option<ReadOnly>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jo.ron");
    let fw = framework();
    let assessment = Assessment::new(
        FrameworkRef {
            id: fw.id.clone(),
            version: fw.version.clone(),
        },
        Person {
            name: "Jo".into(),
            role: "Director".into(),
            organisation: String::new(),
        },
        Review::new("2026 review", date(2026, 11, 1)),
    );
    store::save_assessment(&path, &assessment).unwrap();
    let mut doc = Document::detached(&path, assessment, fw);
    doc.read_only = read_only;
    let mut app = App::new(
        store::Home::at(dir.path()),
        Some(doc),
        Clock::Fixed("12:00:00".into()),
    );
    app.update(Action::Resize(100, 30));
    Fixture {
        _dir: dir,
        path,
        app,
    }
}

impl Fixture {
    fn run(&mut self, actions: impl IntoIterator<Item = Action>) {
        for a in actions {
            self.app.update(a);
        }
    }

    fn ws(&self) -> &Workspace {
        self.app.workspace().expect("an open assessment")
    }

    fn selected(&self) -> Node {
        self.ws().tree.selected()
    }

    /// Write what is waiting to be saved, as quitting would.
    fn settle(&mut self) {
        let clock = self.app.clock.clone();
        if let Screen::Assess(ws) = &mut self.app.screen {
            ws.flush(&clock);
        }
    }

    /// The assessment as it is on disk once what is waiting is written.
    fn on_disk(&mut self) -> Assessment {
        self.settle();
        store::load_assessment(&self.path).unwrap()
    }
}

fn typed(c: char) -> Action {
    Action::Input(Input::from(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

#[test]
fn starts_on_the_first_theme_with_themes_closed() {
    let f = fixture();
    assert_eq!(f.selected(), Node::Theme(0));
    assert_eq!(
        f.ws().tree.rows(),
        &[Node::Framework, Node::Theme(0), Node::Theme(1)]
    );
}

#[test]
fn open_close_and_parent() {
    let mut f = fixture();
    f.run([Action::Open]);
    assert!(f.ws().tree.is_open(Node::Theme(0)));
    assert_eq!(f.ws().tree.rows().len(), 5);
    // Open on an open node steps into it.
    f.run([Action::Open]);
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 0,
            standard: 0
        }
    );
    // Left on a leaf goes to the parent, then closes it.
    f.run([Action::Close]);
    assert_eq!(f.selected(), Node::Theme(0));
    f.run([Action::Close]);
    assert!(!f.ws().tree.is_open(Node::Theme(0)));
    assert_eq!(f.ws().tree.rows().len(), 3);
}

#[test]
fn movement_is_clamped() {
    let mut f = fixture();
    f.run([Action::Up, Action::Up, Action::Up]);
    assert_eq!(f.selected(), Node::Framework);
    f.run([Action::Last, Action::Down]);
    assert_eq!(f.selected(), Node::Theme(1));
    f.run([Action::First]);
    assert_eq!(f.selected(), Node::Framework);
}

#[test]
fn a_theme_stage_group_holds_only_that_stage() {
    let mut f = fixture();
    f.run([Action::Down, Action::Open]);
    let rows = f.ws().tree.rows().to_vec();
    assert!(rows.contains(&Node::Stage { theme: 1, stage: 0 }));
    f.run([Action::Down, Action::Down, Action::Open]);
    assert_eq!(f.selected(), Node::Stage { theme: 1, stage: 1 });
    f.run([Action::Down]);
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 1,
            standard: 1
        }
    );
}

#[test]
fn rating_needs_a_standard() {
    let mut f = fixture();
    f.run([Action::SetLevel(2)]);
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .contains("Select a standard")
    );
    assert!(f.on_disk().current().marks.is_empty());
}

#[test]
fn a_level_is_saved_once_changes_pause_at_the_current_stage() {
    let mut f = fixture();
    let before = std::fs::read(&f.path).unwrap();
    f.run([Action::Open, Action::Down, Action::SetLevel(3)]);
    assert!(matches!(f.ws().save, SaveState::Pending { .. }));
    assert_eq!(std::fs::read(&f.path).unwrap(), before, "not yet written");
    assert_eq!(
        f.on_disk().current().rating("all.1", "knowledge"),
        Rating::Level(3)
    );
    assert_eq!(
        f.ws().save,
        SaveState::Saved {
            at: "12:00:00".into()
        }
    );
    // Tab moves to the next stage; the same key now rates there.
    f.run([Action::NextStage, Action::SetLevel(1)]);
    let disk = f.on_disk();
    assert_eq!(
        disk.current().rating("all.1", "experience"),
        Rating::Level(1)
    );
    assert_eq!(
        disk.current().rating("all.1", "knowledge"),
        Rating::Level(3)
    );
    assert_eq!(f.ws().tallies[0].rated, 2);
    assert_eq!(f.ws().tallies[0].total, 6);
    // Shift-Tab wraps backwards.
    f.run([Action::PrevStage, Action::PrevStage]);
    assert_eq!(f.ws().stage, 2);
}

#[test]
fn a_single_stage_standard_is_rated_at_its_own_stage() {
    let mut f = fixture();
    // Current stage is knowledge, but staged.e1 belongs to experience.
    f.run([
        Action::Down,
        Action::Open,
        Action::Down,
        Action::Down,
        Action::Open,
        Action::Down,
    ]);
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 1,
            standard: 1
        }
    );
    f.run([Action::SetLevel(4)]);
    let disk = f.on_disk();
    assert_eq!(
        disk.current().rating("staged.e1", "experience"),
        Rating::Level(4)
    );
    assert_eq!(
        disk.current().rating("staged.e1", "knowledge"),
        Rating::Unrated
    );
}

#[test]
fn levels_off_the_scale_are_refused() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::SetLevel(7)]);
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .contains("not on this scale (1 to 4)")
    );
    assert!(f.on_disk().current().marks.is_empty());
}

#[test]
fn not_applicable_and_clear() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::NotApplicable]);
    assert_eq!(
        f.on_disk().current().rating("all.1", "knowledge"),
        Rating::NotApplicable
    );
    assert_eq!(f.ws().tallies[0].rated, 1);
    assert_eq!(f.ws().tallies[0].mean(), None);
    f.run([Action::ClearRating]);
    // Nothing left in the mark: it is removed, not stored empty.
    assert!(f.on_disk().current().marks.is_empty());
    assert_eq!(f.ws().tallies[0].rated, 0);
}

/// A bare line feed reaches a raw terminal as Ctrl-J: from a terminal's
/// Shift-Enter, a paste without bracketed paste, or a closing window. The
/// editor's default takes it as "delete to the start of the line", which
/// wiped a note in an end-to-end test; here it is a new line.
#[test]
fn ctrl_j_in_the_editor_is_a_new_line_not_a_deletion() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::EditNote]);
    f.run("Hi".chars().map(typed));
    f.run([Action::Input(Input::from(KeyEvent::new(
        KeyCode::Char('j'),
        KeyModifiers::CONTROL,
    )))]);
    f.run("there".chars().map(typed));
    assert_eq!(f.ws().editor.as_ref().unwrap().text.text(), "Hi\nthere");
}

#[test]
fn a_note_is_kept_on_leaving_the_editor() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::EditNote]);
    assert_eq!(f.app.mode(), Mode::Editor);
    f.run("Hi".chars().map(typed));
    f.run([Action::Input(Input::from(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )))]);
    f.run("there".chars().map(typed));
    assert!(matches!(f.ws().save, SaveState::Pending { .. }));
    f.run([Action::Back]);
    assert_eq!(f.app.mode(), Mode::Browse);
    // Due at once: the tick after the key's frame hands it over.
    let SaveState::Pending { due, .. } = f.ws().save else {
        panic!("a pending save, not {:?}", f.ws().save)
    };
    assert!(due <= std::time::Instant::now());
    f.run([Action::Tick]);
    assert!(matches!(f.ws().save, SaveState::Saved { .. }));
    let disk = store::load_assessment(&f.path).unwrap();
    assert_eq!(
        disk.current().mark("all.1", "knowledge").unwrap().note,
        "Hi\nthere"
    );
    // Editing again starts from the saved text.
    f.run([Action::EditNote]);
    assert_eq!(f.ws().editor.as_ref().unwrap().text.text(), "Hi\nthere");
}

#[test]
fn typing_does_not_write_on_every_key() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::EditNote]);
    let before = std::fs::read(&f.path).unwrap();
    f.run((0..100).map(|_| typed('x')));
    // Ticks before the delay has passed write nothing.
    f.run([Action::Tick]);
    assert_eq!(std::fs::read(&f.path).unwrap(), before);
    // Once the delay has passed, one tick writes it all.
    if let Screen::Assess(ws) = &mut f.app.screen {
        let now = std::time::Instant::now();
        ws.save = SaveState::Pending {
            since: now,
            due: now,
        };
    }
    f.run([Action::Tick]);
    assert_eq!(
        f.ws().save,
        SaveState::Saved {
            at: "12:00:00".into()
        }
    );
    assert_eq!(
        f.on_disk()
            .current()
            .mark("all.1", "knowledge")
            .unwrap()
            .note,
        "x".repeat(100)
    );
    assert_eq!(
        f.app.mode(),
        Mode::Editor,
        "saving does not leave the editor"
    );
}

#[test]
fn pasted_text_goes_in_whole_with_unix_line_ends() {
    let mut f = fixture();
    let long = "word ".repeat(20_000);
    f.run([Action::Open, Action::Down, Action::EditNote]);
    f.run([Action::Paste(format!("one\r\ntwo\rthree\n{long}"))]);
    f.run([Action::Back]);
    let note = f
        .on_disk()
        .current()
        .mark("all.1", "knowledge")
        .unwrap()
        .note
        .clone();
    assert_eq!(note, format!("one\ntwo\nthree\n{long}"));
}

#[test]
fn quitting_from_the_editor_keeps_the_text() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::EditNote]);
    f.run("late".chars().map(typed));
    f.run([Action::Quit]);
    assert!(f.app.quit);
    assert_eq!(
        f.on_disk()
            .current()
            .mark("all.1", "knowledge")
            .unwrap()
            .note,
        "late"
    );
}

#[test]
fn read_only_documents_refuse_changes_and_write_nothing() {
    let mut f = fixture_with(Some(ReadOnly::Locked));
    let before = std::fs::read(&f.path).unwrap();
    f.run([Action::Open, Action::Down, Action::SetLevel(2)]);
    assert!(f.app.message.as_deref().unwrap().contains("read-only"));
    f.run([Action::EditNote]);
    assert_eq!(f.app.mode(), Mode::Browse);
    f.run([Action::Quit]);
    assert_eq!(std::fs::read(&f.path).unwrap(), before);
}

#[test]
fn a_failed_save_keeps_changes_and_says_so() {
    let mut f = fixture();
    // Replace the file with one that does not parse: the store must refuse to write over it.
    std::fs::write(&f.path, "(broken").unwrap();
    f.run([Action::Open, Action::Down, Action::SetLevel(2)]);
    f.settle();
    assert!(
        matches!(f.ws().save, SaveState::Failed { .. }),
        "{:?}",
        f.ws().save
    );
    assert_eq!(
        f.ws().review().rating("all.1", "knowledge"),
        Rating::Level(2)
    );
    assert_eq!(std::fs::read_to_string(&f.path).unwrap(), "(broken");
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut f = fixture();
    f.run([Action::ToggleHelp]);
    assert_eq!(f.app.mode(), Mode::Help);
    f.run([Action::Down, Action::Down]);
    assert_eq!(f.app.help_scroll(), Some(2));
    // Keys that would change the assessment do nothing under the help.
    f.run([Action::SetLevel(1), Action::Back]);
    assert_eq!(f.app.mode(), Mode::Browse);
    assert!(f.on_disk().current().marks.is_empty());
}

#[test]
fn the_help_s_end_key_shows_its_last_line_and_it_scrolls_no_further() {
    let mut f = fixture();
    f.run([Action::ToggleHelp, Action::Last]);
    let last = f.app.help_scroll().unwrap();
    assert!(last > 20, "the help is longer than a screen: {last}");
    let screen = drawn(&f.app, 100, 30);
    // The last section is on screen, and the first is not.
    assert!(screen.contains("This help"), "{screen}");
    assert!(!screen.contains("Browsing and rating"), "{screen}");
    f.run([Action::Down, Action::PageDown]);
    assert_eq!(f.app.help_scroll(), Some(last), "no further than the end");
    f.run([Action::Up]);
    assert_eq!(f.app.help_scroll(), Some(last - 1), "Up moves at once");
    f.run([Action::First]);
    assert_eq!(f.app.help_scroll(), Some(0));
}

#[test]
fn the_selection_stays_on_screen() {
    let mut f = fixture();
    f.run([
        Action::Resize(100, 8),
        Action::Open,
        Action::Down,
        Action::Open,
    ]);
    let rows = usize::from(super::layout::Areas::new(f.app.size).tree_rows());
    for _ in 0..10 {
        f.run([Action::Down]);
        let t = &f.ws().tree;
        assert!(t.selected_index() >= t.offset() && t.selected_index() < t.offset() + rows);
    }
}

#[test]
fn the_start_screen_creates_and_opens_an_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(
        store::Home::at(dir.path()),
        None,
        Clock::Fixed("12:00:00".into()),
    );
    assert_eq!(app.mode(), Mode::Start);
    // Enter with no name asks for one.
    app.update(Action::Confirm);
    app.update(Action::Confirm);
    assert!(matches!(&app.screen, Screen::Start(s) if s.error.is_some()));
    for c in "Sam Patel".chars() {
        app.update(typed(c));
    }
    app.update(Action::Confirm);
    let ws = app.workspace().expect("the new assessment is open");
    assert_eq!(ws.doc.assessment.person.name, "Sam Patel");
    assert!(ws.doc.path.starts_with(dir.path().join("assessments")));
    assert!(ws.doc.path.exists());
}

#[test]
fn undo_and_redo_ratings_and_notes() {
    let mut f = fixture();
    f.run([
        Action::Open,
        Action::Down,
        Action::SetLevel(2),
        Action::SetLevel(4),
    ]);
    f.run([Action::EditNote]);
    f.run("note".chars().map(typed));
    f.run([Action::Back]);
    // Undo the note (one step for the whole edit), then the second level;
    // each time it says what it undid, and where.
    f.run([Action::Undo]);
    assert_eq!(
        f.app.message.as_deref(),
        Some("Undid: the note at Acquiring knowledge, 'Standard all.1' (2 more)")
    );
    f.run([Action::Undo]);
    assert_eq!(
        f.app.message.as_deref(),
        Some("Undid: level 4 at Acquiring knowledge, 'Standard all.1' (1 more)")
    );
    f.run([Action::Redo]);
    assert_eq!(
        f.app.message.as_deref(),
        Some("Redid: level 4 at Acquiring knowledge, 'Standard all.1' (1 more)")
    );
    assert_eq!(
        f.on_disk()
            .current()
            .mark("all.1", "knowledge")
            .unwrap()
            .note,
        ""
    );
    f.run([Action::Undo]);
    assert_eq!(
        f.on_disk().current().rating("all.1", "knowledge"),
        Rating::Level(2)
    );
    f.run([Action::Undo]);
    assert!(f.on_disk().current().marks.is_empty());
    f.run([Action::Undo]);
    assert_eq!(f.app.message.as_deref(), Some("Nothing to undo."));
    f.run([Action::Redo, Action::Redo, Action::Redo]);
    let disk = f.on_disk();
    let mark = disk.current().mark("all.1", "knowledge").unwrap();
    assert_eq!(
        (mark.rating, mark.note.as_str()),
        (Rating::Level(4), "note")
    );
    assert_eq!(f.ws().tallies[0].rated, 1);
}

#[test]
fn undo_goes_back_to_where_the_change_was() {
    let mut f = fixture();
    f.run([
        Action::Open,
        Action::Down,
        Action::NextStage,
        Action::SetLevel(3),
    ]);
    f.run([Action::PrevStage, Action::Up, Action::Close]);
    assert_eq!(f.selected(), Node::Theme(0));
    assert!(!f.ws().tree.is_open(Node::Theme(0)));
    f.run([Action::Undo]);
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 0,
            standard: 0
        }
    );
    assert_eq!(f.ws().stage, 1, "the stage of the undone change is shown");
    assert_eq!(
        f.on_disk().current().rating("all.1", "experience"),
        Rating::Unrated
    );
}

#[test]
fn clearing_a_note_asks_first_and_no_keeps_it() {
    let mut f = fixture();
    f.run([
        Action::Open,
        Action::Down,
        Action::SetLevel(2),
        Action::EditNote,
    ]);
    f.run("keep me".chars().map(typed));
    f.run([Action::Back, Action::ClearMark]);
    assert_eq!(f.app.mode(), Mode::Confirm);
    // Other keys leave the question up.
    f.run([Action::SetLevel(5)]);
    assert_eq!(f.app.mode(), Mode::Confirm);
    f.run([Action::Back]);
    assert_eq!(
        f.on_disk()
            .current()
            .mark("all.1", "knowledge")
            .unwrap()
            .note,
        "keep me"
    );
    f.run([Action::ClearMark, Action::Confirm]);
    assert!(f.on_disk().current().marks.is_empty());
    // And it can be undone.
    f.run([Action::Undo]);
    assert_eq!(
        f.on_disk()
            .current()
            .mark("all.1", "knowledge")
            .unwrap()
            .note,
        "keep me"
    );
}

#[test]
fn clearing_only_a_rating_needs_no_question() {
    let mut f = fixture();
    f.run([
        Action::Open,
        Action::Down,
        Action::SetLevel(2),
        Action::ClearMark,
    ]);
    assert_eq!(f.app.mode(), Mode::Browse);
    assert!(f.on_disk().current().marks.is_empty());
}

#[test]
fn quitting_when_the_file_cannot_be_written_leaves_a_rescue_copy() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::EditNote]);
    f.run("precious words".chars().map(typed));
    // The folder disappears under the app (root ignores permissions, so remove it).
    let dir = f.path.parent().unwrap().to_path_buf();
    std::fs::remove_dir_all(&dir).unwrap();
    f.run([Action::Quit]);
    assert!(f.app.quit);
    let note = f
        .app
        .exit_note
        .clone()
        .expect("the user is told where the words went");
    let copy = note
        .lines()
        .last()
        .unwrap()
        .trim_start_matches("Your changes are safe in ")
        .to_string();
    let rescued = store::load_assessment(std::path::Path::new(&copy)).unwrap();
    assert_eq!(
        rescued.current().mark("all.1", "knowledge").unwrap().note,
        "precious words"
    );
    std::fs::remove_file(copy).unwrap();
}

#[test]
fn archived_marks_show_under_their_own_node_read_only() {
    use crate::model::assessment::Archived;
    let mut f = fixture();
    let mut marks = crate::model::StageMarks::new();
    marks.insert(
        "knowledge".to_string(),
        Mark {
            rating: Rating::Level(3),
            note: "old words".into(),
            ..Mark::default()
        },
    );
    let Screen::Assess(ws) = &mut f.app.screen else {
        unreachable!()
    };
    ws.doc.assessment.archived.push(Archived {
        standard: "gone.1".into(),
        text: "A standard that was removed".into(),
        review: "2026 review".into(),
        framework_version: "0".into(),
        marks,
    });
    let assessment = ws.doc.assessment.clone();
    **ws = Workspace::new(
        Document::detached(&f.path, assessment, framework()),
        Saver::inline(),
    );
    assert_eq!(f.ws().tree.rows().last(), Some(&Node::Archived));
    f.run([Action::Last, Action::Open, Action::Down]);
    assert_eq!(f.selected(), Node::ArchivedItem(0));
    // Nothing can be rated there.
    f.run([Action::SetLevel(1)]);
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .contains("Select a standard")
    );
}

fn type_text(f: &mut Fixture, text: &str) {
    f.run(text.chars().map(typed));
}

/// The suggested title and the new review's date come from the app's
/// clock, never the wall clock directly.
#[test]
fn a_new_review_is_named_and_dated_by_the_app_s_clock() {
    let mut f = fixture();
    let at: jiff::Zoned = "2027-03-15T09:30:00+00:00[UTC]".parse().unwrap();
    f.app.clock = Clock::At(at);
    f.run([
        Action::Open,
        Action::Down,
        Action::SetLevel(3),
        Action::StartReview,
    ]);
    assert_eq!(f.app.prompt().unwrap().value(), "March 2027 review");
    f.run([Action::Confirm]);
    // Then its date, today by the app's clock unless another is typed.
    assert_eq!(f.app.prompt().unwrap().value(), "2027-03-15");
    f.run([Action::Confirm, Action::Confirm]);
    let disk = f.on_disk();
    assert_eq!(disk.current().title, "March 2027 review");
    assert_eq!(disk.current().date, date(2027, 3, 15));
    assert_eq!(f.app.clock.now_hms(), "09:30:00");
}

#[test]
fn starting_a_review_asks_for_a_title_then_confirmation_and_carries_levels() {
    let mut f = fixture();
    f.run([
        Action::Open,
        Action::Down,
        Action::SetLevel(3),
        Action::EditNote,
    ]);
    type_text(&mut f, "first words");
    f.run([Action::Back, Action::StartReview]);
    assert_eq!(f.app.mode(), Mode::Prompt);
    type_text(&mut f, "2027 annual");
    f.run([Action::Confirm]);
    // Its date: a typed one that is not a date is refused, and said so.
    assert_eq!(f.app.mode(), Mode::Prompt);
    type_text(&mut f, "next March");
    f.run([Action::Confirm]);
    assert!(
        f.app
            .prompt()
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("YYYY-MM-DD")
    );
    // The wrong date is selected: what is typed next replaces it, and
    // Ctrl-u empties the line as in a shell.
    type_text(&mut f, "20");
    assert_eq!(f.app.prompt().unwrap().value(), "20");
    f.run([Action::Input(Input::from(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )))]);
    assert_eq!(f.app.prompt().unwrap().text.lines().concat(), "");
    type_text(&mut f, "2026-12-01");
    f.run([Action::Confirm]);
    assert_eq!(f.app.mode(), Mode::Confirm);
    f.run([Action::Confirm]);
    assert_eq!(
        f.app.message.as_deref(),
        Some("Started \"2027 annual\". \"2026 review\" is closed; 1 rating carried forward.")
    );
    let disk = f.on_disk();
    assert_eq!(disk.reviews.len(), 2);
    assert_eq!(disk.reviews[0].frozen, Some(date(2026, 12, 1)));
    assert_eq!(disk.current().date, date(2026, 12, 1));
    let carried = disk.current().mark("all.1", "knowledge").unwrap();
    assert_eq!(
        (carried.rating, carried.carried, carried.note.as_str()),
        (Rating::Level(3), true, "")
    );
    // Undo cannot reach into the closed review.
    f.run([Action::Undo]);
    assert_eq!(f.app.message.as_deref(), Some("Nothing to undo."));
    // Touching it clears the carried mark.
    f.run([Action::SetLevel(4)]);
    assert!(
        !f.on_disk()
            .current()
            .mark("all.1", "knowledge")
            .unwrap()
            .carried
    );
}

#[test]
fn the_suggested_review_title_is_one_not_taken() {
    let mut f = fixture();
    f.run([Action::StartReview]);
    let suggested = f.app.prompt().unwrap().value();
    assert!(suggested.ends_with(" review"), "{suggested}");
    // Enter on nothing typed takes the suggestion; the next suggestion differs.
    f.run([
        Action::Confirm,
        Action::Confirm,
        Action::Confirm,
        Action::StartReview,
    ]);
    assert_eq!(f.on_disk().current().title, suggested);
    assert_eq!(f.app.prompt().unwrap().value(), format!("{suggested} 2"));
}

#[test]
fn a_declined_review_start_changes_nothing() {
    let mut f = fixture();
    f.run([Action::StartReview, Action::Confirm, Action::Back]);
    assert_eq!(f.app.mode(), Mode::Browse);
    assert_eq!(f.on_disk().reviews.len(), 1);
}

#[test]
fn earlier_reviews_open_read_only() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::SetLevel(2)]);
    f.run([
        Action::StartReview,
        Action::Confirm,
        Action::Confirm,
        Action::Confirm,
    ]);
    f.run([Action::SetLevel(4), Action::EarlierReview]);
    assert!(!f.ws().is_current());
    assert_eq!(
        f.ws().review().rating("all.1", "knowledge"),
        Rating::Level(2)
    );
    f.run([Action::SetLevel(5)]);
    assert!(f.app.message.as_deref().unwrap().contains("read-only"));
    // The detail offers no keys to change it, and says how to go back.
    let screen = drawn(&f.app, 120, 30);
    assert!(
        screen.contains("a closed review, read-only: ] goes back"),
        "{screen}"
    );
    assert!(!screen.contains("e: edit"), "{screen}");
    f.run([Action::EditNote]);
    assert_eq!(f.app.mode(), Mode::Browse);
    f.run([Action::LaterReview]);
    assert!(f.ws().is_current());
    assert_eq!(
        f.on_disk().current().rating("all.1", "knowledge"),
        Rating::Level(4)
    );
    assert_eq!(
        f.on_disk().reviews[0].rating("all.1", "knowledge"),
        Rating::Level(2)
    );
}

#[test]
fn the_compare_view_counts_changes_and_filters() {
    let mut f = fixture();
    f.run([Action::Compare]);
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .contains("no earlier review")
    );
    f.run([
        Action::Open,
        Action::Down,
        Action::SetLevel(2),
        Action::Down,
        Action::SetLevel(3),
    ]);
    f.run([
        Action::StartReview,
        Action::Confirm,
        Action::Confirm,
        Action::Confirm,
    ]);
    f.run([
        Action::SetLevel(1),
        Action::Up,
        Action::SetLevel(4),
        Action::Compare,
    ]);
    assert_eq!(f.app.mode(), Mode::Compare);
    let Pane::Compare(view) = &f.ws().pane else {
        panic!("compare view")
    };
    let counts = view.comparison.counts();
    assert_eq!((counts.up, counts.down), (1, 1));
    assert_eq!(view.shown.len(), 2);
    f.run([Action::ChangedOnly]);
    let Pane::Compare(view) = &f.ws().pane else {
        panic!("compare view")
    };
    assert!(view.changed_only);
    assert_eq!(view.shown.len(), 2);
    f.run([Action::Back]);
    assert_eq!(f.app.mode(), Mode::Browse);
}

#[test]
fn a_session_records_a_second_rater_flags_divergence_and_an_agreed_level() {
    let mut f = fixture();
    f.run([
        Action::Open,
        Action::Down,
        Action::SetLevel(4),
        Action::EditNote,
    ]);
    type_text(&mut f, "my private thoughts");
    f.run([Action::Back, Action::TogglePrivate, Action::Session]);
    assert_eq!(f.app.mode(), Mode::Session);
    // Add a coach; the numbers then set the coach's level.
    f.run([Action::AddRater]);
    assert_eq!(f.app.mode(), Mode::Prompt);
    type_text(&mut f, "Sam Patel");
    f.run([Action::Confirm]);
    assert_eq!(f.app.mode(), Mode::Session);
    f.run([Action::SetLevel(2)]);
    let disk = f.on_disk();
    let mark = disk.current().mark("all.1", "knowledge").unwrap();
    assert_eq!(mark.others["coach"].rating, Rating::Level(2));
    assert!(mark.to_discuss(), "2 levels apart is flagged");
    assert_eq!(
        mark.rating,
        Rating::Level(4),
        "the self-rating is untouched"
    );
    // r moves to Agreed; record 3, a session note and a next step.
    f.run([Action::NextRater, Action::SetLevel(3)]);
    f.run([Action::EditSessionNote]);
    type_text(&mut f, "talked it through");
    f.run([Action::Back, Action::EditNextStep]);
    type_text(&mut f, "shadow the place board");
    f.run([Action::Back]);
    let disk = f.on_disk();
    let mark = disk.current().mark("all.1", "knowledge").unwrap();
    assert_eq!(mark.agreed, Some(Rating::Level(3)));
    assert_eq!(mark.session_note, "talked it through");
    assert_eq!(mark.next_step, "shadow the place board");
    assert_eq!(mark.note, "my private thoughts", "the private note is kept");
    // Next and previous standard.
    f.run([Action::NextStandard]);
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 0,
            standard: 1
        }
    );
    f.run([Action::PrevStandard, Action::Back]);
    assert_eq!(f.app.mode(), Mode::Browse);
    let to_discuss = |f: &Fixture| -> Vec<Node> {
        f.ws()
            .tree
            .rows()
            .iter()
            .copied()
            .filter(|n| matches!(n, Node::Standard { .. }))
            .collect()
    };
    // With a level agreed it is discussed (✓), no longer to discuss: the
    // filter has nothing to show, so it is refused.
    f.run([Action::ToDiscuss]);
    assert!(!f.ws().tree.is_filtered());
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .starts_with("Nothing to discuss")
    );
    assert!(drawn(&f.app, 100, 30).contains("✓"));
    // Clear the agreed level: the filter lists the standard again (⚑),
    // and session mode counts within it. (Clearing a level recorded asks.)
    f.run([Action::Session, Action::NextRater, Action::NextRater]);
    f.run([Action::ClearRating, Action::Confirm]);
    f.run([Action::Back, Action::ToDiscuss]);
    assert_eq!(
        to_discuss(&f),
        [Node::Standard {
            theme: 0,
            standard: 0
        }]
    );
    assert!(drawn(&f.app, 100, 30).contains("⚑"));
    f.run([Action::Session]);
    assert!(drawn(&f.app, 100, 30).contains("1 of 1"));
    f.run([Action::Back, Action::ToDiscuss]);
    assert!(f.ws().tree.rows().len() > 3);
}

#[test]
fn private_notes_are_hidden_only_while_the_screen_is_shared() {
    let mut mark = Mark {
        note: "secret".into(),
        private: true,
        ..Mark::default()
    };
    assert_eq!(crate::model::review::visible_note(&mark, true), None);
    assert_eq!(
        crate::model::review::visible_note(&mark, false),
        Some("secret")
    );
    mark.private = false;
    assert_eq!(
        crate::model::review::visible_note(&mark, true),
        Some("secret")
    );
}

#[test]
fn open_another_goes_to_the_start_screen_listing_this_one() {
    let dir = tempfile::tempdir().unwrap();
    let home = store::Home::at(dir.path());
    let mut app = App::new(home.clone(), None, Clock::Fixed("12:00:00".into()));
    app.update(Action::NextField);
    for c in "Ana Lee".chars() {
        app.update(typed(c));
    }
    app.update(Action::Confirm);
    assert!(app.workspace().is_some());
    app.update(Action::OpenAnother);
    let Screen::Start(start) = &app.screen else {
        panic!("the start screen")
    };
    assert_eq!(start.existing.len(), 1);
    assert_eq!(start.focus, super::screens::start::Field::Existing);
    // Enter opens it again (the lock was let go).
    app.update(Action::Confirm);
    let ws = app.workspace().expect("reopened");
    assert_eq!(ws.doc.assessment.person.name, "Ana Lee");
    assert!(ws.doc.read_only.is_none());
}

#[test]
fn walking_crosses_themes_and_stops_at_the_ends() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::Session]);
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 0,
            standard: 0
        }
    );
    f.run([Action::PrevStandard]);
    assert_eq!(
        f.app.message.as_deref(),
        Some("This is the first standard.")
    );
    f.run([Action::NextStandard, Action::NextStandard]);
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 1,
            standard: 0
        }
    );
    f.run([Action::PrevStandard]);
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 0,
            standard: 1
        }
    );
    f.run([
        Action::NextStandard,
        Action::NextStandard,
        Action::NextStandard,
        Action::NextStandard,
    ]);
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 1,
            standard: 2
        }
    );
    assert_eq!(
        f.app.message.as_deref(),
        Some("That was the last standard.")
    );
}

#[test]
fn changes_are_saved_after_a_pause_but_never_later_than_the_longest_wait() {
    let mut f = fixture();
    let clock = f.app.clock.clone();
    let Screen::Assess(ws) = &mut f.app.screen else {
        panic!("an open assessment")
    };
    let t0 = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let at = |ms: u64| t0 + std::time::Duration::from_millis(ms);
    ws.changed(at(0));
    assert_eq!(
        ws.save,
        SaveState::Pending {
            since: at(0),
            due: at(1_000)
        }
    );
    // Each change pushes the save back by the delay...
    ws.changed(at(600));
    assert_eq!(
        ws.save,
        SaveState::Pending {
            since: at(0),
            due: at(1_600)
        }
    );
    // ...but never past the longest wait after the first unsaved change.
    ws.changed(at(9_500));
    assert_eq!(
        ws.save,
        SaveState::Pending {
            since: at(0),
            due: at(10_000)
        }
    );
    // Ticks before then hand nothing over; the one at `due` does.
    ws.tick(at(9_999), &clock);
    assert!(matches!(ws.save, SaveState::Pending { .. }));
    ws.tick(at(10_000), &clock);
    assert_eq!(
        ws.save,
        SaveState::Saved {
            at: "12:00:00".into()
        }
    );
    // A key past the longest wait only marks the save as due; the tick
    // after its frame hands it over, so the key never waits for the copy.
    ws.changed(at(10_100));
    ws.changed(at(20_500));
    assert_eq!(
        ws.save,
        SaveState::Pending {
            since: at(10_100),
            due: at(20_100)
        }
    );
    ws.tick(at(20_500), &clock);
    assert!(matches!(ws.save, SaveState::Saved { .. }), "{:?}", ws.save);
}

#[test]
fn a_tick_says_when_it_changed_what_the_screen_shows() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::SetLevel(3)]);
    f.app.update(Action::Tick);
    // Not due yet: nothing to draw again.
    assert!(!f.app.tick_changed);
    let Screen::Assess(ws) = &mut f.app.screen else {
        panic!("an open assessment")
    };
    let SaveState::Pending { since, .. } = ws.save else {
        panic!("a pending save, not {:?}", ws.save)
    };
    ws.save = SaveState::Pending { since, due: since };
    f.app.update(Action::Tick);
    assert!(f.app.tick_changed);
    f.app.update(Action::Tick);
    assert!(!f.app.tick_changed);
}

#[test]
fn with_background_saves_a_level_is_written_off_the_ui_thread_and_on_quit() {
    let mut f = fixture();
    f.app.save_in_background();
    f.run([Action::Open, Action::Down, Action::SetLevel(2)]);
    // Handing it over returns before the write is known to be done.
    let clock = f.app.clock.clone();
    if let Screen::Assess(ws) = &mut f.app.screen {
        ws.save_now(&clock);
        assert!(matches!(
            ws.save,
            SaveState::Writing | SaveState::Saved { .. }
        ));
    }
    f.run([Action::SetLevel(4), Action::Quit]);
    assert!(f.app.quit);
    assert_eq!(
        f.ws().save,
        SaveState::Saved {
            at: "12:00:00".into()
        },
        "quitting waits for the write"
    );
    assert_eq!(
        store::load_assessment(&f.path)
            .unwrap()
            .current()
            .rating("all.1", "knowledge"),
        Rating::Level(4)
    );
}

/// A Senior Leadership assessment in a home, with one closed review in a
/// file of its own (a note on `sl.place.1`) and a current one.
fn with_a_closed_review() -> (tempfile::TempDir, store::Home, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let home = store::Home::at(dir.path());
    let fw = crate::format::framework::by_id("senior-leadership")
        .unwrap()
        .unwrap();
    let path = store::new_assessment(&home, &fw, "Jo", "Director", None).unwrap();
    let mut doc = store::open(&home, &path).unwrap();
    let mark = doc
        .assessment
        .current_mut()
        .mark_mut("sl.place.1", "knowledge");
    mark.rating = Rating::Level(2);
    mark.note = "what I said then".into();
    doc.assessment
        .start_review("Next review", jiff::Zoned::now().date())
        .unwrap();
    doc.save().unwrap();
    assert_eq!(doc.assessment.earlier.len(), 1);
    drop(doc);
    (dir, home, path)
}

#[test]
fn closed_reviews_are_read_after_opening_and_history_waits_for_them() {
    let (_dir, home, path) = with_a_closed_review();
    let doc = store::open(&home, &path).unwrap();
    assert_eq!(
        doc.assessment.reviews.len(),
        1,
        "only the current one at first"
    );
    let mut app = App::new(home, Some(doc), Clock::Fixed("12:00:00".into()));
    app.update(Action::Resize(100, 30));
    let ws = app.workspace().unwrap();
    assert_eq!(ws.review_number(), (2, 2), "counted before they are read");
    assert!(ws.is_current());
    // Going back in history waits for them, then shows the closed review.
    app.update(Action::EarlierReview);
    let ws = app.workspace().unwrap();
    assert_eq!(ws.doc.assessment.reviews.len(), 2);
    assert_eq!(ws.review_number(), (1, 2));
    assert_eq!(
        ws.review().title,
        format!("{} review", jiff::Zoned::now().date().strftime("%B %Y"))
    );
    assert_eq!(
        ws.review().mark("sl.place.1", "knowledge").unwrap().note,
        "what I said then"
    );
    app.update(Action::LaterReview);
    let ws = app.workspace().unwrap();
    assert!(ws.is_current());
    assert_eq!(ws.review_number(), (2, 2));
    assert_eq!(
        ws.doc
            .assessment
            .earlier_notes(ws.viewing, "sl.place.1", "knowledge", false)
            .len(),
        1
    );
}

#[test]
fn closed_reviews_arrive_on_a_tick_and_a_later_save_leaves_their_file_alone() {
    let (_dir, home, path) = with_a_closed_review();
    let closed = path.with_file_name("jo.reviews");
    let files = || -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(&closed)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = files();
    assert_eq!(before.len(), 1);
    let doc = store::open(&home, &path).unwrap();
    let mut app = App::new(home, Some(doc), Clock::Fixed("12:00:00".into()));
    app.update(Action::Resize(100, 30));
    // A tick takes them in once the reader thread is done.
    while app.workspace().unwrap().doc.earlier_loading() {
        app.update(Action::Tick);
        std::thread::yield_now();
    }
    let ws = app.workspace().unwrap();
    assert_eq!(ws.doc.assessment.reviews.len(), 2);
    assert!(ws.is_current(), "still on the current review");
    app.update(Action::Open);
    app.update(Action::Down);
    app.update(Action::SetLevel(3));
    app.update(Action::Quit);
    assert!(app.quit);
    let saved = store::load_assessment(&path).unwrap();
    assert_eq!(saved.reviews.len(), 2);
    assert_eq!(
        files(),
        before,
        "the closed review's file is never rewritten"
    );
}

/// Jo's assessment opened as the app opens one (locked, its version on
/// disk known), saving as soon as a tick comes.
fn opened() -> (tempfile::TempDir, store::Home, PathBuf, App) {
    let dir = tempfile::tempdir().unwrap();
    let home = store::Home::at(dir.path());
    let fw = crate::format::framework::by_id("senior-leadership")
        .unwrap()
        .unwrap();
    let path = store::new_assessment(&home, &fw, "Jo", "Director", None).unwrap();
    let doc = store::open(&home, &path).unwrap();
    let mut app = App::new(home.clone(), Some(doc), Clock::Fixed("12:00:00".into()));
    app.update(Action::Resize(100, 30));
    app.conflict_quiet = std::time::Duration::ZERO;
    if let Screen::Assess(ws) = &mut app.screen {
        ws.save_delay = std::time::Duration::ZERO;
    }
    (dir, home, path, app)
}

/// Open the first theme, select its first standard and rate it `level`.
fn rate_first(app: &mut App, level: u8) {
    if let Screen::Assess(ws) = &mut app.screen {
        let node = Node::Standard {
            theme: 0,
            standard: 0,
        };
        ws.tree.reveal(&ws.doc.framework, node, 20);
    }
    app.update(Action::SetLevel(level));
    app.update(Action::Tick);
}

/// Another program writes the assessment: the same, with another role.
fn write_theirs(path: &std::path::Path, role: &str) -> Vec<u8> {
    let mut theirs = store::load_main(path).unwrap();
    theirs.person.role = role.into();
    let text = store::to_ron(&theirs).unwrap();
    std::fs::write(path, &text).unwrap();
    text.into_bytes()
}

fn conflict_copies(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut copies: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".conflict-"))
        .collect();
    copies.sort();
    copies
}

#[test]
fn another_program_s_version_is_never_written_over_and_keep_mine_keeps_it_aside() {
    let (_dir, home, path, mut app) = opened();
    rate_first(&mut app, 2);
    assert!(matches!(
        app.workspace().unwrap().save,
        SaveState::Saved { .. }
    ));
    let theirs = write_theirs(&path, "Written elsewhere");
    rate_first(&mut app, 3);
    let ws = app.workspace().unwrap();
    assert!(ws.in_conflict(), "{:?}", ws.save);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        theirs,
        "theirs was written over"
    );
    // Ours is in a conflict copy at once, and the question names it.
    let copies = conflict_copies(&home.assessments_dir());
    assert_eq!(copies.len(), 1);
    let Some(Confirm::Conflict {
        copy: Some(named), ..
    }) = app.confirm().cloned()
    else {
        panic!("no question naming the copy: {:?}", app.confirm())
    };
    assert_eq!(copies[0].file_name().unwrap().to_string_lossy(), named);
    // Decide later: the file stays theirs.
    app.update(Action::Back);
    assert_eq!(conflict_copies(&home.assessments_dir()), copies);
    let ours = store::load_main(&copies[0]).unwrap();
    assert_eq!(ours.person.role, "Director");
    // More changes go on into that copy, never into the file.
    app.update(Action::SetLevel(4));
    app.update(Action::Tick);
    assert_eq!(std::fs::read(&path).unwrap(), theirs);
    assert_eq!(
        conflict_copies(&home.assessments_dir()),
        copies,
        "the same copy, written again under the name the user was told"
    );
    let ours = store::load_main(&copies[0]).unwrap();
    let sel = app.workspace().unwrap().selected_mark().cloned().unwrap();
    assert_eq!(sel.rating, Rating::Level(4));
    assert!(
        ours.current()
            .marks
            .values()
            .any(|stages| stages.values().any(|m| m.rating == Rating::Level(4)))
    );
    // Ctrl-s asks again; keep mine: ours in the file, theirs in a copy.
    app.update(Action::Save);
    assert!(matches!(app.confirm(), Some(Confirm::Conflict { .. })));
    app.update(Action::KeepMine);
    app.update(Action::Tick);
    let ws = app.workspace().unwrap();
    assert!(matches!(ws.save, SaveState::Saved { .. }), "{:?}", ws.save);
    assert_eq!(store::load_main(&path).unwrap().person.role, "Director");
    let copies = conflict_copies(&home.assessments_dir());
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(std::fs::read(&copies[0]).unwrap(), theirs);
    // Neither copy is listed as an assessment.
    assert_eq!(store::assessment_files(&home).len(), 1);
}

#[test]
fn take_theirs_reloads_the_file_and_keeps_ours_as_a_copy() {
    let (_dir, home, path, mut app) = opened();
    rate_first(&mut app, 2);
    write_theirs(&path, "Written elsewhere");
    rate_first(&mut app, 3);
    assert!(matches!(app.confirm(), Some(Confirm::Conflict { .. })));
    let before = app.workspace().unwrap().tree.selected();
    app.update(Action::TakeTheirs);
    let ws = app.workspace().unwrap();
    assert_eq!(ws.doc.assessment.person.role, "Written elsewhere");
    assert_eq!(ws.tree.selected(), before, "the user is where they were");
    assert!(ws.doc.read_only.is_none(), "the reopened file is writable");
    assert!(!ws.in_conflict());
    let copies = conflict_copies(&home.assessments_dir());
    assert_eq!(copies.len(), 1);
    let ours = store::load_main(&copies[0]).unwrap();
    assert_eq!(ours.person.role, "Director");
    assert!(
        ours.current()
            .marks
            .values()
            .any(|stages| stages.values().any(|m| m.rating == Rating::Level(3)))
    );
}

#[test]
fn quitting_in_a_conflict_keeps_ours_in_a_copy_and_says_where() {
    let (_dir, home, path, mut app) = opened();
    rate_first(&mut app, 2);
    let theirs = write_theirs(&path, "Written elsewhere");
    rate_first(&mut app, 3);
    app.overlay = None;
    app.update(Action::Quit);
    assert!(app.quit);
    assert_eq!(std::fs::read(&path).unwrap(), theirs);
    let copies = conflict_copies(&home.assessments_dir());
    assert_eq!(copies.len(), 1);
    let note = app.exit_note.clone().unwrap();
    assert!(note.contains(&copies[0].display().to_string()), "{note}");
}

#[test]
fn the_same_bytes_written_again_by_another_program_are_no_conflict() {
    let (_dir, _home, path, mut app) = opened();
    rate_first(&mut app, 2);
    // A sync tool writes the same bytes as a new file.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    rate_first(&mut app, 3);
    let ws = app.workspace().unwrap();
    assert!(matches!(ws.save, SaveState::Saved { .. }), "{:?}", ws.save);
    assert!(app.confirm().is_none());
}

#[test]
fn a_read_only_second_reflect_becomes_writable_when_the_first_lets_go() {
    let (_dir, home, path, first) = opened();
    let doc = store::open(&home, &path).unwrap();
    assert_eq!(doc.read_only, Some(ReadOnly::Locked));
    let mut second = App::new(home.clone(), Some(doc), Clock::Fixed("12:00:00".into()));
    second.update(Action::Tick);
    assert!(second.workspace().unwrap().doc.read_only.is_some());
    drop(first);
    // The next look at the lock is due LOCK_CHECK after the last.
    std::thread::sleep(workspace::LOCK_CHECK);
    second.update(Action::Tick);
    let ws = second.workspace().unwrap();
    assert_eq!(ws.doc.read_only, None);
    assert!(ws.doc.holds_lock());
    let told = second.message.clone().unwrap();
    assert!(told.starts_with("Writable now"), "{told}");
}

/// A read-only second reflect is never left showing a stale version: when
/// the first saves, the second reloads (and stays read-only).
#[test]
fn a_read_only_second_reflect_shows_what_the_first_saves() {
    let (_dir, home, path, mut first) = opened();
    let doc = store::open(&home, &path).unwrap();
    let mut second = App::new(home.clone(), Some(doc), Clock::Fixed("12:00:00".into()));
    second.update(Action::Tick);
    rate_first(&mut first, 4);
    first.update(Action::Save);
    while !matches!(first.workspace().unwrap().save, SaveState::Saved { .. }) {
        first.update(Action::Tick);
    }
    std::thread::sleep(workspace::LOCK_CHECK);
    second.update(Action::Tick);
    let ws = second.workspace().unwrap();
    assert_eq!(ws.doc.read_only, Some(ReadOnly::Locked));
    assert_eq!(
        ws.doc.assessment.current(),
        first.workspace().unwrap().doc.assessment.current()
    );
    let told = second.message.clone().unwrap();
    assert!(told.starts_with("Reloaded"), "{told}");
    // Nothing new on disk: no reload, nothing said.
    second.message = None;
    std::thread::sleep(workspace::LOCK_CHECK);
    second.update(Action::Tick);
    assert_eq!(second.message, None);
}

#[test]
fn a_lock_file_removed_by_hand_is_noticed_and_made_again() {
    let (_dir, home, path, mut app) = opened();
    app.update(Action::Tick);
    let lock = PathBuf::from(format!("{}.lock", path.display()));
    std::fs::remove_file(&lock).unwrap();
    std::thread::sleep(workspace::LOCK_CHECK);
    app.update(Action::Tick);
    let told = app.message.clone().unwrap();
    assert!(told.contains("was removed"), "{told}");
    assert!(lock.exists());
    // And it keeps a second reflect out again.
    let second = store::open(&home, &path).unwrap();
    assert_eq!(second.read_only, Some(ReadOnly::Locked));
}

/// The token every private note holds: no drawn screen in session mode may
/// show it.
const PRIVATE: &str = "ZQXPRIVATE";

/// The fixture with a private note of Jo's on every standard and stage, a
/// coach, and the session started on the first standard.
fn in_session_with_private_notes() -> Fixture {
    let mut f = fixture();
    if let Screen::Assess(ws) = &mut f.app.screen {
        let fw = ws.doc.framework.clone();
        for theme in &fw.themes {
            for standard in &theme.standards {
                for stage in &fw.stages {
                    let m = ws
                        .doc
                        .assessment
                        .current_mut()
                        .mark_mut(&standard.id, &stage.id);
                    m.note = format!("{PRIVATE}-{}-{} my own words", standard.id, stage.id);
                    m.private = true;
                }
            }
        }
        ws.recount();
    }
    f.run([Action::AddRater, Action::Confirm]);
    f.run([Action::Down, Action::Open, Action::Down, Action::Session]);
    assert!(
        matches!(f.ws().pane, Pane::Session(_)),
        "{:?}",
        f.app.message
    );
    f
}

fn drawn(app: &App, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("a test terminal");
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .unwrap();
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol())
        .collect()
}

#[test]
fn in_a_session_e_on_a_private_note_asks_to_end_the_session_and_p_asks_before_showing_it() {
    let mut f = in_session_with_private_notes();
    f.run([Action::EditNote]);
    assert!(
        f.ws().editor.is_none(),
        "the private note was opened on the shared screen"
    );
    assert_eq!(f.app.confirm(), Some(&Confirm::EndSessionToEdit));
    assert!(!drawn(&f.app, 80, 24).contains(PRIVATE));
    f.run([Action::Back]);
    assert!(matches!(f.ws().pane, Pane::Session(_)));
    // p on the coach's row leaves Jo's note private.
    f.run([Action::NextRater, Action::TogglePrivate]);
    assert!(f.ws().selected_mark().unwrap().private);
    assert!(!drawn(&f.app, 80, 24).contains(PRIVATE));
    // p on Jo's own row asks first; no keeps it private.
    f.run([Action::NextRater, Action::NextRater, Action::TogglePrivate]);
    assert_eq!(f.app.confirm(), Some(&Confirm::MakePublic));
    f.run([Action::Back]);
    assert!(f.ws().selected_mark().unwrap().private);
    f.run([Action::TogglePrivate, Action::Confirm]);
    assert!(!f.ws().selected_mark().unwrap().private);
    // y to end the session opens the editor on the note, off the session.
    let mut f = in_session_with_private_notes();
    f.run([Action::EditNote, Action::Confirm]);
    assert!(matches!(f.ws().pane, Pane::Tree(_)));
    assert!(f.ws().editor.is_some());
}

fn session_action() -> impl proptest::strategy::Strategy<Value = Action> {
    use proptest::prelude::*;
    prop_oneof![
        Just(Action::NextStandard),
        Just(Action::PrevStandard),
        Just(Action::NextStage),
        Just(Action::PrevStage),
        Just(Action::NextRater),
        (1u8..=4).prop_map(Action::SetLevel),
        Just(Action::NotApplicable),
        Just(Action::EditNote),
        Just(Action::EditSessionNote),
        Just(Action::EditNextStep),
        Just(Action::TogglePrivate),
        Just(Action::Confirm),
        Just(Action::Back),
        Just(Action::Undo),
        Just(Action::Redo),
        Just(Action::ToDiscuss),
        Just(Action::ToggleHelp),
        Just(Action::AddRater),
        Just(Action::Session),
        Just(Action::DetailDown),
        Just(Action::Down),
        Just(Action::Open),
        Just(Action::Tick),
        prop_oneof![Just('a'), Just('p'), Just('e'), Just(' ')].prop_map(typed),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever keys are pressed, while the session is on no drawn screen
    /// (at three sizes) shows a private note's words.
    #[test]
    fn no_key_sequence_shows_a_private_note_in_session_mode(
        actions in proptest::collection::vec(session_action(), 1..40)
    ) {
        let mut f = in_session_with_private_notes();
        for action in actions {
            f.app.update(action);
            let in_session = f
                .app
                .workspace()
                .is_some_and(|ws| matches!(ws.pane, Pane::Session(_)));
            if !in_session {
                // Ended (which shows private notes again, as it should):
                // start again.
                f.app.overlay = None;
                f.app.overlay = None;
                f.app.overlay = None;
                if let Screen::Assess(ws) = &mut f.app.screen {
                    ws.editor = None;
                }
                f.app.update(Action::Session);
                continue;
            }
            // Notes made public (which asks first) may be shown; no
            // note still private may.
            let secrets: Vec<String> = f
                .ws()
                .review()
                .marks
                .iter()
                .flat_map(|(id, stages)| {
                    stages
                        .iter()
                        .filter(|(_, m)| m.private)
                        .map(move |(stage, _)| format!("{PRIVATE}-{id}-{stage}"))
                })
                .collect();
            for (w, h) in [(80, 24), (40, 12), (120, 40)] {
                let screen = drawn(&f.app, w, h);
                for secret in &secrets {
                    proptest::prop_assert!(
                        !screen.contains(secret.as_str()),
                        "{} drawn at {}x{}:\n{}", secret, w, h, screen
                    );
                }
            }
        }
    }
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down]);
    let before = f.selected();
    f.run([Action::Resize(30, 10)]);
    f.run([
        Action::SetLevel(3),
        Action::Down,
        Action::EditNote,
        typed('x'),
    ]);
    assert_eq!(f.selected(), before);
    assert!(f.ws().editor.is_none());
    assert_eq!(f.ws().selected_mark(), None, "a level was set unseen");
    assert!(matches!(f.ws().save, SaveState::Opened));
    // Large enough again, keys work.
    f.run([Action::Resize(80, 24), Action::SetLevel(3)]);
    assert_eq!(f.ws().selected_mark().unwrap().rating, Rating::Level(3));
}

/// The fastest of `runs` runs of `work` (given the run's number).
fn fastest(runs: usize, mut work: impl FnMut(usize)) -> std::time::Duration {
    (0..runs)
        .map(|i| {
            let started = std::time::Instant::now();
            work(i);
            started.elapsed()
        })
        .min()
        .unwrap()
}

/// Put `note` on the first standard at the first stage, as if loaded.
fn set_first_note(f: &mut Fixture, note: String) {
    if let Screen::Assess(ws) = &mut f.app.screen {
        ws.doc
            .assessment
            .current_mut()
            .mark_mut("all.1", "knowledge")
            .note = note;
    }
}

/// A note of any size costs a frame only what can be seen: drawing a
/// standard with a 16 MB note (one line, and many lines) takes no more
/// than a few times a frame with a short one, measured in the same run.
#[test]
fn a_huge_note_costs_a_frame_only_what_is_visible() {
    let fastest_frame = |f: &Fixture| {
        fastest(5, |_| {
            drawn(&f.app, 120, 40);
        })
    };
    let mut f = fixture();
    f.run([Action::Open, Action::Down]);
    set_first_note(&mut f, "A short note.".into());
    let floor = fastest_frame(&f);
    let huge_line = "word ".repeat(16 << 20 >> 3) + "END-OF-LINE";
    set_first_note(&mut f, huge_line);
    let one_line = fastest_frame(&f);
    set_first_note(&mut f, "a line of a note\n".repeat(16 << 20 >> 4) + "LAST");
    let many_lines = fastest_frame(&f);
    let screen = drawn(&f.app, 120, 40);
    assert!(screen.contains("a line of a note"));
    assert!(!screen.contains("LAST"));
    for (what, took) in [("one line", one_line), ("many lines", many_lines)] {
        assert!(
            took < floor * 10 + std::time::Duration::from_millis(5),
            "{what}: {took:?} a frame, against {floor:?} with a short note"
        );
    }
}

/// Typing into a 16 MB note (one line, and many lines) costs a key and its
/// frame no more than a few times what it costs in a short note, measured
/// in the same run; and the note is whole when the editor closes.
#[test]
fn a_huge_note_costs_the_editor_only_what_is_visible() {
    let fastest_key = |f: &mut Fixture| {
        fastest(10, |i| {
            f.app.update(if i % 2 == 0 {
                typed('x')
            } else {
                Action::Input(Input::from(KeyEvent::new(
                    KeyCode::Backspace,
                    KeyModifiers::NONE,
                )))
            });
            drawn(&f.app, 120, 40);
        })
    };
    let mut f = fixture();
    f.run([Action::Open, Action::Down]);
    let edit = |f: &mut Fixture, note: String| {
        set_first_note(f, note);
        f.run([Action::EditNote]);
        drawn(&f.app, 120, 40);
        let took = fastest_key(f);
        f.run([Action::Back]);
        took
    };
    let floor = edit(&mut f, "A short note.".into());
    let huge_line = "word ".repeat(16 << 20 >> 3) + "END-OF-LINE";
    let one_line = edit(&mut f, huge_line.clone());
    assert_eq!(f.ws().selected_mark().unwrap().note, huge_line);
    let many = "a line of a note\n".repeat(16 << 20 >> 4) + "LAST";
    let many_lines = edit(&mut f, many.clone());
    assert_eq!(f.ws().selected_mark().unwrap().note, many);
    for (what, took) in [("one line", one_line), ("many lines", many_lines)] {
        assert!(
            took < floor * 10 + std::time::Duration::from_millis(5),
            "{what}: {took:?} a key, against {floor:?} in a short note"
        );
    }
}

#[test]
fn the_conflict_question_waits_for_the_editor_to_close_and_a_pause() {
    let (_dir, home, path, mut app) = opened();
    rate_first(&mut app, 2);
    let theirs = write_theirs(&path, "Written elsewhere");
    app.update(Action::EditNote);
    for c in "keep typing".chars() {
        app.update(typed(c));
    }
    // The longest wait is up: the save finds the conflict while typing.
    if let Screen::Assess(ws) = &mut app.screen {
        ws.save_soon(std::time::Instant::now());
    }
    app.update(Action::Tick);
    assert!(app.workspace().unwrap().in_conflict());
    assert!(app.confirm().is_none(), "asked over the note editor");
    // Typing goes on, into the editor, never into a question; "t" and "k"
    // are only letters.
    for c in " to the end".chars() {
        app.update(typed(c));
        app.update(Action::Tick);
    }
    assert!(app.confirm().is_none());
    assert_eq!(std::fs::read(&path).unwrap(), theirs);
    let copies = conflict_copies(&home.assessments_dir());
    assert_eq!(copies.len(), 1);
    let ours = std::fs::read_to_string(&copies[0]).unwrap();
    assert!(ours.contains("keep typing to the end"), "{ours}");
    // Leaving the editor, then a pause: asked now.
    app.conflict_quiet = std::time::Duration::from_secs(3600);
    app.update(Action::Back);
    app.update(Action::Tick);
    assert!(app.confirm().is_none(), "asked before the user paused");
    app.conflict_quiet = std::time::Duration::ZERO;
    app.update(Action::Tick);
    assert!(matches!(app.confirm(), Some(Confirm::Conflict { .. })));
}

#[test]
fn in_a_session_undo_never_shows_a_note_made_private_before_it() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::EditNote]);
    for c in "SECRETNOTE about my boss".chars() {
        f.run([typed(c)]);
    }
    f.run([Action::Back, Action::TogglePrivate]);
    assert!(f.ws().selected_mark().unwrap().private);
    f.run([Action::Session]);
    assert!(matches!(f.ws().pane, Pane::Session(_)));
    f.run([Action::Undo]);
    assert!(
        f.ws().selected_mark().unwrap().private,
        "undo made it public"
    );
    assert!(!drawn(&f.app, 80, 24).contains("SECRETNOTE"));
    assert!(f.app.message.as_deref().unwrap().contains("private"));
    // Out of the session, undo does it.
    f.run([Action::Back, Action::Undo]);
    assert!(!f.ws().selected_mark().unwrap().private);
}

fn type_into_search(f: &mut Fixture, text: &str) {
    f.run([Action::Search]);
    assert_eq!(f.app.mode(), Mode::Search);
    type_text(f, text);
}

#[test]
fn typing_in_the_search_box_never_runs_a_command() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::SetLevel(3)]);
    let before = f.on_disk();
    // "u" is undo, "q" quit, "3" a level, "-" not applicable, "x" clear:
    // in the box they are only letters.
    type_into_search(&mut f, "quxe3-");
    assert_eq!(f.app.mode(), Mode::Search);
    assert!(!f.app.quit);
    assert_eq!(f.on_disk(), before);
    let Some(Overlay::Search(search)) = &f.app.overlay else {
        panic!("the search box is gone");
    };
    assert_eq!(search.query(), "quxe3-");
}

#[test]
fn the_search_follows_typing_and_n_and_shift_n_walk_the_finds() {
    let mut f = fixture();
    let all2 = Node::Standard {
        theme: 0,
        standard: 1,
    };
    // A note that holds the word, on the last standard.
    f.run([Action::Open, Action::Down, Action::Down]);
    assert_eq!(f.selected(), all2);
    f.run([Action::EditNote]);
    type_text(&mut f, "trust matters");
    f.run([Action::Back, Action::First]);
    // Incremental: "staged" finds the standards of the second theme.
    type_into_search(&mut f, "staged.");
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 1,
            standard: 0
        }
    );
    f.run([Action::Confirm]);
    assert_eq!(f.app.mode(), Mode::Browse);
    assert!(f.app.message.as_deref().unwrap().starts_with("3 found"));
    f.run([Action::NextMatch]);
    assert_eq!(f.app.message.as_deref(), Some("2 of 3: \"staged.\""));
    f.run([Action::PrevMatch, Action::PrevMatch]);
    // Round the start to the last.
    assert_eq!(f.app.message.as_deref(), Some("3 of 3: \"staged.\""));
    // A note is searched too; Esc in the box goes back to where it began.
    let here = f.selected();
    f.run([Action::Search]);
    for _ in 0..7 {
        f.run([Action::Input(Input::from(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )))]);
    }
    type_text(&mut f, "TRUST");
    assert_eq!(f.selected(), all2);
    assert!(f.ws().is_match(all2));
    f.run([Action::Back]);
    assert_eq!(f.selected(), here);
    assert!(f.ws().search.is_none());
    // Enter keeps it; Esc in the tree clears it.
    type_into_search(&mut f, "trust");
    f.run([Action::Confirm, Action::ClearSearch]);
    assert!(f.ws().search.is_none());
    assert_eq!(f.app.message.as_deref(), Some("Search cleared."));
}

#[test]
fn a_search_in_session_mode_never_finds_a_private_note() {
    let mut f = in_session_with_private_notes();
    let here = f.selected();
    type_into_search(&mut f, "my own words");
    assert!(f.ws().search.as_ref().unwrap().hits.is_empty());
    f.run([Action::Confirm]);
    assert_eq!(f.app.message.as_deref(), Some("Nothing found."));
    // Nothing moved: the search gave nothing away.
    assert_eq!(f.selected(), here);
    // Out of session mode the same words are found (the first Esc clears
    // the search, the second ends the session).
    f.run([Action::Back, Action::Back, Action::Search]);
    type_text(&mut f, "");
    f.run([Action::Back]);
    type_into_search(&mut f, "my own words");
    assert!(!f.ws().search.as_ref().unwrap().hits.is_empty());
}

/// Every row of the screen, as text.
fn screen_rows(app: &App, width: u16, height: u16) -> Vec<String> {
    let text = drawn(app, width, height);
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(usize::from(width))
        .map(|row| row.iter().collect())
        .collect()
}

#[test]
fn session_mode_scrolls_to_everything_and_stops_at_the_last_line() {
    for (w, h) in [(80, 24), (40, 12)] {
        let mut f = fixture();
        f.run([Action::AddRater, Action::Confirm]);
        f.run([Action::Open, Action::Down, Action::Session]);
        f.run([Action::EditSessionNote]);
        let long: String = (1..=60).map(|i| format!("said {i}\n")).collect();
        f.run([Action::Paste(long + "the last word")]);
        f.run([Action::Back, Action::EditNextStep]);
        f.run([Action::Paste("book the follow-up".into())]);
        f.run([Action::Back, Action::Resize(w, h)]);
        let mut seen = String::new();
        for _ in 0..80 {
            seen.push_str(&screen_rows(&f.app, w, h).join("\n"));
            f.run([Action::DetailDown]);
        }
        for wanted in [
            "Standard all.1",
            "Ratings",
            "▶ Self (Jo)",
            "  Agreed ",
            "L4",
            "Agreed next step",
            "book the follow-up",
            "Session note",
            "the last word",
        ] {
            assert!(seen.contains(wanted), "{w}x{h}: never showed {wanted:?}");
        }
        // At the end it stops: one step up moves at once.
        f.run([Action::Last]);
        let end = screen_rows(&f.app, w, h);
        f.run([Action::DetailDown]);
        assert_eq!(
            screen_rows(&f.app, w, h),
            end,
            "{w}x{h}: scrolled past the end"
        );
        f.run([Action::DetailUp]);
        assert_ne!(screen_rows(&f.app, w, h), end, "{w}x{h}: Up did not move");
        // Another standard starts at its top.
        f.run([Action::NextStandard]);
        let Pane::Session(view) = &f.ws().pane else {
            panic!()
        };
        assert_eq!(view.scroll, 0);
    }
}

/// The rule for whose level the numbers set in session mode: the choice
/// is kept from one standard to the next (a coach rates down the list),
/// shown in the title and said on every move, and a level another person
/// already gave is replaced only once asked.
#[test]
fn the_numbers_keep_rating_whoever_was_chosen_and_replacing_a_level_asks_first() {
    let mut f = fixture();
    f.run([Action::AddRater]);
    type_text(&mut f, "Sam");
    f.run([Action::Confirm]);
    f.run([Action::Open, Action::Down, Action::Session]);
    f.run([Action::NextRater]);
    let top = screen_rows(&f.app, 80, 24)[1].clone();
    assert!(top.contains("Numbers rate: Sam"), "{top}");
    f.run([Action::SetLevel(2)]);
    f.run([Action::NextStandard]);
    let Pane::Session(view) = &f.ws().pane else {
        panic!()
    };
    assert_eq!(view.who, screens::session::Who::Rater("coach".into()));
    let said = f.app.message.clone().unwrap();
    assert!(
        said.contains("The numbers still rate Sam (coach)"),
        "{said}"
    );
    let top = screen_rows(&f.app, 80, 24)[1].clone();
    assert!(top.contains("Numbers rate: Sam"), "{top}");
    // A first level for Sam here needs no question.
    f.run([Action::SetLevel(3)]);
    assert_eq!(f.app.mode(), Mode::Session);
    // Back on the first standard, replacing Sam's 2 asks first; no keeps it.
    f.run([Action::PrevStandard, Action::SetLevel(4)]);
    assert_eq!(f.app.mode(), Mode::Confirm);
    let Some(Overlay::Confirm(question)) = &f.app.overlay else {
        panic!()
    };
    let asked = question.question(&f.app.keymap);
    assert!(
        asked.contains("Replace the level Sam (coach) gave here, 2 L2"),
        "{asked}"
    );
    f.run([Action::Back]);
    let a = f.on_disk();
    let first = a.current().mark("all.1", "knowledge").unwrap();
    assert_eq!(first.others["coach"].rating, Rating::Level(2));
    // The coach's note editor names whose note it is.
    f.run([Action::EditNote]);
    let screen = drawn(&f.app, 100, 30);
    assert!(screen.contains("Note by Sam (coach)"), "{screen}");
    f.run([Action::Back]);
    // Yes replaces it; the same level again asks nothing.
    f.run([Action::SetLevel(4), Action::Confirm]);
    f.run([Action::SetLevel(4)]);
    assert_eq!(f.app.mode(), Mode::Session);
    let a = f.on_disk();
    let first = a.current().mark("all.1", "knowledge").unwrap();
    assert_eq!(first.others["coach"].rating, Rating::Level(4));
    assert!(first.rating.is_unrated(), "Jo's own level is untouched");
    assert_eq!(
        a.current().mark("all.2", "knowledge").unwrap().others["coach"].rating,
        Rating::Level(3)
    );
    // The person's own level is changed at once, as in the tree.
    f.run([Action::NextRater, Action::NextRater, Action::SetLevel(1)]);
    f.run([Action::SetLevel(2)]);
    assert_eq!(f.app.mode(), Mode::Session);
    assert_eq!(
        f.on_disk()
            .current()
            .mark("all.1", "knowledge")
            .unwrap()
            .rating,
        Rating::Level(2)
    );
}

#[test]
fn the_help_opens_at_the_keys_of_the_screen_and_shows_the_scale_s_real_range() {
    let mut f = fixture();
    f.run([Action::ToggleHelp]);
    assert_eq!(
        f.app.help_scroll(),
        Some(0),
        "browsing is the first section"
    );
    let screen = drawn(&f.app, 100, 30);
    // The fixture's scale is 1 to 4.
    assert!(screen.contains("1 … 4"), "{screen}");
    assert!(!screen.contains("… 9"), "{screen}");
    f.run([Action::Back, Action::Open, Action::Down, Action::Session]);
    f.run([Action::ToggleHelp]);
    assert!(f.app.help_scroll().unwrap() > 0);
    let rows = screen_rows(&f.app, 100, 30);
    assert!(
        rows[2].contains("Session mode"),
        "opened at session mode's keys: {rows:#?}"
    );
}

#[test]
fn filters_combine_and_the_tree_s_title_counts_what_passes() {
    let mut f = fixture();
    // all.1: a level and a note; all.2: a note only; staged.k1: a level.
    f.run([
        Action::Open,
        Action::Down,
        Action::SetLevel(2),
        Action::EditNote,
    ]);
    type_text(&mut f, "first");
    f.run([Action::Back, Action::Down, Action::EditNote]);
    type_text(&mut f, "second");
    f.run([Action::Back]);
    f.run([Action::Filters]);
    assert_eq!(f.app.mode(), Mode::Filters);
    let Some(Overlay::Filters(menu)) = &f.app.overlay else {
        panic!()
    };
    // Unrated at this stage: all.2 and the three staged ones (each at its
    // own stage); with a note: all.1 and all.2.
    assert_eq!(menu.counts[..2], [4, 2]);
    f.run([Action::Confirm]); // unrated
    assert_eq!(
        f.app.message.as_deref(),
        Some("4 of 5 standards: unrated at this stage.")
    );
    f.run([Action::Down, Action::Confirm]); // and has a note
    assert_eq!(
        f.app.message.as_deref(),
        Some("1 of 5 standards: unrated at this stage, has a note.")
    );
    f.run([Action::Back]);
    let standards: Vec<Node> = f
        .ws()
        .tree
        .rows()
        .iter()
        .copied()
        .filter(|n| matches!(n, Node::Standard { .. }))
        .collect();
    assert_eq!(
        standards,
        [Node::Standard {
            theme: 0,
            standard: 1
        }]
    );
    let top = screen_rows(&f.app, 100, 30)[1].clone();
    assert!(
        top.contains("1 of 5 (f filters): unrated at this stage"),
        "{top}"
    );
    // Session mode walks the same, and counts within it.
    f.run([Action::Session]);
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 0,
            standard: 1
        }
    );
    assert!(screen_rows(&f.app, 100, 30)[1].contains("1 of 1"));
    f.run([Action::NextStandard]);
    assert_eq!(
        f.app.message.as_deref(),
        Some("That was the last standard.")
    );
    // Ticked off again, every standard shows.
    f.run([
        Action::Back,
        Action::Filters,
        Action::Confirm,
        Action::Down,
        Action::Confirm,
        Action::Back,
    ]);
    assert_eq!(f.app.message.as_deref(), Some("Showing every standard."));
    assert!(!f.ws().tree.is_filtered());
}

#[test]
fn an_assessment_opens_where_it_was_left_and_o_then_esc_goes_back_to_it() {
    let mut f = fixture();
    // The first theme's second standard, at the second stage.
    f.run([Action::Open, Action::Down, Action::Down]);
    f.run([Action::NextStage, Action::Quit]);
    let here = f.selected();
    assert_eq!(
        here,
        Node::Standard {
            theme: 0,
            standard: 1
        }
    );
    let home = f.app.home.clone();
    let path = f.path.clone();
    let doc = Document::detached(&path, f.on_disk(), framework());
    let again = App::new(home.clone(), Some(doc), Clock::Fixed("12:00:00".into()));
    let ws = again.workspace().unwrap();
    assert_eq!(ws.tree.selected(), here, "the same standard is selected");
    assert_eq!(ws.stage, 1, "at the same stage");
    drop(again);
    // o goes to the start screen; Esc comes back instead of quitting (the
    // file is opened again, so its framework must be one reflect knows).
    let mut f = fixture();
    let frameworks = f.app.home.frameworks_dir();
    std::fs::create_dir_all(&frameworks).unwrap();
    std::fs::write(
        frameworks.join("test.ron"),
        crate::format::to_ron(&framework()).unwrap(),
    )
    .unwrap();
    f.run([Action::Down, Action::Open, Action::OpenAnother]);
    assert_eq!(f.app.mode(), Mode::Start);
    f.run([Action::Back]);
    assert!(!f.app.quit);
    assert_eq!(f.app.mode(), Mode::Browse);
    assert_eq!(f.selected(), Node::Theme(1));
    assert!(f.ws().tree.is_open(Node::Theme(1)));
    // A second Esc on a fresh start screen quits, as before.
    f.run([Action::OpenAnother, Action::Back]);
    assert_eq!(f.app.mode(), Mode::Browse);
}

#[test]
fn a_standard_of_one_stage_keeps_it_and_the_status_line_names_it() {
    let mut f = fixture();
    // The second theme's standards are rated at one stage each.
    // The stage moved on first (on a theme row), to Gaining experience.
    f.run([Action::Down, Action::NextStage]);
    assert_eq!(f.ws().stage, 1);
    f.run([Action::Open, Action::Down, Action::Open, Action::Down]);
    let Node::Standard { theme: 1, standard } = f.selected() else {
        panic!("{:?}", f.selected());
    };
    let own = [
        "Acquiring knowledge",
        "Gaining experience",
        "Sharpening judgement",
    ][standard];
    assert_eq!(
        own, "Acquiring knowledge",
        "a standard of another stage than the one set"
    );
    let stage = f.ws().stage;
    f.run([Action::NextStage]);
    assert_eq!(f.ws().stage, stage, "Tab does not pretend to change it");
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .contains(&format!("rated at {own} only"))
    );
    f.run([Action::DetailDown]);
    let status = screen_rows(&f.app, 100, 30).pop().unwrap();
    assert!(status.contains(&format!("stage: {own}")), "{status}");
}

#[test]
fn the_detail_pane_stops_scrolling_at_its_last_line() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::Resize(80, 14)]);
    for _ in 0..50 {
        f.run([Action::DetailDown]);
    }
    let end = screen_rows(&f.app, 80, 14);
    let at = f.ws().detail_scroll;
    assert!(at > 0 && at < 150, "stopped at {at}");
    f.run([Action::DetailDown]);
    assert_eq!(f.ws().detail_scroll, at);
    f.run([Action::DetailUp]);
    assert_ne!(screen_rows(&f.app, 80, 14), end, "Up moves at once");
}

#[test]
fn a_click_on_a_level_of_the_scale_sets_it() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down]);
    let rows = screen_rows(&f.app, 100, 30);
    let areas = layout::Areas::new(f.app.size);
    let at = |rows: &[String], wanted: &str| -> (u16, u16) {
        let y = rows
            .iter()
            .position(|r| {
                r.chars()
                    .skip(usize::from(areas.detail.x))
                    .collect::<String>()
                    .contains(wanted)
            })
            .unwrap_or_else(|| panic!("{wanted} not on screen: {rows:#?}"));
        (areas.detail.x + 10, u16::try_from(y).unwrap())
    };
    let (x, y) = at(&rows, "3 L3");
    f.run([Action::Click(x, y)]);
    assert_eq!(
        f.on_disk().current().rating("all.1", "knowledge"),
        Rating::Level(3)
    );
    let (x, y) = at(&rows, "Not applicable");
    f.run([Action::Click(x, y)]);
    assert_eq!(
        f.on_disk().current().rating("all.1", "knowledge"),
        Rating::NotApplicable
    );
    // A click elsewhere in the detail sets nothing.
    let (x, y) = at(&rows, "Standard all.1");
    f.run([Action::Click(x, y)]);
    assert_eq!(
        f.on_disk().current().rating("all.1", "knowledge"),
        Rating::NotApplicable
    );
}

#[test]
fn in_session_mode_esc_clears_a_search_before_it_ends_the_session() {
    let mut f = in_session_with_private_notes();
    type_into_search(&mut f, "Standard");
    f.run([Action::Confirm]);
    assert!(f.ws().search.is_some());
    f.run([Action::Back]);
    assert!(f.ws().search.is_none());
    assert!(
        matches!(f.ws().pane, Pane::Session(_)),
        "still in session mode"
    );
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .starts_with("Search cleared.")
    );
    f.run([Action::Back]);
    assert!(matches!(f.ws().pane, Pane::Tree(_)));
}

#[test]
fn with_nothing_to_discuss_the_filter_is_refused_and_the_place_kept() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::Down]);
    let here = f.selected();
    f.run([Action::ToDiscuss]);
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .starts_with("Nothing to discuss")
    );
    assert!(!f.ws().discuss_only && !f.ws().tree.is_filtered());
    assert_eq!(f.selected(), here);
}

#[test]
fn raters_are_renamed_removed_to_archived_and_each_change_undone() {
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::Session]);
    // Add Sam from the list; the list shows again with Sam selected.
    f.run([Action::Raters]);
    assert_eq!(f.app.mode(), Mode::Raters);
    f.run([Action::AddRater]);
    type_text(&mut f, "Sam");
    f.run([Action::Confirm]);
    assert_eq!(f.app.mode(), Mode::Raters);
    assert!(drawn(&f.app, 80, 24).contains("Sam (coach) · nothing yet"));
    // Sam rates 4 against the person's 1: to discuss.
    f.run([Action::Back, Action::SetLevel(1), Action::NextRater]);
    f.run([Action::SetLevel(4)]);
    assert!(
        f.ws()
            .review()
            .mark("all.1", "knowledge")
            .unwrap()
            .to_discuss(),
        "{:?} {:?}",
        f.ws().review().marks,
        f.app.message
    );

    // Rename: the prompt starts from the name; the id and views stay.
    f.run([Action::Raters, Action::RenameRater]);
    assert_eq!(f.app.mode(), Mode::Prompt);
    type_text(&mut f, " Patel");
    f.run([Action::Confirm]);
    assert_eq!(f.app.mode(), Mode::Raters);
    let disk = f.on_disk();
    assert_eq!(disk.current().rater("coach").unwrap().name, "Sam Patel");
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .contains("Renamed Sam (coach) to Sam Patel (coach)")
    );

    // Remove asks first; no keeps everything.
    f.run([Action::RemoveRater]);
    assert_eq!(f.app.mode(), Mode::Confirm);
    assert!(drawn(&f.app, 80, 24).contains("Remove Sam Patel (coach)"));
    f.run([Action::Back]);
    assert_eq!(f.app.mode(), Mode::Raters);
    assert_eq!(f.ws().review().raters.len(), 1);
    // Yes: Sam goes to Archived with the 4, out of "to discuss", and the
    // numbers rate the person again.
    f.run([Action::RemoveRater, Action::Confirm]);
    assert_eq!(f.app.mode(), Mode::Raters);
    let disk = f.on_disk();
    let review = disk.current();
    assert!(review.raters.is_empty());
    assert_eq!(review.archived_raters[0].rater.name, "Sam Patel");
    assert_eq!(
        review.archived_raters[0].views["all.1"]["knowledge"].rating,
        Rating::Level(4)
    );
    assert!(!review.mark("all.1", "knowledge").unwrap().to_discuss());
    assert!(drawn(&f.app, 80, 24).contains("Archived"));
    let Pane::Session(view) = &f.ws().pane else {
        panic!()
    };
    assert_eq!(view.who, screens::session::Who::Own);
    // The tree's detail shows the archived 4 apart from the comparison.
    f.run([Action::Back, Action::Back]);
    let screen = drawn(&f.app, 100, 40);
    assert!(screen.contains("Archived raters"), "{screen}");
    f.run([Action::Session, Action::Raters]);

    // Undo brings Sam back with the 4; redo removes again; undo, undo
    // takes back the rename.
    f.run([Action::Undo]);
    assert!(
        f.app
            .message
            .as_deref()
            .unwrap()
            .starts_with("Undid: removing Sam Patel (coach)"),
        "{:?}",
        f.app.message
    );
    let review = f.ws().review();
    assert_eq!(review.raters[0].name, "Sam Patel");
    assert!(review.archived_raters.is_empty());
    assert!(review.mark("all.1", "knowledge").unwrap().to_discuss());
    f.run([Action::Redo]);
    assert!(f.ws().review().raters.is_empty());
    f.run([Action::Undo, Action::Undo]);
    assert_eq!(f.ws().review().raters[0].name, "Sam");
    assert_eq!(f.on_disk().current().raters[0].name, "Sam", "saved too");

    // Bring back from Archived with its key, after removing again.
    f.run([Action::RemoveRater, Action::Confirm, Action::RestoreRater]);
    assert_eq!(f.ws().review().raters[0].name, "Sam");
    assert!(f.app.message.as_deref().unwrap().contains("is back"));
}

#[test]
fn adding_a_rater_is_undone_like_any_change() {
    let mut f = fixture();
    f.run([Action::AddRater]);
    type_text(&mut f, "Lee");
    f.run([Action::Down, Action::Confirm]);
    assert_eq!(f.ws().review().raters[0].display(), "Lee (line manager)");
    f.run([Action::Undo]);
    assert!(f.ws().review().raters.is_empty());
    assert_eq!(
        f.app.message.as_deref(),
        Some("Undid: adding Lee (line manager) (0 more)")
    );
    // With no one to rename or remove, the list says how to add.
    f.run([Action::Raters, Action::RemoveRater]);
    assert!(f.app.message.as_deref().unwrap().contains("a adds someone"));
    assert!(drawn(&f.app, 40, 12).contains("No one else"));
}

/// A note's wrapped rows in the detail (and session mode) never start with
/// a space or a comma, whatever spacing the writer used.
#[test]
fn wrapped_note_rows_never_start_with_a_space_or_a_comma() {
    let note = "Partnership board meets monthly.  Then we review the data , and the plan ; \
                reports go to cabinet , scrutiny and the  safeguarding board .";
    let mut f = fixture();
    f.run([Action::Open, Action::Down, Action::EditNote]);
    type_text(&mut f, note);
    f.run([Action::Back]);
    let mut checked = 0;
    for width in 40..=100 {
        for session in [false, true] {
            if session {
                f.run([Action::Session]);
            }
            let rows = screen_rows(&f.app, width, 40);
            // The rows of the note: those after the one it starts on.
            let start = rows
                .iter()
                .position(|r| r.contains("Partnership"))
                .expect("the note is shown");
            let words = [
                "Then", "review", "data", "plan", "reports", "cabinet", "scrutiny",
            ];
            for row in &rows[start + 1..] {
                let inside: String = row
                    .split('│')
                    .filter(|part| words.iter().any(|w| part.contains(w)))
                    .collect();
                if inside.is_empty() {
                    continue;
                }
                // The session page indents its notes; the detail does not.
                let body = if session {
                    inside.trim_start()
                } else {
                    &inside[..]
                };
                let first = body.chars().next().unwrap();
                assert!(
                    !matches!(first, ' ' | '\u{a0}' | ',' | ';' | '.'),
                    "at {width} columns{}: {row:?}",
                    if session { " in session mode" } else { "" }
                );
                checked += 1;
            }
            if session {
                f.run([Action::Back]);
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

/// The theme's detail names the key that does what can be done now, and
/// at 40 columns its figures and session mode's scale stay readable.
#[test]
fn narrow_panes_keep_figures_and_the_scale_readable() {
    let mut f = fixture();
    // The first theme, closed: the status line offers to open it, not to
    // rate (which needs a standard).
    assert!(matches!(f.selected(), Node::Theme(0)), "{:?}", f.selected());
    let status = screen_rows(&f.app, 100, 30).pop().unwrap();
    assert!(
        status.contains("Enter open") && !status.contains(" rate"),
        "{status}"
    );
    assert!(drawn(&f.app, 100, 30).contains("opens the theme"));
    f.run([Action::Open]);
    let wide = drawn(&f.app, 100, 30);
    assert!(wide.contains("closes the theme"), "{wide}");
    assert!(!wide.contains("opens the theme"));
    // At 40x12 each stage's figures are whole on a line of their own.
    f.app.update(Action::Resize(40, 12));
    f.run([Action::DetailDown, Action::DetailDown, Action::DetailDown]);
    let rows = screen_rows(&f.app, 40, 12);
    assert!(
        rows.iter().any(|r| r.contains("0/2 · no levels yet")),
        "{rows:#?}"
    );
    // Session mode at 40 columns: the keys go under the Ratings heading,
    // not squeezed beside it. (The scale's words go under each level's
    // name there too: the session_mode_40x12 snapshots show it.)
    f.run([Action::Down, Action::Session, Action::PageDown]);
    let rows = screen_rows(&f.app, 40, 12);
    assert!(
        rows.iter()
            .any(|r| r.starts_with("│r: whose level the numbers set")),
        "{rows:#?}"
    );
}

/// A new review's date in the future is allowed, and the question says how
/// far ahead it is, so a wrong year is caught before it is kept.
#[test]
fn a_future_review_date_is_said_before_it_is_kept() {
    let mut f = fixture();
    f.app.clock = Clock::At("2027-03-15T09:30:00+00:00[UTC]".parse().unwrap());
    f.run([Action::StartReview, Action::Confirm]);
    type_text(&mut f, "2028-03-16");
    f.run([Action::Confirm]);
    assert_eq!(f.app.mode(), Mode::Confirm);
    let Some(Overlay::Confirm(question)) = &f.app.overlay else {
        panic!("{:?}", f.app.mode())
    };
    let said = question.question(&f.app.keymap);
    assert!(said.contains("That is 367 days from today."), "{said}");
    f.run([Action::Back]);
    assert_eq!(f.on_disk().reviews.len(), 1, "no is no");
    // Today's date says nothing of the kind.
    f.run([Action::StartReview, Action::Confirm, Action::Confirm]);
    assert!(!drawn(&f.app, 100, 30).contains("from today"));
    f.run([Action::Back]);
    // Started ahead, the current review closes today, not on that date.
    f.run([Action::StartReview, Action::Confirm]);
    type_text(&mut f, "2028-03-16");
    f.run([Action::Confirm, Action::Confirm]);
    let a = f.on_disk();
    assert_eq!(a.current().date, date(2028, 3, 16));
    assert_eq!(a.reviews[0].frozen, Some(date(2027, 3, 15)));
}

/// A find in a note opens the standard at the stage of that note.
#[test]
fn a_search_opens_the_standard_at_the_stage_of_the_note_it_found() {
    let mut f = fixture();
    f.run([
        Action::Open,
        Action::Down,
        Action::NextStage,
        Action::NextStage,
    ]);
    assert_eq!(f.ws().stage, 2);
    f.run([Action::EditNote]);
    type_text(&mut f, "Ofsted focused visit in May");
    f.run([Action::Back, Action::PrevStage, Action::PrevStage]);
    assert_eq!(f.ws().stage, 0);
    f.run([Action::Up, Action::Search]);
    type_text(&mut f, "ofsted");
    f.run([Action::Confirm]);
    assert!(matches!(
        f.selected(),
        Node::Standard {
            theme: 0,
            standard: 0
        }
    ));
    assert_eq!(f.ws().stage, 2, "the stage of the note");
    let screen = drawn(&f.app, 100, 30);
    assert!(screen.contains("Ofsted focused visit"), "{screen}");
    // n from elsewhere lands there too.
    f.run([Action::PrevStage, Action::Down, Action::NextMatch]);
    assert_eq!(f.ws().stage, 2);
}

mod plan;
mod sheets;
mod summary;
