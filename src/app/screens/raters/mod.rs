//! Who rates in the review besides the person: a list to add to, rename,
//! remove from (asking first; their levels and notes are kept under
//! Archived) and bring back from, each change one step to undo.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::View;
use crate::app::{App, Mode};
use crate::keys::Action;
use crate::model::Review;
use crate::model::assessment::View as RaterView;

/// The list of raters: those rating now, then the archived ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RaterList {
    /// Which row is selected, counting the archived after the others.
    pub cursor: usize,
}

/// A row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// `review.raters[i]`
    Rating(usize),
    /// `review.archived_raters[i]`
    Archived(usize),
}

impl RaterList {
    /// The list with `id`'s row selected (if it is there).
    pub fn at(review: &Review, id: &str) -> RaterList {
        let cursor = rows(review)
            .iter()
            .position(|row| row_id(review, *row) == id)
            .unwrap_or(0);
        RaterList { cursor }
    }

    /// The selected row, kept within the list.
    pub fn selected(&self, review: &Review) -> Option<Row> {
        let rows = rows(review);
        rows.get(self.cursor.min(rows.len().saturating_sub(1)))
            .copied()
    }
}

/// What a rater recorded, in words: "2 levels, 1 note", "nothing yet".
pub fn recorded<'a>(views: impl Iterator<Item = &'a RaterView>) -> String {
    let (mut levels, mut notes) = (0, 0);
    for view in views {
        levels += usize::from(view.rating.is_rated());
        notes += usize::from(!view.note.is_empty());
    }
    let count = |n: usize, one: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    };
    match (levels, notes) {
        (0, 0) => "nothing yet".into(),
        (l, 0) => count(l, "level"),
        (0, n) => count(n, "note"),
        (l, n) => format!("{}, {}", count(l, "level"), count(n, "note")),
    }
}

/// Every row, in order.
pub fn rows(review: &Review) -> Vec<Row> {
    (0..review.raters.len())
        .map(Row::Rating)
        .chain((0..review.archived_raters.len()).map(Row::Archived))
        .collect()
}

/// The rater id of a row.
pub fn row_id(review: &Review, row: Row) -> &str {
    match row {
        Row::Rating(i) => &review.raters[i].id,
        Row::Archived(i) => &review.archived_raters[i].rater.id,
    }
}

impl View for RaterList {
    fn mode(&self) -> Mode {
        Mode::Raters
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw::render(self, app, area, buf)
    }

    #[cfg(test)]
    fn example(_: &App) -> Self {
        RaterList::default()
    }
}
