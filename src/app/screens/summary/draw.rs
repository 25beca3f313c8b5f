//! The summary drawn: the heat map's lines, then the charts, scrolled as
//! one column when the screen is short. Only what shows is drawn; the
//! numbers were worked out by the view ([`super::Grid`]).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Cell, SummaryView};
use crate::app::Workspace;
use crate::keys::{Keymap, Mode};
use crate::model::Framework;
use crate::model::proposals::tenths;
use crate::ui::{paint, style, text};

/// Columns of a compact cell (" 2.5↑"); a full one adds its counts
/// (" 2.5↑ 10/10"), as wide as its column's widest.
const COMPACT_CELL: usize = 5;
/// The fewest columns a theme's title gets before cells go compact.
const TITLE: usize = 24;
/// A chart's height when the screen does not decide it.
const CHART: usize = 9;
/// The least height a chart is drawn in beside the heat map: its name,
/// four rows of bars and the theme numbers.
const SMALLEST_CHART: usize = 6;

pub(super) fn render(
    ws: &Workspace,
    keys: &Keymap,
    view: &SummaryView,
    area: Rect,
    buf: &mut Buffer,
) {
    let fw = ws.framework();
    let grid = &view.grid;
    let title = format!(" Summary · \"{}\" · {} ", ws.review().title, grid.whose);
    let inner = paint::panel(area, &title, style::focus_border(), buf);
    if inner.is_empty() {
        return;
    }
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    // Each column as wide as its widest count ("168/168" in "All").
    let full_widths: Vec<usize> = (0..=fw.stages.len())
        .map(|c| {
            let widest = grid
                .rows
                .iter()
                .chain([&grid.total])
                .map(|row| count(&row[c]).len())
                .max()
                .unwrap_or(0);
            let word = fw
                .stages
                .get(c)
                .and_then(|s| s.name.split_whitespace().next())
                .map_or(3, text::width);
            (COMPACT_CELL + 1 + widest).max(word + 1)
        })
        .collect();
    let full = width >= TITLE + full_widths.iter().sum::<usize>();
    let widths: Vec<usize> = if full {
        full_widths
    } else {
        vec![COMPACT_CELL; fw.stages.len() + 1]
    };
    let title_width = width.saturating_sub(widths.iter().sum());

    let charts = charts_that_fit(fw, width);
    let (chart_height, total) = layout(fw.themes.len(), height);
    let heat = heat_lines(fw.themes.len());
    let first = view.scroll.min(total.saturating_sub(height));
    let themes = fw.themes.len();
    for row in 0..height.min(total - first) {
        let i = first + row;
        let at = Rect::new(inner.x, inner.y + row as u16, inner.width, 1);
        let line = if i == 0 {
            header(fw, title_width, &widths)
        } else if i <= themes {
            let name = format!("{} {}", i, fw.themes[i - 1].title);
            cells_line(&name, &grid.rows[i - 1], title_width, &widths, full, Style::new())
        } else if i == themes + 1 {
            let heading = style::heading();
            cells_line("All themes", &grid.total, title_width, &widths, full, heading)
        } else if i == themes + 2 || i == themes + 3 {
            legend(keys, grid.previous.as_deref(), full, i == themes + 3, width)
        } else {
            continue;
        };
        paint::put_line(buf, at, &line);
    }
    // The charts, drawn off screen and copied in as far as they show.
    let top = heat + 1;
    if first + height <= top {
        return;
    }
    let mut off = Buffer::empty(Rect::new(0, 0, inner.width, chart_height as u16));
    let stages: Vec<usize> = if charts >= fw.stages.len() {
        (0..fw.stages.len()).collect()
    } else {
        vec![view.stage.min(fw.stages.len().saturating_sub(1))]
    };
    let each = chart_width(fw) + 2;
    for (n, &stage) in stages.iter().enumerate() {
        let x = (n * each) as u16;
        let w = (each as u16).min(inner.width.saturating_sub(x));
        let name = if stages.len() < fw.stages.len() {
            format!("◂ {} ▸", fw.stages[stage].name)
        } else {
            fw.stages[stage].name.clone()
        };
        chart(
            fw,
            view,
            stage,
            &name,
            Rect::new(x, 0, w, chart_height as u16),
            &mut off,
        );
    }
    for row in 0..chart_height {
        let i = top + row;
        if i < first || i >= first + height {
            continue;
        }
        let y = inner.y + (i - first) as u16;
        for x in 0..inner.width {
            if let (Some(from), Some(to)) = (off.cell((x, row as u16)), buf.cell_mut((inner.x + x, y))) {
                *to = from.clone();
            }
        }
    }
}

/// The heat map's lines: a header, one per theme, the total, two of legend.
fn heat_lines(themes: usize) -> usize {
    themes + 4
}

/// For `themes` themes in `height` rows: the charts' height, and the
/// height of everything (more than `height` when it scrolls).
pub(super) fn layout(themes: usize, height: usize) -> (usize, usize) {
    let heat = heat_lines(themes);
    // What is left under the heat map, if a chart with four rows of bars
    // fits there; else a chart of its own height, scrolled to.
    let chart = if height >= heat + 1 + SMALLEST_CHART {
        (height - heat - 1).min(CHART + 4)
    } else {
        CHART
    };
    (chart, heat + 1 + chart)
}

/// "3/6": rated of all.
fn count(cell: &Cell) -> String {
    format!("{}/{}", cell.now.rated, cell.now.total)
}

