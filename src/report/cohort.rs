//! The cohort view written out: text for a terminal, Markdown, HTML (a
//! minijinja template with inline SVG, as the appraisal pack), the long
//! CSV (one row per person, review, standard and stage) and JSON.
//!
//! Every figure comes from a [`CohortReport`], where anything drawn from
//! fewer than the smallest group is already `None`: nothing here can
//! show what the model left out. Names, review titles and offer titles
//! come from files; they are escaped for each format.

use serde::Serialize;

use super::chart::xml;
use super::csv::push_row;
use super::render::{cell as md_cell, md};
use crate::model::cohort::{Cell, CohortPerson, CohortReport, Pairs, UNRATED, decode};
use crate::model::{Framework, Rating};

/// The ways to write a cohort view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CohortFormat {
    /// Plain text, for a terminal or a pipe
    Text,
    /// Markdown
    Md,
    /// One self-contained HTML file with charts, to open in a browser and print
    Html,
    /// Long form: one row per person, review, standard and stage, for a
    /// spreadsheet, pandas or DuckDB
    Csv,
    /// The figures as JSON, for scripts
    Json,
}

/// A file not used, for the written view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub why: String,
}

/// Everything a cohort view shows: one report per framework, the files
/// skipped, how many files were read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortView {
    pub groups: Vec<CohortReport>,
    pub files: usize,
    pub skipped: Vec<SkippedFile>,
    pub min_group: usize,
    pub prepared: String,
}

/// "3.5" or "–".
fn num(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{v:.1}"))
}

/// A standard's wording to its first 60 characters, "…" where cut.
fn short(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_owned(),
    }
}

/// A mean change: "+0.4", "-0.2", "0.0" (never "-0.0").
pub fn change(value: f64) -> String {
    if value.abs() < 0.05 {
        "0.0".into()
    } else {
        format!("{value:+.1}")
    }
}

/// "40%" or "–".
fn pct(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{:.0}%", v * 100.0))
}

fn people(n: Option<usize>, min_group: usize) -> String {
    n.map_or_else(|| format!("fewer than {min_group}"), |n| n.to_string())
}

/// A cell in a few characters: "3.0 · 40% top two · 18 rated", or why not.
pub fn cell_text(cell: &Cell, min_group: usize) -> String {
    if cell.suppressed {
        format!("– (fewer than {min_group})")
    } else {
        format!(
            "{} · {} top two · {} rated",
            num(cell.median),
            pct(cell.top_two),
            cell.people.unwrap_or(0)
        )
    }
}

/// "1:2 2:5 3:10 4:8 5:3 n/a:1".
pub fn distribution_text(cell: &Cell) -> String {
    let mut parts: Vec<String> = cell
        .counts
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}:{c}", i + 1))
        .collect();
    if cell.not_applicable > 0 {
        parts.push(format!("n/a:{}", cell.not_applicable));
    }
    parts.join(" ")
}

