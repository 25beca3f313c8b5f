//! Reading a cohort: cohort shares and full assessments from files and
//! folders, levels only, one file at a time.
//!
//! Files are read and parsed on every core ([`gather`]); each file's
//! levels come back as a small record, and only the compact rows of
//! levels ([`CohortPerson`]) are kept, so memory grows with people, not
//! with files' notes. A file that cannot be used is skipped with the
//! reason, never failing the whole run.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use jiff::civil::Date;

use super::catalog::Catalog;
use super::document::{OpenError, check_assessment};
use super::home::Home;
use super::overview::describe;
use crate::format::{framework as bundled, parse_ron};
use crate::model::Framework;
use crate::model::cohort::{CohortPerson, Pairs, PersonReview, encode};
use crate::model::share::{RoleLevel, SHARE_KIND, SHARE_SCHEMA, Share};
use crate::model::{Assessment, Rating};

/// The largest file a cohort reads: a share of a large framework over
/// many years is well under 1 MB; a filled assessment a few MB.
const MAX_COHORT_FILE: u64 = 64 * 1024 * 1024;
/// How deep into folders the cohort looks.
const MAX_DEPTH: usize = 8;

/// A file not used, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub path: PathBuf,
    pub why: String,
}

/// One framework's people.
#[derive(Debug)]
pub struct Group {
    pub framework: Framework,
    pub pairs: Pairs,
    pub people: Vec<CohortPerson>,
    /// Files that gave this group someone or something.
    pub files: usize,
    /// Each person's key, to their place in `people`, and the first file
    /// that named them.
    keys: HashMap<String, (usize, PathBuf)>,
}

#[derive(Debug, Default)]
pub struct Gathered {
    /// By framework id.
    pub groups: BTreeMap<String, Group>,
    pub skipped: Vec<Skipped>,
}

/// One review's levels, as a file gives them: title, date, (standard, stage, level).
type Levels = (String, Date, Vec<(String, String, Rating)>);

/// What one file gave: levels by review, and who.
struct Record {
    path: PathBuf,
    framework: String,
    /// `id:<random id>`, or `file:<name>` for an assessment with none.
    key: String,
    name: Option<String>,
    role_level: Option<RoleLevel>,
    reviews: Vec<Levels>,
}

/// Every `.ron` file under `paths` (files as given; folders walked, not
/// into closed reviews' folders, backups or hidden folders, nor through
/// links to folders), and the paths that are neither.
fn files_under(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut todo: Vec<(PathBuf, usize)> = paths.iter().map(|p| (p.clone(), 0)).collect();
    todo.reverse();
    while let Some((path, depth)) = todo.pop() {
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                skipped.push(Skipped {
                    path,
                    why: format!("cannot be read: {e}"),
                });
                continue;
            }
        };
        if meta.is_file() {
            files.push(path);
            continue;
        }
        if !meta.is_dir() {
            skipped.push(Skipped {
                path,
                why: "not a file or a folder".into(),
            });
            continue;
        }
        if depth >= MAX_DEPTH {
            skipped.push(Skipped {
                path,
                why: format!("more than {MAX_DEPTH} folders deep"),
            });
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&path) else {
            skipped.push(Skipped {
                path,
                why: "the folder cannot be read".into(),
            });
            continue;
        };
        let mut inside: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let kind = e.file_type().ok();
                match kind {
                    Some(k) if k.is_dir() => {
                        !name.starts_with('.')
                            && !name.ends_with(".reviews")
                            && name != "backups"
                            && name != "tmp"
                    }
                    Some(k) if k.is_file() => {
                        name.ends_with(".ron") && !name.contains(".conflict-")
                    }
                    _ => false,
                }
            })
            .map(|e| e.path())
            .collect();
        inside.sort();
        for p in inside.into_iter().rev() {
            todo.push((p, depth + 1));
        }
    }
    (files, skipped)
}

