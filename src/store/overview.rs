//! One line per assessment in the home folder: who, which framework, which
//! review, how far rated, when last changed. The start screen and
//! `reflect list` show the same lines.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::SystemTime;

use crate::model::Framework;
use crate::model::migrate::migrate;
use crate::model::progress::framework_tally;

use super::catalog::Catalog;
use super::document::{OpenError, list_assessments};
use super::home::Home;

#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub path: PathBuf,
    pub file: String,
    /// What the file holds, or why it cannot be read.
    pub summary: Result<Summary, String>,
    pub modified: Option<SystemTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub name: String,
    pub role: String,
    pub framework: String,
    pub review: String,
    /// Rated pairs and all pairs in the current review; `None` if the framework is unknown.
    pub rated: Option<(usize, usize)>,
    /// The due dates of the plan's items still to do (undated ones left out).
    pub open_due: Vec<jiff::civil::Date>,
}

impl Summary {
    /// How many of the plan's items still to do were due before `today`.
    pub fn overdue(&self, today: jiff::civil::Date) -> usize {
        self.open_due.iter().filter(|d| **d < today).count()
    }

    pub fn progress(&self) -> String {
        match self.rated {
            Some((rated, total)) => format!("{rated}/{total}"),
            None => "?".into(),
        }
    }
}

/// Every assessment in `<home>/assessments`, newest change first.
pub fn overview(home: &Home) -> Vec<Overview> {
    // Each framework is read once, and only if an assessment uses it.
    let mut frameworks: HashMap<String, Option<Framework>> = HashMap::new();
    list_assessments(home)
        .into_iter()
        .map(|item| {
            let file = item.path.file_name().map_or_else(
                || item.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let summary = match item.assessment {
                Err(e) => Err(describe(&e)),
                Ok(a) => {
                    let fw = frameworks
                        .entry(a.framework.id.clone())
                        .or_insert_with(|| Catalog::find(home, &a.framework.id).ok().flatten());
                    let rated = fw.as_ref().map(|fw| {
                        // As the app will show it: with the framework's renames applied.
                        let mut migrated = a.clone();
                        migrate(&mut migrated, fw);
                        let t = framework_tally(fw, migrated.current());
                        (t.rated, t.total)
                    });
                    Ok(Summary {
                        // A rater's sheet says so, and whose.
                        name: match &a.sheet {
                            Some(sheet) => {
                                format!("{} (sheet for {})", a.person.name, sheet.rater.display())
                            }
                            None => a.person.name.clone(),
                        },
                        role: a.person.role.clone(),
                        framework: a.framework.id.clone(),
                        review: a.current().title.clone(),
                        rated,
                        open_due: {
                            let plan = &a.plan;
                            let objectives = plan.objectives.iter().map(|o| (o.status, o.due));
                            let actions = plan.actions.iter().map(|x| (x.status, x.due));
                            objectives
                                .chain(actions)
                                .filter(|(status, _)| status.is_open())
                                .filter_map(|(_, due)| due)
                                .collect()
                        },
                    })
                }
            };
            Overview {
                path: item.path,
                file,
                summary,
                modified: item.modified,
            }
        })
        .collect()
}

/// An open error in a few words, without the path (the line names the file).
pub fn describe(err: &OpenError) -> String {
    match err {
        OpenError::Io { source, .. } => source.to_string(),
        OpenError::Parse { at, .. } => {
            format!("line {}, column {}: {}", at.line, at.col, at.message)
        }
        OpenError::Invalid { message, .. } => message.clone(),
    }
}

/// A modification time as local `YYYY-MM-DD HH:MM`.
pub fn local_time(time: SystemTime) -> String {
    match jiff::Timestamp::try_from(time) {
        Ok(ts) => ts
            .to_zoned(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => "–".to_owned(),
    }
}
