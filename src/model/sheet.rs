//! A rater's sheet, and bringing one back into the assessment it came from.
//!
//! A coach or line manager often rates before the conversation, on their
//! own machine. `reflect sheet` writes them a sheet: an assessment of the
//! same person against the same framework with one review, the review the
//! sheet is for, and [`Assessment::sheet`] saying whose sheet it is. The
//! rater opens it in reflect like any assessment (their levels are the
//! sheet's own levels, their notes its notes, private as they choose) or
//! fills it in by hand; nothing of the person's own (their levels, notes,
//! plan) is on it.
//!
//! [`plan_merge`] works out what the sheet would change in the person's
//! assessment, field by field (a level, a note), against what the sheet
//! started from ([`Sheet::base`]): a field only the sheet changed is taken;
//! one only the assessment changed is kept; one both changed, to different
//! values, is a conflict for the user to settle ([`Merge::apply`] with a
//! [`Side`]), never settled silently. Merging the same sheet again changes
//! nothing. A note the rater marked private is never merged.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::assessment::{Assessment, FrameworkRef, Person, Rater, RaterRole, Rating, Review, View};
use super::framework::{Framework, StageId, StandardId};
use super::migrate::resolve;

/// What makes an assessment a rater's sheet.
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
pub struct Sheet {
    /// Who fills it in: their id in the person's review, name and role.
    pub rater: Rater,
    /// The review it is for, as the person's assessment names it.
    pub review: ReviewRef,
    /// The day it was written.
    pub written: Date,
    /// Every standard's wording, by id, for a rater filling it in by hand.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub standards: BTreeMap<StandardId, String>,
    /// The rater's view as the person's assessment held it when the sheet
    /// was written (it starts the sheet): what a merge compares both sides with.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub base: BTreeMap<StandardId, BTreeMap<StageId, View>>,
}

/// A review by its title and the day it was opened.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReviewRef {
    pub title: String,
    pub date: Date,
}

impl ReviewRef {
    pub fn of(review: &Review) -> ReviewRef {
        ReviewRef {
            title: review.title.clone(),
            date: review.date,
        }
    }

    pub fn is(&self, review: &Review) -> bool {
        self.title == review.title && self.date == review.date
    }
}

/// The rater a sheet is for: one already in the current review (by id or,
/// failing that, by role and name), else a new one.
pub fn rater_for(review: &Review, role: &RaterRole, name: Option<&str>) -> Rater {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let found = review
        .raters
        .iter()
        .find(|r| r.role == *role && name.is_none_or(|n| r.name.trim().eq_ignore_ascii_case(n)));
    match found {
        Some(rater) => rater.clone(),
        None => {
            // The id add_rater would give, for the sheet to name; a merge
            // checks it again.
            let mut probe = review.clone();
            probe.frozen = None;
            let id = probe
                .add_rater(name.unwrap_or(""), role.clone())
                .unwrap_or_else(|_| role.id_stem());
            Rater {
                id,
                name: name.unwrap_or("").to_owned(),
                role: role.clone(),
            }
        }
    }
}

/// A sheet for `rater` to rate `assessment`'s current review: the person's
/// name and role, the framework, the review's title and date, and the
/// rater's own view so far; nothing else of the person's.
pub fn sheet_for(
    assessment: &Assessment,
    framework: &Framework,
    rater: Rater,
    today: Date,
) -> Assessment {
    let current = assessment.current();
    let mut review = Review::new(current.title.clone(), current.date);
    let mut base: BTreeMap<StandardId, BTreeMap<StageId, View>> = BTreeMap::new();
    for (standard, stages) in &current.marks {
        for (stage, mark) in stages.iter() {
            if let Some(view) = mark.others.get(&rater.id) {
                let own = review.mark_mut(standard, stage);
                own.rating = view.rating;
                own.note = view.note.clone();
                review.tidy(standard, stage);
                base.entry(standard.clone())
                    .or_default()
                    .insert(stage.clone(), view.clone());
            }
        }
    }
    let mut sheet = Assessment::new(
        FrameworkRef {
            id: assessment.framework.id.clone(),
            version: framework.version.clone(),
        },
        Person {
            name: assessment.person.name.clone(),
            role: assessment.person.role.clone(),
            organisation: String::new(),
        },
        review,
    );
    sheet.sheet = Some(Box::new(Sheet {
        rater,
        review: ReviewRef::of(current),
        written: today,
        standards: framework
            .standards()
            .map(|(_, s)| (s.id.clone(), s.text.clone()))
            .collect(),
        base,
    }));
    sheet.settle_schema();
    sheet
}

