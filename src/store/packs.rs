//! Where an appraisal pack goes when the user does not say: beside the
//! assessment, named for what it is, and never over a file reflect did not
//! write.

use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use super::document::slug;

/// What every HTML pack reflect writes carries near its top, so a later
/// pack may replace it (and nothing else).
pub const PACK_MARK: &str = "<meta name=\"generator\" content=\"reflect\">";

/// `<folder>/<stem>-appraisal-pack-<review>-for-<audience>.<ext>`, beside
/// the assessment at `assessment`.
pub fn pack_path(assessment: &Path, review: &str, audience: &str, ext: &str) -> PathBuf {
    let stem = assessment
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "assessment".into());
    let review = slug(review);
    let review = if review.is_empty() {
        "review".into()
    } else {
        review
    };
    assessment.with_file_name(format!(
        "{}-appraisal-pack-{review}-for-{}.{ext}",
        slug(&stem),
        slug(audience)
    ))
}

/// Whether the file at `path` is a pack reflect wrote (its first 4 KB hold
/// [`PACK_MARK`]).
fn written_by_reflect(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    String::from_utf8_lossy(&head).contains(PACK_MARK)
}

/// Where a pack whose usual place is `path` may go: `path` itself when it
/// is free or an earlier pack of reflect's, else the first of `-2`, `-3`,
/// ... that is, so a file of someone else's is never written over.
pub fn free_pack_path(path: &Path) -> PathBuf {
    // Nothing there (not even a dangling link), or a pack of reflect's.
    super::sheets::first_free(path, |p| {
        p.symlink_metadata().is_err() || written_by_reflect(p)
    })
}

/// Write to `path` what `write` writes, atomically and durably, readable
/// by the owner only: for output too large to hold in memory first.
pub fn write_private_with(
    path: &Path,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut options = atomic_write_file::OpenOptions::new();
    #[cfg(unix)]
    {
        use atomic_write_file::unix::OpenOptionsExt as _;
        use std::os::unix::fs::OpenOptionsExt as _;
        options.preserve_mode(false).mode(0o600);
    }
    let file = options.open(path)?;
    let mut buffered = io::BufWriter::new(file);
    write(&mut buffered)?;
    let file = buffered.into_inner().map_err(|e| e.into_error())?;
    file.commit()
}

/// Write `text` to `path` atomically and durably, readable by the owner only.
pub fn write_private(path: &Path, text: &str) -> io::Result<()> {
    let mut options = atomic_write_file::OpenOptions::new();
    #[cfg(unix)]
    {
        use atomic_write_file::unix::OpenOptionsExt as _;
        use std::os::unix::fs::OpenOptionsExt as _;
        options.preserve_mode(false).mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_is_named_for_what_it_is_beside_the_assessment() {
        let path = pack_path(
            Path::new("/h/assessments/jane-o-neill.ron"),
            "November 2026 review",
            "leader",
            "html",
        );
        assert_eq!(
            path,
            Path::new(
                "/h/assessments/jane-o-neill-appraisal-pack-november-2026-review-for-leader.html"
            )
        );
    }

    #[test]
    fn a_file_reflect_did_not_write_is_never_the_place_for_a_pack() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.html");
        assert_eq!(free_pack_path(&path), path);
        std::fs::write(&path, "<html>someone's own page</html>").unwrap();
        let other = free_pack_path(&path);
        assert_eq!(other, dir.path().join("p-2.html"));
        std::fs::write(&path, format!("<html><head>{PACK_MARK}</head></html>")).unwrap();
        assert_eq!(free_pack_path(&path), path, "an earlier pack is replaced");
    }
}
