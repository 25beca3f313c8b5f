//! Dated backups of each assessment, restoring one, and rescue copies.
//!
//! Besides `FILE.bak` (the version before the last save), every save that
//! changes a file leaves a copy of what it wrote in
//! `<home>/backups/<stem>/<stem>.<time>.ron`, where `<time>` is the UTC time
//! of the save to the millisecond (`2026-11-22T17-03-41.123Z`), so names
//! sort by age. Old copies are pruned after each new one: the newest
//! [`KEEP_NEWEST`] are kept, and the newest of each calendar day of the last
//! [`KEEP_DAYS`] days. Folders are 0700, files 0600.
//!
//! The copy is a real copy, not a hard link to the file just written: an
//! editor that writes files in place (vim does, for a file with more than
//! one link) would otherwise change the "backup" along with the file.
//!
//! A file kept somewhere other than `<home>/assessments` has its backups in
//! `<stem>-<hash of its folder>`, so two `jane.ron` in different folders
//! never share (and never restore) each other's backups.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};

use crate::model::Assessment;

use super::document::{OpenError, Written, check_assessment, load_main};
use super::durable;
use super::home::{Home, create_private_dir};
use super::lock;
use crate::format::to_ron;

/// How many of the newest dated backups are always kept.
pub const KEEP_NEWEST: usize = 10;
/// For how many calendar days (today included) the newest backup of each
/// day is kept.
pub const KEEP_DAYS: i64 = 30;

/// The length of a backup's time stamp: `2026-11-22T17-03-41.123Z`.
const STAMP_LEN: usize = 24;

/// Where one assessment file's dated backups go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Place {
    /// `<home>/backups/<stem>` (or `<stem>-<hash>`).
    pub dir: PathBuf,
    /// The file's name without `.ron`: backups are `<stem>.<time>.ron`.
    pub stem: String,
}

impl Place {
    pub fn new(home: &Home, path: &Path) -> Place {
        let file = canonical(path);
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = match name.strip_suffix(".ron").unwrap_or(&name) {
            "" => "assessment".to_owned(),
            stem => stem.to_owned(),
        };
        let parent = file.parent().unwrap_or(Path::new("/"));
        let assessments = home.assessments_dir();
        let assessments = fs::canonicalize(&assessments)
            .or_else(|_| std::path::absolute(&assessments))
            .unwrap_or(assessments);
        let folder = if parent == assessments {
            stem.clone()
        } else {
            format!(
                "{stem}-{:08x}",
                fnv1a(parent.as_os_str().as_encoded_bytes()) as u32
            )
        };
        Place {
            dir: home.backups_dir().join(folder),
            stem,
        }
    }
}

/// `path` made absolute with links resolved, also when the file itself
/// is not there (then its folder's real path and its name).
pub(super) fn canonical(path: &Path) -> PathBuf {
    if let Ok(real) = fs::canonicalize(path) {
        return real;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => fs::canonicalize(parent)
            .unwrap_or_else(|_| parent.to_path_buf())
            .join(name),
        _ => absolute,
    }
}

/// The 64-bit FNV-1a hash: small, and stable across Rust releases (unlike
/// `DefaultHasher`), which a folder name must be.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The folder that holds the dated backups of the assessment at `path`.
pub fn backups_dir(home: &Home, path: &Path) -> PathBuf {
    Place::new(home, path).dir
}

