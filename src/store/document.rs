//! An assessment file on disk: open (load, find its framework, lock), save, list.

use std::fmt;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use anyhow::{Context as _, bail};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization as _;

use crate::model::assessment::FrameworkRef;
use crate::model::{Assessment, Framework, Migration, Person, Review, SCHEMA_VERSION, migrate};

use super::backups;
use super::catalog::Catalog;
use super::durable::{self, Stamp};
use super::earlier;
use super::home::Home;
use super::lock;
use super::readback::{self, Checked};
use crate::format::{Located, parse_ron, peek_field, to_ron};

/// Why an opened document may not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Written by a newer reflect (schema `found` > ours).
    Newer { found: u32 },
    /// Another reflect has it open.
    Locked,
    /// Its lock cannot be taken (a read-only folder, say): why. Without
    /// the lock another reflect could write it too, so this one does not.
    Unlockable { why: String },
}

/// An open assessment with its framework. Holds the file's lock while alive.
#[derive(Debug)]
pub struct Document {
    pub path: PathBuf,
    pub assessment: Assessment,
    pub framework: Framework,
    pub read_only: Option<ReadOnly>,
    /// What opening did to bring the assessment up to date with a changed
    /// framework (renames applied, marks archived, new version recorded);
    /// `None` when nothing changed. [`open`] has already saved the result
    /// unless `migration_unsaved` says why not.
    pub migration: Option<Migration>,
    /// Why the migrated assessment is not on disk yet (read-only, or the
    /// save failed): it is written with the next save.
    pub migration_unsaved: Option<String>,
    /// Where it is written: shared with any [`Snapshot`] on its way to the
    /// saver thread, so the lock is let go only after the last write.
    disk: Arc<Disk>,
    /// The closed reviews kept in files of their own: read yet or not.
    earlier: Earlier,
    /// The home it was opened from (`None` for a detached document).
    home: Option<Home>,
}

/// Whether a document's closed reviews (see [`crate::store`]'s `earlier`
/// module) are in `assessment.reviews` yet.
#[derive(Debug)]
enum Earlier {
    /// All there (or there are none in files).
    Loaded,
    /// Being read on another thread.
    Loading(std::thread::JoinHandle<Result<Vec<Review>, OpenError>>),
    /// They could not be read: why. Their files are left as they are, and
    /// the assessment file keeps naming them.
    Failed(String),
}

/// What taking in a document's closed reviews did.
#[derive(Debug)]
pub struct Arrived {
    /// Something for the user: a framework change applied to them, or why
    /// they could not be read.
    pub message: Option<String>,
    /// The assessment changed (a framework change moved marks into the
    /// archive), so it needs saving.
    pub changed: bool,
}

/// The file side of a document: what a save needs besides the words.
#[derive(Debug)]
struct Disk {
    path: PathBuf,
    /// The open, locked `PATH.lock`; dropping it releases the lock.
    lock: Mutex<Option<File>>,
    /// Where each save leaves a dated copy (`<home>/backups/<stem>/`).
    backups: Option<backups::Place>,
    /// The version of the file this document last read or wrote, so a save
    /// need not read and parse the file again to know it is safe to
    /// replace (see [`write_assessment`]). A lock, not a cell: saves come
    /// from the saver thread as well as from the document's own.
    on_disk: Mutex<Option<Known>>,
    /// What the last save whose text was checked held, so the next checks
    /// only what changed (see the `readback` module).
    checked: Mutex<Option<Checked>>,
}

/// What a document would write, copied on the UI thread so it can be
/// written on another ([`crate::store::Saver`]) while the user goes on.
/// Each snapshot is the whole document: writing only the latest of several
/// loses nothing.
#[derive(Debug)]
pub struct Snapshot {
    disk: Arc<Disk>,
    assessment: Assessment,
}

impl Snapshot {
    /// Write it, as [`Document::save_reporting`] does.
    pub fn write(&self) -> io::Result<Saved> {
        self.disk.save(&self.assessment)
    }
}

/// A version of the file on disk that this process read or wrote itself,
/// so it is known to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Known {
    stamp: Stamp,
    /// [`durable::content_hash`] of those bytes: a file whose stamp moved
    /// but which still holds them is still this version.
    hash: u64,
    /// The newest dated backup holds exactly these bytes (this process's
    /// last save made it), so the next save need not read them to keep them.
    backed_up: bool,
}

/// What a successful [`Document::save_reporting`] did.
#[derive(Debug)]
pub struct Saved {
    /// False when the file already held exactly these words, so nothing
    /// was written (and no backup made).
    pub written: bool,
    /// The dated backup of what was written, or why none could be made: the
    /// save itself succeeded either way, and `FILE.bak` was kept. `None`
    /// when nothing was written or the document keeps no dated backups.
    pub backup: Option<io::Result<PathBuf>>,
}

#[derive(Debug)]
pub enum OpenError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
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

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OpenError::Io { source, .. } => Some(source),
            OpenError::Parse { at, .. } => Some(at),
            OpenError::Invalid { .. } => None,
        }
    }
}

impl Document {
    /// Write the assessment back to its file (see [`save_assessment`]),
    /// and leave a dated backup of what was written in the home's backups
    /// folder (old ones are pruned). Refused, with
    /// [`io::ErrorKind::PermissionDenied`], when the document was opened
    /// read-only. A dated backup that cannot be made does not fail the save:
    /// [`Document::save_reporting`] says so.
    pub fn save(&mut self) -> io::Result<()> {
        self.save_reporting().map(|_| ())
    }

    /// [`Document::save`], saying whether anything was written and how the
    /// dated backup went.
    pub fn save_reporting(&mut self) -> io::Result<Saved> {
        if let Some(refusal) = self.refusal() {
            return Err(refusal);
        }
        let created = self.spill_closed();
        let saved = self.disk.save(&self.assessment);
        if saved.is_err() && !created.is_empty() {
            earlier::unspill(&mut self.assessment, &self.path, &created);
        }
        saved
    }

    /// How many snapshots of this document are alive, plus one for it.
    #[cfg(test)]
    pub(crate) fn disk_handles(&self) -> usize {
        Arc::strong_count(&self.disk)
    }

    /// A copy of what [`Document::save`] would write, to write later or on
    /// another thread; refused as a save would be when it is read-only.
    /// Only the assessment file's part is copied: closed reviews already
    /// in files of their own are not.
    pub fn snapshot(&mut self) -> io::Result<Snapshot> {
        if let Some(refusal) = self.refusal() {
            return Err(refusal);
        }
        self.spill_closed();
        Ok(Snapshot {
            disk: Arc::clone(&self.disk),
            assessment: self.assessment.file_part(),
        })
    }

