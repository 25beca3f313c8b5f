//! [`StageMarks`]: what one standard holds in one review, by stage.
//!
//! A standard is assessed at no more than a handful of stages (three in the
//! bundled frameworks), so the map is a vector kept sorted by stage id. A
//! `BTreeMap` allocates a whole 11-slot leaf node even for one entry, about
//! 1,424 bytes with today's [`Mark`]; at 10,000 standards and 5 reviews that
//! was some 55 MB of a 100 MB peak-memory budget.
//!
//! In the file it is a map, exactly as the `BTreeMap` was: same keys, same
//! order, same text.

use std::fmt;
use std::ops::Index;
use std::slice;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::assessment::Mark;
use super::framework::StageId;

/// Up to this many entries the vector grows one slot at a time, so a map of
/// three holds three slots; beyond it, it grows as a `Vec` does.
const EXACT_UP_TO: usize = 8;

/// A standard's marks by stage id, in stage-id order (as a `BTreeMap` orders
/// strings: byte by byte).
///
/// Serialised as a map. When read, keys may come in any order (they are
/// sorted); a stage given twice is an error at the second, where serde's
/// `BTreeMap` would silently keep only the last.
#[derive(Clone, Default, PartialEq, Hash)]
pub struct StageMarks(
    /// Sorted by stage id, no id twice.
    Vec<(StageId, Mark)>,
);

impl StageMarks {
    pub fn new() -> Self {
        StageMarks(Vec::new())
    }

    /// Where `stage` is, or where it would go.
    fn find(&self, stage: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(stage))
    }

    /// Room for one more entry, without the spare slots `Vec` would add.
    fn reserve_one(&mut self) {
        if self.0.len() == self.0.capacity() {
            if self.0.len() < EXACT_UP_TO {
                self.0.reserve_exact(1);
            } else {
                self.0.reserve(1);
            }
        }
    }

    /// Sorted and without repeats, the last of a repeated key winning; no
    /// spare capacity.
    fn from_unsorted(mut entries: Vec<(StageId, Mark)>) -> Self {
        if !entries.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable, so repeats stay in the order they came.
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            // `later` is removed; its value moves into the one kept first.
            entries.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                same
            });
        }
        entries.shrink_to_fit();
        StageMarks(entries)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains_key(&self, stage: &str) -> bool {
        self.find(stage).is_ok()
    }

    pub fn get(&self, stage: &str) -> Option<&Mark> {
        self.find(stage).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, stage: &str) -> Option<&mut Mark> {
        self.find(stage).ok().map(|i| &mut self.0[i].1)
    }

    /// Set the mark at `stage`, returning the one it replaces.
    pub fn insert(&mut self, stage: StageId, mark: Mark) -> Option<Mark> {
        match self.find(&stage) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, mark)),
            Err(i) => {
                self.reserve_one();
                self.0.insert(i, (stage, mark));
                None
            }
        }
    }

    /// The mark at `stage`, inserted empty if there is none (only then is
    /// the id copied).
    pub fn get_or_insert_default(&mut self, stage: &str) -> &mut Mark {
        let i = match self.find(stage) {
            Ok(i) => i,
            Err(i) => {
                self.reserve_one();
                self.0.insert(i, (stage.to_owned(), Mark::default()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn remove(&mut self, stage: &str) -> Option<Mark> {
        self.find(stage).ok().map(|i| self.0.remove(i).1)
    }

    /// Keep only the entries for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&StageId, &mut Mark) -> bool) {
        self.0.retain_mut(|(stage, mark)| keep(stage, mark));
    }

    /// In stage-id order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.0.iter())
    }

    /// In stage-id order; the ids cannot be changed, only the marks.
    pub fn iter_mut(&mut self) -> IterMut<'_> {
        IterMut(self.0.iter_mut())
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &StageId> + ExactSizeIterator {
        self.0.iter().map(|(stage, _)| stage)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Mark> + ExactSizeIterator {
        self.0.iter().map(|(_, mark)| mark)
    }

    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut Mark> + ExactSizeIterator {
        self.0.iter_mut().map(|(_, mark)| mark)
    }
}

/// Shown as a map, as the `BTreeMap` was.
impl fmt::Debug for StageMarks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Panics if there is no mark at `stage`, as `BTreeMap` does.
impl Index<&str> for StageMarks {
    type Output = Mark;

    fn index(&self, stage: &str) -> &Mark {
        self.get(stage)
            .unwrap_or_else(|| panic!("no mark at stage {stage:?}"))
    }
}

/// In any order; a stage given twice keeps the last mark.
impl FromIterator<(StageId, Mark)> for StageMarks {
    fn from_iter<I: IntoIterator<Item = (StageId, Mark)>>(iter: I) -> Self {
        StageMarks::from_unsorted(iter.into_iter().collect())
    }
}

/// Borrowed entries in stage-id order, from [`StageMarks::iter`].
#[derive(Clone, Debug)]
pub struct Iter<'a>(slice::Iter<'a, (StageId, Mark)>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a StageId, &'a Mark);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(stage, mark)| (stage, mark))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(stage, mark)| (stage, mark))
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// Entries with marks to change, in stage-id order, from [`StageMarks::iter_mut`].
#[derive(Debug)]
pub struct IterMut<'a>(slice::IterMut<'a, (StageId, Mark)>);

impl<'a> Iterator for IterMut<'a> {
    type Item = (&'a StageId, &'a mut Mark);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(stage, mark)| (&*stage, mark))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for IterMut<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(stage, mark)| (&*stage, mark))
    }
}

