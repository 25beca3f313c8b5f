//! The search box: a line at the foot of the screen where what to find is
//! typed. The tree (or session mode) follows as it is typed; Enter keeps
//! the finds highlighted for `n` and `N`, Esc goes back to where the
//! search began. Typing here never runs a command.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::View;
use crate::app::tree::Node;
use crate::app::{App, Mode, Workspace};
use crate::keys::Action;

/// What is being typed, and where the search began.
pub struct SearchBox {
    pub text: TextArea<'static>,
    /// The selection when the search began: the first find is the one at or
    /// after it, and Esc goes back to it.
    pub from: Node,
}

impl SearchBox {
    /// A box starting at the selection `from`, holding `last` (the search
    /// before, to change or type over).
    pub fn new(from: Node, last: &str) -> SearchBox {
        let mut text = TextArea::new(vec![last.to_string()]);
        text.set_cursor_line_style(ratatui::style::Style::default());
        text.move_cursor(ratatui_textarea::CursorMove::End);
        SearchBox { text, from }
    }

    /// An empty box over `ws`, from its selection: what is typed is a new
    /// search, never stuck onto the last one.
    pub fn starting(ws: &Workspace) -> SearchBox {
        SearchBox::new(ws.tree.selected(), "")
    }

    pub fn query(&self) -> String {
        self.text.lines().join(" ")
    }
}

impl View for SearchBox {
    fn mode(&self) -> Mode {
        Mode::Search
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw::render(self, app, area, buf)
    }

    #[cfg(test)]
    fn example(_: &App) -> Self {
        SearchBox::new(Node::Framework, "")
    }
}
