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
        line.render(row, buf);
        if selected {
            buf.set_style(row, style::selected());
        }
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
