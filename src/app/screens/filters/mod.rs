//! The tree's filters: a list to tick, any number at once. The tree then
//! lists only the standards that pass them all, and says so in its title.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::View;
use crate::app::workspace::Filter;
use crate::app::{App, Mode, Workspace};
use crate::keys::Action;

/// The list of filters, with how many standards each lets through alone
/// (counted once, when the list opens).
pub struct FilterMenu {
    pub cursor: usize,
    pub counts: Vec<usize>,
}

impl FilterMenu {
    pub fn new(ws: &Workspace) -> FilterMenu {
        FilterMenu {
            cursor: 0,
            counts: Filter::ALL.iter().map(|f| ws.passing(*f).len()).collect(),
        }
    }
}

impl View for FilterMenu {
    fn mode(&self) -> Mode {
        Mode::Filters
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw::render(self, app, area, buf)
    }

    #[cfg(test)]
    fn example(app: &App) -> Self {
        FilterMenu::new(app.workspace().expect("an open assessment"))
    }
}
