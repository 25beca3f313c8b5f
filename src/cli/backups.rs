//! `reflect backups FILE`, `reflect restore FILE BACKUP`, and the line that
//! points to the last good backup when a file does not parse.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::report::table::{Align, Table};
use crate::store::{self, BackupKind, Home, OpenError, RestoreError};

use super::{Failure, Outcome, describe, emit, emit_json, locate, resolve_home, terminal_width};

impl Failure {
    /// [`Failure::load`], and, when the file does not parse, a line saying
    /// where its last good backup is and how to restore it.
    pub(super) fn load_with_backup_hint(home: Option<&Home>, err: OpenError) -> Failure {
        let hint = match (&err, home) {
            (OpenError::Parse { path, .. }, Some(home)) => backup_hint(home, path),
            // A name that is neither a file here nor an assessment in the
            // home: say where reflect looked, and how to see what is there.
            (OpenError::Io { path, source }, Some(home))
                if source.kind() == std::io::ErrorKind::NotFound
                    && !path.starts_with(home.assessments_dir()) =>
            {
                Some(format!(
                    "it is neither a file here nor an assessment in {} (`reflect list` shows \
                     those; --home or $REFLECT_HOME uses another home folder)",
                    home.assessments_dir().display()
                ))
            }
            _ => None,
        };
        let mut failure = Failure::load(err);
        if let Some(hint) = hint {
            failure.message.push('\n');
            failure.message.push_str(&hint);
        }
        failure
    }
}

/// `the last good backup is PATH (saved ...); restore it with: ...`, if
/// there is a backup of `path` that loads.
fn backup_hint(home: &Home, path: &Path) -> Option<String> {
    let good = store::last_good(home, path)?;
    let saved = good
        .saved
        .map(|t| format!(" (saved {})", local(t, "%Y-%m-%d %H:%M")))
        .unwrap_or_default();
    Some(format!(
        "the last good backup is {}{saved}; restore it with: {} restore {} {}",
        good.path.display(),
        reflect_in(home),
        shell(&path.display().to_string()),
        shell(&good.path.display().to_string()),
    ))
}

/// `reflect`, with `--home DIR` when the home is not the one reflect finds
/// by itself.
fn reflect_in(home: &Home) -> String {
    if Home::resolve(None).ok().as_ref() == Some(home) {
        "reflect".to_owned()
    } else {
        format!(
            "reflect --home {}",
            shell(&home.root().display().to_string())
        )
    }
}

/// `text` quoted for a POSIX shell where it needs to be.
fn shell(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./:@%+=,-".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

fn local(time: Timestamp, format: &str) -> String {
    time.to_zoned(TimeZone::system())
        .strftime(format)
        .to_string()
}

/// `812 B`, `12.3 kB`, `1.0 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// The assessment FILE names, made absolute: as [`locate`] finds it, or,
/// for a bare name whose file is gone, that name in the home's assessments
/// folder if it has backups there.
fn assessment_path(home_flag: Option<PathBuf>, home: &Home, file: PathBuf) -> PathBuf {
    let located = locate(home_flag, file);
    let path = if located.exists() || located.components().count() != 1 {
        located
    } else {
        let mut inside = home.assessments_dir().join(&located);
        if inside.extension().is_none() {
            inside.set_extension("ron");
        }
        if store::list_backups(home, &inside).is_empty() {
            located
        } else {
            inside
        }
    };
    std::path::absolute(&path).unwrap_or(path)
}

/// `reflect backups FILE`.
pub(super) fn backups(home_flag: Option<PathBuf>, file: PathBuf, json: bool) -> Outcome {
    let home = resolve_home(home_flag.clone())?;
    let path = assessment_path(home_flag, &home, file);
    let dir = store::backups_dir(&home, &path);
    let backups = store::list_backups(&home, &path);
    if backups.is_empty() && !json {
        return emit(&format!(
            "No backups of {} yet. Each save that changes it leaves one in {}.\n",
            path.display(),
            dir.display()
        ));
    }
    let mut table = Table::new([
        ("NAME", Align::Left),
        ("SAVED", Align::Left),
        ("SIZE", Align::Right),
        ("READS", Align::Left),
    ]);
    let mut previous = None;
    for backup in &backups {
        if backup.kind == BackupKind::Previous {
            previous = Some(backup.name());
        }
        table.row([
            backup.name(),
            backup
                .saved
                .map_or_else(|| "–".to_owned(), |t| local(t, "%Y-%m-%d %H:%M:%S")),
            size(backup.size),
            match backup.load() {
                Ok(_) => "yes".to_owned(),
                Err(e) => format!("no: {}", describe(&e)),
            },
        ]);
    }
    if json {
        // For scripts: where each is, when as RFC 3339, the size in bytes.
        let mut rows = table.json();
        for (row, backup) in rows.as_array_mut().into_iter().flatten().zip(&backups) {
            row["path"] = backup.path.display().to_string().into();
            row["saved"] = backup
                .saved
                .map(|t| local(t, "%Y-%m-%dT%H:%M:%S%:z"))
                .into();
            row["size"] = backup.size.into();
        }
        return emit_json(&rows);
    }
    let mut text = format!(
        "Backups of {}, newest first (kept in {}):\n\n{}\n",
        path.display(),
        dir.display(),
        table.render_within(terminal_width())
    );
    if let Some(previous) = previous {
        text.push_str(&format!(
            "{previous} is the version before the last save, kept beside the file.\n"
        ));
    }
    text.push_str(&format!(
        "Restore one with: {} restore {} NAME\n",
        reflect_in(&home),
        shell(&path.display().to_string())
    ));
    emit(&text)
}

/// `reflect restore FILE BACKUP`.
pub(super) fn restore(home_flag: Option<PathBuf>, file: PathBuf, backup: &str) -> Outcome {
    let home = resolve_home(home_flag.clone())?;
    let path = assessment_path(home_flag, &home, file);
    let backup = store::resolve_backup(&home, &path, backup).map_err(Failure::usage)?;
    match store::restore(&home, &path, &backup) {
        Ok(restored) if restored.unchanged => emit(&format!(
            "{} already holds what {} holds; nothing changed.\n",
            path.display(),
            backup.display()
        )),
        Ok(restored) => {
            let mut text = format!("Restored {} from {}.\n", path.display(), backup.display());
            match restored.kept {
                Some(kept) => text.push_str(&format!(
                    "What it held before is kept as {}.\n",
                    kept.display()
                )),
                None => text.push_str("There was no file there before.\n"),
            }
            emit(&text)
        }
        Err(RestoreError::Backup(e)) => Err(Failure {
            status: 2,
            message: RestoreError::Backup(e).to_string(),
        }),
        Err(e) => Err(Failure::other(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quotes_only_what_needs_it() {
        assert_eq!(
            shell("/home/jo/a-b_c.2026-11-22T17-03-41.123Z.ron"),
            "/home/jo/a-b_c.2026-11-22T17-03-41.123Z.ron"
        );
        assert_eq!(shell("/My Files/jo.ron"), "'/My Files/jo.ron'");
        assert_eq!(shell("O'Neill.ron"), r"'O'\''Neill.ron'");
        assert_eq!(shell(""), "''");
    }

    #[test]
    fn sizes_read_easily() {
        assert_eq!(size(0), "0 B");
        assert_eq!(size(999), "999 B");
        assert_eq!(size(12_345), "12.3 kB");
        assert_eq!(size(1_048_576), "1.0 MB");
    }
}
