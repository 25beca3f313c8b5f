//! The plan screen's keys: move, pin or set aside, add, edit, change
//! status, delete (asking first), group, go to what an item develops.

use super::super::Pane;
use super::super::browse::Browse;
use super::super::confirm::Confirm;
use super::super::form::Form;
use super::super::prompt::{Prompt, PromptKind};
use super::{Row, rows};
use crate::app::{Action, App, Mode, Overlay, Screen};
use crate::model::plan::{Action as PlanAction, ItemId, Link, Status};

pub(super) fn update(app: &mut App, action: Action) {
    let today = app.clock.today();
    let page = app.tree_rows().max(1);
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    let Pane::Plan(view) = &ws.pane else {
        return;
    };
    let all = rows(ws, view);
    let count = all.iter().filter(|r| r.selectable()).count();
    let selected = view.selected(&all);
    let Pane::Plan(view) = &mut ws.pane else {
        return;
    };
    let last = count.saturating_sub(1);
    let mut moved = true;
    match action {
        Action::Up => view.cursor = view.cursor.min(last).saturating_sub(1),
        Action::Down => view.cursor = (view.cursor + 1).min(last),
        Action::PageUp => view.cursor = view.cursor.min(last).saturating_sub(page),
        Action::PageDown => view.cursor = (view.cursor + page).min(last),
        Action::First => view.cursor = 0,
        Action::Last => view.cursor = last,
        Action::Wheel(_, _, down) => {
            view.cursor = if down {
                (view.cursor + 3).min(last)
            } else {
                view.cursor.min(last).saturating_sub(3)
            }
        }
        _ => moved = false,
    }
    if moved {
        view.detail_scroll = 0;
        return;
    }
    match action {
        Action::DetailDown => view.detail_scroll = view.detail_scroll.saturating_add(1),
        Action::DetailUp => view.detail_scroll = view.detail_scroll.saturating_sub(1),
        Action::Raters => {
            app.overlay = Some(Overlay::Raters(super::super::raters::RaterList::default()))
        }
        Action::GroupBy => {
            view.by_theme = !view.by_theme;
            // Stay on the same item.
            if let Some(Row::Item(id)) = &selected {
                super::follow(ws, *id);
            }
        }
        Action::Back | Action::Plan => {
            let back = view.back.take().map(|b| *b);
            ws.pane = back.unwrap_or(Pane::Tree(Browse));
        }
        Action::Quit => app.quit(),
        Action::Pin | Action::Dismiss => match selected {
            Some(Row::Candidate(c)) => {
                let result = if action == Action::Pin {
                    ws.toggle_pin(c.kind, &c.theme, &c.stage, &c.why)
                        .map(|on| if on { "Pinned" } else { "Unpinned" })
                } else {
                    ws.toggle_dismiss(c.kind, &c.theme, &c.stage)
                        .map(|on| if on { "Set aside" } else { "Brought back" })
                };
                let name = super::cell_name(ws.framework(), &c.theme, &c.stage);
                app.message = Some(match result {
                    Ok(done) => app.keymap.fill(
                        Mode::Plan,
                        &format!("{done}: {} {name}. {{Undo}} undoes it.", c.kind.label()),
                    ),
                    Err(e) => e,
                });
            }
            _ => {
                app.message = Some(
                    "Pinning and setting aside are for the strengths and priorities at the top."
                        .into(),
                )
            }
        },
        Action::AddObjective => {
            app.overlay = Some(Overlay::Form(Box::new(Form::objective(ws, None))));
        }
        Action::AddAction => {
            let start = match &selected {
                Some(Row::Candidate(c)) => PlanAction {
                    links: vec![Link::theme(&c.theme, Some(&c.stage))],
                    ..PlanAction::default()
                },
                Some(Row::Item(ItemId::Objective(o))) => PlanAction {
                    objective: Some(*o),
                    ..PlanAction::default()
                },
                _ => PlanAction::default(),
            };
            app.overlay = Some(Overlay::Form(Box::new(Form::action(ws, None, start))));
        }
        Action::EditItem => match selected {
            Some(Row::Item(ItemId::Objective(n))) => {
                app.overlay = Some(Overlay::Form(Box::new(Form::objective(ws, Some(n)))));
            }
            Some(Row::Item(ItemId::Action(n))) => {
                let form = Form::action(ws, Some(n), PlanAction::default());
                app.overlay = Some(Overlay::Form(Box::new(form)));
            }
            Some(Row::Candidate(_)) => {
                app.message = Some(app.keymap.fill(
                    Mode::Plan,
                    "{AddAction} makes it an action, {Pin} pins it, {Offers} shows offers for it.",
                ))
            }
            _ => {}
        },
        Action::NextStatus => match selected {
            Some(Row::Item(id)) => {
                let plan = &ws.doc.assessment.plan;
                let now = match id {
                    ItemId::Objective(n) => plan.objective(n).map(|o| o.status),
                    ItemId::Action(n) => plan.action(n).map(|a| a.status),
                };
                let next = now.unwrap_or_default().next();
                if next == Status::Done && matches!(id, ItemId::Action(_)) {
                    let evidence = match id {
                        ItemId::Action(n) => plan.action(n).map(|a| a.evidence.clone()),
                        ItemId::Objective(_) => None,
                    }
                    .unwrap_or_default();
                    let mut prompt =
                        Prompt::new(PromptKind::Evidence { id }, "", &app.keymap);
                    prompt.text.insert_str(&evidence);
                    app.overlay = Some(Overlay::Prompt(Box::new(prompt)));
                } else {
                    app.message = Some(match ws.set_plan_status(id, next, None, today) {
                        Ok(_) => {
                            super::follow(ws, id);
                            app.keymap.fill(
                            Mode::Plan,
                                &format!("{id} is {next} now. {{NextStatus}} again for the next."),
                            )
                        }
                        Err(e) => e,
                    });
                }
            }
            _ => app.message = Some("Select an objective or action to change its status.".into()),
        },
        Action::DeleteItem => match selected {
            Some(Row::Item(id)) => {
                let plan = &ws.doc.assessment.plan;
                let what = match id {
                    ItemId::Objective(n) => plan.objective(n).map(|o| o.title.clone()),
                    ItemId::Action(n) => plan.action(n).map(|a| a.action.clone()),
                }
                .unwrap_or_default();
                let what = crate::ui::text::truncate(&what, 40).into_owned();
                app.overlay = Some(Overlay::Confirm(Confirm::DeletePlanItem { id, what }));
            }
            _ => app.message = Some("Select an objective or action to delete it.".into()),
        },
        Action::GoToLinked => {
            let link = match &selected {
                Some(Row::Candidate(c)) => Some(Link::theme(&c.theme, Some(&c.stage))),
                Some(Row::Item(ItemId::Action(n))) => ws
                    .doc
                    .assessment
                    .plan
                    .action(*n)
                    .and_then(|a| a.links.first().cloned()),
                _ => None,
            };
            match link {
                Some(link) => match ws.go_to_link(&link) {
                    Ok(()) => {
                        let Pane::Plan(view) = std::mem::replace(&mut ws.pane, Pane::Tree(Browse))
                        else {
                            return;
                        };
                        app.message = Some(app.keymap.fill(
                            Mode::Browse,
                            "{Plan} goes back to the plan.",
                        ));
                        drop(view);
                    }
                    Err(e) => app.message = Some(e),
                },
                None => app.message = Some("It is linked to no standard or theme.".into()),
            }
        }
        Action::Offers => {
            let (theme, stage) = match &selected {
                Some(Row::Candidate(c)) => (Some(c.theme.clone()), Some(c.stage.clone())),
                Some(Row::Item(ItemId::Action(n))) => ws
                    .doc
                    .assessment
                    .plan
                    .action(*n)
                    .and_then(|a| a.links.first())
                    .map(|l| {
                        let theme = l.theme_index(ws.framework()).map(|t| ws.framework().themes[t].id.clone());
                        (theme, l.stage.clone())
                    })
                    .unwrap_or_default(),
                _ => (None, None),
            };
            super::super::offers::open(app, theme.as_deref(), stage.as_deref());
        }
        Action::Undo | Action::Redo => {
            app.message = Some(ws.step_history(action == Action::Redo));
        }
        _ => {}
    }
}
