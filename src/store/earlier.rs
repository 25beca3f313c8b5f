//! Closed reviews in files of their own (schema 2).
//!
//! A closed review never changes, so it is written once, to
//! `<stem>.reviews/NN-DATE.ron` beside the assessment `<stem>.ron`, and
//! the assessment file names it in `earlier`. A save then rewrites only
//! the current review, and opening reads only that before the first frame;
//! the closed reviews are read after, on another thread. The one exception
//! to "written once" is a framework change that moves their marks
//! (renamed or removed standards), which rewrites them as a save would.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::model::assessment::SPLIT_SCHEMA;
use crate::model::assessment::{EarlierFile, EarlierRef};
use crate::model::{Assessment, Review, SCHEMA_VERSION};

use super::backups::{Place, keep_closed};
use super::document::{OpenError, locate_file_entry, parse_file};
use super::durable;
use super::home::create_private_dir;
use crate::format::Located;
use crate::format::{parse_ron, to_ron};

/// Where `file` (as an [`EarlierRef`] names it) is, for the assessment at `main`.
pub(super) fn earlier_path(main: &Path, file: &str) -> PathBuf {
    let file = Path::new(file);
    if file.is_absolute() {
        return file.to_path_buf();
    }
    main.parent().unwrap_or(Path::new(".")).join(file)
}

/// Read the closed reviews `refs` names, in order.
pub(super) fn load_earlier(main: &Path, refs: &[EarlierRef]) -> Result<Vec<Review>, OpenError> {
    refs.iter().map(|r| load_one(main, r)).collect()
}

/// The folder, beside `main`, where its closed reviews are kept:
/// `<stem>.reviews` for `<stem>.ron`.
fn folder_name(main: &Path) -> String {
    let stem = main
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".ron").unwrap_or(&stem).to_owned();
    format!("{stem}.reviews")
}

/// Is `file` (as an assessment at `main` names one of its closed reviews)
/// a plain name inside the assessment's own `.reviews` folder? No absolute
/// path, no `..`, nothing else: an assessment someone sent cannot make
/// reflect read or write anywhere else. The error says why.
pub(super) fn check_file_name(main: &Path, file: &str) -> Result<(), String> {
    use std::path::Component;
    let folder = folder_name(main);
    let parts: Vec<Component> = Path::new(file).components().collect();
    let fine = match parts.as_slice() {
        [Component::Normal(dir), Component::Normal(name)] => {
            let name = name.to_string_lossy();
            dir.to_str() == Some(folder.as_str())
                && name.ends_with(".ron")
                && !name.starts_with('.')
        }
        _ => false,
    };
    if fine {
        Ok(())
    } else {
        Err(format!(
            "a closed review's file must be a name inside {folder}/ beside the assessment (such \
             as \"{folder}/01-2026-05-11.ron\"), not \"{file}\": reflect reads and writes \
             nothing outside an assessment's own folder"
        ))
    }
}

/// The path of a closed review's file, once it is known to be where it
/// should be ([`check_file_name`]) and the folder and the file on disk are
/// what they seem: a real folder and a regular file, neither a symbolic
/// link (which could lead out of the folder). `must_exist`: a missing file
/// is an error too.
fn checked_path(main: &Path, file: &str, must_exist: bool) -> io::Result<PathBuf> {
    let invalid = |message: String| io::Error::new(io::ErrorKind::InvalidInput, message);
    check_file_name(main, file).map_err(invalid)?;
    let path = earlier_path(main, file);
    let folder = path.parent().unwrap_or(Path::new("."));
    match fs::symlink_metadata(folder) {
        Ok(meta) if meta.file_type().is_symlink() || !meta.is_dir() => {
            return Err(invalid(format!(
                "{}: not a plain folder (a symbolic link, or a file), so reflect will not use it",
                folder.display()
            )));
        }
        Err(e) if must_exist || e.kind() != io::ErrorKind::NotFound => {
            return Err(io::Error::new(
                e.kind(),
                format!("{}: {e}", folder.display()),
            ));
        }
        _ => {}
    }
    match fs::symlink_metadata(&path) {
        Ok(meta) if !meta.file_type().is_file() => Err(invalid(format!(
            "{}: not a regular file (a symbolic link, a folder, a device or a FIFO), so \
             reflect will not use it",
            path.display()
        ))),
        Err(e) if must_exist || e.kind() != io::ErrorKind::NotFound => {
            Err(io::Error::new(e.kind(), format!("{}: {e}", path.display())))
        }
        _ => Ok(path),
    }
}