/// `2026-11-22T17-03-41.123Z`: UTC to the millisecond, sortable, and
/// without the colons some file systems refuse.
fn stamp(time: Timestamp) -> String {
    let t = time.to_zoned(TimeZone::UTC).datetime();
    format!(
        "{:04}-{:02}-{:02}T{:02}-{:02}-{:02}.{:03}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// The time in a [`stamp`], which must be exactly as [`stamp`] writes it.
fn parse_stamp(text: &str) -> Option<Timestamp> {
    if text.len() != STAMP_LEN || !text.is_ascii() {
        return None;
    }
    let mut iso = text.as_bytes().to_vec();
    iso[13] = b':';
    iso[16] = b':';
    let time: Timestamp = std::str::from_utf8(&iso).ok()?.parse().ok()?;
    (stamp(time) == text).then_some(time)
}

/// The time of a dated backup from its file name (`<stem>.<stamp>.ron`).
fn backup_time(name: &str) -> Option<Timestamp> {
    let rest = name.strip_suffix(".ron")?;
    let split = rest.len().checked_sub(STAMP_LEN + 1)?;
    let (head, stamp) = rest.split_at_checked(split)?;
    if head.is_empty() {
        return None;
    }
    parse_stamp(stamp.strip_prefix('.')?)
}

/// `time` to the millisecond, as backup names record it.
fn to_millisecond(time: Timestamp) -> Timestamp {
    Timestamp::from_millisecond(time.as_millisecond()).unwrap_or(time)
}

fn plus_millis(time: Timestamp, millis: i64) -> Timestamp {
    time.checked_add(SignedDuration::from_millis(millis))
        .unwrap_or(time)
}

/// A backup of an assessment file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub path: PathBuf,
    /// When this version was saved: from a dated backup's name; for
    /// `FILE.bak`, when it was written (at the last save).
    pub saved: Option<Timestamp>,
    pub size: u64,
    pub kind: BackupKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    /// In the backups folder, named after the time it was saved.
    Dated,
    /// `FILE.bak`, beside the file: the version before the last save.
    Previous,
}

impl Backup {
    /// The backup's file name.
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Load it as an assessment (to see whether it reads). Only the
    /// backup itself is read: closed reviews it names stay where they are.
    pub fn load(&self) -> Result<Assessment, OpenError> {
        load_main(&self.path)
    }
}

/// The dated backups in `dir`, newest first.
fn list_dated(dir: &Path) -> Vec<Backup> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut dated: Vec<Backup> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let saved = backup_time(entry.file_name().to_str()?)?;
            let meta = entry.metadata().ok().filter(fs::Metadata::is_file)?;
            Some(Backup {
                path: entry.path(),
                saved: Some(saved),
                size: meta.len(),
                kind: BackupKind::Dated,
            })
        })
        .collect();
    dated.sort_by(|a, b| b.saved.cmp(&a.saved).then_with(|| b.path.cmp(&a.path)));
    dated
}

/// Every backup of the assessment at `path`: the dated ones newest first,
/// then `FILE.bak` if there is one. Whether each reads is for the caller
/// to ask ([`Backup::load`]).
pub fn list_backups(home: &Home, path: &Path) -> Vec<Backup> {
    let mut backups = list_dated(&Place::new(home, path).dir);
    let target = durable::write_target(path).unwrap_or_else(|_| path.to_path_buf());
    let bak = durable::backup_path(&target);
    if let Ok(meta) = fs::metadata(&bak)
        && meta.is_file()
    {
        backups.push(Backup {
            saved: meta
                .modified()
                .ok()
                .and_then(|t| Timestamp::try_from(t).ok()),
            size: meta.len(),
            kind: BackupKind::Previous,
            path: bak,
        });
    }
    backups
}

/// The newest backup of `path` that loads: the newest dated backup that
/// does, else `FILE.bak` if it does.
pub fn last_good(home: &Home, path: &Path) -> Option<Backup> {
    list_backups(home, path)
        .into_iter()
        .find(|backup| backup.load().is_ok())
}

/// [`last_good`]'s path.
pub fn last_good_backup(home: &Home, path: &Path) -> Option<PathBuf> {
    last_good(home, path).map(|backup| backup.path)
}