/// The levels of `review`'s marks.
fn levels_of(review: &crate::model::Review) -> Vec<(String, String, Rating)> {
    let mut out = Vec::new();
    for (standard, stages) in &review.marks {
        for (stage, mark) in stages.iter() {
            if mark.rating.is_rated() {
                out.push((standard.clone(), stage.clone(), mark.rating));
            }
        }
    }
    out
}

/// Read one file: a share, or an assessment (levels only kept).
fn read(path: &Path) -> Result<Record, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot be read: {e}"))?;
    if meta.len() > MAX_COHORT_FILE {
        return Err(format!(
            "too large ({} MB; a cohort reads files of up to {} MB)",
            meta.len() / (1024 * 1024),
            MAX_COHORT_FILE / (1024 * 1024)
        ));
    }
    let bytes = super::durable::read_bounded(path).map_err(|e| format!("cannot be read: {e}"))?;
    let head = &bytes[..bytes.len().min(1024)];
    if String::from_utf8_lossy(head).contains(SHARE_KIND) {
        let text = std::str::from_utf8(&bytes).map_err(|_| "damaged: not UTF-8 text".to_owned())?;
        let share: Share =
            parse_ron(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|at| {
                format!(
                    "damaged: line {}, column {}: {}",
                    at.line, at.col, at.message
                )
            })?;
        if share.schema > SHARE_SCHEMA {
            return Err(format!(
                "a share of a newer reflect (share schema {}); update reflect",
                share.schema
            ));
        }
        if share.person.trim().is_empty() {
            return Err("damaged: the share has no person id".into());
        }
        return Ok(Record {
            path: path.to_owned(),
            framework: share.framework.id,
            key: format!("id:{}", share.person),
            name: share.name.filter(|n| !n.trim().is_empty()),
            role_level: share.role_level,
            reviews: share
                .reviews
                .into_iter()
                .map(|r| {
                    let levels = r
                        .levels
                        .into_iter()
                        .flat_map(|(standard, stages)| {
                            stages
                                .into_iter()
                                .map(move |(stage, rating)| (standard.clone(), stage, rating))
                        })
                        .filter(|(_, _, rating)| rating.is_rated())
                        .collect();
                    (r.title, r.date, levels)
                })
                .collect(),
        });
    }
    let assessment: Assessment = check_assessment(path, &bytes).map_err(|e| match &e {
        OpenError::Parse { .. } => format!("damaged: {}", describe(&e)),
        _ => describe(&e),
    })?;
    if assessment.sheet.is_some() {
        return Err("a rater's sheet, not an assessment".into());
    }
    let earlier = if assessment.complete() {
        Vec::new()
    } else {
        super::earlier::load_earlier(path, &assessment.earlier)
            .map_err(|e| describe(&e))?
            .iter()
            .map(|r| (r.title.clone(), r.date, levels_of(r)))
            .collect()
    };
    let mut reviews: Vec<Levels> = earlier;
    reviews.extend(
        assessment
            .reviews
            .iter()
            .map(|r| (r.title.clone(), r.date, levels_of(r))),
    );
    let key = match &assessment.person_id {
        Some(id) => format!("id:{id}"),
        None => format!("file:{}", path.display()),
    };
    Ok(Record {
        path: path.to_owned(),
        role_level: RoleLevel::guess(&assessment.framework.id, &assessment.person.role),
        framework: assessment.framework.id,
        key,
        // An assessment's name is not given by consent: never shown.
        name: None,
        reviews,
    })
}

