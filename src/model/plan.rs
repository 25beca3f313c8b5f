//! The development plan: objectives agreed with someone, and development
//! actions linked to the framework, each with a due date and a status. The
//! plan belongs to the assessment and spans reviews; a review keeps a copy
//! of what it was when the review closed.
//!
//! Files written before schema 3 held the plan as a list of actions with
//! `done: bool` and one standard and stage; they still load, and read as
//! actions (see [`Plan`]'s `Deserialize`).

use std::fmt;

use jiff::civil::Date;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::framework::{Framework, StageId, StandardId};

/// The schema that holds the plan in this shape (and pins in reviews).
pub const PLAN_SCHEMA: u32 = 3;

/// Objectives and development actions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Plan {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Objective>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// The highest ids given so far, so an id is never given again after
    /// its item was deleted (a closed review's copy may still name it).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub last_objective: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub last_action: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Something to achieve, agreed with someone (the Leader, a line manager).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Objective {
    /// Unique among the objectives; shown as `O1`.
    #[serde(default)]
    pub id: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// How success will be known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub measure: String,
    /// The corporate plan priority it serves, in the council's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub priority: String,
    /// The rater id of who agreed it (`"leader"`), if agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_by: Option<String>,
    /// Their name when it was agreed, so it reads right after they leave.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub agreed_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    #[serde(default)]
    pub status: Status,
    /// When each status was set, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusSet>,
}

/// Something the person will do to develop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "ActionFile")]
pub struct Action {
    /// Unique among the actions; shown as `A1`.
    #[serde(default)]
    pub id: u32,
    /// What they will do, in their words.
    pub action: String,
    #[serde(default, skip_serializing_if = "ActionKind::is_other")]
    pub kind: ActionKind,
    /// The standards, themes and stages it develops.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The id of a development offer it takes up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<String>,
    /// The objective it serves, by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    #[serde(default)]
    pub status: Status,
    /// When each status was set, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<StatusSet>,
    /// What shows it was done.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
}

/// An action as a file holds it: schema 1 and 2 held one standard and
/// stage, and done or not, which reading moves into `links` and `status`.
#[derive(Deserialize)]
struct ActionFile {
    #[serde(default)]
    id: u32,
    action: String,
    #[serde(default)]
    kind: ActionKind,
    #[serde(default)]
    links: Vec<Link>,
    #[serde(default)]
    offer: Option<String>,
    #[serde(default)]
    objective: Option<u32>,
    #[serde(default)]
    due: Option<Date>,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    history: Vec<StatusSet>,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    standard: Option<StandardId>,
    #[serde(default)]
    stage: Option<StageId>,
    #[serde(default)]
    done: bool,
}

impl From<ActionFile> for Action {
    fn from(file: ActionFile) -> Action {
        let mut links = file.links;
        if file.standard.is_some() || file.stage.is_some() {
            let link = Link {
                theme: None,
                standard: file.standard,
                stage: file.stage,
            };
            if !links.contains(&link) {
                links.insert(0, link);
            }
        }
        Action {
            id: file.id,
            action: file.action,
            kind: file.kind,
            links,
            offer: file.offer,
            objective: file.objective,
            due: file.due,
            status: if file.done && file.status == Status::Planned {
                Status::Done
            } else {
                file.status
            },
            history: file.history,
            evidence: file.evidence,
        }
    }
}

/// What part of the framework an action develops: a standard (at a stage,
/// or all), a theme (at a stage, or all), or a stage.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Link {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<StandardId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageId>,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Status {
    #[default]
    Planned,
    InProgress,
    Done,
    Dropped,
}

/// A status, and the day it was set.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StatusSet {
    pub status: Status,
    pub on: Date,
}

/// What kind of development an action is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActionKind {
    Programme,
    Coaching,
    ActionLearning,
    /// A stretch role or a secondment.
    Stretch,
    PeerNetwork,
    Reading,
    #[default]
    Other,
}

