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
