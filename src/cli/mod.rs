//! The command line: `reflect [FILE]` opens the app; the subcommands create,
//! list and report on assessments without touching the terminal.
//!
//! Exit status: 0 on success, 2 for a usage error or a file that cannot be
//! loaded (a parse error prints `PATH:LINE:COL: message`), 1 for anything
//! else that went wrong. Errors go to stderr; nothing here panics on bad
//! input.

mod app;
mod backups;
mod cohort;
mod completions;
mod frameworks;
mod keys;
mod list;
mod new;
mod offers;
mod plan;
mod reports;
mod review;
mod sheets;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueHint};
use clap_complete::engine::ArgValueCompleter;
use jiff::civil::Date;

use crate::format::framework::{self as bundled, parse_framework};
use crate::model::progress::framework_tally;
use crate::model::{Assessment, Framework, migrate};
use crate::report;
use crate::report::table::{Align, Table, printable};
use crate::store::catalog::{ReadError, Source};
use crate::store::{self, Catalog, Home, OpenError};

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
  reflect review start sam-jones.ron --title \"2027 annual\"
  reflect summary sam-jones.ron --compare --changed-only
  reflect validate our-framework.ron

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
    #[arg(long, global = true, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub home: Option<PathBuf>,

    /// Where your own keys.ron is [default: $REFLECT_CONFIG, else the platform config folder]
    #[arg(long, global = true, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub config: Option<PathBuf>,

    /// An assessment file to open in the app
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
    pub file: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
