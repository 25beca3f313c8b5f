//! `reflect keys`: the default keys as a keys.ron to copy.

use super::*;

/// `reflect keys`: the default keys file, every action, and where a
/// user's own keys.ron and theme.ron go.
pub(super) fn keys(config: Option<PathBuf>) -> Outcome {
    use crate::keys::{ACTIONS, default_keys};
    let mut out = String::from(default_keys());
    out.push_str("\n// Every action a key can do:\n");
    for action in ACTIONS {
        // The Debug form is the RON form of these actions.
        let name = format!("{action:?}");
        out.push_str(&format!("//   {name:<16} {}\n", action.describe()));
    }
    match store::ConfigDir::resolve(config) {
        Some(dir) => {
            out.push_str(&format!(
                "//\n// Your own keys go in {}, your colours in {}.\n",
                dir.file(crate::settings::KEYS_FILE).display(),
                dir.file(crate::settings::THEME_FILE).display()
            ));
            // A check of the user's files, as the app will read them.
            let notes = crate::settings::Settings::load(Some(&dir), false).notes;
            for note in &notes {
                out.push_str(&format!("// {note}\n"));
                eprintln!("reflect: {note}");
            }
            for file in [crate::settings::KEYS_FILE, crate::settings::THEME_FILE] {
                let path = dir.file(file);
                let broken = notes
                    .iter()
                    .any(|n| n.contains(&path.display().to_string()));
                if path.is_file() && !broken {
                    out.push_str(&format!("// {} is read and in use.\n", path.display()));
                }
            }
        }
        None => out.push_str("//\n// No config folder was found: use --config DIR.\n"),
    }
    print!("{out}");
    Ok(())
}
