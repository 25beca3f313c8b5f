//! `App::update`: every behaviour of the app, one action at a time.

use std::time::Instant;

use ratatui::layout::Size;
use ratatui_textarea::{TextArea, WrapMode};

use super::start::Field;
use super::{Action, App, Mode, NoteEditor, SaveState, Screen, StartScreen, Workspace};
use crate::model::Rating;
use crate::store;
use crate::ui::layout;

impl App {
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Resize(w, h) => return self.resize(Size::new(w, h)),
            Action::Tick => return self.tick(Instant::now()),
            _ => {}
        }
        self.message = None;
        match self.mode() {
            Mode::Help => self.update_help(action),
            Mode::Start | Mode::StartText => self.update_start(action),
            Mode::Browse => self.update_browse(action),
            Mode::Editor => self.update_editor(action),
        }
    }

    fn resize(&mut self, size: Size) {
        self.size = size;
        let rows = self.tree_rows();
        if let Screen::Assess(ws) = &mut self.screen {
            ws.tree.scroll_into_view(rows);
        }
    }

    fn tree_rows(&self) -> usize {
        usize::from(layout::Areas::new(self.size).tree_rows())
    }

    /// Write pending changes once their delay has passed.
    fn tick(&mut self, now: Instant) {
        let clock = self.clock.clone();
        if let Screen::Assess(ws) = &mut self.screen
            && let SaveState::Pending { due } = ws.save
            && now >= due
        {
            ws.save_now(&clock);
        }
    }

    fn update_help(&mut self, action: Action) {
        let scroll = self.help.unwrap_or(0);
        match action {
            Action::ToggleHelp | Action::Back | Action::Quit => self.help = None,
            Action::Down | Action::DetailDown => self.help = Some(scroll.saturating_add(1)),
            Action::Up | Action::DetailUp => self.help = Some(scroll.saturating_sub(1)),
            Action::PageDown => self.help = Some(scroll.saturating_add(10)),
            Action::PageUp => self.help = Some(scroll.saturating_sub(10)),
            Action::First => self.help = Some(0),
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
            Action::ToggleHelp => self.help = Some(0),
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
                let mut ws = Workspace::new(doc);
                ws.tree.scroll_into_view(self.tree_rows());
                self.screen = Screen::Assess(Box::new(ws));
                self.message =
                    Some("Created. Open a theme with → or Enter; ? lists every key.".into());
            }
            Err(e) => start.error = Some(format!("{e:#}")),
        }
    }

    fn update_browse(&mut self, action: Action) {
        let rows = self.tree_rows();
        let clock = self.clock.clone();
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        let page = rows.saturating_sub(1).max(1) as isize;
        let before = ws.tree.selected();
        match action {
            Action::Quit => {
                ws.save_if_needed(&clock);
                self.quit = true;
            }
            Action::ToggleHelp => self.help = Some(0),
            Action::Up => ws.tree.move_by(-1, rows),
            Action::Down => ws.tree.move_by(1, rows),
            Action::PageUp => ws.tree.move_by(-page, rows),
            Action::PageDown => ws.tree.move_by(page, rows),
            Action::First => ws.tree.select_index(0, rows),
            Action::Last => ws.tree.select_index(usize::MAX, rows),
            Action::Open => {
                if ws.selected_standard().is_some() {
                    self.message = ws.open_editor();
                } else if !ws.tree.open_selected(&ws.doc.framework, rows) {
                    // Already open: step into it.
                    ws.tree.move_by(1, rows);
                }
            }
            Action::Close => ws.tree.close_or_parent(&ws.doc.framework, rows),
            Action::SetLevel(n) => self.message = ws.rate(Rating::Level(n), &clock).err(),
            Action::NotApplicable => self.message = ws.rate(Rating::NotApplicable, &clock).err(),
            Action::ClearRating => self.message = ws.rate(Rating::Unrated, &clock).err(),
            Action::NextStage => ws.stage = (ws.stage + 1) % ws.doc.framework.stages.len().max(1),
            Action::PrevStage => {
                let n = ws.doc.framework.stages.len().max(1);
                ws.stage = (ws.stage + n - 1) % n;
            }
            Action::EditNote => self.message = ws.open_editor(),
            Action::DetailDown => ws.detail_scroll = ws.detail_scroll.saturating_add(3),
            Action::DetailUp => ws.detail_scroll = ws.detail_scroll.saturating_sub(3),
            _ => {}
        }
        if ws.tree.selected() != before {
            ws.detail_scroll = 0;
        }
    }

    fn update_editor(&mut self, action: Action) {
        let clock = self.clock.clone();
        let delay = self.save_delay;
        let Screen::Assess(ws) = &mut self.screen else {
            return;
        };
        let Some(editor) = &mut ws.editor else {
            return;
        };
        let changed = match action {
            Action::Back => {
                ws.close_editor(&clock);
                return;
            }
            Action::Quit => {
                ws.close_editor(&clock);
                self.quit = true;
                return;
            }
            Action::Input(input) => editor.text.input(input),
            Action::Paste(s) => editor.text.insert_str(normalise_newlines(&s)),
            _ => false,
        };
        if changed {
            ws.mark_pending(Instant::now() + delay);
        }
    }
}