#[allow(
    clippy::large_enum_variant,
    reason = "parsed once per run: boxing would only cost clarity"
)]
pub enum Command {
    /// Create a new assessment and print its path
    New {
        /// The framework's id (see `reflect frameworks`)
        #[arg(long, short, value_name = "ID", value_parser = completions::FrameworkId, hide_possible_values = true)]
        framework: String,
        /// Your name
        #[arg(long, short, value_name = "NAME")]
        name: String,
        /// Your role
        #[arg(long, short, value_name = "ROLE", default_value = "")]
        role: String,
        /// Where to create it [default: a new file in <home>/assessments]
        #[arg(long, value_name = "PATH", value_hint = ValueHint::FilePath)]
        file: Option<PathBuf>,
    },
    /// List the frameworks: bundled, and your own in <home>/frameworks
    Frameworks {
        /// Print JSON, the same facts, for scripts
        #[arg(long)]
        json: bool,
    },
    /// List the development offers that serve a framework, theme or stage (bundled,
    /// and your own in <home>/offers); dated: check with the provider
    Offers {
        /// Only offers serving this framework
        #[arg(long, value_name = "ID", value_parser = completions::FrameworkId, hide_possible_values = true)]
        framework: Option<String>,
        /// Only offers serving this theme (an id, e.g. sl.place)
        #[arg(long, value_name = "ID")]
        theme: Option<String>,
        /// Only offers serving this stage (knowledge, experience, judgement)
        #[arg(long, value_name = "ID")]
        stage: Option<String>,
        /// Include offers only for councillors
        #[arg(long)]
        councillors: bool,
        /// Print JSON, the same facts, for scripts
        #[arg(long)]
        json: bool,
    },
    /// Print the default keys (the shape of keys.ron) and every action a key can do
    Keys,
    /// Check a framework file, printing every problem as PATH:LINE:COL: message
    Validate {
        /// The framework file (RON; see docs/framework-format.md)
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
        file: PathBuf,
    },
    /// List the assessments in the home folder
    List {
        /// Print JSON, the same facts, for scripts
        #[arg(long)]
        json: bool,
    },
    /// List the backups of an assessment, newest first, and whether each reads
    Backups {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// Print JSON, the same facts, for scripts
        #[arg(long)]
        json: bool,
    },
    /// Put a backup back as the assessment, keeping the file as it is as a backup first
    Restore {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// A backup's path, or its name (or the start of it) as `reflect backups` lists it
        #[arg(value_name = "BACKUP")]
        backup: String,
    },
    /// Show progress and mean levels by theme and stage
    Summary {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// Which review, numbered as `reflect review list` shows [default: the current one]
        #[arg(long, value_name = "N")]
        review: Option<usize>,
        /// Compare the review with the one before it: rated counts and mean
        /// levels by theme and stage, then every standard's level before and now
        #[arg(long)]
        compare: bool,
        /// With --compare: leave out what did not change
        #[arg(long, requires = "compare")]
        changed_only: bool,
        /// Print JSON, the same facts, for scripts
        #[arg(long, conflicts_with = "compare")]
        json: bool,
    },
    /// Write the appraisal pack: a report of a review to share with your Leader or coach
    /// (HTML to print, or Markdown)
    ///
    /// Who and what, the picture at a glance with charts, strengths and
    /// priorities, progress since the last review, each rater's view,
    /// the evidence, the development plan, and every statement. Private
    /// notes are left out unless --include-private.
    Report {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// HTML (one self-contained file; print it to PDF from a browser) or Markdown
        /// [default: from --output's extension (.md, .markdown), else HTML]
        #[arg(long, short, value_enum, value_name = "FORMAT")]
        format: Option<report::render::PackFormat>,
        /// Which review, numbered as `reflect review list` shows [default: the current one]
        #[arg(long, value_name = "N")]
        review: Option<usize>,
        /// Whom it is for: yourself, your coach, or your Leader (for a chief
        /// executive, the Leaders' guidance's discussion topics head the
        /// perspectives section)
        #[arg(long = "for", value_enum, value_name = "WHOM", default_value_t = report::pack::Audience::Myself)]
        audience: report::pack::Audience,
        /// Put private notes in too (the report then says so at the top)
        #[arg(long)]
        include_private: bool,
        /// Write here; `-` is standard output [default: HTML beside the
        /// assessment, named for the review and whom it is for; Markdown to
        /// standard output]
        #[arg(long, short, value_name = "PATH", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
    },
    /// Export a review (the current one unless --review), one row per standard and stage
    Export {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// The format to write
        #[arg(long, short, value_enum, value_name = "FORMAT", default_value_t = report::Format::Csv)]
        format: report::Format,
        /// What to export: the review's ratings and notes, or the development plan
        /// (one row per objective and action)
        #[arg(long, value_enum, value_name = "WHAT", default_value_t = reports::What::Ratings)]
        what: reports::What,
        /// Write to this file (private to you) instead of standard output
        #[arg(long, short, value_name = "PATH", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
        /// Which review, numbered as `reflect review list` shows [default: the current one]
        #[arg(long, value_name = "N")]
        review: Option<usize>,
        /// Leave the text of notes marked private out (the `private` column still says yes)
        #[arg(long)]
        no_private: bool,
        /// Write cells exactly as they are: without it, a cell that begins with
        /// =, +, -, @, a tab or a carriage return gets a ' first, so a
        /// spreadsheet shows it as text instead of running it as a formula
        #[arg(long)]
        raw: bool,
        /// Start with a UTF-8 byte-order mark, for spreadsheets that need one
        /// to read accents and other non-ASCII text
        #[arg(long)]
        bom: bool,
    },
    /// Show the development plan (text, JSON or iCalendar), add to it, or set an item's status
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Plan {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile), required = true)]
        file: Option<PathBuf>,
        /// What to write: a table, JSON, or the dated items as iCalendar for Outlook and other calendars
        #[arg(long, short, value_enum, value_name = "FORMAT", default_value_t = plan::PlanFormat::Text)]
        format: plan::PlanFormat,
        /// The same as --format json
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// Write to this file (private to you) instead of standard output
        #[arg(long, short, value_name = "PATH", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
        #[command(subcommand)]
        command: Option<PlanCommand>,
    },
    /// Start a new review cycle, or list the reviews
    Review {
        #[command(subcommand)]
        command: ReviewCommand,
    },
    /// Write a rater's sheet: for a coach, line manager or Leader to rate you on
    /// their own machine (`reflect SHEET` opens it there), then `reflect merge`
    ///
    /// The sheet holds the framework, the current review's title and date,
    /// every standard's wording and the rater's own view so far: none of
    /// your levels or notes.
    Sheet {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// The rater's role: coach, line-manager, leader, peer, or your own word
        #[arg(long, value_name = "ROLE")]
        rater: String,
        /// The rater's name [default: the name of the rater of that role in the review]
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Where to write it [default: beside the assessment, <name>-sheet-<rater>.ron]
        #[arg(long, short, value_name = "PATH", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
    },
    /// Bring a rater's filled-in sheet into the assessment's current review,
    /// as that rater's view: shows what will change and asks first
    ///
    /// A field changed both in the assessment and on the sheet since the
    /// sheet was written is a conflict: you choose which to keep, and the
    /// other is kept in a conflict copy beside the assessment. Merging the
    /// same sheet again changes nothing. Notes the rater marked private
    /// stay on the sheet.
    Merge {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// The rater's sheet
        #[arg(value_name = "SHEET", value_hint = ValueHint::FilePath)]
        sheet: PathBuf,
        /// Merge without asking
        #[arg(long, short)]
        yes: bool,
        /// Which to keep where both sides changed a field (else you are asked)
        #[arg(long, value_enum, value_name = "SIDE")]
        keep: Option<sheets::Keep>,
        /// A sheet for a review since closed (or another) goes into the current review
        #[arg(long)]
        into_current: bool,
    },
    /// Write a cohort share: your levels only, for HR or a learning team's
    /// cohort view (`reflect cohort`); shows what it holds and asks first
    ///
    /// Levels by standard and stage for each review, the framework and
    /// version, the reviews' titles and dates, your role level and, with
    /// --with-name, your name. No notes, no raters' views, no next steps,
    /// no plan. You are known by a random id kept in your assessment, so
    /// your shares over the years link up and nothing else does.
    Share {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// Whom it is for (only a cohort, for now)
        #[arg(long = "for", value_enum, value_name = "WHOM")]
        audience: sheets::ShareFor,
        /// Put your name in the share
        #[arg(long)]
        with_name: bool,
        /// Your role level: chief-executive, director, assistant-director,
        /// head-of-service [default: from the framework and your role]
        #[arg(long, value_name = "LEVEL", value_parser = sheets::parse_level)]
        level: Option<crate::model::share::RoleLevel>,
        /// Where to write it [default: <home>/shares/<name>-cohort-share-<date>.ron]
        #[arg(long, short, value_name = "PATH", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
        /// Write it without asking
        #[arg(long, short)]
        yes: bool,
    },
    /// The cohort view, for HR and learning teams: levels from cohort shares
    /// (and full assessments, levels only) in files and folders
    ///
    /// For each framework: how many people, reviews and files; for each
    /// theme and stage, and each standard, the distribution of levels, the
    /// median, the share at the top two levels and how many rated it; the
    /// most common development priorities and the offers that serve the
    /// most people's; progress between each person's last two reviews.
    /// No figure is drawn from fewer than --min-group people. Files that
    /// cannot be used are skipped with the reason. On a terminal with no
    /// --format, the cohort screen.
    Cohort {
        /// Cohort shares, assessments, or folders of them
        #[arg(value_name = "PATH", required = true, value_hint = ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        /// What to write [default: the cohort screen on a terminal, else text,
        /// or from --output's extension]
        #[arg(long, short, value_enum, value_name = "FORMAT")]
        format: Option<report::cohort::CohortFormat>,
        /// The smallest group a figure may be drawn from
        #[arg(long, value_name = "N", default_value_t = 5)]
        min_group: usize,
        /// Write to this file (private to you) instead of standard output
        #[arg(long, short, value_name = "PATH", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
    },
    /// Print a completion script for your shell (README says how to install it)
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print reflect's manual page (roff), for `man`
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Close the current review and start the next from its levels
    ///
    /// The current review is read-only from then on. The new one's levels
    /// start from it, each marked as carried forward until its level or note
    /// is changed; notes stay with the review they were written in.
    Start {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// The new review's title, e.g. "2027 annual"
        #[arg(long, short, value_name = "TITLE")]
        title: String,
        /// The new review's date, which closes the current one [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<Date>,
    },
    /// List the reviews: number, title, dates, rated counts, other raters
    List {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// Print JSON, the same facts, for scripts
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Add an objective (--objective) or a development action (--action)
    Add {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// A development action: what you will do
        #[arg(
            long,
            value_name = "TEXT",
            conflicts_with = "objective",
            required_unless_present = "objective"
        )]
        action: Option<String>,
        /// An objective: what is to be achieved
        #[arg(long, value_name = "TITLE")]
        objective: Option<String>,
        /// The action's kind: programme, coaching, action learning, stretch (role or
        /// secondment), peer network, reading, other
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// What the action develops: a standard or theme id, @STAGE for one stage
        /// (sl.place.1@experience, sl.place), or @STAGE alone; repeat for more
        #[arg(long, value_name = "ID[@STAGE]")]
        develops: Vec<String>,
        /// A development offer the action takes up (see `reflect offers`)
        #[arg(long, value_name = "ID")]
        offer: Option<String>,
        /// The objective the action serves (O1)
        #[arg(long, value_name = "ID")]
        objective_id: Option<String>,
        /// When it is due
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        due: Option<Date>,
        /// The objective's description
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
        /// How the objective's success will be known
        #[arg(long, value_name = "TEXT")]
        measure: Option<String>,
        /// The corporate plan priority the objective serves
        #[arg(long, value_name = "TEXT")]
        priority: Option<String>,
        /// Who agreed the objective: a rater's id (`leader`), as `reflect review list` names them
        #[arg(long, value_name = "RATER")]
        agreed_by: Option<String>,
        /// When it was agreed [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        agreed_on: Option<Date>,
    },
    /// Set an objective's or action's status: planned, in-progress, done, dropped
    Set {
        /// The assessment file
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath, add = ArgValueCompleter::new(completions::AssessmentFile))]
        file: PathBuf,
        /// The item: O1 for an objective, A1 for an action (`reflect plan FILE` lists them)
        #[arg(value_name = "ID")]
        id: String,
        /// The new status
        #[arg(long, value_name = "STATUS", value_parser = parse_status)]
        status: crate::model::plan::Status,
        /// What shows the action was done
        #[arg(long, value_name = "TEXT")]
        evidence: Option<String>,
        /// The day it took that status [default: today]
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<Date>,
    },
}

