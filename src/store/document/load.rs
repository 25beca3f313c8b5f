//! Reading an assessment: checked, located errors, opened with its framework.

use super::*;

/// Only the schema number: read before anything else, so a file from a
/// newer reflect is recognised even when the rest of it has changed shape.
#[derive(Deserialize)]
pub(in crate::store) struct Probe {
    schema: u32,
}

/// Load and check an assessment file, and the closed reviews it keeps in
/// files of their own, without locking it.
pub fn load_assessment(path: &Path) -> Result<Assessment, OpenError> {
    let mut assessment = load_main(path)?;
    if !assessment.complete() {
        let reviews = earlier::load_earlier(path, &assessment.earlier)?;
        assessment.attach_earlier(reviews);
    }
    Ok(assessment)
}

/// As [`load_assessment`], for what needs only review `number` (1-based,
/// as `reflect review list` numbers them; the current one when `None`)
/// and the one before it: only their closed reviews' files are read. The
/// other closed reviews stand in with their title and dates alone (no
/// marks, no plan), as the assessment's list of them records them, so
/// every review keeps its number. Never to be saved: for reports.
pub fn load_assessment_for_review(
    path: &Path,
    number: Option<usize>,
) -> Result<Assessment, OpenError> {
    let mut assessment = load_main(path)?;
    if !assessment.complete() {
        let count = assessment.review_count();
        let index = number.map_or(count.wrapping_sub(1), |n| n.wrapping_sub(1));
        let refs = assessment.earlier.clone();
        let mut reviews = Vec::with_capacity(refs.len());
        for (i, earlier) in refs.iter().enumerate() {
            if i == index || i + 1 == index {
                reviews.push(earlier::load_one(path, earlier)?);
            } else {
                let mut stand_in = Review::new(earlier.title.clone(), earlier.date);
                stand_in.frozen = earlier.frozen;
                reviews.push(stand_in);
            }
        }
        assessment.attach_earlier(reviews);
    }
    Ok(assessment)
}

/// An error at the first level the assessment at `path` records that
/// `framework`'s scale does not have, when the assessment was made against
/// this very version of the framework (the file was edited by hand, or is
/// damaged): `PATH:LINE:COL` of that level, in the assessment or in the
/// closed review's own file. Levels a changed framework no longer has are
/// not errors: [`migrate`] archives them.
///
/// The file is read again only to say where: a good file costs nothing.
pub fn check_levels(
    path: &Path,
    assessment: &Assessment,
    framework: &Framework,
) -> Result<(), OpenError> {
    use crate::format::outline::locate;
    use crate::model::migrate::{OffScaleField, off_scale};
    use crate::model::validate::{Issue, Seg};
    if assessment.framework.version != framework.version {
        return Ok(());
    }
    // Reviews from closed reviews' own files come first, when read.
    let from_files = if assessment.complete() {
        assessment.earlier.len()
    } else {
        0
    };
    for (i, review) in assessment.reviews.iter().enumerate() {
        let Some(off) = off_scale(framework, review) else {
            continue;
        };
        let (file, mut at) = match i.checked_sub(from_files) {
            Some(inline) => (
                path.to_path_buf(),
                vec![Seg::Field("reviews"), Seg::Index(inline)],
            ),
            None => (
                earlier::earlier_path(path, &assessment.earlier[i].file),
                vec![Seg::Field("review")],
            ),
        };
        at.extend([
            Seg::Field("marks"),
            Seg::Value(off.standard.to_owned()),
            Seg::Value(off.stage.to_owned()),
        ]);
        let whose = match off.field {
            OffScaleField::Rating => {
                at.push(Seg::Field("rating"));
                String::new()
            }
            OffScaleField::Agreed => {
                at.push(Seg::Field("agreed"));
                "agreed ".to_owned()
            }
            OffScaleField::Other(id) => {
                at.extend([
                    Seg::Field("others"),
                    Seg::Value(id.to_owned()),
                    Seg::Field("rating"),
                ]);
                format!("{id}'s ")
            }
        };
        let levels: Vec<String> = framework
            .scale
            .levels
            .iter()
            .map(|l| l.value.to_string())
            .collect();
        let message = format!(
            "{whose}level {} of \"{}\" at stage \"{}\" is not on the framework's scale \
             ({}, or NotApplicable)",
            off.level,
            off.standard,
            off.stage,
            levels.join(", ")
        );
        let text = fs::read(&file).unwrap_or_default();
        let text = String::from_utf8_lossy(&text);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let found = locate(
            text,
            vec![Issue {
                at,
                message: message.clone(),
                first: None,
            }],
        );
        let (line, col) = found.first().map_or((1, 1), |p| (p.line, p.col));
        return Err(OpenError::Parse {
            path: file,
            at: Located { line, col, message },
        });
    }
    Ok(())
}

