//! Which frameworks there are: the bundled ones, and the user's own files in
//! `<home>/frameworks/*.ron`. A file whose framework id is a bundled id
//! replaces that bundled framework, so an organisation can drop in its
//! official wording (keeping the standard ids keeps everyone's ratings).
//!
//! A broken file never stops reflect: [`Catalog::load`] reports it as a
//! problem and leaves its framework out. Its framework is left out even
//! when a bundled one has the same id, because falling back to the bundled
//! wording would archive the marks of every standard it lacks.
//!
//! Opening an assessment needs one framework, and start-up time matters,
//! so [`Catalog::find`] reads only what it must: each custom file's `id`
//! (scanned from its first lines, not parsed), then the one file or
//! bundled framework that matches.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::format::Problem;
use crate::format::framework::{self as bundled, parse_framework};
use crate::format::outline::scan_id;
use crate::model::Framework;

use super::home::Home;

/// Where a framework comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Bundled,
    File(PathBuf),
}

/// A framework available to use.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub framework: Framework,
    pub source: Source,
    /// A custom file that replaces the bundled framework with the same id.
    pub replaces_bundled: bool,
}

/// A custom framework file that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub path: PathBuf,
    /// The framework id the file declares, when it can be told.
    pub id: Option<String>,
    /// What is wrong, one line each: `PATH:LINE:COL: message`, or
    /// `PATH: message` where there is no position.
    pub problems: Vec<String>,
}

impl Broken {
    /// One line for the start screen.
    pub fn summary(&self) -> String {
        let first = self.problems.first().map_or("", String::as_str);
        match self.problems.len() {
            0 | 1 => format!("Not used: {first}"),
            n => format!(
                "Not used: {first} (and {} more; `reflect validate FILE` lists them)",
                n - 1
            ),
        }
    }
}

/// Every framework available, and every custom file that is not usable.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Bundled frameworks in their usual order (replaced in place by custom
    /// files with their ids), then the other custom ones by file name.
    pub frameworks: Vec<Entry>,
    pub broken: Vec<Broken>,
}

/// A custom file, read.
struct Custom {
    path: PathBuf,
    /// The declared id if it can be scanned, else the file's stem.
    id: String,
    text: Result<String, String>,
}

impl Catalog {
    /// Read every framework: bundled and custom. Never fails: what cannot
    /// be used is in [`Catalog::broken`].
    pub fn load(home: &Home) -> Catalog {
        let mut catalog = Catalog::default();
        let bundled = match bundled::all() {
            Ok(all) => all,
            Err(e) => {
                catalog.broken.push(Broken {
                    path: PathBuf::from("data/frameworks"),
                    id: None,
                    problems: vec![format!("{e:#}")],
                });
                Vec::new()
            }
        };

        let mut custom: Vec<(PathBuf, Framework)> = Vec::new();
        let files: Vec<Custom> = custom_files(home).into_iter().map(read_custom).collect();
        for (i, file) in files.iter().enumerate() {
            let twins: Vec<&Custom> = files.iter().filter(|f| f.id == file.id).collect();
            if twins.len() > 1 {
                let others: Vec<String> = twins
                    .iter()
                    .filter(|f| f.path != file.path)
                    .map(|f| f.path.display().to_string())
                    .collect();
                catalog.broken.push(Broken {
                    path: file.path.clone(),
                    id: Some(file.id.clone()),
                    problems: vec![format!(
                        "{}: framework \"{}\" is also declared by {}; keep one file per \
                         framework (neither is used)",
                        file.path.display(),
                        file.id,
                        others.join(", ")
                    )],
                });
                continue;
            }
            match parse(&files[i]) {
                Ok(framework) => custom.push((file.path.clone(), framework)),
                Err(problems) => catalog.broken.push(Broken {
                    path: file.path.clone(),
                    id: Some(file.id.clone()),
                    problems,
                }),
            }
        }

        let is_broken = |id: &str| catalog.broken.iter().any(|b| b.id.as_deref() == Some(id));
        let mut entries = Vec::new();
        for framework in bundled {
            if let Some(at) = custom.iter().position(|(_, f)| f.id == framework.id) {
                let (path, framework) = custom.remove(at);
                entries.push(Entry {
                    framework,
                    source: Source::File(path),
                    replaces_bundled: true,
                });
            } else if !is_broken(&framework.id) {
                entries.push(Entry {
                    framework,
                    source: Source::Bundled,
                    replaces_bundled: false,
                });
            }
        }
        entries.extend(custom.into_iter().map(|(path, framework)| Entry {
            framework,
            source: Source::File(path),
            replaces_bundled: false,
        }));
        catalog.frameworks = entries;
        catalog
    }

