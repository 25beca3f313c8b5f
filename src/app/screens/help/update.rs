//! Scrolling and closing the help.

use crate::app::{Action, App, Overlay};

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Help(help)) = &mut app.overlay else {
        return;
    };
    let scroll = &mut help.scroll;
    match action {
        Action::ToggleHelp | Action::Back | Action::Quit => app.overlay = None,
        Action::Down | Action::DetailDown => *scroll = scroll.saturating_add(1),
        Action::Up | Action::DetailUp => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = scroll.saturating_add(10),
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::First => *scroll = 0,
        _ => {}
    }
}
