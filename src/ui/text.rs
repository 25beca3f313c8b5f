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