pub(super) fn load_one(main: &Path, earlier: &EarlierRef) -> Result<Review, OpenError> {
    // Why the file cannot be used, at the `file:` entry that names it.
    let at_entry = |why: String| {
        let text = durable::read_bounded(main)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        let (line, col) = locate_file_entry(&text, &earlier.file);
        OpenError::Parse {
            path: main.to_path_buf(),
            at: Located {
                line,
                col,
                message: format!("cannot read the closed review \"{}\": {why}", earlier.title),
            },
        }
    };
    let path = checked_path(main, &earlier.file, true).map_err(|e| at_entry(e.to_string()))?;
    let bytes =
        durable::read_bounded(&path).map_err(|e| at_entry(format!("{}: {e}", path.display())))?;
    let file: EarlierFile = parse_file(&path, &bytes)?;
    if file.schema > SCHEMA_VERSION {
        // It read, but a newer reflect may mean more by it: do not guess.
        return Err(OpenError::Invalid {
            path,
            message: format!(
                "written by a newer reflect (schema {}); this reflect reads schemas up to \
                 {SCHEMA_VERSION}: update reflect to open it",
                file.schema
            ),
        });
    }
    Ok(file.review)
}

/// Write each closed review the assessment file still holds (all in
/// `reviews` but the last, after those already in files) to a file of its
/// own, and name it in `earlier`; returns the files it created (not those
/// it found already there with the same words), so a caller whose save
/// then fails can take them back ([`unspill`]). Stops at the first
/// that cannot be written: the rest stay in the assessment file, which is
/// as safe, and are tried again on the next save. The assessment file must
/// be saved after this for the new names to count.
///
/// Needs every review loaded (`assessment.complete()`); does nothing otherwise.
pub(super) fn spill(
    main: &Path,
    assessment: &mut Assessment,
    backups: Option<&Place>,
) -> io::Result<Vec<PathBuf>> {
    if !assessment.complete() {
        return Ok(Vec::new());
    }
    let closed = assessment.reviews.len().saturating_sub(1);
    let mut written = Vec::new();
    while assessment.earlier.len() < closed {
        let index = assessment.earlier.len();
        let review = &assessment.reviews[index];
        let (file, created) = write_new(main, index, review)?;
        if created {
            let path = earlier_path(main, &file);
            keep(backups, &path);
            written.push(path);
        }
        assessment.earlier.push(EarlierRef {
            title: review.title.clone(),
            date: review.date,
            frozen: review.frozen,
            file,
        });
        assessment.earlier_loaded = true;
        assessment.schema = assessment.schema.max(SPLIT_SCHEMA);
    }
    Ok(written)
}

/// The text of a closed review's file.
fn text_of(review: &Review) -> io::Result<String> {
    let file = EarlierFile {
        schema: review.needed_schema(),
        review: review.clone(),
    };
    let text = to_ron(&file).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    // As for the assessment file: never write what would not read back.
    if parse_ron::<EarlierFile>(&text).ok().as_ref() != Some(&file) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the closed review \"{}\" would not read back as it is (a defect in reflect; \
                 please report it)",
                review.title
            ),
        ));
    }
    Ok(text)
}

/// Create review `index`'s file under a name not taken (or taken by
/// exactly these bytes, left by a save that stopped before the assessment
/// file named it), and return the name relative to the assessment's folder.
fn write_new(main: &Path, index: usize, review: &Review) -> io::Result<(String, bool)> {
    let stem = main
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.strip_suffix(".ron").unwrap_or(&stem).to_owned();
    let folder = format!("{stem}.reviews");
    create_private_dir(&earlier_path(main, &folder), false)?;
    let text = text_of(review)?;
    for n in 1..=100 {
        let name = match n {
            1 => format!("{folder}/{:02}-{}.ron", index + 1, review.date),
            n => format!("{folder}/{:02}-{}-{n}.ron", index + 1, review.date),
        };
        let path = earlier_path(main, &name);
        match durable::create_new_atomic(&path, text.as_bytes()) {
            Ok(()) => return Ok((name, true)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                if fs::read(&path).is_ok_and(|bytes| bytes == text.as_bytes()) {
                    return Ok((name, false));
                }
            }
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("cannot write {}: {e}", path.display()),
                ));
            }
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("no free file name for review {} in {folder}", index + 1),
    ))
}

/// Write the closed reviews' files again, after a framework change moved
/// their marks (the previous version of each is kept as its `.bak`).
/// Take back what [`spill`] did when the assessment file could not be
/// saved after it: remove the files it `created` and their names from
/// `earlier` (the reviews are still in `reviews`), so a failed save leaves
/// no file that nothing names.
pub(super) fn unspill(assessment: &mut Assessment, main: &Path, created: &[PathBuf]) {
    assessment
        .earlier
        .retain(|e| !created.contains(&earlier_path(main, &e.file)));
    for file in created {
        let _ = fs::remove_file(file);
    }
    let folder = earlier_path(main, &folder_name(main));
    // Only if it is empty now: made for these alone.
    let _ = fs::remove_dir(folder);
}

