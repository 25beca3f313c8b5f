//! `reflect sheet`, `reflect merge` and `reflect share`: a rater's sheet out
//! and back, and a person's consent to share their levels with a cohort.

use super::*;
use crate::model::assessment::Rater;
use crate::model::share::{RoleLevel, share_of};
use crate::model::sheet::{self, Side};

/// `reflect sheet`: a sheet for a rater to fill in on their own machine.
pub(super) fn sheet(
    home: Option<PathBuf>,
    file: &Path,
    role: &str,
    name: Option<&str>,
    output: Option<&Path>,
) -> Outcome {
    let resolved = Home::resolve(home.clone());
    let (assessment, framework) = load(home, file)?;
    if assessment.sheet.is_some() {
        return Err(Failure::usage(format!(
            "{}: this is a rater's sheet already; write a sheet from the assessment itself",
            file.display()
        )));
    }
    let role = crate::model::assessment::RaterRole::parse(role);
    let rater: Rater = sheet::rater_for(assessment.current(), &role, name);
    let sheet = sheet::sheet_for(&assessment, &framework, rater.clone(), today());
    let body = store::to_ron(&sheet)
        .map_err(|e| Failure::other(format!("cannot write the sheet: {e}")))?;
    let max = framework.max_level();
    let text = format!(
        "// A rater's sheet from reflect: {rater} rating {person}, \"{review}\".\n\
         // Open it with `reflect THIS-FILE` to rate in the app, or fill in `marks`\n\
         // by hand, a standard's id (listed under `standards`) then a stage:\n\
         //   marks: {{ \"{example}\": {{ \"{stage}\": (rating: Level(3), note: \"...\") }} }},\n\
         // Levels 1 to {max}, or NotApplicable; `private: true` keeps a note on this sheet.\n\
         // Then send it back, to be merged with `reflect merge`.\n{body}",
        rater = printable(&rater.display(), false),
        person = printable(&assessment.person.name, false),
        review = printable(&assessment.current().title, false),
        example = framework
            .standards()
            .next()
            .map_or("", |(_, s)| s.id.as_str()),
        stage = framework.stages.first().map_or("", |s| s.id.as_str()),
    );
    let path = match output {
        Some(output) => {
            if let Ok(home) = &resolved
                && let Some(why) = store::output_refusal(home, file, output)
            {
                return Err(Failure::usage(why));
            }
            if output.symlink_metadata().is_ok() {
                return Err(Failure::usage(format!(
                    "{}: a file is there already; a sheet is never written over one \
                     (it may be filled in). Choose another name",
                    output.display()
                )));
            }
            output.to_owned()
        }
        None => store::sheet_path(file, &rater.id),
    };
    store::write_private(&path, &text)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", path.display())))?;
    let review = &assessment.current().title;
    emit(&format!(
        "{}\n\
         A sheet for {} to rate {} in \"{review}\": send it to them. They open it with \
         `reflect {}` (or fill it in by hand), and send it back; bring it in with \
         `reflect merge {} SHEET`. It holds none of your notes or levels.\n",
        path.display(),
        rater.display(),
        assessment.person.name,
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        file.display(),
    ))
}

/// How `reflect merge` settles a field both sides changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Keep {
    /// What the assessment holds
    Ours,
    /// What the sheet holds
    Theirs,
}

/// Ask `question` on the terminal; `None` when there is no terminal to ask on.
fn ask(question: &str) -> Option<String> {
    if !io::stdin().is_terminal() {
        return None;
    }
    let mut err = io::stderr().lock();
    let _ = write!(err, "{question} ");
    let _ = err.flush();
    let mut answer = String::new();
    io::stdin().read_line(&mut answer).ok()?;
    Some(answer.trim().to_lowercase())
}

pub(super) struct MergeRequest {
    pub yes: bool,
    pub into_current: bool,
    pub keep: Option<Keep>,
}

