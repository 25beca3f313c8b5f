//! The keymap: key events to actions, per mode. Kept apart from behaviour,
//! so the help screen is generated from the same table the app obeys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::{Action, Mode};

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

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    pub const fn shift(code: KeyCode) -> Key {
        Key {
            code,
            modifiers: KeyModifiers::SHIFT,
        }
    }

    fn matches(&self, event: &KeyEvent) -> bool {
        if self.code != event.code {
            return false;
        }
        // Terminals differ on whether a typed capital or symbol carries SHIFT.
        let ignore = if matches!(event.code, KeyCode::Char(_)) {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        (event.modifiers - ignore) == (self.modifiers - ignore)
    }

    /// How the help screen writes the key.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) && !matches!(self.code, KeyCode::Char(_)) {
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
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        });
        s
    }
}

/// One binding: a key, what it does, in which modes.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub key: Key,
    pub action: Action,
    pub modes: &'static [Mode],
}

pub struct Keymap {
    pub bindings: Vec<Binding>,
}

const BROWSE: &[Mode] = &[Mode::Browse];
const MOVE: &[Mode] = &[Mode::Browse, Mode::Help, Mode::Start, Mode::Compare];
const SESSION: &[Mode] = &[Mode::Session];
const COMPARE: &[Mode] = &[Mode::Compare];
const PROMPT: &[Mode] = &[Mode::Prompt];
const RATE: &[Mode] = &[Mode::Browse, Mode::Session];
const START: &[Mode] = &[Mode::Start, Mode::StartText];
const CONFIRM: &[Mode] = &[Mode::Confirm];
const ANY: &[Mode] = &[
    Mode::Browse,
    Mode::Help,
    Mode::Start,
    Mode::StartText,
    Mode::Editor,
    Mode::Confirm,
    Mode::Prompt,
    Mode::Compare,
    Mode::Session,
];

impl Default for Keymap {
    fn default() -> Keymap {
        use KeyCode::*;
        let b = |key, action, modes| Binding { key, action, modes };
        let mut bindings = vec![
            b(Key::plain(Up), Action::Up, MOVE),
            b(Key::ch('k'), Action::Up, MOVE),
            b(Key::plain(Down), Action::Down, MOVE),
            b(Key::ch('j'), Action::Down, MOVE),
            b(Key::plain(PageUp), Action::PageUp, MOVE),
            b(Key::plain(PageDown), Action::PageDown, MOVE),
            b(Key::plain(Home), Action::First, MOVE),
            b(Key::ch('g'), Action::First, BROWSE),
            b(
                Key::plain(End),
                Action::Last,
                &[Mode::Browse, Mode::Compare],
            ),
            b(Key::ch('G'), Action::Last, &[Mode::Browse, Mode::Compare]),
            b(Key::plain(Right), Action::Open, BROWSE),
            b(Key::ch('l'), Action::Open, BROWSE),
            b(Key::plain(Enter), Action::Open, BROWSE),
            b(Key::plain(Left), Action::Close, BROWSE),
            b(Key::ch('h'), Action::Close, BROWSE),
        ];
        for n in 1..=9u8 {
            bindings.push(b(Key::ch(char::from(b'0' + n)), Action::SetLevel(n), RATE));
        }
        bindings.extend([
            b(Key::ch('n'), Action::NotApplicable, RATE),
            b(Key::ch('0'), Action::ClearRating, RATE),
            b(Key::plain(Tab), Action::NextStage, RATE),
            b(Key::plain(BackTab), Action::PrevStage, RATE),
            b(Key::ch('e'), Action::EditNote, RATE),
            b(Key::ch('p'), Action::TogglePrivate, RATE),
            b(Key::ch('a'), Action::AddRater, RATE),
            b(Key::ch('d'), Action::ToDiscuss, RATE),
            b(Key::ch('['), Action::EarlierReview, BROWSE),
            b(Key::ch(']'), Action::LaterReview, BROWSE),
            b(Key::ch('R'), Action::StartReview, BROWSE),
            b(
                Key::ch('c'),
                Action::Compare,
                &[Mode::Browse, Mode::Compare],
            ),
            b(Key::ch('f'), Action::ChangedOnly, COMPARE),
            b(Key::plain(Left), Action::Back, COMPARE),
            b(
                Key::ch('S'),
                Action::Session,
                &[Mode::Browse, Mode::Session],
            ),
            b(Key::ch('o'), Action::OpenAnother, BROWSE),
            b(Key::plain(Right), Action::NextStandard, SESSION),
            b(Key::plain(Down), Action::NextStandard, SESSION),
            b(Key::ch('j'), Action::NextStandard, SESSION),
            b(Key::ch(' '), Action::NextStandard, SESSION),
            b(Key::plain(Left), Action::PrevStandard, SESSION),
            b(Key::plain(Up), Action::PrevStandard, SESSION),
            b(Key::ch('k'), Action::PrevStandard, SESSION),
            b(Key::ch('r'), Action::NextRater, SESSION),
            b(Key::ch('s'), Action::EditSessionNote, SESSION),
            b(Key::ch('t'), Action::EditNextStep, SESSION),
            b(Key::ch('x'), Action::ClearMark, BROWSE),
            b(Key::ch('u'), Action::Undo, RATE),
            b(Key::ctrl('z'), Action::Undo, RATE),
            b(Key::ctrl('r'), Action::Redo, RATE),
            b(Key::ch('U'), Action::Redo, RATE),
            b(Key::shift(Down), Action::DetailDown, BROWSE),
            b(Key::ch('J'), Action::DetailDown, BROWSE),
            b(Key::shift(Up), Action::DetailUp, BROWSE),
            b(Key::ch('K'), Action::DetailUp, BROWSE),
            b(
                Key::ch('?'),
                Action::ToggleHelp,
                &[
                    Mode::Browse,
                    Mode::Help,
                    Mode::Start,
                    Mode::Compare,
                    Mode::Session,
                ],
            ),
            b(Key::plain(F(1)), Action::ToggleHelp, ANY),
            b(
                Key::plain(Esc),
                Action::Back,
                &[
                    Mode::Help,
                    Mode::Editor,
                    Mode::Start,
                    Mode::StartText,
                    Mode::Compare,
                    Mode::Session,
                    Mode::Prompt,
                ],
            ),
            b(
                Key::ch('q'),
                Action::Quit,
                &[
                    Mode::Browse,
                    Mode::Help,
                    Mode::Start,
                    Mode::Compare,
                    Mode::Session,
                ],
            ),
            b(Key::ctrl('c'), Action::Quit, ANY),
            b(Key::plain(Tab), Action::NextField, START),
            b(Key::plain(BackTab), Action::PrevField, START),
            b(Key::plain(Enter), Action::Confirm, START),
            b(Key::plain(Enter), Action::Confirm, PROMPT),
            b(Key::plain(Up), Action::Up, PROMPT),
            b(Key::plain(Down), Action::Down, PROMPT),
            b(Key::ch('y'), Action::Confirm, CONFIRM),
            b(Key::plain(Enter), Action::Confirm, CONFIRM),
            b(Key::ch('n'), Action::Back, CONFIRM),
            b(Key::ch('t'), Action::TakeTheirs, CONFIRM),
            b(Key::ch('k'), Action::KeepMine, CONFIRM),
            b(Key::ch('l'), Action::Back, CONFIRM),
            b(
                Key::ctrl('s'),
                Action::Save,
                &[Mode::Browse, Mode::Compare, Mode::Session],
            ),
            b(Key::plain(Esc), Action::Back, CONFIRM),
        ]);
        Keymap { bindings }
    }
}

