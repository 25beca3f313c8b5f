//! Typing the answer to a one-line question, and submitting it.

use super::super::Pane;
use super::super::session::Who;
use super::super::raters::RaterList;
use super::{Prompt, PromptKind, ROLES};
use crate::app::{Action, App, Confirm, Mode, Overlay, Screen};
use ratatui_textarea::{Input, Key};

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Prompt(prompt)) = &mut app.overlay else {
        return;
    };
    prompt.error = None;
    match action {
        Action::Back | Action::Quit => {
            app.overlay = None;
            app.message = Some("Nothing changed.".into());
        }
        Action::Up => prompt.choice = prompt.choice.saturating_sub(1),
        Action::Down => prompt.choice = (prompt.choice + 1).min(ROLES.len() - 1),
        // Ctrl-u empties the line before the cursor, as in a shell (the
        // text area's own Ctrl-u is its undo).
        Action::Input(Input {
            key: Key::Char('u'),
            ctrl: true,
            alt: false,
            ..
        }) => {
            prompt.text.delete_line_by_head();
        }
        Action::Input(input) => {
            prompt.text.input(input);
        }
        Action::Paste(s) => {
            prompt.text.insert_str(s.replace(['\r', '\n'], " "));
        }
        Action::Confirm => submit_prompt(app),
        _ => {}
    }
}

fn submit_prompt(app: &mut App) {
    let clock = app.clock.clone();
    let Some(Overlay::Prompt(prompt)) = &mut app.overlay else {
        return;
    };
    let value = prompt.value();
    match prompt.kind.clone() {
        PromptKind::ReviewTitle => {
            if value.is_empty() {
                prompt.error = Some("Type a title, for example \"2027 annual\".".into());
                return;
            }
            let today = clock.today().to_string();
            app.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(
                PromptKind::ReviewDate { title: value },
                &today,
                &app.keymap,
            ))));
        }
        PromptKind::ReviewDate { title } => match value.parse::<jiff::civil::Date>() {
            Ok(date) => {
                // A date ahead is allowed (a review planned for next week)
                // but said, so a slip of the year is caught.
                let today = clock.today();
                let ahead = (date > today)
                    .then(|| date.since(today).map(|span| span.get_days()).ok())
                    .flatten();
                app.overlay = Some(Overlay::Confirm(Confirm::StartReview {
                    title,
                    date,
                    ahead,
                }));
            }
            Err(_) => {
                // Selected, so typing a new date replaces the wrong one.
                prompt.text.select_all();
                prompt.error = Some(format!(
                    "\"{value}\" is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31."
                ))
            }
        },
        PromptKind::AddRater { from_list } => {
            let role = ROLES[prompt.choice].clone();
            let Screen::Assess(ws) = &mut app.screen else {
                return;
            };
            match ws.add_rater(&value, role) {
                Ok(id) => {
                    ws.save_now(&clock);
                    let who = ws
                        .review()
                        .rater(&id)
                        .map(|r| r.display())
                        .unwrap_or_default();
                    if from_list {
                        app.overlay = Some(Overlay::Raters(RaterList::at(ws.review(), &id)));
                        app.message = Some(format!("{who} added."));
                        return;
                    }
                    if let Pane::Session(session) = &mut ws.pane {
                        session.who = Who::Rater(id);
                    }
                    app.overlay = None;
                    app.message = Some(format!(
                        "{who} added: {}",
                        app.keymap.fill(
                            Mode::Session,
                            "{NextRater} chooses whose level the numbers set."
                        )
                    ));
                }
                Err(e) => prompt.error = Some(e),
            }
        }
        PromptKind::RenameRater { id } => {
            let Screen::Assess(ws) = &mut app.screen else {
                return;
            };
            let old = ws.review().rater(&id).map(|r| r.display());
            match ws.rename_rater(&id, &value) {
                Ok(()) => {
                    ws.save_now(&clock);
                    let new = ws.review().rater(&id).map(|r| r.display());
                    app.overlay = Some(Overlay::Raters(RaterList::at(ws.review(), &id)));
                    app.message = Some(app.keymap.fill(
                        Mode::Raters,
                        &format!(
                            "Renamed {} to {}. {{Undo}} undoes it.",
                            old.unwrap_or_default(),
                            new.unwrap_or_default()
                        ),
                    ));
                }
                Err(e) => prompt.error = Some(e),
            }
        }
        PromptKind::SheetPath => {
            let home = app.home.clone();
            let Screen::Assess(ws) = &mut app.screen else {
                return;
            };
            match ws.plan_sheet_merge(&value, &home) {
                Ok(None) => {
                    app.overlay = None;
                    app.message = Some("Nothing to merge: that sheet's levels and notes are already in.".into());
                }
                Ok(Some((merge, path))) => {
                    app.overlay = Some(Overlay::Confirm(Confirm::MergeSheet {
                        lines: merge.lines(&ws.doc.framework),
                        merge: Box::new(merge),
                        path,
                    }));
                }
                Err(e) => prompt.error = Some(e),
            }
        }
        PromptKind::Evidence { id } => {
            let Screen::Assess(ws) = &mut app.screen else {
                return;
            };
            let typed = prompt.text.lines().join(" ").trim().to_string();
            match ws.set_plan_status(id, crate::model::plan::Status::Done, Some(typed), clock.today()) {
                Ok(_) => {
                    crate::app::screens::plan::follow(ws, id);
                    app.overlay = None;
                    app.message = Some(app.keymap.fill(
                        Mode::Plan,
                        &format!("{id} is done, with its evidence. {{Undo}} undoes it."),
                    ));
                }
                Err(e) => prompt.error = Some(e),
            }
        }
    }
}
