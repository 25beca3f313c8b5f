//! The command line: `reflect [FILE]` opens the app; the subcommands create,
//! list and report on assessments without touching the terminal.
//!
//! Exit status: 0 on success, 2 for a usage error or a file that cannot be
//! loaded (a parse error prints `PATH:LINE:COL: message`), 1 for anything
//! else that went wrong. Errors go to stderr; nothing here panics on bad
//! input.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::model::progress::framework_tally;
use crate::model::{Assessment, Framework, bundled};
use crate::report;
use crate::report::table::{Align, Table};
use crate::store::{self, Home, OpenError};

const ABOUT: &str = "Rate yourself against the LGA/Solace leadership development frameworks, \
                     and keep notes, in the terminal.";

const LONG_ABOUT: &str = "\
Rate yourself against the LGA/Solace leadership development frameworks, and keep notes, \
in the terminal.

For each standard of a framework, at each stage (knowledge, experience, judgement), \
record a level and a note, review by review. With no command, reflect opens the app on \
FILE, else on the assessment you opened last, else on the start screen.

Assessments are plain text (RON) files kept in the home folder: --home, else \
$REFLECT_HOME, else the platform data folder (~/.local/share/reflect on Linux).";

const AFTER_HELP: &str = "\
Examples:
  reflect new --framework senior-leadership --name \"Sam Jones\" --role \"Director of Place\"
  reflect list
  reflect summary sam-jones.ron
  reflect export sam-jones.ron --format csv --output sam-jones.csv

A FILE that is not found where given is looked for in the home's assessments folder.";

#[derive(Debug, Parser)]
#[command(
    name = "reflect",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    override_usage = "reflect [OPTIONS] [FILE]\n       reflect [OPTIONS] <COMMAND>"
)]
pub struct Cli {
    /// The home folder for assessments [default: $REFLECT_HOME, else the platform data folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// An assessment file to open in the app
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new assessment and print its path
    New {
        /// The framework's id (see `reflect frameworks`)
        #[arg(long, short, value_name = "ID")]
        framework: String,
        /// Your name
        #[arg(long, short, value_name = "NAME")]
        name: String,
        /// Your role
        #[arg(long, short, value_name = "ROLE", default_value = "")]
        role: String,
        /// Where to create it [default: a new file in <home>/assessments]
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
    },
    /// List the frameworks bundled with reflect
    Frameworks,
    /// List the assessments in the home folder
    List,
    /// Show progress and mean levels by theme and stage
    Summary {
        /// The assessment file
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Export the current review, one row per standard and stage
    Export {
        /// The assessment file
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The format to write
        #[arg(long, short, value_enum, value_name = "FORMAT")]
        format: ExportFormat,
        /// Write to this file (private to you) instead of standard output
        #[arg(long, short, value_name = "PATH")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values (RFC 4180), for spreadsheets
    Csv,
}

impl From<ExportFormat> for report::Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Csv => report::Format::Csv,
        }
    }
}

/// Why a command failed: the status to exit with and the whole message.
#[derive(Debug)]
pub struct Failure {
    pub status: u8,
    pub message: String,
}

impl Failure {
    /// A file that could not be loaded: its own `PATH:...` message, status 2.
    fn load(err: OpenError) -> Failure {
        Failure {
            status: 2,
            message: err.to_string(),
        }
    }

    /// Bad input from the user (an unknown id, an unusable file): status 2.
    fn usage(message: impl std::fmt::Display) -> Failure {
        Failure {
            status: 2,
            message: format!("reflect: {message}"),
        }
    }

    /// Anything else: status 1.
    fn other(message: impl std::fmt::Display) -> Failure {
        Failure {
            status: 1,
            message: format!("reflect: {message}"),
        }
    }

    fn anyhow(err: anyhow::Error) -> Failure {
        Failure::other(format!("{err:#}"))
    }
}

type Outcome = Result<(), Failure>;

/// Parse the command line, run it, and say how it went.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // `reflect FILE` and `reflect COMMAND` are two forms; clap's own
    // `args_conflicts_with_subcommands` would also reject `reflect --home DIR list`.
    if let (Some(file), Some(_)) = (&cli.file, &cli.command) {
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                format!(
                    "a FILE ('{}') cannot be given with a command; \
                     commands take their file after the command's name",
                    file.display()
                ),
            )
            .exit();
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = writeln!(io::stderr(), "{}", failure.message);
            ExitCode::from(failure.status)
        }
    }
}

