//! `reflect completions SHELL` and `reflect man`: what shells and `man`
//! need, made from the same clap definition as the command line itself.
//!
//! Completion is done by reflect itself as the shell asks (clap's
//! environment-activated completion): the script a shell loads calls
//! `COMPLETE=<shell> reflect -- <words>`, so the names of the assessments
//! in the home folder, which no script written in advance could know, are
//! offered wherever a command takes a FILE, in every shell.

use std::ffi::{OsStr, OsString};

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap_complete::engine::{CompletionCandidate, PathCompleter, ValueCompleter};
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use super::*;

/// The variable that makes reflect answer a shell's completion request.
const VAR: &str = "COMPLETE";

/// Answer a shell's completion request and exit, if this run is one;
/// otherwise return at once. Called before anything else is printed.
pub fn answer_the_shell() {
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(VAR)
        .complete();
}

/// `reflect completions SHELL`: what the shell loads to ask reflect for
/// completions (the same as `COMPLETE=SHELL reflect` prints), on stdout.
pub(super) fn completions(shell: clap_complete::Shell) -> Outcome {
    let completer: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Zsh => &Zsh,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::Elvish => &Elvish,
        clap_complete::Shell::PowerShell => &Powershell,
        _ => return Err(Failure::other(format!("no completions for {shell}"))),
    };
    // The program the shell is to call: this one, as it was started (a
    // relative path made absolute, a bare name left to the PATH).
    let started = std::env::args_os()
        .next()
        .unwrap_or_else(|| OsString::from("reflect"));
    let mut program = PathBuf::from(&started);
    if program.components().count() > 1 {
        program = std::path::absolute(&program).unwrap_or(program);
    }
    let mut out = Vec::new();
    completer
        .write_registration(
            VAR,
            "reflect",
            "reflect",
            &program.to_string_lossy(),
            &mut out,
        )
        .map_err(|e| Failure::other(format!("cannot write the completion script: {e}")))?;
    emit_exact(&String::from_utf8_lossy(&out))
}

/// Candidates for a FILE: the files and folders where the word points, and
/// the assessments in the home folder by name (`$REFLECT_HOME`, else the
/// platform's data folder: the shell cannot pass `--home` on).
#[derive(Debug, Clone, Copy)]
pub struct AssessmentFile;

impl ValueCompleter for AssessmentFile {
    fn complete(&self, current: &OsStr) -> Vec<CompletionCandidate> {
        let mut found = PathCompleter::file().complete(current);
        let typed = current.to_string_lossy();
        if !typed.contains(std::path::MAIN_SEPARATOR)
            && let Ok(home) = Home::resolve(None)
        {
            let mut names: Vec<String> = std::fs::read_dir(home.assessments_dir())
                .into_iter()
                .flatten()
                .flatten()
                .filter_map(|entry| entry.file_name().into_string().ok())
                .filter(|name| name.ends_with(".ron") && name.starts_with(typed.as_ref()))
                .collect();
            names.sort();
            found.extend(names.into_iter().map(|name| {
                CompletionCandidate::new(name).help(Some("in the home folder".into()))
            }));
        }
        found
    }
}

/// `reflect man`: the manual page, in roff, on stdout.
pub(super) fn man() -> Outcome {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .map_err(|e| Failure::other(format!("cannot write the manual page: {e}")))?;
    emit_exact(&String::from_utf8_lossy(&out))
}

/// A framework id: any text (a framework of your own has an id reflect
/// cannot know in advance), with the bundled ids offered to completion.
#[derive(Debug, Clone, Copy)]
pub struct FrameworkId;

impl TypedValueParser for FrameworkId {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(bundled::SOURCES.iter().map(|(name, _)| {
            PossibleValue::new(name.trim_end_matches(".ron"))
        })))
    }
}
