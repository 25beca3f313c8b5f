//! The offers screen: the filters in the title, a warning that the facts
//! are dated, one row per offer (only those on screen are built), and the
//! selected offer in full below.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Widget;

use super::OffersView;
use crate::app::Workspace;
use crate::keys::{Keymap, Mode};
use crate::ui::layout::{take_bottom, take_top};
use crate::ui::{paint, style, text};

pub(super) fn render(ws: &Workspace, keys: &Keymap, view: &OffersView, area: Rect, buf: &mut Buffer) {
    let fw = ws.framework();
    let theme = view.theme.map_or("any", |t| fw.themes[t].title.as_str());
    let stage = view.stage.map_or("any", |s| fw.stages[s].name.as_str());
    let kind = view.kind.map_or("any", |k| k.label());
    let title = format!(
        " Development offers · theme {} · stage {} · kind {kind} · {} ",
        text::truncate(theme, 24),
        stage.to_lowercase(),
        if view.councillors { "everyone's" } else { "officers'" }
    );
    let inner = paint::panel(area, &text::truncate(&title, usize::from(area.width.saturating_sub(2))), style::focus_border(), buf);
    let shown = view.shown(ws);
    let cursor = view.cursor.min(shown.len().saturating_sub(1));
    let width = usize::from(inner.width);

    let warning = Text::from(Line::from(Span::styled(
        keys.fill(
            Mode::Offers,
            "From the source documents, dated as shown: ask the provider whether an offer \
             still runs. {AddAction}: make it an action · {FilterTheme} theme · {FilterStage} \
             stage · {FilterKind} kind · {FilterAudience} audience · {ClearFilters} all",
        ),
        style::dim(),
    )));
    // Where the whole warning would not fit, the short one.
    let warning = if paint::rows(&warning, inner.width) as u16 > (inner.height / 4).max(1) {
        Text::from(Line::from(Span::styled(
            "Dated facts: ask the provider.",
            style::dim(),
        )))
    } else {
        warning
    };
    let warning_rows = (paint::rows(&warning, inner.width) as u16).min(inner.height / 4).max(1);
    let (top, rest) = take_top(inner, warning_rows);
    paint::wrapped(&warning, top, 0, buf);
    let detail_rows = (rest.height / 2).clamp(2, 9).min(rest.height.saturating_sub(2));
    let (list, detail) = take_bottom(rest, detail_rows);

    if shown.is_empty() {
        let why = if !view.councillors && !view.shown_for(ws, true).is_empty() {
            keys.fill(
                Mode::Offers,
                "Only councillors' offers serve that: {FilterAudience} shows them.",
            )
        } else {
            keys.fill(Mode::Offers, "No offer serves that: {ClearFilters} shows them all.")
        };
        Line::from(Span::styled(text::truncate(&why, width).into_owned(), style::dim()))
        .render(Rect::new(list.x, list.y, list.width, 1.min(list.height)), buf);
    }
    let height = usize::from(list.height);
    let first = (cursor + 1).saturating_sub(height);
    for (n, (i, fit)) in shown.iter().enumerate().skip(first).take(height) {
        let o = &ws.offer_list()[*i];
        let mapping = fit.map_or("", |f| f.label());
        let tail = format!(" · {} · {} · {mapping}", o.provider, o.as_of);
        let room = width.saturating_sub(text::width(&tail).min(width / 2) + 2);
        let line = format!(
            "{} {}{}",
            if n == cursor { "▸" } else { " " },
            text::truncate(&o.title, room),
            text::truncate(&tail, width.saturating_sub(room + 2))
        );
        let line = Line::from(Span::raw(text::truncate(&line, width).into_owned()));
        let y = list.y + (n - first) as u16;
        let row = Rect::new(list.x, y, list.width, 1);
        if n == cursor {
            line.style(style::selected()).render(row, buf);
        } else {
            paint::put_line(buf, row, &line);
        }
    }

    // The selected offer in full.
    let Some((i, fit)) = shown.get(cursor) else {
        return;
    };
    let o = &ws.offer_list()[*i];
    let audience: Vec<&str> = o.audience.iter().map(|a| a.label()).collect();
    let mut lines = vec![
        Line::from(Span::styled(o.title.clone(), style::heading())),
        Line::from(format!(
            "{} · {} · for {}",
            o.provider,
            o.kind.label(),
            audience.join(", ")
        )),
        Line::from(format!(
            "As of {} ({}); source: {}",
            o.as_of, o.status, o.source
        )),
    ];
    if let Some(fit) = fit {
        let why = o
            .serves
            .iter()
            .filter(|s| s.framework == fw.id && !s.why.is_empty())
            .map(|s| s.why.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        lines.push(Line::from(Span::styled(
            if why.is_empty() {
                format!("Mapping: {}", fit.label())
            } else {
                format!("Mapping: {} ({why})", fit.label())
            },
            style::dim(),
        )));
    }
    if !o.note.is_empty() {
        lines.push(Line::from(o.note.clone()));
    }
    let (rule, detail) = take_top(detail, 1);
    Line::from(Span::styled("─".repeat(usize::from(rule.width)), style::dim())).render(rule, buf);
    paint::wrapped(&Text::from(lines), detail, view.detail_scroll, buf);
}