/// Load and check an assessment file alone: the closed reviews in files
/// of their own are not read (`complete()` is false if there are any).
pub fn load_main(path: &Path) -> Result<Assessment, OpenError> {
    load_stamped(path).map(|(assessment, _)| assessment)
}

/// [`load_assessment`], with the stamp of the version loaded (`None` if
/// the file changed while it was read).
pub(in crate::store) fn load_stamped(
    path: &Path,
) -> Result<(Assessment, Option<Stamp>), OpenError> {
    let (bytes, stamp) = durable::read_stamped(path).map_err(|source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((check_assessment(path, &bytes)?, stamp))
}

/// The checks of [`load_assessment`] on a file's bytes.
pub(in crate::store) fn check_assessment(
    path: &Path,
    bytes: &[u8],
) -> Result<Assessment, OpenError> {
    let invalid = |message: String| OpenError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let assessment: Assessment = parse_file(path, bytes)?;
    for earlier in &assessment.earlier {
        if let Err(message) = earlier::check_file_name(path, &earlier.file) {
            let text = String::from_utf8_lossy(bytes);
            let (line, col) = locate_file_entry(&text, &earlier.file);
            return Err(OpenError::Parse {
                path: path.to_path_buf(),
                at: Located { line, col, message },
            });
        }
    }
    if assessment.schema == 0 {
        return Err(invalid(format!(
            "schema 0 is not a schema reflect has ever written (this reflect reads 1 to {SCHEMA_VERSION})"
        )));
    }
    if assessment.reviews.is_empty() {
        return Err(invalid(
            "no reviews: an assessment needs at least one review (`reviews: [...]`), the last \
             being the current one"
                .into(),
        ));
    }
    Ok(assessment)
}

/// Where in an assessment's text the `file:` entry naming `file` is, as
/// line and column (1-based): the first `file:` whose string starts with
/// it, else the `earlier:` list, else the start.
pub(in crate::store) fn locate_file_entry(text: &str, file: &str) -> (usize, usize) {
    let at = text
        .match_indices("file:")
        .map(|(i, _)| i)
        .find(|&i| {
            let rest = text[i + 5..].trim_start();
            let rest = rest.trim_start_matches('r').trim_start_matches('#');
            rest.strip_prefix('"').is_some_and(|r| r.starts_with(file))
        })
        .or_else(|| text.find("earlier:"))
        .unwrap_or(0);
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// A file of reflect's written as `T` (an assessment, a closed review):
/// UTF-8 text, a byte-order mark allowed, and RON that reads as `T`. When
/// it does not read, a file whose `schema` is newer than ours says so
/// rather than where the parse failed.
pub(in crate::store) fn parse_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
) -> Result<T, OpenError> {
    let parse_error = |at| OpenError::Parse {
        path: path.to_path_buf(),
        at,
    };
    let text = utf8(bytes).map_err(parse_error)?;
    // Windows editors may add a byte-order mark; it carries no words.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The schema is probed alone only when the full parse fails: the
    // outcome is the same as probing first, and a save (which checks the
    // file on disk) parses once less.
    parse_ron::<T>(text).map_err(|at| match parse_ron::<Probe>(text).map(|p| p.schema) {
        Ok(found) if found > SCHEMA_VERSION => OpenError::Invalid {
            path: path.to_path_buf(),
            message: format!(
                "written by a newer reflect (schema {found}); this reflect reads schemas up to \
                 {SCHEMA_VERSION}: update reflect to open it"
            ),
        },
        _ => parse_error(at),
    })
}

/// `bytes` as text, or where the first byte that is not UTF-8 is.
pub(in crate::store) fn utf8(bytes: &[u8]) -> Result<&str, Located> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let line_start = good.rfind('\n').map_or(0, |i| i + 1);
        Located {
            line: good.matches('\n').count() + 1,
            col: good[line_start..].chars().count() + 1,
            message: "not valid UTF-8 text (save the file as UTF-8)".into(),
        }
    })
}

