//! Writing an assessment: never over a version another program wrote.

use super::*;

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
pub(in crate::store) struct Written {
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
pub(super) fn write_assessment(
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
pub(in crate::store) fn read_on_disk(
    path: &Path,
    target: &Path,
) -> io::Result<Option<(Vec<u8>, Option<Stamp>)>> {
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
pub(super) fn read_unless_changed(
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
pub(in crate::store) fn read_and_check(
    path: &Path,
    target: &Path,
) -> io::Result<(Option<Vec<u8>>, Option<Stamp>)> {
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
