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
    // Never through a symbolic link (someone could point it at a file of
    // theirs), and never blocking on a FIFO.
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(&lock)
        .map_err(|e| {
            let why = if e.raw_os_error() == Some(libc::ELOOP) {
                "it is a symbolic link, which reflect never follows for a lock".to_owned()
            } else {
                e.to_string()
            };
            io::Error::new(e.kind(), format!("{}: {why}", lock.display()))
        })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{}: not a plain file, so not a lock reflect made",
                lock.display()
            ),
        ));
    }
    // Made under an odd umask: tighten, but only reflect's own (empty)
    // lock file: any other file keeps the mode its owner gave it.
    if meta.len() == 0 {
        let _ = file.set_permissions(Permissions::from_mode(FILE_MODE));
    }
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Is `file` (an open lock) still the file at `lock_path`? Not when the
/// lock file was removed, or replaced by another file.
pub(super) fn still_in_place(file: &File, lock_path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::symlink_metadata(lock_path)) {
        (Ok(held), Ok(there)) => (held.dev(), held.ino()) == (there.dev(), there.ino()),
        _ => false,
    }
}

/// Would [`try_lock`] on `path` succeed now? Asked by a reflect that
/// opened `path` read-only because another held it: `true` once that one
/// has let go. Takes nothing: the lock taken to look is let go at once.
pub fn is_free(path: &Path) -> bool {
    matches!(try_lock(path), Ok(Some(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_that_is_a_symbolic_link_is_never_followed_nor_a_file_s_mode_changed() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let theirs = dir.path().join("theirs.txt");
        std::fs::write(&theirs, "someone's file").unwrap();
        std::fs::set_permissions(&theirs, Permissions::from_mode(0o644)).unwrap();
        std::os::unix::fs::symlink(&theirs, lock_path(&path)).unwrap();
        let err = try_lock(&path).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        let mode = std::fs::metadata(&theirs).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o644);
        // A lock path that is someone's file with words in it keeps its mode.
        std::fs::remove_file(lock_path(&path)).unwrap();
        std::fs::copy(&theirs, lock_path(&path)).unwrap();
        std::fs::set_permissions(lock_path(&path), Permissions::from_mode(0o644)).unwrap();
        assert!(try_lock(&path).unwrap().is_some());
        let mode = std::fs::metadata(lock_path(&path))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777;
        assert_eq!(mode, 0o644);
        // A FIFO there is refused at once.
        std::fs::remove_file(lock_path(&path)).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(lock_path(&path))
            .status()
            .unwrap();
        assert!(made.success());
        assert!(try_lock(&path).is_err());
    }

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
