//! The note editor's text, of which the editing widget holds only a window.
//!
//! ratatui-textarea rebuilds its map of screen rows for its whole text on
//! every edit, so a key in a 256 KB note cost 17 ms and in a 16 MB one
//! seconds (BENCHMARKS.md). A note no larger than a few screens is edited
//! whole, as before; a larger one is held as the text before the window,
//! the window around the cursor (a few screens of text, in the widget), and
//! the text after it. When the cursor comes within a screen or two of an
//! edge with more text beyond, the window moves to centre on it again,
//! keeping the cursor on the same row of the screen. A key then costs what
//! the window costs, whatever the note's size.
//!
//! The whole note is always `before + window + after`, byte for byte: the
//! window is cut at a line end where there is one near, else after a
//! space, else at any character.
//!
//! What moving the window costs the user: the widget's own undo
//! (`Ctrl-u`) starts afresh each time, and a selection ends. Leaving the
//! editor is still one step for `u`, whatever was typed.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, Input, Key, TextArea, WrapMode};

/// The text kept between the cursor and an edge of the window that has
/// more beyond it is what the editor can show (a byte a cell), within
/// these: enough for a small editor, and what a very large one shows,
/// since a key costs what the window (four margins) costs.
const MIN_MARGIN: usize = 1024;
const MAX_MARGIN: usize = 16 * 1024;

/// How a new editor is to look, and where it may be drawn.
#[derive(Debug, Clone)]
pub struct EditorLook {
    /// The most the editor can show (the screen, until it is drawn).
    pub fits: Rect,
    pub placeholder: Style,
    pub placeholder_text: String,
}

impl Default for EditorLook {
    fn default() -> EditorLook {
        EditorLook {
            fits: Rect::new(0, 0, 80, 24),
            placeholder: Style::default(),
            placeholder_text: "Write your note.".into(),
        }
    }
}

pub struct NoteText {
    before: String,
    window: TextArea<'static>,
    after: String,
    /// Where the editor was last drawn (its size sets the window's).
    drawn: Cell<Rect>,
    placeholder: Style,
    placeholder_text: String,
}

impl NoteText {
    /// `note` with the cursor at its end.
    pub fn new(note: &str, look: EditorLook) -> NoteText {
        let mut text = NoteText {
            before: String::new(),
            window: TextArea::default(),
            after: String::new(),
            drawn: Cell::new(look.fits),
            placeholder: look.placeholder,
            placeholder_text: look.placeholder_text,
        };
        text.place(note.to_owned(), note.len(), None);
        text
    }

