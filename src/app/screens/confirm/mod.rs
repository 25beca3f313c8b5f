//! A question over the screen, before anything that would lose work, and
//! the choice after another program changed the file.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::View;
use super::session::Who;
use crate::model::Rating;
use crate::app::App;
use crate::keys::{Action, Keymap, Mode};

/// An action that would lose work, waiting for a yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Clear a mark that holds a note.
    ClearMark,
    /// Quit although the changes could not be written anywhere.
    QuitUnsaved { reason: String },
    /// Close the current review and start one with this title.
    StartReview {
        title: String,
        date: jiff::civil::Date,
        /// How many days after today `date` is, if it is in the future.
        ahead: Option<i32>,
    },
    /// The file changed on disk: take theirs, keep mine, or decide later.
    /// `copy`: the conflict copy ours is kept in meanwhile.
    Conflict { file: String, copy: Option<String> },
    /// In session mode: the note to edit is private, so end the session first.
    EndSessionToEdit,
    /// In session mode: make a private note public, so shown on this screen.
    MakePublic,
    /// In session mode: replace `whose` level `old` with `rating`.
    ReplaceLevel {
        who: Who,
        whose: String,
        old: String,
        rating: Rating,
    },
    /// Remove the rater `id` (shown as `who`, who `recorded` "2 levels,
    /// 1 note") from the review: kept under Archived.
    RemoveRater {
        id: String,
        who: String,
        recorded: String,
    },
    /// Delete an objective or action from the plan.
    DeletePlanItem {
        id: crate::model::plan::ItemId,
        what: String,
    },
    /// Write the appraisal pack: for whom?
    WritePack,
    /// Where the pack went (or why it did not): a path is too long for
    /// the status line.
    PackWritten { text: String },
    /// What a merge did, and where the values not taken went.
    Merged { text: String },
    /// Merge a rater's sheet (at `path`): what it would change, line by line.
    MergeSheet {
        merge: Box<crate::model::sheet::Merge>,
        lines: Vec<String>,
        path: String,
    },
    /// At start: a keys.ron or theme.ron could not be used (each problem
    /// with PATH:LINE:COL); the defaults are in use.
    Settings { problems: Vec<String> },
}

