//! Everything the user can ask of the app, as data.
//!
//! The keymap turns key events into these; `App::update` gives them
//! meaning. Being plain serde data, actions can be named in a key config
//! file and written in tests.

use ratatui_textarea::Input;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// Save and leave.
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    /// Open the selected node; on a standard, edit its note.
    Open,
    /// Close the selected node, or go to its parent.
    Close,
    /// Set the selected standard's level at the current stage.
    SetLevel(u8),
    NotApplicable,
    ClearRating,
    NextStage,
    PrevStage,
    EditNote,
    /// Remove the rating and note of the selected standard at this stage (asks first if words would go).
    ClearMark,
    Undo,
    Redo,
    /// Show the review before (or after) the one shown.
    EarlierReview,
    LaterReview,
    /// Close the current review and start a new one (asks for a title, then confirmation).
    StartReview,
    /// Progress since the review before: the compare view.
    Compare,
    /// Compare view: only what changed, or everything.
    ChangedOnly,
    /// Only the standards where raters are 2 or more levels apart.
    ToDiscuss,
    /// Walk through the standards together, one at a time.
    Session,
    /// Session mode: the next and previous standard.
    NextStandard,
    PrevStandard,
    /// Session mode: whose level the number keys set (self, other raters, agreed).
    NextRater,
    /// Add someone rating beside the person (coach, line manager, ...).
    AddRater,
    /// The list of who rates in the review: add, rename, remove, bring back.
    Raters,
    /// In the list of raters: rename the selected one.
    RenameRater,
    /// In the list of raters: remove the selected one (asks first; their
    /// levels and notes are kept under Archived).
    RemoveRater,
    /// In the list of raters: bring back the selected archived one.
    RestoreRater,
    /// The development plan: proposals, objectives and actions.
    Plan,
    /// Development offers: browse, or those serving the selected theme and stage.
    Offers,
    /// Plan: pin the selected strength or priority, or unpin it.
    Pin,
    /// Plan: set the selected proposal aside, or bring it back.
    Dismiss,
    /// Plan: a new development action (from a priority: linked to it).
    AddAction,
    /// Plan: a new objective.
    AddObjective,
    /// Plan: edit the selected objective or action.
    EditItem,
    /// Plan: the selected item's next status (done asks for evidence).
    NextStatus,
    /// Plan: delete the selected objective or action (asks first).
    DeleteItem,
    /// Plan: actions grouped by status, or by theme.
    GroupBy,
    /// Plan: go to the standard (or theme) the selected item is linked to.
    GoToLinked,
    /// The agreed next step (or, on the tree, the standard) as a plan action.
    NextStepToAction,
    /// Offers: the next theme, stage, kind or audience to show.
    FilterTheme,
    FilterStage,
    FilterKind,
    FilterAudience,
    /// Offers: show every offer again.
    ClearFilters,
    /// The summary at a glance: heat map and a chart per stage.
    Summary,
    /// Summary: whose levels it shows (self, each rater, agreed).
    Whose,
    /// Summary: write the appraisal pack (asks for whom).
    WritePack,
    /// Writing the pack: for yourself, your coach, your Leader.
    PackForSelf,
    PackForCoach,
    PackForLeader,
    /// Mark the note private: hidden in session mode.
    TogglePrivate,
    EditSessionNote,
    EditNextStep,
    /// Leave this assessment for the start screen, to open or create another.
    OpenAnother,
    /// Bring a rater's filled-in sheet into the current review (asks for its path).
    MergeSheet,
    /// Scroll the detail pane.
    DetailDown,
    DetailUp,
    ToggleHelp,
    /// Close whatever is on top: help, the editor.
    Back,
    /// A key typed into the focused text (note editor, start screen field).
    Input(Input),
    /// Text pasted into the focused text.
    Paste(String),
    /// Start screen: next and previous field, and create.
    NextField,
    PrevField,
    Confirm,
    /// After a conflict: reload the version on disk, keeping ours as a copy.
    TakeTheirs,
    /// After a conflict: save ours over it, keeping theirs as a copy.
    KeepMine,
    /// Save now (after a conflict: choose again).
    Save,
    /// Find standards, theme titles and notes by their words.
    Search,
    /// Go to the next (previous) standard or theme the search found.
    NextMatch,
    PrevMatch,
    /// Forget the search: its highlights go.
    ClearSearch,
    /// Choose the tree's filters (unrated, has a note, private, ...).
    Filters,
    /// Write the selected note in your own editor ($VISUAL, else $EDITOR).
    ExternalEditor,
    /// Your own editor closed: the note as it left it, or why there is
    /// none (it could not be started, or ended with an error).
    Edited(Result<String, String>),
    /// The mouse: on, or off so the terminal's own selection (to copy
    /// text) works.
    ToggleMouse,
    /// A left click at (column, row) of the screen.
    Click(u16, u16),
    /// The wheel turned at (column, row): down (true) or up.
    Wheel(u16, u16, bool),
    /// The terminal has a new size.
    Resize(u16, u16),
    /// Time passes: delayed saves happen here.
    Tick,
}

