//! The navigable tree: framework > theme > (stage >) standard.
//!
//! The rows on screen are a flat list kept in step with which nodes are
//! open, rebuilt only when a node opens or closes. Drawing then reads just
//! the visible slice, whatever the size of the framework.

use std::collections::BTreeSet;

use crate::model::Framework;

/// A node of the tree, by index into the framework (which never changes while open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Framework,
    Theme(usize),
    /// A stage group inside a theme whose standards each belong to one stage.
    Stage {
        theme: usize,
        stage: usize,
    },
    Standard {
        theme: usize,
        standard: usize,
    },
    /// Marks kept after their standard left the framework.
    Archived,
    /// One archived entry, by index into `Assessment::archived`.
    ArchivedItem(usize),
}

impl Node {
    pub fn depth(self) -> usize {
        match self {
            Node::Framework => 0,
            Node::Theme(_) => 1,
            Node::Stage { .. } => 2,
            Node::Standard { .. } => 2,
            Node::Archived => 1,
            Node::ArchivedItem(_) => 2,
        }
    }

    pub fn theme(self) -> Option<usize> {
        match self {
            Node::Framework | Node::Archived | Node::ArchivedItem(_) => None,
            Node::Theme(t) | Node::Stage { theme: t, .. } | Node::Standard { theme: t, .. } => {
                Some(t)
            }
        }
    }

    pub fn has_children(self) -> bool {
        !matches!(self, Node::Standard { .. } | Node::ArchivedItem(_))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    open: BTreeSet<Node>,
    rows: Vec<Node>,
    selected: usize,
    /// First row on screen.
    offset: usize,
    /// Rows on screen, as last given to `scroll_into_view`.
    height: usize,
    /// How many archived entries the assessment holds (an "Archived" node shows if any).
    archived: usize,
    /// When set, only these (theme, standard) pairs are listed, every group open.
    only: Option<BTreeSet<(usize, usize)>>,
}

impl Tree {
    /// The framework open, its themes closed, the first theme selected.
    pub fn new(framework: &Framework, archived: usize) -> Tree {
        let mut tree = Tree {
            open: BTreeSet::from([Node::Framework]),
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            height: 1,
            archived,
            only: None,
        };
        tree.rebuild(framework);
        if tree.rows.len() > 1 {
            tree.selected = 1;
        }
        tree
    }

    /// The assessment now holds `archived` archived entries.
    pub fn set_archived(&mut self, framework: &Framework, archived: usize) {
        self.archived = archived;
        self.rebuild(framework);
    }

    pub fn rows(&self) -> &[Node] {
        &self.rows
    }

    pub fn selected(&self) -> Node {
        self.rows[self.selected]
    }