impl ExactSizeIterator for IterMut<'_> {}

impl<'a> IntoIterator for &'a StageMarks {
    type Item = (&'a StageId, &'a Mark);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut StageMarks {
    type Item = (&'a StageId, &'a mut Mark);
    type IntoIter = IterMut<'a>;

    fn into_iter(self) -> IterMut<'a> {
        self.iter_mut()
    }
}

/// Owned entries in stage-id order.
impl IntoIterator for StageMarks {
    type Item = (StageId, Mark);
    type IntoIter = std::vec::IntoIter<(StageId, Mark)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// A map, as `BTreeMap` writes one (`collect_map` with an exact length).
impl Serialize for StageMarks {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// A map with keys in any order; a key given twice is an error.
impl<'de> Deserialize<'de> for StageMarks {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StageMarksVisitor;

        impl<'de> Visitor<'de> for StageMarksVisitor {
            type Value = StageMarks;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map from stage id to mark")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StageMarks, A::Error> {
                // A length the input claims is not trusted beyond a little.
                let hint = map.size_hint().unwrap_or(0).min(EXACT_UP_TO);
                let mut entries: Vec<(StageId, Mark)> = Vec::with_capacity(hint);
                // Past a handful of stages (a crafted file), a set finds repeats.
                let mut seen: Option<std::collections::HashSet<StageId>> = None;
                while let Some(stage) = map.next_key::<StageId>()? {
                    let twice = match &mut seen {
                        Some(seen) => !seen.insert(stage.clone()),
                        None => {
                            let twice = entries.iter().any(|(k, _)| *k == stage);
                            if entries.len() >= EXACT_UP_TO {
                                let keys = entries.iter().map(|(k, _)| k.clone());
                                seen = Some(keys.chain([stage.clone()]).collect());
                            }
                            twice
                        }
                    };
                    // Refused before its value is read, so the error is at the key.
                    if twice {
                        return Err(serde::de::Error::custom(format!(
                            "stage \"{stage}\" is given twice for this standard: \
                             keep one of them"
                        )));
                    }
                    let mark = map.next_value()?;
                    entries.push((stage, mark));
                }
                Ok(StageMarks::from_unsorted(entries))
            }
        }

