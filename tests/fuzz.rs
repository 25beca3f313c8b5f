//! Bad input, tried on purpose: the parsers of frameworks and assessments
//! never panic, whatever bytes they are given (random bytes, and real
//! files with bytes flipped, inserted, deleted, truncated and spliced), and
//! the words users write, however odd or long, come back unchanged.
//!
//! A panic is caught and reported with the input, which is also written to
//! `target/fuzz-failures/` so it can be replayed.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use jiff::civil::date;
use proptest::prelude::*;
use reflect::format::framework::{self as bundled, parse_framework};
use reflect::format::outline::scan_id;
use reflect::model::assessment::FrameworkRef;
use reflect::model::{Assessment, Framework, Person, Rating, Review};
use reflect::store::{self, Catalog, Home, load_assessment, parse_ron, save_assessment};

// ----------------------------------------------------------------- inputs

/// The real files mutations start from: the bundled frameworks, and saved
/// assessments (the schema 1 fixture, and one with odd text in it).
fn framework_seeds() -> Vec<Vec<u8>> {
    bundled::SOURCES
        .iter()
        .map(|(_, text)| text.as_bytes().to_vec())
        .collect()
}

fn assessment_seeds() -> Vec<Vec<u8>> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assessment-v1.ron");
    let mut odd = sample("Siân O'Neill");
    odd.current_mut().mark_mut("sl.place.2", "knowledge").note =
        "emoji 👩🏽‍💼, RTL שלום مرحبا, combining e\u{301}, controls \0\u{1b}\u{7f}, \"quotes\" \\ /* */"
            .into();
    vec![
        fs::read(fixture).unwrap(),
        store::to_ron(&odd).unwrap().into_bytes(),
    ]
}

/// Byte sequences that mean something to a RON parser.
const TOKENS: &[&[u8]] = &[
    b"(",
    b")",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b"\"",
    b"\\",
    b"'",
    b"r#\"",
    b"\"#",
    b"/*",
    b"*/",
    b"//",
    b"Some(",
    b"None",
    b"Level(",
    b"NotApplicable",
    b"true",
    b"-",
    b"1e999",
    b"18446744073709551616",
    b"-9223372036854775809",
    b"0x",
    b"\\u{",
    b"\\u{110000}",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\0",
    b"\n",
    b"#![enable(implicit_some)]",
    b"schema: 2,",
    b"reviews: [],",
    b"\"2026-02-30\"",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// XOR the byte at (position) with a non-zero value.
    Flip(usize, u8),
    /// Insert bytes at (position).
    Insert(usize, Vec<u8>),
    /// Insert a RON token at (position).
    Token(usize, usize),
    /// Delete (length) bytes from (position).
    Delete(usize, usize),
    /// Cut the file at (position).
    Truncate(usize),
    /// Copy (length) bytes from (from) to (to), within the file.
    Splice { from: usize, len: usize, to: usize },
    /// Repeat (length) bytes at (position) (count) times.
    Repeat(usize, usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        4 => (at, 1..=255u8).prop_map(|(p, x)| Mutation::Flip(p, x)),
        2 => (at, prop::collection::vec(any::<u8>(), 1..8)).prop_map(|(p, b)| Mutation::Insert(p, b)),
        4 => (at, 0..TOKENS.len()).prop_map(|(p, t)| Mutation::Token(p, t)),
        3 => (at, 1..64usize).prop_map(|(p, n)| Mutation::Delete(p, n)),
        1 => at.prop_map(Mutation::Truncate),
        2 => (at, 1..256usize, any::<usize>()).prop_map(|(from, len, to)| Mutation::Splice { from, len, to }),
        1 => (at, 1..16usize, 2..64usize).prop_map(|(p, n, k)| Mutation::Repeat(p, n, k)),
    ]
}

/// `seed` with `mutations` applied, positions taken modulo its length.
fn mutate(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for m in mutations {
        let len = bytes.len();
        let pos = |p: usize| if len == 0 { 0 } else { p % (len + 1) };
        match m {
            Mutation::Flip(p, x) if len > 0 => bytes[p % len] ^= x,
            Mutation::Flip(..) => {}
            Mutation::Insert(p, b) => {
                let p = pos(*p);
                bytes.splice(p..p, b.iter().copied());
            }
            Mutation::Token(p, t) => {
                let p = pos(*p);
                bytes.splice(p..p, TOKENS[*t].iter().copied());
            }
            Mutation::Delete(p, n) => {
                let p = pos(*p);
                let end = (p + n).min(len);
                bytes.drain(p..end);
            }
            Mutation::Truncate(p) => bytes.truncate(pos(*p)),
            Mutation::Splice { from, len: n, to } => {
                let from = pos(*from);
                let end = (from + n).min(len);
                let piece = bytes[from..end].to_vec();
                let to = pos(*to);
                bytes.splice(to..to, piece);
            }
            Mutation::Repeat(p, n, k) => {
                let p = pos(*p);
                let end = (p + n).min(len);
                let piece = bytes[p..end].repeat(*k);
                bytes.splice(p..p, piece);
            }
        }
    }
    bytes
}

