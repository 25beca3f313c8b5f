//! The search box, on the status line's row: "/ what is typed", and how
//! many were found.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::SearchBox;
use crate::app::App;
use crate::keys::Mode;
use crate::ui::layout::take_left;
use crate::ui::{style, text};

pub(super) fn render(search: &SearchBox, app: &App, area: Rect, buf: &mut Buffer) {
    let row = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    Clear.render(row, buf);
    let found = app.workspace().and_then(|ws| ws.search.as_ref()).map(|f| {
        let n = f.hits.len();
        match app.workspace().and_then(|ws| ws.match_position()) {
            Some((at, of)) => format!(" {at} of {of} "),
            None if n == 0 => " nothing found ".to_string(),
            None => format!(" {n} found "),
        }
    });
    let keys = app
        .keymap
        .fill(Mode::Search, "{Confirm} keeps · {Back} cancels");
    let found = found.unwrap_or_default();
    // The count and the keys, or the count alone, in at most half the
    // row; the field has the rest.
    let right = [format!("{found} {keys} "), found]
        .into_iter()
        .find(|r| text::width(r) * 2 <= usize::from(row.width))
        .unwrap_or_default();
    let (label, rest) = take_left(row, 2);
    Line::from(Span::styled("/ ", style::heading())).render(label, buf);
    let right_width = u16::try_from(text::width(&right)).unwrap_or(0);
    let (field, counts) = take_left(rest, rest.width.saturating_sub(right_width));
    style::line_field(&search.text).render(field, buf);
    Line::from(Span::styled(right, style::dim())).render(counts, buf);
}
