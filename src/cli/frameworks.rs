//! `reflect frameworks` and `reflect validate`.

use super::*;

pub(super) fn frameworks(home: Option<PathBuf>, json: bool) -> Outcome {
    let home = resolve_home(home)?;
    let catalog = Catalog::load(&home);
    let all: Vec<&Framework> = catalog.frameworks.iter().map(|e| &e.framework).collect();
    let mut table = Table::new([
        ("ID", Align::Left),
        ("TITLE", Align::Left),
        ("VERSION", Align::Left),
        ("THEMES", Align::Right),
        ("STANDARDS", Align::Right),
        ("TO RATE", Align::Right),
    ]);
    for fw in &all {
        let pairs: usize = fw.themes.iter().map(|t| fw.assessable_count(t)).sum();
        table.row([
            fw.id.clone(),
            fw.title.clone(),
            fw.version.clone(),
            fw.themes.len().to_string(),
            fw.standard_count().to_string(),
            pairs.to_string(),
        ]);
    }
    let dir = home.frameworks_dir();
    if json {
        emit_table(&table, true)?;
        return if catalog.broken.is_empty() {
            Ok(())
        } else {
            Err(Failure {
                status: 1,
                message: catalog.problems().join("\n"),
            })
        };
    }
    let mut text = table.render_within(terminal_width());
    let custom: Vec<_> = catalog
        .frameworks
        .iter()
        .filter_map(|e| match &e.source {
            Source::File(path) => Some((e, path)),
            Source::Bundled => None,
        })
        .collect();
    if custom.is_empty() {
        text.push_str(&format!(
            "\nYour own frameworks go in {}; check one with `reflect validate FILE`.\n",
            dir.display()
        ));
    } else {
        text.push_str(&format!("\nFrom {}:\n", dir.display()));
        let width = custom
            .iter()
            .map(|(e, _)| e.framework.id.chars().count())
            .max();
        for (entry, path) in custom {
            let line = format!(
                "  {:width$}  {}{}",
                entry.framework.id,
                path.display(),
                if entry.replaces_bundled {
                    "  (replaces the bundled one)"
                } else {
                    ""
                },
                width = width.unwrap_or(0)
            );
            text.push_str(&line);
            text.push('\n');
        }
    }
    emit(&text)?;
    if catalog.broken.is_empty() {
        return Ok(());
    }
    let mut message = catalog.problems().join("\n");
    message.push_str(&format!(
        "\nreflect: {} in {} cannot be used until fixed (its framework is not listed)",
        match catalog.broken.len() {
            1 => "1 file".to_owned(),
            n => format!("{n} files"),
        },
        dir.display()
    ));
    Err(Failure { status: 1, message })
}

/// `reflect validate FILE`: every problem as `PATH:LINE:COL: message`
/// (status 1), or one line saying it is valid (status 0); status 2 when the
/// file cannot be read.
pub(super) fn validate(file: &Path) -> Outcome {
    let text = match store::catalog::read_text(file) {
        Ok(text) => text,
        Err(e @ ReadError::Io { .. }) => {
            return Err(Failure {
                status: 2,
                message: e.to_string(),
            });
        }
        Err(e @ ReadError::Encoding { .. }) => {
            return Err(Failure {
                status: 1,
                message: e.to_string(),
            });
        }
    };
    // An offer catalogue (`offers: [...]`, docs/offers-format.md) or a
    // framework: a catalogue is told by its shape.
    let catalogue = crate::format::offers::parse_catalogue(&text);
    let looks_like_offers = catalogue.is_ok() || text.contains("offers:");
    let result = if looks_like_offers {
        let frameworks = bundled::all().map_err(Failure::anyhow)?;
        crate::format::offers::validate_catalogue(&text, &frameworks).map(|c| {
            format!(
                "valid: {} offer{}\n",
                c.offers.len(),
                if c.offers.len() == 1 { "" } else { "s" }
            )
        })
    } else {
        parse_framework(&text).map(|fw| {
            format!(
                "valid: {} themes, {} standards\n",
                fw.themes.len(),
                fw.standard_count()
            )
        })
    };
    match result {
        Ok(said) => emit(&said),
        Err(problems) => Err(Failure {
            status: 1,
            message: problems
                .iter()
                .map(|p| format!("{}:{p}", file.display()))
                .collect::<Vec<_>>()
                .join("\n"),
        }),
    }
}
