//! Width-aware string helpers for the draw code.
//!
//! Nearly all text is ASCII, so each helper takes a byte-wise path for it:
//! these run for every row of every frame. The tests hold the fast paths
//! to the general ones.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;
use unicode_width::UnicodeWidthStr;

/// Columns `s` takes, as `unicode-width` counts them.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return ascii_width(s);
    }
    s.width()
}

/// `s.width()` for ASCII: a column a byte, but `\r\n` is one.
fn ascii_width(s: &str) -> usize {
    let bytes = s.as_bytes();
    if !bytes.contains(&b'\r') {
        return bytes.len();
    }
    bytes.len() - bytes.windows(2).filter(|w| w == b"\r\n").count()
}

/// A line of prose made ready to wrap so that no row starts with a space
/// or with punctuation that closes what went before: a space before `,`
/// `;` `:` `.` `!` `?` `)` `]` `}` `…` or a closing quote, and all but the
/// last of several spaces in a row, become no-break spaces (U+00A0, drawn
/// as spaces; the wrapping of ratatui and of [`crate::ui::paint`] never
/// breaks at one). Spaces that start the line stay with its first word.
pub fn keep_together(line: &str) -> Cow<'_, str> {
    const NBSP: char = '\u{a0}';
    let closing = |c: char| ",;:.!?)]}…”’»".contains(c);
    let bytes = line.as_bytes();
    let needs = bytes.windows(2).any(|w| {
        w[0] == b' '
            && (w[1] == b' '
                || matches!(
                    w[1],
                    b',' | b';' | b':' | b'.' | b'!' | b'?' | b')' | b']' | b'}'
                ))
    }) || (!line.is_ascii() && line.contains(" "))
        || line.starts_with(' ');
    if !needs {
        return Cow::Borrowed(line);
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != ' ' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        let run = i - start;
        let glue_all = start == 0 || i == chars.len() || closing(chars[i]);
        for n in 0..run {
            out.push(if glue_all || n + 1 < run { NBSP } else { ' ' });
        }
    }
    Cow::Owned(out)
}

/// Cut `s` to at most `max` columns, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    // No character is wider in columns than it is long in bytes.
    if s.len() <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    if !s.is_ascii() {
        return truncate_any(s, max);
    }
    if ascii_width(s) <= max {
        return Cow::Borrowed(s);
    }
    // As `truncate_any`: a control character takes no column.
    let mut used = 0;
    let mut end = 0;
    for (i, b) in s.bytes().enumerate() {
        let w = usize::from(!b.is_ascii_control());
        if used + w > max - 1 {
            break;
        }
        used += w;
        end = i + 1;
    }
    Cow::Owned(format!("{}…", &s[..end]))
}

fn truncate_any(s: &str, max: usize) -> Cow<'_, str> {
    if s.width() <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::with_capacity(s.len().min(4 * max));
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod prose_tests {
    use proptest::prelude::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::text::Text;

    use super::keep_together;

    #[test]
    fn spaces_before_closing_punctuation_and_extra_spaces_are_kept_together() {
        assert_eq!(keep_together("plain words"), "plain words");
        assert_eq!(keep_together("data , and"), "data\u{a0}, and");
        assert_eq!(keep_together("one.  Two"), "one.\u{a0} Two");
        assert_eq!(keep_together("  - item"), "\u{a0}\u{a0}- item");
        assert_eq!(keep_together("done ”"), "done\u{a0}”");
    }

    fn rows(text: &str, width: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, 40);
        let mut buf = Buffer::empty(area);
        crate::ui::paint::wrapped(&Text::from(text.to_owned()), area, 0, &mut buf);
        (0..area.height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol().to_owned())
                    .collect()
            })
            .collect()
    }

    proptest! {
        /// Prose wrapped once made ready never starts a row with a space
        /// or closing punctuation, and reads the same.
        #[test]
        fn no_row_starts_with_a_space_or_a_comma(
            words in prop::collection::vec(("[a-z]{1,8}", " {1,3}", prop::sample::select(vec!["", ",", ".", ";", ")"])), 1..12),
            width in 14..40u16,
        ) {
            let line: String = words
                .iter()
                .map(|(w, gap, p)| format!("{w}{gap}{p} "))
                .collect();
            let line = line.trim_start();
            let drawn = rows(&keep_together(line), width);
            for row in drawn.iter().skip(1).filter(|r| !r.trim().is_empty()) {
                let first = row.chars().next().unwrap();
                prop_assert!(
                    !matches!(first, ' ' | '\u{a0}' | ',' | '.' | ';' | ')'),
                    "{line:?} at {width}: {drawn:?}"
                );
            }
        }
    }

    #[test]
    fn without_it_a_row_starts_with_a_space_or_a_comma() {
        assert_eq!(rows("abcd  efgh", 4)[1], " efg");
        assert!(rows("one two , three", 8)[1].starts_with(','));
        let kept = rows(&keep_together("one two , three"), 8);
        assert_eq!(kept[1].trim_end(), "two\u{a0},", "{kept:?}");
        assert_eq!(kept[2].trim_end(), "three", "{kept:?}");
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn truncate_respects_wide_characters() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        // Each CJK character is two columns wide.
        let cut = truncate("日本語テキスト", 5);
        assert!(width(&cut) <= 5, "{cut}");
        assert!(cut.ends_with('…'));
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abcd", 1), "…");
        assert_eq!(truncate("é", 1), "é");
        assert_eq!(truncate("éé", 1), "…");
        assert_eq!(truncate("日", 1), "…");
    }

    #[test]
    fn width_counts_columns() {
        assert_eq!(width("Leads the place"), 15);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("a\r\nb"), 3);
    }

    proptest! {
        #[test]
        fn the_ascii_paths_agree_with_the_general_ones(
            s in "[ -~\r\n\t\u{7}\u{7f}]{0,30}",
            max in 0..34usize,
        ) {
            prop_assert_eq!(width(&s), s.width());
            let general = if s.len() <= max { Cow::Borrowed(s.as_str()) } else { truncate_any(&s, max) };
            prop_assert_eq!(truncate(&s, max), general);
        }
    }
}