/// Which backup of `path` the user means by `given`: a file that exists
/// (any path), else the name of one of [`list_backups`], or the start of
/// exactly one such name or of its time (`2026-11-22T17`). The error says
/// why none was found, or which ones match.
pub fn resolve_backup(home: &Home, path: &Path, given: &str) -> Result<PathBuf, String> {
    let as_path = Path::new(given);
    if as_path.is_file() {
        return Ok(as_path.to_path_buf());
    }
    if given.is_empty() || as_path.components().count() != 1 {
        return Err(format!("{given}: no such file"));
    }
    let backups = list_backups(home, path);
    if let Some(exact) = backups.iter().find(|b| b.name() == given) {
        return Ok(exact.path.clone());
    }
    let matching: Vec<&Backup> = backups
        .iter()
        .filter(|b| {
            let name = b.name();
            let time = match b.kind {
                BackupKind::Dated => name.get(name.len().saturating_sub(STAMP_LEN + 4)..),
                BackupKind::Previous => None,
            };
            name.starts_with(given) || time.is_some_and(|t| t.starts_with(given))
        })
        .collect();
    match matching.as_slice() {
        [one] => Ok(one.path.clone()),
        [] => Err(format!(
            "{given}: no such file, and no backup of {} is called that or starts so \
             (`reflect backups {}` lists them)",
            path.display(),
            path.display()
        )),
        several => Err(format!(
            "{given} could be any of {} backups ({}); give more of the name",
            several.len(),
            several
                .iter()
                .map(|b| b.name())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The middle of a found backup's name: `<stem>.found.<time>.ron`.
const FOUND: &str = ".found";

/// Is this dated backup a version reflect found on disk rather than wrote
/// (see [`after_save`])?
fn is_found(backup: &Backup) -> bool {
    backup
        .name()
        .strip_suffix(".ron")
        .and_then(|rest| rest.get(..rest.len().saturating_sub(STAMP_LEN + 1)))
        .is_some_and(|head| head.ends_with(FOUND))
}

/// Write `bytes` as a new dated backup in `place`, named after `when` (a
/// millisecond later for each name already taken). Never over a file.
/// `found`: a version reflect did not write, which pruning keeps for
/// [`KEEP_DAYS`] days whatever else it removes.
fn write_dated(place: &Place, bytes: &[u8], when: Timestamp, found: bool) -> io::Result<PathBuf> {
    create_private_dir(&place.dir, true)?;
    let mut when = to_millisecond(when);
    let middle = if found { FOUND } else { "" };
    for _ in 0..1000 {
        let path = place
            .dir
            .join(format!("{}{middle}.{}.ron", place.stem, stamp(when)));
        match durable::create_new_atomic(&path, bytes) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => when = plus_millis(when, 1),
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("cannot write a backup in {}: {e}", place.dir.display()),
                ));
            }
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("cannot find a free backup name in {}", place.dir.display()),
    ))
}

/// Keep `bytes`, a closed review's file named `name` (`01-2026-05-11.ron`)
/// as written or as it was before a rewrite, in `<place>/reviews/` as
/// `<name without .ron>.<time>.ron`. Closed reviews are written once and
/// rewritten only when a framework changes, so these are few and never
/// pruned. Never over a file.
pub(super) fn keep_closed(place: &Place, name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    let reviews = Place {
        dir: place.dir.join("reviews"),
        stem: name.strip_suffix(".ron").unwrap_or(name).to_owned(),
    };
    create_private_dir(&place.dir, true)?;
    write_dated(&reviews, bytes, Timestamp::now(), false)
}

/// After a save that wrote the file: keep what was written as a dated
/// backup, prune old ones, and return the new backup's path.
///
/// If the file held something no dated backup has (edited by hand or by a
/// sync tool, made by `reflect new`, restored, or written by a save that
/// was killed before its backup), that is kept first, so every version
/// reflect saved over is in the backups folder and not only, until the
/// next save, in `FILE.bak`. Such a version, unless it is the first the
/// folder has of the file, is a *found* backup
/// (`<stem>.found.<time>.ron`): reflect did not write it, so it may be the
/// only copy of someone's words, and pruning leaves it alone for
/// [`KEEP_DAYS`] days.
pub(super) fn after_save(place: &Place, written: &Written) -> io::Result<PathBuf> {
    let now = to_millisecond(Timestamp::now());
    let dated = list_dated(&place.dir);
    let newest = dated.first();
    let mut kept_previous = Ok(());
    if let Some(previous) = &written.previous
        && !newest.is_some_and(|b| same_bytes(&b.path, previous))
    {
        // Saved when the file says, but after the newest backup and before now.
        let mut when = written
            .previous_modified
            .and_then(|t| Timestamp::try_from(t).ok())
            .map_or(now, to_millisecond);
        if let Some(after) = newest.and_then(|b| b.saved) {
            when = when.max(plus_millis(after, 1));
        }
        when = when.min(plus_millis(now, -1));
        // The first version of all (made by `reflect new`, or brought from
        // elsewhere) is what every later one grew from: a plain backup.
        let found = newest.is_some();
        kept_previous = write_dated(place, previous, when, found).map(drop);
    }
    let made = write_dated(place, written.text.as_bytes(), now, false)?;
    prune(&place.dir, Some(&made), now, &TimeZone::system());
    kept_previous.map(|()| made)
}

