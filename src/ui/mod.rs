//! Drawing. Everything here only reads the [`App`]; nothing changes state.

pub use crate::app::layout;

mod compare;
mod detail;
mod help;
mod paint;
mod session;
mod start;
mod status;
mod style;
mod text;
mod tree;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect, Size};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::panes::Pane;
use crate::app::{App, Overlay, Screen};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        style::with_theme(&self.theme, || self.draw(area, buf));
    }
}

impl App {
    fn draw(&self, area: Rect, buf: &mut Buffer) {
        let size = Size::new(area.width, area.height);
        if layout::too_small(size) {
            return too_small(&self.keymap, self.mode(), area, buf);
        }
        match &self.screen {
            Screen::Start(s) => start::render(s, &self.keymap, area, buf),
            Screen::Assess(ws) => {
                let areas = layout::Areas::new(size);
                status::header(ws, areas.header, buf);
                let body = areas.tree.union(areas.detail);
                match &ws.pane {
                    _ if ws.editor.is_some() && !matches!(ws.pane, Pane::Tree) => {
                        detail::render(ws, &self.keymap, body, buf)
                    }
                    Pane::Tree => {
                        tree::render(ws, &self.keymap, areas.tree, buf);
                        detail::render(ws, &self.keymap, areas.detail, buf);
                    }
                    Pane::Compare(view) => compare::render(ws, &self.keymap, view, body, buf),
                    Pane::Session(view) => session::render(ws, &self.keymap, view, body, buf),
                }
                status::footer(self, ws, areas.status, buf);
            }
        }
        match &self.overlay {
            Some(Overlay::Help(scroll)) => help::render(&self.keymap, *scroll, area, buf),
            Some(Overlay::Prompt(prompt)) => help::prompt(prompt, &self.keymap, area, buf),
            Some(Overlay::Confirm(confirm)) => help::confirm(confirm, &self.keymap, area, buf),
            None => {}
        }
    }
}

fn too_small(keys: &crate::keys::Keymap, mode: crate::keys::Mode, area: Rect, buf: &mut Buffer) {
    // Only quitting works here (it saves first): say with which key.
    let quit = keys
        .key(mode, &crate::keys::Action::Quit)
        .map_or(String::new(), |k| format!("; {k} quits"));
    let text = format!(
        "terminal too small: {}x{}, reflect needs {}x{}{quit}",
        area.width,
        area.height,
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT
    );
    let y = area.height / 2;
    let line = Rect::new(area.x, area.y + y, area.width, area.height - y);
    Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(line, buf);
}
