//! The summary: the picture at a glance. A heat map of theme by stage
//! (mean level, rated count, an arrow against the previous review) and a
//! bar chart per stage with the previous review behind, for the person's
//! own levels, each rater's, or the agreed ones; and the way to write the
//! appraisal pack.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub(crate) use update::write_pack;

use super::{Hint, View};
use crate::app::{App, Workspace};
use crate::keys::{Action, Mode};
use crate::model::Framework;
use crate::model::progress::{Tally, Whose, grid};
use crate::model::{Assessment, Review};

/// One heat-map cell: now and, if there is a previous review, then.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub now: Tally,
    pub before: Option<Tally>,
}

/// The summary's numbers for one lens (whose levels), worked out when
/// the view opens or the lens changes, so drawing only reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// "Jane O'Neill (self)", "Sam Patel (coach)", "agreed levels".
    pub whose: String,
    /// Per theme: one cell per stage, then all stages.
    pub rows: Vec<Vec<Cell>>,
    /// All themes: one cell per stage, then all.
    pub total: Vec<Cell>,
    /// The review compared with, if any.
    pub previous: Option<String>,
}

pub struct SummaryView {
    /// Whose levels: 0 the person's, then each rater of the review in
    /// order, then the agreed levels.
    pub whose: usize,
    /// The stage whose chart shows when they do not all fit.
    pub stage: usize,
    pub scroll: usize,
    pub grid: Grid,
}

/// The lenses of `review`: the person, each rater, agreed.
pub fn lenses<'a>(assessment: &'a Assessment, review: &'a Review) -> Vec<(Whose<'a>, String)> {
    let mut out = vec![(
        Whose::Own,
        format!("{} (self)", assessment.person.name),
    )];
    out.extend(
        review
            .raters
            .iter()
            .map(|r| (Whose::Rater(&r.id), r.display())),
    );
    out.push((Whose::Agreed, "agreed levels".into()));
    out
}

fn with_total(cells: Vec<Cell>) -> Vec<Cell> {
    let mut all = Cell {
        now: Tally::default(),
        before: cells.first().and_then(|c| c.before.map(|_| Tally::default())),
    };
    for c in &cells {
        all.now.merge(&c.now);
        if let (Some(sum), Some(b)) = (all.before.as_mut(), c.before) {
            sum.merge(&b);
        }
    }
    let mut cells = cells;
    cells.push(all);
    cells
}

impl Grid {
    /// The numbers of review `index` of `assessment` through lens `whose`
    /// (an index into [`lenses`]).
    pub fn of(framework: &Framework, assessment: &Assessment, index: usize, whose: usize) -> Grid {
        let review = &assessment.reviews[index];
        let lenses = lenses(assessment, review);
        let (lens, label) = lenses[whose.min(lenses.len() - 1)].clone();
        let previous = index.checked_sub(1).map(|i| &assessment.reviews[i]);
        let now = grid(framework, review, lens);
        let before = previous.map(|p| grid(framework, p, lens));
        let rows: Vec<Vec<Cell>> = now
            .iter()
            .enumerate()
            .map(|(t, stages)| {
                with_total(
                    stages
                        .iter()
                        .enumerate()
                        .map(|(s, now)| Cell {
                            now: *now,
                            before: before.as_ref().map(|b| b[t][s]),
                        })
                        .collect(),
                )
            })
            .collect();
        let stages = framework.stages.len();
        let total = (0..=stages)
            .map(|s| {
                let mut cell = Cell {
                    now: Tally::default(),
                    before: previous.map(|_| Tally::default()),
                };
                for row in &rows {
                    cell.now.merge(&row[s].now);
                    if let (Some(sum), Some(b)) = (cell.before.as_mut(), row[s].before) {
                        sum.merge(&b);
                    }
                }
                cell
            })
            .collect();
        Grid {
            whose: label,
            rows,
            total,
            previous: previous.map(|p| p.title.clone()),
        }
    }
}

impl SummaryView {
    pub fn new(ws: &Workspace) -> SummaryView {
        SummaryView {
            whose: 0,
            stage: 0,
            scroll: 0,
            grid: Grid::of(ws.framework(), &ws.doc.assessment, ws.viewing, 0),
        }
    }
}

impl View for SummaryView {
    fn mode(&self) -> Mode {
        Mode::Summary
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        if let Some(ws) = app.workspace() {
            draw::render(ws, &app.keymap, self, area, buf)
        }
    }

    fn hints(&self, app: &App, narrow: bool) -> Vec<Hint> {
        let keys = &app.keymap;
        let mode = Mode::Summary;
        if narrow {
            return Hint::help_and_quit(keys, mode);
        }
        Hint::with_back(
            keys,
            mode,
            vec![
                Hint::key(keys, mode, Action::WritePack, "write the pack", 1),
                Hint::key(keys, mode, Action::Whose, "whose levels", 2),
                keys.pair(mode, &Action::PrevStage, &Action::NextStage)
                    .map(|k| Hint {
                        need: 3,
                        text: format!("{k} stage"),
                    }),
                keys.pair(mode, &Action::Up, &Action::Down).map(|k| Hint {
                    need: 3,
                    text: format!("{k} scroll"),
                }),
            ],
        )
    }

    #[cfg(test)]
    fn example(app: &App) -> Self {
        SummaryView::new(app.workspace().expect("an open assessment"))
    }
}