/// Does the file at `path` hold exactly `bytes`?
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|b| b == bytes)
}

/// Which of the backups saved at `times` to keep at `now`: the newest
/// [`KEEP_NEWEST`], and the newest of each calendar day (in `tz`) from
/// [`KEEP_DAYS`] days ago (today counting as one) onwards. `keep[i]` is
/// for `times[i]`; the order of `times` does not matter.
pub(super) fn retain(times: &[Timestamp], now: Timestamp, tz: &TimeZone) -> Vec<bool> {
    let mut newest_first: Vec<usize> = (0..times.len()).collect();
    newest_first.sort_by(|&a, &b| times[b].cmp(&times[a]));
    let today = now.to_zoned(tz.clone()).date();
    let first_day = today.saturating_sub(Span::new().days(KEEP_DAYS - 1));
    let mut keep = vec![false; times.len()];
    let mut days = BTreeSet::new();
    for (rank, &i) in newest_first.iter().enumerate() {
        let day = times[i].to_zoned(tz.clone()).date();
        let newest_of_its_day = day >= first_day && days.insert(day);
        keep[i] = rank < KEEP_NEWEST || newest_of_its_day;
    }
    keep
}

/// Delete the dated backups in `dir` that [`retain`] does not keep (never
/// `made`, the one just written, and never a found backup less than
/// [`KEEP_DAYS`] days old, which do not count among the kept ones either),
/// and temporary files of backups that a killed reflect left. Best effort:
/// a backup that cannot be deleted stays.
fn prune(dir: &Path, made: Option<&Path>, now: Timestamp, tz: &TimeZone) {
    let young = plus_millis(now, -KEEP_DAYS * 24 * 60 * 60 * 1000);
    let mut dated = list_dated(dir);
    dated.retain(|b| !(is_found(b) && b.saved.is_some_and(|t| t >= young)));
    let times: Vec<Timestamp> = dated.iter().filter_map(|b| b.saved).collect();
    if times.len() == dated.len() {
        for (backup, keep) in dated.iter().zip(retain(&times, now, tz)) {
            if !keep && Some(backup.path.as_path()) != made {
                let _ = fs::remove_file(&backup.path);
            }
        }
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.')
            && name.ends_with(".tmp")
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The dated backup the file's content before the restore was kept as
    /// (`None` when there was no file, or nothing changed).
    pub kept: Option<PathBuf>,
    /// The file already held exactly the backup's content: nothing written.
    pub unchanged: bool,
}

/// Why [`restore`] refused or failed. In every case the file is as it was.
#[derive(Debug)]
pub enum RestoreError {
    /// Another reflect has the file open.
    Locked { path: PathBuf },
    /// The backup cannot be read or does not load.
    Backup(OpenError),
    /// Anything else: the message says what.
    Failed(io::Error),
}

impl fmt::Display for RestoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreError::Locked { path } => write!(
                f,
                "{}: another reflect has it open; close that one first (nothing was restored)",
                path.display()
            ),
            RestoreError::Backup(e) => {
                write!(f, "{e}\n(nothing was restored: that backup does not read)")
            }
            RestoreError::Failed(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RestoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RestoreError::Locked { .. } => None,
            RestoreError::Backup(e) => Some(e),
            RestoreError::Failed(e) => Some(e),
        }
    }
}

