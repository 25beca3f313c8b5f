//! Strengths and development priorities proposed from a review, by theme
//! and stage, each with the reasons it was proposed. The person pins or
//! dismisses each; pins are kept in the review and carried forward.
//!
//! A cell (theme, stage) is read at its "settled" levels: the agreed level
//! where one was agreed, else the person's own.
//!
//! - Strengths: the highest cells, above the review's own mean.
//! - Priorities: the lowest cells, below it; cells with standards still to
//!   discuss (⚑); cells where another rater's mean is a level or more from
//!   the person's on the same standards; cells that went down since the
//!   previous review.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::assessment::{Mark, Rating, Review};
use super::framework::{Framework, StageId};
use super::progress::Tally;

/// How many strengths, and how many lowest cells, are proposed.
pub const HOW_MANY: usize = 3;
/// A rater's mean this far from the person's (in tenths) is a gap to talk about.
pub const GAP_TENTHS: i64 = 10;

/// A strength or a development priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PinKind {
    Strength,
    Priority,
}

impl PinKind {
    pub fn label(self) -> &'static str {
        match self {
            PinKind::Strength => "strength",
            PinKind::Priority => "priority",
        }
    }
}

/// A strength or priority the person chose to keep.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pin {
    pub kind: PinKind,
    pub theme: String,
    pub stage: StageId,
    /// Why it was proposed, as it read when pinned.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Pinned in an earlier review and carried into this one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub carried: bool,
}

/// A proposal the person set aside in this review.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dismissal {
    pub kind: PinKind,
    pub theme: String,
    pub stage: StageId,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Why a cell was proposed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Among the highest cells: mean in tenths over `count` levels, of
    /// which `agreed` were agreed levels.
    Highest {
        tenths: i64,
        count: u32,
        agreed: u32,
    },
    /// Among the lowest cells.
    Lowest {
        tenths: i64,
        count: u32,
        agreed: u32,
    },
    /// Standards still to discuss (⚑) in the cell.
    ToDiscuss { count: usize },
    /// Another rater's mean is far from the person's on the same standards.
    Gap {
        rater: String,
        own: i64,
        theirs: i64,
    },
    /// The cell's mean went down since the previous review.
    WentDown { from: i64, to: i64, since: String },
}

/// "2.5", from tenths.
pub fn tenths(t: i64) -> String {
    format!("{}.{}", t / 10, (t % 10).abs())
}

/// "4.8, the mean of 4 levels" (or "of 2 agreed levels", "of 4 levels,
/// 1 of them agreed").
fn mean_of(t: &i64, count: &u32, agreed: &u32) -> String {
    let of = match (count, agreed) {
        (1, 0) => "1 level".to_string(),
        (n, 0) => format!("{n} levels"),
        (n, a) if a == n => format!("{n} agreed level{}", if *n == 1 { "" } else { "s" }),
        (n, a) => format!("{n} levels, {a} of them agreed"),
    };
    format!("{}, the mean of {of}", tenths(*t))
}

impl Reason {
    /// The reason as someone else reads it, about `person` ("among Jane
    /// O'Neill's highest: 4.8, the mean of 4 levels"); [`fmt::Display`]
    /// speaks to the person themself ("among your highest").
    pub fn about(&self, person: &str) -> String {
        let mean = mean_of;
        match self {
            Reason::Highest {
                tenths: t,
                count,
                agreed,
            } => {
                format!("among {person}'s highest: {}", mean(t, count, agreed))
            }
            Reason::Lowest {
                tenths: t,
                count,
                agreed,
            } => {
                format!("among {person}'s lowest: {}", mean(t, count, agreed))
            }
            Reason::Gap { rater, own, theirs } => {
                format!(
                    "{person} rates {}, {rater} rates {}",
                    tenths(*own),
                    tenths(*theirs)
                )
            }
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Highest {
                tenths: t,
                count,
                agreed,
            } => write!(f, "among your highest: {}", mean_of(t, count, agreed)),
            Reason::Lowest {
                tenths: t,
                count,
                agreed,
            } => write!(f, "among your lowest: {}", mean_of(t, count, agreed)),
            Reason::ToDiscuss { count: 1 } => f.write_str("1 standard still to discuss"),
            Reason::ToDiscuss { count } => write!(f, "{count} standards still to discuss"),
            Reason::Gap { rater, own, theirs } => write!(
                f,
                "you rate {}, {rater} rates {}",
                tenths(*own),
                tenths(*theirs)
            ),
            Reason::WentDown { from, to, since } => write!(
                f,
                "went down from {} to {} since {since}",
                tenths(*from),
                tenths(*to)
            ),
        }
    }
}