/// Remove the temporary files a killed save left in the assessment's
/// `.reviews` folder: reflect writes nothing hidden there but those.
pub(super) fn remove_stale_temporaries(main: &Path) {
    let folder = earlier_path(main, &folder_name(main));
    if !fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) {
        return;
    }
    let Ok(entries) = fs::read_dir(&folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Keep the closed review's file at `path`, as it is now, among the dated
/// backups (best effort: a backup that cannot be made fails no save).
fn keep(backups: Option<&Place>, path: &Path) {
    if let (Some(place), Some(name), Ok(bytes)) = (
        backups,
        path.file_name().and_then(|n| n.to_str()),
        durable::read_bounded(path),
    ) {
        let _ = keep_closed(place, name, &bytes);
    }
}

pub(super) fn rewrite(
    main: &Path,
    assessment: &Assessment,
    backups: Option<&Place>,
) -> io::Result<()> {
    if !assessment.complete() {
        return Ok(());
    }
    for (earlier, review) in assessment.earlier.iter().zip(&assessment.reviews) {
        let text = text_of(review)?;
        let path = checked_path(main, &earlier.file, false)?;
        // The version before too: `.bak` keeps it only until the next rewrite.
        keep(backups, &path);
        durable::replace(&path, text.as_bytes(), None)?;
        keep(backups, &path);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::store::document::tests::assessment;

    /// `a.ron` in `dir` with one closed review moved to its own file; that file's path.
    fn spilled(dir: &Path) -> (PathBuf, Assessment, PathBuf) {
        let main = dir.join("a.ron");
        let mut a = assessment("then");
        a.start_review("Next", date(2026, 12, 1)).unwrap();
        assert_eq!(spill(&main, &mut a, None).unwrap().len(), 1);
        let file = earlier_path(&main, &a.earlier[0].file);
        (main, a, file)
    }

    #[test]
    fn a_closed_review_file_that_is_a_link_or_not_a_file_is_an_error_at_its_entry() {
        let dir = tempfile::tempdir().unwrap();
        let (main, a, file) = spilled(dir.path());
        // The assessment names it on this line and column.
        let text = to_ron(&a.file_part()).unwrap();
        fs::write(&main, &text).unwrap();
        let line = text.lines().position(|l| l.contains("file:")).unwrap() + 1;
        let col = text.lines().nth(line - 1).unwrap().find("file:").unwrap() + 1;
        let outside = dir.path().join("outside.ron");
        fs::rename(&file, &outside).unwrap();
        std::os::unix::fs::symlink(&outside, &file).unwrap();
        for case in ["a link", "a folder", "missing"] {
            match case {
                "a folder" => {
                    fs::remove_file(&file).unwrap();
                    fs::create_dir(&file).unwrap();
                }
                "missing" => fs::remove_dir(&file).unwrap(),
                _ => {}
            }
            let err = load_earlier(&main, &a.earlier).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("{}:{line}:{col}: ", main.display())),
                "{case}: {err}"
            );
            assert!(err.contains(&*file.to_string_lossy()), "{case}: {err}");
        }
    }

    #[test]
    fn a_closed_review_reads_back_with_a_byte_order_mark_too() {
        let dir = tempfile::tempdir().unwrap();
        let (main, a, file) = spilled(dir.path());
        assert_eq!(load_earlier(&main, &a.earlier).unwrap()[..], a.reviews[..1]);
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(fs::read(&file).unwrap());
        fs::write(&file, bytes).unwrap();
        assert_eq!(load_earlier(&main, &a.earlier).unwrap()[..], a.reviews[..1]);
    }

    #[test]
    fn a_broken_missing_or_newer_closed_review_is_named_with_where() {
        let dir = tempfile::tempdir().unwrap();
        let (main, a, file) = spilled(dir.path());
        fs::write(&file, "(schema: 2,\n  review: (title: ").unwrap();
        let err = load_earlier(&main, &a.earlier).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:2:", file.display())), "{err}");

        fs::write(&file, "(schema: 9, review: (something: \"new\"))").unwrap();
        let err = load_earlier(&main, &a.earlier).unwrap_err().to_string();
        assert!(err.contains("newer reflect (schema 9)"), "{err}");

        fs::remove_file(&file).unwrap();
        let err = load_earlier(&main, &a.earlier).unwrap_err().to_string();
        assert!(
            err.contains("cannot read the closed review") && err.contains(&*file.to_string_lossy()),
            "{err}"
        );
    }
}
