//! Drawing the cohort screen: it only reads the report. The lines are
//! laid out for the width, and only those in view are drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::CohortScreen;
use crate::app::App;
use crate::app::View;
use crate::app::status::fit_hints;
use crate::model::cohort::{Cell, CohortReport};
use crate::ui::{style, text};

/// "2.5 25% 20" in `width` columns, or less where it does not fit;
/// "–" for a figure from too few people.
fn cell_text(cell: &Cell, width: usize, min: usize) -> String {
    if cell.suppressed {
        let note = format!("– <{min}");
        return if text::width(&note) <= width {
            note
        } else {
            "–".into()
        };
    }
    let median = cell.median.map_or("–".into(), |m| format!("{m:.1}"));
    let top = cell
        .top_two
        .map_or("–".into(), |t| format!("{:.0}%", t * 100.0));
    let people = cell.people.unwrap_or(0);
    let full = format!("{median} {top} {people}");
    if text::width(&full) <= width {
        return full;
    }
    let short = format!("{median} {top}");
    if text::width(&short) <= width {
        return short;
    }
    median
}

fn pad(s: &str, width: usize) -> String {
    let cut = text::truncate(s, width).into_owned();
    let w = text::width(&cut);
    format!("{cut}{}", " ".repeat(width.saturating_sub(w)))
}

/// The table's columns: the name's width and each stage's.
fn columns(width: usize, stages: usize) -> (usize, usize) {
    let stages = stages.max(1);
    let cell = ((width.saturating_sub(12)) / stages).clamp(3, 14);
    let name = width.saturating_sub(cell * stages + 1).max(6);
    (name, cell)
}

/// One table row: a name and a cell per stage.
fn row<'a>(name: &str, cells: Vec<String>, width: usize, selected: bool) -> Line<'a> {
    let (name_w, cell_w) = columns(width, cells.len());
    let mark = if selected { "▸" } else { " " };
    let mut spans = vec![Span::styled(
        format!("{mark}{}", pad(name, name_w.saturating_sub(1))),
        if selected {
            style::selected()
        } else {
            Style::default()
        },
    )];
    for c in cells {
        let dim = c.starts_with('–');
        spans.push(Span::styled(
            format!(" {}", pad(&c, cell_w.saturating_sub(1))),
            if dim { style::dim() } else { Style::default() },
        ));
    }
    Line::from(spans)
}

