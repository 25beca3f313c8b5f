//! `reflect summary` and `reflect export`.

use super::*;

pub(super) fn summary(
    home: Option<PathBuf>,
    file: &Path,
    review: Option<usize>,
    report: Report,
) -> Outcome {
    let (assessment, framework) = load(home, file)?;
    let index = review_index(&assessment, review)?;
    match report {
        Report::Summary => emit(&report::summary::render_review_within(
            &framework,
            &assessment,
            index,
            terminal_width(),
        )),
        Report::Json => emit_json(&report::summary::json(&framework, &assessment, index)),
        Report::Compare { changed_only } => {
            match report::compare::render_within(
                &framework,
                &assessment,
                index,
                changed_only,
                terminal_width(),
            ) {
                Some(text) => emit(&text),
                None => Err(Failure::usage(format!(
                    "--compare: review {} (\"{}\") is the first review; there is none before \
                     it to compare with (`reflect review start` begins the next)",
                    index + 1,
                    assessment.reviews[index].title
                ))),
            }
        }
    }
}

/// What `reflect export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// A review's levels and notes, one row per standard and stage
    Ratings,
    /// The development plan, one row per objective and action
    Plan,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn export(
    home: Option<PathBuf>,
    file: &Path,
    format: report::Format,
    what: What,
    output: Option<&Path>,
    review: Option<usize>,
    options: report::ExportOptions,
) -> Outcome {
    let resolved = Home::resolve(home.clone());
    let (assessment, framework) = load(home, file)?;
    let index = review_index(&assessment, review)?;
    let text = match what {
        What::Ratings => report::export(format, &framework, &assessment, index, options),
        What::Plan => report::plan::csv(&framework, &assessment, today(), options),
    };
    let Some(output) = output else {
        // To a pipe or a file the export is data, written exactly; to a
        // terminal it is text to read, and nothing in it may drive the terminal.
        if io::stdout().is_terminal() {
            return emit(&text);
        }
        return emit_exact(&text);
    };
    if let Ok(home) = resolved
        && let Some(why) = store::output_refusal(&home, file, output)
    {
        return Err(Failure::usage(why));
    }
    write_private(output, &text)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", output.display())))?;
    emit(&format!("{}\n", output.display()))
}

/// What `reflect report` was asked for.
pub(super) struct PackRequest {
    pub format: Option<report::render::PackFormat>,
    pub review: Option<usize>,
    pub audience: report::pack::Audience,
    pub include_private: bool,
    pub output: Option<PathBuf>,
}

/// `reflect report`: the appraisal pack.
pub(super) fn pack(
    home: Option<PathBuf>,
    config: Option<PathBuf>,
    file: &Path,
    request: PackRequest,
) -> Outcome {
    let resolved = Home::resolve(home.clone());
    // The pack is of one review and the one before: the other closed
    // reviews' files are not read (BENCHMARKS.md).
    let (assessment, framework) = load_with(home, file, |path| {
        store::load_assessment_for_review(path, request.review)
    })?;
    let index = review_index(&assessment, request.review)?;
    let offers = match &resolved {
        Ok(home) => {
            let (offers, problems) = store::offers(home, std::slice::from_ref(&framework));
            for problem in &problems {
                eprintln!("{problem} (left out)");
            }
            offers
        }
        Err(_) => Vec::new(),
    };
    let options = report::pack::Options {
        audience: request.audience,
        include_private: request.include_private,
        prepared: today(),
    };
    let pack = report::pack::build(&framework, &assessment, index, &offers, options);
    // Without --format, the output's name says which.
    let named = request
        .output
        .as_deref()
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let format = request.format.unwrap_or(match named.as_deref() {
        Some("md" | "markdown") => report::render::PackFormat::Md,
        _ => report::render::PackFormat::Html,
    });
    let to_stdout = request.output.as_deref() == Some(Path::new("-"));
    let custom = store::ConfigDir::resolve(config).and_then(|c| {
        let name = format!("templates/{}", format.template_name());
        match c.read(&name) {
            Ok(text) => text.map(|t| (t, c.file(&name).display().to_string())),
            Err(e) => {
                eprintln!("reflect: {e} (the built-in template is used)");
                None
            }
        }
    });
    let text = report::render::render(
        &pack,
        format,
        custom.as_ref().map(|(t, o)| (t.as_str(), o.as_str())),
    )
    .map_err(Failure::usage)?;
    let output = match (request.output.filter(|_| !to_stdout), format) {
        (None, _) if to_stdout => {
            if io::stdout().is_terminal() {
                return emit(&text);
            }
            return emit_exact(&text);
        }
        (Some(output), _) => {
            if let Ok(home) = &resolved
                && let Some(why) = store::output_refusal(home, file, &output)
            {
                return Err(Failure::usage(why));
            }
            output
        }
        (None, report::render::PackFormat::Md) => {
            if io::stdout().is_terminal() {
                return emit(&text);
            }
            return emit_exact(&text);
        }
        (None, _) => store::free_pack_path(&store::pack_path(
            file,
            &assessment.reviews[index].title,
            request.audience.id(),
            format.extension(),
        )),
    };
    store::write_private(&output, &text)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", output.display())))?;
    emit(&format!("{}\n", output.display()))
}
