//! Typing into the form, moving between its fields, and saving what it
//! holds into the plan.

use ratatui_textarea::{Input, Key};

use super::super::Pane;
use super::{Form, FormKind, Value};
use crate::model::plan::parse_links;
use crate::app::{Action, App, Overlay, Screen};
use crate::model::plan::{Action as PlanAction, ActionKind, ItemId, Objective};

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Form(form)) = &mut app.overlay else {
        return;
    };
    form.error = None;
    let discarding = std::mem::take(&mut form.discarding);
    if matches!(action, Action::Input(_) | Action::Paste(_)) {
        form.touched = true;
    }
    let count = form.fields.len();
    match action {
        Action::Back if form.touched && !discarding => {
            form.discarding = true;
            form.error = Some(app.keymap.fill(
                crate::keys::Mode::Form,
                "{Back} again throws away what you typed; {Confirm} saves it.",
            ));
        }
        Action::Back => {
            app.overlay = None;
            app.message = Some("Nothing changed.".into());
        }
        Action::Quit => {
            app.overlay = None;
            app.quit();
        }
        Action::NextField => form.focus = (form.focus + 1) % count,
        Action::PrevField => form.focus = (form.focus + count - 1) % count,
        Action::Confirm => submit(app),
        Action::Paste(s) => {
            if let Value::Text(area) = &mut form.fields[form.focus].value {
                area.insert_str(s.replace(['\r', '\n'], " "));
            }
        }
        Action::Input(input) => match &mut form.fields[form.focus].value {
            Value::Choice { options, chosen } => match input.key {
                Key::Left => *chosen = (*chosen + options.len() - 1) % options.len(),
                Key::Right | Key::Char(' ') => *chosen = (*chosen + 1) % options.len(),
                _ => {}
            },
            // Ctrl-u empties the line before the cursor, as in a shell.
            Value::Text(area) => match input {
                Input {
                    key: Key::Char('u'),
                    ctrl: true,
                    ..
                } => {
                    area.delete_line_by_head();
                }
                input => {
                    area.input(input);
                }
            },
        },
        _ => {}
    }
}

/// A date as typed, or none if nothing was.
fn date(form: &Form, label: &str) -> Result<Option<jiff::civil::Date>, String> {
    let text = form.get(label);
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| format!("{label}: \"{text}\" is not a date: write it YYYY-MM-DD"))
}

/// The field's text, or `None` when empty.
fn some(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn submit(app: &mut App) {
    let today = app.clock.today();
    let (Some(Overlay::Form(form)), Screen::Assess(ws)) = (&mut app.overlay, &mut app.screen)
    else {
        return;
    };
    let done = match form.kind {
        FormKind::Objective { id } => objective(form, ws, today).and_then(|o| {
            let title = o.title.clone();
            match id {
                None => ws
                    .edit_plan(format!("adding \"{title}\""), |p| p.add_objective(o, today))
                    .map(|n| (ItemId::Objective(n), "Added")),
                Some(n) => ws
                    .edit_plan(format!("editing O{n}"), |p| {
                        let old = p.objective_mut(n)?;
                        *old = Objective {
                            id: n,
                            status: old.status,
                            history: std::mem::take(&mut old.history),
                            ..o
                        };
                        Ok(())
                    })
                    .map(|()| (ItemId::Objective(n), "Saved")),
            }
        }),
        FormKind::Action { id } => action(form, ws).and_then(|a| match id {
            None => ws
                .add_plan_action(a, today)
                .map(|n| (ItemId::Action(n), "Added")),
            Some(n) => ws
                .edit_plan(format!("editing A{n}"), |p| {
                    let old = p.action_mut(n)?;
                    *old = PlanAction {
                        id: n,
                        status: old.status,
                        history: std::mem::take(&mut old.history),
                        ..a
                    };
                    Ok(())
                })
                .map(|()| (ItemId::Action(n), "Saved")),
        }),
    };
    match done {
        Ok((id, verb)) => {
            app.overlay = None;
            // Made from an offer picked for the plan: back to the plan.
            if let Pane::Offers(offers) = &mut ws.pane
                && matches!(offers.back.as_deref(), Some(Pane::Plan(_)))
                && let Some(back) = offers.back.take()
            {
                ws.pane = *back;
            }
            if let Pane::Plan(view) = &ws.pane {
                let rows = super::super::plan::rows(ws, view);
                if let Pane::Plan(view) = &mut ws.pane {
                    view.select(&rows, id);
                }
            }
            app.message = Some(app.keymap.fill(
                crate::keys::Mode::Plan,
                &format!("{verb} {id}. {{Undo}} undoes it."),
            ));
        }
        Err(e) => form.error = Some(e),
    }
}

fn objective(form: &Form, ws: &crate::app::Workspace, today: jiff::civil::Date) -> Result<Objective, String> {
    let title = form.get("Objective");
    if title.is_empty() {
        return Err("Say what the objective is: its title is empty.".into());
    }
    let agreed_by = some(form.get("Agreed with"));
    let agreed_name = agreed_by
        .as_deref()
        .and_then(|id| ws.doc.assessment.current().rater(id))
        .map(|r| r.display())
        .or_else(|| {
            let FormKind::Objective { id: Some(n) } = form.kind else {
                return None;
            };
            ws.doc.assessment.plan.objective(n).map(|o| o.agreed_name.clone())
        })
        .filter(|_| agreed_by.is_some())
        .unwrap_or_default();
    let agreed_on = date(form, "Agreed on")?;
    Ok(Objective {
        title,
        description: form.get("Description"),
        measure: form.get("Measure of success"),
        priority: form.get("Corporate priority"),
        agreed_on: agreed_by.as_ref().map(|_| agreed_on.unwrap_or(today)),
        agreed_by,
        agreed_name,
        due: date(form, "Due")?,
        ..Objective::default()
    })
}

fn action(form: &Form, ws: &crate::app::Workspace) -> Result<PlanAction, String> {
    let what = form.get("Action");
    if what.is_empty() {
        return Err("Say what you will do: the action is empty.".into());
    }
    let links = parse_links(ws.framework(), &form.get("Develops")).map_err(|e| format!("Develops: {e}"))?;
    let offer = some(form.get("Offer"));
    let kind = ActionKind::ALL
        .into_iter()
        .find(|k| format!("{k:?}") == form.get("Kind"))
        .unwrap_or_default();
    Ok(PlanAction {
        kind,
        links,
        offer,
        objective: form.get("Objective").parse().ok(),
        due: date(form, "Due")?,
        evidence: form.get("Evidence"),
        ..PlanAction::new(&what)
    })
}
