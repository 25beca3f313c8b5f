//! Aligned plain-text tables for the terminal.
//!
//! Widths are counted in screen columns (unicode-width): a Chinese name or
//! an emoji takes two, an accent written as a separate mark none, so the
//! columns line up whatever the names. Trailing spaces are trimmed. A
//! table can be fitted to the terminal's width ([`Table::render_within`]):
//! the widest text columns give way, their cells cut with "…".

use std::borrow::Cow;

/// How a column's cells sit within its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone)]
enum Row {
    Cells(Vec<String>),
    /// A line of dashes across the table.
    Rule,
}

/// A table with a header row. Columns are separated by two spaces, unless
/// [`Table::gap`] says otherwise.
///
/// A row with fewer cells than there are columns lets its last cell run on
/// past the column edges: its width does not widen that column. `reflect
/// list` uses this for a file it cannot read, whose error takes the rest of
/// the line.
#[derive(Debug, Clone)]
pub struct Table {
    header: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Row>,
    gap: usize,
    /// Columns that may be left out to fit a narrow terminal, first to go
    /// first (indexes into `header`).
    droppable: Vec<usize>,
}

impl Table {
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = (S, Align)>) -> Table {
        let (header, align) = columns.into_iter().map(|(h, a)| (h.into(), a)).unzip();
        Table {
            header,
            align,
            rows: vec![],
            gap: 2,
            droppable: vec![],
        }
    }

    /// Columns (by header) that [`Table::render_within`] may leave out,
    /// first named first, when cutting every column would leave too little
    /// of each to read.
    pub fn droppable(&mut self, headers: &[&str]) -> &mut Self {
        self.droppable = headers
            .iter()
            .filter_map(|h| self.header.iter().position(|x| x == h))
            .collect();
        self
    }

    /// How many spaces separate the columns.
    pub fn gap(&mut self, spaces: usize) -> &mut Self {
        self.gap = spaces;
        self
    }

    /// Add a row. Extra cells beyond the header's are dropped.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Self {
        let mut cells: Vec<String> = cells
            .into_iter()
            .map(|c| printable(&c.into(), false).into_owned())
            .collect();
        cells.truncate(self.header.len());
        self.rows.push(Row::Cells(cells));
        self
    }

    /// Add a line of dashes as wide as the table.
    pub fn rule(&mut self) -> &mut Self {
        self.rows.push(Row::Rule);
        self
    }

    pub fn is_empty(&self) -> bool {
        !self.rows.iter().any(|r| matches!(r, Row::Cells(_)))
    }

    pub fn render(&self) -> String {
        self.render_within(None)
    }

    /// How wide the table is when nothing is cut.
    pub fn natural_width(&self) -> usize {
        self.render().lines().map(width).max().unwrap_or(0)
    }

    /// The rows as JSON objects, keyed by the headers in lower case
    /// (`"TO RATE"` is `to_rate`); a short row (an error) keys its last
    /// cell `error`. Values are typed for scripts: a whole or decimal
    /// number is a number, "–" or nothing is `null`, and a `rated` of
    /// "3/126" is `rated: 3` with `total: 126`.
    pub fn json(&self) -> serde_json::Value {
        let keys: Vec<String> = self
            .header
            .iter()
            .map(|h| match h.trim() {
                "#" => "number".to_string(),
                h => h.to_lowercase().replace([' ', '-'], "_"),
            })
            .collect();
        let rows = self.rows.iter().filter_map(|row| match row {
            Row::Cells(cells) => {
                let mut object = serde_json::Map::new();
                let short = cells.len() < keys.len();
                for (i, cell) in cells.iter().enumerate() {
                    let key = if short && i + 1 == cells.len() {
                        "error".to_string()
                    } else {
                        keys[i].clone()
                    };
                    if key == "rated"
                        && let Some((rated, total)) = cell.split_once('/')
                        && let (Ok(rated), Ok(total)) = (rated.parse::<u64>(), total.parse::<u64>())
                    {
                        object.insert(key, rated.into());
                        object.insert("total".into(), total.into());
                        continue;
                    }
                    object.insert(key, typed(cell));
                }
                Some(serde_json::Value::Object(object))
            }
            Row::Rule => None,
        });
        serde_json::Value::Array(rows.collect())
    }

    /// As [`Table::render`], at most `most` columns wide where that can
    /// be done: the widest left-aligned columns are narrowed (never below
    /// their header), their cells cut with "…".
    pub fn render_within(&self, most: Option<usize>) -> String {
        if let Some(most) = most {
            let dropped = self.to_drop(most);
            if !dropped.is_empty() {
                let names: Vec<&str> = dropped.iter().map(|&i| self.header[i].as_str()).collect();
                let mut out = self.without(&dropped).render_within(Some(most));
                out.push_str(&format!(
                    "({} left out to fit {most} columns)\n",
                    names.join(", ")
                ));
                return out;
            }
        }
        let columns = self.header.len();
        let mut widths = self.natural_widths();
        if let Some(most) = most {
            self.narrow(&mut widths, most);
        }
        let total = widths.iter().sum::<usize>() + self.gap * columns.saturating_sub(1);

        let mut out = String::new();
        self.line(&mut out, &self.header, &widths);
        for row in &self.rows {
            match row {
                Row::Cells(cells) => {
                    let cut: Vec<String> = cells
                        .iter()
                        .zip(&widths)
                        .enumerate()
                        .map(|(i, (cell, w))| {
                            let spans = cells.len() < columns && i + 1 == cells.len();
                            if spans || width(cell) <= *w {
                                cell.clone()
                            } else {
                                cut_to(cell, *w)
                            }
                        })
                        .collect();
                    self.line(&mut out, &cut, &widths)
                }
                Row::Rule => {
                    out.push_str(&"-".repeat(total));
                    out.push('\n');
                }
            }
        }
        out
    }

    fn line(&self, out: &mut String, cells: &[String], widths: &[usize]) {
        let mut line = String::new();
        let spans = cells.len() < widths.len();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                line.extend(std::iter::repeat_n(' ', self.gap));
            }
            let pad = widths[i].saturating_sub(width(cell));
            let last = i + 1 == cells.len();
            match self.align[i] {
                Align::Right if !(spans && last) => {
                    line.extend(std::iter::repeat_n(' ', pad));
                    line.push_str(cell);
                }
                _ => {
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// A cell as a JSON value: a number where it is one, `null` for none.
fn typed(cell: &str) -> serde_json::Value {
    let cell = cell.trim();
    if cell.is_empty() || cell == "–" {
        return serde_json::Value::Null;
    }
    if let Ok(n) = cell.parse::<u64>() {
        return n.into();
    }
    match cell.parse::<f64>() {
        Ok(x) if x.is_finite() && cell.contains('.') => x.into(),
        _ => serde_json::Value::String(cell.to_string()),
    }
}

impl Table {
    /// The widths of the columns with nothing cut.
    fn natural_widths(&self) -> Vec<usize> {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            if let Row::Cells(cells) = row {
                let counted = if cells.len() < columns {
                    cells.len().saturating_sub(1)
                } else {
                    columns
                };
                for (w, cell) in widths.iter_mut().zip(&cells[..counted]) {
                    *w = (*w).max(width(cell));
                }
            }
        }
        widths
    }

    /// Which droppable columns to leave out so that what is left fits in
    /// `most` with each column at least [`READABLE`] wide (or its natural
    /// width, if less): the first named go first.
    fn to_drop(&self, most: usize) -> Vec<usize> {
        let widths = self.natural_widths();
        let needs = |kept: &dyn Fn(usize) -> bool| -> usize {
            let kept: Vec<usize> = (0..widths.len()).filter(|&i| kept(i)).collect();
            kept.iter()
                .map(|&i| widths[i].min(READABLE.max(width(&self.header[i]))))
                .sum::<usize>()
                + self.gap * kept.len().saturating_sub(1)
        };
        let mut dropped = Vec::new();
        for &column in &self.droppable {
            if needs(&|i| !dropped.contains(&i)) <= most {
                break;
            }
            dropped.push(column);
        }
        dropped.sort_unstable();
        dropped
    }

    /// The table without the columns `dropped` (sorted). A short row keeps
    /// its last, spanning cell.
    fn without(&self, dropped: &[usize]) -> Table {
        let keep = |i: &usize| !dropped.contains(i);
        let pick = |cells: &[String]| -> Vec<String> {
            let spans = cells.len() < self.header.len();
            let (body, last) = match (spans, cells.split_last()) {
                (true, Some((last, body))) => (body, Some(last)),
                _ => (cells, None),
            };
            body.iter()
                .enumerate()
                .filter(|(i, _)| keep(i))
                .map(|(_, c)| c.clone())
                .chain(last.cloned())
                .collect()
        };
        Table {
            header: pick(&self.header),
            align: (0..self.align.len())
                .filter(keep)
                .map(|i| self.align[i])
                .collect(),
            rows: self
                .rows
                .iter()
                .map(|row| match row {
                    Row::Cells(cells) => Row::Cells(pick(cells)),
                    Row::Rule => Row::Rule,
                })
                .collect(),
            gap: self.gap,
            droppable: Vec::new(),
        }
    }

    /// Narrow the widest left-aligned columns, one column a step, until the
    /// table fits in `most` or none can give more.
    fn narrow(&self, widths: &mut [usize], most: usize) {
        let gaps = self.gap * widths.len().saturating_sub(1);
        loop {
            let total: usize = widths.iter().sum::<usize>() + gaps;
            if total <= most {
                return;
            }
            let widest = (0..widths.len())
                .filter(|&i| {
                    self.align[i] == Align::Left && widths[i] > width(&self.header[i]).max(4)
                })
                .max_by_key(|&i| widths[i]);
            let Some(i) = widest else {
                return;
            };
            widths[i] -= 1;
        }
    }
}

/// The fewest screen columns a text column is worth keeping at: below
/// this, leaving out a less needed column reads better than cutting all.
const READABLE: usize = 16;

/// How many screen columns `s` takes.
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` cut to at most `most` columns, ending in "…".
fn cut_to(s: &str, most: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > most {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// `s` made safe to print on a terminal: every control character becomes
/// a space. That is C0 (escape, bell, backspace, carriage return, tab),
/// DEL and C1 (CSI among them): all that can start an escape sequence,
/// move the cursor or ring the bell, so that text from a file (a name, a
/// title, a note, a framework's wording) can neither retitle the window,
/// clear the screen nor overwrite a line. On screen the app drops them.
///
/// With `keep_lines`, line breaks stay: `\n`, and `\r` right before it.
/// Without, a cell of a table stays one line.
pub fn printable(s: &str, keep_lines: bool) -> Cow<'_, str> {
    let kept = |at: usize, c: char| {
        keep_lines && (c == '\n' || (c == '\r' && s[at + 1..].starts_with('\n')))
    };
    let mut bad = s
        .char_indices()
        .filter(|&(at, c)| c.is_control() && !kept(at, c))
        .peekable();
    if bad.peek().is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for (at, c) in bad {
        out.push_str(&s[copied..at]);
        out.push(' ');
        copied = at + c.len_utf8();
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_left_and_right_and_trims() {
        let mut t = Table::new([("NAME", Align::Left), ("N", Align::Right)]);
        t.row(["a", "1"]).row(["longer", "100"]);
        assert_eq!(t.render(), "NAME      N\na         1\nlonger  100\n");
    }

    #[test]
    fn a_narrow_terminal_loses_the_least_needed_columns_before_cutting_all() {
        let mut t = Table::new([
            ("FILE", Align::Left),
            ("PERSON", Align::Left),
            ("ROLE", Align::Left),
            ("RATED", Align::Right),
        ]);
        t.droppable(&["ROLE"]);
        t.row([
            "alex-example.ron",
            "Alex Example",
            "Director of Place",
            "3/168",
        ]);
        t.row(["bad.ron", "error: unreadable"]);
        // Wide enough: nothing goes.
        assert!(t.render_within(Some(80)).contains("ROLE"));
        // At 40 the role goes and the rest is whole.
        let narrow = t.render_within(Some(40));
        assert_eq!(
            narrow,
            "FILE              PERSON        RATED\n\
             alex-example.ron  Alex Example  3/168\n\
             bad.ron           error: unreadable\n\
             (ROLE left out to fit 40 columns)\n"
        );
        // Narrower still: what is left is cut, not dropped further.
        let narrower = t.render_within(Some(30));
        assert!(narrower.contains("alex-examp…"), "{narrower}");
        assert!(narrower.contains("3/168"), "{narrower}");
    }

    #[test]
    fn short_row_runs_on_without_widening() {
        let mut t = Table::new([
            ("F", Align::Left),
            ("WHO", Align::Left),
            ("N", Align::Right),
        ]);
        t.row(["x.ron", "Sam", "3"]);
        t.row(["bad.ron", "error: this is a long message"]);
        assert_eq!(
            t.render(),
            "F        WHO  N\nx.ron    Sam  3\nbad.ron  error: this is a long message\n"
        );
    }

    #[test]
    fn rule_spans_the_table_and_newlines_become_spaces() {
        let mut t = Table::new([("A", Align::Left), ("B", Align::Left)]);
        t.rule().row(["two\nlines", "–"]);
        assert_eq!(t.render(), "A          B\n------------\ntwo lines  –\n");
        t.gap(4);
        assert_eq!(
            t.render(),
            "A            B\n--------------\ntwo lines    –\n"
        );
    }

    #[test]
    fn printable_turns_every_control_character_into_a_space() {
        let hostile = "a\u{1b}]0;t\u{7}b\u{9b}2Jc\u{7f}\u{8}d\re\tf";
        assert_eq!(printable(hostile, false), "a ]0;t b 2Jc  d e f");
        assert_eq!(printable(hostile, true), "a ]0;t b 2Jc  d e f");
        assert_eq!(printable("one\ntwo\r\nthree", true), "one\ntwo\r\nthree");
        assert_eq!(printable("one\ntwo\r\nthree", false), "one two  three");
        assert_eq!(printable("end\r", true), "end ");
        assert_eq!(printable("Siân – ok", true), "Siân – ok");
        assert!(matches!(printable("plain\n", true), Cow::Borrowed(_)));
    }

    #[test]
    fn empty_table_is_empty() {
        let t = Table::new([("A", Align::Left)]);
        assert!(t.is_empty());
        assert_eq!(t.render(), "A\n");
    }
}
