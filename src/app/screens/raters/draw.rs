//! The list of raters: who rates now, with how many levels and notes each
//! gave, and under Archived those removed, kept with theirs.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Widget};

use super::{RaterList, Row, recorded, rows};
use crate::app::{App, Mode};
use crate::ui::layout::take_bottom;
use crate::ui::{centered, paint, style, text};

pub(super) fn render(list: &RaterList, app: &App, area: Rect, buf: &mut Buffer) {
    let Some(ws) = app.workspace() else {
        return;
    };
    let review = ws.review();
    let width = 64.min(area.width);
    let inner_width = usize::from(width.saturating_sub(2));
    let selected = list.selected(review);

    // The list: one row each, with the headings between.
    let mut lines: Vec<Line> = vec![Line::from(Span::styled(
        text::truncate("You: the person assessed", inner_width).into_owned(),
        style::dim(),
    ))];
    let mut cursor_line = 0;
    let all = rows(review);
    if review.raters.is_empty() {
        lines.push(Line::from(Span::styled(
            text::truncate("No one else rates in this review yet.", inner_width).into_owned(),
            style::dim(),
        )));
    }
    for row in &all {
        let (who, count, when) = match *row {
            Row::Rating(i) => {
                let r = &review.raters[i];
                (r.display(), recorded(review.views_by(&r.id)), None)
            }
            Row::Archived(i) => {
                let a = &review.archived_raters[i];
                if i == 0 {
                    lines.push(Line::from(Span::styled(
                        text::truncate("Archived: kept, out of the comparisons", inner_width)
                            .into_owned(),
                        style::heading(),
                    )));
                }
                let count = recorded(a.views.values().flat_map(|s| s.values()));
                (a.rater.display(), count, Some(a.removed))
            }
        };
        let tail = match when {
            Some(date) => format!(" · {count} · removed {date}"),
            None => format!(" · {count}"),
        };
        let room = inner_width.saturating_sub(text::width(&tail) + 2);
        // The name first: where the tail would squeeze it, the tail goes
        // on a line of its own.
        let (first, second) = if room >= 16.min(text::width(&who)) {
            (format!("  {}{tail}", text::truncate(&who, room)), None)
        } else {
            let name = text::truncate(&who, inner_width.saturating_sub(2));
            let tail = text::truncate(tail.trim_start_matches(" · "), inner_width.saturating_sub(4));
            (format!("  {name}"), Some(format!("    {tail}")))
        };
        let chosen = Some(*row) == selected;
        if chosen {
            cursor_line = lines.len() + usize::from(second.is_some());
        }
        for text in std::iter::once(first).chain(second) {
            let line = Line::from(Span::raw(text));
            lines.push(if chosen { line.style(style::selected()) } else { line });
        }
    }

    let keys = &app.keymap;
    let help = Text::from(Line::from(Span::styled(
        keys.fill(
            Mode::Raters,
            "{AddRater} add · {RenameRater} rename · {RemoveRater} remove · {RestoreRater} \
             bring back · {Undo} undo · {Back} close",
        ),
        style::dim(),
    )));
    let help_rows = paint::rows(&help, width.saturating_sub(2)) as u16;
    let want = lines.len() as u16 + 1 + help_rows + 2;
    let popup = centered(area, width, want);
    Clear.render(popup, buf);
    let title = format!(" Who rates in \"{}\" ", review.title);
    let title = text::truncate(&title, usize::from(width.saturating_sub(2))).into_owned();
    let inner = paint::panel(popup, &title, style::focus_border(), buf);
    let (list_area, help_area) = take_bottom(inner, help_rows.min(inner.height / 2).max(1));
    // Keep the selected row in view when the list is longer than the room.
    let room = usize::from(list_area.height.saturating_sub(1)).max(1);
    let top = (cursor_line + 1).saturating_sub(room);
    for (n, line) in lines.iter().skip(top).take(room).enumerate() {
        let y = list_area.y + n as u16;
        let row = Rect::new(list_area.x, y, list_area.width, 1);
        if line.style == ratatui::style::Style::new() {
            paint::put_line(buf, row, line);
        } else {
            line.clone().render(row, buf);
        }
    }
    paint::wrapped(&help, help_area, 0, buf);
}

