//! The development plan and the review's pinned strengths and priorities:
//! every change one step to undo, saved like any other.

use jiff::civil::Date;

use super::super::screens::plan::PlanView;
use super::raters::capitalised;
use super::*;
use crate::model::offer::Offer;
use crate::model::plan::{Action as PlanAction, ItemId, Link, Plan, PlanError, Status};
use crate::model::proposals::{PinKind, Proposal, propose};
use crate::store::Home;

/// The offers catalogue as read, and the files left out with why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Offers {
    pub list: Vec<Offer>,
    pub problems: Vec<String>,
}

impl Workspace {
    /// The offers, read from `home` the first time (a broken file of the
    /// organisation's is left out and named in `problems`).
    pub fn load_offers(&mut self, home: &Home) -> &Offers {
        let fw = std::slice::from_ref(&self.doc.framework);
        self.offers.get_or_insert_with(|| {
            let (list, problems) = crate::store::offers(home, fw);
            Offers { list, problems }
        })
    }

    /// The offers as read, or none before they are.
    pub fn offer_list(&self) -> &[Offer] {
        self.offers.as_ref().map_or(&[], |o| o.list.as_slice())
    }

    /// Why the plan cannot be changed, if so: the file is read-only. (The
    /// plan spans reviews, so a closed review being viewed does not stop it.)
    pub fn plan_read_only(&self) -> Option<String> {
        match &self.doc.read_only {
            Some(_) => self.read_only_reason(),
            None => None,
        }
    }

    /// Change the plan: one undo step named `what`, saved.
    pub fn edit_plan<T>(
        &mut self,
        what: String,
        edit: impl FnOnce(&mut Plan) -> Result<T, PlanError>,
    ) -> Result<T, String> {
        if let Some(reason) = self.plan_read_only() {
            return Err(reason);
        }
        let plan = &mut self.doc.assessment.plan;
        let before = Box::new(plan.clone());
        let out = edit(plan).map_err(|e| capitalised(&e.to_string()))?;
        let after = Box::new(plan.clone());
        self.record(Step::Plan {
            what,
            before,
            after,
        });
        Ok(out)
    }

    /// Keep `step` to undo, and save what it changed.
    fn record(&mut self, step: Step) {
        self.history.record(step);
        self.doc.assessment.settle_schema();
        self.changed(Instant::now());
    }

    /// Add `action` to the plan on `today`; its id.
    pub fn add_plan_action(&mut self, action: PlanAction, today: Date) -> Result<u32, String> {
        let what = format!("adding \"{}\"", action.action.trim());
        self.edit_plan(what, |plan| plan.add_action(action, today))
    }

    /// The selected standard's agreed next step (or, with none, the
    /// standard itself) as a new action linked to it at the stage shown.
    pub fn next_step_to_action(&mut self, today: Date) -> Result<String, String> {
        let (_, standard, stage) = self.selected_key()?;
        let step = self
            .review()
            .mark(&standard, &stage)
            .map(|m| m.next_step.trim().to_owned())
            .unwrap_or_default();
        let stage_name = self
            .framework()
            .stage(&stage)
            .map_or(stage.clone(), |s| s.name.to_lowercase());
        let text = if step.is_empty() {
            format!("Develop {standard} ({stage_name})")
        } else {
            step.clone()
        };
        let links = vec![Link::standard(&standard, Some(&stage))];
        let already = self
            .doc
            .assessment
            .plan
            .actions
            .iter()
            .find(|a| a.action == text && a.links == links);
        if let Some(a) = already {
            return Err(format!(
                "A{} already holds this: \"{}\"",
                a.id,
                crate::ui::text::truncate(&text, 40)
            ));
        }
        let action = PlanAction {
            links,
            ..PlanAction::new(&text)
        };
        let id = self.add_plan_action(action, today)?;
        Ok(if step.is_empty() {
            format!(
                "Added A{id} to the plan for {standard}: no next step was agreed, so edit its words in the plan."
            )
        } else {
            format!("Added A{id} to the plan: the agreed next step.")
        })
    }