impl Workspace {
    /// Set the selected standard's rating at its current stage, and save.
    fn rate(&mut self, rating: Rating, clock: &super::Clock) -> Result<(), String> {
        if let Some(reason) = self.read_only_reason() {
            return Err(reason);
        }
        let Some((theme, _, _, standard)) = self.selected_standard() else {
            return Err("Select a standard to rate: open a theme with → or Enter.".into());
        };
        if let Rating::Level(n) = rating
            && self.framework().level(n).is_none()
        {
            return Err(format!(
                "Level {n} is not on this scale (1 to {}).",
                self.framework().max_level()
            ));
        }
        let id = standard.id.clone();
        let stage = self.framework().stages[self.stage_for(standard)].id.clone();
        let review = self.doc.assessment.current_mut();
        let mark = review.mark_mut(&id, &stage);
        mark.rating = rating;
        mark.carried = false;
        review.tidy(&id, &stage);
        self.recount_theme(theme);
        self.save_now(clock);
        Ok(())
    }

    /// Open the note editor on the selected standard at its current stage.
    fn open_editor(&mut self) -> Option<String> {
        if let Some(reason) = self.read_only_reason() {
            return Some(reason);
        }
        let Some((theme, index, _, standard)) = self.selected_standard() else {
            return Some("Select a standard to write a note on.".into());
        };
        let stage = self.stage_for(standard);
        let note = self
            .review()
            .mark(&standard.id, &self.framework().stages[stage].id)
            .map(|m| m.note.clone())
            .unwrap_or_default();
        let mut text = TextArea::new(note.split('\n').map(str::to_owned).collect());
        text.set_wrap_mode(WrapMode::WordOrGlyph);
        text.set_placeholder_text("Write your note. Esc keeps it and leaves the editor.");
        text.set_cursor_line_style(ratatui::style::Style::default());
        text.move_cursor(ratatui_textarea::CursorMove::Bottom);
        text.move_cursor(ratatui_textarea::CursorMove::End);
        self.editor = Some(NoteEditor {
            theme,
            standard: index,
            stage,
            text,
        });
        None
    }

    /// Copy the editor's text into the assessment.
    fn sync_editor(&mut self) {
        let Some(editor) = &self.editor else {
            return;
        };
        let fw = &self.doc.framework;
        let id = fw.themes[editor.theme].standards[editor.standard]
            .id
            .clone();
        let stage = fw.stages[editor.stage].id.clone();
        let note = editor.text.lines().join("\n");
        let review = self.doc.assessment.current_mut();
        let mark = review.mark_mut(&id, &stage);
        if mark.note != note {
            mark.note = note;
            mark.carried = false;
        }
        review.tidy(&id, &stage);
    }

    /// Leave the editor, keeping the text, and write it.
    fn close_editor(&mut self, clock: &super::Clock) {
        self.sync_editor();
        self.editor = None;
        self.save_if_needed(clock);
    }

    fn mark_pending(&mut self, due: std::time::Instant) {
        if !matches!(self.save, SaveState::Pending { .. }) {
            self.save = SaveState::Pending { due };
        }
    }

    /// Write now if anything is waiting or the last write failed.
    fn save_if_needed(&mut self, clock: &super::Clock) {
        if matches!(
            self.save,
            SaveState::Pending { .. } | SaveState::Failed { .. }
        ) {
            self.save_now(clock);
        }
    }

    /// Write the assessment now, with whatever the editor holds.
    pub fn save_now(&mut self, clock: &super::Clock) {
        if self.read_only_reason().is_some() {
            return;
        }
        self.sync_editor();
        self.save = match self.doc.save() {
            Ok(()) => SaveState::Saved {
                at: clock.now_hms(),
            },
            Err(e) => SaveState::Failed {
                message: e.to_string(),
            },
        };
    }
}

/// Create the file the start screen describes and open it.
fn open_new(home: &store::Home, start: &StartScreen) -> anyhow::Result<store::Document> {
    let choice = start
        .choices
        .get(start.chosen)
        .ok_or_else(|| anyhow::anyhow!("no framework to choose from"))?;
    let framework = crate::model::bundled::by_id(&choice.id)?
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
