//! Where each part of the screen goes, for a given terminal size.
//!
//! Pure arithmetic on sizes, shared by the draw code and by `update`
//! (which needs the tree's height to keep the selection in view).

use ratatui::layout::{Constraint, Layout, Rect, Size};

/// Below this the app shows "terminal too small".
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Below this height the header line is left out.
pub const COMPACT_HEIGHT: u16 = 16;

/// Below this width the status line leaves out the file name.
pub const NARROW: u16 = 70;

/// From this width the tree and the detail stand side by side.
pub const SIDE_BY_SIDE: u16 = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub tree: Rect,
    pub detail: Rect,
    pub status: Rect,
}

impl Areas {
    pub fn new(size: Size) -> Areas {
        let area = Rect::new(0, 0, size.width, size.height);
        // On short terminals the header gives its line to the tree.
        let header_height = if size.height >= COMPACT_HEIGHT { 1 } else { 0 };
        let [header, body, status] = Layout::vertical([
            Constraint::Length(header_height),
            Constraint::Min(0),
            Constraint::Length(1),
        ])
        .areas(area);
        let [tree, detail] = if size.width >= SIDE_BY_SIDE {
            Layout::horizontal([Constraint::Percentage(45), Constraint::Min(0)]).areas(body)
        } else {
            Layout::vertical([Constraint::Percentage(55), Constraint::Min(0)]).areas(body)
        };
        Areas {
            header,
            tree,
            detail,
            status,
        }
    }

    /// Rows of the tree inside its border.
    pub fn tree_rows(&self) -> u16 {
        self.tree.height.saturating_sub(2)
    }
}

pub fn too_small(size: Size) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}