/// Which side a conflict is settled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// What the person's assessment holds.
    Ours,
    /// What the sheet holds.
    Theirs,
}

impl Side {
    /// The side not chosen: whose values go to the conflict copy.
    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }
}

/// One field of one view: the rater's level, or their note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Level(Rating),
    Note(String),
}

impl Value {
    /// "3", "not applicable", "no level"; a note as it is, or "no note".
    pub fn describe(&self) -> String {
        match self {
            Value::Level(Rating::Level(n)) => n.to_string(),
            Value::Level(Rating::NotApplicable) => "not applicable".into(),
            Value::Level(Rating::Unrated) => "no level".into(),
            Value::Note(n) if n.is_empty() => "no note".into(),
            Value::Note(n) => format!("\"{n}\""),
        }
    }

    fn of(view: Option<&View>, level: bool) -> Value {
        match (view, level) {
            (Some(v), true) => Value::Level(v.rating),
            (None, true) => Value::Level(Rating::Unrated),
            (Some(v), false) => Value::Note(v.note.clone()),
            (None, false) => Value::Note(String::new()),
        }
    }

    fn set(&self, view: &mut View) {
        match self {
            Value::Level(r) => view.rating = *r,
            Value::Note(n) => view.note = n.clone(),
        }
    }
}

/// One field the merge would change, or a conflict over one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub standard: StandardId,
    pub stage: StageId,
    /// What the assessment holds.
    pub ours: Value,
    /// What the sheet holds.
    pub theirs: Value,
    /// Both sides changed it since the sheet was written.
    pub conflict: bool,
}

/// What merging a sheet would do to an assessment's current review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// The rater whose view the sheet holds, as they will be in the review.
    pub rater: Rater,
    /// The rater is new to the review, and will be added.
    pub new_rater: bool,
    /// Fields to take from the sheet, and conflicts, in framework order.
    pub changes: Vec<FieldChange>,
    /// Notes the rater marked private: never merged.
    pub private_kept: usize,
    /// Marks on the sheet for standards the framework does not have.
    pub left_out: usize,
    /// The sheet was for another review, and goes into the current one.
    pub mapped_from: Option<ReviewRef>,
    /// The sheet's fingerprint, recorded in the review once merged.
    pub fingerprint: String,
    /// This very sheet was merged into the review before: nothing to do.
    pub already: bool,
}

impl Merge {
    pub fn conflicts(&self) -> usize {
        self.changes.iter().filter(|c| c.conflict).count()
    }

    /// Nothing to do: the sheet's view is already in the review.
    pub fn is_empty(&self) -> bool {
        self.already || (self.changes.is_empty() && !self.new_rater)
    }

    /// Bring the sheet into `review`, settling conflicts for `side`.
    pub fn apply(&self, review: &mut Review, side: Side) -> Result<(), super::review::ReviewError> {
        review.check_writable()?;
        if self.already {
            return Ok(());
        }
        if !review.merged.contains(&self.fingerprint) {
            review.merged.push(self.fingerprint.clone());
        }
        if self.new_rater && review.rater(&self.rater.id).is_none() {
            review.raters.push(self.rater.clone());
        }
        for change in &self.changes {
            let value = match (change.conflict, side) {
                (true, Side::Ours) => &change.ours,
                _ => &change.theirs,
            };
            let mark = review.mark_mut(&change.standard, &change.stage);
            mark.edit_view(&self.rater.id, |view| value.set(view));
            review.tidy(&change.standard, &change.stage);
        }
        Ok(())
    }

