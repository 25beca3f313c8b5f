//! Scrolling and closing the help.

use ratatui::layout::{Position, Rect};

use super::draw;
use crate::app::{Action, App, Overlay};

pub(super) fn update(app: &mut App, action: Action) {
    let last = draw::last_scroll(
        &app.keymap,
        super::top(app),
        super::on_cohort(app),
        Rect::from((Position::ORIGIN, app.size)),
    );
    let Some(Overlay::Help(help)) = &mut app.overlay else {
        return;
    };
    let scroll = &mut help.scroll;
    match action {
        Action::ToggleHelp | Action::Back => {
            app.overlay = None;
            return;
        }
        // As the help itself says: save and quit.
        Action::Quit => {
            app.overlay = None;
            return app.quit();
        }
        Action::Down | Action::DetailDown => *scroll = scroll.saturating_add(1),
        Action::Up | Action::DetailUp => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = scroll.saturating_add(10),
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::First => *scroll = 0,
        Action::Last => *scroll = last,
        _ => {}
    }
    // It stops at its last line: Up then moves at once.
    *scroll = (*scroll).min(last);
}
