//! Where each part of the screen goes, for a given terminal size.
//!
//! Pure arithmetic on sizes, shared by the draw code and by `update`
//! (which needs the tree's height to keep the selection in view).

use ratatui::layout::{Rect, Size};

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
        let (header, rest) = take_top(area, header_height);
        let (body, status) = take_bottom(rest, 1);
        let (tree, detail) = split_body(body);
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

/// The tree and the detail: side by side on a wide screen, else the tree
/// above.
pub fn split_body(body: Rect) -> (Rect, Rect) {
    if body.width >= SIDE_BY_SIDE {
        take_left(body, body.width * 45 / 100)
    } else {
        take_top(body, body.height * 55 / 100)
    }
}

pub fn too_small(size: Size) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

// Plain arithmetic instead of ratatui's constraint solver: these run on
// every frame, and a solver per frame costs more than the whole tree.

/// Split `rows` lines off the top (all of it if shorter): (top, rest).
pub fn take_top(area: Rect, rows: u16) -> (Rect, Rect) {
    let rows = rows.min(area.height);
    (
        Rect {
            height: rows,
            ..area
        },
        Rect {
            y: area.y + rows,
            height: area.height - rows,
            ..area
        },
    )
}

/// Split `rows` lines off the bottom: (rest, bottom).
pub fn take_bottom(area: Rect, rows: u16) -> (Rect, Rect) {
    let rows = rows.min(area.height);
    let (rest, bottom) = take_top(area, area.height - rows);
    (rest, bottom)
}

/// Split `cols` columns off the left: (left, rest).
pub fn take_left(area: Rect, cols: u16) -> (Rect, Rect) {
    let cols = cols.min(area.width);
    (
        Rect {
            width: cols,
            ..area
        },
        Rect {
            x: area.x + cols,
            width: area.width - cols,
            ..area
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_tile_the_screen_without_overlap() {
        for (w, h) in [(80, 24), (40, 12), (200, 60), (1, 1), (0, 0), (79, 15)] {
            let a = Areas::new(Size::new(w, h));
            let total = a.header.area() + a.tree.area() + a.detail.area() + a.status.area();
            assert_eq!(total, u32::from(w) * u32::from(h), "{w}x{h}");
            assert!(!a.tree.intersects(a.detail) || a.tree.is_empty() || a.detail.is_empty());
        }
        let a = Areas::new(Size::new(100, 30));
        assert_eq!(
            (a.tree.width, a.detail.width, a.status.y, a.header.height),
            (45, 55, 29, 1)
        );
        let narrow = Areas::new(Size::new(60, 14));
        assert_eq!(
            (narrow.header.height, narrow.tree.width, narrow.tree.height),
            (0, 60, 7)
        );
    }
}