        deserializer.deserialize_map(StageMarksVisitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    // RON as the store reads and writes it, without importing the store:
    // the model depends on nothing else of ours.
    fn parse_ron<T: serde::de::DeserializeOwned>(
        text: &str,
    ) -> Result<T, ron::error::SpannedError> {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
    }

    fn to_ron<T: serde::Serialize>(value: &T) -> Result<String, ron::Error> {
        ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::default())
    }
    use crate::model::Rating;

    fn mark(level: u8, note: &str) -> Mark {
        Mark {
            rating: Rating::Level(level),
            note: note.into(),
            ..Mark::default()
        }
    }

    fn entries(m: &StageMarks) -> Vec<(&str, &Mark)> {
        m.iter().map(|(k, v)| (k.as_str(), v)).collect()
    }

    #[test]
    fn iterates_in_stage_order_whatever_the_order_of_insertion() {
        let mut m = StageMarks::new();
        assert!(m.is_empty());
        assert_eq!(m.insert("knowledge".into(), mark(1, "k")), None);
        assert_eq!(m.insert("experience".into(), mark(2, "e")), None);
        assert_eq!(m.insert("judgement".into(), mark(3, "j")), None);
        assert_eq!(m.len(), 3);
        assert_eq!(
            m.keys().map(String::as_str).collect::<Vec<_>>(),
            ["experience", "judgement", "knowledge"]
        );
        assert_eq!(
            m.values().map(|v| v.note.as_str()).collect::<Vec<_>>(),
            ["e", "j", "k"]
        );
        assert_eq!(m.iter().next_back().unwrap().0, "knowledge");
        // The same order as BTreeMap's, which compares bytes.
        let odd = ["b", "B", "a (2)", "a", "é", "", "ab"];
        let ours: StageMarks = odd.iter().map(|s| (s.to_string(), mark(1, s))).collect();
        let theirs: BTreeMap<_, _> = odd.iter().map(|s| (s.to_string(), mark(1, s))).collect();
        assert!(ours.keys().eq(theirs.keys()));
    }

    #[test]
    fn insert_replaces_get_finds_remove_removes() {
        let mut m = StageMarks::new();
        m.insert("k".into(), mark(1, "first"));
        assert_eq!(
            m.insert("k".into(), mark(2, "second")),
            Some(mark(1, "first"))
        );
        assert_eq!(m.len(), 1);
        assert_eq!(m.get("k"), Some(&mark(2, "second")));
        assert_eq!(m["k"], mark(2, "second"));
        assert!(m.contains_key("k"));
        assert!(!m.contains_key("e"));
        assert_eq!(m.get("e"), None);
        m.get_mut("k").unwrap().note = "changed".into();
        assert_eq!(m["k"].note, "changed");
        assert_eq!(m.get_mut("e"), None);

        *m.get_or_insert_default("e") = mark(4, "new");
        m.get_or_insert_default("e").private = true;
        assert_eq!(m.len(), 2);
        assert!(m["e"].private && m["e"].note == "new");

        assert_eq!(m.remove("nothing"), None);
        assert_eq!(m.remove("k").map(|v| v.note), Some("changed".into()));
        assert_eq!(entries(&m), [("e", &m["e"])]);
        assert_eq!(m.remove("e").map(|v| v.rating), Some(Rating::Level(4)));
        assert!(m.is_empty());
    }

