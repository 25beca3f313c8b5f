//! The header (who and what) and the status line (file, save state, keys).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::screens::Hint;
use super::{App, SaveState, Screen, View, Workspace};
use crate::keys::Action;
use crate::ui::{layout, style, text};

pub fn header(ws: &Workspace, area: Rect, buf: &mut Buffer) {
    let a = &ws.doc.assessment;
    // On a rater's sheet, the rater rates the person: say so first.
    let mut who = match &a.sheet {
        Some(sheet) => format!("SHEET: {} rating {}", sheet.rater.display(), a.person.name),
        None => a.person.name.clone(),
    };
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
        .key(app.screen_mode(), &Action::Save)
        .map_or(String::new(), |k| format!("; {k} to choose"));
    let (state, state_style) = match (&ws.read_only_reason(), &ws.save) {
        (Some(reason), _) => (reason.clone(), style::error()),
        (None, SaveState::Opened) => ("opened".to_string(), style::dim()),
        (None, SaveState::Saved { at }) => (format!("saved {at}"), style::ok()),
        (None, SaveState::Pending { .. }) => ("unsaved changes".to_string(), style::caveat()),
        (None, SaveState::Writing) => ("saving…".to_string(), style::dim()),
        (None, SaveState::Failed { message }) => (format!("NOT SAVED: {message}"), style::error()),
        (None, SaveState::Conflict { copy, .. }) => (
            match (copy, area.width < layout::NARROW) {
                (Some(_), false) => format!("NOT SAVED: yours is in a .conflict copy{choose}"),
                (None, false) => format!("NOT SAVED: file changed on disk{choose}"),
                (Some(_), true) => "NOT SAVED: yours in .conflict copy".to_string(),
                (None, true) => "NOT SAVED: changed on disk".to_string(),
            },
            style::error(),
        ),
    };
    let narrow = area.width < layout::NARROW;
    let mut spans = vec![Span::raw(" ")];
    if !narrow {
        spans.extend([Span::styled(file, style::heading()), Span::raw(" │ ")]);
    }
    spans.extend([Span::styled(state, state_style), Span::raw(" │ ")]);
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    match &app.message {
        // Cut with "…" where it does not fit: never silently.
        Some(m) => spans.push(Span::styled(
            text::truncate(m, usize::from(area.width).saturating_sub(used)).into_owned(),
            style::caveat(),
        )),
        // Help, a question or a prompt names its own keys; the screen's
        // would not work under it.
        None if app.overlay.is_some() => {}
        None => {
            // Whole hints only, never a key cut in half: as many as fit,
            // the way to the help and to quit first, in their order.
            let room = usize::from(area.width).saturating_sub(used);
            let shown = fit_hints(&screen_hints(app, narrow), room);
            spans.push(Span::styled(shown, style::dim()));
        }
    }
    Line::from(spans).render(area, buf);
}

/// Whole hints only, never a key cut in half: as many as fit in `room`
/// columns, the most needed first, shown in their order.
pub fn fit_hints(parts: &[Hint], room: usize) -> String {
    let mut by_need: Vec<usize> = (0..parts.len()).collect();
    by_need.sort_by_key(|&i| parts[i].need);
    let mut keep = vec![false; parts.len()];
    let mut width = 0;
    for i in by_need {
        let more = text::width(&parts[i].text) + if width == 0 { 0 } else { 3 };
        if width + more <= room {
            keep[i] = true;
            width += more;
        }
    }
    let shown: Vec<&str> = parts
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| p.text.as_str())
        .collect();
    shown.join(" · ")
}

/// The hints of the screen showing (under any overlay, which names its
/// own keys).
fn screen_hints(app: &App, narrow: bool) -> Vec<Hint> {
    match &app.screen {
        Screen::Start(start) => start.hints(app, narrow),
        Screen::Cohort(cohort) => cohort.hints(app, narrow),
        Screen::Assess(ws) => match &ws.editor {
            Some(editor) => editor.hints(app, narrow),
            None => ws.pane.hints(app, narrow),
        },
    }
}
