//! Cheaper equivalents of the ratatui draws that every frame makes.
//!
//! Each writes the buffer cell for cell as the ratatui call it names (the
//! tests below compare the two on awkward text), but costs less:
//!
//! - [`put_line`]: `line.render(row, buf)`. Ratatui splits every span into
//!   graphemes and looks up the width of each; here printable ASCII, nearly
//!   all of our text, goes straight into its cells.
//! - [`panel`], [`panel_with`]: a bordered `Block` with a title. `Block` first patches its
//!   style into every cell of its area, a pass over the whole pane that does
//!   nothing when, as here, the block has no style of its own.
//! - [`wrapped`]: `Paragraph::new(text).wrap(Wrap { trim: false })` with a
//!   scroll. The same word wrapping, on indices instead of moved graphemes,
//!   without `Paragraph`'s whole-area style pass, and a line that fits goes
//!   out whole without being wrapped.
//!
//! With the ASCII paths of `ui/text.rs`, these took a frame at 10,000
//! standards from 6.09 M instructions to 3.49 M (BENCHMARKS.md).

use std::collections::VecDeque;

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, StyledGrapheme, Text};
use ratatui::widgets::{Borders, Widget};
use unicode_segmentation::UnicodeSegmentation;

/// `Block::bordered().border_style(border).title(title)` rendered in `area`;
/// returns the area inside the borders.
pub fn panel(area: Rect, title: &str, border: Style, buf: &mut Buffer) -> Rect {
    panel_with(area, Borders::ALL, title, border, buf)
}

/// [`panel`] with only some `borders`: `Block::default().borders(borders)`
/// with the same style and title.
pub fn panel_with(
    area: Rect,
    borders: Borders,
    title: &str,
    border: Style,
    buf: &mut Buffer,
) -> Rect {
    let has = |side| u16::from(borders.contains(side));
    let (l, t, r, b) = (
        has(Borders::LEFT),
        has(Borders::TOP),
        has(Borders::RIGHT),
        has(Borders::BOTTOM),
    );
    // The title (even an empty one) takes the top line, border or not.
    let t = t.max(1);
    let inner = Rect {
        x: area.x.saturating_add(l).min(area.right()),
        y: area.y.saturating_add(t).min(area.bottom()),
        width: area.width.saturating_sub(l + r),
        height: area.height.saturating_sub(t + b),
    };
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return inner;
    }
    let (left, top) = (area.left(), area.top());
    let (right, bottom) = (area.right() - 1, area.bottom() - 1);
    let mut put = |on: bool, x: u16, y: u16, symbol: &str| {
        if on {
            buf[(x, y)].set_symbol(symbol).set_style(border);
        }
    };
    // Sides, then corners over their ends, in ratatui's order.
    for y in top..=bottom {
        put(l == 1, left, y, "│");
    }
    for x in left..=right {
        put(borders.contains(Borders::TOP), x, top, "─");
    }
    for y in top..=bottom {
        put(r == 1, right, y, "│");
    }
    for x in left..=right {
        put(b == 1, x, bottom, "─");
    }
    let corner = |a, b| borders.contains(a | b);
    put(corner(Borders::RIGHT, Borders::BOTTOM), right, bottom, "┘");
    put(corner(Borders::RIGHT, Borders::TOP), right, top, "┐");
    put(corner(Borders::LEFT, Borders::BOTTOM), left, bottom, "└");
    put(corner(Borders::LEFT, Borders::TOP), left, top, "┌");
    let room = Rect::new(
        left + l,
        top,
        area.width.saturating_sub(l).saturating_sub(r),
        1,
    );
    if !room.is_empty() {
        // Cut with "…", so a title that does not fit says so.
        let title = Line::from(super::text::truncate(title, usize::from(room.width)));
        let width = u16::try_from(title.width()).unwrap_or(u16::MAX);
        put_line(
            buf,
            Rect {
                width: width.min(room.width),
                ..room
            },
            &title,
        );
    }
    inner
}