/// One proposed strength or priority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub kind: PinKind,
    /// Index into `framework.themes`, and its id.
    pub theme: usize,
    pub theme_id: String,
    /// Index into `framework.stages`, and its id.
    pub stage: usize,
    pub stage_id: String,
    pub reasons: Vec<Reason>,
}

impl Proposal {
    /// The reasons in one line.
    pub fn why(&self) -> String {
        self.reasons
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The reasons in one line, about `person` (see [`Reason::about`]).
    pub fn why_about(&self, person: &str) -> String {
        self.reasons
            .iter()
            .map(|r| r.about(person))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Whether `pin` is this proposal pinned.
    pub fn is(&self, kind: PinKind, theme: &str, stage: &str) -> bool {
        self.kind == kind && self.theme_id == theme && self.stage_id == stage
    }
}

/// The level a mark counts at: the agreed level where there is one.
fn settled(mark: &Mark) -> (Rating, bool) {
    match mark.agreed {
        Some(r) if r.is_rated() => (r, true),
        _ => (mark.rating, false),
    }
}

/// One cell's settled tally and how many of its levels were agreed.
fn cell(framework: &Framework, review: &Review, theme: usize, stage: &str) -> (Tally, u32) {
    let mut tally = Tally::default();
    let mut agreed = 0;
    for standard in &framework.themes[theme].standards {
        if standard.stage.as_deref().is_some_and(|s| s != stage) {
            continue;
        }
        let (rating, was_agreed) = review
            .mark(&standard.id, stage)
            .map_or((Rating::Unrated, false), settled);
        tally.add(rating);
        if was_agreed && rating.level().is_some() {
            agreed += 1;
        }
    }
    (tally, agreed)
}

/// The cells of `framework`: (theme index, stage index) where the theme
/// has standards assessed at that stage.
fn cells(framework: &Framework) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (t, theme) in framework.themes.iter().enumerate() {
        for (k, stage) in framework.stages.iter().enumerate() {
            if theme
                .standards
                .iter()
                .any(|s| s.stage.as_deref().is_none_or(|only| only == stage.id))
            {
                out.push((t, k));
            }
        }
    }
    out
}

/// The strengths and priorities proposed from `reviews[index]` (the
/// review before it, if any, for what went down). Strengths first, then
/// priorities, each in framework order.
pub fn propose(framework: &Framework, reviews: &[Review], index: usize) -> Vec<Proposal> {
    let Some(review) = reviews.get(index) else {
        return Vec::new();
    };
    let previous = index.checked_sub(1).and_then(|i| reviews.get(i));
    let cells = cells(framework);
    let mut overall = Tally::default();
    let measured: Vec<(usize, usize, Tally, u32)> = cells
        .iter()
        .map(|&(t, k)| {
            let (tally, agreed) = cell(framework, review, t, &framework.stages[k].id);
            overall.merge(&tally);
            (t, k, tally, agreed)
        })
        .collect();
    let Some(mean) = overall.mean_tenths() else {
        return Vec::new();
    };
    // Highest and lowest cells, against the review's own mean.
    let mut rated: Vec<(i64, usize)> = measured
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.2.mean_tenths().map(|t| (t, i)))
        .collect();
    rated.sort_by_key(|&(t, i)| (std::cmp::Reverse(t), i));
    let highest: Vec<usize> = rated
        .iter()
        .filter(|(t, _)| *t > mean)
        .take(HOW_MANY)
        .map(|&(_, i)| i)
        .collect();
    rated.sort_by_key(|&(t, i)| (t, i));
    let lowest: Vec<usize> = rated
        .iter()
        .filter(|(t, _)| *t < mean)
        .take(HOW_MANY)
        .map(|&(_, i)| i)
        .collect();

