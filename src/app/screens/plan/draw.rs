//! The plan screen: the list (only the rows on screen are drawn) and the
//! selected item in full below it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Widget;

use super::{Candidate, PlanView, Row, cell_name, due_words, rows};
use crate::app::{App, Workspace};
use crate::keys::Mode;
use crate::model::plan::ItemId;
use crate::model::proposals::PinKind;
use crate::ui::layout::{take_bottom, take_top};
use crate::ui::{paint, style, text};

pub(super) fn render(ws: &Workspace, app: &App, view: &PlanView, area: Rect, buf: &mut Buffer) {
    let today = app.clock.today();
    let plan = &ws.doc.assessment.plan;
    let overdue = plan.overdue(today);
    let title = format!(
        " Development plan · {} · {} ",
        ws.doc.assessment.person.name,
        match overdue {
            0 => "nothing overdue".to_string(),
            1 => "1 overdue".to_string(),
            n => format!("{n} overdue"),
        }
    );
    let title = text::truncate(&title, usize::from(area.width.saturating_sub(2))).into_owned();
    let inner = paint::panel(area, &title, style::focus_border(), buf);
    let all = rows(ws, view);
    let selected = view.selected(&all);
    let detail_rows = (inner.height / 3).clamp(2, 8).min(inner.height.saturating_sub(2));
    let (list, detail) = take_bottom(inner, detail_rows);
    let width = usize::from(list.width);

    // The selected row's place among all rows, to keep it in view.
    let at = all
        .iter()
        .position(|r| Some(r) == selected.as_ref())
        .unwrap_or(0);
    let height = usize::from(list.height);
    let first = (at + 1).saturating_sub(height);
    let first = if at < height { 0 } else { first };
    for (n, row) in all.iter().enumerate().skip(first).take(height) {
        let chosen = Some(row) == selected.as_ref();
        let (words, look) = row_text(ws, row, today);
        let line = text::truncate(&format!("{}{words}", if chosen { "▸" } else { " " }), width)
            .into_owned();
        let area = Rect::new(list.x, list.y + (n - first) as u16, list.width, 1);
        let look = if chosen { style::selected() } else { look };
        Line::from(Span::styled(line, look)).render(area, buf);
    }

    let (rule, detail) = take_top(detail, 1);
    Line::from(Span::styled("─".repeat(usize::from(rule.width)), style::dim())).render(rule, buf);
    let lines = match &selected {
        Some(row) => detail_lines(ws, app, row, today),
        None => vec![Line::from(Span::styled(
            app.keymap.fill(
                Mode::Plan,
                "{AddObjective}: a new objective · {AddAction}: a new action",
            ),
            style::dim(),
        ))],
    };
    paint::wrapped(&Text::from(lines), detail, view.detail_scroll, buf);
}

fn candidate_text(ws: &Workspace, c: &Candidate) -> String {
    let mark = match (c.pinned, c.dismissed) {
        (true, _) => "●",
        (_, true) => "–",
        _ => "○",
    };
    let kind = match c.kind {
        PinKind::Strength => "strength",
        PinKind::Priority => "priority",
    };
    let state = match (c.pinned, c.carried, c.dismissed) {
        (true, true, _) => " (pinned, carried)",
        (true, false, _) => " (pinned)",
        (_, _, true) => " (set aside)",
        _ => "",
    };
    format!(
        "{mark} {kind:<8} {}{state}: {}",
        cell_name(ws.framework(), &c.theme, &c.stage),
        c.why
    )
}

/// A row's one line, and its look.
fn row_text(ws: &Workspace, row: &Row, today: jiff::civil::Date) -> (String, Style) {
    let plan = &ws.doc.assessment.plan;
    match row {
        Row::Heading(h) => (h.clone(), style::heading()),
        Row::Note(n) => (format!(" {n}"), style::dim()),
        Row::Candidate(c) => (
            format!(" {}", candidate_text(ws, c)),
            if c.dismissed { style::dim() } else { Style::new() },
        ),
        Row::Item(ItemId::Objective(n)) => match plan.objective(*n) {
            Some(o) => {
                let mut parts = vec![format!(" O{n} {}", o.title), o.status.to_string()];
                parts.extend(due_words(o.due, o.status.is_open(), today));
                if !o.agreed_name.is_empty() {
                    parts.push(format!("agreed with {}", o.agreed_name));
                }
                let look = if o.is_overdue(today) { style::error() } else { Style::new() };
                (parts.join(" · "), look)
            }
            None => (String::new(), Style::new()),
        },
        Row::Item(ItemId::Action(n)) => match plan.action(*n) {
            Some(a) => {
                let mut parts = vec![format!("   A{n} {}", a.action), a.status.to_string()];
                parts.extend(due_words(a.due, a.status.is_open(), today));
                let look = if a.is_overdue(today) { style::error() } else { Style::new() };
                (parts.join(" · "), look)
            }
            None => (String::new(), Style::new()),
        },
    }
}