    pub fn selected_index(&self) -> usize {
        self.selected
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Rows on screen, as last laid out.
    pub fn visible_height(&self) -> usize {
        self.height
    }

    pub fn is_open(&self, node: Node) -> bool {
        self.only.is_some() && node.has_children() || self.open.contains(&node)
    }

    /// The rows that fit in `height` lines from the scroll offset.
    pub fn visible(&self, height: usize) -> &[Node] {
        let end = (self.offset + height).min(self.rows.len());
        &self.rows[self.offset.min(end)..end]
    }

    /// List only these (theme, standard) pairs (`None`: everything).
    pub fn set_only(&mut self, framework: &Framework, only: Option<BTreeSet<(usize, usize)>>) {
        self.only = only;
        self.rebuild(framework);
    }

    pub fn is_filtered(&self) -> bool {
        self.only.is_some()
    }

    fn rebuild(&mut self, framework: &Framework) {
        if let Some(only) = &self.only {
            let keep = self.rows.get(self.selected).copied();
            self.rows.clear();
            self.rows.push(Node::Framework);
            for (t, theme) in framework.themes.iter().enumerate() {
                let members: Vec<usize> = (0..theme.standards.len())
                    .filter(|s| only.contains(&(t, *s)))
                    .collect();
                if members.is_empty() {
                    continue;
                }
                self.rows.push(Node::Theme(t));
                if theme.grouped_by_stage() {
                    for (s, stage) in framework.stages.iter().enumerate() {
                        let in_stage: Vec<usize> = members
                            .iter()
                            .copied()
                            .filter(|i| theme.standards[*i].stage.as_deref() == Some(&stage.id))
                            .collect();
                        if !in_stage.is_empty() {
                            self.rows.push(Node::Stage { theme: t, stage: s });
                            self.rows
                                .extend(in_stage.into_iter().map(|i| Node::Standard {
                                    theme: t,
                                    standard: i,
                                }));
                        }
                    }
                } else {
                    self.rows
                        .extend(members.into_iter().map(|i| Node::Standard {
                            theme: t,
                            standard: i,
                        }));
                }
            }
            self.selected = keep
                .and_then(|n| self.rows.iter().position(|r| *r == n))
                .unwrap_or(self.rows.len().min(2) - 1);
            return;
        }
        let keep = self.rows.get(self.selected).copied();
        self.rows.clear();
        self.rows.push(Node::Framework);
        if self.open.contains(&Node::Framework) {
            for (t, theme) in framework.themes.iter().enumerate() {
                self.rows.push(Node::Theme(t));
                if !self.open.contains(&Node::Theme(t)) {
                    continue;
                }
                if theme.grouped_by_stage() {
                    for (s, stage) in framework.stages.iter().enumerate() {
                        if !theme
                            .standards
                            .iter()
                            .any(|st| st.stage.as_deref() == Some(&stage.id))
                        {
                            continue;
                        }
                        let group = Node::Stage { theme: t, stage: s };
                        self.rows.push(group);
                        if self.open.contains(&group) {
                            self.rows.extend(
                                theme
                                    .standards
                                    .iter()
                                    .enumerate()
                                    .filter(|(_, st)| st.stage.as_deref() == Some(&stage.id))
                                    .map(|(i, _)| Node::Standard {
                                        theme: t,
                                        standard: i,
                                    }),
                            );
                        }
                    }
                } else {
                    self.rows
                        .extend((0..theme.standards.len()).map(|i| Node::Standard {
                            theme: t,
                            standard: i,
                        }));
                }
            }
            if self.archived > 0 {
                self.rows.push(Node::Archived);
                if self.open.contains(&Node::Archived) {
                    self.rows.extend((0..self.archived).map(Node::ArchivedItem));
                }
            }
        }
        self.selected = keep
            .and_then(|n| self.rows.iter().position(|r| *r == n))
            .unwrap_or(self.selected.min(self.rows.len() - 1));
    }

    /// Move the selection by `delta` rows, clamped to the list.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        let last = self.rows.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
        self.scroll_into_view(height);
    }

    pub fn select_index(&mut self, index: usize, height: usize) {
        self.selected = index.min(self.rows.len() - 1);
        self.scroll_into_view(height);
    }

    /// Open the selected node. Returns false if it has no children or is open already.
    pub fn open_selected(&mut self, framework: &Framework, height: usize) -> bool {
        let node = self.selected();
        if !node.has_children() || !self.open.insert(node) {
            return false;
        }
        self.rebuild(framework);
        self.scroll_into_view(height);
        true
    }

    /// Close the selected node if open, else select its parent.
    pub fn close_or_parent(&mut self, framework: &Framework, height: usize) {
        let node = self.selected();
        if node != Node::Framework && self.open.remove(&node) {
            self.rebuild(framework);
        } else if let Some(parent) = self.parent_index(self.selected) {
            self.selected = parent;
        }
        self.scroll_into_view(height);
    }

    /// Open every theme and stage group (for a full view, benchmarks and reports).
    pub fn open_all(&mut self, framework: &Framework) {
        self.open.insert(Node::Framework);
        for (t, _) in framework.themes.iter().enumerate() {
            self.open.insert(Node::Theme(t));
            for s in 0..framework.stages.len() {
                self.open.insert(Node::Stage { theme: t, stage: s });
            }
        }
        self.rebuild(framework);
    }

    /// Select `node`, opening its ancestors as needed.
    pub fn reveal(&mut self, framework: &Framework, node: Node, height: usize) {
        if let Some(t) = node.theme() {
            self.open.insert(Node::Framework);
            self.open.insert(Node::Theme(t));
            if let Node::Standard { standard, .. } = node {
                let st = &framework.themes[t].standards[standard];
                if let Some(s) = st.stage.as_deref().and_then(|id| framework.stage_index(id)) {
                    self.open.insert(Node::Stage { theme: t, stage: s });
                }
            }
        }
        self.rebuild(framework);
        if let Some(i) = self.rows.iter().position(|r| *r == node) {
            self.selected = i;
        }
        self.scroll_into_view(height);
    }

    fn parent_index(&self, index: usize) -> Option<usize> {
        let depth = self.rows[index].depth();
        (0..index).rev().find(|&i| self.rows[i].depth() < depth)
    }

    /// Adjust the offset so the selection is on screen, keeping a row of context where possible.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        self.height = height;
        let margin = if height > 4 { 1 } else { 0 };
        if self.selected < self.offset + margin {
            self.offset = self.selected.saturating_sub(margin);
        } else if self.selected + margin >= self.offset + height {
            self.offset = (self.selected + margin + 1).saturating_sub(height);
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}