/// An objective or an action, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemId {
    Objective(u32),
    Action(u32),
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Planned,
        Status::InProgress,
        Status::Done,
        Status::Dropped,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in progress",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// Still to do: planned or in progress.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Planned | Status::InProgress)
    }

    /// The next status in [`Status::ALL`], round.
    pub fn next(self) -> Status {
        let i = Status::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Status::ALL[(i + 1) % Status::ALL.len()]
    }

    /// From the words a user types: "done", "in-progress", "in progress".
    pub fn parse(text: &str) -> Option<Status> {
        let t = text.trim().to_lowercase().replace(['-', '_'], " ");
        Status::ALL
            .into_iter()
            .find(|s| s.label() == t)
            .or(match t.as_str() {
                "inprogress" | "started" => Some(Status::InProgress),
                _ => None,
            })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl ActionKind {
    pub const ALL: [ActionKind; 7] = [
        ActionKind::Programme,
        ActionKind::Coaching,
        ActionKind::ActionLearning,
        ActionKind::Stretch,
        ActionKind::PeerNetwork,
        ActionKind::Reading,
        ActionKind::Other,
    ];

    fn is_other(&self) -> bool {
        *self == ActionKind::Other
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Programme => "programme",
            ActionKind::Coaching => "coaching",
            ActionKind::ActionLearning => "action learning",
            ActionKind::Stretch => "stretch role or secondment",
            ActionKind::PeerNetwork => "peer network",
            ActionKind::Reading => "reading",
            ActionKind::Other => "other",
        }
    }

    /// From the words a user types ("action-learning", "stretch").
    pub fn parse(text: &str) -> Option<ActionKind> {
        let t = text.trim().to_lowercase().replace(['-', '_'], " ");
        ActionKind::ALL
            .into_iter()
            .find(|k| k.label() == t || k.label().split(' ').next() == Some(t.as_str()))
    }

    /// The kind of action taking up an offer of `kind` is.
    pub fn of_offer(kind: super::offer::Kind) -> ActionKind {
        use super::offer::Kind as K;
        match kind {
            K::Programme | K::Module => ActionKind::Programme,
            K::Coaching | K::Mentoring => ActionKind::Coaching,
            K::ActionLearning => ActionKind::ActionLearning,
            K::PeerNetwork => ActionKind::PeerNetwork,
            K::ELearning | K::Webinar | K::Workbook | K::Publication | K::Guidance => {
                ActionKind::Reading
            }
            K::StretchRole => ActionKind::Stretch,
            K::Support | K::Recruitment => ActionKind::Other,
        }
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemId::Objective(n) => write!(f, "O{n}"),
            ItemId::Action(n) => write!(f, "A{n}"),
        }
    }
}

impl ItemId {
    /// `O2`, `a3` (either case).
    pub fn parse(text: &str) -> Option<ItemId> {
        let t = text.trim();
        let (kind, number) = t.split_at(t.char_indices().nth(1).map_or(t.len(), |(i, _)| i));
        let n: u32 = number.parse().ok().filter(|n| *n > 0)?;
        match kind {
            "O" | "o" => Some(ItemId::Objective(n)),
            "A" | "a" => Some(ItemId::Action(n)),
            _ => None,
        }
    }
}

impl Link {
    pub fn standard(standard: &str, stage: Option<&str>) -> Link {
        Link {
            theme: None,
            standard: Some(standard.to_owned()),
            stage: stage.map(str::to_owned),
        }
    }

    pub fn theme(theme: &str, stage: Option<&str>) -> Link {
        Link {
            theme: Some(theme.to_owned()),
            standard: None,
            stage: stage.map(str::to_owned),
        }
    }

    /// Whether it links to `standard` (of theme `theme`) at `stage`: the
    /// standard itself, its theme, or the stage alone.
    pub fn touches(&self, theme: &str, standard: &str, stage: &str) -> bool {
        let on_stage = self.stage.as_deref().is_none_or(|s| s == stage);
        let on_standard = match (&self.standard, &self.theme) {
            (Some(s), _) => s == standard,
            (None, Some(t)) => t == theme,
            (None, None) => true,
        };
        on_stage && on_standard
    }

    /// The theme it falls under in `framework`, by index.
    pub fn theme_index(&self, framework: &Framework) -> Option<usize> {
        if let Some(standard) = &self.standard {
            return framework
                .themes
                .iter()
                .position(|t| t.standards.iter().any(|s| &s.id == standard));
        }
        let theme = self.theme.as_deref()?;
        framework.themes.iter().position(|t| t.id == theme)
    }

    /// "sl.place.1 at knowledge", "theme place", "every theme at judgement".
    pub fn describe(&self, framework: &Framework) -> String {
        let what = match (&self.standard, &self.theme) {
            (Some(s), _) => s.clone(),
            (None, Some(t)) => framework
                .themes
                .iter()
                .find(|x| &x.id == t)
                .map_or_else(|| t.clone(), |x| x.title.clone()),
            (None, None) => "every theme".into(),
        };
        match &self.stage {
            Some(stage) => {
                let name = framework.stage(stage).map_or(stage.as_str(), |s| &s.name);
                format!("{what}, {}", name.to_lowercase())
            }
            None => what,
        }
    }
}

