//! Pieces of a standard's picture that more than one screen draws: the
//! stage tabs, the scale, ratings, notes cut to what fits.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::Workspace;
use crate::keys::{Action, Keymap, Mode};
use crate::model::review::Apart;
use crate::model::search::Query;
use crate::model::{Framework, Origin, Rating, Standard};
use crate::ui::{style, text};

pub fn origin_line(origin: Origin) -> Line<'static> {
    match (origin, origin.caveat()) {
        // The publisher's words, only spelt right: said, but not a warning.
        (Origin::Corrected, Some(c)) => Line::from(Span::styled(format!("({c})"), style::dim())),
        (_, Some(c)) => Line::from(Span::styled(format!("({c})"), style::caveat())),
        (_, None) => Line::from(Span::styled("(published wording)", style::dim())),
    }
}

/// The stages of a standard with its rating at each; the one being rated stands out.
pub fn stage_tabs(
    ws: &Workspace,
    keys: &Keymap,
    mode: Mode,
    standard: &Standard,
    current: usize,
) -> Line<'static> {
    let fw = ws.framework();
    let mut spans = vec![Span::styled("Stage ", style::dim())];
    for (i, s) in fw.stages.iter().enumerate() {
        if standard.stage.as_ref().is_some_and(|only| *only != s.id) {
            continue;
        }
        let r = ws.review().rating(&standard.id, &s.id);
        let label = format!(" {} {} ", s.name, r.glyph());
        spans.push(if i == current {
            Span::styled(label, style::current_stage())
        } else {
            Span::raw(label)
        });
    }
    if standard.stage.is_none()
        && fw.stages.len() > 1
        && let Some(key) = keys.key(mode, &Action::NextStage)
    {
        spans.push(Span::styled(format!("  {key}: next stage"), style::dim()));
    }
    Line::from(spans)
}

/// How much text a pane could show: at most `rows` rows (its height and
/// how far it is scrolled) of `cols` cells. A note is cut to that before it
/// is drawn, so a note of any size costs a frame only what can be seen.
#[derive(Debug, Clone, Copy)]
pub struct Room {
    rows: usize,
    cols: usize,
}

impl Room {
    pub fn of(area: Rect, scroll: u16) -> Room {
        Room {
            rows: usize::from(area.height) + usize::from(scroll),
            cols: usize::from(area.width).max(1),
        }
    }

    /// The most characters of one line that can be on screen: every row
    /// it could fill, and as many again for marks that take no cell.
    fn chars(self) -> usize {
        self.rows.saturating_mul(self.cols).saturating_mul(2)
    }
}

/// A note's lines, tabs made visible as spaces so the layout holds: only
/// as many lines, and as much of each, as `room` could show.
pub fn note_lines(note: &str, room: Room) -> Vec<Line<'static>> {
    let most = room.chars();
    note.lines()
        .take(room.rows)
        .map(|l| {
            let l = match l.char_indices().nth(most) {
                Some((end, _)) => &l[..end],
                None => l,
            };
            // Kept together so that no wrapped row starts with a space or a comma.
            Line::from(text::keep_together(&l.replace('\t', "    ")).into_owned())
        })
        .collect()
}

/// A rating as "3 Developing", "not applicable" or "–".
pub fn rating_label(fw: &Framework, rating: Rating) -> String {
    match rating {
        Rating::Level(v) => match fw.level(v) {
            Some(l) => format!("{v} {}", l.label),
            None => v.to_string(),
        },
        Rating::NotApplicable => "not applicable".into(),
        Rating::Unrated => "–".into(),
    }
}