    #[test]
    fn retain_iter_mut_and_into_iter() {
        let mut m: StageMarks = [("k", 1), ("e", 2), ("j", 3)]
            .into_iter()
            .map(|(k, l)| (k.to_owned(), mark(l, k)))
            .collect();
        for (stage, v) in &mut m {
            v.note = format!("{stage}!");
        }
        for v in m.values_mut() {
            v.private = true;
        }
        m.retain(|stage, v| {
            v.carried = true;
            stage != "j"
        });
        let all: Vec<(StageId, Mark)> = m.clone().into_iter().collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].0, "e");
        assert_eq!(all[1].0, "k");
        assert!(
            all.iter()
                .all(|(s, v)| v.note == format!("{s}!") && v.private && v.carried)
        );
        assert_eq!(
            format!("{m:?}"),
            format!("{:?}", all.into_iter().collect::<BTreeMap<_, _>>())
        );
    }

    #[test]
    fn a_map_of_three_holds_three_slots() {
        let mut m = StageMarks::new();
        for stage in ["k", "e", "j"] {
            m.get_or_insert_default(stage).note = stage.into();
        }
        assert_eq!(m.0.capacity(), 3);
        let mut m = StageMarks::new();
        for stage in ["k", "e", "j"] {
            m.insert(stage.into(), mark(1, stage));
        }
        assert_eq!(m.0.capacity(), 3);
        let collected: StageMarks = m.clone().into_iter().rev().collect();
        assert_eq!(collected.0.capacity(), 3);
        assert_eq!(collected, m);
        let read: StageMarks = parse_ron(&to_ron(&m).unwrap()).unwrap();
        assert_eq!(read.0.capacity(), 3);
        assert_eq!(read, m);
    }

    #[test]
    fn written_exactly_as_the_btreemap_was() {
        let theirs: BTreeMap<StageId, Mark> = [
            ("knowledge", mark(3, "two\nlines")),
            ("experience", Mark::default()),
            ("judgement", mark(5, "a \"quoted\" r#\"raw\"# note")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let ours: StageMarks = theirs.clone().into_iter().collect();
        assert_eq!(to_ron(&ours).unwrap(), to_ron(&theirs).unwrap());
        assert_eq!(
            ron::to_string(&ours).unwrap(),
            ron::to_string(&theirs).unwrap()
        );
        let empty = StageMarks::new();
        assert_eq!(
            to_ron(&empty).unwrap(),
            to_ron(&BTreeMap::<StageId, Mark>::new()).unwrap()
        );
        // Inside a review too, where it sits in the outer map.
        let nested_ours = BTreeMap::from([("sl.place.1".to_owned(), ours)]);
        let nested_theirs = BTreeMap::from([("sl.place.1".to_owned(), theirs)]);
        assert_eq!(
            to_ron(&nested_ours).unwrap(),
            to_ron(&nested_theirs).unwrap()
        );
    }

    #[test]
    fn read_with_keys_out_of_order() {
        let text = r#"{
            "knowledge": (rating: Level(1), note: "k"),
            "judgement": (note: "first j"),
            "experience": (rating: Level(4), note: "last e"),
        }"#;
        let ours: StageMarks = parse_ron(text).unwrap();
        let theirs: BTreeMap<StageId, Mark> = parse_ron(text).unwrap();
        assert_eq!(
            ours.iter().collect::<Vec<_>>(),
            theirs.iter().collect::<Vec<_>>()
        );
        assert_eq!(ours["experience"], mark(4, "last e"));
        assert_eq!(ours.0.capacity(), 3);
        // And written back sorted, as the BTreeMap would be.
        assert_eq!(to_ron(&ours).unwrap(), to_ron(&theirs).unwrap());
        let again: StageMarks = parse_ron(&to_ron(&ours).unwrap()).unwrap();
        assert_eq!(again, ours);
        // Not a map: refused, as before.
        assert!(parse_ron::<StageMarks>(r#"[("k", ())]"#).is_err());
        assert!(parse_ron::<StageMarks>("{}").unwrap().is_empty());
    }

    #[test]
    fn a_stage_given_twice_is_an_error_at_the_second() {
        // A BTreeMap would keep the last and drop the first without a word.
        let text = r#"{
            "experience": (rating: Level(2), note: "first e"),
            "knowledge": (rating: Level(1)),
            r"experience": (rating: Level(4), note: "last e"),
        }"#;
        // (The store places it at the key's opening quote: `format` tests.)
        let err = parse_ron::<StageMarks>(text).unwrap_err();
        assert_eq!(err.span.start.line, 4, "{err}");
        let message = err.code.to_string();
        assert!(message.contains("\"experience\""), "{err}");
        assert!(message.contains("twice"), "{err}");
        // Past a handful of stages too.
        let many: String = (0..20).map(|i| format!("\"s{i}\": (),")).collect();
        let err = parse_ron::<StageMarks>(&format!("{{{many} \"s3\": ()}}")).unwrap_err();
        assert!(err.code.to_string().contains("\"s3\""), "{err}");
        assert!(parse_ron::<StageMarks>(&format!("{{{many}}}")).is_ok());
    }

    /// One step on both maps.
    #[derive(Debug, Clone)]
    enum Op {
        Insert(String, u8),
        Default(String),
        Remove(String),
        Retain(u8),
    }

    fn stage() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["k", "e", "j", "K", "", "k2", "é"]).prop_map(str::to_owned)
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (stage(), 1u8..=5).prop_map(|(s, l)| Op::Insert(s, l)),
            stage().prop_map(Op::Default),
            stage().prop_map(Op::Remove),
            (1u8..=5).prop_map(Op::Retain),
        ]
    }

    proptest! {
        #[test]
        fn behaves_as_a_btreemap(ops in prop::collection::vec(op(), 0..40)) {
            let mut ours = StageMarks::new();
            let mut theirs: BTreeMap<StageId, Mark> = BTreeMap::new();
            for op in ops {
                match op {
                    Op::Insert(s, l) => prop_assert_eq!(
                        ours.insert(s.clone(), mark(l, &s)),
                        theirs.insert(s.clone(), mark(l, &s))
                    ),
                    Op::Default(s) => {
                        ours.get_or_insert_default(&s).note.push('+');
                        theirs.entry(s).or_default().note.push('+');
                    }
                    Op::Remove(s) => prop_assert_eq!(ours.remove(&s), theirs.remove(&s)),
                    Op::Retain(l) => {
                        ours.retain(|_, m| m.rating != Rating::Level(l));
                        theirs.retain(|_, m| m.rating != Rating::Level(l));
                    }
                }
                prop_assert!(ours.iter().eq(theirs.iter()));
                prop_assert_eq!(ours.len(), theirs.len());
            }
            for s in ["k", "e", "j", "K", "", "k2", "é", "x"] {
                prop_assert_eq!(ours.get(s), theirs.get(s));
                prop_assert_eq!(ours.contains_key(s), theirs.contains_key(s));
            }
            prop_assert_eq!(to_ron(&ours).unwrap(), to_ron(&theirs).unwrap());
        }

        #[test]
        fn reads_any_order_as_a_btreemap_does(
            pairs in prop::collection::vec((stage(), 1u8..=5), 0..8),
        ) {
            let body: String = pairs
                .iter()
                .map(|(s, l)| format!("{s:?}: (rating: Level({l})),"))
                .collect();
            let text = format!("{{{body}}}");
            let distinct: std::collections::BTreeSet<&String> = pairs.iter().map(|(s, _)| s).collect();
            if distinct.len() < pairs.len() {
                // A stage given twice is refused, never half read.
                prop_assert!(parse_ron::<StageMarks>(&text).is_err());
                return Ok(());
            }
            let ours: StageMarks = parse_ron(&text).unwrap();
            let theirs: BTreeMap<StageId, Mark> = parse_ron(&text).unwrap();
            prop_assert!(ours.iter().eq(theirs.iter()));
            prop_assert_eq!(ours.0.capacity(), ours.len());
            let collected: StageMarks = pairs
                .into_iter()
                .map(|(s, l)| (s, Mark { rating: Rating::Level(l), ..Mark::default() }))
                .collect();
            prop_assert_eq!(collected, ours);
        }
    }
}
