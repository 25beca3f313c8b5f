//! `reflect new`: create an assessment.

use super::*;

pub(super) fn new(
    home: Option<PathBuf>,
    id: &str,
    name: &str,
    role: &str,
    file: Option<&Path>,
) -> Outcome {
    let home = resolve_home(home)?;
    let Some(framework) = find_framework(Some(&home), id)? else {
        return Err(Failure::usage(format!(
            "unknown framework \"{id}\"; known frameworks: {}",
            known_ids(Some(&home))
        )));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(Failure::usage("--name must not be empty"));
    }
    if file.is_none() {
        home.ensure().map_err(|e| {
            Failure::other(format!(
                "cannot create {}: {e}",
                home.assessments_dir().display()
            ))
        })?;
    }
    let path = store::new_assessment(&home, &framework, name, role.trim(), file)
        .map_err(Failure::anyhow)?;
    // `reflect` with no FILE opens what was just created.
    let _ = home.set_recent(&path);
    emit(&format!("{}\n", path.display()))
}
