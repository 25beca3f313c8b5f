//! The start screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::{Field, StartScreen, describe};
use crate::ui::layout::take_top;
use crate::ui::{centered, style, text};

use crate::keys::{Action, Keymap, Mode};

/// Below this height the start screen shows only the part with focus.
const COMPACT: u16 = 20;

pub(super) fn render(s: &StartScreen, keys: &Keymap, area: Rect, buf: &mut Buffer) {
    if area.height < COMPACT {
        return compact(s, keys, area, buf);
    }
    let list_height = s.choices.len() as u16 * 2 + 2;
    // Existing assessments first, when there are any: up to 8 rows, scrolled to the pick.
    let existing_height = if s.existing.is_empty() {
        0
    } else {
        s.existing.len().min(4) as u16 * 2 + 2
    };
    let box_area = centered(
        area,
        96,
        (existing_height + list_height + 13).min(area.height),
    );
    let (title, rest) = take_top(box_area, 3);
    let (existing, rest) = take_top(rest, existing_height.min(rest.height.saturating_sub(8 + 4)));
    render_existing(s, keys, existing, buf);
    let list_rows = list_height.min(rest.height.saturating_sub(8));
    let (list, rest) = take_top(rest, list_rows);
    let (name, rest) = take_top(rest, 3);
    let (role, hints) = take_top(rest, 3);

    Paragraph::new(vec![
        Line::from(Span::styled("reflect", style::heading())),
        Line::from(Span::styled(
            "Reflect on your leadership against the LGA/Solace development frameworks.",
            style::dim(),
        )),
    ])
    .render(title, buf);

    let mut lines = Vec::new();
    for (i, c) in s.choices.iter().enumerate() {
        let chosen = i == s.chosen;
        let head = format!("{} {}", if chosen { "●" } else { "○" }, c.title);
        lines.push(Line::from(Span::styled(
            head,
            if chosen {
                style::heading()
            } else {
                Default::default()
            },
        )));
        let about = format!(
            "  {} themes · {} standards · {}",
            c.themes, c.standards, c.audience
        );
        let room = usize::from(list.width.saturating_sub(2));
        lines.push(Line::from(Span::styled(
            text::truncate(&about, room).into_owned(),
            style::dim(),
        )));
    }
    let choose = keys
        .pair(Mode::Start, &Action::Up, &Action::Down)
        .map_or(String::new(), |k| format!(" ({k} to choose)"));
    let title = if s.existing.is_empty() {
        format!(" Framework{choose} ")
    } else {
        format!(" Or create a new one: framework{choose} ")
    };
    Paragraph::new(lines)
        .block(boxed(&title, s.focus == Field::Framework))
        .render(list, buf);

    text_field(s, Field::Name, " Name ", name, buf);
    text_field(s, Field::Role, " Role ", role, buf);

    Paragraph::new(hint_line(s, keys))
        .wrap(Wrap { trim: true })
        .render(hints, buf);
}

/// A short terminal: a line naming the screen, the part with focus (the
/// assessments, the frameworks, or the two fields) filling the rest, and
/// the keys at the foot, so each part is whole and readable at 40x12.
fn compact(s: &StartScreen, keys: &Keymap, area: Rect, buf: &mut Buffer) {
    let (title, rest) = take_top(area, 1);
    Line::from(Span::styled("reflect · start", style::heading())).render(title, buf);
    let hint = hint_line(s, keys);
    let hint_rows = u16::try_from(
        text::width(
            &hint
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>(),
        )
        .div_ceil(usize::from(area.width.max(1))),
    )
    .unwrap_or(1)
    .clamp(1, 3);
    let (body, foot) = take_top(rest, rest.height.saturating_sub(hint_rows));
    Paragraph::new(hint)
        .wrap(Wrap { trim: true })
        .render(foot, buf);
    match s.focus {
        Field::Existing => render_existing_short(s, keys, body, buf),
        Field::Framework => {
            let choose = keys
                .pair(Mode::Start, &Action::Up, &Action::Down)
                .map_or(String::new(), |k| format!(" ({k})"));
            let title = format!(" Framework{choose} ");
            let block = boxed(&title, true);
            let inner = block.inner(body);
            block.render(body, buf);
            let width = usize::from(inner.width);
            for (i, c) in s.choices.iter().enumerate().take(usize::from(inner.height)) {
                let chosen = i == s.chosen;
                let text = format!("{} {}", if chosen { "●" } else { "○" }, c.title);
                Line::from(Span::styled(
                    text::truncate(&text, width).into_owned(),
                    if chosen {
                        style::selected()
                    } else {
                        Default::default()
                    },
                ))
                .render(Rect::new(inner.x, inner.y + i as u16, inner.width, 1), buf);
            }
        }
        Field::Name | Field::Role => {
            let (name, rest) = take_top(body, 3);
            let (role, _) = take_top(rest, 3);
            text_field(s, Field::Name, " Name ", name, buf);
            text_field(s, Field::Role, " Role ", role, buf);
        }
    }
}

