//! What the user set for the app, read from the config folder at start:
//! their keys over the defaults, and their colours. A file that cannot be
//! used is reported (PATH:LINE:COL) and the defaults are used instead; the
//! app still starts.

use crate::keys::Keymap;
use crate::store::ConfigDir;
use crate::theme::Theme;

/// The keys file in the config folder.
pub const KEYS_FILE: &str = "keys.ron";
/// The colours file in the config folder.
pub const THEME_FILE: &str = "theme.ron";
/// The user's own HTML template of the appraisal pack, in the config folder.
pub const PACK_TEMPLATE: &str = "templates/report.html";
/// Everything else one may set, in the config folder.
pub const SETTINGS_FILE: &str = "settings.ron";

/// A user's `settings.ron`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename = "settings")]
struct Prefs {
    /// Read the mouse (clicks, the wheel); `false` leaves it to the
    /// terminal, whose own selection copies text.
    #[serde(default = "yes")]
    mouse: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub keymap: Keymap,
    pub theme: Theme,
    /// Read the mouse (`settings.ron`: `mouse: false` turns it off).
    pub mouse: bool,
    /// The user's own HTML template for the appraisal pack (its text, and
    /// its path), from `templates/report.html` in the config folder.
    pub pack_template: Option<(String, String)>,
    /// What to tell the user once the app is up: a file that could not be
    /// used, and why.
    pub notes: Vec<String>,
}

impl Settings {
    /// The defaults, with the user's files from `config` laid over them;
    /// `no_color` (`NO_COLOR` set, not empty) takes every colour out.
    pub fn load(config: Option<&ConfigDir>, no_color: bool) -> Settings {
        let mut settings = Settings {
            theme: Theme::load(None, no_color).unwrap_or_default(),
            mouse: true,
            ..Settings::default()
        };
        let Some(config) = config else {
            return settings;
        };
        match config.read(SETTINGS_FILE) {
            Ok(None) => {}
            Ok(Some(text)) if blank(&text) => {}
            Ok(Some(text)) => match crate::store::parse_ron::<Prefs>(&text) {
                Ok(prefs) => settings.mouse = prefs.mouse,
                Err(at) => settings.notes.push(format!(
                    "Default settings in use: {}:{at}",
                    config.file(SETTINGS_FILE).display()
                )),
            },
            Err(e) => settings.notes.push(format!("Default settings in use: {e}")),
        }
        match config.read(THEME_FILE) {
            Ok(None) => {}
            Ok(Some(text)) if blank(&text) => {}
            Ok(Some(text)) => match Theme::load(Some(&text), no_color) {
                Ok(theme) => settings.theme = theme,
                Err(at) => settings.notes.push(format!(
                    "Default colours in use: {}:{at}",
                    config.file(THEME_FILE).display()
                )),
            },
            Err(e) => settings.notes.push(format!("Default colours in use: {e}")),
        }
        match config.read(KEYS_FILE) {
            Ok(None) => {}
            Ok(Some(text)) if blank(&text) => {}
            Ok(Some(text)) => {
                if let Err(at) = settings.keymap.overlay(&text) {
                    settings.notes.push(format!(
                        "Default keys in use: {}:{at}",
                        config.file(KEYS_FILE).display()
                    ));
                }
            }
            Err(e) => settings.notes.push(format!("Default keys in use: {e}")),
        }
        match config.read(PACK_TEMPLATE) {
            Ok(None) => {}
            Ok(Some(text)) => {
                settings.pack_template =
                    Some((text, config.file(PACK_TEMPLATE).display().to_string()))
            }
            Err(e) => settings.notes.push(format!(
                "The built-in template of the appraisal pack is in use: {e}"
            )),
        }
        settings
    }
}

