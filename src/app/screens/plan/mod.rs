//! The development plan: the strengths and priorities proposed from the
//! current review (to pin or set aside), the objectives, and the actions
//! grouped by status or by theme, overdue ones marked; the selected item
//! in full below.

mod draw;
mod update;

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Hint, Pane, View};
use crate::app::{App, Workspace};
use crate::keys::{Action, Mode};
use crate::model::Framework;
use crate::model::plan::{ItemId, Plan, SinceLast, Status};
use crate::model::proposals::{PinKind, Proposal};

/// The plan screen.
pub struct PlanView {
    /// Which selectable row is selected.
    pub cursor: usize,
    /// Actions grouped by theme (else by status).
    pub by_theme: bool,
    /// How far the selected item's detail is scrolled.
    pub detail_scroll: u16,
    /// Proposed from the current review when the screen opened (levels
    /// do not change while it shows).
    pub proposals: Vec<Proposal>,
    /// The screen to go back to.
    pub back: Option<Box<Pane>>,
    /// Whether the current review holds any level (else nothing can be
    /// proposed yet), worked out when the screen opened.
    pub rated: bool,
}

/// A strength or priority on the screen: proposed, pinned, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub kind: PinKind,
    pub theme: String,
    pub stage: String,
    /// Why it was proposed (or why it was, when pinned).
    pub why: String,
    pub pinned: bool,
    /// Pinned in an earlier review.
    pub carried: bool,
    pub dismissed: bool,
}

/// A row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Heading(String),
    /// A line of its own: nothing here yet, and what to press.
    Note(String),
    Candidate(Candidate),
    Item(ItemId),
}

impl Row {
    pub fn selectable(&self) -> bool {
        matches!(self, Row::Candidate(_) | Row::Item(_))
    }
}

impl PlanView {
    pub fn new(ws: &Workspace, back: Option<Pane>) -> PlanView {
        PlanView {
            cursor: 0,
            by_theme: false,
            detail_scroll: 0,
            proposals: ws.proposals(),
            back: back.map(Box::new),
            rated: ws.total().level_count > 0,
        }
    }

    /// The selected row, if any row can be selected.
    pub fn selected(&self, rows: &[Row]) -> Option<Row> {
        let selectable: Vec<&Row> = rows.iter().filter(|r| r.selectable()).collect();
        selectable
            .get(self.cursor.min(selectable.len().saturating_sub(1)))
            .map(|r| (*r).clone())
    }

    /// Put the cursor on `id`'s row.
    pub fn select(&mut self, rows: &[Row], id: ItemId) {
        if let Some(i) = rows
            .iter()
            .filter(|r| r.selectable())
            .position(|r| *r == Row::Item(id))
        {
            self.cursor = i;
        }
    }
}

/// Keep the cursor on `id` when the plan shows, after a change that may
/// move its row (a status regroups the actions).
pub fn follow(ws: &mut Workspace, id: ItemId) {
    let Pane::Plan(view) = &ws.pane else { return };
    let all = rows(ws, view);
    if let Pane::Plan(view) = &mut ws.pane {
        view.select(&all, id);
    }
}

/// The key that makes the selected standard's next step an action (from
/// the tree or a session): done, and what was done, on the status line.
pub fn next_step_to_action(app: &mut App) {
    let today = app.clock.today();
    let Some(ws) = app.workspace_mut() else {
        return;
    };
    let said = match ws.next_step_to_action(today) {
        Ok(done) => app
            .keymap
            .fill(Mode::Browse, &format!("{done} {{Plan}} shows the plan.")),
        Err(e) => e,
    };
    app.message = Some(said);
}