fn parse_status(text: &str) -> Result<crate::model::plan::Status, String> {
    crate::model::plan::Status::parse(text)
        .ok_or_else(|| format!("\"{text}\" is not a status: planned, in-progress, done or dropped"))
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|_| format!("\"{text}\" is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31"))
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
    completions::answer_the_shell();
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
            // Messages quote names, titles and ids from files.
            let _ = writeln!(io::stderr(), "{}", printable(&failure.message, true));
            ExitCode::from(failure.status)
        }
    }
}

pub fn run(cli: Cli) -> Outcome {
    let home = cli.home;
    match cli.command {
        None => {
            let file = cli.file.map(|f| locate(home.clone(), f));
            if let Some(command) = file.as_deref().and_then(mistyped_command) {
                return Err(Failure::usage(format!(
                    "no such file '{}'; did you mean `reflect {command}`?",
                    file.as_deref().unwrap_or(Path::new("")).display()
                )));
            }
            app::open_app(home, cli.config, file)
        }
        Some(Command::New {
            framework,
            name,
            role,
            file,
        }) => new::new(home, &framework, &name, &role, file.as_deref()),
        Some(Command::Frameworks { json }) => frameworks::frameworks(home, json),
        Some(Command::Offers {
            framework,
            theme,
            stage,
            councillors,
            json,
        }) => offers::offers(home, framework, theme, stage, councillors, json),
        Some(Command::Keys) => keys::keys(cli.config),
        Some(Command::Validate { file }) => frameworks::validate(&file),
        Some(Command::List { json }) => list::list(home, json),
        Some(Command::Backups { file, json }) => backups::backups(home, file, json),
        Some(Command::Restore { file, backup }) => backups::restore(home, file, &backup),
        Some(Command::Summary {
            file,
            review,
            compare,
            changed_only,
            json,
        }) => {
            let report = match (compare, changed_only, json) {
                (false, _, false) => Report::Summary,
                (false, _, true) => Report::Json,
                (true, changed_only, _) => Report::Compare { changed_only },
            };
            reports::summary(home.clone(), &locate(home, file), review, report)
        }
        Some(Command::Report {
            file,
            format,
            review,
            audience,
            include_private,
            output,
        }) => reports::pack(
            home.clone(),
            cli.config,
            &locate(home, file),
            reports::PackRequest {
                format,
                review,
                audience,
                include_private,
                output,
            },
        ),
        Some(Command::Export {
            file,
            format,
            what,
            output,
            review,
            no_private,
            raw,
            bom,
        }) => reports::export(
            home.clone(),
            &locate(home, file),
            format,
            what,
            output.as_deref(),
            review,
            report::ExportOptions {
                hide_private: no_private,
                raw,
                bom,
            },
        ),
        Some(Command::Plan {
            command:
                Some(PlanCommand::Set {
                    file,
                    id,
                    status,
                    evidence,
                    date,
                }),
            ..
        }) => plan::set(
            home.clone(),
            &locate(home, file),
            &id,
            status,
            evidence,
            date,
        ),
        Some(Command::Plan {
            command:
                Some(PlanCommand::Add {
                    file,
                    action,
                    objective,
                    kind,
                    develops,
                    offer,
                    objective_id,
                    due,
                    description,
                    measure,
                    priority,
                    agreed_by,
                    agreed_on,
                }),
            ..
        }) => plan::add(
            home.clone(),
            &locate(home, file),
            plan::Add {
                action,
                objective,
                kind,
                develops,
                offer,
                serves: objective_id,
                due,
                description,
                measure,
                priority,
                agreed_by,
                agreed_on,
            },
        ),
        Some(Command::Plan {
            file,
            format,
            json,
            output,
            command: None,
        }) => {
            let file =
                file.ok_or_else(|| Failure::usage("reflect plan FILE: which assessment?"))?;
            let format = if json { plan::PlanFormat::Json } else { format };
            plan::show(home.clone(), &locate(home, file), format, output.as_deref())
        }
        Some(Command::Review {
            command: ReviewCommand::Start { file, title, date },
        }) => review::review_start(home.clone(), &locate(home, file), &title, date),
        Some(Command::Review {
            command: ReviewCommand::List { file, json },
        }) => review::review_list(home.clone(), &locate(home, file), json),
        Some(Command::Sheet {
            file,
            rater,
            name,
            output,
        }) => sheets::sheet(
            home.clone(),
            &locate(home, file),
            &rater,
            name.as_deref(),
            output.as_deref(),
        ),
        Some(Command::Merge {
            file,
            sheet,
            yes,
            keep,
            into_current,
        }) => sheets::merge(
            home.clone(),
            &locate(home, file),
            &sheet,
            sheets::MergeRequest {
                yes,
                into_current,
                keep,
            },
        ),
        Some(Command::Share {
            file,
            audience: sheets::ShareFor::Cohort,
            with_name,
            level,
            output,
            yes,
        }) => sheets::share(
            home.clone(),
            &locate(home, file),
            sheets::ShareRequest {
                with_name,
                level,
                output,
                yes,
            },
        ),
        Some(Command::Cohort {
            paths,
            format,
            min_group,
            output,
        }) => cohort::cohort(
            home,
            cli.config,
            &paths,
            format,
            min_group,
            output.as_deref(),
        ),
        Some(Command::Completions { shell }) => completions::completions(shell),
        Some(Command::Man) => completions::man(),
    }
}