/// The scale, a level a line, the one set marked; each descriptor wraps
/// under its own column within `width` cells.
pub fn scale_lines(
    fw: &Framework,
    keys: &Keymap,
    mode: Mode,
    rating: Rating,
    width: usize,
) -> Vec<Line<'static>> {
    let label_width = fw
        .scale
        .levels
        .iter()
        .map(|l| text::width(&l.label))
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = Vec::new();
    for l in &fw.scale.levels {
        let current = rating == Rating::Level(l.value);
        let head = format!("{} {:<label_width$}", l.value, l.label);
        let head_style = if current {
            style::current_level()
        } else {
            style::heading()
        };
        // Marker, head and a space; the descriptor in the rest, and on
        // under itself. Where that leaves it too little room (a narrow
        // pane), it goes under the head instead, indented a little.
        let beside = 1 + text::width(&head) + 1;
        let under = width.saturating_sub(beside) < 28;
        let indent = if under { 3 } else { beside };
        let room = width.saturating_sub(indent);
        let rows = if room >= 12 {
            word_rows(&l.descriptor, room)
        } else {
            vec![l.descriptor.clone()]
        };
        if under {
            lines.push(Line::from(vec![
                Span::raw(if current { "▶" } else { " " }),
                Span::styled(format!("{} {}", l.value, l.label), head_style),
            ]));
        }
        for (i, row) in rows.into_iter().enumerate() {
            lines.push(if i == 0 && !under {
                Line::from(vec![
                    Span::raw(if current { "▶" } else { " " }),
                    Span::styled(head.clone(), head_style),
                    Span::raw(" "),
                    Span::raw(row),
                ])
            } else {
                Line::from(vec![Span::raw(" ".repeat(indent)), Span::raw(row)])
            });
        }
    }
    let na = rating == Rating::NotApplicable;
    lines.push(Line::from(vec![
        Span::raw(if na { "▶" } else { " " }),
        Span::styled(
            format!(
                "{} ",
                keys.key(mode, &Action::NotApplicable)
                    .unwrap_or_else(|| "-".into())
            ),
            if na {
                style::current_level()
            } else {
                style::heading()
            },
        ),
        Span::styled(
            fw.scale.not_applicable.clone(),
            if na {
                style::current_level()
            } else {
                Style::new()
            },
        ),
    ]));
    if rating.is_unrated() {
        lines.push(Line::from(Span::styled(
            " Not rated yet: press a number.",
            style::dim(),
        )));
    }
    // Said once a pane: these words are this tool's, not the publisher's.
    lines.push(Line::from(Span::styled(
        " (the scale and the stage descriptions are written for this tool)",
        style::caveat(),
    )));
    lines
}

/// `text` in `base`, with every place `query` is in it in the found style.
pub fn highlighted<'a>(text: &'a str, base: Style, query: &Query) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for range in query.ranges_in(text) {
        if range.start > at {
            spans.push(Span::styled(&text[at..range.start], base));
        }
        spans.push(Span::styled(
            &text[range.clone()],
            base.patch(style::found()),
        ));
        at = range.end;
    }
    if at < text.len() || spans.is_empty() {
        spans.push(Span::styled(&text[at..], base));
    }
    spans
}

/// Lines with every place `query` is in them in the found style (within
/// one span: a find split across two styles is not marked).
pub fn highlight_lines(lines: Vec<Line<'static>>, query: &Query) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .map(|line| {
            if !line.spans.iter().any(|s| query.is_in(&s.content)) {
                return line;
            }
            let style = line.style;
            let spans: Vec<Span<'static>> = line
                .spans
                .iter()
                .flat_map(|span| {
                    highlighted(&span.content, span.style, query)
                        .into_iter()
                        .map(|s| Span::styled(s.content.into_owned(), s.style))
                        .collect::<Vec<_>>()
                })
                .collect();
            Line::from(spans).style(style)
        })
        .collect()
}

/// "⚑ 2 levels apart: to discuss", or once a level is agreed "✓ 2 levels
/// apart: discussed".
pub fn discuss_mark(apart: Apart, agreed: bool) -> Span<'static> {
    if agreed {
        Span::styled(format!("  ✓ {}: discussed", apart.describe()), style::ok())
    } else {
        Span::styled(
            format!("  ⚑ {}: to discuss", apart.describe()),
            style::flag(),
        )
    }
}

/// `text` in rows of at most `width` cells, broken between words (a word
/// longer than a row has a row of its own, cut by the pane).
fn word_rows(text: &str, width: usize) -> Vec<String> {
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in text.split_whitespace() {
        let need = if row.is_empty() {
            text::width(word)
        } else {
            text::width(&row) + 1 + text::width(word)
        };
        if need > width && !row.is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        if !row.is_empty() {
            row.push(' ');
        }
        row.push_str(word);
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

impl Room {
    /// Cells across the pane.
    pub fn width(self) -> usize {
        self.cols
    }
}
