//! The detail pane: the selected item in full.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span, Text};

use super::super::marks::{
    Room, discuss_mark, highlight_lines, note_lines, origin_line, rating_label, scale_lines, stage_tabs,
};
use crate::app::{App, Node, Workspace, View};
use crate::ui::{paint, style, text};
use crate::keys::{Action, Keymap, Mode};
use crate::model::progress::theme_tally;
use crate::model::{Mark, Rating, Standard, Theme};

pub fn render(app: &App, ws: &Workspace, area: Rect, buf: &mut Buffer) {
    if let Some(editor) = &ws.editor {
        return editor.draw(app, area, buf);
    }
    let inner = area.inner(Margin::new(1, 1));
    let (title, text) = content(ws, &app.keymap, Room::of(inner, ws.detail_scroll));
    // It stops at its last line, whatever the scroll says (counted only
    // when scrolled: at the top, as most frames are, there is nothing to
    // stop).
    let scroll = match ws.detail_scroll {
        0 => 0,
        wanted => {
            let last = paint::rows(&text, inner.width).saturating_sub(usize::from(inner.height));
            wanted.min(u16::try_from(last).unwrap_or(u16::MAX))
        }
    };
    let inner = paint::panel(area, title, style::border(), buf);
    paint::wrapped(&text, inner, scroll, buf);
}

/// The furthest the detail scrolls in `area`: its last line at the bottom.
pub fn last_scroll(ws: &Workspace, keys: &Keymap, area: Rect) -> u16 {
    let inner = area.inner(Margin::new(1, 1));
    let (_, text) = content(ws, keys, Room::of(inner, u16::MAX));
    let rows = paint::rows(&text, inner.width);
    u16::try_from(rows.saturating_sub(usize::from(inner.height))).unwrap_or(u16::MAX)
}

/// The rating a click at (x, y) of the screen lands on, when the detail
/// of a standard shows its scale there: a level, or not applicable.
pub fn rating_at(ws: &Workspace, keys: &Keymap, area: Rect, x: u16, y: u16) -> Option<Rating> {
    let inner = area.inner(Margin::new(1, 1));
    if !matches!(ws.tree.selected(), Node::Standard { .. })
        || !inner.contains(ratatui::layout::Position::new(x, y))
    {
        return None;
    }
    let fw = ws.framework();
    let scroll = ws.detail_scroll.min(last_scroll(ws, keys, area));
    let target = usize::from(y - inner.y) + usize::from(scroll);
    let (_, text) = content(ws, keys, Room::of(inner, scroll));
    let na_key = keys
        .key(Mode::Browse, &Action::NotApplicable)
        .unwrap_or_else(|| "-".into());
    // Which scale line each line of the text is (a descriptor's rows
    // after the first belong to its level).
    let mut row = 0;
    let mut level: Option<Rating> = None;
    for line in &text.lines {
        let words: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let body = words.trim_start_matches(['▶', ' ']);
        let marker = words.starts_with('▶') || words.starts_with(' ');
        let here = fw.scale.levels.iter().find(|l| {
            marker && body.starts_with(&format!("{} {}", l.value, l.label))
        });
        level = match here {
            Some(l) => Some(Rating::Level(l.value)),
            None if marker && body.starts_with(&format!("{na_key} {}", fw.scale.not_applicable)) => {
                Some(Rating::NotApplicable)
            }
            // A descriptor's next row: indented, under its level.
            None if level.is_some() && words.starts_with("   ") => level,
            None => None,
        };
        let rows = paint::rows(&Text::from(line.clone()), inner.width);
        if target < row + rows {
            return level;
        }
        row += rows;
    }
    None
}

/// The detail of what is selected: its title and its text, notes cut to
/// what `room` could show.
fn content(ws: &Workspace, keys: &Keymap, room: Room) -> (&'static str, Text<'static>) {
    let (title, text) = match ws.tree.selected() {
        Node::Framework => (" Framework ", framework_text(ws, keys, room)),
        Node::Theme(t) => (
            " Theme ",
            theme_text(ws, keys, &ws.framework().themes[t], room),
        ),
        Node::Stage { theme, stage } => (" Stage ", stage_text(ws, theme, stage)),
        Node::Archived => (" Archived ", archived_text(ws)),
        Node::ArchivedItem(i) => (" Archived ", archived_item_text(ws, i)),
        Node::Standard { theme, standard } => {
            let t = &ws.framework().themes[theme];
            (
                " Standard ",
                standard_text(ws, keys, t, &t.standards[standard], room),
            )
        }
    };
    let text = match &ws.search {
        Some(found) if ws.is_match(ws.tree.selected()) => {
            Text::from(highlight_lines(text.lines, &found.query))
        }
        _ => text,
    };
    (title, text)
}

