//! RON parsing with positions, and the one way reflect writes RON.

use std::fmt;

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A parse error with the 1-based line and column it was found at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for Located {}

fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Parse RON text. `Option` fields may be written bare (`stage: "knowledge"`).
pub fn parse_ron<T: DeserializeOwned>(text: &str) -> Result<T, Located> {
    options().from_str(text).map_err(|e| Located {
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    })
}

/// Serialise to the pretty, stable RON that reflect writes.
pub fn to_ron<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    let pretty = PrettyConfig::new()
        .struct_names(false)
        .indentor("  ".to_string())
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let mut text = options().to_string_pretty(value, pretty)?;
    text.push('\n');
    Ok(text)
}
