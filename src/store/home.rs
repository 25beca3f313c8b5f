//! Where reflect keeps its files.

use std::ffi::OsString;
use std::fs::{self, DirBuilder, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use anyhow::bail;
use serde::{Deserialize, Serialize};

use super::durable::{self, DIR_MODE};
use crate::format::{parse_ron, to_ron};

/// The environment variable naming the home folder.
pub const HOME_ENV: &str = "REFLECT_HOME";

/// The home folder: `assessments/` and the state file live here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    root: PathBuf,
}

/// `<home>/state.ron`: small conveniences remembered between runs.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct State {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recent: Option<PathBuf>,
    /// Where the user was in each assessment, by its path as `recent`
    /// writes it; the most recent last, at most [`PLACES`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    places: Vec<(PathBuf, Place)>,
}

/// How many assessments' places are remembered.
const PLACES: usize = 50;

/// Where the user was in an assessment: the theme open, the standard
/// selected, the stage being rated, by their ids (which survive a newer
/// framework version).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
}

impl Home {
    /// `--home DIR`, else `$REFLECT_HOME`, else the platform data folder
    /// (`~/.local/share/reflect` on Linux).
    pub fn resolve(flag: Option<PathBuf>) -> anyhow::Result<Home> {
        Home::resolve_from(flag, std::env::var_os(HOME_ENV), default_root)
    }

    /// [`Home::resolve`] with the environment and the platform folder passed
    /// in: `env` is the value of `$REFLECT_HOME` (empty counts as unset),
    /// `default` finds the platform data folder. A relative folder is made
    /// absolute against the current directory.
    pub fn resolve_from(
        flag: Option<PathBuf>,
        env: Option<OsString>,
        default: impl FnOnce() -> Option<PathBuf>,
    ) -> anyhow::Result<Home> {
        let root = match (flag, env) {
            (Some(flag), _) if flag.as_os_str().is_empty() => {
                bail!("--home needs a folder")
            }
            (Some(flag), _) => flag,
            (None, Some(env)) if !env.is_empty() => PathBuf::from(env),
            _ => match default() {
                Some(dir) => dir,
                None => bail!(
                    "cannot work out where to keep reflect's files (no home folder found); \
                     use --home DIR or set {HOME_ENV}"
                ),
            },
        };
        let root = std::path::absolute(&root).unwrap_or(root);
        Ok(Home { root })
    }