/// The assessments one line each, scrolled to the pick.
fn render_existing_short(s: &StartScreen, keys: &Keymap, area: Rect, buf: &mut Buffer) {
    let arrows = keys
        .pair(Mode::Start, &Action::Up, &Action::Down)
        .unwrap_or_default();
    let title = format!(" Open ({arrows}) ");
    let block = boxed(&title, true);
    let inner = block.inner(area);
    block.render(area, buf);
    let rows = usize::from(inner.height).max(1);
    let first = s.picked.saturating_sub(rows - 1);
    let width = usize::from(inner.width);
    for (i, o) in s.existing.iter().enumerate().skip(first).take(rows) {
        let (head, _, readable) = describe(o, s.today);
        let st = if i == s.picked {
            style::selected()
        } else if !readable {
            style::error()
        } else {
            Default::default()
        };
        Line::from(Span::styled(text::truncate(&head, width).into_owned(), st)).render(
            Rect::new(inner.x, inner.y + (i - first) as u16, inner.width, 1),
            buf,
        );
    }
}

/// What went wrong, or the keys for the part with focus.
fn hint_line(s: &StartScreen, keys: &Keymap) -> Line<'static> {
    match &s.error {
        Some(e) => Line::from(Span::styled(e.clone(), style::error())),
        None => Line::from(Span::styled(
            match s.focus {
                // Reached with `o`, Esc goes back to that assessment.
                Field::Existing if s.back_to.is_some() => keys.fill(
                    Mode::Start,
                    "{Confirm} open · {NextField} create a new one · {Back} back · {ToggleHelp} keys",
                ),
                Field::Existing => keys.fill(
                    Mode::Start,
                    "{Confirm} open · {NextField} create a new one · {Back} quit · {ToggleHelp} keys",
                ),
                _ if s.back_to.is_some() => keys.fill(
                    Mode::StartText,
                    "{NextField} next field · {Confirm} create · {Back} back · {ToggleHelp} keys",
                ),
                _ => keys.fill(
                    Mode::StartText,
                    "{NextField} next field · {Confirm} create · {Back} quit · {ToggleHelp} keys",
                ),
            },
            style::dim(),
        )),
    }
}

fn boxed(title: &str, focused: bool) -> Block<'_> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            style::focus_border()
        } else {
            style::border()
        })
        .title(title)
}

fn text_field(s: &StartScreen, field: Field, title: &str, area: Rect, buf: &mut Buffer) {
    let block = boxed(title, s.focus == field);
    let inner = block.inner(area);
    block.render(area, buf);
    let text = if field == Field::Name {
        &s.name
    } else {
        &s.role
    };
    let mut text = style::line_field(text);
    // One cursor on the screen: in the field with focus.
    if s.focus != field {
        text.set_cursor_style(ratatui::style::Style::default());
    }
    text.render(inner, buf);
}

/// The assessments in the home folder, two lines each: person and role, then
/// framework, current review, progress and last change.
fn render_existing(s: &StartScreen, keys: &Keymap, area: Rect, buf: &mut Buffer) {
    if area.height < 4 {
        return;
    }
    let arrows = keys
        .pair(Mode::Start, &Action::Up, &Action::Down)
        .unwrap_or_default();
    let title = format!(
        " Open an assessment ({arrows}, {}) ",
        keys.fill(Mode::Start, "{Confirm}")
    );
    let block = boxed(&title, s.focus == Field::Existing);
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width);
    let entries = usize::from(inner.height / 2).max(1);
    let first = s.picked.saturating_sub(entries - 1);
    for (i, o) in s.existing.iter().enumerate().skip(first).take(entries) {
        let picked = i == s.picked && s.focus == Field::Existing;
        let (head, about, readable) = describe(o, s.today);
        let head_style = if picked {
            style::selected()
        } else if !readable {
            style::error()
        } else {
            style::heading()
        };
        let y = inner.y + ((i - first) * 2) as u16;
        let line =
            |text: &str, st| Line::from(Span::styled(text::truncate(text, width).into_owned(), st));
        line(&head, head_style).render(Rect::new(inner.x, y, inner.width, 1), buf);
        if y + 1 < inner.y + inner.height {
            line(&about, style::dim()).render(Rect::new(inner.x, y + 1, inner.width, 1), buf);
        }
    }
}
