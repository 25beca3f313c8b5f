//! The offers screen's keys: move, filter, make the selected offer an action.

use super::super::Pane;
use super::super::browse::Browse;
use super::super::form::Form;
use super::super::plan::PlanView;
use super::OffersView;
use crate::app::{Action, App, Overlay, Screen};
use crate::model::plan::{Action as PlanAction, ActionKind, Link};

/// The next of `count` choices after `now`, or none after the last.
fn cycle(now: Option<usize>, count: usize) -> Option<usize> {
    match now {
        None if count > 0 => Some(0),
        Some(i) if i + 1 < count => Some(i + 1),
        _ => None,
    }
}

pub(super) fn update(app: &mut App, action: Action) {
    let page = app.tree_rows().max(1);
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    let Pane::Offers(view) = &ws.pane else {
        return;
    };
    let shown = view.shown(ws);
    let selected = shown
        .get(view.cursor.min(shown.len().saturating_sub(1)))
        .map(|(i, _)| ws.offer_list()[*i].clone());
    let (themes, stages) = (ws.framework().themes.len(), ws.framework().stages.len());
    let kinds = OffersView::kinds(ws);
    let (link_theme, link_stage) = view.link();
    let theme_stage = (
        link_theme.map(|t| ws.framework().themes[t].id.clone()),
        link_stage.map(|s| ws.framework().stages[s].id.clone()),
    );
    let Pane::Offers(view) = &mut ws.pane else {
        return;
    };
    let last = shown.len().saturating_sub(1);
    let refilter = |view: &mut OffersView| {
        view.cursor = 0;
        view.detail_scroll = 0;
    };
    match action {
        Action::Up => view.cursor = view.cursor.min(last).saturating_sub(1),
        Action::Down => view.cursor = (view.cursor + 1).min(last),
        Action::PageUp => view.cursor = view.cursor.min(last).saturating_sub(page),
        Action::PageDown => view.cursor = (view.cursor + page).min(last),
        Action::First => view.cursor = 0,
        Action::Last => view.cursor = last,
        Action::DetailDown => view.detail_scroll = view.detail_scroll.saturating_add(1),
        Action::DetailUp => view.detail_scroll = view.detail_scroll.saturating_sub(1),
        Action::FilterTheme => {
            view.theme = cycle(view.theme, themes);
            refilter(view);
        }
        Action::FilterStage => {
            view.stage = cycle(view.stage, stages);
            refilter(view);
        }
        Action::FilterKind => {
            let now = view.kind.and_then(|k| kinds.iter().position(|x| *x == k));
            view.kind = cycle(now, kinds.len()).map(|i| kinds[i]);
            refilter(view);
        }
        Action::FilterAudience => {
            view.councillors = !view.councillors;
            refilter(view);
            app.message = Some(if view.councillors {
                "Councillors' offers shown too.".into()
            } else {
                "Officers' offers only.".into()
            });
        }
        Action::ClearFilters => {
            (view.theme, view.stage, view.kind, view.councillors) = (None, None, None, false);
            refilter(view);
        }
        Action::AddAction => match selected {
            Some(offer) => {
                let links = match &theme_stage {
                    (Some(t), stage) => vec![Link::theme(t, stage.as_deref())],
                    (None, Some(stage)) => vec![Link {
                        stage: Some(stage.clone()),
                        ..Link::default()
                    }],
                    (None, None) => Vec::new(),
                };
                let start = PlanAction {
                    kind: ActionKind::of_offer(offer.kind),
                    links,
                    offer: Some(offer.id.clone()),
                    ..PlanAction::new(&offer.title)
                };
                app.overlay = Some(Overlay::Form(Box::new(Form::action(ws, None, start))));
            }
            None => app.message = Some("No offer is shown: 0 shows them all.".into()),
        },
        Action::Plan => {
            let back = view.back.take().map(|b| *b);
            ws.pane = match back {
                Some(Pane::Plan(plan)) => Pane::Plan(plan),
                other => {
                    let plan = PlanView::new(ws, other);
                    Pane::Plan(plan)
                }
            };
        }
        Action::Back | Action::Offers => {
            let back = view.back.take().map(|b| *b);
            ws.pane = back.unwrap_or(Pane::Tree(Browse));
        }
        Action::Quit => app.quit(),
        _ => {}
    }
}
