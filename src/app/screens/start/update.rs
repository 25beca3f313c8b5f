//! The start screen's keys: choose a framework, type a name and a role,
//! create; or open an assessment already in the home folder.

use super::{Field, StartScreen};
use crate::app::{Action, App, Mode, Screen};
use crate::store;

pub(super) fn update(app: &mut App, action: Action) {
    let Screen::Start(start) = &mut app.screen else {
        return;
    };
    start.error = None;
    match action {
        // Back to the assessment left for this screen, if one was.
        Action::Back if start.back_to.is_some() => {
            let path = start.back_to.take().unwrap_or_default();
            match store::open(&app.home, &path) {
                Ok(doc) => app.open_document(doc),
                Err(e) => start.error = Some(e.to_string()),
            }
        }
        Action::Quit | Action::Back => app.quit = true,
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
        Action::Confirm => create(app),
        _ => {}
    }
}

/// Create the assessment the start screen describes, and open it.
fn create(app: &mut App) {
    let Screen::Start(start) = &mut app.screen else {
        return;
    };
    if start.focus == Field::Existing {
        let Some(path) = start.existing.get(start.picked).map(|o| o.path.clone()) else {
            return;
        };
        match store::open(&app.home, &path) {
            Ok(doc) => app.open_document(doc),
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
    match open_new(&app.home, start) {
        Ok(doc) => {
            app.open_document(doc);
            app.message = Some(app.keymap.fill(
                Mode::Browse,
                "Created. Open a theme with {Open}; {ToggleHelp} lists every key.",
            ));
        }
        Err(e) => start.error = Some(format!("{e:#}")),
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
