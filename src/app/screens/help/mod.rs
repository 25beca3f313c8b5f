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

impl Help {
    /// The help opened at the keys of the screen it was opened from.
    pub fn at(app: &App) -> Help {
        Help {
            scroll: draw::section_start(
                &app.keymap,
                top(app),
                on_cohort(app),
                app.screen_mode(),
                ratatui::layout::Rect::from((ratatui::layout::Position::ORIGIN, app.size)),
            ),
        }
    }
}

/// On the cohort screen, where only its keys apply.
pub(super) fn on_cohort(app: &App) -> bool {
    matches!(app.screen, crate::app::Screen::Cohort(_))
}

/// The top of the scale in use (9 on the start screen: any).
pub(super) fn top(app: &App) -> u8 {
    app.workspace().map_or(9, |ws| ws.framework().max_level())
}

impl View for Help {
    fn mode(&self) -> Mode {
        Mode::Help
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw::render(&app.keymap, top(app), on_cohort(app), self.scroll, area, buf)
    }

    #[cfg(test)]
    fn example(_: &App) -> Self {
        Help::default()
    }
}