    /// One line per change, for a preview: "sl.place.1 knowledge: level 3 (was no level)".
    pub fn lines(&self, framework: &Framework) -> Vec<String> {
        self.changes
            .iter()
            .map(|c| {
                let stage = framework
                    .stage(&c.stage)
                    .map_or(c.stage.as_str(), |s| s.name.as_str());
                let what = match c.theirs {
                    Value::Level(_) => "level",
                    Value::Note(_) => "note",
                };
                if c.conflict {
                    format!(
                        "CONFLICT {} {stage}: {what} here {}, on the sheet {}",
                        c.standard,
                        c.ours.describe(),
                        c.theirs.describe()
                    )
                } else {
                    format!(
                        "{} {stage}: {what} {} (was {})",
                        c.standard,
                        c.theirs.describe(),
                        c.ours.describe()
                    )
                }
            })
            .collect()
    }

    /// "12 levels and 3 notes from Sam Patel (coach), 1 conflict".
    pub fn describe(&self) -> String {
        let levels = self
            .changes
            .iter()
            .filter(|c| !c.conflict && matches!(c.theirs, Value::Level(_)))
            .count();
        let notes = self
            .changes
            .iter()
            .filter(|c| !c.conflict && matches!(c.theirs, Value::Note(_)))
            .count();
        let mut parts = vec![format!(
            "{} and {} from {}",
            count(levels, "level"),
            count(notes, "note"),
            self.rater.display()
        )];
        if self.new_rater {
            parts.push(format!("{} added as a rater", self.rater.display()));
        }
        match self.conflicts() {
            0 => {}
            n => parts.push(format!(
                "{} (changed both here and on the sheet)",
                count(n, "conflict")
            )),
        }
        if self.private_kept > 0 {
            parts.push(format!(
                "{} the rater marked private left out",
                count(self.private_kept, "note")
            ));
        }
        if self.left_out > 0 {
            parts.push(format!(
                "{} on standards the framework no longer has left out",
                count(self.left_out, "mark")
            ));
        }
        parts.join("; ")
    }
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Why a sheet cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotASheet,
    OtherFramework {
        sheet: String,
        ours: String,
    },
    OtherPerson {
        sheet: String,
        ours: String,
    },
    /// The sheet is for a review that is closed, or that this assessment
    /// does not have; `into_current` would map it.
    OtherReview {
        sheet: ReviewRef,
        closed: Option<Date>,
        current: ReviewRef,
    },
    CurrentClosed,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotASheet => write!(
                f,
                "it is not a rater's sheet (`reflect sheet FILE --rater ROLE` writes one)"
            ),
            Refusal::OtherFramework { sheet, ours } => write!(
                f,
                "the sheet is for the framework \"{sheet}\", the assessment for \"{ours}\": \
                 a sheet merges only into an assessment of its own framework"
            ),
            Refusal::OtherPerson { sheet, ours } => write!(
                f,
                "the sheet rates {sheet}, the assessment is {ours}'s: it was written for \
                 someone else's assessment"
            ),
            Refusal::OtherReview {
                sheet,
                closed,
                current,
            } => {
                let why = match closed {
                    Some(d) => format!("which was closed on {d}"),
                    None => "which this assessment does not have".into(),
                };
                write!(
                    f,
                    "the sheet is for the review \"{}\" of {}, {why}; to bring its levels into \
                     the current review \"{}\" instead, add --into-current",
                    sheet.title, sheet.date, current.title
                )
            }
            Refusal::CurrentClosed => write!(
                f,
                "the current review is closed: start a new one (`reflect review start`) first"
            ),
        }
    }
}