    pub fn at(root: impl Into<PathBuf>) -> Home {
        Home { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn assessments_dir(&self) -> PathBuf {
        self.root.join("assessments")
    }

    /// `<home>/frameworks`: custom framework files, beside the bundled ones.
    pub fn frameworks_dir(&self) -> PathBuf {
        self.root.join("frameworks")
    }

    /// `<home>/offers`: an organisation's own development offers.
    pub fn offers_dir(&self) -> PathBuf {
        self.root.join("offers")
    }

    /// `<home>/shares`: cohort shares written, to send on.
    pub fn shares_dir(&self) -> PathBuf {
        self.root.join("shares")
    }

    /// Create `<home>/shares`, mode 0700.
    pub fn ensure_shares(&self) -> io::Result<PathBuf> {
        self.ensure()?;
        create_private_dir(&self.shares_dir(), false)?;
        Ok(self.shares_dir())
    }

    /// `<home>/backups`: dated copies of each assessment, one folder per file.
    pub fn backups_dir(&self) -> PathBuf {
        self.root.join("backups")
    }

    /// `<home>/state.ron`.
    pub fn state_path(&self) -> PathBuf {
        self.root.join("state.ron")
    }

    /// Create the home and assessments folders, mode 0700.
    ///
    /// Folders that already exist are left as they are: the home may be a
    /// folder the user chose and set up themselves.
    pub fn ensure(&self) -> io::Result<()> {
        create_private_dir(&self.root, true)?;
        create_private_dir(&self.assessments_dir(), false)
    }

    /// The state file as read, or the default: a convenience, so never
    /// an error.
    fn state(&self) -> State {
        super::durable::read_bounded(&self.state_path())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| parse_ron(&text).ok())
            .unwrap_or_default()
    }

    /// `path` as the state file keeps it: inside the home, relative to it
    /// (a home copied or moved elsewhere then remembers its own copy).
    fn state_key(&self, path: &Path) -> PathBuf {
        let path = fs::canonicalize(path)
            .or_else(|_| std::path::absolute(path))
            .unwrap_or_else(|_| path.to_path_buf());
        let root = fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        match path.strip_prefix(&root) {
            Ok(inside) => inside.to_path_buf(),
            Err(_) => path,
        }
    }

    /// A new file holding `text`, readable by the owner only, in
    /// `<home>/tmp` (never a shared temporary folder): for a note to be
    /// written in the user's own editor. The caller removes it.
    pub fn scratch_file(&self, text: &str) -> io::Result<PathBuf> {
        use std::io::Write as _;
        self.ensure()?;
        let dir = self.root.join("tmp");
        create_private_dir(&dir, false)?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = dir.join(format!("note-{}-{stamp}.txt", std::process::id()));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut file = options.open(&path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        Ok(path)
    }

    /// What a scratch file holds now (bounded, as every read).
    pub fn read_scratch(&self, path: &Path) -> io::Result<String> {
        String::from_utf8(durable::read_bounded(path)?)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// Where the user was in `path` when they last left it.
    pub fn place(&self, path: &Path) -> Option<Place> {
        let key = self.state_key(path);
        self.state()
            .places
            .into_iter()
            .rev()
            .find(|(p, _)| *p == key)
            .map(|(_, place)| place)
    }

    /// Remember where the user is in `path`.
    pub fn set_place(&self, path: &Path, place: Place) -> io::Result<()> {
        // Only a convenience: never make a home that is not there (it may
        // have been removed under the app).
        if !self.root.is_dir() {
            return Ok(());
        }
        let key = self.state_key(path);
        let mut state = self.state();
        state.places.retain(|(p, _)| *p != key);
        state.places.push((key, place));
        let over = state.places.len().saturating_sub(PLACES);
        state.places.drain(..over);
        self.write_state(&state)
    }

    /// The assessment opened most recently, if it still exists.
    ///
    /// A convenience, so never an error: an unreadable state file or a file
    /// that has gone is simply no recent file.
    pub fn recent(&self) -> Option<PathBuf> {
        let state = self.state();
        // Relative: inside this home (so a copied home opens its own copy).
        let recent = state.recent.map(|p| match p.is_relative() {
            true => fs::canonicalize(&self.root)
                .unwrap_or_else(|_| self.root.clone())
                .join(p),
            false => p,
        });
        recent.filter(|p| p.is_file())
    }

    /// Remember `path` as the most recently opened assessment.
    pub fn set_recent(&self, path: &Path) -> io::Result<()> {
        let mut state = self.state();
        state.recent = Some(self.state_key(path));
        self.write_state(&state)
    }

    /// Write the state file, unless it already says this.
    fn write_state(&self, state: &State) -> io::Result<()> {
        let text = to_ron(state).map_err(io::Error::other)?;
        let state_path = self.state_path();
        if durable::read_bounded(&state_path).is_ok_and(|old| old == text.as_bytes())
            && durable::has_file_mode(&state_path)
        {
            return Ok(());
        }
        self.ensure()?;
        durable::write_atomic(&state_path, text.as_bytes())
    }
}

/// The platform data folder: `$XDG_DATA_HOME/reflect` or `~/.local/share/reflect` on Linux.
fn default_root() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "reflect").map(|d| d.data_dir().to_path_buf())
}

/// Create `dir` with mode 0700 if it does not exist (with its parents if
/// `parents`); a folder that was already there is not touched.
pub(super) fn create_private_dir(dir: &Path, parents: bool) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    match DirBuilder::new()
        .recursive(parents)
        .mode(DIR_MODE)
        .create(dir)
    {
        Ok(()) => {
            // The mode given to mkdir is masked by the umask; make it exact.
            fs::set_permissions(dir, Permissions::from_mode(DIR_MODE))
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!("cannot create folder {}: {e}", dir.display()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Option<PathBuf> {
        None
    }

    #[test]
    fn the_flag_wins_over_the_environment_and_the_default() {
        let home = Home::resolve_from(Some("/flag".into()), Some("/env".into()), || {
            Some("/default".into())
        })
        .unwrap();
        assert_eq!(home.root(), Path::new("/flag"));
    }

    #[test]
    fn the_environment_wins_over_the_default_unless_empty() {
        let home =
            Home::resolve_from(None, Some("/env".into()), || Some("/default".into())).unwrap();
        assert_eq!(home.root(), Path::new("/env"));
        let home = Home::resolve_from(None, Some("".into()), || Some("/default".into())).unwrap();
        assert_eq!(home.root(), Path::new("/default"));
        let home = Home::resolve_from(None, None, || Some("/default".into())).unwrap();
        assert_eq!(home.root(), Path::new("/default"));
    }

    #[test]
    fn no_folder_at_all_is_an_error_that_says_what_to_do() {
        let err = Home::resolve_from(None, None, none).unwrap_err();
        assert!(err.to_string().contains("--home"), "{err}");
        assert!(Home::resolve_from(Some("".into()), None, none).is_err());
    }

    #[test]
    fn a_relative_folder_is_made_absolute() {
        let home = Home::resolve_from(Some("rel".into()), None, none).unwrap();
        assert!(home.root().is_absolute());
        assert!(home.root().ends_with("rel"));
    }

    #[test]
    fn the_default_is_the_platform_data_folder() {
        // Depends on $HOME, so only check the shape when there is one.
        if let Some(dir) = default_root() {
            assert!(dir.ends_with("reflect"), "{}", dir.display());
        }
    }
}