    /// Move closed reviews the assessment file still holds into files of
    /// their own. A failure leaves them where they are, which is as safe,
    /// and they are tried again on the next save.
    fn spill_closed(&mut self) -> Vec<PathBuf> {
        if self.assessment.inline_reviews().len() > 1 {
            earlier::spill(&self.path, &mut self.assessment, self.disk.backups.as_ref())
                .unwrap_or_default()
        } else {
            Vec::new()
        }
    }

    /// Whether the closed reviews are still being read.
    pub fn earlier_loading(&self) -> bool {
        matches!(self.earlier, Earlier::Loading(_))
    }

    /// Why the closed reviews could not be read, if they could not.
    pub fn earlier_failed(&self) -> Option<&str> {
        match &self.earlier {
            Earlier::Failed(why) => Some(why),
            _ => None,
        }
    }

    /// Take in the closed reviews once they are read: at once if they
    /// are (or, with `wait`, once they are), else `None`. Also `None` when
    /// they were taken in before or failed before.
    pub fn take_earlier(&mut self, wait: bool) -> Option<Arrived> {
        let Earlier::Loading(thread) = &self.earlier else {
            return None;
        };
        if !wait && !thread.is_finished() {
            return None;
        }
        let Earlier::Loading(thread) = std::mem::replace(&mut self.earlier, Earlier::Loaded) else {
            unreachable!("checked above")
        };
        let loaded = thread.join().unwrap_or_else(|_| {
            Err(OpenError::Invalid {
                path: self.path.clone(),
                message: "reading the closed reviews stopped unexpectedly (a defect in reflect)"
                    .into(),
            })
        });
        // A level the framework's scale lacks, in a closed review's own
        // file, is an error there, as it is when every review is read at
        // once: located on a copy, only when there is one.
        let loaded = loaded.and_then(|reviews| {
            let off = self.assessment.framework.version == self.framework.version
                && reviews
                    .iter()
                    .any(|r| crate::model::migrate::off_scale(&self.framework, r).is_some());
            if off {
                let mut probe = self.assessment.clone();
                probe.attach_earlier(reviews.clone());
                check_levels(&self.path, &probe, &self.framework)?;
            }
            Ok(reviews)
        });
        match loaded {
            Ok(reviews) => {
                self.assessment.attach_earlier(reviews);
                Some(self.migrate_earlier())
            }
            Err(e) => {
                let why = format!("closed reviews not read: {e}");
                self.earlier = Earlier::Failed(why.clone());
                Some(Arrived {
                    message: Some(why),
                    changed: false,
                })
            }
        }
    }

    /// Read the closed reviews now if they are not in yet (for commands
    /// that need every review). An error says why they cannot be.
    pub fn load_earlier_now(&mut self) -> Result<Option<Arrived>, String> {
        let arrived = self.take_earlier(true);
        match self.earlier_failed() {
            Some(why) => Err(why.to_owned()),
            None => Ok(arrived),
        }
    }

    /// Bring the closed reviews just taken in up to date with the
    /// framework, as opening did the rest.
    fn migrate_earlier(&mut self) -> Arrived {
        let migration = migrate(&mut self.assessment, &self.framework);
        if !migration.changed {
            return Arrived {
                message: None,
                changed: false,
            };
        }
        let described = migration
            .describe()
            .unwrap_or_else(|| "brought up to date with the framework".into());
        let message = if self.read_only.is_some() {
            format!("Closed reviews {described} (not saved: open read-only).")
        } else {
            match earlier::rewrite(&self.path, &self.assessment, self.disk.backups.as_ref()) {
                Ok(()) => format!("Closed reviews {described}."),
                Err(e) => format!("Closed reviews {described} (not saved: {e})."),
            }
        };
        Arrived {
            message: Some(message),
            changed: true,
        }
    }

    /// Where this document's dated backups go (`None` for a detached one).
    pub fn backups_dir(&self) -> Option<&Path> {
        self.disk.backups.as_ref().map(|place| place.dir.as_path())
    }

    /// Why this document may not be saved, as the error a save returns.
    fn refusal(&self) -> Option<io::Error> {
        match &self.read_only {
            None => None,
            Some(ReadOnly::Newer { found }) => Some(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{}: not saved: written by a newer reflect (schema {found}; this reflect \
                     writes schema {SCHEMA_VERSION}), so it is open read-only",
                    self.path.display()
                ),
            )),
            Some(ReadOnly::Locked) => Some(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{}: not saved: another reflect has it open, so it is open read-only here",
                    self.path.display()
                ),
            )),
            Some(ReadOnly::Unlockable { why }) => Some(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{}: not saved: its lock cannot be taken ({why}), so it is open read-only",
                    self.path.display()
                ),
            )),
        }
    }

    /// A document that holds no lock and is writable, for tests and
    /// previews: nothing stops another reflect opening the same file.
    pub fn detached(
        path: impl Into<PathBuf>,
        assessment: Assessment,
        framework: Framework,
    ) -> Self {
        let path = path.into();
        Document {
            path: path.clone(),
            assessment,
            framework,
            read_only: None,
            migration: None,
            migration_unsaved: None,
            disk: Arc::new(Disk {
                path: path.clone(),
                lock: Mutex::new(None),
                backups: None,
                on_disk: Mutex::new(None),
                checked: Mutex::new(None),
            }),
            earlier: Earlier::Loaded,
            home: None,
        }
    }

    /// The home it was opened from (`None` for a detached document).
    pub fn home(&self) -> Option<&Home> {
        self.home.as_ref()
    }

    /// Open read-only because another reflect had the file: has that one
    /// let go of it now?
    pub fn lock_freed(&self) -> bool {
        matches!(self.read_only, Some(ReadOnly::Locked)) && lock::is_free(&self.path)
    }

    /// True while this document holds its file's lock.
    pub fn holds_lock(&self) -> bool {
        self.disk
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Check that the lock this document holds is still `PATH.lock` on
    /// disk: a lock file removed or replaced by hand no longer keeps
    /// another reflect out. When it is not, take the lock again on a new
    /// lock file. `None`: all is well (or this document holds no lock);
    /// otherwise what happened, for the user: `Ok` if the lock is held
    /// again, `Err` if another reflect took it meanwhile (this document is
    /// then read-only, and its unsaved changes must go elsewhere).
    pub fn check_lock(&mut self) -> Option<Result<String, String>> {
        let mut held = self
            .disk
            .lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let file = held.as_ref()?;
        let lock_path = lock::lock_path(&self.path);
        if lock::still_in_place(file, &lock_path) {
            return None;
        }
        *held = None;
        match lock::try_lock(&self.path) {
            Ok(Some(new)) => {
                *held = Some(new);
                Some(Ok(format!(
                    "The lock file {} was removed by another program; reflect made it again.",
                    lock_path.display()
                )))
            }
            Ok(None) => {
                self.read_only = Some(ReadOnly::Locked);
                Some(Err(format!(
                    "The lock file {} was removed by another program, and another reflect has \
                     opened the file since: this one is now read-only.",
                    lock_path.display()
                )))
            }
            Err(e) => Some(Err(format!(
                "The lock file {} was removed by another program and cannot be made again \
                 ({e}): another reflect could open the file too.",
                lock_path.display()
            ))),
        }
    }

    /// Keep what this document holds in a new conflict copy,
    /// `<stem>.conflict-<time>.ron` beside the file (else where a rescue
    /// copy would go), and say where. The copy names closed reviews as the
    /// assessment does, relative to its folder.
    ///
    /// `at`: a conflict copy this document wrote before, to write again in
    /// place (atomically), so its name stays the one the user was told.
    pub fn write_conflict_copy(&self, home: &Home, at: Option<&Path>) -> io::Result<PathBuf> {
        let text = to_ron(&self.assessment.file_part()).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: cannot write as RON: {e}", self.path.display()),
            )
        })?;
        match at {
            Some(at) => durable::write_atomic(at, text.as_bytes())
                .map(|()| at.to_path_buf())
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", at.display()))),
            None => backups::copy_beside(home, &self.path, text.as_bytes(), "conflict"),
        }
    }

    /// "Keep mine" after a conflict: keep what the file on disk holds now
    /// (another program's version) in a new conflict copy, and take that
    /// version as the one this document last read, so the next save writes
    /// over it (keeping it as `.bak` and as a found dated backup too).
    /// `Ok(None)`: there is no file on disk any more, nothing to keep.
    pub fn set_theirs_aside(&mut self, home: &Home) -> io::Result<Option<PathBuf>> {
        let target = durable::write_target(&self.path)?;
        let (bytes, stamp) = match durable::read_stamped(&target) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("{}: cannot read it: {e}", self.path.display()),
                ));
            }
        };
        let copy = backups::copy_beside(home, &self.path, &bytes, "conflict")?;
        let mut on_disk = self
            .disk
            .on_disk
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Changed again while it was read: the next save sees a conflict again.
        *on_disk = stamp.map(|stamp| Known {
            stamp,
            hash: durable::content_hash(&bytes),
            backed_up: false,
        });
        Ok(Some(copy))
    }

    /// Whether another program changed the file since this document last
    /// read or wrote it (see [`write_assessment`]): what a save would find,
    /// and what a read-only document looks for to show the newer version.
    pub fn changed_on_disk(&self) -> bool {
        let Some(known) = *self
            .disk
            .on_disk
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
        else {
            return false;
        };
        let Ok(target) = durable::write_target(&self.path) else {
            return false;
        };
        if Stamp::at(&target) == Some(known.stamp) {
            return false;
        }
        match durable::read_stamped(&target) {
            Ok((bytes, _)) => durable::content_hash(&bytes) != known.hash,
            Err(_) => false,
        }
    }
}