impl Keymap {
    /// The action for a key press in a mode. In text modes, a key with no
    /// binding is typed into the text.
    pub fn action(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        let bound = self
            .bindings
            .iter()
            .find(|b| b.modes.contains(&mode) && b.key.matches(&event))
            .map(|b| b.action.clone());
        bound.or_else(|| match mode {
            Mode::Editor | Mode::StartText | Mode::Prompt => Some(Action::Input(event.into())),
            _ => None,
        })
    }

    /// Bindings for one mode, keys sharing an action grouped: (keys, description).
    pub fn help(&self, mode: Mode) -> Vec<(String, String)> {
        let mut rows: Vec<(Vec<String>, Action)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.modes.contains(&mode)) {
            if let Some(row) = rows.iter_mut().find(|(_, a)| *a == b.action) {
                row.0.push(b.key.label());
            } else {
                rows.push((vec![b.key.label()], b.action.clone()));
            }
        }
        // The nine level keys read better as one line.
        let levels: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, (_, a))| matches!(a, Action::SetLevel(_)))
            .map(|(i, _)| i)
            .collect();
        let mut out = Vec::new();
        for (i, (keys, action)) in rows.iter().enumerate() {
            if levels.first() == Some(&i) {
                out.push((
                    "1 … 9".to_string(),
                    "set that level at the current stage (up to the scale's top)".to_string(),
                ));
            } else if !levels.contains(&i) {
                out.push((keys.join(" "), action.describe()));
            }
        }
        out
    }
}

/// The modes in the order the help screen lists them, with headings.
pub const HELP_SECTIONS: &[(Mode, &str)] = &[
    (Mode::Browse, "Browsing and rating"),
    (Mode::Session, "Session mode (walking through together)"),
    (Mode::Compare, "Compare with the review before"),
    (Mode::Editor, "Writing a note"),
    (Mode::Start, "Start screen"),
    (Mode::Help, "This help"),
];

pub fn editor_help() -> Vec<(String, String)> {
    [
        ("Esc", "leave the editor, keeping the text (saved at once)"),
        ("Enter", "new line"),
        ("Ctrl-u / Ctrl-r", "undo / redo typing"),
        ("arrows, Home, End", "move the cursor"),
        ("Ctrl-c", "keep the text, save and quit"),
    ]
    .iter()
    .map(|(k, d)| (k.to_string(), d.to_string()))
    .collect()
}
