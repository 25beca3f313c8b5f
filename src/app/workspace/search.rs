//! The search of the open assessment: what was found, and moving between
//! the finds. The typing happens in the search box (`screens::search`).

use super::*;
use crate::model::search::{Hit, Query, search, stages_with_notes};

/// What the last search found.
#[derive(Debug, Clone)]
pub struct Found {
    pub query: Query,
    /// In the tree's order.
    pub hits: Vec<Hit>,
    /// The same, to ask quickly whether a row is one (drawing does, per row).
    pub set: BTreeSet<Hit>,
}

/// Where a node is in the tree's order, to compare with a hit.
fn order(node: Node) -> (usize, usize) {
    match node {
        Node::Framework => (0, 0),
        Node::Theme(t) | Node::Stage { theme: t, .. } => (t, 0),
        Node::Standard { theme, standard } => (theme, standard + 1),
        Node::Archived | Node::ArchivedItem(_) => (usize::MAX, 0),
    }
}

fn hit_order(hit: Hit) -> (usize, usize) {
    match hit {
        Hit::Theme(t) => (t, 0),
        Hit::Standard { theme, standard } => (theme, standard + 1),
    }
}

fn node_of(hit: Hit) -> Node {
    match hit {
        Hit::Theme(t) => Node::Theme(t),
        Hit::Standard { theme, standard } => Node::Standard { theme, standard },
    }
}

impl Workspace {
    /// The screen is shared: session mode. Private notes are neither shown
    /// nor searched.
    pub fn shared(&self) -> bool {
        matches!(self.pane, Pane::Session(_))
    }

    /// Search for `text` in the review viewed, and go to the first find at
    /// or after `from`. A blank query forgets the search. Returns how many
    /// were found.
    pub fn search_for(&mut self, text: &str, from: Node) -> usize {
        let Some(query) = Query::new(text) else {
            self.search = None;
            return 0;
        };
        let session = self.shared();
        let discuss = self.passing.as_ref();
        let hits: Vec<Hit> = search(self.framework(), self.review(), &query, session)
            .into_iter()
            // Session mode walks standards; a filtered tree shows only those.
            .filter(|hit| match hit {
                Hit::Theme(_) => !session && discuss.is_none(),
                Hit::Standard { theme, standard } => discuss
                    .as_ref()
                    .is_none_or(|only| only.contains(&(*theme, *standard))),
            })
            .collect();
        let count = hits.len();
        let first = hits
            .iter()
            .find(|h| hit_order(**h) >= order(from))
            .or(hits.first())
            .copied();
        self.search = Some(Found {
            set: hits.iter().copied().collect(),
            query,
            hits,
        });
        if let Some(hit) = first {
            self.go_to_hit(hit);
        }
        count
    }

    /// Select a find, at the stage of the note that holds it when the
    /// stage shown has none (and the words of the standard do not hold it).
    fn go_to_hit(&mut self, hit: Hit) {
        self.go_to(node_of(hit));
        let (Some(found), Some((_, _, _, standard))) = (&self.search, self.selected_standard())
        else {
            return;
        };
        if standard.stage.is_some() || found.query.is_in(&standard.text) {
            return;
        }
        let stages = stages_with_notes(
            self.framework(),
            self.review(),
            standard,
            &found.query,
            self.shared(),
        );
        if !stages.is_empty() && !stages.contains(&self.stage) {
            self.stage = stages[0];
        }
    }

    /// Select `node` (opening what holds it), as a search or undo does.
    pub fn go_to(&mut self, node: Node) {
        let rows = self.tree.visible_height();
        self.tree.reveal(&self.doc.framework, node, rows);
        self.detail_scroll = 0;
    }

    /// Go to the next (or previous) find after the selection, round the
    /// end. Says where that is ("2 of 5"), or why it cannot.
    pub fn step_match(&mut self, forward: bool) -> String {
        let Some(found) = &self.search else {
            return "No search: / finds standards, theme titles and notes.".into();
        };
        if found.hits.is_empty() {
            return format!("Nothing found for \"{}\".", found.query.text());
        }
        let here = order(self.tree.selected());
        let n = found.hits.len();
        let index = if forward {
            found
                .hits
                .iter()
                .position(|h| hit_order(*h) > here)
                .unwrap_or(0)
        } else {
            found
                .hits
                .iter()
                .rposition(|h| hit_order(*h) < here)
                .unwrap_or(n - 1)
        };
        let hit = found.hits[index];
        let text = found.query.text().to_string();
        self.go_to_hit(hit);
        format!("{} of {n}: \"{text}\"", index + 1)
    }

    /// Which find the selection is, if it is one: (position from 1, of).
    pub fn match_position(&self) -> Option<(usize, usize)> {
        let found = self.search.as_ref()?;
        let here = self.tree.selected();
        let i = found.hits.iter().position(|h| node_of(*h) == here)?;
        Some((i + 1, found.hits.len()))
    }

    /// Whether `node` is one of the finds of the search.
    pub fn is_match(&self, node: Node) -> bool {
        let hit = match node {
            Node::Theme(t) => Hit::Theme(t),
            Node::Standard { theme, standard } => Hit::Standard { theme, standard },
            _ => return false,
        };
        self.search.as_ref().is_some_and(|f| f.set.contains(&hit))
    }
}