impl Confirm {
    /// The title of the question's box.
    pub fn title(&self) -> &'static str {
        match self {
            Confirm::Conflict { .. } => " Changed on disk ",
            Confirm::WritePack | Confirm::PackWritten { .. } => " The appraisal pack ",
            Confirm::Settings { .. } => " Your settings ",
            Confirm::MergeSheet { .. } | Confirm::Merged { .. } => " Merge a rater's sheet ",
            _ => " Are you sure? ",
        }
    }

    /// The answers, as (keys, what they do), with the keys the keymap
    /// gives them (an answer with no key is left out).
    pub fn answers(&self, keys: &Keymap) -> Vec<(String, &'static str)> {
        let wanted: &[(Action, &'static str)] = match self {
            Confirm::Conflict { .. } => &[
                (Action::TakeTheirs, "take theirs (yours kept as a copy)"),
                (Action::KeepMine, "keep mine (theirs kept as a copy)"),
                (Action::Back, "decide later"),
            ],
            Confirm::Settings { .. } | Confirm::PackWritten { .. } | Confirm::Merged { .. } => {
                &[(Action::Confirm, "carry on")]
            }
            Confirm::MergeSheet { merge, .. } if merge.conflicts() > 0 => &[
                (Action::KeepMine, "merge, keeping yours where both changed"),
                (Action::TakeTheirs, "merge, taking the sheet's"),
                (Action::Back, "not now"),
            ],
            Confirm::MergeSheet { .. } => &[(Action::Confirm, "merge"), (Action::Back, "not now")],
            Confirm::WritePack => &[
                (Action::PackForSelf, "for yourself"),
                (Action::PackForCoach, "for your coach"),
                (Action::PackForLeader, "for your Leader"),
                (Action::Back, "not now"),
            ],
            _ => &[(Action::Confirm, "yes"), (Action::Back, "no")],
        };
        wanted
            .iter()
            .filter_map(|(action, words)| {
                let mode = match self {
                    Confirm::Conflict { .. } => Mode::Conflict,
                    _ => Mode::Confirm,
                };
                let keys = keys.keys(mode, action);
                (!keys.is_empty()).then(|| (keys.join(" or "), *words))
            })
            .collect()
    }

    /// The question, naming keys as the keymap binds them.
    pub fn question(&self, keys: &Keymap) -> String {
        match self {
            Confirm::ClearMark => keys.fill(
                Mode::Browse,
                "Clear the rating and the note for this standard at this stage? ({Undo} undoes \
                 it)",
            ),
            Confirm::StartReview { title, date, ahead } => {
                let future = match ahead {
                    Some(1) => " That is tomorrow.".to_string(),
                    Some(days) => format!(" That is {days} days from today."),
                    None => String::new(),
                };
                format!(
                    "Start \"{title}\" on {date}?{future} The current review closes now and is \
                     read-only from then on; its levels carry forward into the new one, its notes \
                     stay where they are."
                )
            }
            Confirm::Conflict { file, copy } => {
                let kept = match copy {
                    Some(copy) => format!("Yours is in {copy}."),
                    None => "Yours is only in memory.".into(),
                };
                format!(
                    "{file} was changed by another program; nothing was written over it. {kept}"
                )
            }
            Confirm::EndSessionToEdit => keys.fill(
                Mode::Confirm,
                "Your note here is private, so it is not shown in session mode. End the session \
                 to edit it? ({Confirm} ends the session and opens it; {Back} stays)",
            ),
            Confirm::ReplaceLevel {
                who,
                whose,
                old,
                rating,
            } => {
                let level = match who {
                    Who::Agreed => "the agreed level".to_string(),
                    _ => format!("the level {whose} gave"),
                };
                let new = match rating {
                    Rating::Level(n) => format!("level {n}"),
                    Rating::NotApplicable => "not applicable".into(),
                    Rating::Unrated => "nothing (clearing it)".into(),
                };
                keys.fill(
                    Mode::Confirm,
                    &format!(
                        "Replace {level} here, {old}, with {new}? ({{Confirm}} replaces it; \
                         {{Back}} keeps it)"
                    ),
                )
            }
            Confirm::RemoveRater { who, recorded, .. } => keys.fill(
                Mode::Raters,
                &format!(
                    "Remove {who} from this review? What they recorded ({recorded}) is kept \
                     under Archived, left out of the comparisons; {{RestoreRater}} in this list \
                     brings them back with it, and {{Undo}} undoes it."
                ),
            ),
            Confirm::DeletePlanItem { id, what } => keys.fill(
                Mode::Plan,
                &format!("Delete {id}, \"{what}\", from the plan? ({{Undo}} undoes it)"),
            ),
            Confirm::WritePack => "Write the appraisal pack of this review, as HTML beside the \
                 assessment, to open in a browser and print? Whom is it for? Private notes are \
                 left out."
                .into(),
            Confirm::PackWritten { text } | Confirm::Merged { text } => text.clone(),
            Confirm::MergeSheet { merge, lines, path } => {
                let mut text = format!("{path}: {}.", merge.describe());
                if let Some(from) = &merge.mapped_from {
                    text.push_str(&format!(
                        " The sheet was for \"{}\"; it goes into the current review.",
                        from.title
                    ));
                }
                // The first changes; the rest counted (the command line lists all).
                const SHOWN: usize = 6;
                for line in lines.iter().take(SHOWN) {
                    text.push_str("\n  ");
                    text.push_str(line);
                }
                if lines.len() > SHOWN {
                    text.push_str(&format!("\n  … and {} more", lines.len() - SHOWN));
                }
                if merge.conflicts() > 0 {
                    text.push_str("\nWhat is not taken is kept in a conflict copy.");
                }
                text.push_str(&keys.fill(Mode::Browse, "\n{Undo} undoes the merge."));
                text
            }
            Confirm::MakePublic => keys.fill(
                Mode::Confirm,
                "Make your private note public? It will be shown on this shared screen at once. \
                 ({Confirm} makes it public; {Back} keeps it private)",
            ),
            Confirm::Settings { problems } => {
                let problems: Vec<&str> = problems.iter().map(|p| p.trim_end_matches('.')).collect();
                format!(
                    "{}. `reflect keys` checks the files; this is said again when reflect ends.",
                    problems.join(". ")
                )
            }
            Confirm::QuitUnsaved { reason } => format!(
                "Your latest changes could not be saved, nor a rescue copy written ({reason}). \
                 Quit and lose them?"
            ),
        }
    }
}


impl View for Confirm {
    fn mode(&self) -> Mode {
        match self {
            Confirm::Conflict { .. } => Mode::Conflict,
            _ => Mode::Confirm,
        }
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw::render(self, &app.keymap, area, buf)
    }

    #[cfg(test)]
    fn example(_: &App) -> Self {
        Confirm::ClearMark
    }
}
