//! The header (who and what) and the status line (file, save state, keys).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{style, text};
use crate::app::panes::Pane;
use crate::app::{App, SaveState, Workspace};

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
    let (state, state_style) = match (&ws.read_only_reason(), &ws.save) {
        (Some(reason), _) => (reason.clone(), style::error()),
        (None, SaveState::Opened) => ("opened".to_string(), style::dim()),
        (None, SaveState::Saved { at }) => (format!("saved {at}"), style::ok()),
        (None, SaveState::Pending { .. }) => ("unsaved changes".to_string(), style::caveat()),
        (None, SaveState::Writing) => ("saving…".to_string(), style::dim()),
        (None, SaveState::Failed { message }) => (format!("NOT SAVED: {message}"), style::error()),
        (None, SaveState::Conflict { copy, .. }) => (
            match (copy, area.width < super::layout::NARROW) {
                (Some(_), false) => "NOT SAVED: yours is in a .conflict copy; Ctrl-s to choose",
                (None, false) => "NOT SAVED: file changed on disk; Ctrl-s to choose",
                (Some(_), true) => "NOT SAVED: yours in .conflict copy",
                (None, true) => "NOT SAVED: changed on disk",
            }
            .to_string(),
            style::error(),
        ),
    };
    let stage = &ws.framework().stages[ws.stage].name;
    let narrow = area.width < super::layout::NARROW;
    let hints = if narrow {
        if ws.editor.is_some() {
            "Esc done".to_string()
        } else {
            "? keys · q quit".to_string()
        }
    } else if ws.editor.is_some() {
        "Esc done · Ctrl-u undo · F1 keys".to_string()
    } else if matches!(ws.pane, Pane::Session(_)) {
        format!(
            "→ ← standard · Tab stage · r who · 1-{} level · s session note · t next step · Esc end",
            ws.framework().max_level()
        )
    } else if matches!(ws.pane, Pane::Compare(_)) {
        "↑↓ scroll · f only changes · c or Esc back · q quit".to_string()
    } else {
        format!(
            "stage: {stage} · 1-{} rate · e note · ? keys · q quit",
            ws.framework().max_level()
        )
    };
    let mut spans = vec![Span::raw(" ")];
    if !narrow {
        spans.extend([Span::styled(file, style::heading()), Span::raw(" │ ")]);
    }
    spans.extend([Span::styled(state, state_style), Span::raw(" │ ")]);
    match &app.message {
        Some(m) => spans.push(Span::styled(m.clone(), style::caveat())),
        None => spans.push(Span::styled(hints, style::dim())),
    }
    Line::from(spans).render(area, buf);
}
