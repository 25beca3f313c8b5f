//! `App::update`: every behaviour of the app, one action at a time.

use std::time::Instant;

use ratatui::layout::{Position, Rect, Size};

use super::layout;
use super::note_text::EditorLook;
use super::panes::{NoteField, Pane, Prompt, PromptKind, ROLES, SessionView, Who};
use super::start::Field;
use super::tree::Node;
use super::{
    Action, App, Clock, Confirm, Mode, Overlay, SaveState, Screen, StartScreen, Workspace,
};
use crate::model::Rating;
use crate::store;

impl App {
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Resize(w, h) => return self.resize(Size::new(w, h)),
            Action::Tick => return self.tick(Instant::now()),
            _ => {}
        }
        // What is drawn is only "terminal too small": a key could change
        // what no one sees. Only quitting (which saves) goes through.
        if layout::too_small(self.size) && action != Action::Quit {
            return;
        }
        self.message = None;
        self.last_key = Some(Instant::now());
        if action == Action::Save {
            return self.save_key();
        }
        match self.mode() {
            Mode::Help => self.update_help(action),
            Mode::Start | Mode::StartText => self.update_start(action),
            Mode::Browse => self.update_browse(action),
            Mode::Editor => self.update_editor(action),
            Mode::Confirm | Mode::Conflict => self.update_confirm(action),
            Mode::Prompt => self.update_prompt(action),
            Mode::Compare => self.update_compare(action),
            Mode::Session => self.update_session(action),
        }
    }

    fn update_confirm(&mut self, action: Action) {
        let Some(confirm) = self.take_confirm() else {
            return;
        };
        if let Confirm::Conflict { .. } = confirm {
            return self.update_conflict(confirm, action);
        }
        let yes = match action {
            Action::Confirm => true,
            Action::Back | Action::Quit => false,
            // Anything else leaves the question up.
            _ => {
                self.overlay = Some(Overlay::Confirm(confirm));
                return;
            }
        };
        let clock = self.clock.clone();
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        match (confirm, yes) {
            (Confirm::ClearMark, true) => {
                self.message = Some(match ws.clear_mark() {
                    Ok(()) => self.keymap.fill(Mode::Browse, "Cleared. {Undo} undoes it."),
                    Err(e) => e,
                })
            }
            (Confirm::QuitUnsaved { .. }, true) => self.quit = true,
            (Confirm::StartReview { title }, true) => {
                self.message = Some(match ws.start_review(&title, &clock) {
                    Ok(done) => done,
                    Err(e) => e,
                })
            }
            (Confirm::Conflict { .. }, true) => {}
            (Confirm::EndSessionToEdit, true) => {
                ws.pane = Pane::Tree;
                self.message = ws
                    .open_editor(
                        NoteField::Own,
                        editor_look(&self.keymap, &self.theme, self.size),
                    )
                    .or_else(|| Some("Session ended: private notes are shown again.".into()));
            }
            (Confirm::MakePublic, true) => {
                self.message = Some(ws.toggle_private().unwrap_or_else(|e| e));
            }
            (_, false) => self.message = Some("Nothing changed.".into()),
        }
    }

    /// The file changed on disk: the user's choice.
    fn update_conflict(&mut self, confirm: Confirm, action: Action) {
        let home = self.home.clone();
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        match action {
            Action::TakeTheirs => self.take_theirs(),
            Action::KeepMine => self.message = Some(ws.keep_mine(&home)),
            Action::Back | Action::Quit => {
                self.message = Some(match ws.keep_in_conflict_copy(&home) {
                    Ok(copy) => format!(
                        "Decide later: yours is kept in {} and the file is not written over. \
                         Ctrl-s asks again.",
                        copy.display()
                    ),
                    Err(e) => format!(
                        "Yours is only in memory: {e}. {}",
                        self.keymap.fill(Mode::Browse, "{Save} asks again.")
                    ),
                })
            }
            _ => self.overlay = Some(Overlay::Confirm(confirm)),
        }
    }

    /// "Take theirs": keep this version in a conflict copy, then open the
    /// file again as it is on disk now.
    fn take_theirs(&mut self) {
        let home = self.home.clone();
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        let path = ws.doc.path.clone();
        if let Err(e) = store::load_main(&path) {
            self.message = Some(format!(
                "The version on disk does not read, so it cannot be taken ({e}); yours stays \
                 here, not saved."
            ));
            return;
        }
        if ws.editor.is_some() {
            ws.close_editor();
        }
        let copy = match ws.keep_in_conflict_copy(&home) {
            Ok(copy) => copy,
            Err(e) => {
                self.message = Some(format!(
                    "Yours could not be kept in a conflict copy ({e}), so nothing was reloaded."
                ));
                return;
            }
        };
        let reopened = self.reopen(&path);
        self.message = Some(match reopened {
            Ok(()) => format!(
                "Took the version on disk. Yours is kept in {}",
                copy.display()
            ),
            Err(e) => format!(
                "Yours is kept in {}; the file did not open: {e}",
                copy.display()
            ),
        });
    }

    /// Let go of the open assessment (saving nothing more) and open `path`
    /// again from disk. On failure the start screen shows why.
    fn reopen(&mut self, path: &std::path::Path) -> Result<(), String> {
        // Where the user was, to be there again.
        let place = self.workspace().map(|ws| (ws.tree.selected(), ws.stage));
        // Dropping the workspace waits for its saver and lets go of the lock.
        drop(std::mem::replace(
            &mut self.screen,
            Screen::Start(Box::new(StartScreen::new(&self.home))),
        ));
        match store::open(&self.home, path) {
            Ok(doc) => {
                self.open_document(doc);
                let rows = self.tree_rows();
                if let (Screen::Assess(ws), Some((node, stage))) = (&mut self.screen, place) {
                    if stage < ws.doc.framework.stages.len() {
                        ws.stage = stage;
                    }
                    let fw = ws.doc.framework.clone();
                    // Only a place the file opened again still has.
                    let there = match node {
                        Node::Standard { theme, standard } => fw
                            .themes
                            .get(theme)
                            .is_some_and(|t| standard < t.standards.len()),
                        Node::Theme(theme) | Node::Stage { theme, .. } => theme < fw.themes.len(),
                        _ => false,
                    };
                    if there {
                        ws.tree.reveal(&fw, node, rows);
                    }
                }
                Ok(())
            }
            Err(e) => {
                let mut start = StartScreen::new(&self.home);
                start.error = Some(e.to_string());
                self.screen = Screen::Start(Box::new(start));
                Err(e.to_string())
            }
        }
    }

    /// Ctrl-s: save now; after a conflict, ask again what to do.
    fn save_key(&mut self) {
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        if ws.in_conflict() {
            self.overlay = Some(Overlay::Confirm(conflict_question(ws)));
        } else if let Some(why) = ws.read_only_reason() {
            self.message = Some(format!("Not saved: {why}"));
        } else {
            ws.save_soon(Instant::now());
            if matches!(ws.save, SaveState::Opened | SaveState::Saved { .. }) {
                self.message = Some("Nothing to save: everything is on disk.".into());
            }
        }
    }

    /// Save and leave. Changes that cannot be written go to a rescue copy,
    /// and the user is told where; only if that fails too is a yes needed.
    fn quit(&mut self) {
        let clock = self.clock.clone();
        let Screen::Assess(ws) = &mut self.screen else {
            self.quit = true;
            return;
        };
        if ws.editor.is_some() {
            ws.close_editor();
        }
        ws.flush(&clock);
        if ws.in_conflict() {
            match ws.keep_in_conflict_copy(&self.home) {
                Ok(copy) => {
                    self.exit_note = Some(format!(
                        "reflect: {} was changed on disk by another program, so reflect did \
                         not write over it.\nYour version is kept in {}",
                        ws.doc.path.display(),
                        copy.display()
                    ));
                    self.quit = true;
                    return;
                }
                Err(e) => {
                    ws.save = SaveState::Failed {
                        message: format!("changed on disk, and no conflict copy: {e}"),
                    }
                }
            }
        }
        if ws.unsaved()
            && ws.doc.read_only.is_some()
            && !matches!(ws.save, SaveState::Failed { .. })
        {
            ws.save = SaveState::Failed {
                message: ws.read_only_reason().unwrap_or_default(),
            };
        }
        if let SaveState::Failed { message } = &ws.save {
            let failed = message.clone();
            match store::rescue(&self.home, &ws.doc.path, &ws.doc.assessment) {
                Ok(copy) => {
                    self.exit_note = Some(format!(
                        "reflect: could not save {}: {failed}\nYour changes are safe in {}",
                        ws.doc.path.display(),
                        copy.display()
                    ));
                }
                Err(e) => {
                    self.overlay = Some(Overlay::Confirm(Confirm::QuitUnsaved {
                        reason: e.to_string(),
                    }));
                    return;
                }
            }
        }
        self.quit = true;
    }

    /// Leave at once, for a signal or a lost terminal: everything unsaved,
    /// the note being written included, is written as on quit (to a rescue
    /// or conflict copy if the file cannot be). Never asks anything.
    pub fn shut_down(&mut self) {
        self.overlay = None;
        self.quit();
        if !self.quit {
            // Not even a rescue copy could be written; nothing more to try.
            self.exit_note = Some(match self.take_confirm() {
                Some(confirm) => format!("reflect: {}", confirm.question(&self.keymap)),
                None => "reflect: your latest changes could not be saved".into(),
            });
            self.quit = true;
        }
    }

    fn resize(&mut self, size: Size) {
        self.size = size;
        let rows = self.tree_rows();
        if let Screen::Assess(ws) = &mut self.screen {
            if let Some(editor) = &mut ws.editor {
                editor.text.refit(Rect::from((Position::ORIGIN, size)));
            }
            ws.tree.scroll_into_view(rows);
        }
    }

    fn tree_rows(&self) -> usize {
        usize::from(layout::Areas::new(self.size).tree_rows())
    }

    /// Let time pass: finished writes, and pending changes whose delay is up.
    fn tick(&mut self, now: Instant) {
        let clock = self.clock.clone();
        self.tick_changed = false;
        if let Screen::Assess(ws) = &mut self.screen {
            let before = (ws.save.clone(), ws.doc.earlier_loading());
            let was_conflict = ws.in_conflict();
            let mut told = ws.tick(now, &clock);
            let (lock_told, freed) = ws.check_lock(now);
            told = lock_told.or(told);
            self.tick_changed =
                told.is_some() || (ws.save.clone(), ws.doc.earlier_loading()) != before;
            if ws.in_conflict() && !was_conflict {
                // Ours on disk at once, so every answer (and none) is safe;
                // changes from here on go to the same copy.
                if let Err(e) = ws.keep_in_conflict_copy(&self.home) {
                    told = Some(format!("Your version is only in memory: {e}"));
                }
                ws.conflict_asked = false;
            }
            // Asked once the user pauses, never over the note editor nor
            // another question: a key typed in flight must not answer it.
            let quiet = self
                .last_key
                .is_none_or(|at| now.saturating_duration_since(at) >= self.conflict_quiet);
            if ws.in_conflict()
                && !ws.conflict_asked
                && quiet
                && ws.editor.is_none()
                && self.overlay.is_none()
            {
                self.overlay = Some(Overlay::Confirm(conflict_question(ws)));
                ws.conflict_asked = true;
                self.tick_changed = true;
            }
            if let Some(told) = told {
                self.message = Some(told);
            }
            if freed {
                let path = ws.doc.path.clone();
                self.tick_changed = true;
                self.message = Some(match self.reopen(&path) {
                    Ok(())
                        if self
                            .workspace()
                            .is_some_and(|ws| ws.doc.read_only.is_none()) =>
                    {
                        "Writable now: the other reflect closed the file, and it was \
                         reloaded from disk."
                            .to_string()
                    }
                    Ok(()) => "Reloaded: the file changed on disk. Still read-only while \
                               another reflect has it open."
                        .to_string(),
                    Err(e) => e,
                });
            }
        }
    }

    fn update_help(&mut self, action: Action) {
        let scroll = self.help_scroll().unwrap_or(0);
        match action {
            Action::ToggleHelp | Action::Back | Action::Quit => self.overlay = None,
            Action::Down | Action::DetailDown => {
                self.overlay = Some(Overlay::Help(scroll.saturating_add(1)))
            }
            Action::Up | Action::DetailUp => {
                self.overlay = Some(Overlay::Help(scroll.saturating_sub(1)))
            }
            Action::PageDown => self.overlay = Some(Overlay::Help(scroll.saturating_add(10))),
            Action::PageUp => self.overlay = Some(Overlay::Help(scroll.saturating_sub(10))),
            Action::First => self.overlay = Some(Overlay::Help(0)),
            _ => {}
        }
    }

    fn update_start(&mut self, action: Action) {
        let Screen::Start(start) = &mut self.screen else {
            return;
        };
        start.error = None;
        match action {
            Action::Quit | Action::Back => self.quit = true,
            Action::ToggleHelp => self.overlay = Some(Overlay::Help(0)),
            Action::Up if start.focus == Field::Existing => {
                start.picked = start.picked.saturating_sub(1);
            }
            Action::Down if start.focus == Field::Existing => {
                start.picked = (start.picked + 1).min(start.existing.len().saturating_sub(1));
            }
            Action::Up if start.focus == Field::Framework => {
                start.chosen = start.chosen.saturating_sub(1);
            }
            Action::Down if start.focus == Field::Framework => {
                start.chosen = (start.chosen + 1).min(start.choices.len().saturating_sub(1));
            }
            Action::NextField | Action::Down => start.next_field(),
            Action::PrevField | Action::Up => start.prev_field(),
            Action::Input(input) => {
                if let Some(text) = start.focused_text() {
                    text.input(input);
                }
            }
            Action::Paste(s) => {
                if let Some(text) = start.focused_text() {
                    text.insert_str(s.replace(['\r', '\n'], " "));
                }
            }
            Action::Confirm => self.create(),
            _ => {}
        }
    }

    /// Create the assessment the start screen describes, and open it.
    fn create(&mut self) {
        let Screen::Start(start) = &mut self.screen else {
            return;
        };
        if start.focus == Field::Existing {
            let Some(path) = start.existing.get(start.picked).map(|o| o.path.clone()) else {
                return;
            };
            match store::open(&self.home, &path) {
                Ok(doc) => self.open_document(doc),
                Err(e) => start.error = Some(e.to_string()),
            }
            return;
        }
        if start.focus == Field::Framework {
            start.focus = Field::Name;
            return;
        }
        let name = start.name_text();
        if name.is_empty() {
            start.focus = Field::Name;
            start.error = Some("Type the name of the person being assessed.".into());
            return;
        }
        match open_new(&self.home, start) {
            Ok(doc) => {
                self.open_document(doc);
                self.message = Some(self.keymap.fill(
                    Mode::Browse,
                    "Created. Open a theme with {Open}; {ToggleHelp} lists every key.",
                ));
            }
            Err(e) => start.error = Some(format!("{e:#}")),
        }
    }

    fn open_document(&mut self, doc: store::Document) {
        let mut ws = Workspace::new(doc, self.new_saver());
        ws.tree.scroll_into_view(self.tree_rows());
        self.message = ws.doc.migration.as_ref().and_then(|m| m.describe());
        self.screen = Screen::Assess(Box::new(ws));
    }

    /// Save this assessment and go to the start screen (its lock is let go).
    fn open_another(&mut self) {
        let clock = self.clock.clone();
        if let Screen::Assess(ws) = &mut self.screen {
            ws.flush(&clock);
            if ws.unsaved() {
                self.message = Some("Not saved, so staying here: see the status line.".into());
                return;
            }
        }
        self.screen = Screen::Start(Box::new(StartScreen::new(&self.home)));
    }

    fn update_prompt(&mut self, action: Action) {
        let Some(Overlay::Prompt(prompt)) = &mut self.overlay else {
            return;
        };
        prompt.error = None;
        match action {
            Action::Back | Action::Quit => {
                self.overlay = None;
                self.message = Some("Nothing changed.".into());
            }
            Action::Up => prompt.choice = prompt.choice.saturating_sub(1),
            Action::Down => prompt.choice = (prompt.choice + 1).min(ROLES.len() - 1),
            Action::Input(input) => {
                prompt.text.input(input);
            }
            Action::Paste(s) => {
                prompt.text.insert_str(s.replace(['\r', '\n'], " "));
            }
            Action::Confirm => self.submit_prompt(),
            _ => {}
        }
    }

    fn submit_prompt(&mut self) {
        let clock = self.clock.clone();
        let Some(Overlay::Prompt(prompt)) = &mut self.overlay else {
            return;
        };
        let value = prompt.value();
        match prompt.kind {
            PromptKind::ReviewTitle => {
                if value.is_empty() {
                    prompt.error = Some("Type a title, for example \"2027 annual\".".into());
                    return;
                }
                self.overlay = None;
                self.overlay = Some(Overlay::Confirm(Confirm::StartReview { title: value }));
            }
            PromptKind::AddRater => {
                let role = ROLES[prompt.choice].clone();
                let Screen::Assess(ws) = &mut self.screen else {
                    return;
                };
                if let Some(reason) = ws.read_only_reason() {
                    prompt.error = Some(reason);
                    return;
                }
                match ws.doc.assessment.current_mut().add_rater(&value, role) {
                    Ok(id) => {
                        ws.save_now(&clock);
                        let who = ws
                            .review()
                            .rater(&id)
                            .map(|r| r.display())
                            .unwrap_or_default();
                        if let Pane::Session(session) = &mut ws.pane {
                            session.who = Who::Rater(id);
                        }
                        self.overlay = None;
                        self.message = Some(format!(
                            "{who} added: {}",
                            self.keymap.fill(
                                Mode::Session,
                                "{NextRater} chooses whose level the numbers set."
                            )
                        ));
                    }
                    Err(e) => prompt.error = Some(e.to_string()),
                }
            }
        }
    }

    fn update_compare(&mut self, action: Action) {
        let rows = self.tree_rows().max(1);
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        let Pane::Compare(view) = &mut ws.pane else {
            return;
        };
        match action {
            Action::Quit => self.quit(),
            Action::ToggleHelp => self.overlay = Some(Overlay::Help(0)),
            Action::Back | Action::Compare | Action::Close => ws.pane = Pane::Tree,
            Action::ChangedOnly => {
                view.changed_only = !view.changed_only;
                view.refilter();
                view.scroll = 0;
            }
            Action::Down => view.scroll += 1,
            Action::Up => view.scroll = view.scroll.saturating_sub(1),
            Action::PageDown => view.scroll += rows,
            Action::PageUp => view.scroll = view.scroll.saturating_sub(rows),
            Action::First => view.scroll = 0,
            Action::Last => view.scroll = usize::MAX / 2,
            _ => {}
        }
    }

    fn update_session(&mut self, action: Action) {
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        let Pane::Session(session) = &ws.pane else {
            return;
        };
        let who = session.who.clone();
        match action {
            Action::Quit => self.quit(),
            Action::ToggleHelp => self.overlay = Some(Overlay::Help(0)),
            Action::Back | Action::Session => {
                ws.pane = Pane::Tree;
                self.message = Some("Session ended: private notes are shown again.".into());
            }
            Action::NextStandard => self.message = ws.walk(true),
            Action::PrevStandard => self.message = ws.walk(false),
            Action::NextStage => ws.stage = (ws.stage + 1) % ws.doc.framework.stages.len().max(1),
            Action::PrevStage => {
                let n = ws.doc.framework.stages.len().max(1);
                ws.stage = (ws.stage + n - 1) % n;
            }
            Action::NextRater => {
                let mut all = vec![Who::Own];
                all.extend(ws.review().raters.iter().map(|r| Who::Rater(r.id.clone())));
                all.push(Who::Agreed);
                let i = all.iter().position(|w| *w == who).unwrap_or(0);
                ws.pane = Pane::Session(SessionView {
                    who: all[(i + 1) % all.len()].clone(),
                });
            }
            Action::SetLevel(n) => self.message = ws.rate_as(&who, Rating::Level(n)).err(),
            Action::NotApplicable => self.message = ws.rate_as(&who, Rating::NotApplicable).err(),
            Action::ClearRating => self.message = ws.rate_as(&who, Rating::Unrated).err(),
            Action::EditNote => {
                let field = match who {
                    Who::Own => NoteField::Own,
                    Who::Rater(r) => NoteField::Rater(r),
                    Who::Agreed => NoteField::Session,
                };
                if field == NoteField::Own && ws.selected_mark().is_some_and(|m| m.private) {
                    // Its words would be on the shared screen.
                    self.overlay = Some(Overlay::Confirm(Confirm::EndSessionToEdit));
                } else {
                    self.message =
                        ws.open_editor(field, editor_look(&self.keymap, &self.theme, self.size));
                }
            }
            Action::EditSessionNote => {
                self.message = ws.open_editor(
                    NoteField::Session,
                    editor_look(&self.keymap, &self.theme, self.size),
                )
            }
            Action::EditNextStep => {
                self.message = ws.open_editor(
                    NoteField::NextStep,
                    editor_look(&self.keymap, &self.theme, self.size),
                )
            }
            Action::TogglePrivate => match who {
                // Only the person's own note can be private; `p` acts on
                // the selected row alone.
                Who::Own if ws.selected_mark().is_some_and(|m| m.private) => {
                    self.overlay = Some(Overlay::Confirm(Confirm::MakePublic));
                }
                Who::Own => self.message = Some(ws.toggle_private().unwrap_or_else(|e| e)),
                Who::Rater(_) | Who::Agreed => {
                    self.message = Some(
                        "Only your own note can be private: select your row (r) to mark it.".into(),
                    )
                }
            },
            Action::AddRater => {
                self.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(
                    PromptKind::AddRater,
                    "",
                    &self.keymap,
                ))))
            }
            Action::Undo | Action::Redo => {
                let redo = action == Action::Redo;
                self.message = Some(if ws.step_would_reveal(redo) {
                    self.keymap.fill(
                        Mode::Session,
                        "That would show a private note on this shared screen: end the session \
                         ({Back}) to undo it.",
                    )
                } else {
                    ws.step_history(redo)
                });
            }
            Action::ToDiscuss => self.message = Some(ws.toggle_discuss()),
            _ => {}
        }
    }

    fn update_browse(&mut self, action: Action) {
        let rows = self.tree_rows();
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        let page = rows.saturating_sub(1).max(1) as isize;
        let before = ws.tree.selected();
        match action {
            Action::Quit => return self.quit(),
            Action::ToggleHelp => self.overlay = Some(Overlay::Help(0)),
            Action::Up => ws.tree.move_by(-1, rows),
            Action::Down => ws.tree.move_by(1, rows),
            Action::PageUp => ws.tree.move_by(-page, rows),
            Action::PageDown => ws.tree.move_by(page, rows),
            Action::First => ws.tree.select_index(0, rows),
            Action::Last => ws.tree.select_index(usize::MAX, rows),
            Action::Open => {
                if ws.selected_standard().is_some() {
                    self.message = ws.open_editor(
                        NoteField::Own,
                        editor_look(&self.keymap, &self.theme, self.size),
                    );
                } else if !ws.tree.open_selected(&ws.doc.framework, rows) {
                    // Already open: step into it.
                    ws.tree.move_by(1, rows);
                }
            }
            Action::Close => ws.tree.close_or_parent(&ws.doc.framework, rows),
            Action::SetLevel(n) => self.message = ws.rate(Rating::Level(n)).err(),
            Action::NotApplicable => self.message = ws.rate(Rating::NotApplicable).err(),
            Action::ClearRating => self.message = ws.rate(Rating::Unrated).err(),
            Action::NextStage => ws.stage = (ws.stage + 1) % ws.doc.framework.stages.len().max(1),
            Action::PrevStage => {
                let n = ws.doc.framework.stages.len().max(1);
                ws.stage = (ws.stage + n - 1) % n;
            }
            Action::EditNote => {
                self.message = ws.open_editor(
                    NoteField::Own,
                    editor_look(&self.keymap, &self.theme, self.size),
                )
            }
            Action::Undo => self.message = Some(ws.step_history(false)),
            Action::Redo => self.message = Some(ws.step_history(true)),
            Action::EarlierReview | Action::LaterReview => {
                let told = ws.view_review(if action == Action::EarlierReview {
                    -1
                } else {
                    1
                });
                // How to move on, in the keys the keymap gives.
                let more = match (ws.is_current(), told.starts_with("Viewing")) {
                    (false, true) => self.keymap.fill(
                        Mode::Browse,
                        " {LaterReview} goes forward, to the current one.",
                    ),
                    _ => String::new(),
                };
                self.message = Some(told + &more);
            }
            Action::StartReview => match ws.read_only_reason() {
                Some(reason) => self.message = Some(reason),
                None => {
                    let title = suggest_title(&ws.doc.assessment, &self.clock);
                    self.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(
                        PromptKind::ReviewTitle,
                        &title,
                        &self.keymap,
                    ))));
                }
            },
            Action::Compare => {
                if let Err(e) = ws.open_compare() {
                    self.message = Some(e);
                }
            }
            Action::ToDiscuss => self.message = Some(ws.toggle_discuss()),
            Action::Session => {
                if ws.selected_standard().is_none() {
                    ws.walk(true);
                }
                ws.pane = Pane::Session(SessionView { who: Who::Own });
                self.message = Some(self.keymap.fill(
                    Mode::Session,
                    if ws.review().raters.is_empty() {
                        "Session mode: private notes hidden. {AddRater} adds a coach or manager; \
                         {Back} ends."
                    } else {
                        "Session mode: private notes hidden. {NextRater} chooses who rates; {Back} \
                         ends."
                    },
                ));
            }
            Action::TogglePrivate => self.message = Some(ws.toggle_private().unwrap_or_else(|e| e)),
            Action::AddRater => {
                self.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(
                    PromptKind::AddRater,
                    "",
                    &self.keymap,
                ))))
            }
            Action::OpenAnother => return self.open_another(),
            Action::ClearMark => {
                if ws.clearing_loses_words() {
                    self.overlay = Some(Overlay::Confirm(Confirm::ClearMark));
                } else {
                    self.message = ws.clear_mark().err();
                }
            }
            Action::DetailDown => ws.detail_scroll = ws.detail_scroll.saturating_add(3),
            Action::DetailUp => ws.detail_scroll = ws.detail_scroll.saturating_sub(3),
            _ => {}
        }
        if ws.tree.selected() != before {
            ws.detail_scroll = 0;
        }
    }

    fn update_editor(&mut self, action: Action) {
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        let Some(editor) = &mut ws.editor else {
            return;
        };
        let changed = match action {
            Action::Back => {
                ws.close_editor();
                return;
            }
            Action::Quit => return self.quit(),
            Action::Input(input) => editor.text.input(line_feed_is_enter(input)),
            Action::Paste(s) => editor.text.insert_str(&normalise_newlines(&s)),
            _ => false,
        };
        if changed {
            ws.changed(Instant::now());
        }
    }
}