/// `reflect merge`: a rater's sheet into the assessment, as their view.
pub(super) fn merge(
    home: Option<PathBuf>,
    file: &Path,
    sheet_file: &Path,
    request: MergeRequest,
) -> Outcome {
    let (sheet, _) = load(home.clone(), sheet_file)?;
    if sheet.sheet.is_none() {
        return Err(Failure::usage(format!(
            "{}: {}",
            sheet_file.display(),
            sheet::Refusal::NotASheet
        )));
    }
    if !sheet.earlier.is_empty() || sheet.reviews.len() != 1 {
        return Err(Failure::usage(format!(
            "{}: a rater's sheet holds one review; this one holds {}",
            sheet_file.display(),
            sheet.review_count()
        )));
    }
    let home = resolve_home(home)?;
    let mut doc = open_to_change(&home, file, "merge a sheet into it")?;
    doc.load_earlier_now()
        .map_err(|why| Failure::other(format!("{}: cannot merge: {why}", file.display())))?;
    let merge = sheet::plan_merge(
        &doc.assessment,
        &doc.framework,
        &sheet,
        request.into_current,
    )
    .map_err(|why| Failure::usage(format!("{}: {why}", sheet_file.display())))?;
    if merge.already {
        return emit(&format!(
            "Nothing to merge: {} was merged into {} before.\n",
            sheet_file.display(),
            file.display()
        ));
    }
    if merge.is_empty() {
        return emit(&format!(
            "Nothing to merge: {}'s view on {} is already in {}.\n",
            merge.rater.display(),
            sheet_file.display(),
            file.display()
        ));
    }
    let mut preview = format!(
        "Merging {} into {}, review \"{}\":\n  {}\n",
        sheet_file.display(),
        file.display(),
        doc.assessment.current().title,
        merge.describe()
    );
    if let Some(from) = &merge.mapped_from {
        preview.push_str(&format!(
            "  The sheet was for \"{}\" of {}: its levels go into the current review.\n",
            from.title, from.date
        ));
    }
    for line in merge.lines(&doc.framework) {
        preview.push_str(&format!("  {line}\n"));
    }
    emit(&preview)?;
    let conflicts = merge.conflicts();
    let side = if conflicts == 0 {
        Side::Theirs
    } else {
        match request.keep {
            Some(Keep::Ours) => Side::Ours,
            Some(Keep::Theirs) => Side::Theirs,
            None => match ask(&format!(
                "{conflicts} field{} changed both here and on the sheet: keep yours (y) \
                 or take the sheet's (t)? The other is kept in a conflict copy. [y/t/q]",
                if conflicts == 1 { " was" } else { "s were" }
            ))
            .as_deref()
            {
                Some("y" | "yours" | "ours") => Side::Ours,
                Some("t" | "theirs") => Side::Theirs,
                Some(_) => return emit("Nothing merged.\n"),
                None => {
                    return Err(Failure::usage(
                        "fields changed on both sides: say which to keep with \
                         --keep ours or --keep theirs (the other is kept in a conflict copy)",
                    ));
                }
            },
        }
    };
    if !request.yes {
        match ask("Merge? [y/N]").as_deref() {
            Some("y" | "yes") => {}
            Some(_) => return emit("Nothing merged.\n"),
            None => {
                return Err(Failure::usage(
                    "no terminal to ask on: add --yes to merge without asking",
                ));
            }
        }
    }
    let mut kept = None;
    if conflicts > 0 {
        let mut alternative = doc.assessment.clone();
        merge
            .apply(alternative.current_mut(), side.other())
            .map_err(|e| Failure::other(e.to_string()))?;
        kept = Some(
            doc.write_conflict_copy_of(&home, &alternative, None)
                .map_err(|e| Failure::other(format!("cannot keep the other values: {e}")))?,
        );
    }
    merge
        .apply(doc.assessment.current_mut(), side)
        .map_err(|e| Failure::other(e.to_string()))?;
    doc.save().map_err(|e| Failure::other(e.to_string()))?;
    let settled = match (conflicts, side) {
        (0, _) => "",
        (_, Side::Ours) => " Where both changed a field, yours is kept.",
        (_, Side::Theirs) => " Where both changed a field, the sheet's is taken.",
    };
    let mut done = format!("Merged: {}.{settled}\n", merge.describe());
    if let Some(kept) = kept {
        done.push_str(&format!(
            "The values not taken are kept in {}.\n",
            kept.display()
        ));
    }
    emit(&done)
}

/// Whom a share is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShareFor {
    /// HR or a learning team's cohort view: levels only
    Cohort,
}

