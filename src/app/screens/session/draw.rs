//! Session mode: one standard at a time, large and uncluttered, for two
//! people at one screen. Private notes are never drawn here.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::super::marks::{Room, discuss_mark, highlight_lines, note_lines, origin_line, rating_label, scale_lines, stage_tabs};
use super::{SessionView, Who, whose};
use crate::app::Workspace;
use crate::ui::{paint, style, text};
use crate::keys::{Keymap, Mode};
use crate::model::Rating;
use crate::model::review::visible_note;

pub(super) fn render(ws: &Workspace, keys: &Keymap, view: &SessionView, area: Rect, buf: &mut Buffer) {
    let inner = area.inner(Margin::new(1, 1));
    let room = Room::of(inner, view.scroll);
    let Some((title, lines)) = content(ws, keys, view, room) else {
        Paragraph::new(keys.fill(
            Mode::Session,
            "No standard selected: {NextStandard} goes to the first.",
        ))
        .block(Block::default().borders(Borders::ALL).title(" Session "))
        .render(area, buf);
        return;
    };
    let text = Text::from(lines);
    // It stops at its last line, whatever the scroll says.
    let last = paint::rows(&text, inner.width).saturating_sub(usize::from(inner.height));
    let scroll = view.scroll.min(u16::try_from(last).unwrap_or(u16::MAX));
    let inner = paint::panel(area, &title, style::focus_border(), buf);
    paint::wrapped(&text, inner, scroll, buf);
    // More below: said on the bottom border, with the key that shows it.
    if usize::from(scroll) < last && area.height > 2 {
        let more = match keys.key(Mode::Session, &crate::keys::Action::PageDown) {
            Some(key) => format!(" more below: {key} "),
            None => " more below ".to_string(),
        };
        let width = u16::try_from(text::width(&more)).unwrap_or(u16::MAX);
        if width + 2 <= area.width {
            let x = area.right() - width - 1;
            buf.set_string(x, area.bottom() - 1, &more, style::focus_border());
        }
    }
}

/// The furthest the page scrolls in `area`: its last line at the bottom.
pub(super) fn last_scroll(ws: &Workspace, keys: &Keymap, view: &SessionView, area: Rect) -> u16 {
    let inner = area.inner(Margin::new(1, 1));
    let room = Room::of(inner, u16::MAX);
    let Some((_, lines)) = content(ws, keys, view, room) else {
        return 0;
    };
    let rows = paint::rows(&Text::from(lines), inner.width);
    u16::try_from(rows.saturating_sub(usize::from(inner.height))).unwrap_or(u16::MAX)
}

