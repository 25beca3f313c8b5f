//! The tree pane: only the rows on screen are built.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::{style, text};
use crate::app::{Node, Workspace};
use crate::model::progress::theme_tally;
use crate::model::{Origin, Standard};

pub fn render(ws: &Workspace, area: Rect, buf: &mut Buffer) {
    let focused = ws.editor.is_none();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            style::focus_border()
        } else {
            style::border()
        })
        .title(if ws.tree.is_filtered() {
            " To discuss (d shows all) "
        } else {
            " Framework "
        });
    let inner = block.inner(area);
    block.render(area, buf);
    let width = usize::from(inner.width);
    let first = ws.tree.offset();
    for (i, node) in ws
        .tree
        .visible(usize::from(inner.height))
        .iter()
        .enumerate()
    {
        let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
        let selected = first + i == ws.tree.selected_index();
        let line = row_line(ws, *node, width, selected);
        put_line(buf, row, &line);
        if selected {
            buf.set_style(row, style::selected());
        }
    }
}

/// `line.render(row, buf)` for a left-aligned line with no style of its
/// own, cell for cell the same, but cheaper: ratatui splits every span into
/// graphemes and looks up the width of each, which was a third of a frame;
/// here printable ASCII, nearly all of a row, goes straight into its cells.
fn put_line(buf: &mut Buffer, row: Rect, line: &Line) {
    debug_assert!(line.style == Style::new() && line.alignment.is_none());
    let area = row.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let (y, right) = (area.y, area.right());
    let mut x = area.x;
    for span in &line.spans {
        // As ratatui: a span starts where the one before would end (its
        // width as `unicode-width` counts it), and an empty one is skipped.
        let content: &str = &span.content;
        let width = if content.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
            content.len()
        } else {
            span.width()
        };
        if width == 0 {
            continue;
        }
        if x >= right {
            break;
        }
        put_span(buf, x, y, right, content, span.style);
        x = x.saturating_add(u16::try_from(width).unwrap_or(u16::MAX));
    }
}

/// `Span::render` of `content` at `x` in a row ending at `right`.
///
/// Up to the first character that is not ASCII, each character is a
/// grapheme of its own: a printable one takes one cell, a control character
/// is dropped (ratatui drops them too). The last printable one before a
/// character that is not ASCII may start a grapheme with it (`e` and a
/// combining accent), so from that one on, the rest goes to ratatui. That
/// is the same: the rest starts with a grapheme at least one cell wide,
/// which ratatui writes into its own cell whether or not it comes first.
fn put_span(buf: &mut Buffer, mut x: u16, y: u16, right: u16, content: &str, style: Style) {
    let bytes = content.as_bytes();
    let plain = match bytes.iter().position(|b| !b.is_ascii()) {
        None => bytes.len(),
        Some(other) => bytes[..other]
            .iter()
            .rposition(|&b| !b.is_ascii_control())
            .unwrap_or(0),
    };
    for &b in &bytes[..plain] {
        if b.is_ascii_control() {
            continue;
        }
        if x >= right {
            return;
        }
        buf[(x, y)].set_char(char::from(b)).set_style(style);
        x += 1;
    }
    if plain < bytes.len() && x < right {
        Span::styled(&content[plain..], style).render(Rect::new(x, y, right - x, 1), buf);
    }
}

