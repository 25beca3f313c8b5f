//! Where reflect may write a file the user names (`export --output`):
//! never over an assessment, its `.bak`, its lock or its closed reviews,
//! and never into the home's own folders.

use std::path::Path;

use super::backups::canonical as real;
use super::durable;
use super::home::Home;

/// Why `output` may not be written for a report on the assessment at
/// `assessment`, if it may not: it is the assessment, one of its side
/// files or closed reviews, or inside one of `home`'s own folders.
pub fn output_refusal(home: &Home, assessment: &Path, output: &Path) -> Option<String> {
    let out = real(output);
    let file = real(assessment);
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".ron").unwrap_or(&name);
    let folder = file.parent().unwrap_or(Path::new("/"));
    let own = [
        (file.clone(), "the assessment itself"),
        (durable::backup_path(&file), "the assessment's backup"),
        (durable::sidecar(&file, "lock"), "the assessment's lock"),
        (home.state_path(), "reflect's own state file"),
    ];
    for (path, what) in own {
        if out == real(&path) {
            return Some(format!(
                "{}: refusing to write over {what}",
                output.display()
            ));
        }
    }
    let inside = [
        (
            folder.join(format!("{stem}.reviews")),
            "the assessment's closed reviews",
        ),
        (home.assessments_dir(), "the home's assessments folder"),
        (home.backups_dir(), "the home's backups folder"),
        (home.frameworks_dir(), "the home's frameworks folder"),
    ];
    for (dir, what) in inside {
        if out.starts_with(real(&dir)) {
            return Some(format!(
                "{}: refusing to write into {what} ({}); choose a file elsewhere",
                output.display(),
                dir.display()
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn an_output_never_lands_on_the_assessment_its_side_files_or_the_home() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path().join("home"));
        fs::create_dir_all(home.assessments_dir()).unwrap();
        let file = home.assessments_dir().join("jo.ron");
        fs::write(&file, "x").unwrap();
        let outside = dir.path().join("out");
        fs::create_dir_all(&outside).unwrap();
        let elsewhere = outside.join("jo.ron");
        fs::write(&elsewhere, "x").unwrap();
        for bad in [
            file.clone(),
            home.assessments_dir().join("jo.ron.bak"),
            home.assessments_dir().join("jo.reviews/01-2026-01-01.ron"),
            home.assessments_dir().join("report.csv"),
            home.backups_dir().join("jo/x.csv"),
            home.state_path(),
            outside.join("../home/assessments/jo.ron"),
        ] {
            assert!(
                output_refusal(&home, &file, &bad).is_some(),
                "{}",
                bad.display()
            );
        }
        // An assessment outside the home: its own side files and reviews.
        for bad in [
            elsewhere.clone(),
            outside.join("jo.ron.bak"),
            outside.join("jo.ron.lock"),
            outside.join("jo.reviews/01.ron"),
        ] {
            assert!(
                output_refusal(&home, &elsewhere, &bad).is_some(),
                "{}",
                bad.display()
            );
        }
        assert_eq!(
            output_refusal(&home, &elsewhere, &outside.join("jo.csv")),
            None
        );
        assert_eq!(output_refusal(&home, &file, &outside.join("jo.csv")), None);
    }
}