pub(super) struct ShareRequest {
    pub with_name: bool,
    pub level: Option<RoleLevel>,
    pub output: Option<PathBuf>,
    pub yes: bool,
}

pub(super) fn parse_level(text: &str) -> Result<RoleLevel, String> {
    RoleLevel::parse(text).ok_or_else(|| {
        format!(
            "\"{text}\" is not a role level: {}",
            RoleLevel::ALL.map(RoleLevel::id).join(", ")
        )
    })
}

/// `reflect share --for cohort`: levels only, for HR or a learning team.
pub(super) fn share(home: Option<PathBuf>, file: &Path, request: ShareRequest) -> Outcome {
    let home = resolve_home(home)?;
    let mut doc = open_to_change(&home, file, "share it")?;
    if doc.assessment.sheet.is_some() {
        return Err(Failure::usage(format!(
            "{}: a rater's sheet is not shared with a cohort; send it back to be merged",
            file.display()
        )));
    }
    doc.load_earlier_now()
        .map_err(|why| Failure::other(format!("{}: cannot share: {why}", file.display())))?;
    let a = &doc.assessment;
    let level = request
        .level
        .or_else(|| RoleLevel::guess(&a.framework.id, &a.person.role));
    let (id, new_id) = match &a.person_id {
        Some(id) => (id.clone(), false),
        None => (
            store::random_id()
                .map_err(|e| Failure::other(format!("cannot make a random id: {e}")))?,
            true,
        ),
    };
    let share = share_of(a, &id, request.with_name, level);
    let mut preview = format!(
        "The share holds, and nothing else:\n  \
         framework: {} version {}\n  \
         you: {}{}\n  \
         role level: {}\n",
        share.framework.id,
        share.framework.version,
        if new_id {
            "a new random id (kept in your assessment once written, so your later shares link up \
             with this one)"
                .to_owned()
        } else {
            format!(
                "your random id {} (the one your earlier shares carry)",
                share.person
            )
        },
        match &share.name {
            Some(name) => format!("; name: {name}"),
            None => "; no name (add --with-name to give it)".into(),
        },
        match level {
            Some(l) => l.label().to_owned(),
            None => format!(
                "not given (add --level: {})",
                RoleLevel::ALL.map(RoleLevel::id).join(", ")
            ),
        },
    );
    for review in &share.reviews {
        let levels: usize = review.levels.values().map(|s| s.len()).sum();
        preview.push_str(&format!(
            "  review \"{}\" of {}{}: {levels} level{}\n",
            review.title,
            review.date,
            review
                .closed
                .map(|d| format!(", closed {d}"))
                .unwrap_or_default(),
            if levels == 1 { "" } else { "s" }
        ));
    }
    preview.push_str("  No notes, no raters' views, no agreed levels, no next steps, no plan.\n");
    emit(&preview)?;
    if !request.yes {
        match ask("Write it? [y/N]").as_deref() {
            Some("y" | "yes") => {}
            Some(_) => return emit("Nothing written.\n"),
            None => {
                return Err(Failure::usage(
                    "no terminal to ask on: add --yes to write the share without asking",
                ));
            }
        }
    }
    let text = store::to_ron(&share)
        .map_err(|e| Failure::other(format!("cannot write the share: {e}")))?;
    let path = match &request.output {
        Some(output) => {
            if let Some(why) = store::output_refusal(&home, file, output) {
                return Err(Failure::usage(why));
            }
            output.clone()
        }
        None => {
            let dir = home.ensure_shares().map_err(|e| {
                Failure::other(format!("cannot make {}: {e}", home.shares_dir().display()))
            })?;
            let name = match &share.name {
                Some(_) => file
                    .file_stem()
                    .map_or_else(|| "assessment".into(), |s| s.to_string_lossy().into_owned()),
                None => format!("person-{}", share.person.get(..8).unwrap_or(&share.person)),
            };
            store::share_path(&dir, &name, today())
        }
    };
    if doc.assessment.person_id.is_none() {
        doc.assessment.person_id = Some(id);
        doc.assessment.settle_schema();
        doc.save().map_err(|e| Failure::other(e.to_string()))?;
    }
    store::write_private(&path, &text)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", path.display())))?;
    emit(&format!("{}\n", path.display()))
}