/// Open an assessment for the app: load it, find its framework (bundled or
/// in `<home>/frameworks`), take the lock, and bring it up to date with the
/// framework ([`migrate`]), saving the result (the version before is kept
/// as `PATH.bak`) unless it is open read-only.
pub fn open(home: &Home, path: &Path) -> Result<Document, OpenError> {
    // Opened through a symbolic link: the real file, once, so its closed
    // reviews, lock and `.bak` are found and written beside it.
    let real;
    let path = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            real = fs::canonicalize(path).map_err(|source| OpenError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            real.as_path()
        }
        _ => path,
    };
    let (bytes, loaded) = durable::read_stamped(path).map_err(|source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // The framework is named at the top of the file: find it on another
    // thread while this one parses the rest (a framework of 10,000
    // standards takes a quarter of the time the assessment does).
    let named = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|text| peek_field::<FrameworkRef>(text, "framework"));
    let (parsed, found) = std::thread::scope(|scope| {
        let finding = named.map(|named| {
            let id = named.id.clone();
            (named.id, scope.spawn(move || find_framework(home, &id)))
        });
        let parsed = check_assessment(path, &bytes);
        (parsed, finding.map(|(id, finder)| (id, finder.join())))
    });
    let mut assessment = parsed?;
    let mut on_disk = loaded.map(|stamp| Known {
        stamp,
        hash: durable::content_hash(&bytes),
        backed_up: false,
    });
    let framework = match found {
        Some((id, Ok(found))) if id == assessment.framework.id => found,
        _ => find_framework(home, &assessment.framework.id),
    }
    .map_err(|message| OpenError::Invalid {
        path: path.to_path_buf(),
        message,
    })?;
    // A lock that cannot be taken (a read-only folder, a lock path that
    // is not a file) opens the file read-only rather than not at all.
    let (lock, unlockable) = match lock::try_lock(path) {
        Ok(lock) => (lock, None),
        Err(e) => (None, Some(e.to_string())),
    };
    let read_only = if assessment.schema > SCHEMA_VERSION {
        Some(ReadOnly::Newer {
            found: assessment.schema,
        })
    } else if let Some(why) = unlockable {
        Some(ReadOnly::Unlockable { why })
    } else if lock.is_none() {
        Some(ReadOnly::Locked)
    } else {
        None
    };
    let place = backups::Place::new(home, path);
    // A new framework version may rename or remove standards the closed
    // reviews rate: read them now, so they move with the rest, once.
    let version_changed = assessment.framework.version != framework.version;
    if version_changed && !assessment.complete() {
        let reviews = earlier::load_earlier(path, &assessment.earlier)?;
        assessment.attach_earlier(reviews);
    }
    check_levels(path, &assessment, &framework)?;
    let migration = Some(migrate(&mut assessment, &framework)).filter(|m| m.changed);
    if migration.is_some() && version_changed && read_only.is_none() {
        earlier::rewrite(path, &assessment, Some(&place)).map_err(|source| OpenError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    }
    // A file from before closed reviews had files of their own moves them
    // there now (the version before is kept as `.bak` and a dated backup).
    let spilled = match read_only {
        None => earlier::spill(path, &mut assessment, Some(&place)).map_or(0, |c| c.len()),
        Some(_) => 0,
    };
    let migration_unsaved = match (&migration, &read_only) {
        (None, _) if spilled == 0 => None,
        (_, None) => write_assessment(path, &assessment, on_disk, true, None)
            .map(|(written, now, hash)| {
                // The version from before the migration goes to the dated
                // backups too, not only to `.bak` until the next save.
                let backed_up =
                    written.is_some_and(|written| backups::after_save(&place, &written).is_ok());
                on_disk = now.map(|stamp| Known {
                    stamp,
                    hash,
                    backed_up,
                });
            })
            .err()
            .map(|e| e.to_string()),
        (_, Some(ReadOnly::Locked)) => {
            Some("another reflect has it open, so it is open read-only here".into())
        }
        (_, Some(ReadOnly::Newer { .. })) => {
            Some("written by a newer reflect, so it is open read-only".into())
        }
        (_, Some(ReadOnly::Unlockable { why })) => Some(format!(
            "its lock cannot be taken ({why}), so it is open read-only"
        )),
    };
    if read_only.is_none() {
        // A reflect killed mid-save leaves a temporary file; ours now.
        durable::remove_stale_temporaries(path);
        earlier::remove_stale_temporaries(path);
    }
    // A convenience: failing to remember it must not stop the user working.
    let _ = home.set_recent(path);
    // The closed reviews are read while the first frame is drawn.
    let earlier = if assessment.complete() {
        Earlier::Loaded
    } else {
        let (main, refs) = (path.to_path_buf(), assessment.earlier.clone());
        match std::thread::Builder::new()
            .name("reflect-earlier".into())
            .spawn(move || earlier::load_earlier(&main, &refs))
        {
            Ok(thread) => Earlier::Loading(thread),
            Err(_) => match earlier::load_earlier(path, &assessment.earlier) {
                Ok(reviews) => {
                    assessment.attach_earlier(reviews);
                    Earlier::Loaded
                }
                Err(e) => Earlier::Failed(format!("closed reviews not read: {e}")),
            },
        }
    };
    Ok(Document {
        path: path.to_path_buf(),
        assessment,
        framework,
        read_only,
        migration,
        migration_unsaved,
        disk: Arc::new(Disk {
            path: path.to_path_buf(),
            lock: Mutex::new(lock),
            backups: Some(place),
            on_disk: Mutex::new(on_disk),
            checked: Mutex::new(None),
        }),
        earlier,
        home: Some(home.clone()),
    })
}

/// Check that the assessment at `path` would open, as [`open`] checks it
/// (it reads, its framework is known, its levels are on the scale), and
/// do nothing else: no lock, no migration, nothing written or remembered.
pub fn probe(home: &Home, path: &Path) -> Result<(), OpenError> {
    let assessment = load_main(path)?;
    let framework =
        find_framework(home, &assessment.framework.id).map_err(|message| OpenError::Invalid {
            path: path.to_path_buf(),
            message,
        })?;
    check_levels(path, &assessment, &framework)
}

/// The framework an assessment refers to, or a message naming the known ones.
pub(in crate::store) fn find_framework(home: &Home, id: &str) -> Result<Framework, String> {
    match Catalog::find(home, id) {
        Ok(Some(framework)) => Ok(framework),
        Ok(None) => Err(format!(
            "uses framework \"{id}\", which this reflect does not know (it knows: {}; custom \
             frameworks go in {})",
            Catalog::known_ids(home).join(", "),
            home.frameworks_dir().display()
        )),
        Err(e) => Err(format!("uses {e}")),
    }
}