/// Every line of the screen, and the line with focus.
fn lines<'a>(s: &CohortScreen, g: &CohortReport, width: usize) -> (Vec<Line<'a>>, usize) {
    let mut out: Vec<Line> = Vec::new();
    let mut focus = 0;
    let plain = |t: String| Line::from(t);
    let dim = |t: String| Line::from(Span::styled(t, style::dim()));
    let heading = |t: String| Line::from(Span::styled(t, style::heading()));
    let (_, cell_w) = columns(width, g.stages.len());
    // A stage's name, else its last word ("judgement"), where it does not fit.
    let head: Vec<String> = g
        .stages
        .iter()
        .map(|st| {
            if text::width(st) < cell_w {
                st.clone()
            } else {
                st.rsplit(' ').next().unwrap_or(st).to_owned()
            }
        })
        .collect();
    let min = g.min_group;
    let suppressed_note = format!("– under {min} people: left out");
    match s
        .drilled
        .and_then(|t| g.themes.get(t).map(|theme| (t, theme)))
    {
        None => {
            out.push(dim(format!(
                "{} people, {} reviews · median, top-two %, people rating · – under {min}",
                g.people, g.reviews
            )));
            out.push(row("Theme", head, width, false).style(style::heading()));
            for (t, theme) in g.themes.iter().enumerate() {
                if t == s.theme {
                    focus = out.len();
                }
                let cells = theme
                    .cells
                    .iter()
                    .map(|c| cell_text(c, cell_w.saturating_sub(1), min))
                    .collect();
                out.push(row(&theme.title, cells, width, t == s.theme));
            }
            out.push(plain(String::new()));
            if let Some(theme) = g.themes.get(s.theme) {
                out.push(heading(format!("{}: levels given", theme.title)));
                for (stage, c) in g.stages.iter().zip(&theme.cells) {
                    out.push(plain(format!(
                        "  {stage}: {}",
                        if c.suppressed {
                            suppressed_note.clone()
                        } else {
                            crate::report::cohort::distribution_text(c)
                        }
                    )));
                }
                out.push(plain(String::new()));
            }
            out.push(heading("Most common priorities".into()));
            let shown: Vec<_> = g
                .priorities
                .iter()
                .filter(|p| p.people.is_some())
                .take(5)
                .collect();
            if shown.is_empty() {
                out.push(dim(format!("  none shared by {min} people or more")));
            }
            for p in shown {
                out.push(plain(format!(
                    "  {}, {}: {} people",
                    p.theme,
                    p.stage,
                    p.people.unwrap_or(0)
                )));
            }
            out.push(heading(
                "Offers serving the most people's priorities".into(),
            ));
            let offers: Vec<_> = g
                .offers
                .iter()
                .filter(|o| o.people.is_some())
                .take(5)
                .collect();
            if offers.is_empty() {
                out.push(dim(format!("  none serves {min} people or more")));
            }
            for o in offers {
                out.push(plain(format!(
                    "  {} ({}): {} people",
                    o.title,
                    o.provider,
                    o.people.unwrap_or(0)
                )));
            }
            out.push(heading(format!(
                "Progress: {} with two reviews or more",
                g.paired
            )));
            let moved: Vec<_> = g
                .progress
                .iter()
                .filter(|p| p.mean_change.is_some())
                .collect();
            if moved.is_empty() {
                out.push(dim(format!("  {suppressed_note}")));
            }
            for p in moved {
                out.push(plain(format!(
                    "  {}, {}: {} ({} up, {} same, {} down)",
                    p.theme,
                    p.stage,
                    crate::report::cohort::change(p.mean_change.unwrap_or(0.0)),
                    p.up.unwrap_or(0),
                    p.same.unwrap_or(0),
                    p.down.unwrap_or(0)
                )));
            }
            if let Some(names) = &g.names {
                out.push(heading("People (each gave their name)".into()));
                out.push(plain(format!("  {}", names.join(", "))));
            }
        }
        Some((_, theme)) => {
            out.push(dim(format!(
                "{}: each standard · median, top-two share, people rating",
                theme.title
            )));
            out.push(row("Standard", head, width, false).style(style::heading()));
            for (i, standard) in theme.standards.iter().enumerate() {
                if i == s.standard {
                    focus = out.len();
                }
                let cells = standard
                    .cells
                    .iter()
                    .map(|c| match c {
                        Some(c) => cell_text(c, cell_w.saturating_sub(1), min),
                        None => "·".into(),
                    })
                    .collect();
                out.push(row(
                    &format!("{} {}", standard.id, standard.text),
                    cells,
                    width,
                    i == s.standard,
                ));
            }
            out.push(plain(String::new()));
            if let Some(standard) = theme.standards.get(s.standard) {
                out.push(heading(standard.id.clone()));
                out.push(plain(format!("  {}", standard.text)));
                for (stage, c) in g.stages.iter().zip(&standard.cells) {
                    let what = match c {
                        None => "not assessed at this stage".into(),
                        Some(c) if c.suppressed => suppressed_note.clone(),
                        Some(c) => format!(
                            "{} · median {} · {}",
                            crate::report::cohort::distribution_text(c),
                            c.median.map_or("–".into(), |m| format!("{m:.1}")),
                            c.people.unwrap_or(0)
                        ),
                    };
                    out.push(plain(format!("  {stage}: {what}")));
                }
            }
        }
    }
    (out, focus)
}

/// How many lines the screen has to show at `width`: for paging.
pub(super) fn line_count(s: &CohortScreen, width: usize) -> usize {
    all_lines(s, width).0.len()
}