pub fn run(cli: Cli) -> Outcome {
    let home = cli.home;
    match cli.command {
        None => {
            let file = cli.file.map(|f| locate(home.clone(), f));
            open_app(home, file)
        }
        Some(Command::New {
            framework,
            name,
            role,
            file,
        }) => new(home, &framework, &name, &role, file.as_deref()),
        Some(Command::Frameworks) => frameworks(),
        Some(Command::List) => list(home),
        Some(Command::Summary { file }) => summary(&locate(home, file)),
        Some(Command::Export {
            file,
            format,
            output,
        }) => export(&locate(home, file), format.into(), output.as_deref()),
    }
}

/// `file` as given if it exists; else, for a bare name like `sam-jones.ron`
/// or `sam-jones` (as `reflect list` shows), that file in the home's
/// assessments folder if it is there; else `file` as given, for the error.
fn locate(home: Option<PathBuf>, file: PathBuf) -> PathBuf {
    if file.exists() || file.components().count() != 1 {
        return file;
    }
    let Ok(home) = Home::resolve(home) else {
        return file;
    };
    let dir = home.assessments_dir();
    let mut candidates = vec![dir.join(&file)];
    if file.extension().is_none() {
        candidates.push(dir.join(&file).with_extension("ron"));
    }
    candidates.into_iter().find(|c| c.is_file()).unwrap_or(file)
}

fn resolve_home(flag: Option<PathBuf>) -> Result<Home, Failure> {
    Home::resolve(flag).map_err(Failure::anyhow)
}

/// `reflect [FILE]`: everything that can fail on the way in is checked before
/// the terminal is touched.
fn open_app(home: Option<PathBuf>, file: Option<PathBuf>) -> Outcome {
    let home = resolve_home(home)?;
    let (path, recent) = match file {
        Some(file) => {
            let path = std::path::absolute(&file)
                .map_err(|e| Failure::other(format!("{}: {e}", file.display())))?;
            (Some(path), false)
        }
        // The one opened last, else the one changed last, else the start screen.
        None => (
            home.recent().or_else(|| {
                store::list_assessments(&home)
                    .into_iter()
                    .find(|l| l.assessment.is_ok())
                    .map(|l| l.path)
            }),
            true,
        ),
    };
    let doc = match path {
        Some(path) => Some(store::open(&home, &path).map_err(|e| {
            let mut failure = Failure::load(e);
            if recent {
                failure.message.push_str(
                    "\n(that is the assessment you opened last; open another with \
                     `reflect FILE`, or see `reflect list`)",
                );
            }
            failure
        })?),
        None => None,
    };
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(Failure::other(
            "the app needs a terminal; for commands that print, see `reflect --help`",
        ));
    }
    crate::tui::run(home, doc).map_err(Failure::anyhow)
}