    /// Set an item's status; marking an action done keeps `evidence` (if any).
    pub fn set_plan_status(
        &mut self,
        id: ItemId,
        status: Status,
        evidence: Option<String>,
        today: Date,
    ) -> Result<Status, String> {
        self.edit_plan(format!("{id} {status}"), |plan| {
            let was = plan.set_status(id, status, today)?;
            if let (ItemId::Action(n), Some(evidence)) = (id, evidence) {
                plan.action_mut(n)?.evidence = evidence.trim().to_owned();
            }
            Ok(was)
        })
    }

    /// Delete an item (asked first by the screen); undoable.
    pub fn delete_plan_item(&mut self, id: ItemId) -> Result<(), String> {
        self.edit_plan(format!("deleting {id}"), |plan| plan.remove(id))
    }

    /// Proposals from the current review.
    pub fn proposals(&self) -> Vec<Proposal> {
        let reviews = &self.doc.assessment.reviews;
        propose(self.framework(), reviews, reviews.len() - 1)
    }

    /// Change the current review's pins: one undo step named `what`, saved.
    fn edit_pins(
        &mut self,
        what: String,
        edit: impl FnOnce(&mut Review) -> bool,
    ) -> Result<bool, String> {
        if let Some(reason) = self.plan_read_only() {
            return Err(reason);
        }
        let review = self.doc.assessment.current_mut();
        if review.frozen.is_some() {
            return Err("read-only: this review is closed".into());
        }
        let before = Box::new(review.clone());
        let out = edit(review);
        let after = Box::new(review.clone());
        self.record(Step::Review {
            what,
            before,
            after,
        });
        Ok(out)
    }

    /// Pin (kind, theme, stage) with its reason, or unpin it if pinned.
    /// Returns whether it is pinned now.
    pub fn toggle_pin(
        &mut self,
        kind: PinKind,
        theme: &str,
        stage: &str,
        reason: &str,
    ) -> Result<bool, String> {
        let pinned = self.review_current().pin(kind, theme, stage).is_some();
        let what = format!(
            "{} the {} {theme}, {stage}",
            if pinned { "unpinning" } else { "pinning" },
            kind.label()
        );
        self.edit_pins(what, |r| {
            if pinned {
                r.unpin(kind, theme, stage);
                false
            } else {
                r.pin_proposal(kind, theme, stage, reason)
            }
        })
    }

    /// Set a proposal aside, or bring it back. Returns whether it is set aside now.
    pub fn toggle_dismiss(
        &mut self,
        kind: PinKind,
        theme: &str,
        stage: &str,
    ) -> Result<bool, String> {
        let dismissed = self.review_current().is_dismissed(kind, theme, stage);
        let what = format!(
            "{} the {} {theme}, {stage}",
            if dismissed {
                "bringing back"
            } else {
                "setting aside"
            },
            kind.label()
        );
        self.edit_pins(what, |r| {
            if dismissed {
                r.dismissed
                    .retain(|d| !(d.kind == kind && d.theme == theme && d.stage == stage));
                false
            } else {
                r.dismiss(kind, theme, stage);
                true
            }
        })
    }

    /// Show the plan, coming back to the pane showing now.
    pub fn open_plan(&mut self, home: &Home) {
        self.load_offers(home);
        // The plan is the current review's: show that one.
        let current = self.doc.assessment.reviews.len() - 1;
        if self.viewing != current {
            self.viewing = current;
            self.recount();
        }
        let back = std::mem::replace(&mut self.pane, Pane::Tree(Browse));
        let view = PlanView::new(self, Some(back));
        self.pane = Pane::Plan(view);
    }

    fn review_current(&self) -> &Review {
        self.doc.assessment.current()
    }

    /// Show `link` in the tree: its standard (at its stage), or its theme.
    pub fn go_to_link(&mut self, link: &Link) -> Result<(), String> {
        let fw = self.framework();
        if let Some(standard) = &link.standard {
            if fw.standard(standard).is_none() {
                return Err(format!("{standard} is not a standard of this framework."));
            }
            let stage = link
                .stage
                .clone()
                .unwrap_or_else(|| fw.stages[self.stage].id.clone());
            let (standard, stage) = (standard.clone(), stage);
            self.show(&standard, &stage);
            return Ok(());
        }
        let Some(theme) = link.theme_index(fw) else {
            return Err("Linked to no standard or theme.".into());
        };
        if let Some(stage) = link.stage.as_deref().and_then(|s| fw.stage_index(s)) {
            self.stage = stage;
        }
        self.go_to(Node::Theme(theme));
        Ok(())
    }
}