/// The lines of the body, the skipped files after them, and the focus.
fn all_lines<'a>(s: &CohortScreen, width: usize) -> (Vec<Line<'a>>, usize) {
    let (mut all, focus) = match s.view.groups.get(s.group) {
        Some(g) => lines(s, g, width),
        None => (Vec::new(), 0),
    };
    if !s.view.skipped.is_empty() && s.drilled.is_none() {
        all.push(Line::from(Span::styled("Files skipped", style::heading())));
        for skip in &s.view.skipped {
            let name = std::path::Path::new(&skip.path)
                .file_name()
                .map_or(skip.path.clone(), |n| n.to_string_lossy().into_owned());
            all.push(Line::from(format!("  {name}: {}", skip.why)));
        }
    }
    // Text too wide for the screen goes on over more lines (the table's
    // rows, of several spans, are cut to fit instead).
    let mut wrapped = Vec::with_capacity(all.len());
    let mut new_focus = 0;
    for (i, line) in all.into_iter().enumerate() {
        if i == focus {
            new_focus = wrapped.len();
        }
        if line.spans.len() == 1 && text::width(&line.spans[0].content) > width && width > 12 {
            let style = line.spans[0].style;
            for (n, part) in wrap(&line.spans[0].content, width).into_iter().enumerate() {
                let part = if n == 0 { part } else { format!("    {part}") };
                wrapped.push(Line::from(Span::styled(part, style)));
            }
        } else {
            wrapped.push(line);
        }
    }
    (wrapped, new_focus)
}

/// `text` in pieces of at most `width` columns (less the indent of the
/// lines after the first), broken between words where it can be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    // An indented line stays indented.
    let body = text.trim_start_matches(' ');
    let indent = &text[..text.len() - body.len()];
    let width = width.saturating_sub(indent.len()).max(8);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in body.split(' ') {
        let room = if out.is_empty() { width } else { width - 4 };
        let with = text::width(&line) + usize::from(!line.is_empty()) + text::width(word);
        if !line.is_empty() && with > room {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    out.into_iter().map(|l| format!("{indent}{l}")).collect()
}

pub(super) fn render(s: &CohortScreen, app: &App, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let title = match s.view.groups.get(s.group) {
        Some(g) => format!(
            " Cohort · {} {}{} · {} files, {} skipped",
            if text::width(&g.framework) + 40 <= width {
                &g.framework
            } else {
                &g.framework_id
            },
            g.version,
            if s.view.groups.len() > 1 {
                format!(" ({} of {})", s.group + 1, s.view.groups.len())
            } else {
                String::new()
            },
            s.view.files,
            s.view.skipped.len(),
        ),
        None => format!(
            " Cohort · no shares or assessments read · {} skipped",
            s.view.skipped.len()
        ),
    };
    Line::from(Span::styled(
        text::truncate(&title, width).into_owned(),
        style::heading(),
    ))
    .render(Rect::new(area.x, area.y, area.width, 1), buf);
    let body = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    );
    let (all, focus) = all_lines(s, width);
    // The scroll as asked, kept where the focus shows and nothing past the end.
    let height = usize::from(body.height);
    let last_top = all.len().saturating_sub(height);
    let top = match s.scroll {
        Some(top) => top.min(last_top),
        None => (focus + 1).saturating_sub(height).min(last_top),
    };
    for (i, line) in all.iter().skip(top).take(height).enumerate() {
        let y = body.y + i as u16;
        let cut: Vec<Span> = {
            let mut left = width;
            line.spans
                .iter()
                .map(|span| {
                    let t = text::truncate(&span.content, left).into_owned();
                    left = left.saturating_sub(text::width(&t));
                    Span::styled(t, span.style)
                })
                .collect()
        };
        Line::from(cut)
            .style(line.style)
            .render(Rect::new(body.x, y, body.width, 1), buf);
    }
    let narrow = area.width < crate::ui::layout::NARROW;
    let hints = fit_hints(&s.hints(app, narrow), width.saturating_sub(1));
    let more = if top + height < all.len() {
        "↓ more · "
    } else {
        ""
    };
    Line::from(Span::styled(
        text::truncate(&format!(" {more}{hints}"), width).into_owned(),
        style::dim(),
    ))
    .render(
        Rect::new(
            area.x,
            area.y + area.height.saturating_sub(1),
            area.width,
            1,
        ),
        buf,
    );
}
