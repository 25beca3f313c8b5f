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
use super::plan::{PLAN_SCHEMA, Plan};
use super::proposals::{Dismissal, Pin};
use super::sheet::Sheet;
use super::stage_marks::StageMarks;

/// The schema this build writes. A file with a larger number was written by
/// a newer reflect and is never saved over.
///
/// - 1: every review in the one file.
/// - 2: closed reviews may live in files of their own ([`Assessment::earlier`]),
///   written once, so a save rewrites only the current review.
/// - 3: the plan holds objectives and actions (`plan: (objectives: [...],
///   actions: [...])`, where 1 and 2 held a list of actions), and reviews
///   hold pinned strengths and priorities and, once closed, the plan as it
///   was. Written only by files that hold any of these
///   ([`Assessment::settle_schema`]), so others still open in older builds.
/// - 4: the assessment may hold a random person id (`person_id`, given
///   when the person first shares with a cohort) and may be a rater's sheet
///   (`sheet`). Written only by files that hold either.
pub const SCHEMA_VERSION: u32 = 4;

/// The schema of a file with a person id or a rater's sheet in it.
pub const SHARE_SCHEMA: u32 = 4;

/// The schema of a file with nothing of schema 3 in it.
pub const SPLIT_SCHEMA: u32 = 2;

/// The rater id of the person being assessed.
pub const SELF: &str = "self";

/// One person's assessment.
///
/// In memory, `reviews` holds every review, oldest first, once the earlier
/// ones are loaded (`earlier_loaded`); in the file, the first
/// `earlier.len()` of them are in files of their own and `reviews` holds
/// the rest. Serialising writes the file's shape from either state, so an
/// assessment can never be written with a review twice.
#[derive(Debug, Clone, Deserialize)]
pub struct Assessment {
    pub schema: u32,
    pub framework: FrameworkRef,
    pub person: Person,
    /// Closed reviews kept in files of their own, oldest first: they come
    /// before `reviews`.
    #[serde(default)]
    pub earlier: Vec<EarlierRef>,
    /// Review cycles, oldest first. The last one is current; earlier ones are frozen.
    pub reviews: Vec<Review>,
    /// The development plan: objectives and actions, across reviews.
    #[serde(default)]
    pub plan: Plan,
    /// Marks whose standard is no longer in the framework. Never dropped.
    #[serde(default)]
    pub archived: Vec<Archived>,
    /// A random id for the person, given the first time they share with a
    /// cohort (`reflect share`), so their shares link up over the years and
    /// nothing else of theirs does. Never derived from their name.
    #[serde(default)]
    pub person_id: Option<String>,
    /// This is a rater's sheet (see `model::sheet`), not an assessment.
    #[serde(default)]
    pub sheet: Option<Box<Sheet>>,
    /// `reviews` starts with the reviews `earlier` names (they are loaded).
    /// False as read from a file, where they are not there.
    #[serde(skip)]
    pub earlier_loaded: bool,
}

/// Equal when they hold the same: `earlier_loaded` matters only when
/// there are earlier reviews to load.
impl PartialEq for Assessment {
    fn eq(&self, other: &Self) -> bool {
        self.schema == other.schema
            && self.framework == other.framework
            && self.person == other.person
            && self.earlier == other.earlier
            && self.reviews == other.reviews
            && self.plan == other.plan
            && self.archived == other.archived
            && self.person_id == other.person_id
            && self.sheet == other.sheet
            && self.complete() == other.complete()
    }
}

/// The file's shape of an [`Assessment`].
#[derive(Serialize)]
struct AssessmentFile<'a> {
    schema: u32,
    framework: &'a FrameworkRef,
    person: &'a Person,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    earlier: &'a [EarlierRef],
    reviews: &'a [Review],
    #[serde(skip_serializing_if = "Plan::is_empty")]
    plan: &'a Plan,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    archived: &'a [Archived],
    #[serde(skip_serializing_if = "Option::is_none")]
    person_id: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: &'a Option<Box<Sheet>>,
}

