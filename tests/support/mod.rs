//! Helpers shared by the integration tests. Each test crate uses some of
//! them, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::fs::{File, FileTimes};
use std::path::Path;
use std::time::SystemTime;

/// Give the file at `path` this modification time.
pub fn set_mtime(path: &Path, when: SystemTime) {
    File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_times(FileTimes::new().set_modified(when))
        .unwrap();
}

/// The records of `text`, read by the `csv` crate as a spreadsheet would
/// read them, after checking that `text` is exactly RFC 4180: the `csv`
/// crate writing the same records back (CRLF after every row, a field
/// quoted only when it holds a comma, a quote, CR or LF) gives the same
/// text, byte for byte. A UTF-8 byte-order mark at the start is read past.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("reads as CSV").iter().map(str::to_owned).collect())
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(vec![]);
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    let again = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    assert_eq!(
        again, body,
        "the CSV is exactly as RFC 4180 writes these rows"
    );
    rows
}

/// The cohort screen over eight Senior Leadership people with varied
/// levels (three with two reviews, so progress is hidden under five), and
/// one file skipped.
pub fn cohort_app() -> reflect::app::App {
    use reflect::model::cohort::{CohortPerson, Pairs, PersonReview, build};
    use reflect::report::cohort::{CohortView, SkippedFile};
    let framework = reflect::format::framework::by_id("senior-leadership")
        .unwrap()
        .unwrap();
    let pairs = Pairs::of(&framework);
    let people: Vec<CohortPerson> = (0..8usize)
        .map(|i| {
            let review = |year: i16, shift: usize| PersonReview {
                title: format!("{year} review"),
                date: jiff::civil::date(year, 3, 1),
                levels: (0..pairs.len())
                    .map(|k| match (i * 7 + k * 3 + shift) % 11 {
                        0 => 0,
                        1 => 255,
                        n => 1 + (n % 5) as u8,
                    })
                    .collect(),
            };
            let mut reviews = vec![review(2026, 0)];
            if i < 3 {
                reviews.push(review(2027, 1));
            }
            CohortPerson {
                key: format!("id:{i:02}"),
                name: None,
                role_level: Some(reflect::model::share::RoleLevel::Director),
                reviews,
            }
        })
        .collect();
    let view = CohortView {
        groups: vec![build(&framework, &pairs, &people, &[], 5)],
        files: 8,
        skipped: vec![SkippedFile {
            path: "/hr/inbox/damaged.ron".into(),
            why: "damaged: line 1, column 41: Unexpected end of RON".into(),
        }],
        min_group: 5,
        prepared: "2026-12-03".into(),
    };
    let mut app = reflect::app::App::new(
        reflect::store::Home::at("/nowhere"),
        None,
        reflect::app::Clock::Fixed("12:00:00".into()),
    );
    app.screen = reflect::app::Screen::Cohort(Box::new(
        reflect::app::screens::cohort::CohortScreen::new(view),
    ));
    app
}

/// `reflect --home HOME` with its own config folder and no `REFLECT_HOME`.
pub fn reflect_in_home(home: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_reflect"));
    c.arg("--home")
        .arg(home)
        .env("REFLECT_CONFIG", home.join("config"))
        .env_remove("REFLECT_HOME");
    c
}

/// Its standard output, after checking it succeeded (else its output in the failure).
pub fn stdout_ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}