/// Put the content of `backup` back as the assessment at `path`.
///
/// Refused while another reflect has `path` open (its lock is held here
/// for the whole restore), and when `backup` does not load. What `path`
/// holds now is first kept as a dated backup, whether or not it loads,
/// then the backup's bytes are written over it atomically and durably.
/// `FILE.bak` is left as it is.
pub fn restore(home: &Home, path: &Path, backup: &Path) -> Result<Restored, RestoreError> {
    let failed = |e: io::Error, doing: &str| {
        RestoreError::Failed(io::Error::new(
            e.kind(),
            format!("{}: {doing}: {e} (nothing was restored)", path.display()),
        ))
    };
    let bytes = durable::read_bounded(backup).map_err(|source| {
        RestoreError::Backup(OpenError::Io {
            path: backup.to_path_buf(),
            source,
        })
    })?;
    check_assessment(backup, &bytes).map_err(RestoreError::Backup)?;
    let target = durable::write_target(path).map_err(|e| failed(e, "cannot follow the link"))?;
    if let (Ok(a), Ok(b)) = (fs::canonicalize(backup), fs::canonicalize(&target))
        && a == b
    {
        return Err(failed(
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "that backup is the file itself",
            ),
            "cannot restore",
        ));
    }
    let _lock = match lock::try_lock(path) {
        Ok(Some(lock)) => lock,
        Ok(None) => {
            return Err(RestoreError::Locked {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(failed(e, "cannot take the lock")),
    };
    let place = Place::new(home, path);
    let now = to_millisecond(Timestamp::now());
    let (current, current_stamp) = match durable::read_stamped(&target) {
        Ok((current, stamp)) => (Ok(current), stamp),
        Err(e) => (Err(e), None),
    };
    let kept = match current {
        Ok(current) if current == bytes => {
            return Ok(Restored {
                kept: None,
                unchanged: true,
            });
        }
        Ok(current) => Some(
            write_dated(&place, &current, now, false)
                .map_err(|e| failed(e, "cannot keep the file as it is"))?,
        ),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(failed(e, "cannot read the file as it is, to keep it")),
    };
    // Another program (a sync tool, an editor) wrote the file while it was
    // kept: that version is in no backup, so it is not written over.
    if durable::Stamp::at(&target) != current_stamp {
        return Err(failed(
            io::Error::other("another program changed the file while it was being restored"),
            "try again",
        ));
    }
    durable::write_atomic(&target, &bytes).map_err(|e| {
        let mut message = format!(
            "{}: cannot write it: {e} (nothing was restored",
            path.display()
        );
        if let Some(kept) = &kept {
            message.push_str(&format!("; a copy of it is in {}", kept.display()));
        }
        message.push(')');
        RestoreError::Failed(io::Error::new(e.kind(), message))
    })?;
    prune(&place.dir, kept.as_deref(), now, &TimeZone::system());
    Ok(Restored {
        kept,
        unchanged: false,
    })
}

/// Write `assessment` to a new file where it can be found again, when it
/// cannot be saved to `path`: beside `path` as
/// `<stem>.rescue-<time>.ron`, else in the home folder, else in the
/// system's temporary folder, the first that works. Mode 0600, never over an
/// existing file, never a partial file. Returns where it went; the error
/// (when nowhere worked) names every place tried.
pub fn rescue(home: &Home, path: &Path, assessment: &Assessment) -> io::Result<PathBuf> {
    // Closed reviews are named as the assessment names them, relative to
    // its folder: put back in place of the file, the copy finds them.
    let assessment = &assessment.file_part();
    // `to_ron` cannot fail on an assessment; if it ever did, the words in
    // any form beat no words.
    let text = to_ron(assessment).unwrap_or_else(|e| {
        format!(
            "// reflect could not write this as RON ({e}); everything it held:\n{assessment:#?}\n"
        )
    });
    copy_beside(home, path, text.as_bytes(), "rescue")
}

/// Keep `bytes` (a version of the assessment at `path`) in a new file
/// `<stem>.<kind>-<time>.ron`, beside `path`, else in the home folder, else
/// in the system's temporary folder: the first that works. Mode 0600,
/// never over an existing file, never a partial file.
pub(super) fn copy_beside(
    home: &Home,
    path: &Path,
    bytes: &[u8],
    kind: &str,
) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let name = absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = match name.strip_suffix(".ron").unwrap_or(&name) {
        "" => "assessment",
        stem => stem,
    };
    let stamp = stamp(Timestamp::now());
    let mut places: Vec<PathBuf> = Vec::new();
    for dir in [
        absolute.parent().map(Path::to_path_buf),
        Some(home.root().to_path_buf()),
        Some(std::env::temp_dir()),
    ]
    .into_iter()
    .flatten()
    {
        if !places.contains(&dir) {
            places.push(dir);
        }
    }
    let mut failures = Vec::new();
    for (i, dir) in places.iter().enumerate() {
        if i > 0 && dir == home.root() && !dir.is_dir() {
            let _ = create_private_dir(dir, true);
        }
        match copy_in(dir, stem, kind, &stamp, bytes) {
            Ok(path) => return Ok(path),
            Err(e) => failures.push(format!("{}: {e}", dir.display())),
        }
    }
    Err(io::Error::other(format!(
        "cannot write a {kind} copy anywhere ({})",
        failures.join("; ")
    )))
}

/// A new `<stem>.<kind>-<stamp>[-N].ron` in `dir`.
fn copy_in(dir: &Path, stem: &str, kind: &str, stamp: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    for n in 1..=100 {
        let name = match n {
            1 => format!("{stem}.{kind}-{stamp}.ron"),
            n => format!("{stem}.{kind}-{stamp}-{n}.ron"),
        };
        let path = dir.join(name);
        match durable::create_new_atomic(&path, bytes) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("no free {kind} file name in {}", dir.display()),
    ))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use jiff::civil::date;

    use super::*;
    use crate::model::assessment::FrameworkRef;
    use crate::model::{Person, Review};

    fn at(y: i16, mo: i8, d: i8, h: i8, mi: i8) -> Timestamp {
        date(y, mo, d)
            .at(h, mi, 0, 0)
            .to_zoned(TimeZone::UTC)
            .unwrap()
            .timestamp()
    }

    fn kept(times: &[Timestamp], now: Timestamp) -> Vec<Timestamp> {
        let mut kept: Vec<Timestamp> = times
            .iter()
            .zip(retain(times, now, &TimeZone::UTC))
            .filter(|(_, keep)| *keep)
            .map(|(t, _)| *t)
            .collect();
        kept.sort();
        kept
    }

    #[test]
    fn stamps_sort_like_times_and_read_back() {
        let t = plus_millis(at(2026, 11, 22, 17, 3), 41_123);
        assert_eq!(stamp(t), "2026-11-22T17-03-41.123Z");
        assert_eq!(parse_stamp(&stamp(t)), Some(t));
        let earlier = Timestamp::from_millisecond(999_999_999_999).unwrap();
        assert!(stamp(earlier) < stamp(t));
        for bad in [
            "",
            "2026-11-22T17:03:41.123Z",
            "2026-11-22T17-03-41.123",
            "2026-11-22T17-03-41.1234",
            "2026-13-22T17-03-41.123Z",
            "2026-11-22T17-03-41,123Z",
            "2026-11-22T17-03-41.12éZ",
        ] {
            assert_eq!(parse_stamp(bad), None, "{bad}");
        }
        assert_eq!(backup_time("jane.v2.2026-11-22T17-03-41.123Z.ron"), Some(t));
        assert_eq!(backup_time(".2026-11-22T17-03-41.123Z.ron"), None);
        assert_eq!(backup_time("jane.2026-11-22T17-03-41.123Z.ron.tmp"), None);
        assert_eq!(backup_time("jane.ron"), None);
        assert_eq!(backup_time("jané.ron"), None);
    }

    #[test]
    fn fewer_than_ten_backups_are_all_kept_however_old() {
        let now = at(2026, 11, 22, 12, 0);
        let times: Vec<_> = (0..10).map(|i| at(2020 + i, 1, 1, 0, 0)).collect();
        assert_eq!(kept(&times, now).len(), 10);
        assert!(retain(&[], now, &TimeZone::UTC).is_empty());
    }

    #[test]
    fn a_busy_day_keeps_its_newest_ten() {
        let now = at(2026, 11, 22, 18, 0);
        let times: Vec<_> = (0..25).map(|m| at(2026, 11, 22, 9, m)).collect();
        assert_eq!(kept(&times, now), times[15..].to_vec());
    }

    #[test]
    fn beyond_the_newest_ten_one_a_day_for_thirty_days() {
        let now = at(2026, 11, 22, 18, 0);
        let mut times = Vec::new();
        // Three saves a day, every day, for 40 days back (today included).
        for back in 0..40 {
            let day = date(2026, 11, 22).saturating_sub(Span::new().days(back));
            for h in [9, 12, 15] {
                times.push(
                    day.at(h, 0, 0, 0)
                        .to_zoned(TimeZone::UTC)
                        .unwrap()
                        .timestamp(),
                );
            }
        }
        let kept = kept(&times, now);
        // The newest ten: today's 3 and the last 7 of the three days before.
        let mut newest = times.clone();
        newest.sort();
        newest.reverse();
        let mut expected: Vec<Timestamp> = newest[..10].to_vec();
        // Plus 15:00 on each of the 30 days from 24 October to today.
        for back in 0..30 {
            let day = date(2026, 11, 22).saturating_sub(Span::new().days(back));
            let t = day
                .at(15, 0, 0, 0)
                .to_zoned(TimeZone::UTC)
                .unwrap()
                .timestamp();
            if !expected.contains(&t) {
                expected.push(t);
            }
        }
        expected.sort();
        assert_eq!(kept, expected);
        assert_eq!(kept.len(), 10 + 30 - 4);
        assert!(kept.iter().all(|t| *t >= at(2026, 10, 24, 0, 0)));
        assert!(!kept.contains(&at(2026, 10, 23, 15, 0)), "31 days ago");
    }

    #[test]
    fn a_found_version_is_kept_for_thirty_days_whatever_else_is_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place {
            dir: dir.path().join("jo"),
            stem: "jo".into(),
        };
        let now = at(2026, 11, 22, 18, 0);
        // Two versions reflect did not write, one within 30 days, one not,
        // each the only one of its day but the same day as many saves.
        let young = write_dated(&place, b"theirs, young", at(2026, 11, 22, 8, 0), true).unwrap();
        let old = write_dated(&place, b"theirs, old", at(2026, 10, 1, 8, 0), true).unwrap();
        let older_save = write_dated(&place, b"ours, old", at(2026, 10, 1, 9, 0), false).unwrap();
        for m in 0..12 {
            write_dated(&place, b"ours", at(2026, 11, 22, 9, m), false).unwrap();
        }
        prune(&place.dir, None, now, &TimeZone::UTC);
        assert!(young.exists(), "a found version went within 30 days");
        assert!(!old.exists(), "past 30 days it is pruned like any other");
        assert!(!older_save.exists());
        let left = list_dated(&place.dir);
        assert_eq!(left.len(), 11, "the newest ten, and the found one besides");
        assert!(left.iter().filter(|b| is_found(b)).count() == 1);
    }

    #[test]
    fn after_save_keeps_a_version_reflect_did_not_write_as_found() {
        let dir = tempfile::tempdir().unwrap();
        let place = Place {
            dir: dir.path().join("jo"),
            stem: "jo".into(),
        };
        write_dated(&place, b"ours", Timestamp::now(), false).unwrap();
        let written = Written {
            previous: Some(b"edited by hand".to_vec()),
            previous_modified: None,
            text: "ours again".into(),
        };
        after_save(&place, &written).unwrap();
        let found: Vec<Backup> = list_dated(&place.dir)
            .into_iter()
            .filter(is_found)
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(fs::read(&found[0].path).unwrap(), b"edited by hand");
    }

    #[test]
    fn old_backups_beyond_the_newest_ten_go_and_gaps_are_fine() {
        let now = at(2026, 11, 22, 18, 0);
        let mut times = vec![
            at(2026, 1, 1, 9, 0),
            at(2026, 10, 1, 9, 0),
            at(2026, 11, 1, 9, 0),
            at(2026, 11, 1, 10, 0),
        ];
        times.extend((0..10).map(|m| at(2026, 11, 22, 9, m)));
        let kept = kept(&times, now);
        assert_eq!(kept.len(), 11);
        assert!(kept.contains(&at(2026, 11, 1, 10, 0)));
        assert!(!kept.contains(&at(2026, 11, 1, 9, 0)));
        assert!(!kept.contains(&at(2026, 10, 1, 9, 0)));
        assert!(!kept.contains(&at(2026, 1, 1, 9, 0)));
    }

    #[test]
    fn days_are_counted_in_the_given_time_zone() {
        // 23:30 and 00:30 UTC are one day in New York, two in UTC.
        let now = at(2026, 11, 22, 18, 0);
        let mut times = vec![at(2026, 11, 10, 23, 30), at(2026, 11, 11, 0, 30)];
        times.extend((0..10).map(|m| at(2026, 11, 22, 9, m)));
        let utc = retain(&times, now, &TimeZone::UTC);
        assert!(utc[0] && utc[1]);
        let new_york = TimeZone::get("America/New_York").unwrap();
        let ny = retain(&times, now, &new_york);
        assert!(!ny[0] && ny[1]);
    }

    #[test]
    fn backups_of_files_outside_the_home_get_their_own_folder() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path().join("home"));
        home.ensure().unwrap();
        let inside = Place::new(&home, &home.assessments_dir().join("jane.ron"));
        assert_eq!(inside.dir, home.backups_dir().join("jane"));
        assert_eq!(inside.stem, "jane");
        let a = Place::new(&home, &dir.path().join("a").join("jane.ron"));
        let b = Place::new(&home, &dir.path().join("b").join("jane.ron"));
        assert_ne!(a.dir, b.dir);
        assert_eq!(a.stem, "jane");
        assert!(a.dir.starts_with(home.backups_dir()));
        // The same file by another name of its folder has the same place.
        fs::create_dir(dir.path().join("a")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("link")).unwrap();
        assert_eq!(Place::new(&home, &dir.path().join("link/jane.ron")), a);
        assert_eq!(
            Place::new(&home, &dir.path().join("a/.ron")).stem,
            "assessment"
        );
    }

    fn assessment() -> Assessment {
        let mut a = Assessment::new(
            FrameworkRef {
                id: "senior-leadership".into(),
                version: "2025.1".into(),
            },
            Person {
                name: "Jane".into(),
                role: String::new(),
                organisation: String::new(),
            },
            Review::new("Review", date(2026, 11, 22)),
        );
        a.current_mut().mark_mut("sl.place.1", "knowledge").note = "words".into();
        a
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn a_rescue_copy_goes_beside_the_file_and_never_over_another() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path().join("home"));
        let path = dir.path().join("jane.ron");
        let first = rescue(&home, &path, &assessment()).unwrap();
        let second = rescue(&home, &path, &assessment()).unwrap();
        assert_ne!(first, second);
        for copy in [&first, &second] {
            assert_eq!(copy.parent(), Some(dir.path()));
            let name = copy.file_name().unwrap().to_str().unwrap();
            assert!(name.starts_with("jane.rescue-"), "{name}");
            assert!(name.ends_with(".ron"), "{name}");
            assert_eq!(mode(copy), 0o600);
            assert_eq!(crate::store::load_assessment(copy).unwrap(), assessment());
        }
        assert!(!home.root().exists(), "not needed, so not made");
    }

    #[test]
    fn a_rescue_copy_goes_to_the_home_when_the_folder_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path().join("home"));
        let folder = dir.path().join("gone");
        fs::create_dir(&folder).unwrap();
        let path = folder.join("jane.ron");
        fs::remove_dir(&folder).unwrap();
        let copy = rescue(&home, &path, &assessment()).unwrap();
        assert_eq!(copy.parent(), Some(home.root()));
        assert_eq!(mode(home.root()), 0o700);
        assert_eq!(crate::store::load_assessment(&copy).unwrap(), assessment());
        assert!(!folder.exists());
    }

    #[test]
    fn a_rescue_copy_goes_to_the_temporary_folder_when_all_else_fails() {
        let dir = tempfile::tempdir().unwrap();
        // A regular file where the folders should be: nothing can go in it,
        // even as root.
        let blocker = dir.path().join("blocker");
        fs::write(&blocker, "not a folder").unwrap();
        let home = Home::at(blocker.join("home"));
        let path = blocker.join("jane.ron");
        let copy = rescue(&home, &path, &assessment()).unwrap();
        assert_eq!(copy.parent(), Some(std::env::temp_dir().as_path()));
        assert_eq!(mode(&copy), 0o600);
        assert_eq!(crate::store::load_assessment(&copy).unwrap(), assessment());
        fs::remove_file(&copy).unwrap();
        assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a folder");
    }
}
