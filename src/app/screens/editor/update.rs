//! Writing a note: typing and pasting go to the editing widget; leaving
//! keeps the text (undoable as one step).

use std::time::Instant;

use ratatui::layout::{Position, Rect, Size};

use super::EditorLook;
use crate::app::{Action, App, Mode, Screen};

pub(super) fn update(app: &mut App, action: Action) {
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    let Some(editor) = &mut ws.editor else {
        return;
    };
    let changed = match action {
        Action::Back => {
            ws.close_editor();
            return;
        }
        Action::Quit => return app.quit(),
        Action::Input(input) => editor.text.input(line_feed_is_enter(input)),
        Action::Paste(s) => editor.text.insert_str(&normalise_newlines(&s)),
        // The wheel moves the cursor three lines, and the text with it.
        Action::Wheel(_, _, down) => {
            let key = if down {
                ratatui_textarea::Key::Down
            } else {
                ratatui_textarea::Key::Up
            };
            for _ in 0..3 {
                editor.text.input(ratatui_textarea::Input {
                    key,
                    ..Default::default()
                });
            }
            false
        }
        _ => false,
    };
    if changed {
        ws.changed(Instant::now());
    }
}
/// A line feed (Ctrl-J) is what some terminals send for Shift-Enter, and
/// what a paste without bracketed paste holds: a new line, never the
/// editor's default of deleting back to the start of the line.
fn line_feed_is_enter(input: ratatui_textarea::Input) -> ratatui_textarea::Input {
    match input {
        ratatui_textarea::Input {
            key: ratatui_textarea::Key::Char('j'),
            ctrl: true,
            alt: false,
            ..
        } => ratatui_textarea::Input {
            key: ratatui_textarea::Key::Enter,
            ..Default::default()
        },
        other => other,
    }
}
/// Where a note editor opened now may be drawn (the screen, until it is),
/// and how its placeholder looks.
pub fn editor_look(
    keys: &crate::keys::Keymap,
    theme: &crate::theme::Theme,
    size: Size,
) -> EditorLook {
    EditorLook {
        fits: Rect::from((Position::ORIGIN, size)),
        placeholder: theme.dim,
        placeholder_text: keys.fill(
            Mode::Editor,
            "Write here. {Back} keeps it and leaves the editor.",
        ),
    }
}
/// Pasted text may carry CRLF or bare CR line ends; notes use LF.
fn normalise_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}
