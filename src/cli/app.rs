//! `reflect [FILE]`: open the app, everything that can fail checked first.

use super::*;

/// `reflect [FILE]`: everything that can fail on the way in is checked before
/// the terminal is touched.
pub(super) fn open_app(
    home: Option<PathBuf>,
    config: Option<PathBuf>,
    file: Option<PathBuf>,
) -> Outcome {
    // Without a terminal, files are only checked (a broken one is still
    // reported where it breaks), never opened: opening may bring a file up
    // to date with its framework, take its lock and remember it, and no one
    // would see that happen.
    let terminal = io::stdin().is_terminal() && io::stdout().is_terminal();
    let open = |home: &Home, path: &Path| match terminal {
        true => store::open(home, path).map(Some),
        false => store::probe(home, path).map(|()| None),
    };
    let no_terminal = |path: Option<&Path>| {
        let would = path.map_or(String::new(), |p| {
            format!(" (it would open {})", p.display())
        });
        Failure::other(format!(
            "the app needs a terminal{would}; nothing was opened or written. For commands \
             that print, see `reflect --help`"
        ))
    };
    let home = resolve_home(home)?;
    let (path, recent) = match file {
        Some(file) => {
            let path = std::path::absolute(&file)
                .map_err(|e| Failure::other(format!("{}: {e}", file.display())))?;
            (Some(path), false)
        }
        // The one opened last, else the one changed last that loads, else
        // the start screen.
        None => (home.recent(), true),
    };
    let failed = |e| {
        let mut failure = Failure::load_with_backup_hint(Some(&home), e);
        if recent {
            failure.message.push_str(
                "\n(that is the assessment you opened last; open another with \
                 `reflect FILE`, or see `reflect list`)",
            );
        }
        failure
    };
    let doc = match path {
        Some(path) => match open(&home, &path).map_err(failed)? {
            Some(doc) => Some(doc),
            None => return Err(no_terminal(Some(&path))),
        },
        None if recent => {
            // Newest change first, from the folder's metadata alone: only
            // the files tried are read, not every assessment in the folder
            // (40 filled ones took 90-130 ms).
            let newest = store::assessment_files(&home);
            let mut doc = None;
            for (_, path) in newest {
                match open(&home, &path) {
                    Ok(Some(opened)) => {
                        doc = Some(opened);
                        break;
                    }
                    Ok(None) => return Err(no_terminal(Some(&path))),
                    // One that does not load is passed over, as before; one
                    // that loads but cannot be opened (its framework is
                    // unknown) is the newest that loads: say why.
                    Err(_) if store::load_assessment(&path).is_err() => continue,
                    Err(e) => return Err(failed(e)),
                }
            }
            doc
        }
        None => None,
    };
    if !terminal {
        return Err(no_terminal(None));
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let settings =
        crate::settings::Settings::load(store::ConfigDir::resolve(config).as_ref(), no_color);
    match crate::tui::run(home, doc, settings).map_err(Failure::anyhow)? {
        None => Ok(()),
        // The terminal went away: written first, and exit as SIGHUP would.
        Some(signal) => Err(Failure {
            status: u8::try_from(128 + signal).unwrap_or(255),
            message: format!(
                "reflect: the terminal went away ({}); what you had written was kept first",
                crate::tui::signal_name(signal)
            ),
        }),
    }
}

/// `reflect cohort PATH...` on a terminal with no --format: the cohort
/// screen, the files read first.
pub(super) fn open_cohort(
    home: Option<Home>,
    config: Option<PathBuf>,
    paths: &[PathBuf],
    min_group: usize,
) -> Outcome {
    let (view, _) = super::cohort::view_of(home.as_ref(), paths, min_group);
    let home = match home {
        Some(home) => home,
        None => resolve_home(None)?,
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let settings =
        crate::settings::Settings::load(store::ConfigDir::resolve(config).as_ref(), no_color);
    match crate::tui::run_cohort(home, view, settings).map_err(Failure::anyhow)? {
        None => Ok(()),
        Some(signal) => Err(Failure {
            status: u8::try_from(128 + signal).unwrap_or(255),
            message: format!(
                "reflect: the terminal went away ({})",
                crate::tui::signal_name(signal)
            ),
        }),
    }
}
