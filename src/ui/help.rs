//! The help overlay: every binding, generated from the keymap itself.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::style;
use crate::app::{Confirm, Mode};
use crate::keys::{Action, HELP_SECTIONS, Keymap, editor_help};

pub fn render(keymap: &Keymap, scroll: u16, area: Rect, buf: &mut Buffer) {
    let popup = centered(area, 72, area.height.saturating_sub(2));
    Clear.render(popup, buf);
    let mut lines = Vec::new();
    for (mode, heading) in HELP_SECTIONS {
        lines.push(Line::from(Span::styled(*heading, style::heading())));
        // The note editor: the keymap's keys (leaving it), then the
        // editing widget's own.
        let mut rows = keymap.help(*mode);
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
    Paragraph::new(lines)
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

/// A rectangle of at most `width` x `height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// A yes/no question over everything else.
pub fn confirm(confirm: &Confirm, keymap: &Keymap, area: Rect, buf: &mut Buffer) {
    let question = confirm.question(keymap);
    let width = 60.min(area.width);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let answers = confirm.answers(keymap);
    let inline = answers.len() <= 2;
    let answer_text: Vec<String> = answers.iter().map(|(k, w)| format!("{k}: {w}")).collect();
    let answer_rows: usize = if inline {
        1
    } else {
        answer_text.iter().map(|a| rows(a, inner_width)).sum()
    };
    let question_rows = rows(&question, inner_width);
    // A blank line between question and answers, where there is room.
    let gap = usize::from(question_rows + answer_rows + 3 <= usize::from(area.height));
    let mut lines = vec![Line::from(question.clone())];
    if gap == 1 {
        lines.push(Line::default());
    }
    let mut row = Vec::new();
    for (keys, what) in answers {
        row.push(Span::styled(keys.clone(), style::heading()));
        row.push(Span::raw(format!(": {what}")));
        if inline {
            row.push(Span::raw("    "));
        } else {
            lines.push(Line::from(std::mem::take(&mut row)));
        }
    }
    if inline {
        lines.push(Line::from(row));
    }
    let height = u16::try_from(question_rows + gap + answer_rows + 2).unwrap_or(u16::MAX);
    let popup = centered(area, width, height);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(style::error())
                .title(confirm.title()),
        )
        .render(popup, buf);
}

/// How many rows `text` takes wrapped at word boundaries to `width`
/// columns (a word longer than that is cut across rows), as the question
/// box wraps it.
fn rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = crate::ui::text::width(word);
        let need = if used == 0 { len } else { used + 1 + len };
        if need <= width {
            used = need;
        } else if len <= width {
            rows += 1;
            used = len;
        } else {
            // A long word starts a row of its own and runs on.
            rows += usize::from(used > 0) + (len - 1) / width;
            used = (len - 1) % width + 1;
        }
    }
    rows
}

/// A one-line question (a review title, a rater) over everything else.
pub fn prompt(p: &crate::app::panes::Prompt, keymap: &Keymap, area: Rect, buf: &mut Buffer) {
    use crate::app::panes::{PromptKind, ROLES};
    let roles = if p.kind == PromptKind::AddRater {
        ROLES.len() as u16 + 1
    } else {
        0
    };
    let popup = centered(area, 64, 6 + roles);
    Clear.render(popup, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style::focus_border())
        .title(p.title());
    let inner = block.inner(popup);
    block.render(popup, buf);
    let mut lines = Vec::new();
    if p.kind == PromptKind::AddRater {
        lines.push(Line::from(Span::styled(
            match keymap.pair(Mode::Prompt, &Action::Up, &Action::Down) {
                Some(k) => format!("Their role ({k}):"),
                None => "Their role:".to_string(),
            },
            style::dim(),
        )));
        for (i, role) in ROLES.iter().enumerate() {
            let chosen = i == p.choice;
            lines.push(Line::from(Span::styled(
                format!("{} {}", if chosen { "●" } else { "○" }, role.label()),
                if chosen {
                    style::heading()
                } else {
                    Default::default()
                },
            )));
        }
    }
    let (top, rest) = super::layout::take_top(inner, lines.len() as u16);
    Paragraph::new(lines).render(top, buf);
    let (field, rest) = super::layout::take_top(rest, 1);
    style::line_field(&p.text).render(field, buf);
    let hint = match &p.error {
        Some(e) => Line::from(Span::styled(e.clone(), style::error())),
        None => Line::from(Span::styled(
            keymap.fill(Mode::Prompt, "{Confirm}: done · {Back}: cancel"),
            style::dim(),
        )),
    };
    let (_, rest) = super::layout::take_top(rest, 1);
    Paragraph::new(hint)
        .wrap(Wrap { trim: true })
        .render(rest, buf);
}
