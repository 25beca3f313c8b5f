//! `reflect cohort`: the cohort view of many people's shares, for HR and
//! learning teams. Levels only; small groups suppressed.

use super::*;
use crate::model::cohort::{self, CohortReport};
use crate::report::cohort::{CohortFormat, CohortView, SkippedFile};
use crate::store::cohort::{Gathered, gather};

/// Read the files and work out each framework's picture.
pub fn view_of(home: Option<&Home>, paths: &[PathBuf], min_group: usize) -> (CohortView, Gathered) {
    let gathered = gather(home, paths);
    let frameworks: Vec<Framework> = gathered
        .groups
        .values()
        .map(|g| g.framework.clone())
        .collect();
    let offers = match home {
        Some(home) => store::offers(home, &frameworks).0,
        None => Vec::new(),
    };
    let groups: Vec<CohortReport> = gathered
        .groups
        .values()
        .map(|g| cohort::build(&g.framework, &g.pairs, &g.people, &offers, min_group))
        .collect();
    let view = CohortView {
        files: gathered.groups.values().map(|g| g.files).sum(),
        skipped: gathered
            .skipped
            .iter()
            .map(|s| SkippedFile {
                path: s.path.display().to_string(),
                why: s.why.clone(),
            })
            .collect(),
        groups,
        min_group,
        prepared: today().to_string(),
    };
    (view, gathered)
}

pub(super) fn cohort(
    home: Option<PathBuf>,
    config: Option<PathBuf>,
    paths: &[PathBuf],
    format: Option<CohortFormat>,
    min_group: usize,
    output: Option<&Path>,
) -> Outcome {
    if min_group == 0 {
        return Err(Failure::usage("--min-group must be 1 or more"));
    }
    let resolved = Home::resolve(home).ok();
    let on_terminal = io::stdout().is_terminal() && io::stdin().is_terminal();
    if format.is_none() && output.is_none() && on_terminal {
        return super::app::open_cohort(resolved, config, paths, min_group);
    }
    let (view, gathered) = view_of(resolved.as_ref(), paths, min_group);
    let format = format.unwrap_or(
        match output
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .as_deref()
        {
            Some("md" | "markdown") => CohortFormat::Md,
            Some("html" | "htm") => CohortFormat::Html,
            Some("csv") => CohortFormat::Csv,
            Some("json") => CohortFormat::Json,
            _ => CohortFormat::Text,
        },
    );
    for s in &view.skipped {
        eprintln!("{}: skipped: {}", s.path, s.why);
    }
    let to_file = output.filter(|p| *p != Path::new("-"));
    let text = match format {
        CohortFormat::Text => report::cohort::text(&view, false),
        CohortFormat::Md => report::cohort::text(&view, true),
        CohortFormat::Html => {
            // The user's own template, as for the appraisal pack.
            let custom = store::ConfigDir::resolve(config).and_then(|c| {
                let name = "templates/cohort.html";
                match c.read(name) {
                    Ok(text) => text.map(|t| (t, c.file(name).display().to_string())),
                    Err(e) => {
                        eprintln!("reflect: {e} (the built-in template is used)");
                        None
                    }
                }
            });
            report::cohort::html(
                &view,
                custom.as_ref().map(|(t, o)| (t.as_str(), o.as_str())),
            )
            .map_err(Failure::usage)?
        }
        CohortFormat::Json => {
            serde_json::to_string_pretty(&view)
                .map_err(|e| Failure::other(format!("cannot write JSON: {e}")))?
                + "\n"
        }
        CohortFormat::Csv => {
            // Streamed, person by person: the long form is large.
            let groups: Vec<_> = gathered
                .groups
                .values()
                .zip(&view.groups)
                .map(|(g, r)| {
                    (
                        &g.framework,
                        &g.pairs,
                        g.people.as_slice(),
                        r.names.is_some(),
                    )
                })
                .collect();
            for (g, r) in gathered.groups.values().zip(&view.groups) {
                if g.people.len() < min_group {
                    eprintln!(
                        "reflect: {}: {} people, fewer than {min_group}: no rows written for them",
                        r.framework_id,
                        g.people.len()
                    );
                }
            }
            let write = |w: &mut dyn io::Write| report::cohort::csv(&groups, min_group, true, w);
            return match to_file {
                Some(path) => {
                    store::write_private_with(path, write).map_err(|e| {
                        Failure::other(format!("cannot write {}: {e}", path.display()))
                    })?;
                    emit(&format!("{}\n", path.display()))
                }
                None => match write(&mut io::BufWriter::new(io::stdout().lock())) {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                    Err(e) => Err(Failure::other(format!(
                        "cannot write to standard output: {e}"
                    ))),
                },
            };
        }
    };
    match to_file {
        Some(path) => {
            store::write_private(path, &text)
                .map_err(|e| Failure::other(format!("cannot write {}: {e}", path.display())))?;
            emit(&format!("{}\n", path.display()))
        }
        None => match format {
            CohortFormat::Text | CohortFormat::Md => emit(&text),
            _ => emit_exact(&text),
        },
    }
}