/// How many stage charts fit side by side in `width`.
fn charts_that_fit(fw: &Framework, width: usize) -> usize {
    (width + 2) / (chart_width(fw) + 2)
}

/// A chart's width: two columns and a gap per theme.
fn chart_width(fw: &Framework) -> usize {
    fw.themes.len() * 3
}

fn pad(s: &str, width: usize) -> String {
    let cut = text::truncate(s, width);
    let fill = width.saturating_sub(text::width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

fn header(fw: &Framework, title_width: usize, widths: &[usize]) -> Line<'static> {
    let mut spans = vec![Span::styled(pad("Theme", title_width), style::heading())];
    let words = fw
        .stages
        .iter()
        .map(|s| s.name.split_whitespace().next().unwrap_or_default())
        .chain(["All"]);
    for (word, width) in words.zip(widths) {
        spans.push(Span::styled(
            format!(" {}", pad(word, width - 1)),
            style::heading(),
        ));
    }
    Line::from(spans)
}

/// The arrow of a cell against the previous review: ↑, ↓, =, `*` for a
/// first level, or a space.
fn arrow(cell: &Cell) -> (&'static str, Style) {
    match (cell.before.and_then(|b| b.mean_tenths()), cell.now.mean_tenths()) {
        (Some(b), Some(n)) if n > b => ("↑", style::ok()),
        (Some(b), Some(n)) if n < b => ("↓", style::flag()),
        (Some(_), Some(_)) => ("=", style::dim()),
        (None, Some(_)) if cell.before.is_some() => ("*", style::ok()),
        _ => (" ", Style::new()),
    }
}

fn cells_line(
    name: &str,
    cells: &[Cell],
    title_width: usize,
    widths: &[usize],
    full: bool,
    name_style: Style,
) -> Line<'static> {
    let mut spans = vec![Span::styled(pad(name, title_width), name_style)];
    for (cell, width) in cells.iter().zip(widths) {
        let mean = cell.now.mean_tenths();
        let (mark, mark_style) = arrow(cell);
        spans.push(Span::raw(" "));
        spans.push(match mean {
            Some(m) => Span::styled(tenths(m), style::current_level()),
            None => Span::styled(" – ", style::dim()),
        });
        spans.push(Span::styled(mark, mark_style));
        if full {
            spans.push(Span::styled(
                format!(" {}", pad(&count(cell), width - COMPACT_CELL - 1)),
                style::dim(),
            ));
        }
    }
    Line::from(spans)
}

/// The legend's first line (the cells) or second (the charts and keys).
fn legend(
    keys: &Keymap,
    previous: Option<&str>,
    full: bool,
    second: bool,
    width: usize,
) -> Line<'static> {
    let text = if second {
        let before = previous.map_or(String::new(), |p| format!(", ░ \"{p}\""));
        keys.fill(
            Mode::Summary,
            &format!("Bars: █ this review{before}. {{WritePack}}: write the pack · {{Whose}}: whose levels"),
        )
    } else {
        let counts = if full { ", rated/total" } else { "" };
        match previous {
            Some(p) => format!("Mean level{counts}; ↑ ↓ = since \"{p}\", * first rated"),
            None => format!("Mean level{counts}; the first review, nothing before it"),
        }
    };
    Line::from(Span::styled(
        text::truncate(&text, width).into_owned(),
        style::dim(),
    ))
}

/// One stage's chart in `area`: its name, a pair of bars per theme (the
/// previous review's `░` behind, this one's `█` beside it), the theme
/// numbers under them.
fn chart(fw: &Framework, view: &SummaryView, stage: usize, name: &str, area: Rect, buf: &mut Buffer) {
    if area.height < 3 || area.width == 0 {
        return;
    }
    let title = Line::from(Span::styled(
        text::truncate(name, usize::from(area.width)).into_owned(),
        style::heading(),
    ));
    paint::put_line(buf, Rect::new(area.x, area.y, area.width, 1), &title);
    let bars = usize::from(area.height) - 2;
    let max = i64::from(fw.max_level().max(1)) * 10;
    let eighths = ["", "▁", "▂", "▃", "▄", "▅", "▆", "▇"];
    let bottom = area.y + area.height - 1;
    for (t, row) in view.grid.rows.iter().enumerate() {
        let x = area.x + (t * 3) as u16;
        if x + 1 >= area.right() {
            break;
        }
        let cell = &row[stage];
        // Bar heights in eighths of a row.
        let height = |tenths: Option<i64>| {
            tenths.map_or(0, |v| {
                usize::try_from((v.clamp(0, max) * bars as i64 * 8 + max / 2) / max).unwrap_or(0)
            })
        };
        let before = height(cell.before.and_then(|b| b.mean_tenths())).div_ceil(8);
        let now = height(cell.now.mean_tenths());
        for r in 0..bars {
            let y = bottom - 1 - r as u16;
            if r < before
                && let Some(c) = buf.cell_mut((x, y))
            {
                c.set_symbol("░").set_style(style::dim());
            }
            let fill = now.saturating_sub(r * 8).min(8);
            if fill > 0
                && let Some(c) = buf.cell_mut((x + 1, y))
            {
                c.set_symbol(if fill == 8 { "█" } else { eighths[fill] })
                    .set_style(style::current_level());
            }
        }
        let label = (t + 1).to_string();
        buf.set_string(x, bottom, &label, style::dim());
    }
}