impl Serialize for Assessment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AssessmentFile {
            schema: self.file_schema(),
            framework: &self.framework,
            person: &self.person,
            earlier: &self.earlier,
            reviews: self.inline_reviews(),
            plan: &self.plan,
            archived: &self.archived,
            person_id: &self.person_id,
            sheet: &self.sheet,
        }
        .serialize(serializer)
    }
}

/// Where a closed review is kept, with enough about it to list it unread.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct EarlierRef {
    pub title: String,
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen: Option<Date>,
    /// The file, relative to the assessment's folder (or absolute).
    pub file: String,
}

/// A closed review's own file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlierFile {
    pub schema: u32,
    pub review: Review,
}

/// Which framework, at which version, the marks refer to.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct FrameworkRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
}

/// One review cycle ("2026 mid-year").
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
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
    /// Raters removed from this review, with every level and note they had
    /// recorded in it: kept, never deleted, and out of the comparisons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub archived_raters: Vec<ArchivedRater>,
    /// Standard id, then stage id, to what was recorded.
    #[serde(default, deserialize_with = "unique_marks")]
    pub marks: BTreeMap<StandardId, StageMarks>,
    /// Strengths and priorities the person pinned (see `model::proposals`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pins: Vec<Pin>,
    /// Proposals set aside in this review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<Dismissal>,
    /// What the plan was when this review closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_at_close: Option<Plan>,
    /// Raters' sheets merged into this review, by fingerprint
    /// (`model::sheet`), so merging one again changes nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<String>,
}

/// `marks`, where a standard given twice is an error.
fn unique_marks<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<StandardId, StageMarks>, D::Error> {
    super::unique::map(deserializer, |id| {
        format!("standard \"{id}\" is in marks twice: put all its stages in one entry")
    })
}

/// Someone other than the person themself who rates in a review.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Rater {
    /// Stable key used in `Mark::others` (`"coach"`).
    pub id: String,
    pub name: String,
    pub role: RaterRole,
}

/// A rater removed from a review, and what they had recorded in it.
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
pub struct ArchivedRater {
    pub rater: Rater,
    /// When they were removed.
    pub removed: Date,
    /// Standard id, then stage id, to their view.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub views: BTreeMap<StandardId, BTreeMap<StageId, View>>,
}

#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub enum RaterRole {
    Coach,
    LineManager,
    /// The council's Leader or a directly elected mayor.
    Leader,
    Peer,
    Other(String),
}

/// Everything recorded for one standard at one stage in one review.
#[derive(Debug, Clone, Default, PartialEq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Hash, Serialize, Deserialize)]
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