/// The page's title and lines for the selected standard: who the numbers
/// rate first, then where this is and how to leave.
fn content(
    ws: &Workspace,
    keys: &Keymap,
    view: &SessionView,
    room: Room,
) -> Option<(String, Vec<Line<'static>>)> {
    let fw = ws.framework();
    let (_, _, theme, standard) = ws.selected_standard()?;
    let (at, of) = ws.standard_position().unwrap_or((0, 0));
    let ends = keys.fill(Mode::Session, "{Back} ends");
    let name = &ws.doc.assessment.person.name;
    let rating = match &view.who {
        Who::Own => format!("you, {name}"),
        who => whose(ws, who),
    };
    let title = format!(
        " Numbers rate: {rating} · {at} of {of} · {} · {ends} ",
        theme.title
    );
    let stage_index = ws.stage_for(standard);
    let stage = &fw.stages[stage_index];
    let mark = ws.review().mark(&standard.id, &stage.id);
    let default = Default::default();
    let m = mark.unwrap_or(&default);

    let mut lines = vec![
        Line::from(Span::styled(standard.text.clone(), style::heading())),
        origin_line(standard.origin),
        Line::default(),
        stage_tabs(ws, keys, Mode::Session, standard, stage_index),
        Line::default(),
    ];
    // The keys beside the heading where they fit, else on lines of their own.
    let ratings_keys = keys.fill(
        Mode::Session,
        "{NextRater}: whose level the numbers set · {AddRater}: add someone · {Raters}: who rates",
    );
    if text::width(&ratings_keys) + 10 <= room.width() {
        lines.push(Line::from(vec![
            Span::styled("Ratings", style::heading()),
            Span::styled(format!("   {ratings_keys}"), style::dim()),
        ]));
    } else {
        lines.push(Line::from(Span::styled("Ratings", style::heading())));
        lines.push(Line::from(Span::styled(ratings_keys, style::dim())));
    }
    // The names' column: as wide as the longest, within what leaves the
    // longest level beside it on the line.
    let self_name = format!("Self ({name})");
    let longest_level = fw
        .scale
        .levels
        .iter()
        .map(|l| text::width(&rating_label(fw, Rating::Level(l.value))))
        .chain(std::iter::once(text::width("not applicable")))
        .max()
        .unwrap_or(0);
    let room_for_names = room.width().saturating_sub(2 + 1 + longest_level);
    let agreed_label = if room_for_names >= text::width("Agreed after discussion") {
        "Agreed after discussion"
    } else {
        "Agreed"
    };
    let longest_name = std::iter::once(text::width(&self_name))
        .chain(ws.review().raters.iter().map(|r| text::width(&r.display())))
        .chain(std::iter::once(text::width(agreed_label)))
        .max()
        .unwrap_or(0);
    let name_width = longest_name.min(room_for_names).max(8);
    let row = |focused: bool, who: String, level: String| {
        Line::from(vec![
            Span::styled(if focused { "▶ " } else { "  " }, style::ok()),
            Span::styled(
                format!("{:<name_width$}", text::truncate(&who, name_width)),
                if focused {
                    style::current_stage()
                } else {
                    style::heading()
                },
            ),
            Span::raw(format!(" {level}")),
        ])
    };
    lines.push(row(
        view.who == Who::Own,
        self_name.clone(),
        rating_label(fw, m.rating),
    ));
    for rater in &ws.review().raters {
        let rating = m
            .others
            .get(&rater.id)
            .map(|v| v.rating)
            .unwrap_or_default();
        let mut line = row(
            view.who == Who::Rater(rater.id.clone()),
            rater.display(),
            rating_label(fw, rating),
        );
        if let Some(apart) = m.apart(&rater.id).filter(|a| a.is_wide()) {
            line.spans.push(Span::raw(" "));
            line.spans.push(discuss_mark(apart, m.has_agreed()));
        }
        lines.push(line);
    }
    lines.push(row(
        view.who == Who::Agreed,
        agreed_label.into(),
        m.agreed
            .map(|r| rating_label(fw, r))
            .unwrap_or_else(|| "–".into()),
    ));
    lines.push(Line::default());
    lines.extend(scale_lines(
        fw,
        keys,
        Mode::Session,
        match &view.who {
            Who::Own => m.rating,
            Who::Rater(id) => m.others.get(id).map(|v| v.rating).unwrap_or_default(),
            Who::Agreed => m.agreed.unwrap_or_default(),
        },
        room.width(),
    ));
    lines.push(Line::default());
    let mut section = |label: &str, keys: &str, text: Option<&str>, hidden: bool| {
        lines.push(Line::from(vec![
            Span::styled(label.to_string(), style::heading()),
            Span::styled(format!("  {keys}"), style::dim()),
        ]));
        match text {
            _ if hidden => lines.push(Line::from(Span::styled(
                "Private note: hidden while the screen is shared.",
                style::caveat(),
            ))),
            Some(t) if !t.is_empty() => lines.extend(note_lines(t, room)),
            _ => lines.push(Line::from(Span::styled("–", style::dim()))),
        }
    };
    section(
        &format!("Note by {name}"),
        &keys.fill(Mode::Session, "{EditNote} (on Self)"),
        visible_note(m, true),
        m.private,
    );
    for rater in &ws.review().raters {
        if let Some(v) = m.others.get(&rater.id).filter(|v| !v.note.is_empty()) {
            section(
                &format!("Note by {}", rater.display()),
                &keys.fill(Mode::Session, "{EditNote} (on them)"),
                Some(&v.note),
                false,
            );
        }
    }
    // The next step before the session note: a long session note never
    // pushes it down out of sight.
    section(
        "Agreed next step",
        &if m.next_step.is_empty() {
            keys.fill(Mode::Session, "{EditNextStep}")
        } else {
            keys.fill(Mode::Session, "{EditNextStep} · {NextStepToAction} makes it an action")
        },
        Some(&m.next_step),
        false,
    );
    section(
        "Session note",
        &keys.fill(Mode::Session, "{EditSessionNote}"),
        Some(&m.session_note),
        false,
    );

    let lines = match &ws.search {
        Some(found) if ws.is_match(ws.tree.selected()) => highlight_lines(lines, &found.query),
        _ => lines,
    };
    Some((title, lines))
}
