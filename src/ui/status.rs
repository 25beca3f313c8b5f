//! The header (who and what) and the status line (file, save state, keys).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{style, text};
use crate::app::{App, SaveState, Workspace};
use crate::keys::{Action, Keymap, Mode};

pub fn header(ws: &Workspace, area: Rect, buf: &mut Buffer) {
    let a = &ws.doc.assessment;
    let mut who = a.person.name.clone();
    if !a.person.role.is_empty() {
        who.push_str(", ");
        who.push_str(&a.person.role);
    }
    let review = ws.review();
    let (at, of) = ws.review_number();
    let state = if ws.is_current() {
        String::new()
    } else {
        " · CLOSED, READ-ONLY".to_string()
    };
    let reviews = if of > 1 {
        format!(" [review {at} of {of}{state}]")
    } else {
        String::new()
    };
    let line = format!(
        " {who} · {} · {} ({}){reviews}",
        ws.framework().title,
        review.title,
        review.date
    );
    let heading = if ws.is_current() {
        style::heading()
    } else {
        style::caveat()
    };
    Line::from(Span::styled(
        text::truncate(&line, usize::from(area.width)),
        heading,
    ))
    .render(area, buf);
}

pub fn footer(app: &App, ws: &Workspace, area: Rect, buf: &mut Buffer) {
    let file = ws
        .doc
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let keys = &app.keymap;
    let choose = keys
        .key(Mode::Browse, &Action::Save)
        .map_or(String::new(), |k| format!("; {k} to choose"));
    let (state, state_style) = match (&ws.read_only_reason(), &ws.save) {
        (Some(reason), _) => (reason.clone(), style::error()),
        (None, SaveState::Opened) => ("opened".to_string(), style::dim()),
        (None, SaveState::Saved { at }) => (format!("saved {at}"), style::ok()),
        (None, SaveState::Pending { .. }) => ("unsaved changes".to_string(), style::caveat()),
        (None, SaveState::Writing) => ("saving…".to_string(), style::dim()),
        (None, SaveState::Failed { message }) => (format!("NOT SAVED: {message}"), style::error()),
        (None, SaveState::Conflict { copy, .. }) => (
            match (copy, area.width < super::layout::NARROW) {
                (Some(_), false) => format!("NOT SAVED: yours is in a .conflict copy{choose}"),
                (None, false) => format!("NOT SAVED: file changed on disk{choose}"),
                (Some(_), true) => "NOT SAVED: yours in .conflict copy".to_string(),
                (None, true) => "NOT SAVED: changed on disk".to_string(),
            },
            style::error(),
        ),
    };
    let stage = &ws.framework().stages[ws.stage].name;
    let narrow = area.width < super::layout::NARROW;
    let mut spans = vec![Span::raw(" ")];
    if !narrow {
        spans.extend([Span::styled(file, style::heading()), Span::raw(" │ ")]);
    }
    spans.extend([Span::styled(state, state_style), Span::raw(" │ ")]);
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    match &app.message {
        Some(m) => spans.push(Span::styled(m.clone(), style::caveat())),
        // Help, a question or a prompt names its own keys; the screen's
        // would not work under it.
        None if app.overlay.is_some() => {}
        None => {
            // Whole hints only, never a key cut in half: as many as fit,
            // the way to the help and to quit first, in their order.
            let room = usize::from(area.width).saturating_sub(used);
            let parts = hints(keys, app.screen_mode(), ws, stage, narrow);
            let mut by_need: Vec<usize> = (0..parts.len()).collect();
            by_need.sort_by_key(|&i| parts[i].0);
            let mut keep = vec![false; parts.len()];
            let mut width = 0;
            for i in by_need {
                let more = text::width(&parts[i].1) + if width == 0 { 0 } else { 3 };
                if width + more <= room {
                    keep[i] = true;
                    width += more;
                }
            }
            let shown: Vec<&str> = parts
                .iter()
                .zip(keep)
                .filter(|(_, k)| *k)
                .map(|((_, p), _)| p.as_str())
                .collect();
            spans.push(Span::styled(shown.join(" · "), style::dim()));
        }
    }
    Line::from(spans).render(area, buf);
}

/// The keys worth knowing now, as the keymap binds them, each with how much
/// it is needed (0 most) for when not all fit.
fn hints(
    keys: &Keymap,
    mode: Mode,
    ws: &Workspace,
    stage: &str,
    narrow: bool,
) -> Vec<(u8, String)> {
    let levels = |mode| keys.level_keys(mode, ws.framework().max_level());
    let pair = |mode, a: Action, b: Action, words: &str| {
        keys.pair(mode, &a, &b).map(|k| format!("{k} {words}"))
    };
    let mut parts: Vec<Option<String>> = Vec::new();
    match mode {
        Mode::Editor => {
            parts.push(keys.key(mode, &Action::Back).map(|k| format!("{k} done")));
            if !narrow {
                // The editing widget's own undo.
                parts.push(Some("Ctrl-u undo".into()));
            }
        }
        _ if narrow => {
            parts.push(
                keys.key(mode, &Action::ToggleHelp)
                    .map(|k| format!("{k} keys")),
            );
            parts.push(keys.key(mode, &Action::Quit).map(|k| format!("{k} quit")));
        }
        Mode::Session => {
            parts.push(pair(
                mode,
                Action::NextStandard,
                Action::PrevStandard,
                "standard",
            ));
            parts.push(
                keys.key(mode, &Action::NextStage)
                    .map(|k| format!("{k} stage")),
            );
            parts.push(
                keys.key(mode, &Action::NextRater)
                    .map(|k| format!("{k} who")),
            );
            parts.push(levels(mode).map(|k| format!("{k} level")));
            parts.push(
                keys.key(mode, &Action::EditSessionNote)
                    .map(|k| format!("{k} session note")),
            );
            parts.push(
                keys.key(mode, &Action::EditNextStep)
                    .map(|k| format!("{k} next step")),
            );
            parts.push(keys.key(mode, &Action::Back).map(|k| format!("{k} end")));
        }
        Mode::Compare => {
            parts.push(pair(mode, Action::Up, Action::Down, "scroll"));
            parts.push(
                keys.key(mode, &Action::ChangedOnly)
                    .map(|k| format!("{k} only changes")),
            );
            parts.push(
                keys.either(mode, &Action::Back, 2)
                    .map(|k| format!("{k} back")),
            );
            parts.push(keys.key(mode, &Action::Quit).map(|k| format!("{k} quit")));
        }
        _ => {
            parts.push(Some(format!("stage: {stage}")));
            parts.push(levels(Mode::Browse).map(|k| format!("{k} rate")));
            parts.push(
                keys.key(Mode::Browse, &Action::EditNote)
                    .map(|k| format!("{k} note")),
            );
            parts.push(
                keys.key(Mode::Browse, &Action::ToggleHelp)
                    .map(|k| format!("{k} keys")),
            );
            parts.push(
                keys.key(Mode::Browse, &Action::Quit)
                    .map(|k| format!("{k} quit")),
            );
        }
    }
    // The help and quitting are needed most; then what this screen is for.
    let need = |part: &str| {
        if part.ends_with(" keys") || part.ends_with(" quit") || part.ends_with(" end") {
            0
        } else if part.starts_with("stage:") {
            9
        } else {
            1
        }
    };
    parts
        .into_iter()
        .flatten()
        .map(|part| (need(&part), part))
        .collect()
}
