//! Session mode's keys: walk the standards, choose who rates, rate, write
//! the session's notes.

use super::super::Pane;
use super::super::browse::Browse;
use super::super::editor::{NoteField, editor_look};
use super::super::prompt::{Prompt, PromptKind};
use super::super::raters::RaterList;
use super::super::search::SearchBox;
use ratatui::layout::{Rect, Size};

use super::super::marks::rating_label;
use super::{Who, draw, whose};
use crate::app::{Action, App, Confirm, Mode, Overlay, Screen, Workspace, layout};
use crate::model::Rating;

pub(super) fn update(app: &mut App, action: Action) {
    let body = body(app.size);
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    let Pane::Session(session) = &ws.pane else {
        return;
    };
    let who = session.who.clone();
    let before = ws.tree.selected();
    // Scrolling the page: it stops at the last line.
    let page = body.height.saturating_sub(3).max(1);
    let scroll = |ws: &mut Workspace, to: &dyn Fn(u16) -> u16| {
        let Pane::Session(view) = &ws.pane else {
            return;
        };
        let last = draw::last_scroll(ws, &app.keymap, view, body);
        let next = to(view.scroll).min(last);
        if let Pane::Session(view) = &mut ws.pane {
            view.scroll = next;
        }
    };
    match action {
        Action::DetailDown => return scroll(ws, &|s| s.saturating_add(3)),
        Action::DetailUp => return scroll(ws, &|s| s.saturating_sub(3)),
        Action::PageDown => return scroll(ws, &|s| s.saturating_add(page)),
        Action::PageUp => return scroll(ws, &|s| s.saturating_sub(page)),
        Action::First => return scroll(ws, &|_| 0),
        Action::Wheel(_, _, true) => return scroll(ws, &|s| s.saturating_add(3)),
        Action::Wheel(_, _, false) => return scroll(ws, &|s| s.saturating_sub(3)),
        Action::Last => return scroll(ws, &|_| u16::MAX),
        _ => {}
    }
    match action {
        Action::Quit => return app.quit(),
        // With a search on, Esc clears it first: ending the session is a
        // second, deliberate Esc.
        Action::Back if ws.search.is_some() => {
            ws.search = None;
            app.message = Some(
                app.keymap
                    .fill(Mode::Session, "Search cleared. {Back} ends the session."),
            );
        }
        Action::Back | Action::Session => {
            ws.pane = Pane::Tree(Browse);
            app.message = Some("Session ended: private notes are shown again.".into());
        }
        Action::NextStandard => app.message = ws.walk(true),
        Action::PrevStandard => app.message = ws.walk(false),
        Action::NextStage | Action::PrevStage => {
            app.message = ws.step_stage(action == Action::NextStage)
        }
        Action::NextRater => {
            let mut all = vec![Who::Own];
            all.extend(ws.review().raters.iter().map(|r| Who::Rater(r.id.clone())));
            all.push(Who::Agreed);
            let i = all.iter().position(|w| *w == who).unwrap_or(0);
            if let Pane::Session(view) = &mut ws.pane {
                view.who = all[(i + 1) % all.len()].clone();
            }
        }
        Action::SetLevel(_) | Action::NotApplicable | Action::ClearRating => {
            let rating = match action {
                Action::SetLevel(n) => Rating::Level(n),
                Action::NotApplicable => Rating::NotApplicable,
                _ => Rating::Unrated,
            };
            // Another person's level already there is replaced only once
            // asked: the numbers keep rating whoever was chosen from one
            // standard to the next, so make sure it is meant.
            match replaced(ws, &who, rating) {
                Some(old) => {
                    app.overlay = Some(Overlay::Confirm(Confirm::ReplaceLevel {
                        who: who.clone(),
                        whose: whose(ws, &who),
                        old,
                        rating,
                    }))
                }
                None => app.message = ws.rate_as(&who, rating).err(),
            }
        }
        Action::EditNote => {
            let field = match who {
                Who::Own => NoteField::Own,
                Who::Rater(r) => NoteField::Rater(r),
                Who::Agreed => NoteField::Session,
            };
            if field == NoteField::Own && ws.selected_mark().is_some_and(|m| m.private) {
                // Its words would be on the shared screen.
                app.overlay = Some(Overlay::Confirm(Confirm::EndSessionToEdit));
            } else {
                app.message =
                    ws.open_editor(field, editor_look(&app.keymap, &app.theme, app.size));
            }
        }
        Action::EditSessionNote => {
            app.message = ws.open_editor(
                NoteField::Session,
                editor_look(&app.keymap, &app.theme, app.size),
            )
        }
        Action::EditNextStep => {
            app.message = ws.open_editor(
                NoteField::NextStep,
                editor_look(&app.keymap, &app.theme, app.size),
            )
        }
        Action::TogglePrivate => match who {
            // Only the person's own note can be private; `p` acts on
            // the selected row alone.
            Who::Own if ws.selected_mark().is_some_and(|m| m.private) => {
                app.overlay = Some(Overlay::Confirm(Confirm::MakePublic));
            }
            Who::Own => app.message = Some(ws.toggle_private().unwrap_or_else(|e| e)),
            Who::Rater(_) | Who::Agreed => {
                app.message = Some(
                    "Only your own note can be private: select your row (r) to mark it.".into(),
                )
            }
        },
        Action::AddRater => {
            app.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(
                PromptKind::AddRater { from_list: false },
                "",
                &app.keymap,
            ))))
        }
        Action::Raters => app.overlay = Some(Overlay::Raters(RaterList::default())),
        Action::Plan => ws.open_plan(&app.home),
        Action::NextStepToAction => return super::super::plan::next_step_to_action(app),
        Action::Undo | Action::Redo => {
            let redo = action == Action::Redo;
            app.message = Some(if ws.step_would_reveal(redo) {
                app.keymap.fill(
                    Mode::Session,
                    "That would show a private note on this shared screen: end the session \
                     ({Back}) to undo it.",
                )
            } else {
                ws.step_history(redo)
            });
        }
        Action::Search => {
            app.overlay = Some(Overlay::Search(Box::new(SearchBox::starting(ws))));
        }
        Action::NextMatch => app.message = Some(ws.step_match(true)),
        Action::PrevMatch => app.message = Some(ws.step_match(false)),
        Action::ToDiscuss => app.message = Some(ws.toggle_discuss()),
        _ => {}
    }
    // On another standard: the top of its page. The numbers still rate
    // whoever was chosen, and it is said, beside the title and the row.
    if ws.tree.selected() != before
        && let Pane::Session(view) = &mut ws.pane
    {
        view.scroll = 0;
        if view.who != Who::Own {
            let who = view.who.clone();
            let still = app.keymap.fill(
                Mode::Session,
                &format!(
                    "The numbers still rate {} ({{NextRater}} changes it).",
                    whose(ws, &who)
                ),
            );
            app.message = Some(match app.message.take() {
                Some(said) => format!("{said} {still}"),
                None => still,
            });
        }
    }
}

/// The level of someone other than the person that `rating` would
/// replace on the selected standard, in words; `None` when nothing of
/// another's would go (their first level, the same level, or the
/// person's own).
fn replaced(ws: &Workspace, who: &Who, rating: Rating) -> Option<String> {
    let mark = ws.selected_mark()?;
    let old = match who {
        Who::Own => return None,
        Who::Rater(id) => mark.others.get(id)?.rating,
        Who::Agreed => mark.agreed?,
    };
    (old.is_rated() && old != rating).then(|| rating_label(ws.framework(), old))
}

/// Where session mode's page is drawn in a terminal of `size`.
fn body(size: Size) -> Rect {
    let areas = layout::Areas::new(size);
    areas.tree.union(areas.detail)
}