impl Action {
    pub fn new(action: &str) -> Action {
        Action {
            action: action.trim().to_owned(),
            ..Action::default()
        }
    }

    /// Due before `today` and still to do.
    pub fn is_overdue(&self, today: Date) -> bool {
        overdue(self.status, self.due, today)
    }

    /// When its status was last set.
    pub fn status_since(&self) -> Option<Date> {
        self.history.last().map(|h| h.on)
    }

    /// Whether it develops `standard` (of `theme`) at `stage`.
    pub fn touches(&self, theme: &str, standard: &str, stage: &str) -> bool {
        self.links.iter().any(|l| l.touches(theme, standard, stage))
    }
}

impl Objective {
    pub fn new(title: &str) -> Objective {
        Objective {
            title: title.trim().to_owned(),
            ..Objective::default()
        }
    }

    pub fn is_overdue(&self, today: Date) -> bool {
        overdue(self.status, self.due, today)
    }

    /// When its status was last set.
    pub fn status_since(&self) -> Option<Date> {
        self.history.last().map(|h| h.on)
    }
}

/// Due before `today` and still to do.
fn overdue(status: Status, due: Option<Date>, today: Date) -> bool {
    status.is_open() && due.is_some_and(|d| d < today)
}

/// Links as the form writes them: `sl.place.1@experience, place`.
pub fn links_text(links: &[Link]) -> String {
    links
        .iter()
        .map(|l| {
            let what = l
                .standard
                .as_deref()
                .or(l.theme.as_deref())
                .unwrap_or_default();
            match (&l.stage, what.is_empty()) {
                (Some(stage), true) => format!("@{stage}"),
                (Some(stage), false) => format!("{what}@{stage}"),
                (None, _) => what.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Links from what the form holds: each a standard id or a theme id,
/// `@stage` after it for one stage, or `@stage` alone.
pub fn parse_links(framework: &Framework, text: &str) -> Result<Vec<Link>, String> {
    let mut links = Vec::new();
    for part in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (what, stage) = match part.split_once('@') {
            Some((what, stage)) => (what.trim(), Some(stage.trim())),
            None => (part, None),
        };
        if let Some(stage) = stage
            && framework.stage(stage).is_none()
        {
            let stages: Vec<&str> = framework.stages.iter().map(|s| s.id.as_str()).collect();
            return Err(format!(
                "\"{stage}\" is not a stage: one of {}",
                stages.join(", ")
            ));
        }
        let link = if what.is_empty() {
            Link {
                stage: stage.map(str::to_owned),
                ..Link::default()
            }
        } else if framework.standard(what).is_some() {
            Link::standard(what, stage)
        } else if framework.themes.iter().any(|t| t.id == what) {
            Link::theme(what, stage)
        } else {
            return Err(format!(
                "\"{what}\" is not a standard or theme id of this framework"
            ));
        };
        if !links.contains(&link) {
            links.push(link);
        }
    }
    Ok(links)
}

/// What went wrong with a change to the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    NoSuchItem(ItemId),
    EmptyTitle,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::NoSuchItem(id) => write!(f, "the plan has no {id}"),
            PlanError::EmptyTitle => f.write_str("say what it is: the title is empty"),
        }
    }
}

impl std::error::Error for PlanError {}

impl Plan {
    /// Nothing in it (the ids given before aside).
    pub fn is_empty(&self) -> bool {
        self.objectives.is_empty() && self.actions.is_empty()
    }

    /// Ids for items read without one (written before schema 3, or by
    /// hand), or with one given twice. Returns whether any was given.
    pub fn settle(&mut self) -> bool {
        let objectives = number(
            self.objectives.iter_mut().map(|o| &mut o.id),
            &mut self.last_objective,
        );
        number(
            self.actions.iter_mut().map(|a| &mut a.id),
            &mut self.last_action,
        ) || objectives
    }

    /// Rename standard ids (a new framework version): returns the pairs renamed.
    pub fn rename_standards(&mut self, resolve: impl Fn(&str) -> String) -> Vec<(String, String)> {
        let mut renamed = Vec::new();
        for link in self.actions.iter_mut().flat_map(|a| a.links.iter_mut()) {
            if let Some(old) = &link.standard {
                let new = resolve(old);
                if &new != old {
                    renamed.push((old.clone(), new.clone()));
                    link.standard = Some(new);
                }
            }
        }
        renamed
    }

