//! The appraisal pack: everything a leader brings to an appraisal or a
//! coaching conversation about one review, as plain data ([`Pack`]) that
//! the templates of [`super::render`] turn into HTML or Markdown.
//!
//! Building the pack is where the privacy rule lives: a private note is
//! never copied into it unless [`Options::include_private`] says so, so no
//! template, built in or the user's own, can show one by mistake.

use jiff::civil::Date;
use serde::Serialize;

use super::chart;
use crate::model::compare::{Change, compare};
use crate::model::offer::{Offer, Wanted, suggest};
use crate::model::plan::{Plan, SinceLast};
use crate::model::progress::{Tally, Whose, grid};
use crate::model::proposals::{PinKind, Proposal, propose, tenths};
use crate::model::review::to_discuss;
use crate::model::{Assessment, Framework, Origin, Rating, Review};

/// Whom the pack is prepared for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Audience {
    /// The person themself, to reflect
    #[default]
    #[value(name = "self")]
    Myself,
    /// A coach or mentor
    Coach,
    /// The Leader, a directly elected mayor, or a line manager
    Leader,
}

impl Audience {
    pub fn id(self) -> &'static str {
        match self {
            Audience::Myself => "self",
            Audience::Coach => "coach",
            Audience::Leader => "leader",
        }
    }

    /// "for my own reflection", "for my coach", "for my Leader".
    pub fn phrase(self) -> &'static str {
        match self {
            Audience::Myself => "for my own reflection",
            Audience::Coach => "for my coach",
            Audience::Leader => "for my Leader",
        }
    }
}

/// How a pack is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub audience: Audience,
    /// Copy private notes in (the pack then says so at the top).
    pub include_private: bool,
    /// The day it is prepared (shown, and the day "overdue" is judged on).
    pub prepared: Date,
}

/// The seed 002 guidance's topics for a Leader's appraisal discussion
/// with a chief executive, each with the Chief Executives' themes it
/// touches (this tool's reading; the guidance names no themes).
pub const LEADER_TOPICS: [(&str, &[&str]); 6] = [
    (
        "Effective leadership with councillors and parties",
        &["ce.politics", "ce.governance"],
    ),
    (
        "Leading change and developing the organisation",
        &["ce.improvement", "ce.managerial"],
    ),
    (
        "Enabling effective external partnerships, relationships and networks",
        &["ce.core", "ce.politics"],
    ),
    (
        "Maintaining focus on strategic and long-term issues for the council",
        &["ce.resources", "ce.improvement"],
    ),
    (
        "Leading and integrating performance management and risk management",
        &["ce.improvement", "ce.managerial", "ce.governance"],
    ),
    (
        "Maintaining personal perspective and self-knowledge",
        &["ce.ethics", "ce.managerial"],
    ),
];

/// The framework the leader topics are for.
pub const LEADER_TOPICS_FRAMEWORK: &str = "chief-executives";

