//! `App::update`: every action goes through here. What is true of every
//! screen (resizing, time passing, saving, quitting, reopening) is here;
//! the rest is handed to the screen showing (`screens`).

use std::time::Instant;

use ratatui::layout::{Position, Rect, Size};

use super::tree::Node;
use super::{
    Action, App, Confirm, Mode, NoteEditor, Overlay, SaveState, Screen, StartScreen, View,
    Workspace, layout,
};
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
        if let Action::Edited(text) = action {
            return self.edited(text);
        }
        if action == Action::ToggleMouse {
            self.mouse = !self.mouse;
            self.message = Some(if self.mouse {
                self.keymap.fill(
                    Mode::Browse,
                    "Mouse on: click and scroll. {ToggleMouse} turns it off, to select text to copy.",
                )
            } else {
                self.keymap.fill(
                    Mode::Browse,
                    "Mouse off: the terminal selects text to copy. {ToggleMouse} turns it on.",
                )
            });
            return;
        }
        if let Action::Click(..) | Action::Wheel(..) = action
            && (self.overlay.is_some() || !self.mouse)
        {
            // Over a question or a box, the mouse does nothing (keys
            // answer); turned off, nothing at all.
            return;
        }
        // The help opens over any screen, at that screen's keys.
        if action == Action::ToggleHelp && self.overlay.is_none() {
            self.overlay = Some(Overlay::Help(super::screens::help::Help::at(self)));
            return;
        }
        // Whatever shows on top takes the action.
        let handler: fn(&mut App, Action) = match (&self.overlay, &self.screen) {
            (Some(overlay), _) => overlay.handler(),
            (None, Screen::Start(_)) => <StartScreen as View>::update,
            (None, Screen::Cohort(_)) => <super::screens::cohort::CohortScreen as View>::update,
            (None, Screen::Assess(ws)) => match &ws.editor {
                Some(_) => <NoteEditor as View>::update,
                None => ws.pane.handler(),
            },
        };
        handler(self, action);
    }

    /// Let go of the open assessment (saving nothing more) and open `path`
    /// again from disk. On failure the start screen shows why.
    pub(crate) fn reopen(&mut self, path: &std::path::Path) -> Result<(), String> {
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

    /// The user's own editor closed: keep what it wrote, as one undoable
    /// change; a failure or no change changes nothing.
    fn edited(&mut self, text: Result<String, String>) {
        let Some(edit) = self.external_edit.take() else {
            return;
        };
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        self.message = Some(match text {
            Err(why) => format!("{why}: the note is as it was."),
            Ok(text) if text == edit.text => "The note is unchanged.".into(),
            Ok(text) => match ws.set_own_note(&edit.standard, &edit.stage, text) {
                Ok(()) => self.keymap.fill(
                    Mode::Browse,
                    "Note saved from your editor ({Undo} undoes it).",
                ),
                Err(why) => why,
            },
        });
    }

    /// Remember where the user is in the open assessment, to open it there
    /// next time (a convenience: a failure to write it is no error).
    pub(crate) fn remember_place(&self) {
        let Some(ws) = self.workspace() else {
            return;
        };
        let fw = ws.framework();
        let (theme, standard) = match ws.tree.selected() {
            Node::Standard { theme, standard } => (
                Some(fw.themes[theme].id.clone()),
                Some(fw.themes[theme].standards[standard].id.clone()),
            ),
            Node::Theme(theme) | Node::Stage { theme, .. } => {
                (Some(fw.themes[theme].id.clone()), None)
            }
            _ => (None, None),
        };
        let place = store::Place {
            theme,
            standard,
            stage: fw.stages.get(ws.stage).map(|s| s.id.clone()),
        };
        let _ = self.home.set_place(&ws.doc.path, place);
    }

    /// Open the assessment where the user left it last time, if they did.
    pub(crate) fn restore_place(&mut self) {
        let rows = self.tree_rows();
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        let Some(place) = self.home.place(&ws.doc.path) else {
            return;
        };
        let fw = ws.doc.framework.clone();
        if let Some(stage) = place.stage.and_then(|id| fw.stage_index(&id)) {
            ws.stage = stage;
        }
        let theme = place
            .theme
            .and_then(|id| fw.themes.iter().position(|t| t.id == id));
        let node = match (theme, place.standard) {
            (Some(t), Some(id)) => match fw.themes[t].standards.iter().position(|s| s.id == id) {
                Some(standard) => Node::Standard { theme: t, standard },
                None => Node::Theme(t),
            },
            (Some(t), None) => Node::Theme(t),
            _ => return,
        };
        ws.tree.reveal(&fw, node, rows);
        if let Node::Theme(t) = node {
            ws.tree.open_selected(&fw, rows);
            ws.tree.reveal(&fw, Node::Theme(t), rows);
        }
    }

    /// Save and leave. Changes that cannot be written go to a rescue copy,
    /// and the user is told where; only if that fails too is a yes needed.
    pub(crate) fn quit(&mut self) {
        self.remember_place();
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

    pub(crate) fn tree_rows(&self) -> usize {
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

    pub(crate) fn open_document(&mut self, doc: store::Document) {
        let mut ws = Workspace::new(doc, self.new_saver());
        ws.tree.scroll_into_view(self.tree_rows());
        self.message = ws.doc.migration.as_ref().and_then(|m| m.describe());
        self.screen = Screen::Assess(Box::new(ws));
        self.restore_place();
    }

    /// Save this assessment and go to the start screen (its lock is let go).
    pub(crate) fn open_another(&mut self) {
        self.remember_place();
        let clock = self.clock.clone();
        let mut back = None;
        if let Screen::Assess(ws) = &mut self.screen {
            ws.flush(&clock);
            if ws.unsaved() {
                self.message = Some("Not saved, so staying here: see the status line.".into());
                return;
            }
            back = Some(ws.doc.path.clone());
        }
        let mut start = StartScreen::new(&self.home);
        // Esc goes back to it, rather than quitting.
        start.back_to = back;
        self.screen = Screen::Start(Box::new(start));
    }
}

/// The question after a conflict, naming the file and where ours is kept.
pub(crate) fn conflict_question(ws: &Workspace) -> Confirm {
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