    /// The framework with this id, if there is one.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.frameworks.iter().find(|e| e.framework.id == id)
    }

    /// Every problem line, broken file by broken file.
    pub fn problems(&self) -> Vec<String> {
        self.broken
            .iter()
            .flat_map(|b| b.problems.iter().cloned())
            .collect()
    }

    /// The framework with this id, reading only what is needed: `Ok(None)`
    /// when there is none; an error when the custom file for it cannot be
    /// used (which never falls back to a bundled one: see the module docs).
    pub fn find(home: &Home, id: &str) -> Result<Option<Framework>, FindError> {
        let candidates: Vec<Custom> = custom_files(home)
            .into_iter()
            .map(read_custom)
            .filter(|c| c.id == id)
            .collect();
        match candidates.as_slice() {
            [] => {}
            [one] => {
                return match parse(one) {
                    Ok(framework) => Ok(Some(framework)),
                    Err(problems) => Err(FindError {
                        id: id.to_owned(),
                        message: format!(
                            "{} cannot be used:\n{}",
                            one.path.display(),
                            problems.join("\n")
                        ),
                    }),
                };
            }
            many => {
                let paths: Vec<String> =
                    many.iter().map(|c| c.path.display().to_string()).collect();
                return Err(FindError {
                    id: id.to_owned(),
                    message: format!(
                        "more than one file declares it ({}); keep one file per framework",
                        paths.join(", ")
                    ),
                });
            }
        }
        bundled::by_id(id).map_err(|e| FindError {
            id: id.to_owned(),
            message: format!("{e:#}"),
        })
    }

    /// The ids of every framework, bundled then custom, without parsing any
    /// (for "it knows: ..." messages).
    pub fn known_ids(home: &Home) -> Vec<String> {
        let mut ids: Vec<String> = bundled::SOURCES
            .iter()
            .map(|(name, _)| name.trim_end_matches(".ron").to_owned())
            .collect();
        for file in custom_files(home).into_iter().map(read_custom) {
            if !ids.contains(&file.id) {
                ids.push(file.id);
            }
        }
        ids
    }
}

/// Why [`Catalog::find`] could not give a framework.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindError {
    pub id: String,
    pub message: String,
}

impl fmt::Display for FindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "framework \"{}\": {}", self.id, self.message)
    }
}

impl std::error::Error for FindError {}

/// The `*.ron` files in `<home>/frameworks`, by name. Hidden files are skipped.
fn custom_files(home: &Home) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(home.frameworks_dir()) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".ron") && !name.starts_with('.')
        })
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn read_custom(path: PathBuf) -> Custom {
    let text = read_text(&path).map_err(|e| e.to_string());
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = text.as_ref().ok().and_then(|t| scan_id(t)).unwrap_or(stem);
    Custom { path, id, text }
}

/// Parse and validate a custom file: the framework, or its problem lines.
fn parse(file: &Custom) -> Result<Framework, Vec<String>> {
    let text = file.text.as_ref().map_err(|e| vec![e.clone()])?;
    parse_framework(text).map_err(|problems| {
        problems
            .iter()
            .map(|p| format!("{}:{p}", file.path.display()))
            .collect()
    })
}

/// Why a framework file's text could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io {
        path: PathBuf,
        source: io::Error,
    },
    /// Not UTF-8: where the first bad byte is.
    Encoding {
        path: PathBuf,
        at: Problem,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ReadError::Encoding { path, at } => write!(f, "{}:{at}", path.display()),
        }
    }
}

impl std::error::Error for ReadError {}

