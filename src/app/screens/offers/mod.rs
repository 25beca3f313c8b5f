//! Development offers: the bundled catalogue and the organisation's own,
//! filtered by theme, stage, kind and audience; from a priority, those
//! that serve it, officers' first and the most specific first. Each is
//! dated and says whether its mapping was stated or inferred; one key
//! makes the selected offer an action.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Hint, Pane, View};
use crate::app::{App, Workspace};
use crate::keys::{Action, Mode};
use crate::model::offer::{Fit, Kind, Offer, Wanted, suggest};
use crate::store::Home;

pub struct OffersView {
    /// The catalogue: bundled, and the organisation's own over it.
    pub offers: Vec<Offer>,
    /// Catalogue files left out, and why.
    pub problems: Vec<String>,
    /// Filters: a theme and a stage (indices into the framework's), a kind.
    pub theme: Option<usize>,
    pub stage: Option<usize>,
    pub kind: Option<Kind>,
    /// Councillors' offers too.
    pub councillors: bool,
    pub cursor: usize,
    pub detail_scroll: u16,
    pub back: Option<Box<Pane>>,
}

impl OffersView {
    /// The offers, filtered to `theme` and `stage` (ids) where given.
    pub fn new(
        ws: &Workspace,
        home: &Home,
        theme: Option<&str>,
        stage: Option<&str>,
        back: Option<Pane>,
    ) -> OffersView {
        let fw = ws.framework();
        let (offers, problems) = crate::store::offers(home, std::slice::from_ref(fw));
        OffersView {
            offers,
            problems,
            theme: theme.and_then(|t| fw.themes.iter().position(|x| x.id == t)),
            stage: stage.and_then(|s| fw.stage_index(s)),
            kind: None,
            councillors: false,
            cursor: 0,
            detail_scroll: 0,
            back: back.map(Box::new),
        }
    }

    /// The offers shown, by index into `offers`, with how well each fits.
    pub fn shown(&self, ws: &Workspace) -> Vec<(usize, Option<Fit>)> {
        let fw = ws.framework();
        let wanted = Wanted {
            framework: Some(&fw.id),
            theme: self.theme.map(|t| fw.themes[t].id.as_str()),
            stage: self.stage.map(|s| fw.stages[s].id.as_str()),
            councillors: self.councillors,
        };
        suggest(&self.offers, &wanted)
            .into_iter()
            .filter(|(o, _)| self.kind.is_none_or(|k| o.kind == k))
            .filter_map(|(o, fit)| {
                let i = self.offers.iter().position(|x| std::ptr::eq(x, o))?;
                Some((i, fit))
            })
            .collect()
    }

    /// The kinds the catalogue has, in its order.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = Vec::new();
        for o in &self.offers {
            if !kinds.contains(&o.kind) {
                kinds.push(o.kind);
            }
        }
        kinds
    }
}

impl View for OffersView {
    fn mode(&self) -> Mode {
        Mode::Offers
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
        let mode = Mode::Offers;
        if narrow {
            return Hint::help_and_quit(keys, mode);
        }
        Hint::with_back(
            keys,
            mode,
            vec![
                Hint::key(keys, mode, Action::AddAction, "make it an action", 1),
                Hint::key(keys, mode, Action::FilterTheme, "theme", 2),
                Hint::key(keys, mode, Action::FilterStage, "stage", 2),
                Hint::key(keys, mode, Action::FilterKind, "kind", 3),
                Hint::key(keys, mode, Action::FilterAudience, "audience", 3),
            ],
        )
    }

    #[cfg(test)]
    fn example(app: &App) -> Self {
        OffersView::new(
            app.workspace().expect("an open assessment"),
            &app.home,
            None,
            None,
            None,
        )
    }
}