/// A line feed (Ctrl-J) is what some terminals send for Shift-Enter, and
/// what a paste without bracketed paste holds: a new line, never the
/// editor's default of deleting back to the start of the line.
fn line_feed_is_enter(input: ratatui_textarea::Input) -> ratatui_textarea::Input {
    match input {
        ratatui_textarea::Input {
            key: ratatui_textarea::Key::Char('j'),
            ctrl: true,
            alt: false,
            ..
        } => ratatui_textarea::Input {
            key: ratatui_textarea::Key::Enter,
            ..Default::default()
        },
        other => other,
    }
}

/// Where a note editor opened now may be drawn (the screen, until it is),
/// and how its placeholder looks.
fn editor_look(keys: &crate::keys::Keymap, theme: &crate::theme::Theme, size: Size) -> EditorLook {
    EditorLook {
        fits: Rect::from((Position::ORIGIN, size)),
        placeholder: theme.dim,
        placeholder_text: keys.fill(
            Mode::Editor,
            "Write your note. {Back} keeps it and leaves the editor.",
        ),
    }
}

/// Create the file the start screen describes and open it.
fn open_new(home: &store::Home, start: &StartScreen) -> anyhow::Result<store::Document> {
    let choice = start
        .choices
        .get(start.chosen)
        .ok_or_else(|| anyhow::anyhow!("no framework to choose from"))?;
    let framework = store::Catalog::find(home, &choice.id)?
        .ok_or_else(|| anyhow::anyhow!("unknown framework {}", choice.id))?;
    let path = store::new_assessment(
        home,
        &framework,
        &start.name_text(),
        &start.role_text(),
        None,
    )?;
    Ok(store::open(home, &path)?)
}

/// Pasted text may carry CRLF or bare CR line ends; notes use LF.
fn normalise_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// A title for a new review that no review has yet: "November 2026 review",
/// else "November 2026 review 2", and so on.
fn suggest_title(assessment: &crate::model::Assessment, clock: &Clock) -> String {
    let base = format!("{} review", clock.now().strftime("%B %Y"));
    let taken = |t: &str| {
        assessment
            .reviews
            .iter()
            .any(|r| r.title.eq_ignore_ascii_case(t))
    };
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base} {n}")
            }
        })
        .find(|t| !taken(t))
        .unwrap_or(base)
}

/// The question after a conflict, naming the file and where ours is kept.
fn conflict_question(ws: &Workspace) -> Confirm {
    Confirm::Conflict {
        file: file_name(&ws.doc.path),
        copy: ws.conflict_copy().map(file_name),
    }
}

/// A file's name alone, for a question that must fit a small screen.
fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
