//! Who rates in the current review besides the person: adding, renaming,
//! removing (to Archived, never deleted) and bringing back, each one step
//! to undo.

use jiff::civil::Date;

use super::*;
use crate::model::assessment::RaterRole;
use crate::model::review::ReviewError;

impl Workspace {
    /// Change the current review's raters: one undo step named `what`,
    /// recounted and saved.
    pub(super) fn edit_raters<T>(
        &mut self,
        what: String,
        edit: impl FnOnce(&mut Review) -> Result<T, ReviewError>,
    ) -> Result<T, String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        let review = self.doc.assessment.current_mut();
        let before = Box::new(review.clone());
        let out = edit(review).map_err(|e| capitalised(&e.to_string()))?;
        let after = Box::new(review.clone());
        self.history.record(Step::Review {
            what,
            before,
            after,
        });
        self.raters_changed();
        Ok(out)
    }

    /// After the raters changed: recount, save, and let session mode's
    /// numbers rate the person if the one they rated is gone.
    pub(super) fn raters_changed(&mut self) {
        self.recount();
        if let Pane::Session(view) = &mut self.pane
            && let Who::Rater(id) = &view.who
            && self.doc.assessment.current().rater(id).is_none()
        {
            view.who = Who::Own;
        }
        self.changed(Instant::now());
    }

    /// Name someone else rating in this review; returns their id.
    pub fn add_rater(&mut self, name: &str, role: RaterRole) -> Result<String, String> {
        let shown = crate::model::assessment::Rater {
            id: String::new(),
            name: name.trim().to_owned(),
            role: role.clone(),
        }
        .display();
        self.edit_raters(format!("adding {shown}"), |r| r.add_rater(name, role))
    }

    /// Give rater `id` another name.
    pub fn rename_rater(&mut self, id: &str, name: &str) -> Result<(), String> {
        let old = self.rater_name(id);
        self.edit_raters(format!("renaming {old}"), |r| r.rename_rater(id, name))
    }

    /// Move rater `id` and their views to Archived; returns how many views moved.
    pub fn remove_rater(&mut self, id: &str, today: Date) -> Result<usize, String> {
        let old = self.rater_name(id);
        self.edit_raters(format!("removing {old}"), |r| r.remove_rater(id, today))
    }

    /// Bring back the archived rater `id` with their views.
    pub fn restore_rater(&mut self, id: &str) -> Result<(), String> {
        let old = self
            .doc
            .assessment
            .current()
            .archived_raters
            .iter()
            .find(|a| a.rater.id == id)
            .map_or_else(|| id.to_owned(), |a| a.rater.display());
        self.edit_raters(format!("bringing back {old}"), |r| r.restore_rater(id))
    }

    fn rater_name(&self, id: &str) -> String {
        self.doc
            .assessment
            .current()
            .rater(id)
            .map_or_else(|| id.to_owned(), |r| r.display())
    }
}

pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