/// A text file's contents, as UTF-8.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = super::durable::read_bounded(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let good = e.utf8_error().valid_up_to();
        let good = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
        let line_start = good.rfind('\n').map_or(0, |i| i + 1);
        ReadError::Encoding {
            path: path.to_path_buf(),
            at: Problem {
                line: good.matches('\n').count() + 1,
                col: good[line_start..].chars().count() + 1,
                message: "not valid UTF-8 text (save the file as UTF-8)".into(),
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home() -> (tempfile::TempDir, Home) {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path());
        fs::create_dir_all(home.frameworks_dir()).unwrap();
        (dir, home)
    }

    fn bundled_text(id: &str) -> &'static str {
        bundled::SOURCES
            .iter()
            .find(|(name, _)| name.trim_end_matches(".ron") == id)
            .unwrap()
            .1
    }

    #[test]
    fn with_no_custom_files_it_is_the_bundled_frameworks() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path().join("none"));
        let catalog = Catalog::load(&home);
        let ids: Vec<&str> = catalog
            .frameworks
            .iter()
            .map(|e| e.framework.id.as_str())
            .collect();
        assert_eq!(ids, ["senior-leadership", "chief-executives"]);
        assert!(catalog.broken.is_empty());
        assert!(Catalog::find(&home, "chief-executives").unwrap().is_some());
        assert!(Catalog::find(&home, "nope").unwrap().is_none());
        assert_eq!(
            Catalog::known_ids(&home),
            ["senior-leadership", "chief-executives"]
        );
    }

    #[test]
    fn a_file_with_a_bundled_id_replaces_it_in_place() {
        let (_dir, home) = home();
        let text = bundled_text("senior-leadership").replace(
            "title: \"Local Government Senior Leadership Development Framework\"",
            "title: \"Our own wording\"",
        );
        let path = home.frameworks_dir().join("ours.ron");
        fs::write(&path, text).unwrap();
        let catalog = Catalog::load(&home);
        assert!(catalog.broken.is_empty(), "{:?}", catalog.broken);
        let first = &catalog.frameworks[0];
        assert_eq!(first.framework.title, "Our own wording");
        assert_eq!(first.source, Source::File(path));
        assert!(first.replaces_bundled);
        assert_eq!(catalog.frameworks.len(), 2);
        let found = Catalog::find(&home, "senior-leadership").unwrap().unwrap();
        assert_eq!(found.title, "Our own wording");
    }

    #[test]
    fn a_broken_file_is_a_problem_and_hides_the_bundled_one_it_would_replace() {
        let (_dir, home) = home();
        let text = bundled_text("chief-executives").replacen(
            "stage: \"knowledge\"",
            "stage: \"nowhere\"",
            1,
        );
        fs::write(home.frameworks_dir().join("ce.ron"), text).unwrap();
        fs::write(
            home.frameworks_dir().join("junk.ron"),
            "(id: \"junk\", oops",
        )
        .unwrap();
        let catalog = Catalog::load(&home);
        let ids: Vec<&str> = catalog
            .frameworks
            .iter()
            .map(|e| e.framework.id.as_str())
            .collect();
        assert_eq!(ids, ["senior-leadership"]);
        assert_eq!(catalog.broken.len(), 2);
        let problems = catalog.problems();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("ce.ron:") && p.contains("nowhere")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("junk.ron:1:")),
            "{problems:?}"
        );
        assert!(catalog.broken[0].summary().starts_with("Not used: "));
        let err = Catalog::find(&home, "chief-executives").unwrap_err();
        assert!(err.to_string().contains("nowhere"), "{err}");
        assert!(Catalog::find(&home, "senior-leadership").unwrap().is_some());
        assert!(Catalog::known_ids(&home).contains(&"junk".to_owned()));
    }

    #[test]
    fn two_files_with_one_id_are_both_left_out() {
        let (_dir, home) = home();
        let text =
            bundled_text("chief-executives").replace("id: \"chief-executives\"", "id: \"ours\"");
        fs::write(home.frameworks_dir().join("a.ron"), &text).unwrap();
        fs::write(home.frameworks_dir().join("b.ron"), &text).unwrap();
        let catalog = Catalog::load(&home);
        assert_eq!(catalog.frameworks.len(), 2);
        assert_eq!(catalog.broken.len(), 2);
        assert!(Catalog::find(&home, "ours").is_err());
    }

    #[test]
    fn non_utf8_is_located() {
        let (_dir, home) = home();
        let path = home.frameworks_dir().join("bad.ron");
        fs::write(&path, b"(\n  id: \"x\xff\"").unwrap();
        let err = read_text(&path).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("bad.ron:2:9: not valid UTF-8 text (save the file as UTF-8)"),
            "{err}"
        );
    }
}
