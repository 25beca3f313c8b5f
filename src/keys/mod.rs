//! Keys as data: key events to actions, one table per mode.
//!
//! The defaults are a table per mode, each in the folder of its screen
//! (`src/app/screens/*/keys.ron`, compiled in, listed in `modes!`); a
//! user's `keys.ron` (in reflect's config folder) is laid over them, key by key
//! and mode by mode ([`Keymap::overlay`]). The help screen and every hint
//! on screen are produced from the same tables the app obeys, so a key
//! rebound there is shown everywhere.
//!
//! This module is the app's vocabulary ([`Action`], [`Mode`]) and imports
//! nothing of the app: the app imports it.

mod action;
mod config;

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

pub use action::Action;
pub use config::{ACTIONS, default_keys};

/// Every mode, registered one line each: its help heading, its default
/// keys (a table kept in the folder of the screen it belongs to, compiled
/// in), and whether an unbound key types text in it. The modes make `Mode` (named in key files in
/// snake_case), `Mode::ALL`, [`HELP_SECTIONS`] and the default keys, in
/// this order, which is the help's.
macro_rules! modes {
    ( $( $(#[$doc:meta])* $mode:ident => $heading:literal, $file:literal, typing: $typing:literal; )* ) => {
        /// Which keys apply now: what is on top decides.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum Mode {
            $( $(#[$doc])* $mode, )*
        }

        impl Mode {
            pub const ALL: [Mode; [$($heading),*].len()] = [ $( Mode::$mode, )* ];

            /// Modes where a key with no binding is typed into the text.
            pub fn types_text(self) -> bool {
                match self {
                    $( Mode::$mode => $typing, )*
                }
            }
        }

        /// The modes in the order the help screen lists them, with headings.
        pub const HELP_SECTIONS: &[(Mode, &str)] = &[ $( (Mode::$mode, $heading), )* ];

        /// Each mode's default keys, as its screen's folder holds them.
        const DEFAULT_TABLES: &[(Mode, &str)] = &[ $( (Mode::$mode, include_str!($file)), )* ];
    };
}

modes! {
    Browse => "Browsing and rating", "../app/screens/browse/keys.ron", typing: false;
    Session => "Session mode (walking through together)", "../app/screens/session/keys.ron", typing: false;
    Compare => "Compare with the review before", "../app/screens/compare/keys.ron", typing: false;
    Editor => "Writing a note", "../app/screens/editor/keys.ron", typing: true;
    /// Start screen, the framework list focused.
    Start => "Start screen", "../app/screens/start/keys.ron", typing: false;
    /// Start screen, a text field focused.
    StartText => "Start screen, typing a name or role", "../app/screens/start/text_keys.ron", typing: true;
    /// A line of text is asked for (a review title, a rater's name).
    Prompt => "Answering a question in a line of text", "../app/screens/prompt/keys.ron", typing: true;
    /// A yes/no question is showing.
    Confirm => "Answering a yes/no question", "../app/screens/confirm/keys.ron", typing: false;
    /// The file changed on disk: take theirs, keep mine, or decide later.
    Conflict => "The file changed on disk", "../app/screens/confirm/conflict_keys.ron", typing: false;
    /// Typing what to search for.
    Search => "Searching", "../app/screens/search/keys.ron", typing: true;
    Filters => "Choosing the tree's filters", "../app/screens/filters/keys.ron", typing: false;
    Raters => "Who rates in the review", "../app/screens/raters/keys.ron", typing: false;
    Plan => "The development plan", "../app/screens/plan/keys.ron", typing: false;
    Offers => "Development offers", "../app/screens/offers/keys.ron", typing: false;
    Summary => "The summary at a glance", "../app/screens/summary/keys.ron", typing: false;
    /// The cohort view (`reflect cohort`).
    Cohort => "The cohort view", "../app/screens/cohort/keys.ron", typing: false;
    /// An objective or action being written.
    Form => "Writing an objective or action", "../app/screens/form/keys.ron", typing: true;
    Help => "This help", "../app/screens/help/keys.ron", typing: false;
}

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// A key as a config file writes it (`"ctrl-s"`, `"shift-tab"`, `"?"`),
    /// read by crokey. One key only: combinations of several keys pressed
    /// together need a terminal few users have.
    pub fn parse(text: &str) -> Result<Key, String> {
        let bad = || {
            format!(
                "unknown key {text:?}: write keys as \"q\", \"ctrl-s\", \"alt-x\", \"shift-tab\", \
                 \"space\", \"enter\", \"esc\", \"up\", \"pageup\", \"f1\""
            )
        };
        // crokey reads keys in lower case: a capital would silently be its
        // small letter. Say how to write it instead.
        let last = text.rsplit('-').next().unwrap_or(text);
        if last.len() == 1
            && last.chars().all(|c| c.is_ascii_uppercase())
            && !text.to_ascii_lowercase().contains("shift-")
        {
            return Err(format!(
                "{text:?}: write a capital as \"shift-{}\" (keys are read in lower case)",
                last.to_ascii_lowercase()
            ));
        }
        let combination = crokey::parse(text).map_err(|_| bad())?.normalized();
        let crokey::OneToThree::One(code) = combination.codes else {
            return Err(format!(
                "{text:?} is several keys at once; bind one key (with ctrl-, alt- or shift-)"
            ));
        };
        let mut key = Key {
            code,
            modifiers: combination.modifiers,
        };
        // Terminals send Shift-Tab as BackTab (crossterm adds SHIFT).
        if key.code == KeyCode::Tab && key.modifiers.contains(KeyModifiers::SHIFT) {
            key.code = KeyCode::BackTab;
        }
        if key.code == KeyCode::BackTab {
            key.modifiers.insert(KeyModifiers::SHIFT);
        }
        Ok(key)
    }

    /// Whether a key press is this key.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        if self.code != event.code {
            return false;
        }
        // Terminals differ on whether a typed capital or symbol carries
        // SHIFT, and Shift-Tab always does (it is BackTab).
        let ignore = if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        (event.modifiers - ignore) == (self.modifiers - ignore)
    }

    /// How screens and the help write the key.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT)
            && !matches!(self.code, KeyCode::Char(_) | KeyCode::BackTab)
        {
            s.push_str("Shift-");
        }
        s.push_str(&match self.code {
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        });
        s
    }
}

