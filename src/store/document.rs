//! An assessment file on disk: open (load, find its framework, lock), save, list.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::{Assessment, Framework};

use super::home::Home;
use super::ron_text::Located;

/// Why an opened document may not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Written by a newer reflect (schema `found` > ours).
    Newer { found: u32 },
    /// Another reflect has it open.
    Locked,
}

/// An open assessment with its framework. Holds the file's lock while alive.
#[derive(Debug)]
pub struct Document {
    pub path: PathBuf,
    pub assessment: Assessment,
    pub framework: Framework,
    pub read_only: Option<ReadOnly>,
}

#[derive(Debug)]
pub enum OpenError {
    Io { path: PathBuf, source: std::io::Error },
    /// Displays as `PATH:LINE:COL: message`.
    Parse { path: PathBuf, at: Located },
    /// Parsed, but makes no sense (no review, unknown framework, ...).
    Invalid { path: PathBuf, message: String },
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            OpenError::Parse { path, at } => write!(f, "{}:{at}", path.display()),
            OpenError::Invalid { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for OpenError {}

/// Load and check an assessment file, without locking it.
pub fn load_assessment(path: &Path) -> Result<Assessment, OpenError> {
    let _ = path;
    todo!("store helper")
}

/// Open an assessment for the app: load it, find its framework, take the lock.
pub fn open(home: &Home, path: &Path) -> Result<Document, OpenError> {
    let _ = (home, path);
    todo!("store helper")
}

/// Durably and atomically write `assessment` to `path`, keeping the previous version as `PATH.bak`.
pub fn save_assessment(path: &Path, assessment: &Assessment) -> std::io::Result<()> {
    let _ = (path, assessment);
    todo!("store helper")
}

/// Create a new assessment file (never over an existing one) and return its path.
pub fn new_assessment(
    home: &Home,
    framework: &Framework,
    name: &str,
    role: &str,
    file: Option<&Path>,
) -> anyhow::Result<PathBuf> {
    let _ = (home, framework, name, role, file);
    todo!("store helper")
}

/// An assessment file found in the home folder.
#[derive(Debug)]
pub struct Listed {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    pub assessment: Result<Assessment, OpenError>,
}

/// Every `*.ron` in `<home>/assessments`, newest change first.
pub fn list_assessments(home: &Home) -> Vec<Listed> {
    let _ = home;
    todo!("store helper")
}
