//! Browsing and rating: the tree of themes, stages and standards beside
//! the detail of what is selected. The tree's state is the workspace's
//! (`crate::app::tree`), as session mode walks it too.

pub(crate) mod detail;
mod tree;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Hint, View};
use crate::app::App;
use crate::keys::{Action, Mode};
use crate::ui::layout;

/// The tree and the detail.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Browse;

impl View for Browse {
    fn mode(&self) -> Mode {
        Mode::Browse
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let Some(ws) = app.workspace() else {
            return;
        };
        let (tree_area, detail_area) = layout::split_body(area);
        tree::render(ws, &app.keymap, tree_area, buf);
        detail::render(app, ws, detail_area, buf);
    }

    fn hints(&self, app: &App, narrow: bool) -> Vec<Hint> {
        let keys = &app.keymap;
        let mode = Mode::Browse;
        if narrow {
            return Hint::help_and_quit(keys, mode);
        }
        let Some(ws) = app.workspace() else {
            return Vec::new();
        };
        // The stage a level would be set at: the selected standard's own
        // where it has one (the Chief Executives framework's).
        let stage = match ws.selected_standard() {
            Some((_, _, _, standard)) => &ws.framework().stages[ws.stage_for(standard)].name,
            None => &ws.framework().stages[ws.stage].name,
        };
        let mut hints = vec![Hint {
            need: 9,
            text: format!("stage: {stage}"),
        }];
        // Rating and writing only where they work: on a standard; on a
        // theme or stage, how to open it.
        let on_standard = ws.selected_standard().is_some();
        hints.extend(
            [
                keys.level_keys(mode, ws.framework().max_level())
                    .filter(|_| on_standard)
                    .map(|k| Hint {
                        need: 1,
                        text: format!("{k} rate"),
                    }),
                on_standard
                    .then(|| Hint::key(keys, mode, Action::EditNote, "note", 1))
                    .flatten(),
                (!on_standard)
                    .then(|| Hint::key(keys, mode, Action::Open, "open", 1))
                    .flatten(),
            ]
            .into_iter()
            .flatten(),
        );
        hints.extend(Hint::help_and_quit(keys, mode));
        hints
    }

    #[cfg(test)]
    fn example(_: &App) -> Self {
        Browse
    }
}