/// The words of the Leaders' guidance (seed 002) for progress at a stage.
pub fn progress_words(stage: &str) -> Option<&'static str> {
    match stage {
        "knowledge" => Some("Knowledge built"),
        "experience" => Some("Experience gained"),
        "judgement" => Some("Judgement sharpened"),
        _ => None,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Pack {
    /// "Sam Jones: leadership self-assessment"
    pub title: String,
    pub audience: &'static str,
    /// "for my Leader"
    pub audience_phrase: &'static str,
    pub person: PersonPart,
    pub framework: FrameworkPart,
    pub review: ReviewPart,
    /// The review before, compared with.
    pub previous: Option<ReviewPart>,
    /// Everyone who rated in the review, the person first.
    pub raters: Vec<RaterPart>,
    pub prepared: String,
    pub include_private: bool,
    /// How many of the framework's statements are paraphrases or prompts.
    pub unofficial: usize,
    pub statements: usize,
    pub caveat: String,
    pub scale: Vec<ScaleLevel>,
    pub stages: Vec<StagePart>,
    /// Theme by stage: the person's own levels.
    pub glance: Vec<GlanceRow>,
    pub glance_total: GlanceRow,
    /// One chart per stage.
    pub charts: Vec<ChartPart>,
    pub strengths: Vec<Point>,
    pub priorities: Vec<Point>,
    pub progress: Option<Progress>,
    pub perspectives: Perspectives,
    pub evidence: Vec<EvidenceTheme>,
    pub plan: PlanPart,
    pub appendix: Vec<AppendixTheme>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonPart {
    pub name: String,
    pub role: String,
    pub organisation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkPart {
    pub id: String,
    pub title: String,
    pub version: String,
    pub publisher: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewPart {
    /// 1-based.
    pub number: usize,
    pub of: usize,
    pub title: String,
    pub opened: String,
    pub closed: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RaterPart {
    pub name: String,
    /// "self", "coach", "line manager", ...
    pub role: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScaleLevel {
    pub value: u8,
    pub label: String,
    pub descriptor: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StagePart {
    pub id: String,
    pub name: String,
    /// The guidance's words for progress here ("Knowledge built").
    pub progress_words: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GlanceRow {
    pub theme: String,
    /// One per stage, then nothing else (the total is `total`).
    pub cells: Vec<Cell>,
    pub total: Cell,
}

/// One heat-map cell.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// "2.5", or empty when nothing has a level.
    pub mean: String,
    /// The same in tenths (25), and the previous review's, for charts.
    pub mean_tenths: Option<i64>,
    pub previous_tenths: Option<i64>,
    /// The mean rounded to a whole level (0: none), for the colour.
    pub band: u8,
    pub rated: usize,
    pub total: usize,
    /// The previous review's mean ("2.0"), empty when none.
    pub previous: String,
    /// "+0.5", "-1.0", "0.0"; empty without both means.
    pub change: String,
    /// "up", "down", "same", "new" or "" (nothing to compare).
    pub trend: &'static str,
    /// "↑", "↓", "=", "new" or "".
    pub arrow: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartPart {
    pub stage: String,
    pub title: String,
    /// The chart in words, for screen readers and plain text.
    pub alt: String,
    /// Inline SVG (no script, no external reference); user text escaped.
    pub svg: String,
    /// One text line per theme ("Place  ▇▇▇▇▇░░  2.5 (was 2.0)").
    pub bars: Vec<String>,
}

/// A strength or a development priority.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub theme: String,
    pub stage: String,
    /// The framework's ids of the theme and stage.
    pub theme_id: String,
    pub stage_id: String,
    pub why: String,
    pub pinned: bool,
    pub carried: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub since: ReviewPart,
    pub stages: Vec<ProgressStage>,
    pub up: usize,
    pub down: usize,
    pub first: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressStage {
    pub stage: String,
    /// "Knowledge built", or "{stage}: higher" for a stage the guidance does not name.
    pub words: String,
    pub up: Vec<Moved>,
    pub down: Vec<Moved>,
    pub first: Vec<Moved>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    pub theme: String,
    pub standard: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Perspectives {
    /// The seed 002 topics, for a Leader and the Chief Executives' framework.
    pub topics: Vec<Topic>,
    /// Column heads after "Self": each rater, then "Agreed".
    pub columns: Vec<String>,
    pub rows: Vec<PerspectiveRow>,
    /// Far apart and not agreed yet.
    pub to_discuss: Vec<PerspectiveRow>,
    pub discussed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    pub topic: String,
    pub themes: Vec<String>,
    /// The themes' means in this review ("2.5"), as in the heat map.
    pub means: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PerspectiveRow {
    pub theme: String,
    pub standard: String,
    pub stage: String,
    pub own: String,
    /// One per rater, then the agreed level.
    pub others: Vec<String>,
    /// "to discuss", "discussed" or "".
    pub flag: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceTheme {
    pub theme: String,
    pub items: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub standard: String,
    pub stage: String,
    pub level: String,
    /// The person's note (a private one only when asked for).
    pub note: String,
    pub private: bool,
    pub views: Vec<ViewNote>,
    pub session_note: String,
    pub next_step: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ViewNote {
    pub rater: String,
    pub level: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanPart {
    pub objectives: Vec<ObjectivePart>,
    pub actions: Vec<ActionPart>,
    pub since: Option<SincePart>,
    pub offers: Vec<OffersFor>,
    pub overdue: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectivePart {
    pub id: String,
    pub title: String,
    pub description: String,
    pub measure: String,
    pub priority: String,
    pub agreed_with: String,
    pub agreed_on: String,
    pub due: String,
    pub status: String,
    pub since: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionPart {
    pub id: String,
    pub action: String,
    pub kind: String,
    pub develops: String,
    pub objective: String,
    pub offer: String,
    pub due: String,
    pub status: String,
    pub since: String,
    pub overdue: bool,
    pub evidence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SincePart {
    pub review: String,
    pub done: usize,
    pub items: Vec<SinceItem>,
    pub added: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SinceItem {
    pub id: String,
    pub title: String,
    pub then: String,
    pub now: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OffersFor {
    pub priority: String,
    pub offers: Vec<OfferPart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OfferPart {
    pub title: String,
    pub provider: String,
    pub kind: String,
    pub fit: String,
    pub as_of: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppendixTheme {
    pub theme: String,
    pub definition: String,
    pub stages: Vec<AppendixStage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppendixStage {
    pub stage: String,
    pub standards: Vec<AppendixStandard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppendixStandard {
    pub id: String,
    pub text: String,
    /// "", "paraphrase", "prompt", "published, corrected".
    pub wording: String,
    pub own: String,
    pub agreed: String,
}

/// Text from a file, made safe to put anywhere: control characters and
/// the bidirectional overrides that could disguise text are dropped (a
/// newline and a tab stay).
pub fn clean(text: &str) -> String {
    // Most text has none of them, and is kept as it is without decoding
    // every character (the appendix alone is hundreds of statements).
    if !needs_cleaning(text.as_bytes()) {
        return text.trim_end().to_owned();
    }
    text.chars()
        .filter(|c| {
            matches!(c, '\n' | '\t')
                || !(c.is_control()
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        })
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// Whether `text` (UTF-8) holds a character [`clean`] drops: a control
/// character other than a newline or tab (C0, DEL, C1: `C2 80`-`C2 9F`),
/// or a bidirectional override or isolate (`E2 80 AA`-`AE`, `E2 81 A6`-`A9`).
fn needs_cleaning(text: &[u8]) -> bool {
    // A first pass the compiler can vectorise: most text has no byte
    // that could start one.
    if !text
        .iter()
        .any(|&b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2 || b == 0xe2)
    {
        return false;
    }
    text.iter().enumerate().any(|(i, &b)| {
        let next = |k: usize| text.get(i + k).copied().unwrap_or(0);
        match b {
            b'\n' | b'\t' => false,
            0x00..=0x1f | 0x7f => true,
            0xc2 => (0x80..=0x9f).contains(&next(1)),
            0xe2 => match next(1) {
                0x80 => (0xaa..=0xae).contains(&next(2)),
                0x81 => (0xa6..=0xa9).contains(&next(2)),
                _ => false,
            },
            _ => false,
        }
    })
}

fn level_text(framework: &Framework, rating: Rating) -> String {
    match rating {
        Rating::Unrated => String::new(),
        Rating::NotApplicable => "n/a".into(),
        Rating::Level(v) => match framework.level(v) {
            Some(level) => format!("{v} {}", clean(&level.label)),
            None => v.to_string(),
        },
    }
}

fn short_level(rating: Rating) -> String {
    match rating {
        Rating::Unrated => String::new(),
        Rating::NotApplicable => "n/a".into(),
        Rating::Level(v) => v.to_string(),
    }
}

fn review_part(assessment: &Assessment, index: usize) -> ReviewPart {
    let review = &assessment.reviews[index];
    ReviewPart {
        number: index + 1,
        of: assessment.reviews.len(),
        title: clean(&review.title),
        opened: review.date.to_string(),
        closed: review.frozen.map(|d| d.to_string()),
    }
}

fn stage_name(framework: &Framework, id: &str) -> String {
    framework
        .stage(id)
        .map(|s| clean(&s.name))
        .unwrap_or_else(|| clean(id))
}

fn theme_title(framework: &Framework, id: &str) -> String {
    framework
        .themes
        .iter()
        .find(|t| t.id == id)
        .map(|t| clean(&t.title))
        .unwrap_or_else(|| clean(id))
}

fn cell(now: &Tally, before: Option<&Tally>) -> Cell {
    let mean = now.mean_tenths();
    let previous = before.and_then(Tally::mean_tenths);
    let (change, trend, arrow) = match (previous, mean) {
        (Some(p), Some(m)) => {
            let d = m - p;
            let sign = if d > 0 {
                "+"
            } else if d < 0 {
                "-"
            } else {
                ""
            };
            let (trend, arrow) = match d.signum() {
                1 => ("up", "↑"),
                -1 => ("down", "↓"),
                _ => ("same", "="),
            };
            let change = if d == 0 {
                "no change".to_owned()
            } else {
                format!("{sign}{}", tenths(d.abs()))
            };
            (change, trend, arrow)
        }
        (None, Some(_)) if before.is_some() => (String::new(), "new", "new"),
        _ => (String::new(), "", ""),
    };
    Cell {
        mean: mean.map(tenths).unwrap_or_default(),
        mean_tenths: mean,
        previous_tenths: previous,
        band: mean.map_or(0, |m| u8::try_from((m + 5) / 10).unwrap_or(u8::MAX)),
        rated: now.rated,
        total: now.total,
        previous: previous.map(tenths).unwrap_or_default(),
        change,
        trend,
        arrow,
    }
}

/// The heat map: one row per theme (own levels), then the totals row.
fn glance(
    framework: &Framework,
    review: &Review,
    previous: Option<&Review>,
) -> (Vec<GlanceRow>, GlanceRow) {
    let now = grid(framework, review, Whose::Own);
    let before = previous.map(|p| grid(framework, p, Whose::Own));
    let mut stage_totals = vec![(Tally::default(), Tally::default()); framework.stages.len()];
    let mut all = (Tally::default(), Tally::default());
    let mut rows = Vec::new();
    for (t, theme) in framework.themes.iter().enumerate() {
        let mut cells = Vec::new();
        let mut sum = (Tally::default(), Tally::default());
        for (i, tally) in now[t].iter().enumerate() {
            let earlier = before.as_ref().map(|b| b[t][i]);
            cells.push(cell(tally, earlier.as_ref()));
            sum.0.merge(tally);
            stage_totals[i].0.merge(tally);
            if let Some(b) = &earlier {
                sum.1.merge(b);
                stage_totals[i].1.merge(b);
            }
        }
        all.0.merge(&sum.0);
        all.1.merge(&sum.1);
        rows.push(GlanceRow {
            theme: clean(&theme.title),
            cells,
            total: cell(&sum.0, previous.map(|_| &sum.1)),
        });
    }
    let total = GlanceRow {
        theme: "All themes".into(),
        cells: stage_totals
            .iter()
            .map(|(now, before)| cell(now, previous.map(|_| before)))
            .collect(),
        total: cell(&all.0, previous.map(|_| &all.1)),
    };
    (rows, total)
}

/// The pinned (first) and proposed strengths or priorities, their reasons
/// about `person`: a pack is read by others too. A pin's reason is the
/// proposal's as it reads now when it is still proposed, else as it read
/// when pinned.
fn points(
    framework: &Framework,
    review: &Review,
    proposals: &[Proposal],
    kind: PinKind,
    person: &str,
) -> Vec<Point> {
    let now = |theme: &str, stage: &str| {
        proposals
            .iter()
            .find(|p| p.is(kind, theme, stage))
            .map(|p| clean(&p.why_about(person)))
    };
    let mut out: Vec<Point> = review
        .pins
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| Point {
            theme: theme_title(framework, &p.theme),
            stage: stage_name(framework, &p.stage),
            theme_id: clean(&p.theme),
            stage_id: clean(&p.stage),
            why: now(&p.theme, &p.stage).unwrap_or_else(|| clean(&p.reason)),
            pinned: true,
            carried: p.carried,
        })
        .collect();
    for proposal in proposals {
        if proposal.kind != kind
            || review
                .pin(kind, &proposal.theme_id, &proposal.stage_id)
                .is_some()
            || review.is_dismissed(kind, &proposal.theme_id, &proposal.stage_id)
        {
            continue;
        }
        out.push(Point {
            theme: theme_title(framework, &proposal.theme_id),
            stage: stage_name(framework, &proposal.stage_id),
            theme_id: proposal.theme_id.clone(),
            stage_id: proposal.stage_id.clone(),
            why: clean(&proposal.why_about(person)),
            pinned: false,
            carried: false,
        });
    }
    out
}

fn progress(framework: &Framework, assessment: &Assessment, index: usize) -> Option<Progress> {
    let previous = assessment.reviews.get(index.checked_sub(1)?)?;
    let comparison = compare(framework, previous, &assessment.reviews[index]);
    let mut stages: Vec<ProgressStage> = framework
        .stages
        .iter()
        .map(|s| ProgressStage {
            stage: clean(&s.name),
            words: progress_words(&s.id)
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{}: higher", clean(&s.name))),
            up: Vec::new(),
            down: Vec::new(),
            first: Vec::new(),
        })
        .collect();
    let (mut up, mut down, mut first) = (0, 0, 0);
    for pair in &comparison.pairs {
        let theme = &framework.themes[pair.theme];
        let moved = Moved {
            theme: clean(&theme.title),
            standard: clean(&theme.standards[pair.standard].text),
            from: short_level(pair.previous),
            to: short_level(pair.current),
        };
        let stage = &mut stages[pair.stage];
        match pair.change {
            Change::Up(_) => {
                up += 1;
                stage.up.push(moved);
            }
            Change::Down(_) => {
                down += 1;
                stage.down.push(moved);
            }
            Change::New => {
                first += 1;
                stage.first.push(moved);
            }
            _ => {}
        }
    }
    Some(Progress {
        since: review_part(assessment, index - 1),
        stages,
        up,
        down,
        first,
    })
}

fn perspectives(
    framework: &Framework,
    review: &Review,
    audience: Audience,
    glance: &[GlanceRow],
) -> Perspectives {
    let mut columns: Vec<String> = review.raters.iter().map(|r| clean(&r.display())).collect();
    columns.push("Agreed".into());
    let mut rows = Vec::new();
    let mut discuss = Vec::new();
    for theme in &framework.themes {
        for standard in &theme.standards {
            for stage in framework.stages_of(standard) {
                let Some(mark) = review.mark(&standard.id, &stage.id) else {
                    continue;
                };
                let agreed = mark.agreed.unwrap_or_default();
                let any_other = review
                    .raters
                    .iter()
                    .any(|r| mark.others.get(&r.id).is_some_and(|v| v.rating.is_rated()));
                if !any_other && agreed.is_unrated() {
                    continue;
                }
                let mut others: Vec<String> = review
                    .raters
                    .iter()
                    .map(|r| {
                        short_level(mark.others.get(&r.id).map(|v| v.rating).unwrap_or_default())
                    })
                    .collect();
                others.push(short_level(agreed));
                let flag = if mark.discussed() {
                    "discussed"
                } else if mark.to_discuss() {
                    "to discuss"
                } else {
                    ""
                };
                let row = PerspectiveRow {
                    theme: clean(&theme.title),
                    standard: clean(&standard.text),
                    stage: clean(&stage.name),
                    own: short_level(mark.rating),
                    others,
                    flag: flag.into(),
                };
                if flag == "to discuss" {
                    discuss.push(row.clone());
                }
                rows.push(row);
            }
        }
    }
    let discussed = to_discuss(framework, review)
        .iter()
        .filter(|d| d.agreed.is_some())
        .count();
    let topics = if audience == Audience::Leader && framework.id == LEADER_TOPICS_FRAMEWORK {
        LEADER_TOPICS
            .iter()
            .map(|(topic, themes)| {
                let found: Vec<usize> = themes
                    .iter()
                    .filter_map(|id| framework.themes.iter().position(|t| t.id == *id))
                    .collect();
                Topic {
                    topic: (*topic).into(),
                    themes: found
                        .iter()
                        .map(|&i| clean(&framework.themes[i].title))
                        .collect(),
                    means: found
                        .iter()
                        .map(|&i| {
                            glance
                                .get(i)
                                .map(|g| g.total.mean.clone())
                                .unwrap_or_default()
                        })
                        .collect(),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Perspectives {
        topics,
        columns,
        rows,
        to_discuss: discuss,
        discussed,
    }
}

fn evidence(framework: &Framework, review: &Review, include_private: bool) -> Vec<EvidenceTheme> {
    let mut out = Vec::new();
    for theme in &framework.themes {
        let mut items = Vec::new();
        for standard in &theme.standards {
            for stage in framework.stages_of(standard) {
                let Some(mark) = review.mark(&standard.id, &stage.id) else {
                    continue;
                };
                let note = if mark.private && !include_private {
                    String::new()
                } else {
                    clean(&mark.note)
                };
                let views: Vec<ViewNote> = review
                    .raters
                    .iter()
                    .filter_map(|r| {
                        let view = mark.others.get(&r.id)?;
                        (!view.note.trim().is_empty()).then(|| ViewNote {
                            rater: clean(&r.display()),
                            level: short_level(view.rating),
                            note: clean(&view.note),
                        })
                    })
                    .collect();
                let item = Evidence {
                    standard: clean(&standard.text),
                    stage: clean(&stage.name),
                    level: level_text(framework, mark.rating),
                    private: mark.private && !note.is_empty(),
                    note,
                    views,
                    session_note: clean(&mark.session_note),
                    next_step: clean(&mark.next_step),
                };
                if !(item.note.is_empty()
                    && item.views.is_empty()
                    && item.session_note.is_empty()
                    && item.next_step.is_empty())
                {
                    items.push(item);
                }
            }
        }
        if !items.is_empty() {
            out.push(EvidenceTheme {
                theme: clean(&theme.title),
                items,
            });
        }
    }
    out
}

fn date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn plan_part(
    framework: &Framework,
    assessment: &Assessment,
    index: usize,
    offers: &[Offer],
    priorities: &[Point],
    today: Date,
) -> PlanPart {
    let review = &assessment.reviews[index];
    // An earlier review shows the plan as it was when it closed.
    let plan: &Plan = match (&review.plan_at_close, review.is_frozen()) {
        (Some(then), true) => then,
        _ => &assessment.plan,
    };
    let objective_title = |id: u32| {
        plan.objective(id)
            .map(|o| format!("O{id} {}", clean(&o.title)))
            .unwrap_or_else(|| format!("O{id}"))
    };
    let offer_title = |id: &str| {
        offers
            .iter()
            .find(|o| o.id == id)
            .map(|o| clean(&o.title))
            .unwrap_or_else(|| clean(id))
    };
    let objectives = plan
        .objectives
        .iter()
        .map(|o| ObjectivePart {
            id: format!("O{}", o.id),
            title: clean(&o.title),
            description: clean(&o.description),
            measure: clean(&o.measure),
            priority: clean(&o.priority),
            agreed_with: if o.agreed_name.is_empty() {
                o.agreed_by
                    .as_deref()
                    .and_then(|id| review.rater(id))
                    .map(|r| clean(&r.display()))
                    .unwrap_or_default()
            } else {
                clean(&o.agreed_name)
            },
            agreed_on: date(o.agreed_on),
            due: date(o.due),
            status: o.status.label().into(),
            since: date(o.status_since()),
            overdue: o.is_overdue(today),
        })
        .collect();
    let actions = plan
        .actions
        .iter()
        .map(|a| ActionPart {
            id: format!("A{}", a.id),
            action: clean(&a.action),
            kind: a.kind.label().into(),
            develops: clean(&links_describe(framework, a)),
            objective: a.objective.map(objective_title).unwrap_or_default(),
            offer: a.offer.as_deref().map(offer_title).unwrap_or_default(),
            due: date(a.due),
            status: a.status.label().into(),
            since: date(a.status_since()),
            overdue: a.is_overdue(today),
            evidence: clean(&a.evidence),
        })
        .collect();
    let since = index
        .checked_sub(1)
        .and_then(|i| assessment.reviews.get(i))
        .and_then(|before| Some((before, before.plan_at_close.as_ref()?)))
        .map(|(before, then)| {
            let since = SinceLast::of(then, plan);
            let mut items: Vec<SinceItem> = since
                .objectives
                .iter()
                .map(|(t, n)| SinceItem {
                    id: format!("O{}", t.id),
                    title: clean(&t.title),
                    then: t.status.label().into(),
                    now: n.map_or("removed", |n| n.status.label()).into(),
                })
                .collect();
            items.extend(since.actions.iter().map(|(t, n)| SinceItem {
                id: format!("A{}", t.id),
                title: clean(&t.action),
                then: t.status.label().into(),
                now: n.map_or("removed", |n| n.status.label()).into(),
            }));
            SincePart {
                review: clean(&before.title),
                done: since.done_since(),
                items,
                added: since
                    .new_actions
                    .iter()
                    .map(|a| format!("A{} {}", a.id, clean(&a.action)))
                    .collect(),
            }
        });
    let mut suggested = Vec::new();
    for p in priorities.iter().take(3) {
        let wanted = Wanted {
            framework: Some(&framework.id),
            theme: Some(&p.theme_id),
            stage: Some(&p.stage_id),
            councillors: false,
        };
        let found: Vec<OfferPart> = suggest(offers, &wanted)
            .into_iter()
            .take(3)
            .map(|(o, fit)| OfferPart {
                title: clean(&o.title),
                provider: clean(&o.provider),
                kind: o.kind.label().into(),
                fit: fit.map(|f| f.label()).unwrap_or_default().into(),
                as_of: clean(&o.as_of),
            })
            .collect();
        if !found.is_empty() {
            suggested.push(OffersFor {
                priority: format!("{}, {}", p.theme, p.stage),
                offers: found,
            });
        }
    }
    PlanPart {
        objectives,
        actions,
        since,
        offers: suggested,
        overdue: plan
            .objectives
            .iter()
            .filter(|o| o.is_overdue(today))
            .count()
            + plan.actions.iter().filter(|a| a.is_overdue(today)).count(),
    }
}

/// What an action develops, in the framework's words: "Thinks whole
/// system... (gaining experience)", a theme's title, or "every theme".
fn links_describe(framework: &Framework, action: &crate::model::plan::Action) -> String {
    action
        .links
        .iter()
        .map(|link| {
            let standard = link
                .standard
                .as_deref()
                .and_then(|id| framework.standard(id));
            match (standard, link.stage.as_deref()) {
                (Some((_, s)), Some(stage)) => format!(
                    "{} ({})",
                    s.text,
                    stage_name(framework, stage).to_lowercase()
                ),
                (Some((_, s)), None) => s.text.clone(),
                (None, _) => link.describe(framework),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn appendix(framework: &Framework, review: &Review) -> Vec<AppendixTheme> {
    framework
        .themes
        .iter()
        .map(|theme| AppendixTheme {
            theme: clean(&theme.title),
            definition: clean(&theme.definition),
            stages: framework
                .stages
                .iter()
                .map(|stage| AppendixStage {
                    stage: clean(&stage.name),
                    standards: theme
                        .standards
                        .iter()
                        .filter(|s| framework.stages_of(s).any(|x| x.id == stage.id))
                        .map(|s| {
                            let mark = review.mark(&s.id, &stage.id);
                            AppendixStandard {
                                id: clean(&s.id),
                                text: clean(&s.text),
                                wording: match s.origin {
                                    Origin::Published => String::new(),
                                    other => other.label().into(),
                                },
                                own: mark.map(|m| short_level(m.rating)).unwrap_or_default(),
                                agreed: mark
                                    .and_then(|m| m.agreed)
                                    .map(short_level)
                                    .unwrap_or_default(),
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// The pack of review `index` (0-based) of `assessment`, with `offers`
/// to suggest for its priorities.
///
/// # Panics
///
/// If `index` is not a review of `assessment`.
pub fn build(
    framework: &Framework,
    assessment: &Assessment,
    index: usize,
    offers: &[Offer],
    options: Options,
) -> Pack {
    let review = &assessment.reviews[index];
    let previous = index.checked_sub(1).map(|i| &assessment.reviews[i]);
    let (rows, total) = glance(framework, review, previous);
    let statements = framework.standard_count();
    let unofficial = framework
        .standards()
        .filter(|(_, s)| matches!(s.origin, Origin::Paraphrase | Origin::Prompt))
        .count();
    let caveat = if unofficial == 0 {
        "The statements are the publisher's own wording.".to_owned()
    } else if unofficial == statements {
        format!(
            "All {statements} statements are marked paraphrase or prompt: they are this tool's \
             wording, not the official wording of {}.",
            clean(&framework.source.publisher)
        )
    } else {
        format!(
            "{unofficial} of the {statements} statements are marked paraphrase or prompt: they \
             are this tool's wording, not the official wording of {}.",
            clean(&framework.source.publisher)
        )
    };
    let charts = framework
        .stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            chart::stage_chart(framework, &rows, i, &clean(&stage.name), previous.is_some())
        })
        .collect();
    let proposals = propose(framework, &assessment.reviews, index);
    let person = assessment.person.name.as_str();
    let strengths = points(framework, review, &proposals, PinKind::Strength, person);
    let priorities = points(framework, review, &proposals, PinKind::Priority, person);
    let plan = plan_part(
        framework,
        assessment,
        index,
        offers,
        &priorities,
        options.prepared,
    );
    let mut raters = vec![RaterPart {
        name: clean(&assessment.person.name),
        role: "self".into(),
    }];
    raters.extend(review.raters.iter().map(|r| RaterPart {
        name: clean(&r.name),
        role: clean(r.role.label()),
    }));
    Pack {
        title: format!(
            "{}: leadership self-assessment",
            clean(&assessment.person.name)
        ),
        audience: options.audience.id(),
        audience_phrase: options.audience.phrase(),
        person: PersonPart {
            name: clean(&assessment.person.name),
            role: clean(&assessment.person.role),
            organisation: clean(&assessment.person.organisation),
        },
        framework: FrameworkPart {
            id: clean(&framework.id),
            title: clean(&framework.title),
            version: clean(&framework.version),
            publisher: clean(&framework.source.publisher),
        },
        review: review_part(assessment, index),
        previous: index.checked_sub(1).map(|i| review_part(assessment, i)),
        raters,
        prepared: options.prepared.to_string(),
        include_private: options.include_private,
        unofficial,
        statements,
        caveat,
        scale: framework
            .scale
            .levels
            .iter()
            .map(|l| ScaleLevel {
                value: l.value,
                label: clean(&l.label),
                descriptor: clean(&l.descriptor),
            })
            .collect(),
        stages: framework
            .stages
            .iter()
            .map(|s| StagePart {
                id: clean(&s.id),
                name: clean(&s.name),
                progress_words: progress_words(&s.id)
                    .map(str::to_owned)
                    .unwrap_or_else(|| clean(&s.name)),
            })
            .collect(),
        perspectives: perspectives(framework, review, options.audience, &rows),
        evidence: evidence(framework, review, options.include_private),
        appendix: appendix(framework, review),
        progress: progress(framework, assessment, index),
        glance: rows,
        glance_total: total,
        charts,
        strengths,
        priorities,
        plan,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_controls_and_overrides_and_keeps_everything_else() {
        let kept = "Café – “quoted” ‘so’ 👩🏽‍💼 ½\nline two\tend";
        assert_eq!(clean(kept), kept);
        assert_eq!(clean("a\u{1b}[31mb\u{7}c\u{7f}d\u{85}e"), "a[31mbcde");
        assert_eq!(clean("x\u{202e}y\u{2066}z\u{2069}"), "xyz");
        assert_eq!(clean("trailing  \n\n"), "trailing");
        // Every character the slow path drops, the fast check sees.
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            let slow: String = s
                .chars()
                .filter(|c| {
                    matches!(c, '\n' | '\t')
                        || !(c.is_control()
                            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
                })
                .collect();
            assert_eq!(needs_cleaning(s.as_bytes()), slow != s, "{:?}", c);
        }
    }
}
