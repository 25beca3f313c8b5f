//! Reviews and walking the standards: the closed reviews read in the
//! background, starting and viewing reviews, compare, the to-discuss
//! filter, and session mode's walk.

use super::*;
use crate::model::review::DISCUSS_RULE;

impl Workspace {
    /// The closed reviews are in `reviews` now, in front of the rest.
    pub(super) fn earlier_arrived(&mut self, arrived: Arrived, now: Instant) -> Option<String> {
        if self.doc.assessment.complete() {
            let added = self.doc.assessment.earlier.len();
            self.viewing += added;
        }
        if arrived.changed {
            self.tree
                .set_archived(&self.doc.framework, self.doc.assessment.archived.len());
            self.changed(now);
        }
        arrived.message
    }

    /// Make sure every review is in (for history views and starting a
    /// review), waiting for them if they are still being read.
    pub fn need_earlier(&mut self) -> Result<Option<String>, String> {
        match self.doc.load_earlier_now()? {
            Some(arrived) => Ok(self.earlier_arrived(arrived, Instant::now())),
            None => Ok(None),
        }
    }

    /// Which review is shown, of how many, counting those not read yet.
    pub fn review_number(&self) -> (usize, usize) {
        let a = &self.doc.assessment;
        let unread = a.review_count() - a.reviews.len();
        (self.viewing + 1 + unread, a.review_count())
    }

