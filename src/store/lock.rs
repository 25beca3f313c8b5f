//! One reflect at a time per assessment: an advisory lock on a sidecar file.
//!
//! The lock is on `PATH.lock`, not on the assessment itself, because every
//! save replaces the assessment's file (a new inode) and a lock on the old
//! one would silently stop meaning anything. The sidecar is left in place
//! when the lock is released: removing it would race with another reflect
//! taking it.
//!
//! `File::try_lock` is `flock(2)` on Linux: the lock belongs to the open
//! file description, so two opens of the same file conflict even within one
//! process, and the kernel releases it when the process dies.

use std::fs::{File, OpenOptions, Permissions, TryLockError};
use std::io;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use super::durable::{FILE_MODE, sidecar};

/// Where the lock for `path` lives.
pub(super) fn lock_path(path: &Path) -> PathBuf {
    sidecar(path, "lock")
}

/// Take the lock for `path`: `Some(file)` holds it until dropped, `None`
/// means another open file (another reflect) holds it.
pub(super) fn try_lock(path: &Path) -> io::Result<Option<File>> {
    let lock = lock_path(path);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(FILE_MODE)
        .open(&lock)?;
    // Created by someone else or under an odd umask: tighten, if it is ours.
    let _ = file.set_permissions(Permissions::from_mode(FILE_MODE));
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_open_in_the_same_process_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let first = try_lock(&path).unwrap();
        assert!(first.is_some());
        assert!(try_lock(&path).unwrap().is_none());
        drop(first);
        assert!(try_lock(&path).unwrap().is_some());
    }
}
