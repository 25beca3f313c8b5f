//! Moving in the list of filters and ticking them.

use crate::app::workspace::Filter;
use crate::app::{Action, App, Overlay, Screen};

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Filters(menu)) = &mut app.overlay else {
        return;
    };
    let Screen::Assess(ws) = &mut app.screen else {
        app.overlay = None;
        return;
    };
    match action {
        Action::Up => menu.cursor = menu.cursor.saturating_sub(1),
        Action::Down => menu.cursor = (menu.cursor + 1).min(Filter::ALL.len() - 1),
        Action::Confirm => app.message = Some(ws.toggle_filter(Filter::ALL[menu.cursor])),
        Action::Back => {
            app.overlay = None;
            app.message = Some(ws.filter_summary());
        }
        Action::Quit => {
            app.overlay = None;
            app.quit();
        }
        _ => {}
    }
}