    /// Close the current review and start a new one from its levels.
    /// Close the current review on `date` and start the next, titled so.
    pub fn start_review(
        &mut self,
        title: &str,
        date: jiff::civil::Date,
        clock: &Clock,
    ) -> Result<String, String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        // Titles must differ from every earlier review's, and the closed
        // review goes into a file numbered after the earlier ones.
        self.need_earlier()
            .map_err(|why| format!("Cannot start a review: {why}"))?;
        let closing = self.review().title.clone();
        let carried = self
            .doc
            .assessment
            .start_review_on(title, date, clock.today())
            .map_err(|e| e.to_string())?;
        self.viewing = self.doc.assessment.reviews.len() - 1;
        // Undo steps name marks of the closed review; they must not touch the new one.
        self.history.clear();
        self.recount();
        self.save_now(clock);
        Ok(format!(
            "Started \"{}\". \"{closing}\" is closed; {carried} rating{} carried forward.",
            self.review().title,
            if carried == 1 { "" } else { "s" }
        ))
    }

    /// Show an earlier (-1) or later (+1) review.
    pub fn view_review(&mut self, delta: isize) -> String {
        if let Err(why) = self.need_earlier() {
            return why;
        }
        let last = self.doc.assessment.reviews.len() - 1;
        let next = self.viewing.saturating_add_signed(delta).min(last);
        if next == self.viewing {
            return if delta < 0 {
                "This is the first review."
            } else {
                "This is the current review."
            }
            .into();
        }
        self.viewing = next;
        self.recount();
        if !self.filters.is_empty() {
            self.apply_filter();
        }
        let r = self.review();
        if self.is_current() {
            format!("Back to the current review, \"{}\".", r.title)
        } else {
            format!("Viewing \"{}\" ({}), read-only.", r.title, r.date)
        }
    }

    /// Open the compare view: the viewed review against the one before it.
    pub fn open_compare(&mut self) -> Result<(), String> {
        self.need_earlier()?;
        if self.viewing == 0 {
            return Err(
                "There is no earlier review to compare with yet: start a new review first.".into(),
            );
        }
        let comparison = self
            .doc
            .assessment
            .compare_with_previous(&self.doc.framework, self.viewing)
            .ok_or("There is no earlier review to compare with.")?;
        let previous = self.doc.assessment.reviews[self.viewing - 1].title.clone();
        self.pane = Pane::Compare(CompareView::new(comparison, previous));
        Ok(())
    }

    /// The (theme, standard) pairs still to discuss in the viewed review:
    /// diverged, with no level agreed yet.
    pub fn discuss_set(&self) -> BTreeSet<(usize, usize)> {
        to_discuss(self.framework(), self.review())
            .into_iter()
            .filter(|d| d.agreed.is_none())
            .map(|d| (d.theme, d.standard))
            .collect()
    }

    /// Show only the standards to discuss, or everything.
    pub fn toggle_discuss(&mut self) -> String {
        if !self.discuss_only && self.discuss_set().is_empty() {
            // Nothing would be left to show, nor to walk: stay as it is.
            return format!("Nothing to discuss: none with {DISCUSS_RULE}.");
        }
        self.discuss_only = !self.discuss_only;
        if self.discuss_only {
            self.filters.insert(Filter::ToDiscuss);
        } else {
            self.filters.remove(&Filter::ToDiscuss);
        }
        self.apply_filter();
        if self.filters.len() > 1 {
            return self.filter_summary();
        }
        if !self.discuss_only {
            return "Showing every standard.".into();
        }
        match self
            .tree
            .rows()
            .iter()
            .filter(|n| matches!(n, Node::Standard { .. }))
            .count()
        {
            0 => format!("Nothing to discuss: none with {DISCUSS_RULE}."),
            n => format!("{n} standards to discuss ({DISCUSS_RULE})."),
        }
    }

    pub(super) fn apply_filter(&mut self) {
        self.passing = self.compute_passing();
        let rows = self.tree.visible_height();
        self.tree
            .set_only(&self.doc.framework, self.passing.clone());
        self.tree.scroll_into_view(rows);
    }

    /// Session mode: move to the next (or previous) standard, in framework
    /// order, keeping to the standards to discuss when that filter is on.
    pub fn walk(&mut self, forward: bool) -> Option<String> {
        use std::ops::Bound::{Excluded, Unbounded};
        let here = match self.tree.selected() {
            Node::Standard { theme, standard } => Some((theme, standard)),
            _ => None,
        };
        // Step from where we are, without listing every standard: a keystroke
        // must not cost more with a bigger framework.
        let next = if let Some(only) = &self.passing {
            match (here, forward) {
                (None, _) => only.first().copied(),
                (Some(h), true) => only.range((Excluded(h), Unbounded)).next().copied(),
                (Some(h), false) => only.range(..h).next_back().copied(),
            }
        } else {
            step(&self.doc.framework, here, forward)
        };
        let Some((theme, standard)) = next else {
            return Some(match (here, forward) {
                (None, _) => "No standards to walk through.".into(),
                (Some(_), true) => "That was the last standard.".into(),
                (Some(_), false) => "This is the first standard.".into(),
            });
        };
        let rows = self.tree.visible_height();
        self.tree.reveal(
            &self.doc.framework,
            Node::Standard { theme, standard },
            rows,
        );
        self.detail_scroll = 0;
        None
    }

    /// The next (or previous) stage to rate at. A standard of one stage
    /// only (the Chief Executives framework's) keeps it: says so instead
    /// of pretending to change it.
    pub fn step_stage(&mut self, forward: bool) -> Option<String> {
        if let Some((_, _, _, standard)) = self.selected_standard()
            && let Some(own) = &standard.stage
        {
            let name = self
                .framework()
                .stages
                .iter()
                .find(|s| s.id == *own)
                .map_or(own.as_str(), |s| s.name.as_str());
            return Some(format!(
                "This standard is rated at {name} only; the stage changes on standards \
                 rated at every stage."
            ));
        }
        let n = self.doc.framework.stages.len().max(1);
        self.stage = if forward {
            (self.stage + 1) % n
        } else {
            (self.stage + n - 1) % n
        };
        None
    }

    /// Position of the selected standard among all, for "12 of 56".
    pub fn standard_position(&self) -> Option<(usize, usize)> {
        let Node::Standard { theme, standard } = self.tree.selected() else {
            return None;
        };
        if let Some(only) = &self.passing {
            // Counted within the filter: "3 of 7 to discuss".
            return Some((only.range(..=(theme, standard)).count(), only.len()));
        }
        let fw = self.framework();
        let before: usize = fw.themes[..theme].iter().map(|t| t.standards.len()).sum();
        Some((before + standard + 1, fw.standard_count()))
    }
}

/// The standard after (or before) `here` in framework order; the first when `here` is `None`.
pub(super) fn step(
    fw: &Framework,
    here: Option<(usize, usize)>,
    forward: bool,
) -> Option<(usize, usize)> {
    let len = |t: usize| fw.themes[t].standards.len();
    match (here, forward) {
        (None, _) => (0..fw.themes.len()).find(|&t| len(t) > 0).map(|t| (t, 0)),
        (Some((t, s)), true) if s + 1 < len(t) => Some((t, s + 1)),
        (Some((t, _)), true) => (t + 1..fw.themes.len())
            .find(|&u| len(u) > 0)
            .map(|u| (u, 0)),
        (Some((t, s)), false) if s > 0 => Some((t, s - 1)),
        (Some((t, _)), false) => (0..t).rev().find(|&u| len(u) > 0).map(|u| (u, len(u) - 1)),
    }
}
