//! Where a rater's sheet and a cohort share go when the user does not say:
//! beside the assessment, named for what they are, never over any file
//! that is already there (a sheet may have been filled in since).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::document::slug;

fn stem_of(assessment: &Path) -> String {
    let stem = assessment
        .file_stem()
        .map(|s| slug(&s.to_string_lossy()))
        .unwrap_or_default();
    if stem.is_empty() {
        "assessment".into()
    } else {
        stem
    }
}

/// `<folder>/<stem>-sheet-<rater>.ron` beside the assessment, or `-2`, `-3`... when taken.
pub fn sheet_path(assessment: &Path, rater: &str) -> PathBuf {
    free_path(&assessment.with_file_name(format!(
        "{}-sheet-{}.ron",
        stem_of(assessment),
        slug(rater)
    )))
}

/// `<dir>/<name>-cohort-share-<date>.ron`, or `-2`, `-3`... when taken.
/// `name`: the person's (only when they give it) or part of their random
/// id, so a folder of shares names no one who did not choose to be named.
pub fn share_path(dir: &Path, name: &str, date: jiff::civil::Date) -> PathBuf {
    let name = slug(name);
    free_path(&dir.join(format!("{name}-cohort-share-{date}.ron")))
}

/// `path` if nothing is there (not even a dangling link), else the first
/// free of `-2`, `-3`, ...
pub fn free_path(path: &Path) -> PathBuf {
    first_free(path, |p| p.symlink_metadata().is_err())
}

/// `path` if `free` says it is, else the first of `-2`, `-3`, ... that is.
pub(super) fn first_free(path: &Path, free: impl Fn(&Path) -> bool) -> PathBuf {
    if free(path) {
        return path.to_owned();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|s| format!(".{}", s.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|n| path.with_file_name(format!("{stem}-{n}{ext}")))
        .find(|p| free(p))
        .unwrap_or_else(|| path.to_owned())
}

/// A new random id (128 bits, hex) from the system's random source: never
/// derived from anything about the person.
pub fn random_id() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_never_lands_on_a_file_already_there() {
        let dir = tempfile::tempdir().unwrap();
        let assessment = dir.path().join("Alex Example.ron");
        let first = sheet_path(&assessment, "line-manager");
        assert_eq!(
            first,
            dir.path().join("alex-example-sheet-line-manager.ron")
        );
        std::fs::write(&first, "filled in already").unwrap();
        assert_eq!(
            sheet_path(&assessment, "line-manager"),
            dir.path().join("alex-example-sheet-line-manager-2.ron")
        );
    }

    #[test]
    fn ids_are_random() {
        let a = random_id().unwrap();
        let b = random_id().unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    }
}