    /// The whole note.
    pub fn text(&self) -> String {
        let lines = self.window.lines();
        let mut text = String::with_capacity(
            self.before.len() + self.after.len() + lines.iter().map(|l| l.len() + 1).sum::<usize>(),
        );
        text.push_str(&self.before);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str(line);
        }
        text.push_str(&self.after);
        text
    }

    /// Whether part of the note is outside the widget.
    pub fn windowed(&self) -> bool {
        !self.before.is_empty() || !self.after.is_empty()
    }

    /// A key: typed, or a move. Returns whether the text changed.
    pub fn input(&mut self, input: Input) -> bool {
        if self.windowed() {
            match reach(&input) {
                // The top and bottom of the note, not of the window.
                Some(Reach::Top) => {
                    self.place(self.text(), 0, None);
                    return false;
                }
                Some(Reach::Bottom) => {
                    let full = self.text();
                    let end = full.len();
                    self.place(full, end, None);
                    return false;
                }
                // The start and end of the line, which may begin or end
                // outside the window.
                Some(Reach::LineStart) if self.line_cut_before() => {
                    let full = self.text();
                    let at = self.before.len() + self.cursor_offset();
                    let start = full[..at].rfind('\n').map_or(0, |i| i + 1);
                    self.place(full, start, Some(self.screen_row()));
                    return false;
                }
                Some(Reach::LineEnd) if self.line_cut_after() => {
                    let full = self.text();
                    let at = self.before.len() + self.cursor_offset();
                    let end = full[at..].find('\n').map_or(full.len(), |i| at + i);
                    self.place(full, end, Some(self.screen_row()));
                    return false;
                }
                // A page needs a page of text beyond the cursor: centre
                // the window first if there is less.
                Some(Reach::PageUp) => self.follow(2 * self.margin(), 0),
                Some(Reach::PageDown) => self.follow(0, 2 * self.margin()),
                _ => {}
            }
        }
        let changed = self.window.input(input);
        let margin = self.margin();
        self.follow(margin, margin);
        changed
    }

    /// The editor has a new size (`fits`, the screen, until it is drawn):
    /// move the window if it no longer covers what can be shown.
    pub fn refit(&mut self, fits: Rect) {
        self.drawn.set(fits);
        let margin = self.margin();
        self.follow(margin, margin);
    }

    /// Whether the cursor's line starts before the window.
    fn line_cut_before(&self) -> bool {
        self.window.cursor().0 == 0 && !self.before.is_empty() && !self.before.ends_with('\n')
    }

    /// Whether the cursor's line goes on after the window.
    fn line_cut_after(&self) -> bool {
        self.window.cursor().0 + 1 == self.window.lines().len()
            && !self.after.is_empty()
            && !self.after.starts_with('\n')
    }

    /// The screen row the cursor is on within the editor.
    fn screen_row(&self) -> i64 {
        let area = self.drawn.get();
        let row = self.window.screen_cursor().row as i64 - i64::from(self.window.scroll_offset().0);
        row.clamp(0, i64::from(area.height.max(1)) - 1)
    }

    /// Text pasted at the cursor.
    pub fn insert_str(&mut self, text: &str) -> bool {
        let changed = self.window.insert_str(text);
        let margin = self.margin();
        self.follow(margin, margin);
        changed
    }

    /// Draw the window (only reads: the widget keeps its scroll position in
    /// cells of its own, and this keeps where it was drawn).
    pub fn render(&self, area: Rect, buf: &mut Buffer) {
        self.drawn.set(area);
        (&self.window).render(area, buf);
    }

    fn margin(&self) -> usize {
        let area = self.drawn.get();
        (usize::from(area.width) * usize::from(area.height)).clamp(MIN_MARGIN, MAX_MARGIN)
    }

    /// Bytes in the window.
    fn window_len(&self) -> usize {
        let lines = self.window.lines();
        lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1)
    }

    /// The cursor's byte offset in the window.
    fn cursor_offset(&self) -> usize {
        let cursor = self.window.cursor();
        let (row, col) = (cursor.0, cursor.1);
        let lines = self.window.lines();
        let above: usize = lines[..row].iter().map(|l| l.len() + 1).sum();
        let line = &lines[row];
        above
            + line
                .char_indices()
                .nth(col)
                .map_or(line.len(), |(at, _)| at)
    }

    /// Move the window if the cursor is nearer than `above` bytes to its
    /// start, or `below` to its end, with more beyond; or if the window grew
    /// (a paste) or shrank too far.
    fn follow(&mut self, above: usize, below: usize) {
        let size = 4 * self.margin();
        let len = self.window_len();
        let at = self.cursor_offset();
        let near_start = !self.before.is_empty() && at < above;
        let near_end = !self.after.is_empty() && len - at < below;
        let too_big = len > size + size / 2;
        let too_small = self.windowed() && len < size / 2;
        if near_start || near_end || too_big || too_small {
            let row = self.screen_row();
            let full = self.text();
            let at = self.before.len() + at;
            self.place(full, at, Some(row));
        }
    }

    /// Hold `full` with the window around byte `at` (the cursor), drawn
    /// with the cursor on screen row `row` if given.
    fn place(&mut self, mut full: String, at: usize, row: Option<i64>) {
        let size = 4 * self.margin();
        let (start, end) = if full.len() <= size + size / 2 {
            (0, full.len())
        } else {
            bounds(&full, at, size)
        };
        self.after = full.split_off(end);
        let window = full.split_off(start);
        self.before = full;
        let (line, col) = position(&window, at - start);
        let mut area = TextArea::new(window.split('\n').map(str::to_owned).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_placeholder_text(self.placeholder_text.clone());
        area.set_placeholder_style(self.placeholder);
        area.set_cursor_line_style(Style::default());
        put_cursor(&mut area, line, col);
        let drawn = self.drawn.get();
        if let Some(row) = row
            && drawn.width > 0
            && drawn.height > 0
        {
            // Draw once aside to learn where the widget puts the cursor,
            // then scroll it back to the row the user was looking at.
            (&area).render(drawn, &mut Buffer::empty(drawn));
            let now = area.screen_cursor().row as i64 - i64::from(area.scroll_offset().0);
            let delta = i16::try_from(now - row).unwrap_or(0);
            if delta != 0 {
                area.scroll((delta, 0));
            }
        }
        self.window = area;
    }
}