/// `line.render(row, buf)` for a left-aligned line with no style of its
/// own, cell for cell the same.
pub fn put_line(buf: &mut Buffer, row: Rect, line: &Line) {
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
        let width = super::text::width(content);
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
    // The row's cells from `x` on, found once rather than cell by cell.
    let start = buf.index_of(x, y);
    let mut cells = buf.content[start..start + usize::from(right - x)].iter_mut();
    for &b in &bytes[..plain] {
        if b.is_ascii_control() {
            continue;
        }
        let Some(cell) = cells.next() else {
            return;
        };
        cell.set_char(char::from(b)).set_style(style);
        x += 1;
    }
    if plain < bytes.len() && x < right {
        Span::styled(&content[plain..], style).render(Rect::new(x, y, right - x, 1), buf);
    }
}

fn printable_ascii(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

/// `Paragraph::new(text).wrap(Wrap { trim: false }).scroll((scroll, 0))`
/// rendered in `area` (no block, no style of the paragraph's own).
pub fn wrapped(text: &Text, area: Rect, scroll: u16, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let mut out = Rows {
        buf: Some(buf),
        area,
        skip: scroll,
        y: 0,
    };
    wrap_into(text, &mut out);
}

/// Every line of `text` wrapped to `out`'s width, until `out` is full.
fn wrap_into(text: &Text, out: &mut Rows) {
    let mut graphemes = Vec::new();
    let mut wrapper = Wrapper::default();
    for line in &text.lines {
        graphemes.clear();
        let base = text.style.patch(line.style);
        for span in &line.spans {
            push_graphemes(&mut graphemes, span, base);
        }
        let alignment = line.alignment.unwrap_or(Alignment::Left);
        if !wrapper.wrap(&graphemes, out.area.width, alignment, out) {
            return;
        }
    }
}

/// How many rows `text` takes wrapped to `width` cells, as [`wrapped`]
/// wraps it: for scrolling that stops at the last line.
pub fn rows(text: &Text, width: u16) -> usize {
    let area = Rect::new(0, 0, width.max(1), u16::MAX);
    let mut out = Rows {
        buf: None,
        area,
        skip: 0,
        y: 0,
    };
    wrap_into(text, &mut out);
    usize::from(out.y)
}

/// A grapheme of a line: what a cell shows and how it is wrapped.
struct Grapheme<'a> {
    symbol: &'a str,
    style: Style,
    width: u16,
    whitespace: bool,
}

/// As `Span::styled_graphemes`: graphemes holding a control character are
/// left out. Printable ASCII is one grapheme per byte, one cell wide.
fn push_graphemes<'a>(out: &mut Vec<Grapheme<'a>>, span: &'a Span, base: Style) {
    let style = base.patch(span.style);
    let content: &'a str = &span.content;
    if printable_ascii(content) {
        out.extend((0..content.len()).map(|i| Grapheme {
            symbol: &content[i..=i],
            style,
            width: 1,
            whitespace: content.as_bytes()[i] == b' ',
        }));
    } else {
        out.extend(
            content
                .graphemes(true)
                .filter(|g| !g.contains(char::is_control))
                .map(|g| Grapheme {
                    symbol: g,
                    style,
                    width: g.cell_width(),
                    whitespace: StyledGrapheme::new(g, style).is_whitespace(),
                }),
        );
    }
}

/// Where wrapped rows go: past the scroll, then down the area until it is full.
struct Rows<'b> {
    /// None: only count the rows.
    buf: Option<&'b mut Buffer>,
    area: Rect,
    skip: u16,
    y: u16,
}

impl Rows<'_> {
    /// Writes one row as `paragraph::render_line` does; false once the area is full.
    fn row<'g, 'a: 'g>(
        &mut self,
        row: impl Iterator<Item = &'g Grapheme<'a>> + Clone,
        alignment: Alignment,
    ) -> bool {
        if self.skip > 0 {
            self.skip -= 1;
            return true;
        }
        let width: u16 = row.clone().map(|g| g.width).fold(0, u16::saturating_add);
        let mut x = match alignment {
            Alignment::Left => 0,
            Alignment::Center => (self.area.width / 2).saturating_sub(width / 2),
            Alignment::Right => self.area.width.saturating_sub(width),
        };
        let y = self.area.y + self.y;
        for g in row {
            if g.width == 0 {
                continue;
            }
            let at = Position::new(self.area.x.saturating_add(x), y);
            if let Some(cell) = self.buf.as_mut().and_then(|b| b.cell_mut(at)) {
                cell.set_symbol(g.symbol).set_style(g.style);
            }
            x = x.saturating_add(g.width);
        }
        self.y += 1;
        self.y < self.area.height
    }
}

