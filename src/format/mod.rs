//! RON text: parsing with positions, the one way reflect writes RON, and
//! the positions of problems in it. Used by the store (files), the keys
//! and themes (config files) and `reflect validate`; depends on the model
//! only for the framework file's checks.

pub mod framework;
pub mod offers;
pub mod outline;

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

/// One problem in a framework file, at a 1-based line and column
/// (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Parse RON text. `Option` fields may be written bare (`stage: "knowledge"`).
///
/// An error a value's own reader finds (a key given twice, a date that is
/// not one) is placed at the start of the token it was found in: ron puts
/// it just inside the string.
pub fn parse_ron<T: DeserializeOwned>(text: &str) -> Result<T, Located> {
    options().from_str(text).map_err(|e| {
        let (mut line, mut col) = (e.span.start.line, e.span.start.col);
        if let ron::Error::Message(_) = e.code
            && let Some(start) = outline::token_start(text, line, col)
        {
            (line, col) = start;
        }
        Located {
            line,
            col,
            message: e.code.to_string(),
        }
    })
}

/// The value of the top-level field `field` of a RON struct, read from
/// the start of `text` without parsing what comes after it: a file's
/// header (an assessment's framework, say) for a few microseconds, where
/// the whole file takes a tenth of a second. `None` when the text does not
/// read that far, or the field is not there or not a `T`.
pub fn peek_field<T: DeserializeOwned>(text: &str, field: &'static str) -> Option<T> {
    use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

    struct Peek<T> {
        field: &'static str,
        found: std::cell::RefCell<Option<T>>,
    }
    impl<'de, T: DeserializeOwned> Visitor<'de> for &Peek<T> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "a struct with a field `{}`", self.field)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == self.field {
                    *self.found.borrow_mut() = Some(map.next_value()?);
                    // Found: stop here rather than read the rest.
                    return Err(de::Error::custom("found"));
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }
    impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for &Peek<T> {
        type Value = ();
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_struct("", &[], self)
        }
    }

    let peek = Peek {
        field,
        found: std::cell::RefCell::new(None),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = ron::Deserializer::from_str_with_options(text, &options()).ok()?;
    let _ = (&peek).deserialize(&mut de);
    peek.found.into_inner()
}

/// Serialise to the pretty, stable RON that reflect writes.
///
/// Strings are written as they are, not escaped: `"…"` when the string
/// holds no `"` and no `\`, otherwise a raw string `r#"…"#` with one more
/// `#` than the longest run of `#` in it. So a note's line breaks are real
/// line breaks in the file, and writing is one copy per string instead of
/// an escape per character (5x faster). Either form reads back as exactly
/// the same string, whatever it holds, control characters included: ron
/// reads a `"…"` string without a `\` byte for byte up to the next `"`,
/// and a raw string byte for byte up to `"` and its `#`s, which the
/// string cannot contain. Every save reads its text back before writing
/// it, and the property tests (`tests/store.rs`, `tests/fuzz.rs`) check
/// any text at all.
pub fn to_ron<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    let pretty = PrettyConfig::new()
        .struct_names(false)
        .indentor("  ".to_string())
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .escape_strings(false);
    let mut text = options().to_string_pretty(value, pretty)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};

    use super::*;

    /// An error a value's own reader finds is placed at the start of the
    /// token it was found in: a stage given twice, at its opening quote.
    #[test]
    fn a_key_given_twice_is_placed_at_its_opening_quote() {
        let text = r#"{
            "experience": (rating: Level(2), note: "first e"),
            "knowledge": (rating: Level(1)),
            r"experience": (rating: Level(4), note: "last e"),
        }"#;
        let err = parse_ron::<crate::model::StageMarks>(text).unwrap_err();
        assert_eq!((err.line, err.col), (4, 13), "{err}");
        assert!(err.message.contains("twice"), "{err}");
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Note {
        schema: u32,
        text: String,
        more: Option<String>,
        keyed: BTreeMap<String, String>,
    }

    /// Strings that are hard to write unescaped: quotes and `#` next to
    /// where a raw string ends, backslashes, control characters, and text
    /// that looks like RON.
    const HARD: &[&str] = &[
        "",
        "plain",
        "\"",
        "\\",
        "#",
        "\"#",
        "#\"",
        "\"##\"#",
        "ends in a quote\"",
        "ends in a backslash\\",
        "r#\"raw\"#",
        "r##\"x\"##\" ###",
        "line\nbreak\r\nand\rcarriage\ttab",
        "\0nul \u{7}bell \u{1b}[31m \u{7f} \u{85} \u{2028} \u{feff}",
        "\\n is not a line break",
        "\"quoted\"\n\\back\\slash\\",
        "/* not a comment */ // nor this ),]} r#",
        "👩🏽\u{200d}💼 e\u{301} \u{202e}rtl\u{202c} \u{10ffff}",
    ];

    #[test]
    fn every_hard_string_reads_back_as_it_was_written() {
        for (i, &s) in HARD.iter().enumerate() {
            let value = Note {
                schema: 1,
                text: s.to_owned(),
                more: Some(format!("{s}{s}")),
                keyed: BTreeMap::from([(s.to_owned(), s.to_owned())]),
            };
            let text = to_ron(&value).unwrap();
            let back: Note = parse_ron(&text).unwrap_or_else(|e| panic!("{i}: {e}\n{text}"));
            assert_eq!(back, value, "{i}:\n{text}");
            // Skipping the fields (as the schema probe does) gets past them too.
            #[derive(Deserialize)]
            struct Probe {
                schema: u32,
            }
            assert_eq!(parse_ron::<Probe>(&text).unwrap().schema, 1, "{i}");
        }
    }

    #[test]
    fn strings_are_written_unescaped_raw_when_they_need_it() {
        let text = to_ron(&"two\nlines").unwrap();
        assert_eq!(text, "\"two\nlines\"\n");
        let text = to_ron(&"a \"quote\" and a # sign").unwrap();
        assert_eq!(text, "r##\"a \"quote\" and a # sign\"##\n");
        assert_eq!(to_ron(&"back\\slash").unwrap(), "r#\"back\\slash\"#\n");
    }

    #[test]
    fn peek_reads_one_field_and_not_what_follows() {
        use crate::model::assessment::FrameworkRef;
        let named = FrameworkRef {
            id: "senior-leadership".into(),
            version: "2025.1".into(),
        };
        // What follows the field is never read, even when it is broken.
        let text = "(schema: 2, framework: (id: \"senior-leadership\", version: \"2025.1\"), \
                    reviews: [ (broken";
        assert_eq!(
            peek_field::<FrameworkRef>(text, "framework"),
            Some(named.clone())
        );
        // Fields before it are skipped, whatever they hold; a byte-order mark too.
        let text = "\u{feff}(person: (name: \"Jo\"), notes: [\"a\", r#\"b\"#], \
                    framework: (id: \"senior-leadership\", version: \"2025.1\"))";
        assert_eq!(peek_field::<FrameworkRef>(text, "framework"), Some(named));
        // Not there, not that shape, or broken before it: nothing.
        assert_eq!(peek_field::<FrameworkRef>("(schema: 2)", "framework"), None);
        assert_eq!(
            peek_field::<FrameworkRef>("(framework: 3)", "framework"),
            None
        );
        assert_eq!(
            peek_field::<FrameworkRef>(
                "(schema: , framework: (id: \"x\", version: \"1\"))",
                "framework"
            ),
            None
        );
        assert_eq!(peek_field::<FrameworkRef>("", "framework"), None);
    }
}
