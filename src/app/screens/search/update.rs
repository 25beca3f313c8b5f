//! Typing the search: each key searches again; Enter keeps the finds,
//! Esc forgets them and goes back.

use crate::app::{Action, App, Mode, Overlay, Screen};

pub(super) fn update(app: &mut App, action: Action) {
    let Some(Overlay::Search(search)) = &mut app.overlay else {
        return;
    };
    let Screen::Assess(ws) = &mut app.screen else {
        app.overlay = None;
        return;
    };
    let changed = match action {
        Action::Input(input) => search.text.input(input),
        Action::Paste(s) => search.text.insert_str(s.replace(['\r', '\n'], " ")),
        Action::NextMatch | Action::PrevMatch => {
            app.message = Some(ws.step_match(action == Action::NextMatch));
            false
        }
        Action::Confirm => {
            let found = ws.search.as_ref().map(|f| f.hits.len());
            let under = ws.pane.mode();
            app.overlay = None;
            app.message = Some(match found {
                None => "No search.".into(),
                Some(0) => "Nothing found.".into(),
                Some(n) => app.keymap.fill(
                    under,
                    &format!(
                        "{n} found: {{NextMatch}} next, {{PrevMatch}} previous{}.",
                        if under == Mode::Browse {
                            ", {ClearSearch} clears"
                        } else {
                            ""
                        }
                    ),
                ),
            });
            return;
        }
        Action::Back => {
            let from = search.from;
            app.overlay = None;
            ws.search = None;
            ws.go_to(from);
            app.message = Some("Search cancelled.".into());
            return;
        }
        Action::Quit => {
            app.overlay = None;
            return app.quit();
        }
        _ => false,
    };
    if changed {
        let from = search.from;
        let text = search.query();
        ws.search_for(&text, from);
    }
}