fn standard_text(
    ws: &Workspace,
    keys: &Keymap,
    theme: &Theme,
    standard: &Standard,
    room: Room,
) -> Text<'static> {
    let fw = ws.framework();
    let stage_index = ws.stage_for(standard);
    let stage = &fw.stages[stage_index];
    let mark = ws.review().mark(&standard.id, &stage.id);
    let rating = mark.map(|m| m.rating).unwrap_or_default();
    let mut lines = vec![
        Line::from(Span::styled(standard.text.clone(), style::heading())),
        origin_line(standard.origin),
        Line::default(),
        stage_tabs(ws, keys, Mode::Browse, standard, stage_index),
        Line::from(Span::styled(stage.description.clone(), style::dim())),
        Line::default(),
    ];
    // The words first: they matter most, and the scale is long.
    let private = mark.is_some_and(|m| m.private);
    let note_keys = if !ws.is_current() {
        // A closed review is only read: no keys to change it.
        keys.fill(
            Mode::Browse,
            "  (a closed review, read-only: {LaterReview} goes back to the current one)",
        )
    } else {
        keys.fill(
            Mode::Browse,
            if private {
                "  (private: hidden in session mode)  {EditNote}: edit  {TogglePrivate}: not \
                 private"
            } else {
                "  {EditNote}: edit  {TogglePrivate}: private"
            },
        )
    };
    lines.push(Line::from(vec![
        Span::styled("Note", style::heading()),
        Span::styled(note_keys, style::dim()),
    ]));
    match mark.map(|m| m.note.as_str()).filter(|n| !n.is_empty()) {
        Some(note) => lines.extend(note_lines(note, room)),
        None => lines.push(Line::from(Span::styled("No note yet.", style::dim()))),
    }
    if let Some(m) = mark {
        lines.extend(discussion_lines(ws, m, false, room));
    }
    lines.extend(archived_rater_lines(ws, &standard.id, &stage.id, room));
    lines.extend(plan_lines(ws, keys, &theme.id, &standard.id, &stage.id));
    lines.extend(earlier_lines(ws, &standard.id, &stage.id, false, room));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!("Rating at {}", stage.name.to_lowercase()),
        style::heading(),
    )));
    lines.extend(scale_lines(fw, keys, Mode::Browse, rating, room.width()));
    if mark.is_some_and(|m| m.carried) {
        lines.push(Line::from(Span::styled(
            " Carried forward from the last review: rate it again to confirm.",
            style::caveat(),
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled("Theme: ", style::dim()),
        Span::styled(theme.title.clone(), style::heading()),
    ]));
    lines.extend(theme_about(theme));
    Text::from(lines)
}

/// The plan's actions that develop this standard at this stage (linked to
/// it, its theme, or the stage), one line each.
pub fn plan_lines(
    ws: &Workspace,
    keys: &Keymap,
    theme: &str,
    standard: &str,
    stage: &str,
) -> Vec<Line<'static>> {
    let plan = &ws.doc.assessment.plan;
    let actions: Vec<_> = plan.actions_for(theme, standard, stage).collect();
    if actions.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::default(),
        Line::from(vec![
            Span::styled("In the plan", style::heading()),
            Span::styled(keys.fill(Mode::Browse, "  {Plan}: the plan"), style::dim()),
        ]),
    ];
    for a in actions {
        let due = a.due.map(|d| format!(", due {d}")).unwrap_or_default();
        lines.push(Line::from(format!(
            "A{} {} ({}{due})",
            a.id, a.action, a.status
        )));
    }
    lines
}

/// What raters since removed from the review recorded here: kept, and
/// shown apart from the comparison.
fn archived_rater_lines(
    ws: &Workspace,
    standard: &str,
    stage: &str,
    room: Room,
) -> Vec<Line<'static>> {
    let fw = ws.framework();
    let mut lines = Vec::new();
    for archived in &ws.review().archived_raters {
        let Some(view) = archived.views.get(standard).and_then(|v| v.get(stage)) else {
            continue;
        };
        if lines.is_empty() {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                "Archived raters (removed from this review)",
                style::heading(),
            )));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "  {:<26} {}",
                text::truncate(&archived.rater.display(), 26),
                rating_label(fw, view.rating)
            ),
            style::dim(),
        )));
        if !view.note.is_empty() {
            lines.extend(note_lines(&view.note, room).into_iter().map(|l| {
                let mut spans = vec![Span::raw("      ")];
                spans.extend(l.spans);
                Line::from(spans)
            }));
        }
    }
    lines
}