/// One row: indent, open/closed marker or the stage marks, the title, and progress on the right.
fn row_line(ws: &Workspace, node: Node, width: usize, selected: bool) -> Line<'static> {
    let fw = ws.framework();
    let indent = "  ".repeat(node.depth());
    let arrow = if ws.tree.is_open(node) {
        "▾ "
    } else {
        "▸ "
    };
    let (mut left, title, right, title_style): (Vec<Span>, String, String, Style) = match node {
        Node::Framework => {
            let t = ws.total();
            (
                vec![Span::raw(arrow)],
                fw.title.clone(),
                format!("{}/{}", t.rated, t.total),
                style::heading(),
            )
        }
        Node::Theme(t) => {
            let tally = ws.tallies[t];
            (
                vec![Span::raw(indent), Span::raw(arrow)],
                fw.themes[t].title.clone(),
                format!("{}/{} rated", tally.rated, tally.total),
                Style::new(),
            )
        }
        Node::Stage { theme, stage } => {
            let tally = theme_tally(
                fw,
                ws.review(),
                &fw.themes[theme],
                Some(&fw.stages[stage].id),
            );
            (
                vec![Span::raw(indent), Span::raw(arrow)],
                fw.stages[stage].name.clone(),
                format!("{}/{}", tally.rated, tally.total),
                style::dim(),
            )
        }
        Node::Archived => (
            vec![Span::raw(indent), Span::raw(arrow)],
            "Archived".to_string(),
            format!("{} kept", ws.doc.assessment.archived.len()),
            style::caveat(),
        ),
        Node::ArchivedItem(i) => {
            let item = &ws.doc.assessment.archived[i];
            let text = if item.text.is_empty() {
                item.standard.clone()
            } else {
                item.text.clone()
            };
            (
                vec![Span::raw(indent)],
                text,
                item.review.clone(),
                style::dim(),
            )
        }
        Node::Standard { theme, standard } => {
            let st = &fw.themes[theme].standards[standard];
            let indent = "  ".repeat(if st.stage.is_some() { 3 } else { 2 });
            let mut spans = vec![Span::raw(indent)];
            spans.extend(marks(ws, st, selected));
            // Raters 2 or more levels apart at any stage: to discuss.
            let flagged = ws
                .review()
                .marks
                .get(&st.id)
                .is_some_and(|m| m.values().any(|m| m.to_discuss()));
            spans.push(Span::styled(
                if flagged { " ⚑" } else { "" },
                style::error(),
            ));
            spans.push(Span::raw(" "));
            let title_style = if st.origin == Origin::Prompt {
                style::caveat()
            } else {
                Style::new()
            };
            (spans, st.text.clone(), String::new(), title_style)
        }
    };
    let used: usize = left.iter().map(|s| text::width(&s.content)).sum();
    // "12/21 rated" where there is room; "12/21" where the title would be cut.
    let right = match right.strip_suffix(" rated") {
        Some(short) if used + text::width(&title) + text::width(&right) + 1 > width => {
            short.to_string()
        }
        _ => right,
    };
    let right_w = if right.is_empty() {
        0
    } else {
        text::width(&right) + 1
    };
    let room = width.saturating_sub(used + right_w);
    let title = text::truncate(&title, room);
    let pad = width.saturating_sub(used + text::width(&title) + right_w);
    left.push(Span::styled(title, title_style));
    if !right.is_empty() {
        left.push(Span::raw(" ".repeat(pad + 1)));
        left.push(Span::styled(right, style::dim()));
    }
    Line::from(left)
}

/// The ratings of a standard at each of its stages; the stage being rated stands out.
fn marks(ws: &Workspace, standard: &Standard, selected: bool) -> Vec<Span<'static>> {
    let fw = ws.framework();
    let review = ws.review();
    let current = ws.stage_for(standard);
    let mut spans = Vec::new();
    for (i, stage) in fw.stages.iter().enumerate() {
        if standard
            .stage
            .as_ref()
            .is_some_and(|only| *only != stage.id)
        {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        let glyph = review.rating(&standard.id, &stage.id).glyph();
        let style = if i == current && standard.stage.is_none() && !selected {
            style::stage_mark()
        } else {
            Style::new()
        };
        spans.push(Span::styled(glyph, style));
    }
    spans
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier};

    use super::*;

    /// Pieces of rows: plain, styled, wide, combining, zero-width, control.
    const PIECES: &[&str] = &[
        "",
        " ",
        "  ",
        "▾ ",
        "·",
        "3",
        " ⚑",
        "Leads the place",
        "e\u{301}",
        "ae\u{301}\u{302}b",
        "\u{301}x",
        "a\u{200b}b",
        "\u{200b}",
        "日本語",
        "x日",
        "👩🏽\u{200d}💼 ok",
        "1\u{fe0f}\u{20e3}",
        "tab\there\r\nnl\u{7f}",
        "ab\n\u{301}",
        "\n\na\u{301}",
        "a.\nb c",
        "\r\n",
        "x\u{7f}\u{301}y",
        "\u{200b}\u{301}\n",
        "…",
        "ｱﾞ",
        "12/21 rated",
    ];

    fn styles() -> [Style; 3] {
        [
            Style::new(),
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().bg(Color::Blue).remove_modifier(Modifier::DIM),
        ]
    }

    #[test]
    fn rows_are_written_exactly_as_ratatui_renders_them() {
        let mut lines = 0;
        for (i, a) in PIECES.iter().enumerate() {
            for (j, b) in PIECES.iter().enumerate() {
                let c = PIECES[(i * 7 + j * 3) % PIECES.len()];
                let [s0, s1, s2] = styles();
                let line = Line::from(vec![
                    Span::styled(*a, s1),
                    Span::raw(*b),
                    Span::styled(c, s2),
                    Span::styled(*a, s0),
                ]);
                for width in [0u16, 1, 2, 3, 5, 8, 13, 40] {
                    let area = Rect::new(0, 0, 42, 2);
                    // Something underneath, as the frame may hold.
                    let mut expected = Buffer::filled(area, ratatui::buffer::Cell::new("#"));
                    let mut actual = expected.clone();
                    let row = Rect::new(1, 1, width, 1);
                    (&line).render(row, &mut expected);
                    put_line(&mut actual, row, &line);
                    assert_eq!(actual, expected, "{line:?} in {width} columns");
                    lines += 1;
                }
            }
        }
        assert!(lines > 3000);
    }
}
