//! Creating an assessment: its file name, and room for its side files.

use super::*;

/// Create a new assessment file (never over an existing one) and return its path.
pub fn new_assessment(
    home: &Home,
    framework: &Framework,
    name: &str,
    role: &str,
    file: Option<&Path>,
) -> anyhow::Result<PathBuf> {
    // One spelling of each name: an accent typed as one character or as a
    // letter and a combining mark is the same name, file name included.
    let name: String = name.trim().nfc().collect();
    let name = name.as_str();
    let role: String = role.trim().nfc().collect();
    if name.is_empty() {
        bail!("a name is needed for a new assessment");
    }
    if let Some(file) = file {
        leaves_room_for_side_files(file)?;
    }
    home.ensure()
        .with_context(|| format!("cannot set up the home folder {}", home.root().display()))?;
    let today = jiff::Zoned::now().date();
    let assessment = Assessment::new(
        FrameworkRef {
            id: framework.id.clone(),
            version: framework.version.clone(),
        },
        Person {
            name: name.to_owned(),
            role,
            organisation: String::new(),
        },
        Review::new(today.strftime("%B %Y review").to_string(), today),
    );
    let text = to_ron(&assessment).context("cannot write the new assessment as RON")?;

    if let Some(file) = file {
        if fs::symlink_metadata(file).is_ok() {
            bail!(
                "{} already exists; reflect never writes over an existing file",
                file.display()
            );
        }
        let backup = durable::backup_path(file);
        if fs::symlink_metadata(&backup).is_ok() {
            bail!(
                "{} exists (the backup of an earlier assessment); move it away or choose \
                 another file",
                backup.display()
            );
        }
        durable::create_new(file, text.as_bytes()).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                anyhow::anyhow!(
                    "{} already exists; reflect never writes over an existing file",
                    file.display()
                )
            } else {
                anyhow::anyhow!("cannot create {}: {e}", file.display())
            }
        })?;
        return Ok(file.to_path_buf());
    }

    let dir = home.assessments_dir();
    let stem = slug(name);
    for n in 1..=9999 {
        let path = match n {
            1 => dir.join(format!("{stem}.ron")),
            n => dir.join(format!("{stem}-{n}.ron")),
        };
        leaves_room_for_side_files(&path)?;
        // A leftover backup means the name was used: its words stay untouched.
        if fs::symlink_metadata(durable::backup_path(&path)).is_ok() {
            continue;
        }
        match durable::create_new(&path, text.as_bytes()) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => bail!("cannot create {}: {e}", path.display()),
        }
    }
    bail!(
        "cannot find a free file name for \"{name}\" in {}",
        dir.display()
    )
}

/// The most a file name may have, in bytes, on the usual file systems.
pub(in crate::store) const NAME_MAX: usize = 255;

/// How many bytes the longest name reflect gives a file of its own beside
/// an assessment adds to the assessment's name: the temporary file a
/// conflict copy is first written to,
/// `.NAME.conflict-2026-11-22T17-03-41.123Z-100.ron.PID-N.tmp`, with the
/// widest process id and counter. `.bak`, `.lock`, the temporary files of
/// saves, rescue copies and dated backups are all shorter.
pub(in crate::store) const SIDE_NAME_ROOM: usize = ".".len()
    + ".conflict-".len()
    + "2026-11-22T17-03-41.123Z".len()
    + "-100".len()
    + ".ron".len()
    + ".".len()
    + "4294967295".len()
    + "-".len()
    + "18446744073709551615".len()
    + ".tmp".len();

/// An error unless every side file of an assessment at `path` (`.bak`,
/// `.lock`, temporary, rescue and conflict copies) can have its name:
/// names longer than [`NAME_MAX`] cannot be created, so a save, a rescue
/// or a conflict copy would fail later, when it matters.
pub(in crate::store) fn leaves_room_for_side_files(path: &Path) -> anyhow::Result<()> {
    let Some(name) = path.file_name() else {
        bail!("{}: not a file name", path.display());
    };
    let len = name.as_encoded_bytes().len();
    if len + SIDE_NAME_ROOM > NAME_MAX {
        bail!(
            "{}: the file name is too long ({len} bytes): reflect keeps files beside it \
             (.bak, .lock, temporary, rescue and conflict copies) whose names are up to \
             {SIDE_NAME_ROOM} bytes longer, and a name may have at most {NAME_MAX} bytes; \
             choose a name of at most {} bytes",
            path.display(),
            NAME_MAX - SIDE_NAME_ROOM
        );
    }
    Ok(())
}

/// A file name stem for a person's name: lower case, anything but letters
/// and digits as single `-` ("Jane O'Neill" -> "jane-o-neill").
pub(crate) fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    // Keep file names well within the usual 255-byte limit.
    let mut end = slug.len().min(80);
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    slug.truncate(end);
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "assessment".to_owned()
    } else {
        slug.to_owned()
    }
}