/// Other raters beside the self-rating (never averaged), the agreed level,
/// the session note and the next step.
pub fn discussion_lines(
    ws: &Workspace,
    mark: &Mark,
    shared: bool,
    room: Room,
) -> Vec<Line<'static>> {
    let fw = ws.framework();
    let review = ws.review();
    if review.raters.is_empty()
        && mark.agreed.is_none()
        && mark.session_note.is_empty()
        && mark.next_step.is_empty()
    {
        return Vec::new();
    }
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled("Side by side", style::heading())),
    ];
    lines.push(Line::from(format!(
        "  {:<26} {}",
        "Self",
        rating_label(fw, mark.rating)
    )));
    for rater in &review.raters {
        let view = mark.others.get(&rater.id);
        let rating = view.map(|v| v.rating).unwrap_or_default();
        let mut spans = vec![Span::raw(format!(
            "  {:<26} {}",
            text::truncate(&rater.display(), 26),
            rating_label(fw, rating)
        ))];
        if let Some(apart) = mark.apart(&rater.id).filter(|a| a.is_wide()) {
            spans.push(discuss_mark(apart, mark.has_agreed()));
        }
        lines.push(Line::from(spans));
        if let Some(note) = view.map(|v| v.note.as_str()).filter(|n| !n.is_empty()) {
            lines.extend(note_lines(note, room).into_iter().map(|l| {
                let mut spans = vec![Span::raw("      ")];
                spans.extend(l.spans);
                Line::from(spans)
            }));
        }
    }
    lines.push(Line::from(format!(
        "  {:<26} {}",
        "Agreed",
        mark.agreed
            .map(|r| rating_label(fw, r))
            .unwrap_or_else(|| "–".into())
    )));
    for (label, text) in [
        ("Session note", &mark.session_note),
        ("Next step", &mark.next_step),
    ] {
        if !text.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("  {label}"),
                style::heading(),
            )));
            lines.extend(note_lines(text, room).into_iter().map(|l| {
                let mut spans = vec![Span::raw("    ")];
                spans.extend(l.spans);
                Line::from(spans)
            }));
        }
    }
    let _ = shared;
    lines
}

/// What earlier reviews said of this standard at this stage.
pub fn earlier_lines(
    ws: &Workspace,
    standard: &str,
    stage: &str,
    shared: bool,
    room: Room,
) -> Vec<Line<'static>> {
    let fw = ws.framework();
    let unread = if ws.doc.earlier_loading() {
        Some("still being read…".to_owned())
    } else {
        ws.doc.earlier_failed().map(str::to_owned)
    };
    if let Some(why) = unread {
        return vec![
            Line::default(),
            Line::from(Span::styled("Earlier reviews", style::heading())),
            Line::from(Span::styled(format!("  {why}"), style::dim())),
        ];
    }
    let earlier = ws
        .doc
        .assessment
        .earlier_notes(ws.viewing, standard, stage, shared);
    if earlier.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled("Earlier reviews", style::heading())),
    ];
    for e in earlier {
        lines.push(Line::from(vec![
            Span::styled(format!("  {} ({}): ", e.title, e.date), style::dim()),
            Span::raw(rating_label(fw, e.rating)),
        ]));
        match e.note {
            Some(note) if !note.is_empty() => {
                lines.extend(note_lines(note, room).into_iter().map(|l| {
                    let mut spans = vec![Span::raw("    ")];
                    spans.extend(l.spans);
                    Line::from(spans)
                }))
            }
            Some(_) => {}
            None => lines.push(Line::from(Span::styled(
                "    (private note hidden)",
                style::dim(),
            ))),
        }
    }
    lines
}

fn theme_about(theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(theme.definition.clone())];
    if let Some(c) = theme.definition_origin.caveat() {
        lines.push(Line::from(Span::styled(
            format!("(definition: {c})"),
            style::caveat(),
        )));
    }
    if !theme.elements.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Elements", style::heading())));
        for e in &theme.elements {
            lines.push(Line::from(vec![
                Span::raw("• "),
                Span::styled(e.name.clone(), style::heading()),
                Span::raw(": "),
                Span::raw(e.description.clone()),
            ]));
        }
    }
    lines
}

