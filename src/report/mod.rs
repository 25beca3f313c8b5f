//! Reports: an assessment rendered as text, for the terminal or for other tools.
//!
//! Every report is a pure function from the model to a `String`; the command
//! line decides where the text goes. A new export format is one more module
//! here and one more [`Format`] variant.

pub mod chart;
pub mod cohort;
pub mod compare;
pub mod csv;
pub mod pack;
pub mod plan;
pub mod render;
pub mod summary;
pub mod table;

use crate::model::{Assessment, Framework};

/// A file format `reflect export` can write (the command line's
/// `--format` values are these, by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated values (RFC 4180), one row per standard and stage, for spreadsheets
    Csv,
}

impl Format {
    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
        }
    }
}

/// What an export leaves out, and how it is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Leave the text of private notes out (their `private` flag stays).
    pub hide_private: bool,
    /// Write every cell exactly as it is, without the `'` that guards a
    /// cell a spreadsheet would take for a formula (see [`csv::guard`]).
    pub raw: bool,
    /// Start with a UTF-8 byte-order mark, for spreadsheets that need one
    /// to read UTF-8.
    pub bom: bool,
}

/// Render `review` in `format`.
pub fn export(
    format: Format,
    framework: &Framework,
    assessment: &Assessment,
    index: usize,
    options: ExportOptions,
) -> String {
    match format {
        Format::Csv => csv::export(framework, assessment, index, options),
    }
}
