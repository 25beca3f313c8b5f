//! Answering a question: yes or no, or after a conflict, take theirs,
//! keep mine, or decide later.

use super::super::Pane;
use super::super::browse::Browse;
use super::super::editor::{NoteField, editor_look};
use super::super::raters::RaterList;
use super::super::summary::write_pack;
use super::Confirm;
use crate::report::pack::Audience;
use crate::app::{Action, App, Mode, Overlay, Screen};
use crate::store;

pub(super) fn update(app: &mut App, action: Action) {
    let Some(confirm) = app.take_confirm() else {
        return;
    };
    if let Confirm::Conflict { .. } = confirm {
        return update_conflict(app, confirm, action);
    }
    if let Confirm::WritePack = confirm {
        let audience = match action {
            Action::PackForSelf => Audience::Myself,
            Action::PackForCoach => Audience::Coach,
            Action::PackForLeader => Audience::Leader,
            Action::Back => return,
            Action::Quit => return app.quit(),
            _ => {
                app.overlay = Some(Overlay::Confirm(confirm));
                return;
            }
        };
        return write_pack(app, audience);
    }
    if let Confirm::MergeSheet { merge, path, .. } = confirm {
        use crate::model::sheet::Side;
        let side = match (action, merge.conflicts() > 0) {
            (Action::Confirm, false) | (Action::TakeTheirs, true) => Side::Theirs,
            (Action::KeepMine, true) => Side::Ours,
            (Action::Back, _) => {
                app.message = Some("Nothing merged.".into());
                return;
            }
            (Action::Quit, _) => return app.quit(),
            _ => {
                app.overlay = Some(Overlay::Confirm(Confirm::MergeSheet {
                    lines: merge.lines(match app.workspace() {
                        Some(ws) => &ws.doc.framework,
                        None => return,
                    }),
                    merge,
                    path,
                }));
                return;
            }
        };
        let home = app.home.clone();
        let keys = app.keymap.clone();
        if let Screen::Assess(ws) = &mut app.screen {
            match ws.merge_sheet(&merge, side, &home) {
                Ok(kept) => {
                    let settled = match (merge.conflicts(), side) {
                        (0, _) => String::new(),
                        (_, Side::Ours) => " Where both changed a field, yours is kept.".into(),
                        (_, Side::Theirs) => {
                            " Where both changed a field, the sheet's is taken.".into()
                        }
                    };
                    let mut done = format!("Merged {}.{settled}", merge.describe());
                    if let Some(kept) = kept {
                        done.push_str(&format!("\nNot taken: kept in {}", kept.display()));
                    }
                    done.push_str(&keys.fill(Mode::Browse, "\n{Undo} undoes the merge."));
                    app.message = Some(done.replace('\n', " "));
                    app.overlay = Some(Overlay::Confirm(Confirm::Merged { text: done }));
                }
                Err(e) => app.message = Some(e),
            }
        }
        return;
    }
    if let Confirm::Settings { .. } | Confirm::PackWritten { .. } | Confirm::Merged { .. } = confirm {
        // Only to be read: any answer closes it, and quitting quits.
        if action == Action::Quit {
            return app.quit();
        }
        return;
    }
    let yes = match action {
        Action::Confirm => true,
        Action::Back | Action::Quit => false,
        // Anything else leaves the question up.
        _ => {
            app.overlay = Some(Overlay::Confirm(confirm));
            return;
        }
    };
    let clock = app.clock.clone();
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    match (confirm, yes) {
        (Confirm::ClearMark, true) => {
            app.message = Some(match ws.clear_mark() {
                Ok(()) => app.keymap.fill(Mode::Browse, "Cleared. {Undo} undoes it."),
                Err(e) => e,
            })
        }
        (Confirm::QuitUnsaved { .. }, true) => app.quit = true,
        (Confirm::StartReview { title, date, .. }, true) => {
            app.message = Some(match ws.start_review(&title, date, &clock) {
                Ok(done) => done,
                Err(e) => e,
            })
        }
        (
            Confirm::Conflict { .. }
            | Confirm::Settings { .. }
            | Confirm::WritePack
            | Confirm::MergeSheet { .. }
            | Confirm::PackWritten { .. }
            | Confirm::Merged { .. },
            true,
        ) => {}
        (Confirm::EndSessionToEdit, true) => {
            ws.pane = Pane::Tree(Browse);
            app.message = ws
                .open_editor(
                    NoteField::Own,
                    editor_look(&app.keymap, &app.theme, app.size),
                )
                .or_else(|| Some("Session ended: private notes are shown again.".into()));
        }
        (Confirm::ReplaceLevel { who, rating, .. }, true) => {
            app.message = ws.rate_as(&who, rating).err();
        }
        (Confirm::RemoveRater { id, who, .. }, true) => {
            let reopen = RaterList::at(ws.review(), &id);
            app.message = Some(match ws.remove_rater(&id, clock.today()) {
                Ok(_) => {
                    ws.save_now(&clock);
                    app.keymap.fill(
                        Mode::Raters,
                        &format!("{who} removed: kept under Archived. {{Undo}} undoes it."),
                    )
                }
                Err(e) => e,
            });
            app.overlay = Some(Overlay::Raters(reopen));
        }
        (Confirm::RemoveRater { id, .. }, false) => {
            app.overlay = Some(Overlay::Raters(RaterList::at(ws.review(), &id)));
            app.message = Some("Nothing changed.".into());
        }
        (Confirm::DeletePlanItem { id, .. }, true) => {
            app.message = Some(match ws.delete_plan_item(id) {
                Ok(()) => app
                    .keymap
                    .fill(Mode::Plan, &format!("Deleted {id}. {{Undo}} brings it back.")),
                Err(e) => e,
            });
        }
        (Confirm::MakePublic, true) => {
            app.message = Some(ws.toggle_private().unwrap_or_else(|e| e));
        }
        (_, false) => app.message = Some("Nothing changed.".into()),
    }
}

