//! Writing files so that a crash, a full disk or a power cut never leaves a
//! half-written file where the user's words were.
//!
//! Every file reflect writes goes through here: the new content goes to a
//! temporary file in the same folder, is flushed to disk, renamed over the
//! old name, and the folder is flushed too (the `atomic-write-file` crate
//! does the temporary-file dance). Files are always mode 0600, whatever
//! mode the file they replace had and whatever the umask is.
//!
//! A [`Stamp`] tells one version of a file from another without reading
//! it, so a save can trust a file this process wrote or read itself (see
//! `document::write_assessment`).

use std::ffi::OsString;
use std::fs::{self, File, Metadata, OpenOptions, Permissions};
use std::io::{self, Read as _, Write};
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::{MetadataExt as _, OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

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

/// One version of a file, told from any other without reading it: the
/// same file (device and inode), the same length, the same modification
/// time and the same change time, to the nanosecond. Writing in place
/// changes the times, replacing the file changes the inode, and no program
/// can set the change time (`touch -d`, `cp -p` and editors that keep the
/// modification time still move it). The times are only as fine as the
/// file system's clock (a few milliseconds at worst on Linux, 2 seconds on
/// FAT): a second write of the same length within the same tick would look
/// like the first, which no one editing by hand can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    dev: u64,
    ino: u64,
    pub len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    pub fn of(meta: &Metadata) -> Stamp {
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }

    /// The stamp of the file at `path` now (links followed), if there is one.
    pub fn at(path: &Path) -> Option<Stamp> {
        fs::metadata(path)
            .ok()
            .filter(Metadata::is_file)
            .map(|m| Stamp::of(&m))
    }

    /// The same file, length and modification time: what can be compared
    /// before and after a rename, which moves only the change time.
    fn same_content(&self, other: &Stamp) -> bool {
        (self.dev, self.ino, self.len, self.mtime) == (other.dev, other.ino, other.len, other.mtime)
    }
}

/// A hash of a file's content, to tell whether a file whose [`Stamp`]
/// changed still holds the same words (a sync tool or `cp` that rewrote
/// the same bytes, a `chmod`). Only ever compared within one process.
///
/// Word by word, each step `h -> (rotl(h, 5) ^ word) * K` with `K` odd is a
/// one-to-one map of `h` for a given word, so two contents of the same
/// length that differ anywhere always hash differently (the states part at
/// the first differing word and no later step can bring them together);
/// contents of different lengths start from different states. About twice
/// as fast as the standard library's SipHash, and on the saver thread.
pub(super) fn content_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let step = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
    let mut words = bytes.chunks_exact(8);
    let mut h = bytes.len() as u64;
    for word in &mut words {
        h = step(h, u64::from_le_bytes(word.try_into().unwrap_or([0; 8])));
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    step(h, u64::from_le_bytes(tail))
}

/// The largest file reflect reads: far larger than any real assessment
/// (10,000 standards rated in five reviews, notes and all, is 45 MB).
pub const MAX_READ: u64 = 256 * 1024 * 1024;

/// Open `path` for reading as a file reflect may read: a regular file (a
/// FIFO, a device or a folder is refused at once, never waited on) of at
/// most [`MAX_READ`] bytes. Callers put the path in front of the error.
pub(super) fn open_regular(path: &Path) -> io::Result<File> {
    // Non-blocking, so opening a FIFO with no writer does not hang.
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device, a FIFO or a socket)"
        };
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{what}, so reflect will not read it"),
        ));
    }
    if meta.len() > MAX_READ {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "{} MB, far larger than any assessment or framework (reflect reads files of up \
                 to {} MB)",
                meta.len() / (1024 * 1024),
                MAX_READ / (1024 * 1024)
            ),
        ));
    }
    Ok(file)
}

/// The bytes of a file reflect may read ([`open_regular`]).
pub(super) fn read_bounded(path: &Path) -> io::Result<Vec<u8>> {
    read_stamped(path).map(|(bytes, _)| bytes)
}