impl Disk {
    /// Write `assessment` here (see [`write_assessment`]), leave a dated
    /// backup of what was written, and remember the version now on disk.
    fn save(&self, assessment: &Assessment) -> io::Result<Saved> {
        let mut on_disk = self.on_disk.lock().unwrap_or_else(PoisonError::into_inner);
        let mut checked = self.checked.lock().unwrap_or_else(PoisonError::into_inner);
        let (written, now, hash) = write_assessment(
            &self.path,
            assessment,
            *on_disk,
            self.backups.is_some(),
            Some(&mut checked),
        )?;
        let backup = match (&written, &self.backups) {
            (Some(written), Some(place)) => Some(backups::after_save(place, written)),
            _ => None,
        };
        let before = *on_disk;
        *on_disk = now.map(|stamp| Known {
            stamp,
            hash,
            backed_up: match &backup {
                Some(made) => made.is_ok(),
                // Nothing written: the file is as it was, and if it is the
                // version the last save backed up, it still is backed up.
                None => {
                    written.is_none() && before.is_some_and(|k| k.stamp == stamp && k.backed_up)
                }
            },
        });
        Ok(Saved {
            written: written.is_some(),
            backup,
        })
    }
}

/// Only the schema number: read before anything else, so a file from a
/// newer reflect is recognised even when the rest of it has changed shape.
#[derive(Deserialize)]
struct Probe {
    schema: u32,
}

/// Load and check an assessment file, and the closed reviews it keeps in
/// files of their own, without locking it.
pub fn load_assessment(path: &Path) -> Result<Assessment, OpenError> {
    let mut assessment = load_main(path)?;
    if !assessment.complete() {
        let reviews = earlier::load_earlier(path, &assessment.earlier)?;
        assessment.attach_earlier(reviews);
    }
    Ok(assessment)
}

/// An error at the first level the assessment at `path` records that
/// `framework`'s scale does not have, when the assessment was made against
/// this very version of the framework (the file was edited by hand, or is
/// damaged): `PATH:LINE:COL` of that level, in the assessment or in the
/// closed review's own file. Levels a changed framework no longer has are
/// not errors: [`migrate`] archives them.
///
/// The file is read again only to say where: a good file costs nothing.
pub fn check_levels(
    path: &Path,
    assessment: &Assessment,
    framework: &Framework,
) -> Result<(), OpenError> {
    use crate::format::outline::locate;
    use crate::model::migrate::{OffScaleField, off_scale};
    use crate::model::validate::{Issue, Seg};
    if assessment.framework.version != framework.version {
        return Ok(());
    }
    // Reviews from closed reviews' own files come first, when read.
    let from_files = if assessment.complete() {
        assessment.earlier.len()
    } else {
        0
    };
    for (i, review) in assessment.reviews.iter().enumerate() {
        let Some(off) = off_scale(framework, review) else {
            continue;
        };
        let (file, mut at) = match i.checked_sub(from_files) {
            Some(inline) => (
                path.to_path_buf(),
                vec![Seg::Field("reviews"), Seg::Index(inline)],
            ),
            None => (
                earlier::earlier_path(path, &assessment.earlier[i].file),
                vec![Seg::Field("review")],
            ),
        };
        at.extend([
            Seg::Field("marks"),
            Seg::Value(off.standard.to_owned()),
            Seg::Value(off.stage.to_owned()),
        ]);
        let whose = match off.field {
            OffScaleField::Rating => {
                at.push(Seg::Field("rating"));
                String::new()
            }
            OffScaleField::Agreed => {
                at.push(Seg::Field("agreed"));
                "agreed ".to_owned()
            }
            OffScaleField::Other(id) => {
                at.extend([
                    Seg::Field("others"),
                    Seg::Value(id.to_owned()),
                    Seg::Field("rating"),
                ]);
                format!("{id}'s ")
            }
        };
        let levels: Vec<String> = framework
            .scale
            .levels
            .iter()
            .map(|l| l.value.to_string())
            .collect();
        let message = format!(
            "{whose}level {} of \"{}\" at stage \"{}\" is not on the framework's scale \
             ({}, or NotApplicable)",
            off.level,
            off.standard,
            off.stage,
            levels.join(", ")
        );
        let text = fs::read(&file).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let found = locate(
            text,
            vec![Issue {
                at,
                message: message.clone(),
                first: None,
            }],
        );
        let (line, col) = found.first().map_or((1, 1), |p| (p.line, p.col));
        return Err(OpenError::Parse {
            path: file,
            at: Located { line, col, message },
        });
    }
    Ok(())
}

