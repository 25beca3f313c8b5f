//! The cohort screen (`reflect cohort PATH...` on a terminal): for HR and
//! learning teams, the heat map of a cohort's levels by theme and stage
//! (median, share at the top two levels, people who rated it), a theme
//! drilled into standard by stage with each one's distribution, the
//! common priorities, the offers serving the most people's, progress and
//! the files skipped. Levels only; every figure from fewer than the
//! smallest group is already left out of the report it reads.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Hint, View};
use crate::app::App;
use crate::keys::{Action, Mode};
use crate::report::cohort::CohortView;

pub struct CohortScreen {
    pub view: CohortView,
    /// Which framework's people show (a cohort may mix frameworks).
    pub group: usize,
    /// The theme with focus.
    pub theme: usize,
    /// The theme drilled into, standard by stage.
    pub drilled: Option<usize>,
    /// The standard with focus, drilled in.
    pub standard: usize,
    /// Lines scrolled past at the top, as paged; `None`: wherever shows
    /// the row with focus (after a move).
    pub scroll: Option<usize>,
}

impl CohortScreen {
    pub fn new(view: CohortView) -> CohortScreen {
        CohortScreen {
            view,
            group: 0,
            theme: 0,
            drilled: None,
            standard: 0,
            scroll: None,
        }
    }
}

impl View for CohortScreen {
    fn mode(&self) -> Mode {
        Mode::Cohort
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw::render(self, app, area, buf)
    }

    fn hints(&self, app: &App, narrow: bool) -> Vec<Hint> {
        let keys = &app.keymap;
        let mode = Mode::Cohort;
        if narrow {
            return Hint::help_and_quit(keys, mode);
        }
        let mut hints = vec![keys.pair(mode, &Action::Up, &Action::Down).map(|k| Hint {
            need: 1,
            text: format!(
                "{k} {}",
                if self.drilled.is_some() {
                    "standard"
                } else {
                    "theme"
                }
            ),
        })];
        if self.drilled.is_some() {
            hints.push(Hint::key(keys, mode, Action::Back, "all themes", 1));
        } else {
            hints.push(Hint::key(keys, mode, Action::Open, "its standards", 1));
        }
        if self.view.groups.len() > 1 {
            hints.push(Hint::key(
                keys,
                mode,
                Action::NextStage,
                "next framework",
                2,
            ));
        }
        hints.push(
            keys.pair(mode, &Action::PageUp, &Action::PageDown)
                .map(|k| Hint {
                    need: 3,
                    text: format!("{k} scroll"),
                }),
        );
        let mut all: Vec<Hint> = hints.into_iter().flatten().collect();
        all.extend(Hint::help_and_quit(keys, mode));
        all
    }

    #[cfg(test)]
    fn example(_app: &App) -> Self {
        CohortScreen::new(tests::example_view())
    }
}

#[cfg(test)]
pub(crate) mod tests;
