//! The drawing toolkit every screen draws with: where the parts of the
//! screen go (`layout`), painting text into a buffer fast (`paint`), the
//! theme's styles (`style`) and measuring text in screen cells (`text`).
//!
//! Nothing here knows the app: screens (`crate::app::screens`) use it.

pub mod layout;
pub mod paint;
pub mod style;
pub mod text;

use ratatui::layout::Rect;

/// A rectangle of at most `width` x `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
