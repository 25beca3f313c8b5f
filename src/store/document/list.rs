//! The assessments in a home folder.

use super::*;

/// An assessment file found in the home folder.
#[derive(Debug)]
pub struct Listed {
    pub path: PathBuf,
    pub modified: Option<SystemTime>,
    pub assessment: Result<Assessment, OpenError>,
}

/// The assessment files in `<home>/assessments` with when each last
/// changed, newest first (then by path), from the folder's metadata alone:
/// every `*.ron` that is a plain file (links followed), not hidden, and
/// not a rescue or conflict copy. So backups (`.bak`), locks (`.lock`)
/// and those copies are left out.
pub fn assessment_files(home: &Home) -> Vec<(Option<SystemTime>, PathBuf)> {
    let Ok(entries) = fs::read_dir(home.assessments_dir()) else {
        return Vec::new();
    };
    let mut files: Vec<(Option<SystemTime>, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".ron") && !name.starts_with('.') && !is_side_copy(&name)
        })
        .filter_map(|entry| {
            let path = entry.path();
            let meta = fs::metadata(&path).ok().filter(|m| m.is_file())?;
            Some((meta.modified().ok(), path))
        })
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    files
}

/// Is a file of this name a copy reflect made beside an assessment (a
/// rescue copy or a conflict copy), not an assessment of its own?
pub(in crate::store) fn is_side_copy(name: &str) -> bool {
    name.contains(".rescue-") || name.contains(".conflict-")
}

/// Every assessment file ([`assessment_files`]), newest change first, each
/// loaded; files that do not load are listed with their error.
pub fn list_assessments(home: &Home) -> Vec<Listed> {
    assessment_files(home)
        .into_iter()
        .map(|(modified, path)| Listed {
            modified,
            // The file alone: closed reviews in files of their own are not needed to list it.
            assessment: load_main(&path),
            path,
        })
        .collect()
}
