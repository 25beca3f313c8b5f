//! The compare view: progress since the review before, theme by stage, then
//! each standard and stage that was rated. Only the rows on screen are built.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::CompareView;
use crate::app::Workspace;
use crate::ui::{paint, style, text};
use crate::keys::{Action, Keymap, Mode};
use crate::model::compare::{Change, TallyChange};

pub(super) fn render(ws: &Workspace, keys: &Keymap, view: &CompareView, area: Rect, buf: &mut Buffer) {
    let filter = keys.fill(Mode::Compare, "{ChangedOnly}");
    let back = keys
        .either(Mode::Compare, &Action::Back, 2)
        .unwrap_or_default();
    let title = format!(
        " \"{}\" compared with \"{}\" · {filter}: {} · {back}: back ",
        ws.review().title,
        view.previous,
        if view.changed_only {
            "show all"
        } else {
            "only changes"
        }
    );
    let inner = paint::panel(area, &title, style::focus_border(), buf);
    let summary = summary_len(ws, view);
    let total = summary + 2 + view.shown.len().max(1);
    let height = usize::from(inner.height);
    let first = view.scroll.min(total.saturating_sub(height));
    for row in 0..height.min(total - first) {
        let i = first + row;
        let line = if i < summary {
            summary_line(ws, view, i, usize::from(inner.width))
        } else if i == summary {
            Line::default()
        } else if i == summary + 1 {
            Line::from(Span::styled(
                if inner.width >= FULL as u16 {
                    format!("{:<10} {:<13} {:>2}   {:<2}  standard", "stage", "change", "was", "now")
                } else {
                    format!("{:<9} {:<8} {} standard", "stage", "change", "was→now")
                },
                style::heading(),
            ))
        } else {
            pair_line(ws, view, i - summary - 2, usize::from(inner.width))
        };
        line.render(
            Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
            buf,
        );
    }
}

/// Lines of the theme-by-stage part: a heading, per theme a title, its stages and all stages, and the total.
fn summary_len(ws: &Workspace, view: &CompareView) -> usize {
    let fw = ws.framework();
    1 + view.themes.len() * (fw.stages.len() + 2) + 1
}

/// The widest a full summary line is; narrower, a compact one is drawn.
const FULL: usize = 72;

fn summary_line(ws: &Workspace, view: &CompareView, i: usize, width: usize) -> Line<'static> {
    let fw = ws.framework();
    if i == 0 {
        return Line::from(Span::styled(
            if width >= FULL {
                format!(
                    "{:<30} {:>12} {:>8} {:>15} {:>8}",
                    "Theme and stage", "rated", "change", "mean level", "change"
                )
            } else {
                let label = width.saturating_sub(COMPACT);
                format!("{:<label$} {:>7} {:>9}", "Theme and stage", "rated", "mean")
            },
            style::heading(),
        ));
    }
    let tally_line = |label: String, t: &TallyChange, label_style: Style| {
        if width >= FULL {
            tally_line(label, t, label_style)
        } else {
            compact_tally_line(label, t, label_style, width)
        }
    };
    let per_theme = fw.stages.len() + 2;
    let k = i - 1;
    if k / per_theme >= view.themes.len() {
        return tally_line(
            "All themes, all stages".into(),
            &view.comparison.total,
            style::heading(),
        );
    }
    let theme = &view.comparison.themes[view.themes[k / per_theme]];
    match k % per_theme {
        0 => Line::from(Span::styled(
            fw.themes[theme.theme].title.clone(),
            style::heading(),
        )),
        s if s <= fw.stages.len() => tally_line(
            format!("  {}", fw.stages[s - 1].name),
            &theme.stages[s - 1],
            Style::new(),
        ),
        _ => tally_line("  All stages".into(), &theme.total, style::dim()),
    }
}

/// A mean level in tenths as "3.5", or "–" for none.
fn mean(tenths: Option<i64>) -> String {
    tenths
        .map(|v| format!("{}.{}", v / 10, v % 10))
        .unwrap_or_else(|| "–".into())
}