/// Load and check an assessment file alone: the closed reviews in files
/// of their own are not read (`complete()` is false if there are any).
pub fn load_main(path: &Path) -> Result<Assessment, OpenError> {
    load_stamped(path).map(|(assessment, _)| assessment)
}

/// [`load_assessment`], with the stamp of the version loaded (`None` if
/// the file changed while it was read).
fn load_stamped(path: &Path) -> Result<(Assessment, Option<Stamp>), OpenError> {
    let (bytes, stamp) = durable::read_stamped(path).map_err(|source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((check_assessment(path, &bytes)?, stamp))
}

/// The checks of [`load_assessment`] on a file's bytes.
pub(super) fn check_assessment(path: &Path, bytes: &[u8]) -> Result<Assessment, OpenError> {
    let invalid = |message: String| OpenError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let assessment: Assessment = parse_file(path, bytes)?;
    for earlier in &assessment.earlier {
        if let Err(message) = earlier::check_file_name(path, &earlier.file) {
            let text = String::from_utf8_lossy(bytes);
            let (line, col) = locate_file_entry(&text, &earlier.file);
            return Err(OpenError::Parse {
                path: path.to_path_buf(),
                at: Located { line, col, message },
            });
        }
    }
    if assessment.schema == 0 {
        return Err(invalid(format!(
            "schema 0 is not a schema reflect has ever written (this reflect reads 1 to {SCHEMA_VERSION})"
        )));
    }
    if assessment.reviews.is_empty() {
        return Err(invalid(
            "no reviews: an assessment needs at least one review (`reviews: [...]`), the last \
             being the current one"
                .into(),
        ));
    }
    Ok(assessment)
}

/// Where in an assessment's text the `file:` entry naming `file` is, as
/// line and column (1-based): the first `file:` whose string starts with
/// it, else the `earlier:` list, else the start.
pub(super) fn locate_file_entry(text: &str, file: &str) -> (usize, usize) {
    let at = text
        .match_indices("file:")
        .map(|(i, _)| i)
        .find(|&i| {
            let rest = text[i + 5..].trim_start();
            let rest = rest.trim_start_matches('r').trim_start_matches('#');
            rest.strip_prefix('"').is_some_and(|r| r.starts_with(file))
        })
        .or_else(|| text.find("earlier:"))
        .unwrap_or(0);
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// A file of reflect's written as `T` (an assessment, a closed review):
/// UTF-8 text, a byte-order mark allowed, and RON that reads as `T`. When
/// it does not read, a file whose `schema` is newer than ours says so
/// rather than where the parse failed.
pub(super) fn parse_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
) -> Result<T, OpenError> {
    let parse_error = |at| OpenError::Parse {
        path: path.to_path_buf(),
        at,
    };
    let text = utf8(bytes).map_err(parse_error)?;
    // Windows editors may add a byte-order mark; it carries no words.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The schema is probed alone only when the full parse fails: the
    // outcome is the same as probing first, and a save (which checks the
    // file on disk) parses once less.
    parse_ron::<T>(text).map_err(|at| match parse_ron::<Probe>(text).map(|p| p.schema) {
        Ok(found) if found > SCHEMA_VERSION => OpenError::Invalid {
            path: path.to_path_buf(),
            message: format!(
                "written by a newer reflect (schema {found}); this reflect reads schemas up to \
                 {SCHEMA_VERSION}: update reflect to open it"
            ),
        },
        _ => parse_error(at),
    })
}

/// `bytes` as text, or where the first byte that is not UTF-8 is.
fn utf8(bytes: &[u8]) -> Result<&str, Located> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let line_start = good.rfind('\n').map_or(0, |i| i + 1);
        Located {
            line: good.matches('\n').count() + 1,
            col: good[line_start..].chars().count() + 1,
            message: "not valid UTF-8 text (save the file as UTF-8)".into(),
        }
    })
}

