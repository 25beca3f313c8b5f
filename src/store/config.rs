//! reflect's config folder: the user's own keys and colours.
//!
//! `--config DIR`, else `$REFLECT_CONFIG`, else the platform config folder
//! (`$XDG_CONFIG_HOME/reflect`, `~/.config/reflect` on Linux). Nothing
//! here is written by reflect; files are only read, and a missing folder
//! or file is simply the defaults.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

use super::durable;

/// The environment variable naming the config folder.
pub const CONFIG_ENV: &str = "REFLECT_CONFIG";

/// A config file larger than this is surely not one (read no further).
const MAX_CONFIG: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigDir {
    root: PathBuf,
}

impl ConfigDir {
    /// `--config DIR`, else `$REFLECT_CONFIG`, else the platform folder;
    /// `None` when there is none (no home folder at all).
    pub fn resolve(flag: Option<PathBuf>) -> Option<ConfigDir> {
        ConfigDir::resolve_from(flag, std::env::var_os(CONFIG_ENV), || {
            directories::ProjectDirs::from("", "", "reflect").map(|d| d.config_dir().to_path_buf())
        })
    }

    /// [`ConfigDir::resolve`] with the environment and the platform folder
    /// passed in (an empty value counts as unset).
    pub fn resolve_from(
        flag: Option<PathBuf>,
        env: Option<OsString>,
        default: impl FnOnce() -> Option<PathBuf>,
    ) -> Option<ConfigDir> {
        let root = match (flag, env) {
            (Some(flag), _) if !flag.as_os_str().is_empty() => flag,
            (_, Some(env)) if !env.is_empty() => PathBuf::from(env),
            _ => default()?,
        };
        let root = std::path::absolute(&root).unwrap_or(root);
        Some(ConfigDir { root })
    }

    pub fn at(root: impl Into<PathBuf>) -> ConfigDir {
        ConfigDir { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path of config file `name` (`keys.ron`).
    pub fn file(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// The text of config file `name`: `Ok(None)` when it does not exist.
    /// A file that is not a regular file, not UTF-8 or over 1 MB is an
    /// error naming its path.
    pub fn read(&self, name: &str) -> io::Result<Option<String>> {
        let path = self.file(name);
        let named = |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
        let bytes = match durable::read_bounded(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(named(e)),
        };
        if bytes.len() > MAX_CONFIG {
            return Err(named(io::Error::new(
                io::ErrorKind::FileTooLarge,
                "over 1 MB, far larger than a config file",
            )));
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| named(io::Error::new(io::ErrorKind::InvalidData, "not UTF-8 text")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_then_the_environment_then_the_platform() {
        let platform = || Some(PathBuf::from("/platform/reflect"));
        let env = Some(OsString::from("/env/reflect"));
        let flag = Some(PathBuf::from("/flag/reflect"));
        let root = |c: Option<ConfigDir>| c.unwrap().root;
        assert_eq!(
            root(ConfigDir::resolve_from(flag, env.clone(), platform)),
            PathBuf::from("/flag/reflect")
        );
        assert_eq!(
            root(ConfigDir::resolve_from(None, env, platform)),
            PathBuf::from("/env/reflect")
        );
        assert_eq!(
            root(ConfigDir::resolve_from(
                None,
                Some(OsString::new()),
                platform
            )),
            PathBuf::from("/platform/reflect")
        );
        assert_eq!(ConfigDir::resolve_from(None, None, || None), None);
    }

    #[test]
    fn a_missing_file_is_none_and_a_folder_or_binary_file_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let config = ConfigDir::at(dir.path());
        assert!(config.read("keys.ron").unwrap().is_none());
        std::fs::create_dir(dir.path().join("keys.ron")).unwrap();
        let err = config.read("keys.ron").unwrap_err().to_string();
        assert!(err.contains("keys.ron"), "{err}");
        std::fs::write(dir.path().join("theme.ron"), [0xff, 0xfe, 0x00]).unwrap();
        let err = config.read("theme.ron").unwrap_err().to_string();
        assert!(err.contains("theme.ron") && err.contains("UTF-8"), "{err}");
        std::fs::write(dir.path().join("ok.ron"), "{}").unwrap();
        assert_eq!(config.read("ok.ron").unwrap().as_deref(), Some("{}"));
    }
}
