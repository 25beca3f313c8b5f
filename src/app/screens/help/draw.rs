//! The help overlay: every binding, generated from the keymap itself.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::keys::{Action, HELP_SECTIONS, Keymap, Mode, editor_help};
use crate::ui::{centered, paint, style};

/// The help's box in a screen of `area`.
fn popup(area: Rect) -> Rect {
    centered(area, 72, area.height.saturating_sub(2))
}

/// The furthest the help scrolls in a screen of `area`: its last line at
/// the bottom of the box.
pub(super) fn last_scroll(keymap: &Keymap, top: u8, cohort: bool, area: Rect) -> u16 {
    let popup = popup(area);
    let rows = paint::rows(&Text::from(lines(keymap, top, cohort)), row_width(area));
    let shown = usize::from(popup.height.saturating_sub(2));
    u16::try_from(rows.saturating_sub(shown)).unwrap_or(u16::MAX)
}

/// Where the section of `mode` starts, in rows from the top of the help
/// in a screen of `area`.
pub(super) fn section_start(keymap: &Keymap, top: u8, cohort: bool, mode: Mode, area: Rect) -> u16 {
    let heading = HELP_SECTIONS
        .iter()
        .find(|(m, _)| *m == mode)
        .map_or("", |(_, h)| *h);
    let lines = lines(keymap, top, cohort);
    let before = lines
        .iter()
        .take_while(|line| !(line.spans.len() == 1 && line.spans[0].content == heading))
        .count();
    let rows = paint::rows(&Text::from(lines[..before].to_vec()), row_width(area));
    u16::try_from(rows).unwrap_or(0).min(last_scroll(keymap, top, cohort, area))
}

/// The width of a row of text inside the help's box.
fn row_width(area: Rect) -> u16 {
    popup(area).width.saturating_sub(2).max(1)
}

/// Every mode's keys under its heading, in the help's order; the level
/// keys up to `top`.
fn lines(keymap: &Keymap, top: u8, cohort: bool) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    // On the cohort screen no assessment is open: its keys and the help's only.
    let shown = HELP_SECTIONS
        .iter()
        .filter(|(mode, _)| !cohort || matches!(mode, Mode::Cohort | Mode::Help));
    for (mode, heading) in shown {
        lines.push(Line::from(Span::styled(*heading, style::heading())));
        // The note editor: the keymap's keys (leaving it), then the
        // editing widget's own.
        let mut rows = keymap.help_upto(*mode, top);
        if *mode == Mode::Editor {
            rows.extend(editor_help());
        }
        for (keys, what) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<18}"), style::ok()),
                Span::raw(what),
            ]));
        }
        lines.push(Line::default());
    }
    lines
}

pub(super) fn render(
    keymap: &Keymap,
    top: u8,
    cohort: bool,
    scroll: u16,
    area: Rect,
    buf: &mut Buffer,
) {
    let popup = popup(area);
    Clear.render(popup, buf);
    let scroll = scroll.min(last_scroll(keymap, top, cohort, area));
    Paragraph::new(lines(keymap, top, cohort))
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(style::focus_border())
                .title(format!(
                    " Keys · {} · {} ",
                    keymap
                        .pair(Mode::Help, &Action::Up, &Action::Down)
                        .map_or(String::new(), |k| format!("{k} scroll")),
                    match keymap.either(Mode::Help, &Action::Back, 1) {
                        Some(back) => match keymap.key(Mode::Help, &Action::ToggleHelp) {
                            Some(help) if help != back => format!("{back} or {help} closes"),
                            _ => format!("{back} closes"),
                        },
                        None => keymap.fill(Mode::Help, "{ToggleHelp} closes"),
                    }
                )),
        )
        .render(popup, buf);
}
