//! Reading key tables from RON: the compiled-in defaults, and a user's
//! `keys.ron` laid over them.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{Action, Key, Keymap, Mode};
use crate::format::{Located, parse_ron};

/// What a key file is, at the top of the defaults `reflect keys` prints.
const ABOUT: &str = "\
// reflect's default keys: one table per mode, in the order the help
// screen lists them (the first key of an action is the one hints show).
//
// A key is written as crokey reads it: \"q\", \"?\", \"ctrl-s\", \"alt-x\",
// \"shift-tab\", \"shift-g\" (a capital G), \"space\", \"enter\", \"esc\", \"tab\",
// \"up\", \"down\", \"left\", \"right\", \"pageup\", \"pagedown\", \"home\", \"end\",
// \"f1\" ... \"f12\". An action is one of reflect's actions by name
// (`Quit`, `SetLevel(3)`); `reflect keys` lists them all.
//
// Your own keys go in keys.ron in reflect's config folder (see README),
// in the same shape, laid over these: a key you bind there replaces what
// it did in that mode, and `None` unbinds it.
";

/// The default keys as one key file: every mode's table (each kept in its
/// screen's folder, `src/app/screens/*/keys.ron`) under its name.
pub fn default_keys() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let mut out = format!("{ABOUT}{{\n");
        for (mode, table) in super::DEFAULT_TABLES {
            let name = crate::format::to_ron(mode).unwrap_or_default();
            let name = name.trim();
            // The table without its own comment, indented under its name.
            let body: Vec<&str> = table
                .lines()
                .skip_while(|line| line.trim_start().starts_with("//"))
                .collect();
            out.push_str(&format!("    {name}: "));
            for (i, line) in body.iter().enumerate() {
                if i > 0 {
                    out.push_str("    ");
                }
                out.push_str(line);
                out.push('\n');
            }
            out.pop();
            out.push_str(",\n");
        }
        out.push_str("}\n");
        out
    })
}

/// Every action a key can be bound to, for `reflect keys` and its tests.
pub const ACTIONS: &[Action] = &[
    Action::Quit,
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::First,
    Action::Last,
    Action::Open,
    Action::Close,
    Action::SetLevel(1),
    Action::NotApplicable,
    Action::ClearRating,
    Action::NextStage,
    Action::PrevStage,
    Action::EditNote,
    Action::ClearMark,
    Action::Undo,
    Action::Redo,
    Action::EarlierReview,
    Action::LaterReview,
    Action::StartReview,
    Action::Compare,
    Action::ChangedOnly,
    Action::ToDiscuss,
    Action::Session,
    Action::NextStandard,
    Action::PrevStandard,
    Action::NextRater,
    Action::AddRater,
    Action::Raters,
    Action::RenameRater,
    Action::RemoveRater,
    Action::RestoreRater,
    Action::Plan,
    Action::Offers,
    Action::Pin,
    Action::Dismiss,
    Action::AddAction,
    Action::AddObjective,
    Action::EditItem,
    Action::NextStatus,
    Action::DeleteItem,
    Action::GroupBy,
    Action::GoToLinked,
    Action::NextStepToAction,
    Action::FilterTheme,
    Action::FilterStage,
    Action::FilterKind,
    Action::FilterAudience,
    Action::ClearFilters,
    Action::Summary,
    Action::Whose,
    Action::WritePack,
    Action::PackForSelf,
    Action::PackForCoach,
    Action::PackForLeader,
    Action::TogglePrivate,
    Action::EditSessionNote,
    Action::EditNextStep,
    Action::OpenAnother,
    Action::MergeSheet,
    Action::DetailDown,
    Action::DetailUp,
    Action::ToggleHelp,
    Action::Back,
    Action::NextField,
    Action::PrevField,
    Action::Confirm,
    Action::TakeTheirs,
    Action::KeepMine,
    Action::Save,
    Action::Search,
    Action::NextMatch,
    Action::PrevMatch,
    Action::ClearSearch,
    Action::Filters,
    Action::ExternalEditor,
    Action::ToggleMouse,
];

impl Keymap {
    /// A keymap from a whole key file (the defaults' shape).
    pub fn from_ron(text: &str) -> Result<Keymap, Located> {
        let mut keymap = Keymap {
            tables: Default::default(),
        };
        keymap.apply(text, false)?;
        Ok(keymap)
    }