/// Put the widget's cursor at `line` and character `col`, beyond what its
/// `u16` positions reach too.
fn put_cursor(area: &mut TextArea<'static>, line: usize, col: usize) {
    let max = usize::from(u16::MAX);
    area.move_cursor(CursorMove::Jump(
        u16::try_from(line.min(max)).unwrap_or(u16::MAX),
        u16::try_from(col.min(max)).unwrap_or(u16::MAX),
    ));
    for _ in max..line {
        area.move_cursor(CursorMove::Down);
    }
    if line > max {
        area.move_cursor(CursorMove::Head);
        for _ in 0..col {
            area.move_cursor(CursorMove::Forward);
        }
    } else {
        for _ in max..col {
            area.move_cursor(CursorMove::Forward);
        }
    }
}

/// Where a key takes the cursor, for those that may reach past the window.
enum Reach {
    Top,
    Bottom,
    LineStart,
    LineEnd,
    PageUp,
    PageDown,
}

/// Which [`Reach`] a key is, as the widget binds its keys.
fn reach(input: &Input) -> Option<Reach> {
    let Input { key, ctrl, alt, .. } = *input;
    match (key, ctrl, alt) {
        (Key::Home, ..) | (Key::Char('a'), true, false) => Some(Reach::LineStart),
        (Key::End, ..) | (Key::Char('e'), true, false) => Some(Reach::LineEnd),
        (Key::PageUp, ..) | (Key::Char('v'), false, true) => Some(Reach::PageUp),
        (Key::PageDown, ..) | (Key::Char('v'), true, false) => Some(Reach::PageDown),
        _ => match jump(input) {
            Some(false) => Some(Reach::Top),
            Some(true) => Some(Reach::Bottom),
            None => None,
        },
    }
}

/// Whether a key jumps to the top (`Some(false)`) or the bottom
/// (`Some(true)`) of the text, as the widget binds them.
fn jump(input: &Input) -> Option<bool> {
    match input {
        Input {
            key: Key::Char('<'),
            ctrl: false,
            alt: true,
            ..
        }
        | Input {
            key: Key::Up | Key::Char('p'),
            ctrl: true,
            alt: true,
            ..
        } => Some(false),
        Input {
            key: Key::Char('>'),
            ctrl: false,
            alt: true,
            ..
        }
        | Input {
            key: Key::Down | Key::Char('n'),
            ctrl: true,
            alt: true,
            ..
        } => Some(true),
        _ => None,
    }
}

/// The window of about `size` bytes around `at`, cut at a line end, a
/// space or a character boundary near where it would fall.
fn bounds(full: &str, at: usize, size: usize) -> (usize, usize) {
    let half = size / 2;
    let (mut start, mut end) = (at.saturating_sub(half), (at + half).min(full.len()));
    if start == 0 {
        end = size.min(full.len());
    } else if end == full.len() {
        start = full.len().saturating_sub(size);
    }
    let slack = size / 8;
    (
        cut_before(full, start, slack).min(at),
        cut_after(full, end, slack).max(at),
    )
}

/// Where a window starting near `start` begins: just after a line end at
/// most `slack` bytes before it, else after a space, else at a character.
fn cut_before(full: &str, start: usize, slack: usize) -> usize {
    if start == 0 {
        return 0;
    }
    let start = floor(full, start);
    let from = floor(full, start.saturating_sub(slack));
    let near = &full[from..start];
    near.rfind('\n')
        .or_else(|| near.rfind(' '))
        .map_or(start, |i| from + i + 1)
}

/// Where a window ending near `end` ends: at a line end at most `slack`
/// bytes after it (the text after begins with it), else at a space, else
/// at a character.
fn cut_after(full: &str, end: usize, slack: usize) -> usize {
    if end >= full.len() {
        return full.len();
    }
    let end = ceil(full, end);
    let to = ceil(full, (end + slack).min(full.len()));
    let near = &full[end..to];
    near.find('\n')
        .or_else(|| near.find(' '))
        .map_or(end, |i| end + i)
}

