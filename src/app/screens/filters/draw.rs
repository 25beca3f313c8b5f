//! The list of filters: a tick for each chosen, how many each lets through.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::FilterMenu;
use crate::app::workspace::Filter;
use crate::app::{App, Mode};
use crate::keys::Action;
use crate::ui::{centered, style, text};

pub(super) fn render(menu: &FilterMenu, app: &App, area: Rect, buf: &mut Buffer) {
    let Some(ws) = app.workspace() else {
        return;
    };
    let keys = &app.keymap;
    let width = 60.min(area.width);
    // "[x] " and a count of up to five figures beside each label.
    let label_width = usize::from(width.saturating_sub(2)).saturating_sub(4 + 6);
    let mut lines = Vec::new();
    for (i, filter) in Filter::ALL.iter().enumerate() {
        let on = ws.filters.contains(filter);
        let text = format!(
            "{} {:<label_width$} {:>5}",
            if on { "[x]" } else { "[ ]" },
            text::truncate(filter.label(), label_width),
            menu.counts.get(i).copied().unwrap_or(0)
        );
        let mut line = Line::from(Span::raw(text));
        if i == menu.cursor {
            line = line.style(style::selected());
        }
        lines.push(line);
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        ws.filter_summary(),
        style::dim(),
    )));
    let title = format!(
        " Filters · {} · {} ",
        keys.pair(Mode::Filters, &Action::Up, &Action::Down)
            .map_or(String::new(), |k| format!("{k} move")),
        keys.fill(Mode::Filters, "{Confirm} ticks · {Back} closes")
    );
    let height = u16::try_from(lines.len() + 3).unwrap_or(u16::MAX);
    let popup = centered(area, width, height);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(style::focus_border())
                .title(title),
        )
        .render(popup, buf);
}