fn theme_text(ws: &Workspace, keys: &Keymap, theme: &Theme, room: Room) -> Text<'static> {
    let fw = ws.framework();
    let mut lines = vec![Line::from(Span::styled(
        theme.title.clone(),
        style::heading(),
    ))];
    lines.extend(theme_about(theme));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Progress by stage",
        style::heading(),
    )));
    for stage in &fw.stages {
        let t = theme_tally(fw, ws.review(), theme, Some(&stage.id));
        let mean = t
            .mean()
            .map(|m| format!("mean {m:.1}"))
            .unwrap_or_else(|| "no levels yet".into());
        let row = format!("{:<22} {:>3}/{:<3} {}", stage.name, t.rated, t.total, mean);
        if text::width(&row) <= room.width() {
            lines.push(Line::from(row));
        } else {
            // Narrow: the stage on a line, its figures under it.
            lines.push(Line::from(stage.name.clone()));
            lines.push(Line::from(format!("  {}/{} · {mean}", t.rated, t.total)));
        }
    }
    lines.push(Line::default());
    let open = ws.tree.is_open(ws.tree.selected());
    let (action, does) = if open {
        (Action::Close, "closes")
    } else {
        (Action::Open, "opens")
    };
    lines.push(Line::from(Span::styled(
        match keys.either(Mode::Browse, &action, 2) {
            Some(key) => format!(
                "{} standards. {key} {does} the theme.",
                theme.standards.len()
            ),
            None => format!("{} standards.", theme.standards.len()),
        },
        style::dim(),
    )));
    Text::from(lines)
}

fn stage_text(ws: &Workspace, theme: usize, stage: usize) -> Text<'static> {
    let fw = ws.framework();
    let s = &fw.stages[stage];
    let t = &fw.themes[theme];
    let tally = theme_tally(fw, ws.review(), t, Some(&s.id));
    let mut lines = vec![
        Line::from(Span::styled(s.name.clone(), style::heading())),
        Line::from(s.description.clone()),
        Line::default(),
        Line::from(format!(
            "{} of {} rated in {}",
            tally.rated, tally.total, t.title
        )),
    ];
    if let Some(m) = tally.mean() {
        lines.push(Line::from(format!("Mean level {m:.1}")));
    }
    lines.push(Line::default());
    lines.extend(theme_about(t));
    Text::from(lines)
}

fn framework_text(ws: &Workspace, keys: &Keymap, room: Room) -> Text<'static> {
    let fw = ws.framework();
    let a = &ws.doc.assessment;
    let total = ws.total();
    let mut lines = vec![
        Line::from(Span::styled(fw.title.clone(), style::heading())),
        Line::from(Span::styled(
            format!("{} · version {}", fw.audience, fw.version),
            style::dim(),
        )),
        Line::default(),
        Line::from(format!(
            "{} of {} rated in {}",
            total.rated,
            total.total,
            a.current().title
        )),
        Line::default(),
        Line::from(Span::styled("Stages", style::heading())),
    ];
    for s in &fw.stages {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", s.name), style::heading()),
            Span::raw(s.description.clone()),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Rating scale", style::heading())));
    lines.extend(
        scale_lines(fw, keys, Mode::Browse, Rating::Unrated, room.width())
            .into_iter()
            .filter(|l| !l.spans.iter().any(|s| s.content.contains("Not rated yet"))),
    );
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Source", style::heading())));
    lines.push(Line::from(fw.source.publisher.clone()));
    lines.push(Line::from(Span::styled(
        fw.source.note.clone(),
        style::dim(),
    )));
    Text::from(lines)
}

fn archived_text(ws: &Workspace) -> Text<'static> {
    Text::from(vec![
        Line::from(Span::styled("Archived", style::heading())),
        Line::from(format!(
            "{} ratings and notes whose standard is no longer in {} (version {}). \
             They are kept here, read-only, never dropped.",
            ws.doc.assessment.archived.len(),
            ws.framework().title,
            ws.framework().version
        )),
    ])
}

fn archived_item_text(ws: &Workspace, i: usize) -> Text<'static> {
    let item = &ws.doc.assessment.archived[i];
    let fw = ws.framework();
    let mut lines = vec![
        Line::from(Span::styled(
            if item.text.is_empty() {
                format!("Standard {}", item.standard)
            } else {
                item.text.clone()
            },
            style::heading(),
        )),
        Line::from(Span::styled(
            format!(
                "{} · from review \"{}\" · framework version {}",
                item.standard, item.review, item.framework_version
            ),
            style::dim(),
        )),
        Line::from(Span::styled(
            "No longer in the framework: kept read-only.",
            style::caveat(),
        )),
    ];
    for (stage, mark) in &item.marks {
        let name = fw
            .stage(stage)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| stage.clone());
        let level = match mark.rating {
            Rating::Level(v) => fw
                .level(v)
                .map(|l| format!("{v} {}", l.label))
                .unwrap_or(v.to_string()),
            Rating::NotApplicable => "not applicable".into(),
            Rating::Unrated => "unrated".into(),
        };
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled(format!("{name}: "), style::heading()),
            Span::raw(level),
        ]));
        lines.extend(
            mark.note
                .lines()
                .map(|l| Line::from(l.replace('\t', "    "))),
        );
    }
    Text::from(lines)
}