    pub fn objective(&self, id: u32) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id == id)
    }

    pub fn action(&self, id: u32) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }

    pub fn action_mut(&mut self, id: u32) -> Result<&mut Action, PlanError> {
        self.actions
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or(PlanError::NoSuchItem(ItemId::Action(id)))
    }

    pub fn objective_mut(&mut self, id: u32) -> Result<&mut Objective, PlanError> {
        self.objectives
            .iter_mut()
            .find(|o| o.id == id)
            .ok_or(PlanError::NoSuchItem(ItemId::Objective(id)))
    }

    /// Add an objective, planned from `today`; returns its id.
    pub fn add_objective(&mut self, objective: Objective, today: Date) -> Result<u32, PlanError> {
        add(
            &mut self.objectives,
            &mut self.last_objective,
            objective,
            today,
        )
    }

    /// Add an action, planned from `today`; returns its id.
    pub fn add_action(&mut self, action: Action, today: Date) -> Result<u32, PlanError> {
        add(&mut self.actions, &mut self.last_action, action, today)
    }

    /// Set an item's status on `today` (a status set again the same day
    /// replaces that day's entry). Returns the status it had.
    pub fn set_status(
        &mut self,
        id: ItemId,
        status: Status,
        today: Date,
    ) -> Result<Status, PlanError> {
        let (current, history) = match id {
            ItemId::Objective(n) => {
                let o = self.objective_mut(n)?;
                (&mut o.status, &mut o.history)
            }
            ItemId::Action(n) => {
                let a = self.action_mut(n)?;
                (&mut a.status, &mut a.history)
            }
        };
        let was = *current;
        if was == status {
            return Ok(was);
        }
        *current = status;
        let many = history.len() > 1;
        match history.last_mut() {
            Some(last) if last.on == today && many => last.status = status,
            _ => history.push(StatusSet { status, on: today }),
        }
        // Set back the same day to what it was before: one entry, not two.
        if let [.., a, b] = history.as_slice()
            && a.status == b.status
        {
            history.pop();
        }
        Ok(was)
    }

    /// Take an item out of the plan. Actions serving a removed objective
    /// no longer name it.
    pub fn remove(&mut self, id: ItemId) -> Result<(), PlanError> {
        match id {
            ItemId::Objective(n) => {
                let i = self
                    .objectives
                    .iter()
                    .position(|o| o.id == n)
                    .ok_or(PlanError::NoSuchItem(id))?;
                self.objectives.remove(i);
                for a in &mut self.actions {
                    if a.objective == Some(n) {
                        a.objective = None;
                    }
                }
            }
            ItemId::Action(n) => {
                let i = self
                    .actions
                    .iter()
                    .position(|a| a.id == n)
                    .ok_or(PlanError::NoSuchItem(id))?;
                self.actions.remove(i);
            }
        }
        Ok(())
    }

    /// How many objectives and actions are due before `today` and still to do.
    pub fn overdue(&self, today: Date) -> usize {
        self.objectives
            .iter()
            .filter(|o| o.is_overdue(today))
            .count()
            + self.actions.iter().filter(|a| a.is_overdue(today)).count()
    }

    /// The actions that develop `standard` (of `theme`) at `stage`.
    pub fn actions_for<'a>(
        &'a self,
        theme: &'a str,
        standard: &'a str,
        stage: &'a str,
    ) -> impl Iterator<Item = &'a Action> + 'a {
        self.actions
            .iter()
            .filter(move |a| a.touches(theme, standard, stage))
    }
}

/// What objectives and actions share, for adding either.
trait Item {
    fn parts(&mut self) -> (&mut u32, &mut String, Status, &mut Vec<StatusSet>);
}

impl Item for Objective {
    fn parts(&mut self) -> (&mut u32, &mut String, Status, &mut Vec<StatusSet>) {
        (
            &mut self.id,
            &mut self.title,
            self.status,
            &mut self.history,
        )
    }
}

impl Item for Action {
    fn parts(&mut self) -> (&mut u32, &mut String, Status, &mut Vec<StatusSet>) {
        (
            &mut self.id,
            &mut self.action,
            self.status,
            &mut self.history,
        )
    }
}