/// Green up, red down, dim for no change.
fn change_style(change: i64) -> Style {
    match change.signum() {
        1 => style::ok(),
        -1 => style::error(),
        _ => style::dim(),
    }
}

/// Columns a compact line takes besides its label: " 12→14" and " 2.5→3.0".
const COMPACT: usize = 1 + 7 + 1 + 9;

/// A tally for a narrow screen: the label, then rated and mean before →
/// now, each coloured by which way it went.
fn compact_tally_line(label: String, t: &TallyChange, label_style: Style, width: usize) -> Line<'static> {
    let room = width.saturating_sub(COMPACT);
    Line::from(vec![
        Span::styled(
            format!("{:<room$}", text::truncate(&label, room)),
            label_style,
        ),
        Span::styled(
            format!(" {:>7}", format!("{}→{}", t.previous.rated, t.current.rated)),
            change_style(t.rated_change()),
        ),
        Span::styled(
            format!(
                " {:>9}",
                format!(
                    "{}→{}",
                    mean(t.previous.mean_tenths()),
                    mean(t.current.mean_tenths())
                )
            ),
            change_style(t.mean_change_tenths().unwrap_or(0)),
        ),
    ])
}

fn tally_line(label: String, t: &TallyChange, label_style: Style) -> Line<'static> {
    let rated = t.rated_change();
    let mean_change = t.mean_change_tenths();
    let signed = |v: i64| {
        if v > 0 {
            format!("+{v}")
        } else {
            v.to_string()
        }
    };
    Line::from(vec![
        Span::styled(format!("{:<30}", text::truncate(&label, 30)), label_style),
        Span::raw(format!(" {:>5} → {:<5}", t.previous.rated, t.current.rated)),
        Span::styled(format!(" {:>6}", signed(rated)), change_style(rated)),
        Span::raw(format!(
            "  {:>5} → {:<5}",
            mean(t.previous.mean_tenths()),
            mean(t.current.mean_tenths())
        )),
        Span::styled(
            format!(
                " {:>6}",
                mean_change
                    .map(|v| if v > 0 {
                        format!("+{}.{}", v / 10, v % 10)
                    } else if v < 0 {
                        format!("-{}.{}", -v / 10, -v % 10)
                    } else {
                        "0".into()
                    })
                    .unwrap_or_else(|| "–".into())
            ),
            change_style(mean_change.unwrap_or(0)),
        ),
    ])
}

fn pair_line(ws: &Workspace, view: &CompareView, i: usize, width: usize) -> Line<'static> {
    let Some(p) = view.shown.get(i).map(|&k| &view.comparison.pairs[k]) else {
        return Line::from(Span::styled(
            "Nothing changed since the review before.",
            style::dim(),
        ));
    };
    let fw = ws.framework();
    let standard = &fw.themes[p.theme].standards[p.standard];
    let stage = &fw.stages[p.stage];
    let (change, change_style) = match p.change {
        Change::Up(n) => (format!("up {n}"), style::ok()),
        Change::Down(n) => (format!("down {n}"), style::error()),
        Change::New => ("new".into(), style::ok()),
        Change::Same if p.carried => ("same, carried".into(), style::dim()),
        other => (other.label(), style::dim()),
    };
    // The stage (its first word) and the change first, so they show at
    // any width; the levels; then the standard's words in the rest.
    let stage_word = stage.name.split(' ').next().unwrap_or(&stage.name);
    let head = if width >= FULL {
        format!(
            "{:<10} {:<13} {:>2} → {:<2}  ",
            text::truncate(stage_word, 10),
            change,
            p.previous.glyph(),
            p.current.glyph()
        )
    } else {
        // Narrow: shorter columns, so the standard's words keep some room.
        format!(
            "{:<9} {:<8} {}→{} ",
            text::truncate(stage_word, 9),
            text::truncate(change.trim_start_matches("same, "), 8),
            p.previous.glyph(),
            p.current.glyph()
        )
    };
    let room = width.saturating_sub(text::width(&head));
    Line::from(vec![
        Span::styled(head, change_style),
        Span::raw(text::truncate(&standard.text, room).into_owned()),
    ])
}
