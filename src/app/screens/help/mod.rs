//! The help: every key of every screen, drawn from the keymap itself.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::View;
use crate::app::App;
use crate::keys::{Action, Mode};

/// The help, scrolled this far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Help {
    pub scroll: u16,
}

impl View for Help {
    fn mode(&self) -> Mode {
        Mode::Help
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw::render(&app.keymap, self.scroll, area, buf)
    }

    #[cfg(test)]
    fn example(_: &App) -> Self {
        Help::default()
    }
}