/// Open an assessment for the app: load it, find its framework (bundled or
/// in `<home>/frameworks`), take the lock, and bring it up to date with the
/// framework ([`migrate`]), saving the result (the version before is kept
/// as `PATH.bak`) unless it is open read-only.
pub fn open(home: &Home, path: &Path) -> Result<Document, OpenError> {
    // Opened through a symbolic link: the real file, once, so its closed
    // reviews, lock and `.bak` are found and written beside it.
    let real;
    let path = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            real = fs::canonicalize(path).map_err(|source| OpenError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            real.as_path()
        }
        _ => path,
    };
    let (bytes, loaded) = durable::read_stamped(path).map_err(|source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // The framework is named at the top of the file: find it on another
    // thread while this one parses the rest (a framework of 10,000
    // standards takes a quarter of the time the assessment does).
    let named = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| peek_field::<FrameworkRef>(text, "framework"));
    let (parsed, found) = std::thread::scope(|scope| {
        let finding = named.map(|named| {
            let id = named.id.clone();
            (named.id, scope.spawn(move || find_framework(home, &id)))
        });
        let parsed = check_assessment(path, &bytes);
        (parsed, finding.map(|(id, finder)| (id, finder.join())))
    });
    let mut assessment = parsed?;
    let mut on_disk = loaded.map(|stamp| Known {
        stamp,
        hash: durable::content_hash(&bytes),
        backed_up: false,
    });
    let framework = match found {
        Some((id, Ok(found))) if id == assessment.framework.id => found,
        _ => find_framework(home, &assessment.framework.id),
    }
    .map_err(|message| OpenError::Invalid {
        path: path.to_path_buf(),
        message,
    })?;
    // A lock that cannot be taken (a read-only folder, a lock path that
    // is not a file) opens the file read-only rather than not at all.
    let (lock, unlockable) = match lock::try_lock(path) {
        Ok(lock) => (lock, None),
        Err(e) => (None, Some(e.to_string())),
    };
    let read_only = if assessment.schema > SCHEMA_VERSION {
        Some(ReadOnly::Newer {
            found: assessment.schema,
        })
    } else if let Some(why) = unlockable {
        Some(ReadOnly::Unlockable { why })
    } else if lock.is_none() {
        Some(ReadOnly::Locked)
    } else {
        None
    };
    let place = backups::Place::new(home, path);
    // A new framework version may rename or remove standards the closed
    // reviews rate: read them now, so they move with the rest, once.
    let version_changed = assessment.framework.version != framework.version;
    if version_changed && !assessment.complete() {
        let reviews = earlier::load_earlier(path, &assessment.earlier)?;
        assessment.attach_earlier(reviews);
    }
    check_levels(path, &assessment, &framework)?;
    let migration = Some(migrate(&mut assessment, &framework)).filter(|m| m.changed);
    if migration.is_some() && version_changed && read_only.is_none() {
        earlier::rewrite(path, &assessment, Some(&place)).map_err(|source| OpenError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    }
    // A file from before closed reviews had files of their own moves them
    // there now (the version before is kept as `.bak` and a dated backup).
    let spilled = match read_only {
        None => earlier::spill(path, &mut assessment, Some(&place)).map_or(0, |c| c.len()),
        Some(_) => 0,
    };
    let migration_unsaved = match (&migration, &read_only) {
        (None, _) if spilled == 0 => None,
        (_, None) => write_assessment(path, &assessment, on_disk, true, None)
            .map(|(written, now, hash)| {
                // The version from before the migration goes to the dated
                // backups too, not only to `.bak` until the next save.
                let backed_up =
                    written.is_some_and(|written| backups::after_save(&place, &written).is_ok());
                on_disk = now.map(|stamp| Known {
                    stamp,
                    hash,
                    backed_up,
                });
            })
            .err()
            .map(|e| e.to_string()),
        (_, Some(ReadOnly::Locked)) => {
            Some("another reflect has it open, so it is open read-only here".into())
        }
        (_, Some(ReadOnly::Newer { .. })) => {
            Some("written by a newer reflect, so it is open read-only".into())
        }
        (_, Some(ReadOnly::Unlockable { why })) => Some(format!(
            "its lock cannot be taken ({why}), so it is open read-only"
        )),
    };
    if read_only.is_none() {
        // A reflect killed mid-save leaves a temporary file; ours now.
        durable::remove_stale_temporaries(path);
        earlier::remove_stale_temporaries(path);
    }
    // A convenience: failing to remember it must not stop the user working.
    let _ = home.set_recent(path);
    // The closed reviews are read while the first frame is drawn.
    let earlier = if assessment.complete() {
        Earlier::Loaded
    } else {
        let (main, refs) = (path.to_path_buf(), assessment.earlier.clone());
        match std::thread::Builder::new()
            .name("reflect-earlier".into())
            .spawn(move || earlier::load_earlier(&main, &refs))
        {
            Ok(thread) => Earlier::Loading(thread),
            Err(_) => match earlier::load_earlier(path, &assessment.earlier) {
                Ok(reviews) => {
                    assessment.attach_earlier(reviews);
                    Earlier::Loaded
                }
                Err(e) => Earlier::Failed(format!("closed reviews not read: {e}")),
            },
        }
    };
    Ok(Document {
        path: path.to_path_buf(),
        assessment,
        framework,
        read_only,
        migration,
        migration_unsaved,
        disk: Arc::new(Disk {
            path: path.to_path_buf(),
            lock: Mutex::new(lock),
            backups: Some(place),
            on_disk: Mutex::new(on_disk),
            checked: Mutex::new(None),
        }),
        earlier,
        home: Some(home.clone()),
    })
}

/// Check that the assessment at `path` would open, as [`open`] checks it
/// (it reads, its framework is known, its levels are on the scale), and
/// do nothing else: no lock, no migration, nothing written or remembered.
pub fn probe(home: &Home, path: &Path) -> Result<(), OpenError> {
    let assessment = load_main(path)?;
    let framework =
        find_framework(home, &assessment.framework.id).map_err(|message| OpenError::Invalid {
            path: path.to_path_buf(),
            message,
        })?;
    check_levels(path, &assessment, &framework)
}

/// The framework an assessment refers to, or a message naming the known ones.
fn find_framework(home: &Home, id: &str) -> Result<Framework, String> {
    match Catalog::find(home, id) {
        Ok(Some(framework)) => Ok(framework),
        Ok(None) => Err(format!(
            "uses framework \"{id}\", which this reflect does not know (it knows: {}; custom \
             frameworks go in {})",
            Catalog::known_ids(home).join(", "),
            home.frameworks_dir().display()
        )),
        Err(e) => Err(format!("uses {e}")),
    }
}

/// Durably and atomically write `assessment` to `path`, keeping the previous version as `PATH.bak`.
///
/// Refuses (and leaves the file alone) when the assessment is from a newer
/// reflect, or when the file on disk no longer loads (broken by hand, or
/// replaced by a newer reflect): the error says why. The text is read back
/// before writing, so a value that would not survive the trip is never
/// written. Saving unchanged content writes nothing.
///
/// This function remembers nothing between calls, so it reads and checks
/// the whole file on disk every time; [`Document::save`] does that only
/// when the file changed since the document last read or wrote it.
pub fn save_assessment(path: &Path, assessment: &Assessment) -> std::io::Result<()> {
    write_assessment(path, assessment, None, false, None).map(drop)
}

/// What [`write_assessment`] wrote, and what it replaced.
pub(super) struct Written {
    /// The bytes the file held before, if it existed and they may not be
    /// in the dated backups yet (`None` also when the newest dated backup
    /// is known to hold them: see [`Known::backed_up`]).
    pub previous: Option<Vec<u8>>,
    /// When those were last written.
    pub previous_modified: Option<SystemTime>,
    /// What the file holds now.
    pub text: String,
}

