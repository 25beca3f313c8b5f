//! The compare view's keys: scroll, only changes, back.

use super::super::Pane;
use super::super::browse::Browse;
use crate::app::{Action, App, Screen};

pub(super) fn update(app: &mut App, action: Action) {
    let rows = app.tree_rows().max(1);
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    let Pane::Compare(view) = &mut ws.pane else {
        return;
    };
    match action {
        Action::Quit => app.quit(),
        Action::Plan => ws.open_plan(&app.home),
        Action::Back | Action::Compare | Action::Close => ws.pane = Pane::Tree(Browse),
        Action::ChangedOnly => {
            view.changed_only = !view.changed_only;
            view.refilter();
            view.scroll = 0;
        }
        Action::Down => view.scroll += 1,
        Action::Wheel(_, _, true) => view.scroll += 3,
        Action::Wheel(_, _, false) => view.scroll = view.scroll.saturating_sub(3),
        Action::Up => view.scroll = view.scroll.saturating_sub(1),
        Action::PageDown => view.scroll += rows,
        Action::PageUp => view.scroll = view.scroll.saturating_sub(rows),
        Action::First => view.scroll = 0,
        Action::Last => view.scroll = usize::MAX / 2,
        _ => {}
    }
}