/// The file changed on disk: the user's choice.
fn update_conflict(app: &mut App, confirm: Confirm, action: Action) {
    let home = app.home.clone();
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    match action {
        Action::TakeTheirs => take_theirs(app),
        Action::KeepMine => app.message = Some(ws.keep_mine(&home)),
        Action::Back | Action::Quit => {
            app.message = Some(match ws.keep_in_conflict_copy(&home) {
                Ok(copy) => format!(
                    "Decide later: yours is kept in {} and the file is not written over. \
                     Ctrl-s asks again.",
                    copy.display()
                ),
                Err(e) => format!(
                    "Yours is only in memory: {e}. {}",
                    app.keymap.fill(Mode::Browse, "{Save} asks again.")
                ),
            })
        }
        _ => app.overlay = Some(Overlay::Confirm(confirm)),
    }
}

/// "Take theirs": keep this version in a conflict copy, then open the
/// file again as it is on disk now.
fn take_theirs(app: &mut App) {
    let home = app.home.clone();
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    let path = ws.doc.path.clone();
    if let Err(e) = store::load_main(&path) {
        app.message = Some(format!(
            "The version on disk does not read, so it cannot be taken ({e}); yours stays \
             here, not saved."
        ));
        return;
    }
    if ws.editor.is_some() {
        ws.close_editor();
    }
    let copy = match ws.keep_in_conflict_copy(&home) {
        Ok(copy) => copy,
        Err(e) => {
            app.message = Some(format!(
                "Yours could not be kept in a conflict copy ({e}), so nothing was reloaded."
            ));
            return;
        }
    };
    let reopened = app.reopen(&path);
    app.message = Some(match reopened {
        Ok(()) => format!(
            "Took the version on disk. Yours is kept in {}",
            copy.display()
        ),
        Err(e) => format!(
            "Yours is kept in {}; the file did not open: {e}",
            copy.display()
        ),
    });
}

