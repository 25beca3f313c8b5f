//! Writing files so that a crash, a full disk or a power cut never leaves a
//! half-written file where the user's words were.
//!
//! Every file reflect writes goes through here: the new content goes to a
//! temporary file in the same folder, is flushed to disk, renamed over the
//! old name, and the folder is flushed too (the `atomic-write-file` crate
//! does the temporary-file dance). Files are always mode 0600, whatever
//! mode the file they replace had and whatever the umask is.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use atomic_write_file::AtomicWriteFile;
use atomic_write_file::unix::OpenOptionsExt as _;

/// The mode of every file reflect writes.
pub(super) const FILE_MODE: u32 = 0o600;
/// The mode of every folder reflect creates.
pub(super) const DIR_MODE: u32 = 0o700;

/// `PATH` with `.suffix` appended to its file name: `a.ron` -> `a.ron.bak`.
pub(super) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Where the previous version of `path` is kept.
pub(super) fn backup_path(path: &Path) -> PathBuf {
    sidecar(path, "bak")
}

/// The file a write to `path` should replace: the target of a symbolic link
/// (so a link the user made keeps working), otherwise `path` itself.
pub(super) fn write_target(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// Atomically and durably replace (or create) `path` with `bytes`, mode 0600.
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = AtomicWriteFile::options();
    options.mode(FILE_MODE).preserve_mode(false);
    let mut file = options.open(path)?;
    // The mode given at creation is masked by the umask; make it exact.
    file.as_file()
        .set_permissions(Permissions::from_mode(FILE_MODE))?;
    file.write_all(bytes)?;
    // Flushes the file, renames it over `path`, flushes the folder.
    file.commit()
}

/// Replace `path` with `bytes`, first keeping `previous` (what `path` holds
/// now, if it exists) as `PATH.bak`. Both writes are atomic and durable, and
/// the backup is written first, so at every instant both the old words and
/// (once written) the new ones are on disk.
pub(super) fn replace(path: &Path, bytes: &[u8], previous: Option<&[u8]>) -> io::Result<()> {
    if let Some(previous) = previous {
        write_atomic(&backup_path(path), previous)?;
    }
    write_atomic(path, bytes)
}

/// Durably create `path` with `bytes`, mode 0600, failing with
/// [`io::ErrorKind::AlreadyExists`] if anything is already there: the
/// exclusive create is what guarantees nothing is ever written over.
pub(super) fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)?;
    let written = (|| {
        file.set_permissions(Permissions::from_mode(FILE_MODE))?;
        file.write_all(bytes)?;
        file.sync_all()?;
        sync_parent(path)
    })();
    if written.is_err() {
        // The file is ours and holds no one's words yet: don't leave half of it.
        drop(file);
        let _ = fs::remove_file(path);
    }
    written
}

/// Durably create `path` with `bytes`, mode 0600, never over an existing
/// file ([`io::ErrorKind::AlreadyExists`]) and never leaving a partial file
/// under that name, even if the process dies midway: the bytes go to a
/// temporary `.NAME.PID-N.tmp` beside it, are flushed, and are then
/// hard-linked into place (which fails if the name is taken); where the
/// file system has no hard links, renamed into place if the name is free.
pub(super) fn create_new_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: not a file name", path.display()),
        )
    })?;
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(
        ".{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let tmp = path.with_file_name(tmp_name);
    // Left by a dead process that had our process id: nobody's words.
    let _ = fs::remove_file(&tmp);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(&tmp)?;
    let placed = (|| {
        file.set_permissions(Permissions::from_mode(FILE_MODE))?;
        file.write_all(bytes)?;
        file.sync_all()?;
        match fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
            Err(_) if fs::symlink_metadata(path).is_ok() => Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} already exists", path.display()),
            )),
            Err(_) => fs::rename(&tmp, path),
        }
    })();
    drop(file);
    let _ = fs::remove_file(&tmp);
    placed?;
    sync_parent(path)
}

/// Is `name` one of the temporary files the `atomic-write-file` crate
/// makes when writing `target` (`.TARGET.XXXXXX`, six letters or digits)?
fn is_temporary_of(name: &[u8], target: &[u8]) -> bool {
    name.strip_prefix(b".")
        .and_then(|rest| rest.strip_prefix(target))
        .and_then(|rest| rest.strip_prefix(b"."))
        .is_some_and(|suffix| suffix.len() == 6 && suffix.iter().all(u8::is_ascii_alphanumeric))
}

/// Remove the temporary files a reflect that died mid-save left beside
/// `path` and its `.bak` (a kill between writing and renaming leaves one).
/// Only to be called while holding `path`'s lock, so no save is under way.
pub(super) fn remove_stale_temporaries(path: &Path) {
    let Ok(target) = write_target(path) else {
        return;
    };
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = name.as_bytes();
    let bak = backup_path(Path::new(target.file_name().unwrap_or_default()));
    let bak = bak.as_os_str().as_bytes();
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let entry_name = entry.file_name();
        let entry_name = entry_name.as_bytes();
        if (is_temporary_of(entry_name, name) || is_temporary_of(entry_name, bak))
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Flush the folder holding `path`, so a new name in it survives a crash.
fn sync_parent(path: &Path) -> io::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(parent)?.sync_all()
}

/// True when `path` exists and has exactly mode 0600.
pub(super) fn has_file_mode(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o7777 == FILE_MODE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_appends_to_the_file_name() {
        assert_eq!(
            backup_path(Path::new("a/b.ron")),
            PathBuf::from("a/b.ron.bak")
        );
        assert_eq!(
            sidecar(Path::new("b.ron"), "lock"),
            PathBuf::from("b.ron.lock")
        );
    }

    #[test]
    fn write_atomic_tightens_a_loose_file_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.ron");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o644)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert!(has_file_mode(&path));
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("f.ron")]);
    }

    #[test]
    fn create_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.ron");
        create_new(&path, b"first").unwrap();
        let err = create_new(&path, b"second").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
        assert!(has_file_mode(&path));
    }

    #[test]
    fn create_new_atomic_never_overwrites_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.ron");
        create_new_atomic(&path, b"first").unwrap();
        let err = create_new_atomic(&path, b"second").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
        assert!(has_file_mode(&path));
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![OsString::from("b.ron")]);
        // A folder that is not there is an error, and nothing is made.
        let gone = dir.path().join("gone").join("c.ron");
        assert_eq!(
            create_new_atomic(&gone, b"x").unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }

    #[test]
    fn only_the_temporary_files_of_the_file_and_its_backup_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let keep = [
            "a.ron",
            "a.ron.bak",
            "a.ron.lock",
            ".a.ron.abc",
            ".a.ron.abcdefg",
            ".a.ron.ab-def",
            ".b.ron.Xy12Zq",
            "a.ron.Xy12Zq",
        ];
        let stale = [".a.ron.Xy12Zq", ".a.ron.bak.000aaa"];
        for name in keep.iter().chain(&stale) {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        fs::create_dir(dir.path().join(".a.ron.Folder")).unwrap();
        remove_stale_temporaries(&path);
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let mut expected: Vec<_> = keep.iter().map(|s| s.to_string()).collect();
        expected.push(".a.ron.Folder".into());
        expected.sort();
        assert_eq!(names, expected);
    }

    #[test]
    fn writes_through_a_symbolic_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ron");
        let link = dir.path().join("link.ron");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let target = write_target(&link).unwrap();
        replace(&target, b"new", Some(b"old")).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&link).unwrap(), b"new");
        assert_eq!(fs::read(backup_path(&real)).unwrap(), b"old");
    }
}