/// [`save_assessment`], returning what was written (`None`: the file
/// already held exactly this, so nothing was), the stamp of what the file
/// holds afterwards, where that is certain, and the hash of what it holds.
///
/// `known` is the version of the file this process last read or wrote. If
/// the file on disk is still exactly that version (the same [`Stamp`]), it
/// is known to read and is not read and parsed again, which at 10,000
/// standards is 45 MB and a third of a second. Anything else that touched
/// the file (an editor, a copy, a sync tool, a `chmod`) changes its stamp,
/// and then it is read: if it still holds the bytes of `known` (the same
/// [`durable::content_hash`]) it is that version still; if not, another
/// program wrote it since, and it is never written over: the error is a
/// [`ChangedOnDisk`] ([`is_changed_on_disk`]). Without `known` (nothing
/// read or written before), the file is read and checked as any file
/// is. `dated`: the caller
/// keeps dated backups, so it needs the bytes the file held unless `known`
/// says the newest dated backup has them already.
fn write_assessment(
    path: &Path,
    assessment: &Assessment,
    known: Option<Known>,
    dated: bool,
    checked: Option<&mut Option<Checked>>,
) -> io::Result<(Option<Written>, Option<Stamp>, u64)> {
    if assessment.schema > SCHEMA_VERSION {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{}: not saved: written by a newer reflect (schema {}); this reflect writes \
                 schema {SCHEMA_VERSION} and never saves over a newer file",
                path.display(),
                assessment.schema
            ),
        ));
    }
    let target = durable::write_target(path)?;
    let trusted = known.filter(|k| Stamp::at(&target) == Some(k.stamp));
    // What the file holds now, where it was read, and the stamp of that.
    let (mut previous, mut previous_stamp) = match (trusted, known) {
        (Some(_), _) => (None, None),
        (None, Some(known)) => read_unless_changed(path, &target, known)?,
        (None, None) => read_and_check(path, &target)?,
    };
    let text = to_ron(assessment).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{}: not saved: cannot write the assessment as RON: {e}",
                path.display()
            ),
        )
    })?;
    if !readback::reads_back(&text, assessment, checked) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{}: not saved: the assessment would not read back as it is (a defect in \
                 reflect; please report it)",
                path.display()
            ),
        ));
    }
    if let Some(known) = trusted
        && (text.len() as u64 == known.stamp.len || (dated && !known.backed_up))
    {
        // The bytes are needed after all: to see whether they are these
        // (a different length cannot be), or to keep them in the dated backups.
        (previous, previous_stamp) = match durable::read_stamped(&target) {
            Ok((bytes, Some(stamp))) if stamp == known.stamp => (Some(bytes), Some(stamp)),
            // Changed since the look above: the same check again.
            _ => read_unless_changed(path, &target, known)?,
        };
    }
    let hash = durable::content_hash(text.as_bytes());
    if previous.as_deref() == Some(text.as_bytes()) && durable::has_file_mode(&target) {
        return Ok((None, previous_stamp, hash));
    }
    let previous_modified = previous
        .as_ref()
        .and_then(|_| fs::metadata(&target).ok()?.modified().ok());
    let stamp = durable::replace(&target, text.as_bytes(), previous.as_deref())?;
    Ok((
        Some(Written {
            previous,
            previous_modified,
            text,
        }),
        stamp,
        hash,
    ))
}

/// A save found that the file was changed on disk by another program
/// since this reflect last read or wrote it, and did not write over it.
#[derive(Debug)]
pub struct ChangedOnDisk {
    pub path: PathBuf,
}

impl fmt::Display for ChangedOnDisk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: not saved: another program changed the file since reflect read it, so \
             reflect will not write over it",
            self.path.display()
        )
    }
}

impl std::error::Error for ChangedOnDisk {}

/// Is this the error of a save that found the file changed by another program?
pub fn is_changed_on_disk(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<ChangedOnDisk>())
}

/// The bytes of the file a save is about to replace and their stamp;
/// `None` when there is no file.
fn read_on_disk(path: &Path, target: &Path) -> io::Result<Option<(Vec<u8>, Option<Stamp>)>> {
    match durable::read_stamped(target) {
        Ok(read) => Ok(Some(read)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!(
                "{}: not saved: cannot read the file on disk: {e}",
                path.display()
            ),
        )),
    }
}

/// The file a save is about to replace, whose stamp is no longer that of
/// `known`: its bytes (and their stamp) if it still holds `known`'s bytes,
/// `(None, None)` if it is gone (deleted: writing it again loses nothing),
/// and a [`ChangedOnDisk`] error if anything else is there now.
fn read_unless_changed(
    path: &Path,
    target: &Path,
    known: Known,
) -> io::Result<(Option<Vec<u8>>, Option<Stamp>)> {
    let Some((bytes, stamp)) = read_on_disk(path, target)? else {
        return Ok((None, None));
    };
    if durable::content_hash(&bytes) == known.hash {
        Ok((Some(bytes), stamp))
    } else {
        Err(io::Error::other(ChangedOnDisk {
            path: path.to_path_buf(),
        }))
    }
}

/// Read the file a save is about to replace, and refuse to replace it if
/// it no longer reads or is from a newer reflect. `(None, None)` when there
/// is no file; otherwise its bytes, and their stamp if the file did not
/// change while it was read.
fn read_and_check(path: &Path, target: &Path) -> io::Result<(Option<Vec<u8>>, Option<Stamp>)> {
    let Some((bytes, stamp)) = read_on_disk(path, target)? else {
        return Ok((None, None));
    };
    #[cfg(test)]
    tests::CHECKS.with(|n| n.set(n.get() + 1));
    match check_assessment(path, &bytes) {
        Err(e) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{e}\n(not saved: the file on disk no longer reads, so reflect will not \
                 write over it; fix it, or move it away and save again)"
            ),
        )),
        Ok(on_disk) if on_disk.schema > SCHEMA_VERSION => Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{}: not saved: the file on disk was written by a newer reflect \
                 (schema {}); this reflect never saves over a newer file",
                path.display(),
                on_disk.schema
            ),
        )),
        Ok(_) => Ok((Some(bytes), stamp)),
    }
}

/// Create a new assessment file (never over an existing one) and return its path.
pub fn new_assessment(
    home: &Home,
    framework: &Framework,
    name: &str,
    role: &str,
    file: Option<&Path>,
) -> anyhow::Result<PathBuf> {
    // One spelling of each name: an accent typed as one character or as a
    // letter and a combining mark is the same name, file name included.
    let name: String = name.trim().nfc().collect();
    let name = name.as_str();
    let role: String = role.trim().nfc().collect();
    if name.is_empty() {
        bail!("a name is needed for a new assessment");
    }
    if let Some(file) = file {
        leaves_room_for_side_files(file)?;
    }
    home.ensure()
        .with_context(|| format!("cannot set up the home folder {}", home.root().display()))?;
    let today = jiff::Zoned::now().date();
    let assessment = Assessment::new(
        FrameworkRef {
            id: framework.id.clone(),
            version: framework.version.clone(),
        },
        Person {
            name: name.to_owned(),
            role,
            organisation: String::new(),
        },
        Review::new(today.strftime("%B %Y review").to_string(), today),
    );
    let text = to_ron(&assessment).context("cannot write the new assessment as RON")?;

    if let Some(file) = file {
        if fs::symlink_metadata(file).is_ok() {
            bail!(
                "{} already exists; reflect never writes over an existing file",
                file.display()
            );
        }
        let backup = durable::backup_path(file);
        if fs::symlink_metadata(&backup).is_ok() {
            bail!(
                "{} exists (the backup of an earlier assessment); move it away or choose \
                 another file",
                backup.display()
            );
        }
        durable::create_new(file, text.as_bytes()).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                anyhow::anyhow!(
                    "{} already exists; reflect never writes over an existing file",
                    file.display()
                )
            } else {
                anyhow::anyhow!("cannot create {}: {e}", file.display())
            }
        })?;
        return Ok(file.to_path_buf());
    }

    let dir = home.assessments_dir();
    let stem = slug(name);
    for n in 1..=9999 {
        let path = match n {
            1 => dir.join(format!("{stem}.ron")),
            n => dir.join(format!("{stem}-{n}.ron")),
        };
        leaves_room_for_side_files(&path)?;
        // A leftover backup means the name was used: its words stay untouched.
        if fs::symlink_metadata(durable::backup_path(&path)).is_ok() {
            continue;
        }
        match durable::create_new(&path, text.as_bytes()) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => bail!("cannot create {}: {e}", path.display()),
        }
    }
    bail!(
        "cannot find a free file name for \"{name}\" in {}",
        dir.display()
    )
}

