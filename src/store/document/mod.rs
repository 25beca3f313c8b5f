//! An assessment file on disk: open (load, find its framework, lock), save, list.
//!
//! The document and its disk state here; reading in `load`, writing (never
//! over another program's version) in `save`, new files in `create`, the
//! home folder's list in `list`.

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

mod create;
mod list;
mod load;
mod save;

pub use create::*;
pub use list::*;
pub use load::*;
pub use save::*;

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
        self.assessment.settle_schema();
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
        self.assessment.settle_schema();
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
        self.write_conflict_copy_of(home, &self.assessment, at)
    }

    /// [`Document::write_conflict_copy`] of `assessment`, another version
    /// of this document's (the values a merge did not take).
    pub fn write_conflict_copy_of(
        &self,
        home: &Home,
        assessment: &Assessment,
        at: Option<&Path>,
    ) -> io::Result<PathBuf> {
        let text = to_ron(&assessment.file_part()).map_err(|e| {
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