/// The keys of every mode: for each, (key, action) in the order hints
/// and the help prefer them.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    tables: BTreeMap<Mode, Vec<(Key, Action)>>,
}

impl Default for Keymap {
    /// The compiled-in defaults (tested to parse).
    fn default() -> Keymap {
        Keymap::from_ron(default_keys()).expect("the default keys parse")
    }
}

impl Keymap {
    /// The action for a key press in a mode. In text modes, a key with no
    /// binding is typed into the text.
    pub fn action(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        let bound = self
            .table(mode)
            .iter()
            .find(|(key, _)| key.matches(&event))
            .map(|(_, action)| action.clone());
        bound.or_else(|| mode.types_text().then(|| Action::Input(event.into())))
    }

    /// The bindings of one mode, in order.
    pub fn table(&self, mode: Mode) -> &[(Key, Action)] {
        self.tables.get(&mode).map_or(&[], Vec::as_slice)
    }

    /// The labels of the keys bound to `action` in `mode`, preferred first.
    pub fn keys(&self, mode: Mode, action: &Action) -> Vec<String> {
        self.table(mode)
            .iter()
            .filter(|(_, a)| a == action)
            .map(|(key, _)| key.label())
            .collect()
    }

    /// The preferred key for `action` in `mode`, if it has one.
    pub fn key(&self, mode: Mode, action: &Action) -> Option<String> {
        self.table(mode)
            .iter()
            .find(|(_, a)| a == action)
            .map(|(key, _)| key.label())
    }

    /// The keys for `action` in `mode` as a hint writes them: `"c or Esc"`
    /// (at most `most`), or `None` when it has no key.
    pub fn either(&self, mode: Mode, action: &Action, most: usize) -> Option<String> {
        let keys = self.keys(mode, action);
        (!keys.is_empty()).then(|| {
            keys.into_iter()
                .take(most.max(1))
                .collect::<Vec<_>>()
                .join(" or ")
        })
    }

