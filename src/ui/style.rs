//! The styles of the roles on screen, from the app's [`Theme`].
//!
//! Drawing functions ask for a role (`style::dim()`) rather than carry the
//! theme through every call: [`with_theme`] puts the app's theme in place
//! for one frame, on the drawing thread, and these read it.

use std::cell::RefCell;

use ratatui::style::Style;
use ratatui_textarea::TextArea;

use crate::theme::Theme;

thread_local! {
    static THEME: RefCell<Theme> = RefCell::new(Theme::dark());
}

/// Draw with `theme`: the roles below answer from it until `draw` returns.
pub fn with_theme<R>(theme: &Theme, draw: impl FnOnce() -> R) -> R {
    let previous = THEME.with(|t| t.replace(theme.clone()));
    let result = draw();
    THEME.with(|t| *t.borrow_mut() = previous);
    result
}

fn role(pick: impl FnOnce(&Theme) -> Style) -> Style {
    THEME.with(|t| pick(&t.borrow()))
}

pub fn selected() -> Style {
    role(|t| t.selection)
}

pub fn heading() -> Style {
    role(|t| t.heading)
}

pub fn dim() -> Style {
    role(|t| t.dim)
}

/// Wording that is not the published framework's.
pub fn caveat() -> Style {
    role(|t| t.caveat)
}

/// A standard to discuss (⚑).
pub fn flag() -> Style {
    role(|t| t.flag)
}

pub fn current_level() -> Style {
    role(|t| t.current_level)
}

pub fn current_stage() -> Style {
    role(|t| t.current_stage)
}

pub fn error() -> Style {
    role(|t| t.error)
}

pub fn ok() -> Style {
    role(|t| t.ok)
}

pub fn border() -> Style {
    role(|t| t.border)
}

pub fn focus_border() -> Style {
    role(|t| t.focus)
}

/// The mark of the stage being rated, in a tree row.
/// What a search found.
pub fn found() -> Style {
    role(|t| t.found)
}

pub fn stage_mark() -> Style {
    role(|t| t.stage_mark)
}

/// A one-line text field styled by the theme: a copy (a line is short),
/// since drawing only reads the app's state.
pub fn line_field<'a>(text: &TextArea<'a>) -> TextArea<'a> {
    let mut text = text.clone();
    text.set_placeholder_style(dim());
    text.set_selection_style(selected());
    text
}