/// The strengths and priorities to show: those proposed, with what was
/// pinned or set aside, then pinned ones no longer proposed.
pub fn candidates(ws: &Workspace, proposals: &[Proposal]) -> Vec<Candidate> {
    let review = ws.doc.assessment.current();
    let mut out: Vec<Candidate> = proposals
        .iter()
        .map(|p| {
            let pin = review.pin(p.kind, &p.theme_id, &p.stage_id);
            Candidate {
                kind: p.kind,
                theme: p.theme_id.clone(),
                stage: p.stage_id.clone(),
                why: p.why(),
                pinned: pin.is_some(),
                carried: pin.is_some_and(|p| p.carried),
                dismissed: review.is_dismissed(p.kind, &p.theme_id, &p.stage_id),
            }
        })
        .collect();
    for pin in &review.pins {
        if !proposals.iter().any(|p| p.is(pin.kind, &pin.theme, &pin.stage)) {
            out.push(Candidate {
                kind: pin.kind,
                theme: pin.theme.clone(),
                stage: pin.stage.clone(),
                why: if pin.reason.is_empty() {
                    "pinned".into()
                } else {
                    format!("when pinned: {}", pin.reason)
                },
                pinned: true,
                carried: pin.carried,
                dismissed: false,
            });
        }
    }
    // Pinned first within each kind, strengths before priorities.
    out.sort_by_key(|c| (c.kind, !c.pinned, c.dismissed));
    out
}

/// "Place leadership, gaining experience".
pub fn cell_name(framework: &Framework, theme: &str, stage: &str) -> String {
    let theme = framework
        .themes
        .iter()
        .find(|t| t.id == theme)
        .map_or(theme, |t| t.title.as_str());
    let stage = framework.stage(stage).map_or(stage, |s| s.name.as_str());
    format!("{theme}, {}", stage.to_lowercase())
}

/// Every row of the screen, in order.
pub fn rows(ws: &Workspace, view: &PlanView) -> Vec<Row> {
    let plan = &ws.doc.assessment.plan;
    let fw = ws.framework();
    let mut rows = vec![Row::Heading(format!(
        "Strengths and priorities · from \"{}\"",
        ws.doc.assessment.current().title
    ))];
    let candidates = candidates(ws, &view.proposals);
    if candidates.is_empty() {
        rows.push(Row::Note(if view.rated {
            "Nothing stands out yet: every theme and stage rated so far is at the same level. \
             Rate more of them to compare."
                .into()
        } else {
            "Nothing to propose yet: rate some standards first.".into()
        }));
    }
    rows.extend(candidates.into_iter().map(Row::Candidate));
    rows.push(Row::Heading("Objectives".into()));
    if plan.objectives.is_empty() {
        rows.push(Row::Note("No objectives yet.".into()));
    }
    rows.extend(plan.objectives.iter().map(|o| Row::Item(ItemId::Objective(o.id))));
    since_last(ws, &mut rows);
    rows.push(Row::Heading(format!(
        "Actions · by {}",
        if view.by_theme { "theme" } else { "status" }
    )));
    if plan.actions.is_empty() {
        rows.push(Row::Note("No actions yet.".into()));
    }
    for (group, ids) in action_groups(plan, fw, view.by_theme) {
        rows.push(Row::Heading(format!("  {group}")));
        rows.extend(ids.into_iter().map(|id| Row::Item(ItemId::Action(id))));
    }
    rows
}

/// What the plan held when the last review closed, and what became of
/// each item since: a heading and a line each.
fn since_last(ws: &Workspace, rows: &mut Vec<Row>) {
    let reviews = &ws.doc.assessment.reviews;
    let Some(last) = reviews.iter().rev().skip(1).find(|r| r.plan_at_close.is_some()) else {
        return;
    };
    let Some(then) = &last.plan_at_close else {
        return;
    };
    let since = SinceLast::of(then, &ws.doc.assessment.plan);
    rows.push(Row::Heading(format!("Since \"{}\" closed", last.title)));
    if since.actions.is_empty() && since.objectives.is_empty() {
        rows.push(Row::Note("Nothing was planned then.".into()));
    }
    for (then, now) in &since.objectives {
        rows.push(Row::Note(format!(
            "O{} {}: {} then, {}",
            then.id,
            then.title,
            then.status,
            now.map_or("deleted since".into(), |n| format!("{} now", n.status))
        )));
    }
    for (then, now) in &since.actions {
        rows.push(Row::Note(format!(
            "A{} {}: {} then, {}",
            then.id,
            then.action,
            then.status,
            now.map_or("deleted since".into(), |n| match n.status_since() {
                Some(on) if n.status != then.status => format!("{} since {on}", n.status),
                _ => format!("{} now", n.status),
            })
        )));
    }
    rows.push(Row::Note(format!(
        "{} done since, {} added since.",
        since.done_since(),
        since.new_actions.len()
    )));
}

