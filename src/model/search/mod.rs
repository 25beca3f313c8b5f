//! Finding standards and themes by their words: the standard's text, the
//! theme's title, and what was written about a standard in a review (the
//! person's note, other raters' notes, the session note and the next step).
//!
//! Case does not matter. A private note is searched only when the screen
//! is not shared: in session mode a search never finds a standard by its
//! private note, so a hit cannot reveal what the note says.

use std::ops::Range;

use super::{Framework, Mark, Review, Standard};

/// What a search found, in the tree's order: a theme (by its title) before
/// its standards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Hit {
    Theme(usize),
    Standard { theme: usize, standard: usize },
}

/// A query made ready to compare: lower case, surrounding space trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    folded: Vec<char>,
    text: String,
}

impl Query {
    /// `None` for a query of only spaces: it would match everything.
    pub fn new(text: &str) -> Option<Query> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        Some(Query {
            folded: text.chars().flat_map(char::to_lowercase).collect(),
            text: text.to_string(),
        })
    }

    /// The query as typed (trimmed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether `haystack` holds the query, whatever the case.
    pub fn is_in(&self, haystack: &str) -> bool {
        self.first_in(haystack).is_some()
    }

    /// Where the query is in `haystack`, as byte ranges of `haystack`, not
    /// overlapping, in order.
    pub fn ranges_in(&self, haystack: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(found) = self.find_from(haystack, from) {
            from = found.end.max(found.start + 1);
            out.push(found);
        }
        out
    }

    fn first_in(&self, haystack: &str) -> Option<Range<usize>> {
        self.find_from(haystack, 0)
    }

    fn find_from(&self, haystack: &str, from: usize) -> Option<Range<usize>> {
        // The common case, both in ASCII: compare bytes.
        if haystack.is_ascii() && self.text.is_ascii() {
            let needle = self.text.as_bytes();
            let bytes = haystack.as_bytes().get(from..)?;
            return bytes
                .windows(needle.len())
                .position(|w| w.eq_ignore_ascii_case(needle))
                .map(|at| from + at..from + at + needle.len());
        }
        let starts = haystack
            .char_indices()
            .map(|(i, _)| i)
            .filter(|&i| i >= from);
        for start in starts {
            let mut want = self.folded.iter();
            let mut end = start;
            let mut ok = true;
            'chars: for (i, c) in haystack[start..].char_indices() {
                for lower in c.to_lowercase() {
                    match want.next() {
                        Some(w) if *w == lower => {}
                        Some(_) => {
                            ok = false;
                            break 'chars;
                        }
                        // The query ended inside a character that lowers to
                        // more than one: no match here.
                        None => {
                            ok = false;
                            break 'chars;
                        }
                    }
                }
                end = start + i + c.len_utf8();
                if want.as_slice().is_empty() {
                    break;
                }
            }
            if ok && want.as_slice().is_empty() {
                return Some(start..end);
            }
        }
        None
    }
}

/// Every theme whose title, and every standard whose words or notes in
/// `review`, hold `query`, in the tree's order. `shared`: the screen is
/// shared (session mode), so private notes are not searched.
pub fn search(framework: &Framework, review: &Review, query: &Query, shared: bool) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (t, theme) in framework.themes.iter().enumerate() {
        if query.is_in(&theme.title) {
            hits.push(Hit::Theme(t));
        }
        for (s, standard) in theme.standards.iter().enumerate() {
            let in_words = query.is_in(&standard.text);
            let in_notes = || {
                review.marks.get(&standard.id).is_some_and(|marks| {
                    marks
                        .iter()
                        .any(|(_, mark)| notes_hold(mark, query, shared))
                })
            };
            if in_words || in_notes() {
                hits.push(Hit::Standard {
                    theme: t,
                    standard: s,
                });
            }
        }
    }
    hits
}

/// Whether the notes of `mark` hold `query`: the person's own (unless
/// private on a shared screen), other raters', the session note and the
/// next step.
fn notes_hold(mark: &Mark, query: &Query, shared: bool) -> bool {
    (!(shared && mark.private) && query.is_in(&mark.note))
        || mark.others.values().any(|v| query.is_in(&v.note))
        || query.is_in(&mark.session_note)
        || query.is_in(&mark.next_step)
}

/// The stages of `standard` (in the framework's order) whose notes in
/// `review` hold `query`: where a find in the notes is.
pub fn stages_with_notes(
    framework: &Framework,
    review: &Review,
    standard: &Standard,
    query: &Query,
    shared: bool,
) -> Vec<usize> {
    framework
        .stages
        .iter()
        .enumerate()
        .filter(|(_, stage)| {
            review
                .mark(&standard.id, &stage.id)
                .is_some_and(|mark| notes_hold(mark, query, shared))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests;