/// The command `file` looks like a mistyped name of (`lsit`: `list`), when
/// no such file exists: one or two letters wrong, or two swapped.
fn mistyped_command(file: &Path) -> Option<String> {
    if file.exists() || file.components().count() != 1 || file.extension().is_some() {
        return None;
    }
    let typed = file.to_str()?.to_lowercase();
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|name| name != "help")
        .map(|name| (edit_distance(&typed, &name), name))
        .filter(|(d, name)| *d > 0 && *d <= 2 && *d < name.len())
        .min()
        .map(|(_, name)| name)
}

/// Letters to add, remove, change or swap (two side by side) to make `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
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

/// The ids of every framework, bundled and custom, without parsing them.
fn known_ids(home: Option<&Home>) -> String {
    match home {
        Some(home) => Catalog::known_ids(home).join(", "),
        None => bundled::SOURCES
            .iter()
            .map(|(name, _)| name.trim_end_matches(".ron"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A framework by id: a custom one in the home if there is a home, else bundled.
fn find_framework(home: Option<&Home>, id: &str) -> Result<Option<Framework>, Failure> {
    match home {
        Some(home) => Catalog::find(home, id).map_err(Failure::other),
        None => bundled::by_id(id).map_err(Failure::anyhow),
    }
}

use store::describe;

/// Load an assessment read-only, with its framework (custom or bundled),
/// brought up to date with the framework in memory: the file is not written.
fn load(home: Option<PathBuf>, path: &Path) -> Result<(Assessment, Framework), Failure> {
    load_with(home, path, store::load_assessment)
}

/// [`load`], reading the file with `read`.
fn load_with(
    home: Option<PathBuf>,
    path: &Path,
    read: impl FnOnce(&Path) -> Result<Assessment, OpenError>,
) -> Result<(Assessment, Framework), Failure> {
    let home = Home::resolve(home).ok();
    let mut assessment =
        read(path).map_err(|e| Failure::load_with_backup_hint(home.as_ref(), e))?;
    if assessment.reviews.is_empty() {
        return Err(Failure::load(OpenError::Invalid {
            path: path.to_owned(),
            message: "the assessment has no review".into(),
        }));
    }
    let id = &assessment.framework.id;
    let framework = find_framework(home.as_ref(), id).map_err(|f| {
        Failure::load(OpenError::Invalid {
            path: path.to_owned(),
            message: f.message.trim_start_matches("reflect: ").to_owned(),
        })
    })?;
    let Some(framework) = framework else {
        return Err(Failure::load(OpenError::Invalid {
            path: path.to_owned(),
            message: format!(
                "framework \"{id}\" is not known to this reflect; known frameworks: {}",
                known_ids(home.as_ref())
            ),
        }));
    };
    store::check_levels(path, &assessment, &framework).map_err(Failure::load)?;
    migrate(&mut assessment, &framework);
    Ok((assessment, framework))
}

/// Open `file` to change it, or say why it cannot be.
fn open_to_change(home: &Home, file: &Path, doing: &str) -> Result<store::Document, Failure> {
    let doc = store::open(home, file).map_err(|e| Failure::load_with_backup_hint(Some(home), e))?;
    if let Some(read_only) = &doc.read_only {
        return Err(Failure::other(format!(
            "{}: cannot {doing}: {}",
            file.display(),
            match read_only {
                store::ReadOnly::Locked =>
                    "another reflect has it open; close it there and try again".to_owned(),
                store::ReadOnly::Newer { found } =>
                    format!("it was written by a newer reflect (schema {found}); update reflect"),
                store::ReadOnly::Unlockable { why } => format!("its lock cannot be taken ({why})"),
            }
        )));
    }
    Ok(doc)
}

/// What `reflect summary` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Report {
    Summary,
    /// The summary's facts as JSON.
    Json,
    Compare {
        changed_only: bool,
    },
}

/// The 0-based index of `--review N` (1-based), or of the current review.
fn review_index(assessment: &Assessment, number: Option<usize>) -> Result<usize, Failure> {
    match number {
        None => Ok(assessment.current_index()),
        Some(n) => assessment
            .review_index(n)
            .map_err(|e| Failure::usage(format!("--review {n}: {e}"))),
    }
}

use store::write_private;

/// Today where the user is. Without `TZ` the zone is read from
/// `/etc/localtime` alone: jiff's own lookup first lists every name in
/// the zoneinfo database, which cost `reflect report` a tenth of its
/// instructions (BENCHMARKS.md).
fn today() -> jiff::civil::Date {
    if std::env::var_os("TZ").is_none()
        && let Ok(bytes) = std::fs::read("/etc/localtime")
        && let Ok(zone) = jiff::tz::TimeZone::tzif("local", &bytes)
    {
        return jiff::Timestamp::now().to_zoned(zone).date();
    }
    jiff::Zoned::now().date()
}

/// Print to stdout, every control character from files' contents made
/// harmless ([`printable`]). A closed pipe (`reflect list | head`) is not
/// an error.
fn emit(text: &str) -> Outcome {
    emit_exact(&printable(text, true))
}

/// Print `value` as JSON (pretty, one value): serde_json escapes every
/// control character, so it is safe on a terminal as it is.
fn emit_json(value: &serde_json::Value) -> Outcome {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::other(format!("cannot write JSON: {e}")))?;
    emit_exact(&(text + "\n"))
}

/// A table as text, fitted to the terminal, or as JSON.
fn emit_table(table: &Table, json: bool) -> Outcome {
    if json {
        emit_json(&table.json())
    } else {
        emit(&table.render_within(terminal_width()))
    }
}

/// Print `text` to stdout exactly as it is: for data (an export to a pipe).
fn emit_exact(text: &str) -> Outcome {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::other(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// The width tables should fit: `COLUMNS` if set, else the terminal's
/// when standard output is one; `None` (no limit) for a pipe or a file.
fn terminal_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
    {
        return Some(columns);
    }
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        return ratatui::crossterm::terminal::size()
            .ok()
            .map(|(w, _)| usize::from(w));
    }
    None
}