/// The actions in groups, each named: by status (in the order of
/// [`Status::ALL`]) or by the theme of their first link (in framework
/// order, then those linked to none).
pub fn action_groups(plan: &Plan, fw: &Framework, by_theme: bool) -> Vec<(String, Vec<u32>)> {
    let mut groups: Vec<(String, Vec<u32>)> = Vec::new();
    if by_theme {
        let theme_of = |a: &crate::model::plan::Action| {
            a.links
                .iter()
                .find_map(|l| l.theme_index(fw))
                .unwrap_or(usize::MAX)
        };
        let mut themes: Vec<usize> = plan.actions.iter().map(theme_of).collect();
        themes.sort_unstable();
        themes.dedup();
        for t in themes {
            let name = fw
                .themes
                .get(t)
                .map_or_else(|| "Not linked to a theme".to_string(), |t| t.title.clone());
            let ids = plan
                .actions
                .iter()
                .filter(|a| theme_of(a) == t)
                .map(|a| a.id)
                .collect();
            groups.push((name, ids));
        }
    } else {
        for status in Status::ALL {
            let ids: Vec<u32> = plan
                .actions
                .iter()
                .filter(|a| a.status == status)
                .map(|a| a.id)
                .collect();
            if !ids.is_empty() {
                let mut name = status.label().to_string();
                name[..1].make_ascii_uppercase();
                groups.push((name, ids));
            }
        }
    }
    groups
}

/// "due 2027-03-31", "overdue since 2026-10-01", or nothing.
pub fn due_words(due: Option<Date>, open: bool, today: Date) -> Option<String> {
    let due = due?;
    Some(if open && due < today {
        format!("OVERDUE since {due}")
    } else {
        format!("due {due}")
    })
}

impl View for PlanView {
    fn mode(&self) -> Mode {
        Mode::Plan
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        if let Some(ws) = app.workspace() {
            draw::render(ws, app, self, area, buf)
        }
    }

    fn hints(&self, app: &App, narrow: bool) -> Vec<Hint> {
        let keys = &app.keymap;
        let mode = Mode::Plan;
        if narrow {
            return Hint::help_and_quit(keys, mode);
        }
        // What the keys do to the selected row: a proposal, or an item.
        let selected = app
            .workspace()
            .and_then(|ws| self.selected(&rows(ws, self)));
        let hints = match selected {
            Some(Row::Item(_)) => vec![
                Hint::key(keys, mode, Action::NextStatus, "status", 1),
                Hint::key(keys, mode, Action::EditItem, "edit", 1),
                Hint::key(keys, mode, Action::AddAction, "action", 1),
                Hint::key(keys, mode, Action::AddObjective, "objective", 2),
                Hint::key(keys, mode, Action::DeleteItem, "delete", 2),
                Hint::key(keys, mode, Action::GoToLinked, "go to", 3),
            ],
            _ => vec![
                Hint::key(keys, mode, Action::Pin, "pin", 1),
                Hint::key(keys, mode, Action::AddAction, "action", 1),
                Hint::key(keys, mode, Action::AddObjective, "objective", 1),
                Hint::key(keys, mode, Action::Offers, "offers", 2),
                Hint::key(keys, mode, Action::Dismiss, "set aside", 2),
                Hint::key(keys, mode, Action::GoToLinked, "go to", 3),
            ],
        };
        Hint::with_back(keys, mode, hints)
    }

    #[cfg(test)]
    fn example(app: &App) -> Self {
        PlanView::new(app.workspace().expect("an open assessment"), None)
    }
}
