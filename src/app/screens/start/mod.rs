//! The start screen: open one of the assessments in the home folder, or
//! choose a framework, type a name (and a role) and create one.

mod draw;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::View;
use crate::app::App;
use crate::keys::{Action, Mode};
use crate::store::{Catalog, Home, Overview, overview};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The assessments already in the home folder.
    Existing,
    Framework,
    Name,
    Role,
}

/// A framework as the start screen lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub title: String,
    pub audience: String,
    pub themes: usize,
    pub standards: usize,
}

pub struct StartScreen {
    /// Assessments in the home folder, newest change first.
    pub existing: Vec<Overview>,
    pub picked: usize,
    pub choices: Vec<Choice>,
    pub chosen: usize,
    pub name: TextArea<'static>,
    pub role: TextArea<'static>,
    pub focus: Field,
    pub error: Option<String>,
    /// The assessment left for this screen (`o`): Esc goes back to it.
    pub back_to: Option<std::path::PathBuf>,
    /// The day the list was read, to count what is overdue.
    pub today: jiff::civil::Date,
}

impl StartScreen {
    /// The frameworks to choose from: bundled, and custom ones in
    /// `<home>/frameworks`. A custom file that cannot be used is reported
    /// in `error` until the first key.
    pub fn new(home: &Home) -> StartScreen {
        let catalog = Catalog::load(home);
        let choices = catalog
            .frameworks
            .iter()
            .map(|e| &e.framework)
            .map(|f| Choice {
                id: f.id.clone(),
                title: f.title.clone(),
                audience: f.audience.clone(),
                themes: f.themes.len(),
                standards: f.standard_count(),
            })
            .collect();
        let error = match catalog.broken.as_slice() {
            [] => None,
            [one] => Some(one.summary()),
            [first, rest @ ..] => Some(format!(
                "{} ({} more not used; `reflect frameworks` lists them)",
                first.summary(),
                rest.len()
            )),
        };
        let existing = overview(home);
        let focus = if existing.is_empty() {
            Field::Framework
        } else {
            Field::Existing
        };
        StartScreen {
            existing,
            picked: 0,
            choices,
            chosen: 0,
            name: field("Your name"),
            role: field("Your role (optional), e.g. Director of Adult Services"),
            focus,
            error,
            today: jiff::Zoned::now().date(),
            back_to: None,
        }
    }

    pub fn focused_text(&mut self) -> Option<&mut TextArea<'static>> {
        match self.focus {
            Field::Existing | Field::Framework => None,
            Field::Name => Some(&mut self.name),
            Field::Role => Some(&mut self.role),
        }
    }

    pub fn focus_is_text(&self) -> bool {
        matches!(self.focus, Field::Name | Field::Role)
    }

    fn fields(&self) -> Vec<Field> {
        let mut f = Vec::new();
        if !self.existing.is_empty() {
            f.push(Field::Existing);
        }
        f.extend([Field::Framework, Field::Name, Field::Role]);
        f
    }

    pub fn next_field(&mut self) {
        let f = self.fields();
        let i = f.iter().position(|x| *x == self.focus).unwrap_or(0);
        self.focus = f[(i + 1) % f.len()];
    }

    pub fn prev_field(&mut self) {
        let f = self.fields();
        let i = f.iter().position(|x| *x == self.focus).unwrap_or(0);
        self.focus = f[(i + f.len() - 1) % f.len()];
    }

    pub fn name_text(&self) -> String {
        self.name.lines().join(" ").trim().to_string()
    }

    pub fn role_text(&self) -> String {
        self.role.lines().join(" ").trim().to_string()
    }
}

fn field(placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_placeholder_text(placeholder);
    t.set_cursor_line_style(ratatui::style::Style::default());
    t
}

/// One assessment of the start screen's list as it is shown: who (and
/// role), a line about it (framework, review, progress, last change) or
/// why it cannot be read, and whether it can be.
pub fn describe(o: &Overview, today: jiff::civil::Date) -> (String, String, bool) {
    match &o.summary {
        Ok(sum) => {
            let head = if sum.role.is_empty() {
                sum.name.clone()
            } else {
                format!("{}, {}", sum.name, sum.role)
            };
            let changed = o.modified.map(crate::store::local_time).unwrap_or_default();
            let overdue = match sum.overdue(today) {
                0 => String::new(),
                n => format!(" · {n} overdue in the plan"),
            };
            let about = format!(
                "  {} · {} · {} rated{overdue} · changed {changed}",
                sum.framework,
                sum.review,
                sum.progress()
            );
            (head, about, true)
        }
        Err(e) => (o.file.clone(), format!("  cannot be read: {e}"), false),
    }
}

impl View for StartScreen {
    fn mode(&self) -> Mode {
        if self.focus_is_text() {
            Mode::StartText
        } else {
            Mode::Start
        }
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw::render(self, &app.keymap, area, buf)
    }

    #[cfg(test)]
    fn example(app: &App) -> Self {
        StartScreen::new(&app.home)
    }
}