/// Add `item` to `items` with the next id (never one given before:
/// `last`), its title trimmed and its status dated `today`.
fn add<T: Item>(
    items: &mut Vec<T>,
    last: &mut u32,
    mut item: T,
    today: Date,
) -> Result<u32, PlanError> {
    let top = items.iter_mut().map(|i| *i.parts().0).max().unwrap_or(0);
    let (id, title, status, history) = item.parts();
    *title = title.trim().to_owned();
    if title.is_empty() {
        return Err(PlanError::EmptyTitle);
    }
    *id = top.max(*last) + 1;
    *last = *id;
    if history.is_empty() {
        history.push(StatusSet { status, on: today });
    }
    let id = *id;
    items.push(item);
    Ok(id)
}

/// Give each id that is 0 or taken already the next free number.
fn number<'a>(ids: impl Iterator<Item = &'a mut u32>, last: &mut u32) -> bool {
    let ids: Vec<&mut u32> = ids.collect();
    let mut next = ids.iter().map(|id| **id).max().unwrap_or(0).max(*last);
    let mut seen = std::collections::BTreeSet::new();
    let mut changed = false;
    for id in ids {
        if *id == 0 || !seen.insert(*id) {
            next += 1;
            *id = next;
            seen.insert(next);
            changed = true;
        }
    }
    if changed {
        *last = (*last).max(next);
    }
    changed
}

/// Since the last review: what the plan held when it closed, and what
/// became of each item since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinceLast<'a> {
    /// Each item planned then: its state then, and now (`None`: deleted since).
    pub actions: Vec<(&'a Action, Option<&'a Action>)>,
    pub objectives: Vec<(&'a Objective, Option<&'a Objective>)>,
    /// Actions added since.
    pub new_actions: Vec<&'a Action>,
}

impl<'a> SinceLast<'a> {
    /// `then` (a closed review's copy) against `now` (the plan today).
    pub fn of(then: &'a Plan, now: &'a Plan) -> SinceLast<'a> {
        SinceLast {
            actions: then.actions.iter().map(|a| (a, now.action(a.id))).collect(),
            objectives: then
                .objectives
                .iter()
                .map(|o| (o, now.objective(o.id)))
                .collect(),
            new_actions: now
                .actions
                .iter()
                .filter(|a| then.action(a.id).is_none())
                .collect(),
        }
    }

    /// How many actions planned then are done now (and were not then).
    pub fn done_since(&self) -> usize {
        self.actions
            .iter()
            .filter(|(then, now)| {
                then.status != Status::Done && now.is_some_and(|n| n.status == Status::Done)
            })
            .count()
    }
}

/// Reads the plan in its own shape, `(objectives: [...], actions: [...])`,
/// and as schema 1 and 2 wrote it, a list of actions; either way settled
/// ([`Plan::settle`]), so the old fields never outlive reading.
impl<'de> Deserialize<'de> for Plan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Plan, D::Error> {
        struct PlanVisitor;

        impl<'de> Visitor<'de> for PlanVisitor {
            type Value = Plan;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a plan: (objectives: [...], actions: [...])")
            }

            /// An empty plan is written `()`.
            fn visit_unit<E: de::Error>(self) -> Result<Plan, E> {
                Ok(Plan::default())
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Plan, A::Error> {
                let mut actions = Vec::new();
                while let Some(action) = seq.next_element::<Action>()? {
                    actions.push(action);
                }
                let mut plan = Plan {
                    actions,
                    ..Plan::default()
                };
                plan.settle();
                Ok(plan)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Plan, A::Error> {
                let mut plan = Plan::default();
                let (mut objectives, mut actions) = (false, false);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "objectives" if !objectives => {
                            objectives = true;
                            plan.objectives = map.next_value()?;
                        }
                        "actions" if !actions => {
                            actions = true;
                            plan.actions = map.next_value()?;
                        }
                        "last_objective" => plan.last_objective = map.next_value()?,
                        "last_action" => plan.last_action = map.next_value()?,
                        "objectives" | "actions" => {
                            return Err(de::Error::custom(format!("`{key}` is in the plan twice")));
                        }
                        other => {
                            return Err(de::Error::unknown_field(other, FIELDS));
                        }
                    }
                }
                plan.settle();
                Ok(plan)
            }
        }

        const FIELDS: &[&str] = &["objectives", "actions", "last_objective", "last_action"];
        deserializer.deserialize_any(PlanVisitor)
    }
}

#[cfg(test)]
mod tests;
