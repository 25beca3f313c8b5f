//! The detail pane: the selected item in full.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Borders;

use super::{paint, style};
use crate::app::{Node, NoteEditor, Workspace};
use crate::keys::{Action, Keymap, Mode};
use crate::model::progress::theme_tally;
use crate::model::{Framework, Mark, Origin, Rating, Standard, Theme};

pub fn render(ws: &Workspace, keys: &Keymap, area: Rect, buf: &mut Buffer) {
    if let Some(editor) = &ws.editor {
        return render_editor(ws, keys, editor, area, buf);
    }
    let (title, text) = match ws.tree.selected() {
        Node::Framework => (" Framework ", framework_text(ws, keys)),
        Node::Theme(t) => (" Theme ", theme_text(ws, keys, &ws.framework().themes[t])),
        Node::Stage { theme, stage } => (" Stage ", stage_text(ws, theme, stage)),
        Node::Archived => (" Archived ", archived_text(ws)),
        Node::ArchivedItem(i) => (" Archived ", archived_item_text(ws, i)),
        Node::Standard { theme, standard } => {
            let t = &ws.framework().themes[theme];
            let room = Room::of(area, ws.detail_scroll);
            (
                " Standard ",
                standard_text(ws, keys, t, &t.standards[standard], room),
            )
        }
    };
    let inner = paint::panel(area, title, style::border(), buf);
    paint::wrapped(&text, inner, ws.detail_scroll, buf);
}

pub fn origin_line(origin: Origin) -> Line<'static> {
    match origin.caveat() {
        Some(c) => Line::from(Span::styled(format!("({c})"), style::caveat())),
        None => Line::from(Span::styled("(published wording)", style::dim())),
    }
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
    let note_keys = keys.fill(
        Mode::Browse,
        if private {
            "  (private: hidden in session mode)  {EditNote}: edit  {TogglePrivate}: not private"
        } else {
            "  {EditNote}: edit  {TogglePrivate}: private"
        },
    );
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
    lines.extend(earlier_lines(ws, &standard.id, &stage.id, false, room));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!("Rating at {}", stage.name.to_lowercase()),
        style::heading(),
    )));
    lines.extend(scale_lines(fw, keys, Mode::Browse, rating));
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
            Line::from(l.replace('\t', "    "))
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
            super::text::truncate(&rater.display(), 26),
            rating_label(fw, rating)
        ))];
        if let Some(gap) = mark
            .divergence(&rater.id)
            .filter(|g| *g >= crate::model::review::DISCUSS_GAP)
        {
            spans.push(Span::styled(
                format!("  ⚑ {gap} levels apart: to discuss"),
                style::flag(),
            ));
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

pub fn scale_lines(
    fw: &Framework,
    keys: &Keymap,
    mode: Mode,
    rating: Rating,
) -> Vec<Line<'static>> {
    let label_width = fw
        .scale
        .levels
        .iter()
        .map(|l| super::text::width(&l.label))
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = fw
        .scale
        .levels
        .iter()
        .map(|l| {
            let current = rating == Rating::Level(l.value);
            let head = format!("{} {:<label_width$}", l.value, l.label);
            let head_style = if current {
                style::current_level()
            } else {
                style::heading()
            };
            Line::from(vec![
                Span::raw(if current { "▶" } else { " " }),
                Span::styled(head, head_style),
                Span::raw(" "),
                Span::raw(l.descriptor.clone()),
            ])
        })
        .collect();
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

fn theme_text(ws: &Workspace, keys: &Keymap, theme: &Theme) -> Text<'static> {
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
        lines.push(Line::from(format!(
            "{:<22} {:>3}/{:<3} {}",
            stage.name, t.rated, t.total, mean
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        match keys.either(Mode::Browse, &Action::Open, 2) {
            Some(open) => format!(
                "{} standards. {open} opens the theme.",
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

fn framework_text(ws: &Workspace, keys: &Keymap) -> Text<'static> {
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
        scale_lines(fw, keys, Mode::Browse, Rating::Unrated)
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

fn render_editor(ws: &Workspace, keys: &Keymap, editor: &NoteEditor, area: Rect, buf: &mut Buffer) {
    let fw = ws.framework();
    let standard = &fw.themes[editor.theme].standards[editor.standard];
    let stage = &fw.stages[editor.stage];
    // The note comes first: the heading (the standard, what is written)
    // only when at least three lines of the note fit beneath it.
    let head_rows = if area.height >= 4 + 5 { 4 } else { 0 };
    let (head, body) = super::layout::take_top(area, head_rows);
    let head_text = Text::from(vec![
        Line::from(Span::styled(standard.text.as_str(), style::heading())),
        Line::from(Span::styled(
            format!("{} at {}", editor.field.label(), stage.name.to_lowercase()),
            style::dim(),
        )),
    ]);
    let inner = paint::panel_with(
        head,
        Borders::TOP | Borders::LEFT | Borders::RIGHT,
        "",
        style::border(),
        buf,
    );
    paint::wrapped(&head_text, inner, 0, buf);
    let title = match keys.key(Mode::Editor, &Action::Back) {
        Some(key) => format!(" Note · {key} keeps it and leaves "),
        None => " Note ".to_string(),
    };
    let inner = paint::panel(body, &title, style::focus_border(), buf);
    editor.text.render(inner, buf);
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
