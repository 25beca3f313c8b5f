//! The tree pane: only the rows on screen are built.

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::super::marks::highlighted;
use crate::ui::{paint, style, text};
use crate::app::{Node, Workspace};
use crate::keys::{Keymap, Mode};
use crate::model::progress::theme_tally;
use crate::model::{Origin, StageMarks, Standard};

pub(super) fn render(ws: &Workspace, keys: &Keymap, area: Rect, buf: &mut Buffer) {
    let focused = ws.editor.is_none();
    let title = match ws.passing.as_ref().map(|p| p.len()) {
        Some(n) if ws.tree.is_filtered() => {
            let names: Vec<&str> = ws.filters.iter().map(|f| f.label()).collect();
            // The count and the key first: the names may be cut.
            format!(
                " {n} of {} {}: {} ",
                ws.framework().standard_count(),
                keys.fill(Mode::Browse, "({Filters} filters)"),
                names.join(", ")
            )
        }
        _ => " Framework ".to_string(),
    };
    let border = if focused {
        style::focus_border()
    } else {
        style::border()
    };
    let inner = paint::panel(area, &title, border, buf);
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
        paint::put_line(buf, row, &line);
        if selected {
            buf.set_style(row, style::selected());
        }
    }
}

/// One row: indent, open/closed marker or the stage marks, the title, and progress on the right.
fn row_line(ws: &Workspace, node: Node, width: usize, selected: bool) -> Line<'_> {
    let fw = ws.framework();
    let indent = spaces(2 * node.depth());
    let arrow = if ws.tree.is_open(node) {
        "▾ "
    } else {
        "▸ "
    };
    let (mut left, title, right, title_style): (Vec<Span>, &str, String, Style) = match node {
        Node::Framework => {
            let t = ws.total();
            (
                vec![Span::raw(arrow)],
                &fw.title,
                format!("{}/{}", t.rated, t.total),
                style::heading(),
            )
        }
        Node::Theme(t) => {
            let tally = ws.tallies[t];
            (
                vec![Span::raw(indent), Span::raw(arrow)],
                &fw.themes[t].title,
                format!("{}/{}", tally.rated, tally.total),
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
                &fw.stages[stage].name,
                format!("{}/{}", tally.rated, tally.total),
                style::dim(),
            )
        }
        Node::Archived => (
            vec![Span::raw(indent), Span::raw(arrow)],
            "Archived",
            format!("{} kept", ws.doc.assessment.archived.len()),
            style::caveat(),
        ),
        Node::ArchivedItem(i) => {
            let item = &ws.doc.assessment.archived[i];
            let text = if item.text.is_empty() {
                &item.standard
            } else {
                &item.text
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
            let indent = spaces(if st.stage.is_some() { 6 } else { 4 });
            // One look-up for the row: the marks serve every stage and the flag.
            let stage_marks = ws.review().marks.get(&st.id);
            let mut spans = Vec::with_capacity(12);
            spans.push(Span::raw(indent));
            marks(ws, st, stage_marks, selected, &mut spans);
            // To discuss at some stage (⚑); else discussed, a level agreed (✓).
            let flagged = stage_marks.is_some_and(|m| m.values().any(|m| m.to_discuss()));
            let discussed = !flagged && stage_marks.is_some_and(|m| m.values().any(|m| m.discussed()));
            spans.push(match (flagged, discussed) {
                (true, _) => Span::styled(" ⚑", style::flag()),
                (false, true) => Span::styled(" ✓", style::ok()),
                _ => Span::raw(""),
            });
            // What is written, and where a level came from, at a glance:
            // ✎ a note, ⊘ a private note (hidden in session mode), ↺ a level
            // carried from the last review and not changed since.
            let (mut note, mut private, mut carried) = (false, false, false);
            for mark in stage_marks.iter().flat_map(|m| m.values()) {
                let shared = !mark.session_note.is_empty() || !mark.next_step.is_empty();
                let others = mark.others.values().any(|v| !v.note.is_empty());
                private |= mark.private && !mark.note.is_empty();
                note |= (!mark.private && !mark.note.is_empty()) || shared || others;
                carried |= mark.carried;
            }
            if note || private || carried {
                let mut marks = String::from(" ");
                for (on, glyph) in [(note, '✎'), (private, '⊘'), (carried, '↺')] {
                    if on {
                        marks.push(glyph);
                    }
                }
                spans.push(Span::styled(marks, style::dim()));
            }
            spans.push(Span::raw(" "));
            let title_style = if st.origin == Origin::Prompt {
                style::caveat()
            } else {
                Style::new()
            };
            (spans, &st.text, String::new(), title_style)
        }
    };
    let used: usize = left.iter().map(|s| text::width(&s.content)).sum();
    // Every row counts the same way, "12/21" (rated of all), whatever the
    // width: a word that comes and goes with the title's length reads as
    // two different things.
    let right_w = if right.is_empty() {
        0
    } else {
        text::width(&right) + 1
    };
    let room = width.saturating_sub(used + right_w);
    let title = text::truncate(title, room);
    let pad = width.saturating_sub(used + text::width(&title) + right_w);
    match ws.search.as_ref().filter(|_| ws.is_match(node)) {
        // A find: where the words are, marked; found only in a note (not
        // on the row), the title underlined.
        Some(found) if found.query.is_in(&title) => {
            let spans = highlighted(&title, title_style, &found.query);
            left.extend(spans.into_iter().map(|s| Span::styled(s.content.into_owned(), s.style)));
        }
        Some(_) => left.push(Span::styled(
            title,
            title_style.add_modifier(Modifier::UNDERLINED),
        )),
        None => left.push(Span::styled(title, title_style)),
    }
    if !right.is_empty() {
        left.push(Span::raw(spaces(pad + 1)));
        left.push(Span::styled(right, style::dim()));
    }
    Line::from(left)
}

/// `n` spaces, borrowed where there are few enough.
fn spaces(n: usize) -> Cow<'static, str> {
    const SPACES: &str = "                                                                ";
    match SPACES.get(..n) {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(" ".repeat(n)),
    }
}

/// The ratings of a standard at each of its stages; the stage being rated stands out.
fn marks(
    ws: &Workspace,
    standard: &Standard,
    stage_marks: Option<&StageMarks>,
    selected: bool,
    spans: &mut Vec<Span<'_>>,
) {
    let fw = ws.framework();
    let current = ws.stage_for(standard);
    let mut first = true;
    for (i, stage) in fw.stages.iter().enumerate() {
        if standard
            .stage
            .as_ref()
            .is_some_and(|only| *only != stage.id)
        {
            continue;
        }
        if !std::mem::take(&mut first) {
            spans.push(Span::raw(" "));
        }
        let rating = stage_marks
            .and_then(|m| m.get(&stage.id))
            .map(|m| m.rating)
            .unwrap_or_default();
        let style = if i == current && standard.stage.is_none() && !selected {
            style::stage_mark()
        } else {
            Style::new()
        };
        spans.push(Span::styled(rating.glyph(), style));
    }
}
