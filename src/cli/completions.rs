//! `reflect completions SHELL` and `reflect man`: what shells and `man`
//! need, made from the same clap definition as the command line itself.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};

use super::*;

/// `reflect completions SHELL`: the completion script, on stdout.
pub(super) fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "reflect", &mut out);
    emit_exact(&String::from_utf8_lossy(&out))
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