/// The bytes of the file at `path`, and the stamp of exactly those bytes:
/// `None` if the file changed while it was being read. Only a regular file
/// of at most [`MAX_READ`] bytes is read ([`open_regular`]).
pub(super) fn read_stamped(path: &Path) -> io::Result<(Vec<u8>, Option<Stamp>)> {
    let file = open_regular(path)?;
    let before = file.metadata()?;
    // A file that grows while it is read stops at the limit all the same.
    let mut file = file.take(MAX_READ + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(before.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    let file = file.into_inner();
    let after = Stamp::of(&file.metadata()?);
    let stamp =
        (before.is_file() && Stamp::of(&before) == after && after.len == bytes.len() as u64)
            .then_some(after);
    Ok((bytes, stamp))
}

/// Atomically and durably replace (or create) `path` with `bytes`, mode 0600.
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_then(path, bytes, || Ok(())).map(drop)
}

/// [`write_atomic`], running `before_rename` once the new bytes are
/// durably on disk and just before they are renamed over `path` (if it
/// fails, nothing is renamed and `path` is as it was). Returns the stamp
/// of the file written, if `path` certainly still holds it.
fn write_atomic_then(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce() -> io::Result<()>,
) -> io::Result<Option<Stamp>> {
    let mut options = AtomicWriteFile::options();
    options.mode(FILE_MODE).preserve_mode(false);
    let mut file = options.open(path)?;
    // The mode given at creation is masked by the umask; make it exact.
    file.as_file()
        .set_permissions(Permissions::from_mode(FILE_MODE))?;
    file.write_all(bytes)?;
    // The commit flushes the file too, but flushing it here first keeps
    // the slow part out of `before_rename`'s window.
    file.as_file().sync_all()?;
    let ours = Stamp::of(&file.as_file().metadata()?);
    before_rename()?;
    // Flushes the file (already done), renames it over `path`, flushes the folder.
    file.commit()?;
    // A rename moves the change time: take the stamp from `path`, if it is
    // still the file just written and unchanged since (another program
    // could have replaced it in the instant since the rename).
    Ok(Stamp::at(path).filter(|now| now.same_content(&ours)))
}

/// Replace `path` with `bytes`, keeping what `path` holds now (if anything)
/// as `PATH.bak`. `previous` is those bytes, if the caller has read them:
/// they are needed only where the old file cannot be kept by a hard link.
/// Both steps are atomic and durable, and the backup is in place before the
/// new file is, so at every instant both the old words and (once written)
/// the new ones are on disk. Returns the stamp of the file written (see
/// [`write_atomic_then`]).
pub(super) fn replace(
    path: &Path,
    bytes: &[u8],
    previous: Option<&[u8]>,
) -> io::Result<Option<Stamp>> {
    let bak = backup_path(path);
    let mut linked = None;
    let stamp = write_atomic_then(path, bytes, || {
        linked = keep_previous(path, &bak, previous)?;
        Ok(())
    });
    if stamp.is_err()
        && let Some(old) = linked
    {
        // The old file is still in place, now also named `PATH.bak`: take
        // that name away again, so the file is never left with two names
        // (see `keep_previous`). Nothing is lost: it is the same file.
        if Stamp::at(&bak).is_some_and(|b| (b.dev, b.ino) == (old.dev, old.ino))
            && Stamp::at(path).is_some_and(|p| (p.dev, p.ino) == (old.dev, old.ino))
        {
            let _ = fs::remove_file(&bak);
        }
    }
    stamp
}

/// Keep what `path` holds now as `bak`: by a hard link to the file itself
/// where that is safe, otherwise by writing a copy of its bytes. Returns the
/// stamp of the linked file when it linked one.
///
/// The hard link costs nothing however big the file, and is safe because
/// the old file is never changed again by reflect: the next step renames a
/// new file over `path`, after which `PATH.bak` is the old file's only name,
/// so neither a later save nor an editor opening `path` can reach it. (The
/// dated backups are copies for the opposite reason: a link to the file
/// just written would share it with `path`, and an editor that writes in
/// place, as vim does with a file that has more than one name, would change
/// the backup too.) The old file has two names only from the link to the
/// rename, milliseconds (13 ms for a 45 MB file, most of it freeing the
/// older `.bak`): the new bytes are written and flushed before the link is
/// made (see [`write_atomic_then`]). An editor writing into
/// `path` in that instant changes `PATH.bak` too, which then holds the
/// edit instead of the version before it; the rename would have lost that
/// edit anyway, as it would with a copy. A failed write removes the second
/// name again ([`replace`]), and so does opening after a kill
/// ([`remove_stale_temporaries`]).
///
/// A copy is made instead when the old file is not one of ours: already
/// linked elsewhere (the user's own hard link would then share `PATH.bak`
/// with a file anyone may edit), not mode 0600 (the backup would not be
/// private), not a plain file, or on a file system without hard links.
fn keep_previous(path: &Path, bak: &Path, previous: Option<&[u8]>) -> io::Result<Option<Stamp>> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        // Nothing there (deleted while open): nothing to keep.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if meta.is_file() && meta.nlink() == 1 && meta.mode() & 0o7777 == FILE_MODE {
        // Flushing a file that is already on disk costs nothing; one a
        // program wrote without flushing must be before it is the backup.
        let linked = File::open(path)
            .and_then(|file| file.sync_all())
            .and_then(|()| link_as(path, bak));
        if linked.is_ok() {
            return Ok(Some(Stamp::of(&meta)));
        }
    }
    let read;
    let bytes = match previous {
        Some(bytes) => bytes,
        None => match fs::read(path) {
            Ok(bytes) => {
                read = bytes;
                &read
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        },
    };
    write_atomic(bak, bytes).map(|()| None)
}

