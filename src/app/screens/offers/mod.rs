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
use crate::model::offer::{Fit, Kind, Wanted, suggest};

/// The offers screen's state; the offers themselves are the workspace's
/// ([`Workspace::offer_list`]).
pub struct OffersView {
    /// Filters: a theme and a stage (indices into the framework's), a kind.
    pub theme: Option<usize>,
    pub stage: Option<usize>,
    pub kind: Option<Kind>,
    /// Councillors' offers too.
    pub councillors: bool,
    /// The theme and stage the screen was opened for (a priority's), which
    /// an offer made an action develops where the filters were widened.
    pub asked: (Option<usize>, Option<usize>),
    pub cursor: usize,
    pub detail_scroll: u16,
    pub back: Option<Box<Pane>>,
}

impl OffersView {
    /// The offers, filtered to `theme` and `stage` (ids) where given.
    pub fn new(
        ws: &Workspace,
        theme: Option<&str>,
        stage: Option<&str>,
        back: Option<Pane>,
    ) -> OffersView {
        let fw = ws.framework();
        let theme = theme.and_then(|t| fw.themes.iter().position(|x| x.id == t));
        let stage = stage.and_then(|s| fw.stage_index(s));
        OffersView {
            theme,
            stage,
            kind: None,
            councillors: false,
            asked: (theme, stage),
            cursor: 0,
            detail_scroll: 0,
            back: back.map(Box::new),
        }
    }

    /// The offers shown, by index into the workspace's list, with how
    /// well each fits; `councillors` also when not asked for.
    pub fn shown_for(&self, ws: &Workspace, councillors: bool) -> Vec<(usize, Option<Fit>)> {
        let fw = ws.framework();
        let wanted = Wanted {
            framework: Some(&fw.id),
            theme: self.theme.map(|t| fw.themes[t].id.as_str()),
            stage: self.stage.map(|s| fw.stages[s].id.as_str()),
            councillors: councillors || self.councillors,
        };
        let list = ws.offer_list();
        suggest(list, &wanted)
            .into_iter()
            .filter(|(o, _)| self.kind.is_none_or(|k| o.kind == k))
            .filter_map(|(o, fit)| {
                let i = list.iter().position(|x| std::ptr::eq(x, o))?;
                Some((i, fit))
            })
            .collect()
    }

    /// The offers shown, as [`OffersView::shown_for`] the audience chosen.
    pub fn shown(&self, ws: &Workspace) -> Vec<(usize, Option<Fit>)> {
        self.shown_for(ws, false)
    }

    /// The theme and stage an offer made an action develops: the filters'
    /// where set, else what the screen was opened for.
    pub fn link(&self) -> (Option<usize>, Option<usize>) {
        let theme = self.theme.or(self.asked.0);
        let stage = match self.stage {
            Some(s) => Some(s),
            None if theme == self.asked.0 => self.asked.1,
            None => None,
        };
        (theme, stage)
    }

    /// The kinds the catalogue has, in its order.
    pub fn kinds(ws: &Workspace) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = Vec::new();
        for o in ws.offer_list() {
            if !kinds.contains(&o.kind) {
                kinds.push(o.kind);
            }
        }
        kinds
    }
}

/// Show the offers serving `theme` and `stage` (ids, where given), coming
/// back to the pane showing now; a catalogue file left out is said. When
/// nothing serves that stage of the theme, the theme's offers at every
/// stage are shown (and, when nothing serves the theme, every offer),
/// saying so: a suggestion a stage away is better than an empty screen.
pub fn open(app: &mut App, theme: Option<&str>, stage: Option<&str>) {
    let crate::app::Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    let problems = ws.load_offers(&app.home).problems.clone();
    let back = std::mem::replace(&mut ws.pane, Pane::Tree(super::browse::Browse));
    let mut view = OffersView::new(ws, theme, stage, Some(back));
    let mut widened = None;
    if view.shown(ws).is_empty() && view.stage.is_some() {
        if let Some(stage) = view.stage.and_then(|s| ws.framework().stages.get(s)) {
            widened = Some(format!(
                "No offer is matched to {} here: showing every stage",
                stage.name.to_lowercase()
            ));
        }
        view.stage = None;
    }
    if view.shown(ws).is_empty() && view.theme.is_some() {
        widened = Some("No offer is matched to this theme: showing them all".into());
        view.theme = None;
    }
    ws.pane = Pane::Offers(view);
    app.message = match problems.first() {
        Some(first) => Some(match problems.len() {
            1 => format!("Left out: {first}"),
            n => format!("Left out: {first} (and {} more)", n - 1),
        }),
        None => widened,
    };
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
            None,
            None,
            None,
        )
    }
}
