//! What the user set for the app, read from the config folder at start:
//! their keys over the defaults. A file that cannot be used is reported
//! (PATH:LINE:COL) and the defaults are used instead; the app still starts.

use crate::keys::Keymap;
use crate::store::ConfigDir;

/// The keys file in the config folder.
pub const KEYS_FILE: &str = "keys.ron";

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub keymap: Keymap,
    /// What to tell the user once the app is up: a file that could not be
    /// used, and why.
    pub notes: Vec<String>,
}

impl Settings {
    /// The defaults, with the user's files from `config` laid over them.
    pub fn load(config: Option<&ConfigDir>) -> Settings {
        let mut settings = Settings::default();
        let Some(config) = config else {
            return settings;
        };
        match config.read(KEYS_FILE) {
            Ok(None) => {}
            Ok(Some(text)) => {
                if let Err(at) = settings.keymap.overlay(&text) {
                    settings.notes.push(format!(
                        "{}:{at}; using the default keys",
                        config.file(KEYS_FILE).display()
                    ));
                }
            }
            Err(e) => settings.notes.push(format!("{e}; using the default keys")),
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{Action, Mode};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn a_keys_file_is_laid_over_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KEYS_FILE), "{ browse: { \"w\": Quit } }").unwrap();
        let settings = Settings::load(Some(&ConfigDir::at(dir.path())));
        assert!(settings.notes.is_empty(), "{:?}", settings.notes);
        let w = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE);
        assert_eq!(settings.keymap.action(Mode::Browse, w), Some(Action::Quit));
    }

    #[test]
    fn a_broken_keys_file_gives_the_defaults_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEYS_FILE);
        std::fs::write(&path, "{\n  browse: {\n    \"w\": Qit,\n  },\n}\n").unwrap();
        let settings = Settings::load(Some(&ConfigDir::at(dir.path())));
        assert_eq!(settings.keymap, Keymap::default());
        assert_eq!(settings.notes.len(), 1);
        let note = &settings.notes[0];
        assert!(
            note.starts_with(&format!("{}:3:", path.display())),
            "{note}"
        );
        assert!(note.ends_with("using the default keys"), "{note}");
    }
}