/// The most a file name may have, in bytes, on the usual file systems.
const NAME_MAX: usize = 255;

/// How many bytes the longest name reflect gives a file of its own beside
/// an assessment adds to the assessment's name: the temporary file a
/// conflict copy is first written to,
/// `.NAME.conflict-2026-11-22T17-03-41.123Z-100.ron.PID-N.tmp`, with the
/// widest process id and counter. `.bak`, `.lock`, the temporary files of
/// saves, rescue copies and dated backups are all shorter.
const SIDE_NAME_ROOM: usize = ".".len()
    + ".conflict-".len()
    + "2026-11-22T17-03-41.123Z".len()
    + "-100".len()
    + ".ron".len()
    + ".".len()
    + "4294967295".len()
    + "-".len()
    + "18446744073709551615".len()
    + ".tmp".len();

/// An error unless every side file of an assessment at `path` (`.bak`,
/// `.lock`, temporary, rescue and conflict copies) can have its name:
/// names longer than [`NAME_MAX`] cannot be created, so a save, a rescue
/// or a conflict copy would fail later, when it matters.
fn leaves_room_for_side_files(path: &Path) -> anyhow::Result<()> {
    let Some(name) = path.file_name() else {
        bail!("{}: not a file name", path.display());
    };
    let len = name.as_encoded_bytes().len();
    if len + SIDE_NAME_ROOM > NAME_MAX {
        bail!(
            "{}: the file name is too long ({len} bytes): reflect keeps files beside it \
             (.bak, .lock, temporary, rescue and conflict copies) whose names are up to \
             {SIDE_NAME_ROOM} bytes longer, and a name may have at most {NAME_MAX} bytes; \
             choose a name of at most {} bytes",
            path.display(),
            NAME_MAX - SIDE_NAME_ROOM
        );
    }
    Ok(())
}

/// A file name stem for a person's name: lower case, anything but letters
/// and digits as single `-` ("Jane O'Neill" -> "jane-o-neill").
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    // Keep file names well within the usual 255-byte limit.
    let mut end = slug.len().min(80);
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    slug.truncate(end);
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "assessment".to_owned()
    } else {
        slug.to_owned()
    }
}

/// An assessment file found in the home folder.
#[derive(Debug)]
pub struct Listed {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    pub assessment: Result<Assessment, OpenError>,
}

/// The assessment files in `<home>/assessments` with when each last
/// changed, newest first (then by path), from the folder's metadata alone:
/// every `*.ron` that is a plain file (links followed), not hidden, and
/// not a rescue or conflict copy. So backups (`.bak`), locks (`.lock`)
/// and those copies are left out.
pub fn assessment_files(home: &Home) -> Vec<(Option<SystemTime>, PathBuf)> {
    let Ok(entries) = fs::read_dir(home.assessments_dir()) else {
        return Vec::new();
    };
    let mut files: Vec<(Option<SystemTime>, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".ron") && !name.starts_with('.') && !is_side_copy(&name)
        })
        .filter_map(|entry| {
            let path = entry.path();
            let meta = fs::metadata(&path).ok().filter(|m| m.is_file())?;
            Some((meta.modified().ok(), path))
        })
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    files
}

/// Is a file of this name a copy reflect made beside an assessment (a
/// rescue copy or a conflict copy), not an assessment of its own?
fn is_side_copy(name: &str) -> bool {
    name.contains(".rescue-") || name.contains(".conflict-")
}