/// Give the file at `path` the name `to` too, atomically replacing whatever
/// `to` was, and flush the folder: a hard link under a temporary name
/// `.TO.XXXXXX` (which [`remove_stale_temporaries`] clears after a kill),
/// renamed to `to`.
fn link_as(path: &Path, to: &Path) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let name = to.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{}: not a file name", to.display()),
        )
    })?;
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::from(d.subsec_nanos()));
    let mut attempt = 0;
    let tmp = loop {
        let mut x = (u64::from(std::process::id()) << 32
            ^ COUNTER.fetch_add(1, Ordering::Relaxed) << 16
            ^ nanos)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut tmp_name = OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(".");
        for _ in 0..6 {
            tmp_name.push(char::from(DIGITS[(x % 62) as usize]).to_string());
            x /= 62;
        }
        let tmp = to.with_file_name(tmp_name);
        match fs::hard_link(path, &tmp) {
            Ok(()) => break tmp,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 8 => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    if let Err(e) = fs::rename(&tmp, to) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_parent(to)
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
    // A kill between linking the file as its `.bak` and renaming the new
    // file over it leaves the file with two names (see `keep_previous`):
    // `.bak` is then the file itself, so dropping that name loses nothing.
    let bak = backup_path(&target);
    if let (Ok(file), Ok(backup)) = (fs::symlink_metadata(&target), fs::symlink_metadata(&bak))
        && file.is_file()
        && (file.dev(), file.ino()) == (backup.dev(), backup.ino())
    {
        let _ = fs::remove_file(&bak);
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
    fn any_change_of_a_byte_changes_the_content_hash() {
        let text: Vec<u8> = (0..203u32).map(|i| (i * 7 % 251) as u8).collect();
        let base = content_hash(&text);
        for at in 0..text.len() {
            for bit in 0..8 {
                let mut changed = text.clone();
                changed[at] ^= 1 << bit;
                assert_ne!(content_hash(&changed), base, "byte {at} bit {bit}");
            }
        }
        assert_ne!(content_hash(&text[..202]), base);
        assert_ne!(content_hash(b""), content_hash(b"\0"));
        assert_eq!(content_hash(&text), base);
    }

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