    /// `"KEY words"` for each (action, words) with a key in `mode`, joined
    /// by `" · "`: a status line or title's hints, following the keymap.
    pub fn hints(&self, mode: Mode, wanted: &[(Action, &str)]) -> String {
        wanted
            .iter()
            .filter_map(|(action, words)| {
                self.key(mode, action).map(|key| format!("{key} {words}"))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// `template` with each `{ActionName}` replaced by that action's key in
    /// `mode` (`"Cleared. {Undo} undoes it."`): messages that name keys
    /// follow the keymap. Fill templates only, never text from a file.
    pub fn fill(&self, mode: Mode, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            match action_named(name) {
                Some(action) => match self.key(mode, action) {
                    Some(key) => out.push_str(&key),
                    None => out.push_str(&format!("(no key for {name})")),
                },
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The keys of two actions that go together (up and down, next and
    /// previous) as a hint writes them: `"↑↓"`, `"→ ←"`, else `"a/b"`;
    /// one alone if the other has no key.
    pub fn pair(&self, mode: Mode, a: &Action, b: &Action) -> Option<String> {
        match (self.key(mode, a), self.key(mode, b)) {
            (Some(a), Some(b)) if a == "↑" && b == "↓" => Some(format!("{a}{b}")),
            (Some(a), Some(b)) if a.chars().count() == 1 && b.chars().count() == 1 => {
                Some(format!("{a} {b}"))
            }
            (Some(a), Some(b)) => Some(format!("{a}/{b}")),
            (Some(k), None) | (None, Some(k)) => Some(k),
            (None, None) => None,
        }
    }

    /// The level keys of `mode` as a hint writes them: `"1-5"` for a scale
    /// of five, when 1 to `top` are bound to their levels.
    pub fn level_keys(&self, mode: Mode, top: u8) -> Option<String> {
        let first = self.key(mode, &Action::SetLevel(1))?;
        let last = self.key(mode, &Action::SetLevel(top.max(1)))?;
        Some(match (top, first.chars().count(), last.chars().count()) {
            (0 | 1, ..) => first,
            (_, 1, 1) => format!("{first}-{last}"),
            _ => format!("{first} … {last}"),
        })
    }

    /// Bindings for one mode, keys sharing an action grouped:
    /// (keys, description).
    pub fn help(&self, mode: Mode) -> Vec<(String, String)> {
        self.help_upto(mode, 9)
    }

    /// As [`Keymap::help`], the level keys only up to `top`, the top of
    /// the scale in use ("1 … 5", not "1 … 9").
    pub fn help_upto(&self, mode: Mode, top: u8) -> Vec<(String, String)> {
        let mut rows: Vec<(Vec<String>, Action)> = Vec::new();
        for (key, action) in self.table(mode) {
            if matches!(action, Action::SetLevel(n) if *n > top.max(1)) {
                continue;
            }
            if let Some(row) = rows.iter_mut().find(|(_, a)| a == action) {
                row.0.push(key.label());
            } else {
                rows.push((vec![key.label()], action.clone()));
            }
        }
        // The level keys read better as one line.
        let levels: Vec<&(Vec<String>, Action)> = rows
            .iter()
            .filter(|(_, a)| matches!(a, Action::SetLevel(_)))
            .collect();
        let level_line = match (levels.first(), levels.last()) {
            (Some(first), Some(last)) if levels.len() > 1 => {
                Some(format!("{} … {}", first.0.join(" "), last.0.join(" ")))
            }
            _ => None,
        };
        let mut out = Vec::new();
        let mut levels_done = false;
        for (keys, action) in &rows {
            match (action, &level_line) {
                (Action::SetLevel(_), Some(line)) => {
                    if !levels_done {
                        out.push((
                            line.clone(),
                            "set that level at the current stage (up to the scale's top)".into(),
                        ));
                        levels_done = true;
                    }
                }
                _ => out.push((keys.join(" "), action.describe())),
            }
        }
        out
    }
}

/// The bindable action called `name` in a key file (`"Undo"`). Hints fill
/// templates every frame: the names are made once, not per look-up.
fn action_named(name: &str) -> Option<&'static Action> {
    static NAMES: std::sync::OnceLock<Vec<(String, &'static Action)>> = std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| ACTIONS.iter().map(|a| (a.name(), a)).collect())
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, a)| *a)
}

/// The note editor's own keys (the editing widget's), after the keymap's.
pub fn editor_help() -> Vec<(String, String)> {
    [
        ("Enter, Ctrl-j", "new line"),
        ("Ctrl-u / Ctrl-r", "undo / redo typing"),
        ("arrows, Home, End", "move the cursor"),
        ("Alt-< / Alt->", "the top / the end of the note"),
    ]
    .iter()
    .map(|(k, d)| (k.to_string(), d.to_string()))
    .collect()
}

#[cfg(test)]
mod tests;
