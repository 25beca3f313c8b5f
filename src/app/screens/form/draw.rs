//! The form's box: a label and a value per field, the focused one ready
//! to type into, and what went wrong or how to finish.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Widget};

use super::{Form, Value};
use crate::keys::{Keymap, Mode};
use crate::ui::{centered, paint, style, text};

/// Narrower than this, a label goes on a line of its own above its value.
const SIDE_BY_SIDE: u16 = 50;
const LABEL: u16 = 20;

pub(super) fn render(form: &Form, keys: &Keymap, area: Rect, buf: &mut Buffer) {
    let width = 76.min(area.width);
    let inner_width = width.saturating_sub(2);
    let side = inner_width >= SIDE_BY_SIDE;
    let per_field: u16 = if side { 1 } else { 2 };
    let help = Text::from(match &form.error {
        Some(e) => Line::from(Span::styled(e.clone(), style::error())),
        None => Line::from(Span::styled(
            keys.fill(
                Mode::Form,
                "{NextField}/{PrevField}: next/previous field · ←/→ on a choice · {Confirm}: \
                 save · {Back}: cancel",
            ),
            style::dim(),
        )),
    });
    let help_rows = paint::rows(&help, inner_width) as u16;
    let want = form.fields.len() as u16 * per_field + 1 + help_rows + 2;
    let popup = centered(area, width, want);
    Clear.render(popup, buf);
    let inner = paint::panel(popup, form.title(), style::focus_border(), buf);
    let help_rows = help_rows.min(inner.height.saturating_sub(per_field));
    let list_height = inner.height.saturating_sub(help_rows);
    // Keep the focused field in view.
    let fits = usize::from((list_height / per_field).max(1));
    let first = (form.focus + 1).saturating_sub(fits);
    for (n, (i, field)) in form.fields.iter().enumerate().skip(first).take(fits).enumerate() {
        let y = inner.y + n as u16 * per_field;
        let focused = i == form.focus;
        let label_style = if focused { style::heading() } else { style::dim() };
        let (label_area, value_area) = if side {
            (
                Rect::new(inner.x, y, LABEL, 1),
                Rect::new(inner.x + LABEL, y, inner.width - LABEL, 1),
            )
        } else {
            (
                Rect::new(inner.x, y, inner.width, 1),
                Rect::new(inner.x + 1, y + 1, inner.width.saturating_sub(1), 1),
            )
        };
        let label = text::truncate(field.label, usize::from(label_area.width.saturating_sub(1)));
        Line::from(Span::styled(format!("{label}:"), label_style)).render(label_area, buf);
        match &field.value {
            Value::Text(area) if focused => style::line_field(area).render(value_area, buf),
            Value::Text(area) => {
                let shown = area.lines().join(" ");
                let line = text::truncate(&shown, usize::from(value_area.width)).into_owned();
                Line::from(Span::raw(line)).render(value_area, buf);
            }
            Value::Choice { options, chosen } => {
                let shown = options.get(*chosen).map_or("", |(_, s)| s.as_str());
                let shown = if focused {
                    format!("‹ {shown} ›")
                } else {
                    shown.to_string()
                };
                let line = text::truncate(&shown, usize::from(value_area.width)).into_owned();
                let style = if focused { style::selected() } else { Default::default() };
                Line::from(Span::styled(line, style)).render(value_area, buf);
            }
        }
    }
    let help_area = Rect::new(
        inner.x,
        inner.y + inner.height - help_rows,
        inner.width,
        help_rows,
    );
    paint::wrapped(&help, help_area, 0, buf);
}
