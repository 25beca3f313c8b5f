//! The start screen: choose a framework, type a name (and a role), create.

use ratatui_textarea::TextArea;

use crate::store::{Catalog, Home};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
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
    pub choices: Vec<Choice>,
    pub chosen: usize,
    pub name: TextArea<'static>,
    pub role: TextArea<'static>,
    pub focus: Field,
    pub error: Option<String>,
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
        StartScreen {
            choices,
            chosen: 0,
            name: field("Your name"),
            role: field("Your role (optional), e.g. Director of Adult Services"),
            focus: Field::Framework,
            error,
        }
    }

    pub fn focused_text(&mut self) -> Option<&mut TextArea<'static>> {
        match self.focus {
            Field::Framework => None,
            Field::Name => Some(&mut self.name),
            Field::Role => Some(&mut self.role),
        }
    }

    pub fn next_field(&mut self) {
        self.focus = match self.focus {
            Field::Framework => Field::Name,
            Field::Name => Field::Role,
            Field::Role => Field::Framework,
        };
    }

    pub fn prev_field(&mut self) {
        self.focus = match self.focus {
            Field::Framework => Field::Role,
            Field::Name => Field::Framework,
            Field::Role => Field::Name,
        };
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
