//! Every view registered has keys, a help section and, where it has a
//! status line, hints: a view added without them fails here (and one
//! without an `example` does not compile).

use super::*;
use crate::app::{Clock, NoteEditor, Screen, StartScreen};
use crate::keys::{HELP_SECTIONS, Mode};
use crate::model::fixture;
use crate::store::{self, Document};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let fw = fixture::framework();
    let doc = Document::detached(dir.path().join("a.ron"), fixture::assessment(&fw), fw);
    let mut app = App::new(
        store::Home::at(dir.path()),
        Some(doc),
        Clock::Fixed("12:00".into()),
    );
    app.update(Action::Resize(80, 24));
    (dir, app)
}

/// The screen as text, one string per row.
fn rows(app: &App, width: u16, height: u16) -> Vec<String> {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    ratatui::widgets::Widget::render(app, area, &mut buf);
    (0..height)
        .map(|y| (0..width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// Its keys and its help section, by mode.
fn has_keys_and_help(app: &App, mode: Mode, what: &str) {
    assert!(
        !app.keymap.table(mode).is_empty(),
        "{what}: no keys in {mode:?}"
    );
    let heading = HELP_SECTIONS
        .iter()
        .find(|(m, _)| *m == mode)
        .map(|(_, h)| *h)
        .unwrap_or_else(|| panic!("{what}: no help section for {mode:?}"));
    assert!(!heading.trim().is_empty(), "{what}: an empty help heading");
    assert!(
        !app.keymap.help(mode).is_empty(),
        "{what}: nothing in its help section"
    );
}

#[test]
fn every_pane_has_keys_a_help_section_and_hints_on_the_status_line() {
    let (_dir, mut app) = app();
    let panes = Pane::examples(&app);
    assert!(panes.len() >= 3);
    for pane in panes {
        let mode = pane.mode();
        let what = format!("the {mode:?} pane");
        has_keys_and_help(&app, mode, &what);
        for narrow in [false, true] {
            let hints = pane.hints(&app, narrow);
            assert!(!hints.is_empty(), "{what}: no hints (narrow: {narrow})");
            assert!(
                hints.iter().any(|h| h.need == 0),
                "{what}: no way out among its hints (narrow: {narrow})"
            );
        }
        // Every full view has a key back to the tree.
        if mode != Mode::Browse {
            assert!(
                app.keymap.key(mode, &Action::Back).is_some(),
                "{what}: no key back to the tree"
            );
        }
        if let Screen::Assess(ws) = &mut app.screen {
            ws.pane = pane;
        }
        assert_eq!(app.mode(), mode);
        // The status line shows the most needed hint, in the keymap's key.
        let wanted = app.workspace().unwrap().pane.hints(&app, false);
        let first = wanted.iter().find(|h| h.need == 0).unwrap();
        let status = rows(&app, 80, 24).pop().unwrap();
        assert!(
            status.contains(&first.text),
            "{what}: {status:?} lacks {first:?}"
        );
    }
}

#[test]
fn every_overlay_and_the_start_cohort_and_editor_screens_have_keys_and_a_help_section() {
    let (_dir, mut app) = app();
    let mut modes = Vec::new();
    for overlay in Overlay::examples(&app) {
        let mode = overlay.mode();
        has_keys_and_help(&app, mode, &format!("the {mode:?} overlay"));
        app.overlay = Some(overlay);
        assert_eq!(app.mode(), mode);
        // It is drawn on top: the screen changes where it shows.
        let over = rows(&app, 80, 24);
        app.overlay = None;
        assert_ne!(
            over,
            rows(&app, 80, 24),
            "the {mode:?} overlay draws nothing"
        );
        modes.push(mode);
    }
    let editor = NoteEditor::example(&app);
    has_keys_and_help(&app, editor.mode(), "the note editor");
    assert!(
        !editor.hints(&app, true).is_empty(),
        "the editor has no hints"
    );
    modes.push(editor.mode());
    let start = StartScreen::example(&app);
    has_keys_and_help(&app, start.mode(), "the start screen");
    modes.push(start.mode());
    let cohort = super::cohort::CohortScreen::example(&app);
    has_keys_and_help(&app, cohort.mode(), "the cohort screen");
    assert!(
        !cohort.hints(&app, false).is_empty(),
        "the cohort screen has no hints"
    );
    modes.push(cohort.mode());
    for pane in Pane::examples(&app) {
        modes.push(pane.mode());
    }
    // Every mode with keys belongs to some view (the conflict question and
    // typing on the start screen are other states of views above).
    for mode in Mode::ALL {
        assert!(
            modes.contains(&mode) || matches!(mode, Mode::Conflict | Mode::StartText),
            "{mode:?} has keys but no view"
        );
    }
}