// ------------------------------------------------------------ the checks

/// Keep an input that made something panic, and say where it is.
fn keep_failure(bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    let _ = fs::create_dir_all(&dir);
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let path = dir.join(format!("{hash:016x}.ron"));
    let _ = fs::write(&path, bytes);
    path
}

/// Run `f`, turning a panic into a failure that names the input.
fn no_panic<T>(what: &str, bytes: &[u8], f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let kept = keep_failure(bytes);
        let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
        TestCaseError::fail(format!(
            "{what} panicked ({message}) on {} bytes, kept in {}; they begin {shown:?}",
            bytes.len(),
            kept.display()
        ))
    })
}

/// Every way reflect reads a framework file, on `bytes`.
fn read_as_framework(bytes: &[u8], home: &Home) -> Result<(), TestCaseError> {
    let text = String::from_utf8_lossy(bytes);
    no_panic("parse_ron::<Framework>", bytes, || {
        let _ = parse_ron::<Framework>(&text);
    })?;
    no_panic("validate::validate", bytes, || bundled::validate(&text))?;
    no_panic("validate::scan_id", bytes, || scan_id(&text))?;
    // As a custom framework in a home, read from disk (raw bytes).
    let dir = home.frameworks_dir();
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("fuzzed.ron"), bytes).unwrap();
    no_panic("Catalog::load", bytes, || Catalog::load(home).problems())?;
    Ok(())
}

/// Every way reflect reads an assessment file, on `bytes`.
fn read_as_assessment(bytes: &[u8], dir: &Path) -> Result<(), TestCaseError> {
    let text = String::from_utf8_lossy(bytes);
    no_panic("parse_ron::<Assessment>", bytes, || {
        let _ = parse_ron::<Assessment>(&text);
    })?;
    let path = dir.join("fuzzed.ron");
    fs::write(&path, bytes).unwrap();
    let loaded = no_panic("load_assessment", bytes, || load_assessment(&path))?;
    if let Ok(mut a) = loaded {
        // What loads can be saved and loads back the same (when the schema
        // is one this reflect writes; raised to what it holds).
        if a.schema <= reflect::model::SCHEMA_VERSION {
            let copy = dir.join("resaved.ron");
            let _ = fs::remove_file(&copy);
            save_assessment(&copy, &a).map_err(|e| TestCaseError::fail(e.to_string()))?;
            a.settle_schema();
            prop_assert_eq!(load_assessment(&copy).unwrap(), a);
        }
    }
    // And the app's way in, which also finds the framework and locks.
    let home = Home::at(dir.join("home"));
    let _ = no_panic("store::open", bytes, || store::open(&home, &path).map(drop))?;
    Ok(())
}

