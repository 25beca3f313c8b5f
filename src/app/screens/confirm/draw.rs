//! The question box, sized to its words.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::Confirm;
use crate::keys::Keymap;
use crate::ui::{centered, style, text};

/// A yes/no question over everything else.
pub(super) fn render(confirm: &Confirm, keymap: &Keymap, area: Rect, buf: &mut Buffer) {
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
    // Each line of the question its own line of the box.
    let question_rows: usize = question.split('\n').map(|l| rows(l, inner_width)).sum();
    // A blank line between question and answers, where there is room.
    let gap = usize::from(question_rows + answer_rows + 3 <= usize::from(area.height));
    let mut lines: Vec<Line> = question.split('\n').map(|l| Line::from(l.to_owned())).collect();
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
        let len = text::width(word);
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