/// The ids of the bundled frameworks, without parsing them.
fn known_ids() -> String {
    bundled::SOURCES
        .iter()
        .map(|(name, _)| name.trim_end_matches(".ron"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bundled_framework(id: &str) -> Result<Option<Framework>, Failure> {
    bundled::by_id(id).map_err(Failure::anyhow)
}

fn new(home: Option<PathBuf>, id: &str, name: &str, role: &str, file: Option<&Path>) -> Outcome {
    let Some(framework) = bundled_framework(id)? else {
        return Err(Failure::usage(format!(
            "unknown framework \"{id}\"; known frameworks: {}",
            known_ids()
        )));
    };
    let name = name.trim();
    if name.is_empty() {
        return Err(Failure::usage("--name must not be empty"));
    }
    let home = resolve_home(home)?;
    if file.is_none() {
        home.ensure().map_err(|e| {
            Failure::other(format!(
                "cannot create {}: {e}",
                home.assessments_dir().display()
            ))
        })?;
    }
    let path = store::new_assessment(&home, &framework, name, role.trim(), file)
        .map_err(Failure::anyhow)?;
    // `reflect` with no FILE opens what was just created.
    let _ = home.set_recent(&path);
    emit(&format!("{}\n", path.display()))
}

fn frameworks() -> Outcome {
    let all = bundled::all().map_err(Failure::anyhow)?;
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
    emit(&table.render())
}

fn list(home: Option<PathBuf>) -> Outcome {
    let home = resolve_home(home)?;
    let listed = store::list_assessments(&home);
    if listed.is_empty() {
        return emit(&format!(
            "No assessments in {} yet. Create one with:\n  \
             reflect new --framework ID --name \"Your Name\" --role \"Your role\"\n\
             (`reflect frameworks` lists the IDs.)\n",
            home.assessments_dir().display()
        ));
    }
    let mut frameworks: HashMap<String, Option<Framework>> = HashMap::new();
    let mut table = Table::new([
        ("FILE", Align::Left),
        ("PERSON", Align::Left),
        ("FRAMEWORK", Align::Left),
        ("REVIEW", Align::Left),
        ("RATED", Align::Right),
        ("CHANGED", Align::Left),
    ]);
    for item in &listed {
        let file = item.path.file_name().map_or_else(
            || item.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let assessment = match &item.assessment {
            Ok(a) => a,
            Err(e) => {
                table.row([file, format!("error: {}", describe(e))]);
                continue;
            }
        };
        let framework = frameworks
            .entry(assessment.framework.id.clone())
            .or_insert_with(|| bundled::by_id(&assessment.framework.id).ok().flatten());
        let review = assessment.reviews.last();
        let rated = match (framework, review) {
            (Some(fw), Some(review)) => {
                let t = framework_tally(fw, review);
                format!("{}/{}", t.rated, t.total)
            }
            _ => "?".to_owned(),
        };
        table.row([
            file,
            person(assessment),
            assessment.framework.id.clone(),
            review.map(|r| r.title.clone()).unwrap_or_default(),
            rated,
            item.modified.map_or_else(|| "–".to_owned(), local_time),
        ]);
    }
    emit(&table.render())
}

/// A load error for a row of `reflect list`, where the file name is already shown.
fn describe(err: &OpenError) -> String {
    match err {
        OpenError::Io { source, .. } => source.to_string(),
        OpenError::Parse { at, .. } => {
            format!("line {}, column {}: {}", at.line, at.col, at.message)
        }
        OpenError::Invalid { message, .. } => message.clone(),
    }
}

fn person(a: &Assessment) -> String {
    let p = &a.person;
    if p.role.is_empty() {
        p.name.clone()
    } else {
        format!("{}, {}", p.name, p.role)
    }
}

fn local_time(time: SystemTime) -> String {
    match jiff::Timestamp::try_from(time) {
        Ok(ts) => ts
            .to_zoned(jiff::tz::TimeZone::system())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => "–".to_owned(),
    }
}

/// Load an assessment read-only, with its bundled framework.
fn load(path: &Path) -> Result<(Assessment, Framework), Failure> {
    let assessment = store::load_assessment(path).map_err(Failure::load)?;
    if assessment.reviews.is_empty() {
        return Err(Failure::load(OpenError::Invalid {
            path: path.to_owned(),
            message: "the assessment has no review".into(),
        }));
    }
    let id = &assessment.framework.id;
    let Some(framework) = bundled_framework(id)? else {
        return Err(Failure::load(OpenError::Invalid {
            path: path.to_owned(),
            message: format!(
                "framework \"{id}\" is not bundled with this reflect; known frameworks: {}",
                known_ids()
            ),
        }));
    };
    Ok((assessment, framework))
}

fn summary(file: &Path) -> Outcome {
    let (assessment, framework) = load(file)?;
    emit(&report::summary::render(&framework, &assessment))
}

fn export(file: &Path, format: report::Format, output: Option<&Path>) -> Outcome {
    let (assessment, framework) = load(file)?;
    let text = report::export(format, &framework, &assessment);
    let Some(output) = output else {
        return emit(&text);
    };
    if same_file(file, output) {
        return Err(Failure::usage(format!(
            "{}: refusing to write the export over the assessment itself",
            output.display()
        )));
    }
    write_private(output, &text)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", output.display())))?;
    emit(&format!("{}\n", output.display()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Write `text` to `path` atomically, readable by the owner only.
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    let mut options = atomic_write_file::OpenOptions::new();
    #[cfg(unix)]
    {
        use atomic_write_file::unix::OpenOptionsExt as _;
        use std::os::unix::fs::OpenOptionsExt as _;
        options.preserve_mode(false).mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.commit()
}

/// Print to stdout. A closed pipe (`reflect export ... | head`) is not an error.
fn emit(text: &str) -> Outcome {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::other(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}