    let mut strengths = Vec::new();
    let mut priorities = Vec::new();
    for (i, &(t, k, tally, agreed)) in measured.iter().enumerate() {
        let stage = &framework.stages[k].id;
        let proposal = |kind, reasons| Proposal {
            kind,
            theme: t,
            theme_id: framework.themes[t].id.clone(),
            stage: k,
            stage_id: stage.clone(),
            reasons,
        };
        let tenths = tally.mean_tenths().unwrap_or_default();
        let count = tally.level_count;
        if highest.contains(&i) {
            strengths.push(proposal(
                PinKind::Strength,
                vec![Reason::Highest {
                    tenths,
                    count,
                    agreed,
                }],
            ));
        }
        let mut reasons = Vec::new();
        if lowest.contains(&i) {
            reasons.push(Reason::Lowest {
                tenths,
                count,
                agreed,
            });
        }
        let standards = framework.themes[t]
            .standards
            .iter()
            .filter(|s| s.stage.as_deref().is_none_or(|only| only == stage));
        let marks: Vec<&Mark> = standards
            .clone()
            .filter_map(|s| review.mark(&s.id, stage))
            .collect();
        let discuss = marks.iter().filter(|m| m.to_discuss()).count();
        if discuss > 0 {
            reasons.push(Reason::ToDiscuss { count: discuss });
        }
        for rater in &review.raters {
            let (mut own, mut theirs) = (Tally::default(), Tally::default());
            for mark in &marks {
                let other = mark.others.get(&rater.id).map(|v| v.rating);
                if let (Some(a), Some(Some(b))) = (mark.rating.level(), other.map(|r| r.level())) {
                    own.add(Rating::Level(a));
                    theirs.add(Rating::Level(b));
                }
            }
            if let (Some(o), Some(th)) = (own.mean_tenths(), theirs.mean_tenths())
                && (o - th).abs() >= GAP_TENTHS
            {
                reasons.push(Reason::Gap {
                    rater: rater.display(),
                    own: o,
                    theirs: th,
                });
            }
        }
        if let Some(previous) = previous
            && let (before, _) = cell(framework, previous, t, stage)
            && let (Some(from), Some(to)) = (before.mean_tenths(), tally.mean_tenths())
            && to < from
        {
            reasons.push(Reason::WentDown {
                from,
                to,
                since: previous.title.clone(),
            });
        }
        if !reasons.is_empty() {
            priorities.push(proposal(PinKind::Priority, reasons));
        }
    }
    strengths.extend(priorities);
    strengths
}

impl Review {
    /// The pin for (kind, theme, stage), if pinned.
    pub fn pin(&self, kind: PinKind, theme: &str, stage: &str) -> Option<&Pin> {
        self.pins
            .iter()
            .find(|p| p.kind == kind && p.theme == theme && p.stage == stage)
    }

    pub fn is_dismissed(&self, kind: PinKind, theme: &str, stage: &str) -> bool {
        self.dismissed
            .iter()
            .any(|d| d.kind == kind && d.theme == theme && d.stage == stage)
    }

    /// Pin (kind, theme, stage) with `reason`; pinning takes back a
    /// dismissal. Returns false if it was pinned already.
    pub fn pin_proposal(&mut self, kind: PinKind, theme: &str, stage: &str, reason: &str) -> bool {
        self.dismissed
            .retain(|d| !(d.kind == kind && d.theme == theme && d.stage == stage));
        if self.pin(kind, theme, stage).is_some() {
            return false;
        }
        self.pins.push(Pin {
            kind,
            theme: theme.to_owned(),
            stage: stage.to_owned(),
            reason: reason.to_owned(),
            carried: false,
        });
        true
    }

    /// Unpin, if pinned. Returns whether it was.
    pub fn unpin(&mut self, kind: PinKind, theme: &str, stage: &str) -> bool {
        let before = self.pins.len();
        self.pins
            .retain(|p| !(p.kind == kind && p.theme == theme && p.stage == stage));
        self.pins.len() != before
    }

    /// Set a proposal aside for this review (unpinning it).
    pub fn dismiss(&mut self, kind: PinKind, theme: &str, stage: &str) {
        self.unpin(kind, theme, stage);
        if !self.is_dismissed(kind, theme, stage) {
            self.dismissed.push(Dismissal {
                kind,
                theme: theme.to_owned(),
                stage: stage.to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests;
