//! Browsing and rating: move in the tree, rate, write notes, and open the
//! other screens.

use super::super::Pane;
use super::super::editor::{NoteField, editor_look};
use super::super::prompt::{Prompt, PromptKind};
use super::super::raters::RaterList;
use super::super::filters::FilterMenu;
use super::super::search::SearchBox;
use super::super::session::SessionView;
use super::detail;
use ratatui::layout::Position;

use crate::app::{Action, App, Clock, Confirm, Mode, Overlay, Screen, layout};
use crate::model::Rating;

pub(super) fn update(app: &mut App, action: Action) {
    let rows = app.tree_rows();
    let areas = layout::Areas::new(app.size);
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    let page = rows.saturating_sub(1).max(1) as isize;
    let before = ws.tree.selected();
    match action {
        // A click on a row selects it; on a theme or a stage it also opens
        // or closes it.
        Action::Click(x, y) if areas.tree.contains(Position::new(x, y)) => {
            let row = usize::from(y.saturating_sub(areas.tree.y + 1));
            if y > areas.tree.y && row < rows {
                let index = ws.tree.offset() + row;
                if index < ws.tree.rows().len() {
                    ws.tree.select_index(index, rows);
                    let node = ws.tree.selected();
                    if node.has_children() {
                        if ws.tree.is_open(node) {
                            ws.tree.close_or_parent(&ws.doc.framework, rows);
                        } else {
                            ws.tree.open_selected(&ws.doc.framework, rows);
                        }
                    }
                }
            }
        }
        // A click on a level of the scale sets it.
        Action::Click(x, y) if areas.detail.contains(Position::new(x, y)) => {
            if let Some(rating) = detail::rating_at(ws, &app.keymap, areas.detail, x, y) {
                app.message = ws.rate(rating).err();
            }
        }
        Action::Wheel(x, y, down) if areas.tree.contains(Position::new(x, y)) => {
            ws.tree.move_by(if down { 3 } else { -3 }, rows)
        }
        Action::Wheel(x, y, down) if areas.detail.contains(Position::new(x, y)) => {
            ws.detail_scroll = if down {
                ws.detail_scroll.saturating_add(3)
            } else {
                ws.detail_scroll.saturating_sub(3)
            }
            .min(detail::last_scroll(ws, &app.keymap, areas.detail));
        }
        Action::Quit => return app.quit(),
        Action::Up => ws.tree.move_by(-1, rows),
        Action::Down => ws.tree.move_by(1, rows),
        Action::PageUp => ws.tree.move_by(-page, rows),
        Action::PageDown => ws.tree.move_by(page, rows),
        Action::First => ws.tree.select_index(0, rows),
        Action::Last => ws.tree.select_index(usize::MAX, rows),
        Action::Open => {
            if ws.selected_standard().is_some() {
                app.message = ws.open_editor(
                    NoteField::Own,
                    editor_look(&app.keymap, &app.theme, app.size),
                );
            } else if !ws.tree.open_selected(&ws.doc.framework, rows) {
                // Already open: step into it.
                ws.tree.move_by(1, rows);
            }
        }
        Action::Close => ws.tree.close_or_parent(&ws.doc.framework, rows),
        Action::SetLevel(n) => app.message = ws.rate(Rating::Level(n)).err(),
        Action::NotApplicable => app.message = ws.rate(Rating::NotApplicable).err(),
        Action::ClearRating => app.message = ws.rate(Rating::Unrated).err(),
        Action::NextStage | Action::PrevStage => {
            app.message = ws.step_stage(action == Action::NextStage)
        }
        Action::EditNote => {
            app.message = ws.open_editor(
                NoteField::Own,
                editor_look(&app.keymap, &app.theme, app.size),
            )
        }
        Action::Undo => app.message = Some(ws.step_history(false)),
        Action::Redo => app.message = Some(ws.step_history(true)),
        Action::EarlierReview | Action::LaterReview => {
            let told = ws.view_review(if action == Action::EarlierReview {
                -1
            } else {
                1
            });
            // How to move on, in the keys the keymap gives.
            let more = match (ws.is_current(), told.starts_with("Viewing")) {
                (false, true) => app.keymap.fill(
                    Mode::Browse,
                    " {LaterReview} goes forward, to the current one.",
                ),
                _ => String::new(),
            };
            app.message = Some(told + &more);
        }
        Action::StartReview => match ws.read_only_reason() {
            Some(reason) => app.message = Some(reason),
            None => {
                let title = suggest_title(&ws.doc.assessment, &app.clock);
                app.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(
                    PromptKind::ReviewTitle,
                    &title,
                    &app.keymap,
                ))));
            }
        },
        Action::Compare => {
            if let Err(e) = ws.open_compare() {
                app.message = Some(e);
            }
        }
        Action::Summary => {
            // The previous review is compared with: read every review first.
            if let Err(e) = ws.need_earlier() {
                app.message = Some(e);
            }
            ws.pane = Pane::Summary(super::super::summary::SummaryView::new(ws));
        }
        Action::Search => {
            app.overlay = Some(Overlay::Search(Box::new(SearchBox::starting(ws))));
        }
        Action::ExternalEditor => match ws.external_edit() {
            Ok(edit) => app.external_edit = Some(edit),
            Err(why) => app.message = Some(why),
        },
        Action::Filters => {
            app.overlay = Some(Overlay::Filters(FilterMenu::new(ws)));
        }
        Action::NextMatch => app.message = Some(ws.step_match(true)),
        Action::PrevMatch => app.message = Some(ws.step_match(false)),
        Action::ClearSearch if ws.search.is_some() => {
            ws.search = None;
            app.message = Some("Search cleared.".into());
        }
        Action::ToDiscuss => app.message = Some(ws.toggle_discuss()),
        Action::Session => {
            if ws.selected_standard().is_none() {
                ws.walk(true);
            }
            ws.pane = Pane::Session(SessionView::new());
            app.message = Some(app.keymap.fill(
                Mode::Session,
                if ws.review().raters.is_empty() {
                    "Session mode: private notes hidden. {AddRater} adds a coach or manager; \
                     {Back} ends."
                } else {
                    "Session mode: private notes hidden. {NextRater} chooses who rates; {Back} \
                     ends."
                },
            ));
        }
        Action::TogglePrivate => app.message = Some(ws.toggle_private().unwrap_or_else(|e| e)),
        Action::AddRater => {
            app.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(
                PromptKind::AddRater { from_list: false },
                "",
                &app.keymap,
            ))))
        }
        Action::Raters => app.overlay = Some(Overlay::Raters(RaterList::default())),
        Action::Plan => ws.open_plan(&app.home),
        Action::Offers => {
            let (theme, stage) = match ws.selected_standard() {
                Some((t, _, _, standard)) => (
                    Some(ws.framework().themes[t].id.clone()),
                    Some(ws.framework().stages[ws.stage_for(standard)].id.clone()),
                ),
                None => (None, None),
            };
            return super::super::offers::open(app, theme.as_deref(), stage.as_deref());
        }
        Action::NextStepToAction => return super::super::plan::next_step_to_action(app),
        Action::OpenAnother => return app.open_another(),
        Action::MergeSheet => {
            let prompt = crate::app::screens::prompt::Prompt::new(
                crate::app::screens::prompt::PromptKind::SheetPath,
                "",
                &app.keymap,
            );
            app.overlay = Some(crate::app::Overlay::Prompt(Box::new(prompt)));
            return;
        }
        Action::ClearMark => {
            if ws.clearing_loses_words() {
                app.overlay = Some(Overlay::Confirm(Confirm::ClearMark));
            } else {
                app.message = ws.clear_mark().err();
            }
        }
        // It stops at its last line: Up then moves at once.
        Action::DetailDown => {
            ws.detail_scroll = ws
                .detail_scroll
                .saturating_add(3)
                .min(detail::last_scroll(ws, &app.keymap, areas.detail))
        }
        Action::DetailUp => ws.detail_scroll = ws.detail_scroll.saturating_sub(3),
        _ => {}
    }
    if ws.tree.selected() != before {
        ws.detail_scroll = 0;
    }
}

/// A title for a new review that no review has yet: "November 2026 review",
/// else "November 2026 review 2", and so on.
fn suggest_title(assessment: &crate::model::Assessment, clock: &Clock) -> String {
    let base = format!("{} review", clock.now().strftime("%B %Y"));
    let taken = |t: &str| {
        assessment
            .reviews
            .iter()
            .any(|r| r.title.eq_ignore_ascii_case(t))
    };
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base} {n}")
            }
        })
        .find(|t| !taken(t))
        .unwrap_or(base)
}