#[test]
fn the_seeds_themselves_are_read_without_trouble() {
    // The mutations start from files that load: check that they do, so a
    // mutation is what makes the difference.
    for seed in framework_seeds() {
        parse_framework(std::str::from_utf8(&seed).unwrap()).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, seed) in assessment_seeds().into_iter().enumerate() {
        let path = dir.path().join(format!("{i}.ron"));
        fs::write(&path, &seed).unwrap();
        load_assessment(&path).unwrap();
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // A stack overflow is not a panic: it would abort the whole process.
    for open in ["(", "[", "{", "Some(", "Level("] {
        let text = open.repeat(100_000);
        assert!(parse_ron::<Framework>(&text).is_err());
        assert!(parse_ron::<Assessment>(&text).is_err());
        assert!(!bundled::validate(&text).is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_never_panic_a_parser(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..2048),
            // Mostly printable, so the parsers get past the first byte.
            prop::collection::vec(prop_oneof![
                8 => 0x20u8..0x7f,
                1 => Just(b'\n'),
                1 => any::<u8>(),
            ], 0..2048),
        ]
    ) {
        let dir = tempfile::tempdir().unwrap();
        read_as_framework(&bytes, &Home::at(dir.path().join("home")))?;
        read_as_assessment(&bytes, dir.path())?;
    }

    #[test]
    fn mutated_frameworks_never_panic_a_parser(
        seed in 0..bundled::SOURCES.len(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let bytes = mutate(&framework_seeds()[seed], &mutations);
        let dir = tempfile::tempdir().unwrap();
        read_as_framework(&bytes, &Home::at(dir.path().join("home")))?;
    }

    #[test]
    fn mutated_assessments_never_panic_a_parser(
        seed in 0..2usize,
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let bytes = mutate(&assessment_seeds()[seed], &mutations);
        let dir = tempfile::tempdir().unwrap();
        read_as_assessment(&bytes, dir.path())?;
    }
}

#[test]
fn mutations_change_files_and_often_break_them() {
    // The mutator works: otherwise the tests above would test the seeds only.
    let seed = &framework_seeds()[1];
    let flipped = mutate(seed, &[Mutation::Flip(100, 0x20)]);
    assert_eq!(flipped.len(), seed.len());
    assert_ne!(&flipped, seed);
    assert_eq!(mutate(seed, &[Mutation::Truncate(10)]).len(), 10);
    assert_eq!(
        mutate(
            b"abc",
            &[Mutation::Splice {
                from: 0,
                len: 2,
                to: 3
            }]
        ),
        b"abcab"
    );
    assert_eq!(mutate(b"abc", &[Mutation::Delete(1, 100)]), b"a");
    assert_eq!(mutate(b"ab", &[Mutation::Repeat(0, 1, 3)]), b"aaaab");
    assert!(
        parse_framework(
            std::str::from_utf8(&mutate(seed, &[Mutation::Truncate(seed.len() / 2)])).unwrap()
        )
        .is_err()
    );
}

// ------------------------------------------------------- words survive

/// A small assessment for the named person.
fn sample(name: &str) -> Assessment {
    let mut a = Assessment::new(
        FrameworkRef {
            id: "senior-leadership".into(),
            version: "2025.1".into(),
        },
        Person {
            name: name.into(),
            role: "Director of Place".into(),
            organisation: String::new(),
        },
        Review::new("November 2026 review", date(2026, 11, 22)),
    );
    a.current_mut().mark_mut("sl.place.1", "knowledge").rating = Rating::Level(3);
    a
}

/// About 1 MB of the hardest text there is: every kind of character users
/// paste, in lines of varying length.
fn a_megabyte_of_words() -> String {
    let pieces = [
        "Chaired the place board. ",
        "👩🏽‍💼 🏳️‍🌈 👨‍👩‍👧‍👦 ",
        "שלום עולם مرحبا بالعالم ",
        "\u{202e}reversed\u{202c} ",
        "e\u{301}\u{302}\u{303} Z\u{335}\u{336}a\u{337}l\u{338}g\u{334}o ",
        "tab\there, bell\u{7}, escape\u{1b}[31m, nul\0, del\u{7f} ",
        "\"quotes\" 'single' \\backslash\\ /* not a comment */ // nor this ",
        "r#\"raw\"# ) ] } , : ",
        "\r\n",
        "\u{feff}\u{200b}\u{200d}\u{fffd}\u{10ffff} ",
        "\n",
        "Siân Llŷr, Zoë, Ægir, Łódź, Ñandú, İstanbul, ß ",
    ];
    let mut text = String::with_capacity(1 << 20);
    let mut i = 0usize;
    while text.len() < 1 << 20 {
        text.push_str(pieces[(i * 7 + i / 3) % pieces.len()]);
        i += 1;
    }
    text
}

#[test]
fn a_one_megabyte_note_survives_save_and_load() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    home.ensure().unwrap();
    let path = home.assessments_dir().join("long.ron");
    let mut a = sample("Long Note");
    let words = a_megabyte_of_words();
    assert!(words.len() >= 1 << 20);
    a.current_mut().mark_mut("sl.place.1", "knowledge").note = words.clone();
    save_assessment(&path, &a).unwrap();
    assert!(fs::metadata(&path).unwrap().len() >= 1 << 20);
    let back = load_assessment(&path).unwrap();
    assert!(back.current().mark("sl.place.1", "knowledge").unwrap().note == words);
    assert!(back == a, "the assessment around the note changed");
}

/// Characters that are hard to write and read back.
const TRICKY: &[char] = &[
    '\0',
    '\r',
    '\n',
    '\t',
    '"',
    '\\',
    '\'',
    '#',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    ',',
    ':',
    '/',
    '*',
    '\u{301}',
    '\u{200d}',
    '\u{202e}',
    '\u{feff}',
    '\u{7f}',
    '\u{1b}',
    '\u{85}',
    '\u{2028}',
    'ש',
    'ل',
    '👩',
    '🏽',
    '\u{fe0f}',
    '\u{10ffff}',
    '\u{fffd}',
];

/// Any text at all, up to a few thousand characters, biased towards what
/// is hard to write and read back. Built from a seed with a small
/// generator: drawing thousands of characters one by one through proptest
/// takes seconds in a debug build.
fn long_text() -> impl Strategy<Value = String> {
    (any::<u64>(), 0..3000usize).prop_map(|(seed, len)| {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..len)
            .map(|_| {
                let r = next();
                match r % 9 {
                    0..=2 => char::from_u32((r >> 8) as u32 % 0x11_0000).unwrap_or('\u{fffd}'),
                    3..=5 => TRICKY[(r >> 8) as usize % TRICKY.len()],
                    6 => ' ',
                    _ => char::from(b'a' + (r >> 8) as u8 % 26),
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_notes_survive_save_and_load_unchanged(
        notes in prop::collection::vec(long_text(), 1..4),
        name in long_text(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let mut a = sample(&name);
        let stages = ["knowledge", "experience", "judgement"];
        for (i, note) in notes.iter().enumerate() {
            let mark = a.current_mut().mark_mut("sl.place.1", stages[i % 3]);
            mark.note = note.clone();
            mark.next_step = note.chars().rev().collect();
        }
        save_assessment(&path, &a).unwrap();
        prop_assert_eq!(load_assessment(&path).unwrap(), a);
    }
}
