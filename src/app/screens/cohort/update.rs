//! The cohort screen's keys: move among themes (or a theme's standards),
//! drill in and out, switch framework, scroll.

use crate::app::{App, Screen};
use crate::keys::Action;

pub(super) fn update(app: &mut App, action: Action) {
    let page = usize::from(app.size.height.saturating_sub(4)).max(1);
    let (width, body) = (
        usize::from(app.size.width),
        usize::from(app.size.height.saturating_sub(2)),
    );
    let Screen::Cohort(s) = &mut app.screen else {
        return;
    };
    let Some(group) = s.view.groups.get(s.group) else {
        if action == Action::Quit {
            app.quit = true;
        }
        return;
    };
    let themes = group.themes.len();
    let rows = match s.drilled {
        Some(t) => group.themes.get(t).map_or(0, |t| t.standards.len()),
        None => themes,
    };
    let focus = match s.drilled {
        Some(_) => &mut s.standard,
        None => &mut s.theme,
    };
    match action {
        Action::Up => {
            *focus = focus.saturating_sub(1);
            s.scroll = None;
        }
        Action::Down => {
            *focus = (*focus + 1).min(rows.saturating_sub(1));
            s.scroll = None;
        }
        Action::First => s.scroll = Some(0),
        // The end of everything: drawing stops at the last line.
        Action::Last => s.scroll = Some(usize::MAX / 2),
        // From where the screen is: drawing says where that is only as
        // far as the last line, so paging up from past it is clamped too.
        Action::PageDown => s.scroll = Some(s.scroll.unwrap_or(0).saturating_add(page)),
        Action::PageUp => s.scroll = Some(s.scroll.unwrap_or(0).saturating_sub(page)),
        Action::Open if s.drilled.is_none() && themes > 0 => {
            s.drilled = Some(s.theme);
            s.standard = 0;
            s.scroll = None;
        }
        Action::Back if s.drilled.is_some() => {
            s.drilled = None;
            s.scroll = None;
        }
        Action::NextStage | Action::PrevStage if s.view.groups.len() > 1 => {
            let n = s.view.groups.len();
            s.group = if action == Action::NextStage {
                (s.group + 1) % n
            } else {
                (s.group + n - 1) % n
            };
            s.theme = 0;
            s.standard = 0;
            s.drilled = None;
            s.scroll = None;
        }
        Action::Quit => app.quit = true,
        Action::ToggleMouse => app.mouse = !app.mouse,
        _ => {}
    }
    // Paged no further than the last line, so paging back starts from what shows.
    if let Screen::Cohort(s) = &mut app.screen
        && let Some(top) = s.scroll
    {
        let last = super::draw::line_count(s, width).saturating_sub(body);
        s.scroll = Some(top.min(last));
    }
}
