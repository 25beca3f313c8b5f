//! One person's assessment against one framework: who they are, and a
//! sequence of review cycles, the last of which is the one being worked on.
//!
//! The file is meant to be read and, at a pinch, edited by hand: maps are
//! sorted (`BTreeMap`s, and [`StageMarks`] for a standard's stages) so the
//! order is stable, and empty fields are left out.
//! Every field added after schema 1 carries `#[serde(default)]`, so older
//! files keep loading.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::framework::{StageId, StandardId};
use super::stage_marks::StageMarks;

/// The schema this build writes. A file with a larger number was written by
/// a newer reflect and is never saved over.
pub const SCHEMA_VERSION: u32 = 1;

/// The rater id of the person being assessed.
pub const SELF: &str = "self";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub schema: u32,
    pub framework: FrameworkRef,
    pub person: Person,
    /// Review cycles, oldest first. The last one is current; earlier ones are frozen.
    pub reviews: Vec<Review>,
    /// The development plan: actions linked to standards.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<PlanItem>,
    /// Marks whose standard is no longer in the framework. Never dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub archived: Vec<Archived>,
}

/// Which framework, at which version, the marks refer to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
}

/// One review cycle ("2026 mid-year").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub title: String,
    /// When the review was opened.
    pub date: Date,
    /// When the review was closed; a frozen review is read-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen: Option<Date>,
    /// People rating besides the person themself (coach, line manager, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub raters: Vec<Rater>,
    /// Standard id, then stage id, to what was recorded.
    #[serde(default)]
    pub marks: BTreeMap<StandardId, StageMarks>,
}

/// Someone other than the person themself who rates in a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rater {
    /// Stable key used in `Mark::others` (`"coach"`).
    pub id: String,
    pub name: String,
    pub role: RaterRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RaterRole {
    Coach,
    LineManager,
    /// The council's Leader or a directly elected mayor.
    Leader,
    Peer,
    Other(String),
}

/// Everything recorded for one standard at one stage in one review.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// The person's own rating.
    #[serde(default, skip_serializing_if = "Rating::is_unrated")]
    pub rating: Rating,
    /// The person's own note, any number of lines.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Hidden while the screen is shared (session mode).
    #[serde(default, skip_serializing_if = "is_false")]
    pub private: bool,
    /// The rating came from the previous review and has not been touched since.
    #[serde(default, skip_serializing_if = "is_false")]
    pub carried: bool,
    /// Other raters' views, by rater id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub others: BTreeMap<String, View>,
    /// The level agreed after discussion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed: Option<Rating>,
    /// What was said about this standard in a session with another rater.
    /// Shared by nature: never hidden by [`Mark::private`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub session_note: String,
    /// The agreed next step for this standard.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next_step: String,
}

/// Another rater's rating and note.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct View {
    #[serde(default, skip_serializing_if = "Rating::is_unrated")]
    pub rating: Rating,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Rating {
    #[default]
    Unrated,
    NotApplicable,
    Level(u8),
}

/// A development action, optionally linked to a standard and stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<StandardId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageId>,
    /// A development offer it draws on (a programme, coaching, a module).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    #[serde(default)]
    pub done: bool,
}

/// A mark kept after its standard left the framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Archived {
    pub standard: StandardId,
    /// The standard's wording when it was last known, if it was.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Which review the marks came from.
    pub review: String,
    pub framework_version: String,
    pub marks: StageMarks,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Rating {
    pub fn is_unrated(&self) -> bool {
        matches!(self, Rating::Unrated)
    }

    /// Rated means a level or "not applicable": the question has an answer.
    pub fn is_rated(&self) -> bool {
        !self.is_unrated()
    }

    pub fn level(&self) -> Option<u8> {
        match self {
            Rating::Level(v) => Some(*v),
            _ => None,
        }
    }

    /// A one-character mark for the tree: the level, `-` for not applicable, `·` for unrated.
    pub fn glyph(&self) -> String {
        match self {
            Rating::Unrated => "·".into(),
            Rating::NotApplicable => "-".into(),
            Rating::Level(v) => v.to_string(),
        }
    }
}

impl Mark {
    /// Nothing recorded: such a mark is removed rather than stored.
    ///
    /// `private` counts as something recorded, so marking a note private
    /// before writing it is not lost (and the note is never shown in a
    /// shared session by accident). `carried` does not: it only says where
    /// a rating came from, and a mark with no rating has nothing carried.
    pub fn is_empty(&self) -> bool {
        self.rating.is_unrated()
            && self.note.is_empty()
            && !self.private
            && self.others.is_empty()
            && self.agreed.is_none()
            && self.session_note.is_empty()
            && self.next_step.is_empty()
    }
}

impl Review {
    pub fn new(title: impl Into<String>, date: Date) -> Self {
        Review {
            title: title.into(),
            date,
            frozen: None,
            raters: Vec::new(),
            marks: BTreeMap::new(),
        }
    }

    pub fn mark(&self, standard: &str, stage: &str) -> Option<&Mark> {
        self.marks.get(standard)?.get(stage)
    }

    pub fn rating(&self, standard: &str, stage: &str) -> Rating {
        self.mark(standard, stage)
            .map(|m| m.rating)
            .unwrap_or_default()
    }

    /// The mark to edit, created empty if needed. Call [`Review::tidy`] after.
    pub fn mark_mut(&mut self, standard: &str, stage: &str) -> &mut Mark {
        self.marks
            .entry(standard.to_owned())
            .or_default()
            .get_or_insert_default(stage)
    }

    /// Drop the mark at (standard, stage) if nothing is left in it, so the file holds no empty entries.
    pub fn tidy(&mut self, standard: &str, stage: &str) {
        if let Some(stages) = self.marks.get_mut(standard) {
            if stages.get(stage).is_some_and(Mark::is_empty) {
                stages.remove(stage);
            }
            if stages.is_empty() {
                self.marks.remove(standard);
            }
        }
    }
}

impl Assessment {
    /// A new assessment with one open review.
    pub fn new(framework: FrameworkRef, person: Person, review: Review) -> Self {
        Assessment {
            schema: SCHEMA_VERSION,
            framework,
            person,
            reviews: vec![review],
            plan: Vec::new(),
            archived: Vec::new(),
        }
    }

    /// The review being worked on: the last one.
    pub fn current(&self) -> &Review {
        self.reviews
            .last()
            .expect("an assessment always has a review")
    }

    pub fn current_mut(&mut self) -> &mut Review {
        self.reviews
            .last_mut()
            .expect("an assessment always has a review")
    }
}
