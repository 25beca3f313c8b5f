//! Where reflect keeps its files.

use std::io;
use std::path::{Path, PathBuf};

/// The home folder: `assessments/` and the state file live here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    root: PathBuf,
}

impl Home {
    /// `--home DIR`, else `$REFLECT_HOME`, else the platform data folder
    /// (`~/.local/share/reflect` on Linux).
    pub fn resolve(flag: Option<PathBuf>) -> anyhow::Result<Home> {
        let _ = flag;
        todo!("store helper")
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

    /// Create the home and assessments folders, mode 0700.
    pub fn ensure(&self) -> io::Result<()> {
        todo!("store helper")
    }

    /// The assessment opened most recently, if it still exists.
    pub fn recent(&self) -> Option<PathBuf> {
        todo!("store helper")
    }

    /// Remember `path` as the most recently opened assessment.
    pub fn set_recent(&self, path: &Path) -> io::Result<()> {
        let _ = path;
        todo!("store helper")
    }
}