    /// Lay a user's key file over this keymap: each key it names replaces
    /// what that key did in that mode (`None` leaves it unbound), and the
    /// keys it binds come first, so hints show them. On an error nothing
    /// is changed.
    pub fn overlay(&mut self, text: &str) -> Result<(), Located> {
        let mut changed = self.clone();
        changed.apply(text, true)?;
        // A file must not leave a screen with no way to quit: reflect
        // could then only be ended by closing the terminal.
        for mode in Mode::ALL {
            if changed.key(mode, &Action::Quit).is_none() && self.key(mode, &Action::Quit).is_some()
            {
                let name = crate::format::to_ron(&mode).unwrap_or_default();
                let name = name.trim();
                let at = text.find(&format!("{name}:")).unwrap_or(0);
                let line = text[..at].matches('\n').count() + 1;
                let col = text[..at]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |l| l.chars().count())
                    + 1;
                return Err(Located {
                    line,
                    col,
                    message: format!(
                        "this leaves {name} with no key to quit: bind Quit to a key there"
                    ),
                });
            }
        }
        *self = changed;
        Ok(())
    }

    fn apply(&mut self, text: &str, first: bool) -> Result<(), Located> {
        let file: Ordered<Mode, Ordered<KeyText, Option<Bindable>>> = parse_ron(text)?;
        for (mode, entries) in file.0 {
            let table = self.tables.entry(mode).or_default();
            let mut added = Vec::new();
            for (KeyText(key), action) in entries.0 {
                table.retain(|(bound, _)| !bound.same(&key));
                if let Some(Bindable(action)) = action {
                    added.push((key, action));
                }
            }
            if first {
                added.append(table);
                *table = added;
            } else {
                table.append(&mut added);
            }
        }
        Ok(())
    }
}

impl Key {
    /// The same key as `other`, as a press of either would match both.
    fn same(&self, other: &Key) -> bool {
        let event = ratatui::crossterm::event::KeyEvent::new(other.code, other.modifiers);
        self.matches(&event)
    }
}

/// A RON map read in its written order, each key once.
struct Ordered<K, V>(Vec<(K, V)>);

impl<'de, K, V> Deserialize<'de> for Ordered<K, V>
where
    K: Deserialize<'de> + PartialEq + fmt::Debug,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Walk<K, V>(PhantomData<(K, V)>);
        impl<'de, K, V> Visitor<'de> for Walk<K, V>
        where
            K: Deserialize<'de> + PartialEq + fmt::Debug,
            V: Deserialize<'de>,
        {
            type Value = Ordered<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map, { key: value, ... }")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(K, V)> = Vec::new();
                while let Some(key) = map.next_key::<K>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("{key:?} is given twice")));
                    }
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(Walk(PhantomData))
    }
}

/// A key as a key file writes it.
struct KeyText(Key);

/// As the user would write it, in a message ("`w` is given twice").
impl fmt::Debug for KeyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the key {}", self.0.label())
    }
}

impl PartialEq for KeyText {
    fn eq(&self, other: &KeyText) -> bool {
        self.0.same(&other.0)
    }
}

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Key::parse(&text).map(KeyText).map_err(de::Error::custom)
    }
}

/// An action a key may be bound to: not typing, pasting, resizing or time
/// passing, which come from the terminal itself.
#[derive(Debug, Serialize)]
struct Bindable(Action);

impl<'de> Deserialize<'de> for Bindable {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // An unknown name: say so without listing what cannot be bound.
        let action = Action::deserialize(deserializer).map_err(|e| {
            let message = e.to_string();
            match message.split_once(", expected one of") {
                Some((head, _)) => de::Error::custom(format!(
                    "{}; `reflect keys` lists every action",
                    head.replace("variant", "action")
                        .replace(" in enum `Action`", "")
                )),
                None => e,
            }
        })?;
        match action {
            Action::Input(_)
            | Action::Paste(_)
            | Action::Resize(..)
            | Action::Tick
            | Action::Edited(_)
            | Action::Click(..)
            | Action::Wheel(..) => Err(de::Error::custom(format!(
                "{} comes from the terminal and cannot be bound to a key",
                action.name()
            ))),
            Action::SetLevel(n) if !(1..=9).contains(&n) => Err(de::Error::custom(format!(
                "SetLevel({n}): levels are 1 to 9"
            ))),
            action => Ok(Bindable(action)),
        }
    }
}