/// ratatui's `WordWrapper` with `trim: false`, step for step, keeping
/// indices into the line's graphemes. Buffers are kept between lines.
#[derive(Default)]
struct Wrapper {
    line: Vec<usize>,
    word: Vec<usize>,
    whitespace: VecDeque<usize>,
}

impl Wrapper {
    /// Wraps one line into rows of at most `max` cells; false once the area is full.
    fn wrap(&mut self, gs: &[Grapheme], max: u16, alignment: Alignment, out: &mut Rows) -> bool {
        let max = u32::from(max);
        // A line that fits, with no grapheme of no width, is one row as it is.
        let mut total = 0u32;
        let fits = gs.iter().all(|g| {
            total += u32::from(g.width);
            g.width > 0
        }) && total <= max;
        if fits {
            return out.row(gs.iter(), alignment);
        }
        let (line, word, whitespace) = (&mut self.line, &mut self.word, &mut self.whitespace);
        line.clear();
        word.clear();
        whitespace.clear();
        let (mut line_w, mut word_w, mut space_w) = (0u32, 0u32, 0u32);
        let mut after_word = false;
        let mut rows = 0;
        for (i, g) in gs.iter().enumerate() {
            let width = u32::from(g.width);
            // A grapheme wider than a row is left out.
            if width > max {
                continue;
            }
            let word_found = after_word && g.whitespace;
            let overflow = line.is_empty() && word_w + space_w + width > max;
            if word_found || overflow {
                line.extend(whitespace.drain(..));
                line_w += space_w;
                line.append(word);
                line_w += word_w;
                space_w = 0;
                word_w = 0;
            }
            let line_full = line_w >= max;
            let word_overflow = width > 0 && line_w + space_w + word_w >= max;
            if line_full || word_overflow {
                let mut remaining = max.saturating_sub(line_w);
                rows += 1;
                if !out.row(line.iter().map(|&i| &gs[i]), alignment) {
                    return false;
                }
                line.clear();
                line_w = 0;
                // Whitespace that still fits on the row just ended goes with it.
                while let Some(&first) = whitespace.front() {
                    let w = u32::from(gs[first].width);
                    if w > remaining {
                        break;
                    }
                    space_w -= w;
                    remaining -= w;
                    whitespace.pop_front();
                }
                if g.whitespace && whitespace.is_empty() {
                    continue;
                }
            }
            if g.whitespace {
                space_w += width;
                whitespace.push_back(i);
            } else {
                word_w += width;
                word.push(i);
            }
            after_word = !g.whitespace;
        }
        line.extend(whitespace.drain(..));
        line.append(word);
        if !line.is_empty() {
            rows += 1;
            if !out.row(line.iter().map(|&i| &gs[i]), alignment) {
                return false;
            }
        }
        if rows == 0 {
            return out.row(std::iter::empty(), alignment);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui::buffer::Cell;
    use ratatui::style::{Color, Modifier};
    use ratatui::widgets::{Block, Paragraph, Wrap};

    use super::*;

    /// Pieces of text: plain, styled, wide, combining, zero-width, control.
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
        "no\u{a0}break",
        "a long word: Supercalifragilistic",
        "   three leading",
        "trailing   ",
        "ab\u{3000} x",
        "\u{3000}",
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
                    let mut expected = Buffer::filled(area, Cell::new("#"));
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

    #[test]
    fn panels_are_drawn_exactly_as_a_bordered_block() {
        let border = Style::new().fg(Color::Cyan);
        let mut drawn = 0;
        for title in ["", " Framework ", " Note · Esc keeps it ", "日本語 title"] {
            for w in 0..8u16 {
                for h in 0..5u16 {
                    for at in [Rect::new(1, 1, w, h), Rect::new(6, 3, w, h)] {
                        for bits in 0..16u8 {
                            let borders = Borders::from_bits_truncate(bits);
                            let mut expected =
                                Buffer::filled(Rect::new(0, 0, 10, 6), Cell::new("#"));
                            let mut actual = expected.clone();
                            // A title too long for its row is cut with "…"
                            // (ratatui cuts it short with nothing to say so).
                            let clipped = at.intersection(Rect::new(0, 0, 10, 6));
                            let sides = u16::from(borders.contains(Borders::LEFT))
                                + u16::from(borders.contains(Borders::RIGHT));
                            let cut = crate::ui::text::truncate(
                                title,
                                usize::from(clipped.width.saturating_sub(sides)),
                            );
                            let block = Block::default()
                                .borders(borders)
                                .border_style(border)
                                .title(cut.as_ref());
                            let inner = block.inner(at);
                            block.render(at, &mut expected);
                            let ours = panel_with(at, borders, title, border, &mut actual);
                            assert_eq!(ours, inner, "{title:?} {borders:?} in {at:?}");
                            assert_eq!(actual, expected, "{title:?} {borders:?} in {at:?}");
                            if borders == Borders::ALL {
                                let mut all = expected.clone();
                                assert_eq!(panel(at, title, border, &mut all), inner);
                                assert_eq!(all, expected);
                            }
                            drawn += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(drawn, 4 * 8 * 5 * 2 * 16);
    }

    fn paragraph_and_ours(text: &Text, area: Rect, scroll: u16) -> (Buffer, Buffer) {
        let mut expected = Buffer::filled(Rect::new(0, 0, 24, 12), Cell::new("#"));
        let mut actual = expected.clone();
        Paragraph::new(text.clone())
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .render(area, &mut expected);
        wrapped(text, area, scroll, &mut actual);
        (actual, expected)
    }

    #[test]
    fn wrapping_matches_ratatui_on_every_piece_and_width() {
        let mut compared = 0;
        for (i, a) in PIECES.iter().enumerate() {
            for (j, b) in PIECES.iter().enumerate() {
                let [s0, s1, _] = styles();
                let text = Text::from(vec![
                    Line::from(vec![Span::styled(*a, s1), Span::raw(*b)]),
                    Line::from(Span::styled(PIECES[(i + j) % PIECES.len()], s0)),
                    Line::from(format!("{a} {b} {a}{b} {b}")),
                ]);
                for width in [0u16, 1, 2, 3, 4, 7, 11, 22] {
                    let area = Rect::new(1, 1, width, 10);
                    let (actual, expected) = paragraph_and_ours(&text, area, 0);
                    assert_eq!(actual, expected, "{text:?} in {width} columns");
                    compared += 1;
                }
            }
        }
        assert!(compared > 7000);
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_owned),
            2 => "[a-z ]{0,14}",
            1 => "[ a-zé日\u{301}\u{200b}\u{3000}\t\u{a0}-]{0,10}",
        ]
    }

    fn line() -> impl Strategy<Value = Line<'static>> {
        (
            prop::collection::vec((piece(), 0..3usize), 0..5),
            prop::sample::select(vec![
                None,
                Some(Alignment::Left),
                Some(Alignment::Center),
                Some(Alignment::Right),
            ]),
        )
            .prop_map(|(spans, alignment)| {
                let line = Line::from(
                    spans
                        .into_iter()
                        .map(|(s, k)| Span::styled(s, styles()[k]))
                        .collect::<Vec<_>>(),
                );
                match alignment {
                    Some(a) => line.alignment(a),
                    None => line,
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn wrapping_matches_ratatui_paragraph(
            lines in prop::collection::vec(line(), 0..8),
            (x, y, w, h) in (0..4u16, 0..4u16, 0..21u16, 0..9u16),
            scroll in 0..12u16,
        ) {
            let text = Text::from(lines);
            let (actual, expected) = paragraph_and_ours(&text, Rect::new(x, y, w, h), scroll);
            prop_assert_eq!(actual, expected);
        }
    }

    proptest! {
        /// `rows` counts rows as ratatui's paragraph does.
        #[test]
        fn rows_counts_the_rows_wrapping_draws(
            lines in prop::collection::vec(line(), 0..8),
            w in 1..21u16,
        ) {
            let text = Text::from(lines);
            let want = Paragraph::new(text.clone()).wrap(Wrap { trim: false }).line_count(w);
            prop_assert_eq!(rows(&text, w), want);
        }
    }
}