/// A file with nothing in it but comments sets nothing: the defaults, with
/// no complaint (a user starting a file of their own).
fn blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with("//")
    })
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
        let settings = Settings::load(Some(&ConfigDir::at(dir.path())), false);
        assert!(settings.notes.is_empty(), "{:?}", settings.notes);
        let w = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE);
        assert_eq!(settings.keymap.action(Mode::Browse, w), Some(Action::Quit));
    }

    #[test]
    fn an_empty_or_comment_only_file_sets_nothing_and_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        for text in ["", "\n  \n", "// my keys, to come\n"] {
            std::fs::write(dir.path().join(KEYS_FILE), text).unwrap();
            std::fs::write(dir.path().join(THEME_FILE), text).unwrap();
            let settings = Settings::load(Some(&ConfigDir::at(dir.path())), false);
            assert!(settings.notes.is_empty(), "{text:?}: {:?}", settings.notes);
            assert_eq!(settings.keymap, Keymap::default());
            assert_eq!(settings.theme, Theme::dark());
        }
    }

    #[test]
    fn settings_ron_turns_the_mouse_off_and_a_broken_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let config = ConfigDir::at(dir.path());
        assert!(Settings::load(Some(&config), false).mouse, "on by default");
        std::fs::write(dir.path().join(SETTINGS_FILE), "(mouse: false)").unwrap();
        let settings = Settings::load(Some(&config), false);
        assert!(!settings.mouse);
        assert!(settings.notes.is_empty(), "{:?}", settings.notes);
        std::fs::write(dir.path().join(SETTINGS_FILE), "(\n  mouse: maybe,\n)").unwrap();
        let settings = Settings::load(Some(&config), false);
        assert!(settings.mouse, "the default kept");
        let path = dir.path().join(SETTINGS_FILE);
        assert!(
            settings.notes[0]
                .starts_with(&format!("Default settings in use: {}:2:", path.display())),
            "{:?}",
            settings.notes
        );
    }

    #[test]
    fn a_broken_keys_file_gives_the_defaults_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEYS_FILE);
        std::fs::write(&path, "{\n  browse: {\n    \"w\": Qit,\n  },\n}\n").unwrap();
        let settings = Settings::load(Some(&ConfigDir::at(dir.path())), false);
        assert_eq!(settings.keymap, Keymap::default());
        assert_eq!(settings.notes.len(), 1);
        let note = &settings.notes[0];
        // What it means first: a long path must not hide it.
        assert!(
            note.starts_with(&format!("Default keys in use: {}:3:", path.display())),
            "{note}"
        );
    }
}

#[cfg(test)]
mod theme_tests {
    use super::*;

    #[test]
    fn a_theme_file_is_used_and_no_color_takes_its_colours_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(THEME_FILE), "(base: \"light\")").unwrap();
        let config = ConfigDir::at(dir.path());
        assert_eq!(Settings::load(Some(&config), false).theme, Theme::light());
        let plain = Settings::load(Some(&config), true).theme;
        assert!(plain.is_mono());
        assert!(Settings::load(None, true).theme.is_mono());
        assert_eq!(Settings::load(None, false).theme, Theme::dark());
    }

    #[test]
    fn a_broken_theme_file_gives_the_default_colours_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(THEME_FILE);
        std::fs::write(&path, "(\n  dim: (fg: \"mauve-ish\"),\n)").unwrap();
        let settings = Settings::load(Some(&ConfigDir::at(dir.path())), false);
        assert_eq!(settings.theme, Theme::dark());
        assert!(
            settings.notes[0]
                .starts_with(&format!("Default colours in use: {}:2:", path.display())),
            "{:?}",
            settings.notes
        );
    }

    #[test]
    fn a_theme_file_s_error_names_no_type_of_reflect_s_code() {
        for text in ["(\n  dim: 3,\n)", "3", "(foo: 1)"] {
            let at = Theme::load(Some(text), false).unwrap_err().to_string();
            assert!(
                !at.contains("RoleSpec") && !at.contains("ThemeFile"),
                "{text:?}: {at}"
            );
        }
    }
}