/// Every assessment file ([`assessment_files`]), newest change first, each
/// loaded; files that do not load are listed with their error.
pub fn list_assessments(home: &Home) -> Vec<Listed> {
    assessment_files(home)
        .into_iter()
        .map(|(modified, path)| Listed {
            modified,
            // The file alone: closed reviews in files of their own are not needed to list it.
            assessment: load_main(&path),
            path,
        })
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use std::cell::Cell;
    use std::fs::FileTimes;
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};

    use jiff::civil::date;

    use super::*;
    use crate::model::Rating;

    thread_local! {
        /// How many times this thread read and parsed a file about to be saved over.
        pub(super) static CHECKS: Cell<usize> = const { Cell::new(0) };
    }

    fn checks() -> usize {
        CHECKS.with(Cell::get)
    }

    pub(in crate::store) fn framework() -> Framework {
        crate::format::framework::by_id("senior-leadership")
            .unwrap()
            .unwrap()
    }

    /// Jo's assessment, rated 2 on `sl.place.1` at knowledge with `note`.
    pub(in crate::store) fn assessment(note: &str) -> Assessment {
        let fw = framework();
        let mut a = Assessment::new(
            FrameworkRef {
                id: fw.id.clone(),
                version: fw.version.clone(),
            },
            Person {
                name: "Jo".into(),
                role: String::new(),
                organisation: String::new(),
            },
            Review::new("2026 review", date(2026, 11, 1)),
        );
        let mark = a.current_mut().mark_mut("sl.place.1", "knowledge");
        mark.rating = Rating::Level(2);
        mark.note = note.into();
        a
    }

    /// A detached document on `dir/a.ron`, saved once (which reads nothing:
    /// there is no file yet).
    fn saved_once(dir: &Path) -> Document {
        let mut doc = Document::detached(dir.join("a.ron"), assessment("first"), framework());
        assert!(doc.save_reporting().unwrap().written);
        doc
    }

    fn set_level(doc: &mut Document, level: u8) {
        doc.assessment
            .current_mut()
            .mark_mut("sl.place.1", "knowledge")
            .rating = Rating::Level(level);
    }

    #[test]
    fn a_document_does_not_read_back_a_file_it_wrote_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = saved_once(dir.path());
        let before = checks();
        for level in [3, 4, 3] {
            set_level(&mut doc, level);
            assert!(doc.save_reporting().unwrap().written);
            assert_eq!(load_assessment(&doc.path).unwrap(), doc.assessment);
        }
        // The same length, unchanged: compared, not written.
        assert!(!doc.save_reporting().unwrap().written);
        assert_eq!(checks(), before, "the file was parsed before a save");
        // The free function remembers nothing: it checks every time.
        save_assessment(&doc.path, &doc.assessment).unwrap();
        assert_eq!(checks(), before + 1);
    }

    #[test]
    fn a_document_never_saves_over_a_file_another_program_changed_since_it_wrote_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = saved_once(dir.path());
        let path = doc.path.clone();
        let good = fs::read(&path).unwrap();
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        // Broken in place, at the same length, with the old modification
        // time put back: only the change time tells.
        let mut broken = good.clone();
        broken[0] = b'{';
        fs::write(&path, &broken).unwrap();
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_times(FileTimes::new().set_modified(modified))
            .unwrap();
        assert_eq!(fs::metadata(&path).unwrap().len(), good.len() as u64);
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
        set_level(&mut doc, 5);
        let err = doc.save().unwrap_err();
        assert!(is_changed_on_disk(&err), "{err}");
        assert_eq!(fs::read(&path).unwrap(), broken);

        // Mended by hand to the very bytes reflect wrote: that version
        // still, so saved over again, without parsing it.
        fs::write(&path, &good).unwrap();
        let before = checks();
        doc.save().unwrap();
        assert_eq!(checks(), before);
        assert_eq!(load_assessment(&path).unwrap(), doc.assessment);

        // Replaced by another file (a new inode), of the same length, broken.
        let other = dir.path().join("other.ron");
        fs::write(
            &other,
            fs::read(&path)
                .unwrap()
                .iter()
                .map(|_| b'x')
                .collect::<Vec<_>>(),
        )
        .unwrap();
        fs::rename(&other, &path).unwrap();
        set_level(&mut doc, 1);
        assert!(is_changed_on_disk(&doc.save().unwrap_err()));
    }

    #[test]
    fn the_backup_is_the_previous_file_itself_with_no_other_name() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = saved_once(dir.path());
        let path = doc.path.clone();
        let bak = durable::backup_path(&path);
        for level in [3, 4] {
            let old = fs::metadata(&path).unwrap();
            let old_bytes = fs::read(&path).unwrap();
            set_level(&mut doc, level);
            doc.save().unwrap();
            let kept = fs::metadata(&bak).unwrap();
            assert_eq!((kept.dev(), kept.ino()), (old.dev(), old.ino()));
            assert_eq!(kept.nlink(), 1);
            assert_eq!(fs::metadata(&path).unwrap().nlink(), 1);
            assert_eq!(fs::read(&bak).unwrap(), old_bytes);
            assert_eq!(kept.permissions().mode() & 0o7777, 0o600);
        }
        // No temporary link names are left behind.
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["a.ron", "a.ron.bak"]);
    }

    #[test]
    fn a_file_with_another_name_or_a_looser_mode_is_backed_up_by_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = saved_once(dir.path());
        let path = doc.path.clone();
        let bak = durable::backup_path(&path);
        // The user's own second name for the file: `.bak` must not share it.
        let theirs = dir.path().join("theirs.ron");
        fs::hard_link(&path, &theirs).unwrap();
        let old_bytes = fs::read(&path).unwrap();
        set_level(&mut doc, 3);
        doc.save().unwrap();
        assert_ne!(
            fs::metadata(&bak).unwrap().ino(),
            fs::metadata(&theirs).unwrap().ino()
        );
        assert_eq!(fs::read(&bak).unwrap(), old_bytes);
        assert_eq!(fs::metadata(&theirs).unwrap().nlink(), 1);

        // Made readable by others: the backup is a private copy.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let old = fs::metadata(&path).unwrap();
        let old_bytes = fs::read(&path).unwrap();
        set_level(&mut doc, 4);
        doc.save().unwrap();
        let kept = fs::metadata(&bak).unwrap();
        assert_ne!(kept.ino(), old.ino());
        assert_eq!(kept.permissions().mode() & 0o7777, 0o600);
        assert_eq!(fs::read(&bak).unwrap(), old_bytes);
    }

    #[test]
    fn opening_after_a_kill_between_link_and_rename_drops_the_second_name() {
        let dir = tempfile::tempdir().unwrap();
        let doc = saved_once(dir.path());
        let path = doc.path.clone();
        let bak = durable::backup_path(&path);
        // As a save killed after linking the file as its `.bak` leaves it.
        fs::hard_link(&path, &bak).unwrap();
        durable::remove_stale_temporaries(&path);
        assert!(!bak.exists());
        assert_eq!(fs::metadata(&path).unwrap().nlink(), 1);
        assert_eq!(load_assessment(&path).unwrap(), doc.assessment);
        // A `.bak` that is a file of its own is left alone.
        fs::write(&bak, "older").unwrap();
        durable::remove_stale_temporaries(&path);
        assert_eq!(fs::read_to_string(&bak).unwrap(), "older");
    }

    #[test]
    fn a_save_that_fails_after_closing_a_review_leaves_no_file_nothing_names() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = saved_once(dir.path());
        doc.assessment
            .start_review("Next", jiff::civil::date(2026, 12, 1))
            .unwrap();
        // The assessment's file cannot be replaced: a folder is there now.
        fs::remove_file(&doc.path).unwrap();
        fs::create_dir(&doc.path).unwrap();
        assert!(doc.save().is_err());
        let reviews = dir.path().join("a.reviews");
        assert!(
            !reviews.exists() || fs::read_dir(&reviews).unwrap().next().is_none(),
            "a closed review's file was left that no assessment names"
        );
        assert!(doc.assessment.earlier.is_empty());
        // Put right, the next save closes the review as it should.
        fs::remove_dir(&doc.path).unwrap();
        doc.save().unwrap();
        assert_eq!(doc.assessment.earlier.len(), 1);
        assert_eq!(load_assessment(&doc.path).unwrap().reviews.len(), 2);
    }

    #[test]
    fn opening_clears_what_a_killed_save_left_in_the_reviews_folder() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path());
        let fw = framework();
        let path = new_assessment(&home, &fw, "Jo", "", None).unwrap();
        let reviews = home.assessments_dir().join("jo.reviews");
        fs::create_dir(&reviews).unwrap();
        let stale = reviews.join(".01-2026-01-01.ron.1234-0.tmp");
        fs::write(&stale, "half").unwrap();
        let kept = reviews.join("01-2026-01-01.ron");
        fs::write(&kept, "not ours to remove").unwrap();
        let _doc = open(&home, &path).unwrap();
        assert!(!stale.exists());
        assert!(kept.exists());
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Jane O'Neill"), "jane-o-neill");
        assert_eq!(slug("  Dr. Ann  Smith-Jones  "), "dr-ann-smith-jones");
        assert_eq!(slug("Siân Llŷr"), "siân-llŷr");
        assert_eq!(slug("!!!"), "assessment");
        assert_eq!(slug("🙂"), "assessment");
        assert!(slug(&"é".repeat(200)).len() <= 80);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = utf8(b"(\n  ab\xffc").unwrap_err();
        assert_eq!((err.line, err.col), (2, 5));
    }
}