/// What merging `sheet` (brought up to date with `framework` already) into
/// `assessment` would change. `into_current`: a sheet for another review
/// goes into the current one.
pub fn plan_merge(
    assessment: &Assessment,
    framework: &Framework,
    sheet: &Assessment,
    into_current: bool,
) -> Result<Merge, Refusal> {
    let info = sheet.sheet.as_deref().ok_or(Refusal::NotASheet)?;
    if sheet.framework.id != assessment.framework.id {
        return Err(Refusal::OtherFramework {
            sheet: sheet.framework.id.clone(),
            ours: assessment.framework.id.clone(),
        });
    }
    if sheet.person.name.trim() != assessment.person.name.trim() {
        return Err(Refusal::OtherPerson {
            sheet: sheet.person.name.clone(),
            ours: assessment.person.name.clone(),
        });
    }
    let current = assessment.current();
    if current.frozen.is_some() {
        return Err(Refusal::CurrentClosed);
    }
    let same_review = info.review.is(current);
    if !same_review && !into_current {
        let closed = assessment
            .reviews
            .iter()
            .find(|r| info.review.is(r))
            .and_then(|r| r.frozen);
        return Err(Refusal::OtherReview {
            sheet: info.review.clone(),
            closed,
            current: ReviewRef::of(current),
        });
    }
    // The rater: the same id and role, else the same role and name, else new.
    let existing = current
        .raters
        .iter()
        .find(|r| r.id == info.rater.id && r.role == info.rater.role)
        .or_else(|| {
            current.raters.iter().find(|r| {
                r.role == info.rater.role
                    && r.name.trim().eq_ignore_ascii_case(info.rater.name.trim())
            })
        });
    let (rater, new_rater) = match existing {
        Some(r) => (r.clone(), false),
        None => {
            let mut probe = current.clone();
            let id = probe
                .add_rater(&info.rater.name, info.rater.role.clone())
                .map_err(|_| Refusal::CurrentClosed)?;
            let rater = probe.rater(&id).cloned().expect("just added");
            (rater, true)
        }
    };
    // What the sheet started from, by the framework's ids now; a sheet
    // mapped into another review started from nothing of that review's.
    let mut base: BTreeMap<(String, String), &View> = BTreeMap::new();
    if same_review {
        for (standard, stages) in &info.base {
            for (stage, view) in stages {
                base.insert(
                    (resolve(framework, standard).to_owned(), stage.clone()),
                    view,
                );
            }
        }
    }
    let theirs_marks = &sheet.current().marks;
    let mut changes = Vec::new();
    let mut private_kept = 0;
    for (_, standard) in framework.standards() {
        for stage in framework.stages_of(standard) {
            let key = (standard.id.clone(), stage.id.clone());
            let mark = theirs_marks
                .get(&standard.id)
                .and_then(|stages| stages.get(&stage.id));
            let was = base.get(&key).copied();
            let ours = current
                .mark(&standard.id, &stage.id)
                .and_then(|m| m.others.get(&rater.id));
            let theirs = mark.map(|m| View {
                rating: m.rating,
                note: m.note.clone(),
            });
            for level in [true, false] {
                let mut t = Value::of(theirs.as_ref(), level);
                if !level && mark.is_some_and(|m| m.private && !m.note.is_empty()) {
                    private_kept += 1;
                    // Private to the rater: as if unchanged.
                    t = Value::of(was, false);
                }
                let o = Value::of(ours, level);
                let b = Value::of(was, level);
                if t == o || t == b {
                    continue;
                }
                changes.push(FieldChange {
                    standard: standard.id.clone(),
                    stage: stage.id.clone(),
                    conflict: o != b,
                    ours: o,
                    theirs: t,
                });
            }
        }
    }
    let left_out = sheet.archived.iter().map(|a| a.marks.len()).sum::<usize>()
        + theirs_marks
            .iter()
            .filter(|(id, _)| framework.standard(id).is_none())
            .map(|(_, stages)| stages.len())
            .sum::<usize>();
    let fingerprint = fingerprint(info, &sheet.current().marks);
    let already = current.merged.contains(&fingerprint);
    if already {
        changes.clear();
    }
    Ok(Merge {
        rater,
        new_rater: new_rater && !already,
        changes,
        private_kept,
        left_out,
        mapped_from: (!same_review).then(|| info.review.clone()),
        fingerprint,
        already,
    })
}

/// "coach 2026-12-03 3f9a…": the rater, the day the sheet was written, and
/// a hash (64-bit FNV-1a) of what it holds, so the same sheet merged again
/// is known, and a sheet changed since is not taken for it.
pub fn fingerprint(info: &Sheet, marks: &BTreeMap<StandardId, super::StageMarks>) -> String {
    use std::hash::{Hash, Hasher};
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 ^= u64::from(*b);
                self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    info.review.hash(&mut h);
    marks.hash(&mut h);
    format!("{} {} {:016x}", info.rater.id, info.written, h.finish())
}

#[cfg(test)]
mod tests;
