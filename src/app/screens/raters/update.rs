//! Moving in the list of raters, and changing who rates.

use super::super::confirm::Confirm;
use super::super::prompt::{Prompt, PromptKind};
use super::{RaterList, Row, recorded, row_id, rows};
use crate::app::{Action, App, Mode, Overlay, Pane, Screen};

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Raters(list)) = &mut app.overlay else {
        return;
    };
    let Screen::Assess(ws) = &mut app.screen else {
        app.overlay = None;
        return;
    };
    let review = ws.review();
    let count = rows(review).len();
    let selected = list.selected(review);
    let id = selected.map(|row| row_id(review, row).to_owned());
    match action {
        Action::Up => list.cursor = list.cursor.min(count.saturating_sub(1)).saturating_sub(1),
        Action::Down => list.cursor = (list.cursor + 1).min(count.saturating_sub(1)),
        Action::AddRater => {
            app.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(
                PromptKind::AddRater { from_list: true },
                "",
                &app.keymap,
            ))));
        }
        Action::RenameRater => match (selected, id) {
            (Some(Row::Rating(i)), Some(id)) => {
                let name = review.raters[i].name.clone();
                let mut prompt = Prompt::new(PromptKind::RenameRater { id }, "", &app.keymap);
                prompt.text.insert_str(&name);
                app.overlay = Some(Overlay::Prompt(Box::new(prompt)));
            }
            (Some(Row::Archived(_)), _) => {
                app.message = Some(app.keymap.fill(
                    Mode::Raters,
                    "Bring them back first ({RestoreRater}), then rename them.",
                ))
            }
            _ => app.message = Some(nobody(app)),
        },
        Action::RemoveRater => match (selected, id) {
            (Some(Row::Rating(i)), Some(id)) => {
                app.overlay = Some(Overlay::Confirm(Confirm::RemoveRater {
                    who: review.raters[i].display(),
                    recorded: recorded(review.views_by(&id)),
                    id,
                }));
            }
            (Some(Row::Archived(_)), _) => {
                app.message = Some("Already removed: kept under Archived.".into())
            }
            _ => app.message = Some(nobody(app)),
        },
        Action::RestoreRater => match (selected, id) {
            (Some(Row::Archived(_)), Some(id)) => {
                app.message = Some(match ws.restore_rater(&id) {
                    Ok(()) => {
                        *list = RaterList::at(ws.review(), &id);
                        let who = ws.review().rater(&id).map(|r| r.display());
                        app.keymap.fill(
                            Mode::Raters,
                            &format!(
                                "{} is back, with their levels and notes. {{Undo}} undoes it.",
                                who.unwrap_or(id)
                            ),
                        )
                    }
                    Err(e) => e,
                })
            }
            (Some(Row::Rating(_)), _) => {
                app.message = Some("Only an archived rater can be brought back.".into())
            }
            _ => app.message = Some(nobody(app)),
        },
        Action::Undo | Action::Redo => {
            let redo = action == Action::Redo;
            let shared = matches!(ws.pane, Pane::Session(_));
            app.message = Some(if shared && ws.step_would_reveal(redo) {
                "That would show a private note on this shared screen: end the session to undo \
                 it."
                    .into()
            } else {
                ws.step_history(redo)
            });
        }
        Action::Back => app.overlay = None,
        Action::Quit => {
            app.overlay = None;
            app.quit();
        }
        _ => {}
    }
}

fn nobody(app: &App) -> String {
    app.keymap.fill(
        Mode::Raters,
        "No one else rates in this review yet: {AddRater} adds someone.",
    )
}
