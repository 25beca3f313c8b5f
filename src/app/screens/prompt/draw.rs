//! The one-line question's box: the roles to choose from, the field, and
//! what went wrong or how to answer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::{Prompt, PromptKind, ROLES};
use crate::keys::{Action, Keymap, Mode};
use crate::ui::layout::take_top;
use crate::ui::{centered, style};

/// A one-line question (a review title, a rater) over everything else.
pub(super) fn render(p: &Prompt, keymap: &Keymap, area: Rect, buf: &mut Buffer) {
    let roles = if matches!(p.kind, PromptKind::AddRater { .. }) {
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
    if matches!(p.kind, PromptKind::AddRater { .. }) {
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
    let (top, rest) = take_top(inner, lines.len() as u16);
    Paragraph::new(lines).render(top, buf);
    let (field, rest) = take_top(rest, 1);
    style::line_field(&p.text).render(field, buf);
    let hint = match &p.error {
        Some(e) => Line::from(Span::styled(e.clone(), style::error())),
        None => Line::from(Span::styled(
            keymap.fill(Mode::Prompt, "{Confirm}: done · {Back}: cancel"),
            style::dim(),
        )),
    };
    let (_, rest) = take_top(rest, 1);
    Paragraph::new(hint)
        .wrap(Wrap { trim: true })
        .render(rest, buf);
}
