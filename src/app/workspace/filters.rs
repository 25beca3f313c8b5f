//! Which standards the tree lists: every one, or only those that pass the
//! filters chosen (all of them at once). Session mode walks the same.

use super::*;

/// One filter of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Filter {
    /// No rating at the stage being rated.
    Unrated,
    /// Something written: a note, another rater's, the session note or the next step.
    HasNote,
    /// A private note.
    Private,
    /// A level carried from the last review and not changed since.
    Carried,
    /// A level different from the review before.
    Changed,
    /// Still to discuss (⚑).
    ToDiscuss,
}

impl Filter {
    pub const ALL: [Filter; 6] = [
        Filter::Unrated,
        Filter::HasNote,
        Filter::Private,
        Filter::Carried,
        Filter::Changed,
        Filter::ToDiscuss,
    ];

    /// A few words for the tree's title and the filter list.
    pub fn label(self) -> &'static str {
        match self {
            Filter::Unrated => "unrated at this stage",
            Filter::HasNote => "has a note",
            Filter::Private => "private note",
            Filter::Carried => "carried, untouched",
            Filter::Changed => "changed since the last review",
            Filter::ToDiscuss => "to discuss",
        }
    }
}

impl Workspace {
    /// The standards `filter` lets through, as (theme, standard).
    pub fn passing(&self, filter: Filter) -> BTreeSet<(usize, usize)> {
        if filter == Filter::ToDiscuss {
            return self.discuss_set();
        }
        let fw = self.framework();
        let review = self.review();
        let before = self
            .viewing
            .checked_sub(1)
            .and_then(|i| self.doc.assessment.reviews.get(i));
        let mut out = BTreeSet::new();
        for (t, theme) in fw.themes.iter().enumerate() {
            for (s, standard) in theme.standards.iter().enumerate() {
                let marks = || {
                    review
                        .marks
                        .get(&standard.id)
                        .into_iter()
                        .flat_map(|m| m.values())
                };
                let pass = match filter {
                    Filter::Unrated => {
                        let stage = &fw.stages[self.stage_for(standard)].id;
                        review.rating(&standard.id, stage).is_unrated()
                    }
                    Filter::HasNote => marks().any(|m| {
                        !m.note.is_empty()
                            || !m.session_note.is_empty()
                            || !m.next_step.is_empty()
                            || m.others.values().any(|v| !v.note.is_empty())
                    }),
                    Filter::Private => marks().any(|m| m.private && !m.note.is_empty()),
                    Filter::Carried => marks().any(|m| m.carried),
                    Filter::Changed => before.is_some_and(|before| {
                        fw.stages_of(standard).any(|stage| {
                            before.rating(&standard.id, &stage.id)
                                != review.rating(&standard.id, &stage.id)
                        })
                    }),
                    Filter::ToDiscuss => unreachable!("answered above"),
                };
                if pass {
                    out.insert((t, s));
                }
            }
        }
        out
    }

    /// The standards every chosen filter lets through; `None` with none
    /// chosen. Worked out afresh: [`Workspace::passing`] keeps the answer.
    pub(super) fn compute_passing(&self) -> Option<BTreeSet<(usize, usize)>> {
        let mut chosen = self.filters.iter();
        let first = chosen.next()?;
        let mut set = self.passing(*first);
        for filter in chosen {
            let other = self.passing(*filter);
            set.retain(|s| other.contains(s));
        }
        Some(set)
    }

    /// Choose a filter, or drop it; the tree follows. Says what shows.
    pub fn toggle_filter(&mut self, filter: Filter) -> String {
        if !self.filters.remove(&filter) {
            self.filters.insert(filter);
        }
        self.discuss_only = self.filters.contains(&Filter::ToDiscuss);
        self.apply_filter();
        self.filter_summary()
    }

    /// "12 of 56 standards: unrated at this stage, has a note", or that
    /// every standard shows.
    pub fn filter_summary(&self) -> String {
        match &self.passing {
            None => "Showing every standard.".into(),
            Some(set) => {
                let names: Vec<&str> = self.filters.iter().map(|f| f.label()).collect();
                format!(
                    "{} of {} standards: {}.",
                    set.len(),
                    self.framework().standard_count(),
                    names.join(", ")
                )
            }
        }
    }
}