/// Read every file under `paths` on every core, and gather each
/// framework's people. `home`: where custom frameworks are found.
pub fn gather(home: Option<&Home>, paths: &[PathBuf]) -> Gathered {
    let (files, mut skipped) = files_under(paths);
    let mut gathered = Gathered::default();
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8)
        .min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let (send, receive) = mpsc::sync_channel::<(usize, Result<Record, Skipped>)>(workers * 4);
    let mut frameworks: HashMap<String, Option<(Framework, Pairs)>> = HashMap::new();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let (files, next) = (&files, &next);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let record = read(path).map_err(|why| Skipped {
                        path: path.clone(),
                        why,
                    });
                    if send.send((i, record)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        // Taken in the files' order, whichever core read them first, so
        // the same files always give the same view (which of two copies
        // is the duplicate); only records that arrive early wait here.
        let mut early: BTreeMap<usize, Result<Record, Skipped>> = BTreeMap::new();
        let mut due = 0;
        let in_order = receive.into_iter().flat_map(|(i, record)| {
            early.insert(i, record);
            let mut ready = Vec::new();
            while let Some(record) = early.remove(&due) {
                ready.push(record);
                due += 1;
            }
            ready
        });
        for record in in_order {
            match record {
                Err(skip) => skipped.push(skip),
                Ok(record) => {
                    let known = frameworks
                        .entry(record.framework.clone())
                        .or_insert_with(|| {
                            let found = match home {
                                Some(home) => Catalog::find(home, &record.framework).ok().flatten(),
                                None => bundled::by_id(&record.framework).ok().flatten(),
                            };
                            found.map(|fw| {
                                let pairs = Pairs::of(&fw);
                                (fw, pairs)
                            })
                        });
                    let Some((framework, pairs)) = known else {
                        skipped.push(Skipped {
                            path: record.path,
                            why: format!(
                                "framework \"{}\" is not known to this reflect",
                                record.framework
                            ),
                        });
                        continue;
                    };
                    let group = gathered
                        .groups
                        .entry(record.framework.clone())
                        .or_insert_with(|| Group {
                            framework: framework.clone(),
                            pairs: pairs.clone(),
                            people: Vec::new(),
                            files: 0,
                            keys: HashMap::new(),
                        });
                    if let Some(why) = group.add(record) {
                        skipped.push(why);
                    }
                }
            }
        }
    });
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    gathered.skipped = skipped;
    // People in a stable order, whatever order the files were read in.
    for group in gathered.groups.values_mut() {
        group.people.sort_by(|a, b| a.key.cmp(&b.key));
        group.keys.clear();
    }
    gathered
}

impl Group {
    /// Take in one file's record; why it was skipped, if it added nothing.
    fn add(&mut self, record: Record) -> Option<Skipped> {
        let path = record.path;
        let (framework, pairs) = (&self.framework, &self.pairs);
        let reviews: Vec<PersonReview> = record
            .reviews
            .into_iter()
            .map(|(title, date, levels)| {
                let mut row = vec![crate::model::cohort::UNRATED; pairs.len()];
                for (standard, stage, rating) in levels {
                    if let Some(i) = pairs.find(framework, &standard, &stage) {
                        row[i] = encode(rating);
                    }
                }
                PersonReview {
                    title,
                    date,
                    levels: row,
                }
            })
            .collect();
        if reviews.is_empty() {
            return Some(Skipped {
                path,
                why: "it holds no review".into(),
            });
        }
        match self.keys.get(&record.key) {
            Some((at, first)) => {
                let person = &mut self.people[*at];
                let mut added = false;
                for review in reviews {
                    added |= person.add_review(review);
                }
                // A name is shown only if every file of theirs gave it.
                if record.name.is_none() {
                    person.name = None;
                }
                if person.role_level.is_none() {
                    person.role_level = record.role_level;
                }
                if added {
                    self.files += 1;
                    None
                } else {
                    Some(Skipped {
                        path,
                        why: format!(
                            "duplicate: the same person's reviews as {}",
                            first.display()
                        ),
                    })
                }
            }
            None => {
                let mut person = CohortPerson {
                    key: record.key.clone(),
                    name: record.name,
                    role_level: record.role_level,
                    reviews: Vec::new(),
                };
                for review in reviews {
                    person.add_review(review);
                }
                self.keys.insert(record.key, (self.people.len(), path));
                self.people.push(person);
                self.files += 1;
                None
            }
        }
    }
}