impl Action {
    /// The action's name as a key file writes it (`SetLevel`, `Quit`).
    pub fn name(&self) -> String {
        let debug = format!("{self:?}");
        debug
            .split(['(', ' ', '{'])
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    /// What the action does, in a few words, for the help screen.
    pub fn describe(&self) -> String {
        match self {
            Action::Quit => "save and quit".into(),
            Action::Up => "move up".into(),
            Action::Down => "move down".into(),
            Action::PageUp => "page up".into(),
            Action::PageDown => "page down".into(),
            Action::First => "first row".into(),
            Action::Last => "last row".into(),
            Action::Open => "open; on a standard, edit the note".into(),
            Action::Close => "close, or go to the parent".into(),
            Action::SetLevel(n) => format!("set level {n} at the current stage"),
            Action::NotApplicable => "mark not applicable".into(),
            Action::ClearRating => "clear the rating".into(),
            Action::NextStage => "next stage".into(),
            Action::PrevStage => "previous stage".into(),
            Action::EditNote => "edit the note".into(),
            Action::ClearMark => "clear rating and note at this stage (asks first)".into(),
            Action::Undo => "undo the last rating or note change".into(),
            Action::Redo => "redo".into(),
            Action::EarlierReview => "show the review before (read-only)".into(),
            Action::LaterReview => "show the review after; back to the current one".into(),
            Action::StartReview => "start a new review (levels carry forward)".into(),
            Action::Compare => "compare with the review before".into(),
            Action::ChangedOnly => "only what changed / everything".into(),
            Action::ToDiscuss => "only standards still to discuss (⚑), or all".into(),
            Action::Session => "session mode: one standard at a time, together".into(),
            Action::NextStandard => "next standard".into(),
            Action::PrevStandard => "previous standard".into(),
            Action::NextRater => "whose level the numbers set: self, others, agreed".into(),
            Action::AddRater => "add a coach, line manager, Leader or peer".into(),
            Action::Raters => "who rates: add, rename, remove, bring back".into(),
            Action::RenameRater => "rename the selected rater".into(),
            Action::RemoveRater => "remove the selected rater (kept under Archived)".into(),
            Action::RestoreRater => "bring back the selected archived rater".into(),
            Action::Plan => "the development plan: priorities, objectives, actions".into(),
            Action::Offers => "development offers (for the selected theme and stage)".into(),
            Action::Pin => "pin the strength or priority, or unpin it".into(),
            Action::Dismiss => "set the proposal aside, or bring it back".into(),
            Action::AddAction => "new action (from a priority: linked to it)".into(),
            Action::AddObjective => "new objective".into(),
            Action::EditItem => "edit the objective or action".into(),
            Action::NextStatus => "next status: planned, in progress, done, dropped".into(),
            Action::DeleteItem => "delete the objective or action (asks first)".into(),
            Action::GroupBy => "actions by status or by theme".into(),
            Action::GoToLinked => "go to the linked standard or theme".into(),
            Action::NextStepToAction => "make the next step (or the standard) a plan action".into(),
            Action::FilterTheme => "next theme".into(),
            Action::FilterStage => "next stage".into(),
            Action::FilterKind => "next kind of offer".into(),
            Action::FilterAudience => "officers' offers, or everyone's".into(),
            Action::ClearFilters => "show every offer".into(),
            Action::Summary => "the summary: heat map and a chart per stage".into(),
            Action::Whose => "whose levels: self, each rater, agreed".into(),
            Action::WritePack => "write the appraisal pack (HTML, asks for whom)".into(),
            Action::PackForSelf => "the pack for yourself".into(),
            Action::PackForCoach => "the pack for your coach".into(),
            Action::PackForLeader => "the pack for your Leader".into(),
            Action::TogglePrivate => "note private (hidden in session mode) or not".into(),
            Action::EditSessionNote => "write the session note".into(),
            Action::EditNextStep => "write the agreed next step".into(),
            Action::OpenAnother => "open or create another assessment".into(),
            Action::MergeSheet => "merge a rater's sheet into the current review".into(),
            Action::DetailDown => "scroll the detail down".into(),
            Action::DetailUp => "scroll the detail up".into(),
            Action::ToggleHelp => "show or hide this help".into(),
            Action::Back => "close / leave, keeping the text".into(),
            Action::Input(_) => "type".into(),
            Action::Paste(_) => "paste".into(),
            Action::NextField => "next field".into(),
            Action::PrevField => "previous field".into(),
            Action::Confirm => "confirm: create, or yes".into(),
            Action::TakeTheirs => "take the version on disk (yours kept as a copy)".into(),
            Action::KeepMine => "keep yours (theirs kept as a copy)".into(),
            Action::Save => "save now; after a conflict, choose again".into(),
            Action::Search => "search standards, theme titles and notes".into(),
            Action::NextMatch => "next match of the search".into(),
            Action::PrevMatch => "previous match of the search".into(),
            Action::ClearSearch => "clear the search".into(),
            Action::Filters => "filter the tree: unrated, notes, private, carried, changed".into(),
            Action::ExternalEditor => {
                "write the note in your own editor ($VISUAL or $EDITOR)".into()
            }
            Action::Edited(_) => "edited".into(),
            Action::ToggleMouse => "mouse on / off (off: the terminal selects text to copy)".into(),
            Action::Click(..) => "click".into(),
            Action::Wheel(..) => "scroll".into(),
            Action::Resize(..) => "resize".into(),
            Action::Tick => "tick".into(),
        }
    }
}