/// The selected row in full.
fn detail_lines(
    ws: &Workspace,
    app: &App,
    row: &Row,
    today: jiff::civil::Date,
) -> Vec<Line<'static>> {
    let plan = &ws.doc.assessment.plan;
    let fw = ws.framework();
    let keys = &app.keymap;
    let field = |label: &str, value: String| -> Line<'static> {
        Line::from(vec![
            Span::styled(format!("{label}: "), style::dim()),
            Span::raw(value),
        ])
    };
    let mut lines = Vec::new();
    match row {
        Row::Candidate(c) => {
            lines.push(Line::from(Span::styled(candidate_text(ws, c), style::heading())));
            lines.push(Line::from(Span::styled(
                keys.fill(
                    Mode::Plan,
                    "{Pin}: pin or unpin · {Dismiss}: set aside · {AddAction}: make it an action · \
                     {Offers}: offers that serve it · {GoToLinked}: go to the theme",
                ),
                style::dim(),
            )));
        }
        Row::Item(ItemId::Objective(n)) => {
            let Some(o) = plan.objective(*n) else {
                return lines;
            };
            lines.push(Line::from(Span::styled(format!("O{n} {}", o.title), style::heading())));
            if !o.description.is_empty() {
                lines.push(Line::from(o.description.clone()));
            }
            if !o.measure.is_empty() {
                lines.push(field("Measure of success", o.measure.clone()));
            }
            if !o.priority.is_empty() {
                lines.push(field("Corporate priority", o.priority.clone()));
            }
            lines.push(field(
                "Agreed",
                match (&o.agreed_by, o.agreed_on) {
                    (Some(_), Some(on)) => format!("with {} on {on}", o.agreed_name),
                    (Some(_), None) => format!("with {}", o.agreed_name),
                    _ => "not yet".into(),
                },
            ));
            let mut status = o.status.to_string();
            status.extend(due_words(o.due, o.status.is_open(), today).map(|d| format!(", {d}")));
            lines.push(field("Status", status));
            let serving: Vec<String> = plan
                .actions
                .iter()
                .filter(|a| a.objective == Some(*n))
                .map(|a| format!("A{} {} ({})", a.id, a.action, a.status))
                .collect();
            if !serving.is_empty() {
                lines.push(field("Actions", serving.join("; ")));
            }
        }
        Row::Item(ItemId::Action(n)) => {
            let Some(a) = plan.action(*n) else {
                return lines;
            };
            lines.push(Line::from(Span::styled(format!("A{n} {}", a.action), style::heading())));
            let mut status = a.status.to_string();
            if let Some(on) = a.status_since() {
                status.push_str(&format!(" since {on}"));
            }
            status.extend(due_words(a.due, a.status.is_open(), today).map(|d| format!(", {d}")));
            lines.push(field("Status", status));
            lines.push(field("Kind", a.kind.label().to_string()));
            if !a.links.is_empty() {
                let links: Vec<String> = a.links.iter().map(|l| l.describe(fw)).collect();
                lines.push(field("Develops", links.join("; ")));
            }
            if let Some(offer) = &a.offer {
                lines.push(field(
                    "Offer",
                    match ws.offer_list().iter().find(|o| &o.id == offer) {
                        Some(o) => format!("{} ({offer})", o.title),
                        None => offer.clone(),
                    },
                ));
            }
            if let Some(o) = a.objective.and_then(|o| plan.objective(o)) {
                lines.push(field("Objective", format!("O{} {}", o.id, o.title)));
            }
            if !a.evidence.is_empty() {
                lines.push(field("Evidence", a.evidence.clone()));
            }
            if a.history.len() > 1 {
                let steps: Vec<String> = a
                    .history
                    .iter()
                    .map(|h| format!("{} {}", h.status, h.on))
                    .collect();
                lines.push(field("History", steps.join(" → ")));
            }
        }
        _ => {}
    }
    lines
}
