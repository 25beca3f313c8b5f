//! Drawing the app: `impl Widget for &App`. It only reads state: the
//! screen showing draws itself (`screens`), with the header and status
//! line around an open assessment, and anything on top last.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect, Size};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{App, Pane, Screen, View, status};
use crate::keys::{Action, Keymap, Mode};
use crate::ui::{layout, style};

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
            Screen::Start(start) => start.draw(self, area, buf),
            Screen::Cohort(cohort) => cohort.draw(self, area, buf),
            Screen::Assess(ws) => {
                let areas = layout::Areas::new(size);
                status::header(ws, areas.header, buf);
                let body = areas.tree.union(areas.detail);
                match &ws.editor {
                    // Over a full view, the editor takes the whole body;
                    // beside the tree, the detail's place.
                    Some(editor) if !matches!(ws.pane, Pane::Tree(_)) => {
                        editor.draw(self, body, buf)
                    }
                    _ => ws.pane.draw(self, body, buf),
                }
                status::footer(self, ws, areas.status, buf);
            }
        }
        if let Some(overlay) = &self.overlay {
            overlay.draw(self, area, buf);
        }
    }
}

fn too_small(keys: &Keymap, mode: Mode, area: Rect, buf: &mut Buffer) {
    // Only quitting works here (it saves first): say with which key.
    let quit = keys
        .key(mode, &Action::Quit)
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
