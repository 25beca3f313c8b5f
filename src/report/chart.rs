//! Charts of the appraisal pack, drawn by our code: an inline SVG per
//! stage (horizontal bars, one per theme, the previous review's bar drawn
//! behind the current one) and the same picture as lines of text for the
//! Markdown report. No script, no font, no external reference: the SVG
//! carries its own title and a text alternative.

use std::fmt::Write as _;

use super::pack::{ChartPart, GlanceRow};
use crate::model::Framework;

/// Escape text for XML (element content and quoted attributes).
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` cut to `most` characters, with "…" when cut.
fn cut(text: &str, most: usize) -> String {
    if text.chars().count() <= most {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(most.saturating_sub(1)).collect();
    out.push('…');
    out
}

const LABEL: u32 = 250;
const BARS: u32 = 330;
const ROW: u32 = 26;
const TOP: u32 = 8;

/// The chart of stage `stage` (index into `framework.stages`) from the
/// heat map's rows.
pub fn stage_chart(
    framework: &Framework,
    rows: &[GlanceRow],
    stage: usize,
    stage_name: &str,
    with_previous: bool,
) -> ChartPart {
    let max = u32::from(framework.max_level().max(1)) * 10;
    let title = format!("{stage_name}: mean level by theme");
    let id = format!("chart-{}", stage + 1);
    let height = TOP + ROW * u32::try_from(rows.len()).unwrap_or(u32::MAX / ROW / 2) + 30;
    let width = LABEL + BARS + 90;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" \
         height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{}</title>",
        xml(&title)
    );
    let mut alt = Vec::new();
    let mut bars = Vec::new();
    let name_width = rows
        .iter()
        .map(|r| cut(&r.theme, 32).chars().count())
        .max()
        .unwrap_or(0);
    // Grid: one line per level.
    for level in 0..=max / 10 {
        let x = LABEL + BARS * level * 10 / max;
        let bottom = height - 22;
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"{TOP}\" x2=\"{x}\" y2=\"{bottom}\" stroke=\"#d0d0d0\" \
             stroke-width=\"1\"/><text x=\"{x}\" y=\"{}\" font-size=\"11\" \
             text-anchor=\"middle\" fill=\"#444\">{level}</text>",
            bottom + 14
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + ROW * u32::try_from(i).unwrap_or(0);
        let cell = &row.cells[stage];
        let tenths = |t: Option<i64>| t.and_then(|t| u32::try_from(t).ok());
        let (now, before) = (tenths(cell.mean_tenths), tenths(cell.previous_tenths));
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\" fill=\"#111\">{}</text>",
            LABEL - 8,
            y + 17,
            xml(&cut(&row.theme, 36))
        );
        if with_previous && let Some(b) = before {
            let _ = write!(
                svg,
                "<rect x=\"{LABEL}\" y=\"{}\" width=\"{}\" height=\"20\" fill=\"#e6e6e6\" \
                 stroke=\"#888\" stroke-dasharray=\"3 2\"/>",
                y + 2,
                BARS * b.min(max) / max
            );
        }
        if let Some(n) = now {
            let _ = write!(
                svg,
                "<rect x=\"{LABEL}\" y=\"{}\" width=\"{}\" height=\"12\" fill=\"#1d4f91\"/>",
                y + 6,
                BARS * n.min(max) / max
            );
        }
        let label = match (&cell.mean, &cell.previous) {
            (m, _) if m.is_empty() => "not rated".to_owned(),
            (m, p) if with_previous && !p.is_empty() => format!("{m} (was {p})"),
            (m, _) => m.clone(),
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#111\">{}</text>",
            LABEL + BARS + 6,
            y + 17,
            xml(&label)
        );
        alt.push(format!("{}: {label}", row.theme));
        let width = 20usize;
        // Rounded to the nearest cell: 4.75 of 5 is 19 of 20, not all 20.
        let filled = now.map_or(0, |n| {
            (n.min(max) as usize * width + max as usize / 2) / max as usize
        });
        bars.push(format!(
            "{:<name_width$}  {}{}  {label}",
            cut(&row.theme, 32),
            "█".repeat(filled),
            "·".repeat(width - filled),
        ));
    }
    let alt = format!(
        "{title}, on a scale of 1 to {}{}. {}.",
        max / 10,
        if with_previous {
            ", the previous review behind each bar"
        } else {
            ""
        },
        alt.join("; ")
    );
    let _ = write!(svg, "<desc id=\"{id}-d\">{}</desc></svg>", xml(&alt));
    ChartPart {
        stage: stage_name.to_owned(),
        title,
        alt,
        svg,
        bars,
    }
}
