//! The compare view: progress since the review before the one viewed,
//! theme by theme, then every standard and stage that changed.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Hint, View};
use crate::app::App;
use crate::keys::{Action, Mode};
use crate::model::compare::Comparison;

/// Progress since the review before the one being viewed.
pub struct CompareView {
    pub comparison: Comparison,
    /// Title of the earlier review.
    pub previous: String,
    pub changed_only: bool,
    pub scroll: usize,
    /// Indices into `comparison.pairs` listed now (all but unrated-both, or only changes).
    pub shown: Vec<usize>,
    /// Indices into `comparison.themes` listed now (with only changes: the themes that changed).
    pub themes: Vec<usize>,
}

impl CompareView {
    pub fn new(comparison: Comparison, previous: String) -> CompareView {
        let mut view = CompareView {
            comparison,
            previous,
            changed_only: false,
            scroll: 0,
            shown: Vec::new(),
            themes: Vec::new(),
        };
        view.refilter();
        view
    }

    /// Recompute which pairs are listed after the filter changes.
    pub fn refilter(&mut self) {
        use crate::model::compare::Change;
        self.shown = self
            .comparison
            .pairs
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                if self.changed_only {
                    p.change.is_change()
                } else {
                    p.change != Change::Unrated
                }
            })
            .map(|(i, _)| i)
            .collect();
        let changed_only = self.changed_only;
        let pairs = &self.comparison.pairs;
        self.themes = self
            .comparison
            .themes
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                !changed_only
                    || t.total.is_change()
                    || pairs
                        .iter()
                        .any(|p| p.theme == t.theme && p.change.is_change())
            })
            .map(|(i, _)| i)
            .collect();
    }
}


impl View for CompareView {
    fn mode(&self) -> Mode {
        Mode::Compare
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        if let Some(ws) = app.workspace() {
            draw::render(ws, &app.keymap, self, area, buf)
        }
    }

    fn hints(&self, app: &App, narrow: bool) -> Vec<Hint> {
        let keys = &app.keymap;
        let mode = Mode::Compare;
        if narrow {
            return Hint::help_and_quit(keys, mode);
        }
        [
            keys.pair(mode, &Action::Up, &Action::Down).map(|k| Hint {
                need: 1,
                text: format!("{k} scroll"),
            }),
            Hint::key(
                keys,
                mode,
                Action::ChangedOnly,
                if self.changed_only { "show all" } else { "only changes" },
                1,
            ),
            keys.either(mode, &Action::Back, 2).map(|k| Hint {
                need: 0,
                text: format!("{k} back"),
            }),
            Hint::key(keys, mode, Action::Quit, "quit", 0),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    #[cfg(test)]
    fn example(app: &App) -> Self {
        let ws = app.workspace().expect("an open assessment");
        let review = ws.review();
        CompareView::new(
            crate::model::compare::compare(ws.framework(), review, review),
            review.title.clone(),
        )
    }
}