/// The character boundary at or before byte `at` (`str::floor_char_boundary`
/// is newer than the Rust this builds with).
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The character boundary at or after byte `at`.
fn ceil(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The line and character column of byte `at` in `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let head = &text[..at];
    let line = head.matches('\n').count();
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    (line, head[line_start..].chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn key(code: KeyCode) -> Input {
        Input::from(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn screen() -> EditorLook {
        look(Rect::new(0, 0, 60, 16))
    }

    fn look(fits: Rect) -> EditorLook {
        EditorLook {
            fits,
            ..EditorLook::default()
        }
    }

    fn long_note(lines: usize) -> String {
        (0..lines)
            .map(|i| format!("line {i} of a long note, with a few words on it"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_short_note_is_edited_whole() {
        let text = NoteText::new("one\ntwo", screen());
        assert!(!text.windowed());
        assert_eq!(text.window.lines(), ["one", "two"]);
        assert_eq!(text.window.cursor(), (1, 3));
    }

    #[test]
    fn a_long_note_is_windowed_and_kept_whole() {
        let note = long_note(5_000);
        let mut text = NoteText::new(&note, screen());
        assert!(text.windowed());
        assert!(text.window_len() <= 4 * MAX_MARGIN + MAX_MARGIN);
        assert_eq!(text.text(), note);
        // The cursor is at the very end, as for a short note.
        assert!(text.after.is_empty());
        assert_eq!(text.cursor_offset(), text.window_len());
        text.input(key(KeyCode::Char('!')));
        assert_eq!(text.text(), format!("{note}!"));
    }

    #[test]
    fn walking_up_a_long_note_moves_the_window_and_keeps_every_byte() {
        let note = long_note(3_000);
        let mut text = NoteText::new(&note, screen());
        let first_window = text.before.len();
        for _ in 0..2_999 {
            text.input(key(KeyCode::Up));
        }
        assert!(text.before.is_empty(), "the window reached the top");
        assert!(first_window > 0);
        assert_eq!(text.window.cursor().0, 0);
        text.input(key(KeyCode::Home));
        text.input(key(KeyCode::Char('>')));
        assert_eq!(text.text(), format!(">{note}"));
    }

    #[test]
    fn the_cursor_stays_on_its_screen_row_when_the_window_moves() {
        let note = long_note(3_000);
        let mut text = NoteText::new(&note, screen());
        let area = screen().fits;
        let mut buf = Buffer::empty(area);
        text.render(area, &mut buf);
        let mut moved = 0;
        for _ in 0..400 {
            let before = text.before.len();
            let row =
                text.window.screen_cursor().row as i64 - i64::from(text.window.scroll_offset().0);
            text.input(key(KeyCode::Up));
            text.render(area, &mut buf);
            let after_row =
                text.window.screen_cursor().row as i64 - i64::from(text.window.scroll_offset().0);
            if text.before.len() != before {
                moved += 1;
                // Up from the top row scrolls; otherwise one row higher.
                assert_eq!(after_row, (row - 1).max(0), "the view jumped");
            }
        }
        assert!(moved > 0, "the window moved at least once");
    }

    #[test]
    fn jumping_to_the_top_and_bottom_reaches_the_ends_of_the_note() {
        let note = long_note(5_000);
        let mut text = NoteText::new(&note, screen());
        let top = Input {
            key: Key::Char('<'),
            alt: true,
            ..Default::default()
        };
        text.input(top);
        assert!(text.before.is_empty());
        assert_eq!(text.window.cursor(), (0, 0));
        let bottom = Input {
            key: Key::Char('>'),
            alt: true,
            ..Default::default()
        };
        text.input(bottom);
        assert!(text.after.is_empty());
        assert_eq!(text.text(), note);
    }

    #[test]
    fn a_huge_paste_is_windowed() {
        let mut text = NoteText::new("", screen());
        let pasted = "word ".repeat(200_000);
        text.insert_str(&pasted);
        assert!(text.windowed());
        assert!(text.window_len() < 64 * 1024);
        assert_eq!(text.text(), pasted);
    }

    #[test]
    fn one_huge_line_is_cut_between_characters() {
        let note = "é".repeat(100_000);
        let mut text = NoteText::new(&note, screen());
        assert!(text.windowed());
        for _ in 0..5_000 {
            text.input(key(KeyCode::Left));
        }
        text.input(key(KeyCode::Char('x')));
        let mut expected = "é".repeat(95_000);
        expected.push('x');
        expected.push_str(&"é".repeat(5_000));
        assert_eq!(text.text(), expected);
    }

    /// A paragraph longer than the window: Home and End go to its true
    /// start and end, not to the window's edges.
    #[test]
    fn home_and_end_reach_past_the_window_in_a_long_paragraph() {
        let paragraph = "word ".repeat(6_000);
        let note = format!("Intro line.\n{paragraph}END\nOutro line.");
        let mut text = NoteText::new(&note, screen());
        text.input(key(KeyCode::Up));
        text.input(key(KeyCode::End));
        text.input(key(KeyCode::Char('E')));
        text.input(key(KeyCode::Home));
        text.input(key(KeyCode::Char('H')));
        assert_eq!(
            text.text(),
            format!("Intro line.\nH{paragraph}ENDE\nOutro line.")
        );
    }

    /// A page up moves a page wherever the window is, and every row of the
    /// editor shows text after the editor grows.
    #[test]
    fn pages_move_a_page_and_a_larger_editor_is_filled() {
        let note = "word ".repeat(200_000);
        let small = Rect::new(0, 0, 80, 16);
        let mut text = NoteText::new(&note, look(small));
        let mut buf = Buffer::empty(small);
        text.render(small, &mut buf);
        // The byte of the note drawn at the editor's top left.
        let top = |text: &NoteText| {
            let (row, _) = text.window.scroll_offset();
            let cursor = text.window.screen_to_data(usize::from(row), 0);
            let lines = text.window.lines();
            let above: usize = lines[..cursor.0].iter().map(|l| l.len() + 1).sum();
            text.before.len() + above + cursor.1
        };
        let mut last = top(&text);
        for _ in 0..60 {
            text.input(key(KeyCode::PageUp));
            text.render(small, &mut buf);
            let now = top(&text);
            // Rows of about 80 characters: a page is about 16 of them.
            assert!(
                last - now >= 14 * 70,
                "a page up moved {} bytes",
                last - now
            );
            last = now;
        }
        let large = Rect::new(0, 0, 300, 120);
        text.refit(large);
        let mut buf = Buffer::empty(large);
        text.render(large, &mut buf);
        let blank_rows = (0..large.height)
            .filter(|&y| (0..large.width).all(|x| buf[(x, y)].symbol() == " "))
            .count();
        assert_eq!(blank_rows, 0, "rows left blank in a larger editor");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Whatever the moves, the note is what typing it whole would make.
        #[test]
        fn the_window_never_changes_the_note(
            lines in 200usize..2_000,
            moves in proptest::collection::vec(0u8..8, 0..300),
        ) {
            let note = long_note(lines);
            let mut text = NoteText::new(&note, screen());
            let mut whole = TextArea::new(note.split('\n').map(str::to_owned).collect());
            whole.move_cursor(CursorMove::Bottom);
            whole.move_cursor(CursorMove::End);
            for m in moves {
                let code = match m {
                    0 => KeyCode::Up,
                    1 => KeyCode::Down,
                    2 => KeyCode::Left,
                    3 => KeyCode::Right,
                    4 => KeyCode::Char('x'),
                    5 => KeyCode::Backspace,
                    6 => KeyCode::Enter,
                    _ => KeyCode::PageUp,
                };
                text.input(key(code));
                if !matches!(code, KeyCode::Up | KeyCode::Down | KeyCode::PageUp) {
                    whole.input(key(code));
                }
                // Moves up and down depend on wrapping; only check the
                // text after each edit when the two cursors agree.
                if matches!(code, KeyCode::Up | KeyCode::Down | KeyCode::PageUp) {
                    let full = text.text();
                    let at = text.before.len() + text.cursor_offset();
                    let (line, col) = position(&full, at);
                    whole = TextArea::new(full.split('\n').map(str::to_owned).collect());
                    whole.move_cursor(CursorMove::Jump(line as u16, col as u16));
                }
                prop_assert_eq!(text.text(), whole.lines().join("\n"));
            }
        }
    }
}