/// Text (`markdown` false) or Markdown.
pub fn text(view: &CohortView, markdown: bool) -> String {
    let esc = |s: &str| if markdown { md(s) } else { s.to_owned() };
    let tc = |s: &str| if markdown { md_cell(s) } else { s.to_owned() };
    let h = |level: usize, s: &str| {
        if markdown {
            format!("{} {}\n\n", "#".repeat(level), s)
        } else if level == 1 {
            format!("{s}\n{}\n\n", "=".repeat(s.chars().count()))
        } else {
            format!("{s}\n{}\n", "-".repeat(s.chars().count()))
        }
    };
    let mut out = String::new();
    out.push_str(&h(1, "Cohort view"));
    out.push_str(&format!(
        "Prepared {} from {} file{}; {} skipped. Levels only: no notes of any kind. \
         A figure from fewer than {} people is left out (–), so no one can be singled out. \
         Levels are each person's latest review; counts are of levels given (each person \
         rates several standards).\n\n",
        view.prepared,
        view.files,
        if view.files == 1 { "" } else { "s" },
        view.skipped.len(),
        view.min_group
    ));
    if view.groups.is_empty() {
        out.push_str("No cohort shares or assessments were read.\n\n");
    }
    for g in &view.groups {
        out.push_str(&h(
            2,
            &format!(
                "{} ({}, version {})",
                esc(&g.framework),
                g.framework_id,
                esc(&g.version)
            ),
        ));
        out.push_str(&format!(
            "{} {}, {} review{}.\n",
            g.people,
            if g.people == 1 { "person" } else { "people" },
            g.reviews,
            if g.reviews == 1 { "" } else { "s" }
        ));
        if g.people < g.min_group {
            out.push_str(&format!(
                "Fewer than {} people: no figure can be shown without singling someone out.\n",
                g.min_group
            ));
        }
        let roles: Vec<String> = g
            .role_levels
            .iter()
            .filter(|c| c.people != Some(0))
            .map(|c| format!("{} {}", c.label, people(c.people, g.min_group)))
            .collect();
        out.push_str(&format!("Role levels: {}.\n\n", roles.join(", ")));

        out.push_str(&h(
            3,
            "Levels by theme and stage: median, share at the top two levels, people who rated it",
        ));
        if markdown {
            out.push_str(&format!(
                "| Theme | {} |\n",
                g.stages
                    .iter()
                    .map(|s| md_cell(s))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
            out.push_str(&format!("|---|{}\n", "---|".repeat(g.stages.len())));
        }
        for theme in &g.themes {
            let cells: Vec<String> = theme
                .cells
                .iter()
                .map(|c| cell_text(c, g.min_group))
                .collect();
            if markdown {
                out.push_str(&format!(
                    "| {} | {} |\n",
                    tc(&theme.title),
                    cells.join(" | ")
                ));
            } else {
                out.push_str(&format!("{}\n", theme.title));
                for (stage, c) in g.stages.iter().zip(&cells) {
                    out.push_str(&format!("  {stage}: {c}\n"));
                }
            }
        }
        out.push('\n');
        out.push_str(&h(
            3,
            &format!("Distribution of levels given ({})", g.levels.join(", ")),
        ));
        for theme in &g.themes {
            for (stage, c) in g.stages.iter().zip(&theme.cells) {
                if c.suppressed {
                    continue;
                }
                out.push_str(&format!(
                    "{} {}, {stage}: {}\n",
                    if markdown { "-" } else { " " },
                    esc(&theme.title),
                    distribution_text(c)
                ));
            }
        }
        out.push('\n');
        out.push_str(&h(3, "Standards by stage"));
        for theme in &g.themes {
            out.push_str(&format!(
                "{}\n",
                if markdown {
                    format!("**{}**\n", md(&theme.title))
                } else {
                    theme.title.clone()
                }
            ));
            for standard in &theme.standards {
                for (stage, c) in g.stages.iter().zip(&standard.cells) {
                    if let Some(c) = c {
                        out.push_str(&format!(
                            "{} {} ({}) {stage}: {}{}\n",
                            if markdown { "-" } else { " " },
                            standard.id,
                            esc(&short(&standard.text)),
                            cell_text(c, g.min_group),
                            if c.suppressed {
                                String::new()
                            } else {
                                format!(" ({})", distribution_text(c))
                            }
                        ));
                    }
                }
            }
            out.push('\n');
        }
        out.push_str(&h(3, "The most common development priorities"));
        let shown: Vec<_> = g.priorities.iter().filter(|p| p.people.is_some()).collect();
        if shown.is_empty() {
            out.push_str(&format!("None shared by {} people or more.\n", g.min_group));
        }
        for p in &shown {
            out.push_str(&format!(
                "{} {}, {}: {} people\n",
                if markdown { "-" } else { " " },
                esc(&p.theme),
                p.stage,
                p.people.unwrap_or(0)
            ));
        }
        let hidden = g.priorities.len() - shown.len();
        if hidden > 0 {
            out.push_str(&format!(
                "({hidden} more, each shared by fewer than {} people, left out.)\n",
                g.min_group
            ));
        }
        out.push('\n');
        out.push_str(&h(
            3,
            "Offers that would serve the most people's priorities",
        ));
        let offers: Vec<_> = g
            .offers
            .iter()
            .filter(|o| o.people.is_some())
            .take(8)
            .collect();
        if offers.is_empty() {
            out.push_str(&format!(
                "None serves {} people's priorities or more.\n",
                g.min_group
            ));
        }
        for o in offers {
            out.push_str(&format!(
                "{} {} ({}, as of {}): {} people\n",
                if markdown { "-" } else { " " },
                esc(&o.title),
                esc(&o.provider),
                esc(&o.as_of),
                o.people.unwrap_or(0)
            ));
        }
        out.push('\n');
        out.push_str(&h(
            3,
            &format!(
                "Progress between each person's last two reviews ({} people with two or more)",
                g.paired
            ),
        ));
        for p in &g.progress {
            let line = match p.mean_change {
                Some(mean) => format!(
                    "{}, {}: mean change {} over {} people; {} up, {} the same, {} down",
                    esc(&p.theme),
                    p.stage,
                    change(mean),
                    p.people.unwrap_or(0),
                    p.up.unwrap_or(0),
                    p.same.unwrap_or(0),
                    p.down.unwrap_or(0)
                ),
                None => format!(
                    "{}, {}: – (fewer than {} people)",
                    esc(&p.theme),
                    p.stage,
                    g.min_group
                ),
            };
            out.push_str(&format!("{} {line}\n", if markdown { "-" } else { " " }));
        }
        out.push('\n');
        if let Some(names) = &g.names {
            out.push_str(&h(3, "People (each chose to give their name)"));
            let names: Vec<String> = names.iter().map(|n| esc(n)).collect();
            out.push_str(&format!("{}\n\n", names.join(", ")));
        }
    }
    if !view.skipped.is_empty() {
        out.push_str(&h(2, "Files skipped"));
        for s in &view.skipped {
            out.push_str(&format!(
                "{} {}: {}\n",
                if markdown { "-" } else { " " },
                esc(&s.path),
                esc(&s.why)
            ));
        }
    }
    out
}

/// The long CSV: one row per person, review, standard and stage rated.
/// A person with no random id (an assessment never shared) gets a number
/// for this file alone. Names only where every person gave theirs.
///
/// Written to `sink` person by person, so a thousand people's five
/// reviews (840,000 rows) never sit in memory at once.
///
/// The smallest-group rule holds here too: a framework's people are
/// written only when there are at least `min_group` of them, and a role
/// level only where at least `min_group` people share it (else blank).
pub fn csv(
    groups: &[(&Framework, &Pairs, &[CohortPerson], bool)],
    min_group: usize,
    guarded: bool,
    sink: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = String::new();
    push_row(
        &mut out,
        [
            "person",
            "name",
            "role_level",
            "framework",
            "framework_version",
            "review",
            "review_date",
            "theme",
            "standard",
            "stage",
            "level",
            "not_applicable",
        ],
        guarded,
    );
    let mut unshared = 0;
    for (framework, pairs, people, named) in groups {
        if people.len() < min_group {
            continue;
        }
        let level_count = |level: Option<crate::model::share::RoleLevel>| {
            people.iter().filter(|p| p.role_level == level).count()
        };
        for person in people.iter() {
            let id = match person.key.strip_prefix("id:") {
                Some(id) => id.to_owned(),
                None => {
                    unshared += 1;
                    format!("unshared-{unshared}")
                }
            };
            let name = if *named {
                person.name.clone().unwrap_or_default()
            } else {
                String::new()
            };
            let role = match person.role_level {
                Some(l) if level_count(Some(l)) >= min_group => l.id(),
                _ => "",
            };
            for review in &person.reviews {
                let date = review.date.to_string();
                for (i, &byte) in review.levels.iter().enumerate() {
                    if byte == UNRATED {
                        continue;
                    }
                    let (t, _, standard, stage) = &pairs.pairs[i];
                    let (level, na) = match decode(byte) {
                        Rating::Level(n) => (n.to_string(), "no"),
                        _ => (String::new(), "yes"),
                    };
                    push_row(
                        &mut out,
                        [
                            id.as_str(),
                            name.as_str(),
                            role,
                            framework.id.as_str(),
                            framework.version.as_str(),
                            review.title.as_str(),
                            date.as_str(),
                            framework.themes[*t].id.as_str(),
                            standard.as_str(),
                            stage.as_str(),
                            level.as_str(),
                            na,
                        ],
                        guarded,
                    );
                }
            }
            sink.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    sink.write_all(out.as_bytes())?;
    sink.flush()
}

/// A horizontal bar of a cell's distribution, one segment per level,
/// darker for higher levels, with a text alternative.
pub fn distribution_svg(cell: &Cell, label: &str) -> String {
    const WIDTH: f64 = 160.0;
    const HEIGHT: f64 = 14.0;
    let total: usize = cell.counts.iter().sum::<usize>() + cell.not_applicable;
    let shades = [
        "#f1f5fb", "#d5e2f3", "#a9c4e6", "#5e8fcb", "#1d4f91", "#0b2a55",
    ];
    let mut svg = format!(
        "<svg role=\"img\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
         <title>{}</title>",
        xml(&format!("{label}: {}", distribution_text(cell)))
    );
    if total == 0 {
        svg.push_str("</svg>");
        return svg;
    }
    let mut x = 0.0;
    let n = cell.counts.len().max(1);
    for (i, &c) in cell.counts.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let w = WIDTH * c as f64 / total as f64;
        let shade = shades[(i * (shades.len() - 1)) / (n - 1).max(1)];
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"{HEIGHT}\" fill=\"{shade}\" \
             stroke=\"#555\" stroke-width=\"0.5\"/>"
        ));
        x += w;
    }
    if cell.not_applicable > 0 {
        let w = WIDTH * cell.not_applicable as f64 / total as f64;
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"{HEIGHT}\" fill=\"#ddd\" \
             stroke=\"#555\" stroke-width=\"0.5\" stroke-dasharray=\"2 1\"/>"
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// What the HTML template is given: the view, and each cell's chart.
#[derive(Serialize)]
struct HtmlContext<'a> {
    view: &'a CohortView,
    /// Per group, per theme, per stage: the chart, empty when suppressed.
    charts: Vec<Vec<Vec<String>>>,
}

/// The HTML view, through the built-in template or `custom` (text and origin).
pub fn html(view: &CohortView, custom: Option<(&str, &str)>) -> Result<String, String> {
    let charts = view
        .groups
        .iter()
        .map(|g| {
            g.themes
                .iter()
                .map(|t| {
                    t.cells
                        .iter()
                        .zip(&g.stages)
                        .map(|(c, stage)| {
                            if c.suppressed {
                                String::new()
                            } else {
                                distribution_svg(c, &format!("{}, {stage}", t.title))
                            }
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let context = HtmlContext { view, charts };
    super::render::render_value(
        "cohort.html",
        include_str!("templates/cohort.html.j2"),
        custom,
        minijinja::Value::from_serialize(&context),
    )
}