/// A mark kept after its standard left the framework.
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
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
    /// Change `rater`'s view of this mark. The one rule for views: a view
    /// left with no level and no note is removed, not kept empty.
    pub fn edit_view(&mut self, rater: &str, edit: impl FnOnce(&mut View)) {
        let view = self.others.entry(rater.to_owned()).or_default();
        edit(view);
        if view.rating.is_unrated() && view.note.is_empty() {
            self.others.remove(rater);
        }
    }

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
            archived_raters: Vec::new(),
            marks: BTreeMap::new(),
            pins: Vec::new(),
            dismissed: Vec::new(),
            plan_at_close: None,
            merged: Vec::new(),
        }
    }

    /// The schema a file holding this review needs.
    pub fn needed_schema(&self) -> u32 {
        if !self.merged.is_empty() {
            SHARE_SCHEMA
        } else if self.pins.is_empty() && self.dismissed.is_empty() && self.plan_at_close.is_none()
        {
            SPLIT_SCHEMA
        } else {
            PLAN_SCHEMA
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
            schema: SPLIT_SCHEMA,
            framework,
            person,
            earlier: Vec::new(),
            reviews: vec![review],
            plan: Plan::default(),
            archived: Vec::new(),
            person_id: None,
            sheet: None,
            earlier_loaded: true,
        }
    }

    /// The reviews the file itself holds: all but those in files of their own.
    pub fn inline_reviews(&self) -> &[Review] {
        let skip = if self.earlier_loaded {
            self.earlier.len().min(self.reviews.len())
        } else {
            0
        };
        &self.reviews[skip..]
    }

    /// Whether every review is in `reviews`.
    pub fn complete(&self) -> bool {
        self.earlier_loaded || self.earlier.is_empty()
    }

    /// How many reviews there are, loaded or not.
    pub fn review_count(&self) -> usize {
        self.reviews.len()
            + if self.complete() {
                0
            } else {
                self.earlier.len()
            }
    }

    /// What the file holds, as a value of its own: the same as reading back
    /// what serialising `self` writes.
    pub fn file_part(&self) -> Assessment {
        Assessment {
            schema: self.schema,
            framework: self.framework.clone(),
            person: self.person.clone(),
            earlier: self.earlier.clone(),
            reviews: self.inline_reviews().to_vec(),
            plan: self.plan.clone(),
            archived: self.archived.clone(),
            person_id: self.person_id.clone(),
            sheet: self.sheet.clone(),
            earlier_loaded: false,
        }
    }

    /// Whether `self`, as read back from a file, is what writing `written` wrote.
    pub fn is_file_of(&self, written: &Assessment) -> bool {
        self.schema == written.file_schema()
            && self.framework == written.framework
            && self.person == written.person
            && self.earlier == written.earlier
            && self.reviews == written.inline_reviews()
            && self.plan == written.plan
            && self.archived == written.archived
            && self.person_id == written.person_id
            && self.sheet == written.sheet
    }

    /// Raise the schema to what the file needs: schema 3 once it holds a
    /// plan, pins or dismissals (so an older reflect, which would drop
    /// them, opens it read-only). Never lowers it.
    pub fn settle_schema(&mut self) {
        self.schema = self.file_schema();
    }

    /// The schema its file is written with: its own, raised to what its
    /// contents need, so no writer can label a plan with a schema whose
    /// readers would drop it.
    pub fn file_schema(&self) -> u32 {
        let needed = self.reviews.iter().map(Review::needed_schema).max();
        let needs_plan = !self.plan.is_empty() || needed > Some(SPLIT_SCHEMA);
        let needs_share =
            self.person_id.is_some() || self.sheet.is_some() || needed >= Some(SHARE_SCHEMA);
        match (needs_share, needs_plan) {
            (true, _) => self.schema.max(SHARE_SCHEMA),
            (false, true) => self.schema.max(PLAN_SCHEMA),
            (false, false) => self.schema,
        }
    }

    /// Put the earlier reviews, read from their files, in front.
    pub fn attach_earlier(&mut self, earlier: Vec<Review>) {
        debug_assert!(!self.earlier_loaded && earlier.len() == self.earlier.len());
        let inline = std::mem::replace(&mut self.reviews, earlier);
        self.reviews.extend(inline);
        self.earlier_loaded = true;
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

#[cfg(test)]
mod view_tests {
    use super::*;

    /// The one rule for another rater's view: kept while it holds a level
    /// or a note, removed when it holds neither.
    #[test]
    fn a_view_with_no_level_and_no_note_is_removed() {
        let mut mark = Mark::default();
        mark.edit_view("coach", |v| v.rating = Rating::Level(3));
        assert_eq!(mark.others["coach"].rating, Rating::Level(3));
        mark.edit_view("coach", |v| v.note = "said so".into());
        mark.edit_view("coach", |v| v.rating = Rating::Unrated);
        assert_eq!(mark.others["coach"].note, "said so");
        mark.edit_view("coach", |v| v.note.clear());
        assert!(mark.others.is_empty());
        // Opening a view and leaving it empty leaves nothing behind.
        mark.edit_view("leader", |_| {});
        assert!(mark.others.is_empty());
    }
}
