//! What serde cannot check in a parsed framework: duplicate ids, unknown
//! stages, empty wording, an unusable scale, renames that lead nowhere.
//! Each problem names a place in the framework (a path such as
//! `themes[2].standards[0].stage`); `crate::format::framework` turns the
//! paths into positions in the file's text.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::framework::Framework;

/// A step on the way to a place in a framework file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A struct's field.
    Field(&'static str),
    /// A list's item.
    Index(usize),
    /// A map's key (`renames: {"old": ...}`).
    Key(String),
    /// The value under a map's key.
    Value(String),
}

/// A problem in a parsed framework, at a path rather than a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub at: Vec<Seg>,
    pub message: String,
    /// Where the same id was first used, for duplicates: located and
    /// added to the message as `(first at LINE:COL)`.
    pub first: Option<Vec<Seg>>,
}

/// An issue at `at`, with no first place.
pub fn issue(at: Vec<Seg>, message: String) -> Issue {
    Issue {
        at,
        message,
        first: None,
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What serde cannot check in a parsed framework. Empty when it is valid.
pub fn check(fw: &Framework) -> Vec<Issue> {
    use Seg::{Field, Index};
    let mut out = Vec::new();

    if blank(&fw.id) {
        out.push(issue(
            vec![Field("id")],
            "empty id: a framework needs an id, which assessments refer to".into(),
        ));
    }
    if blank(&fw.title) {
        out.push(issue(vec![Field("title")], "empty title".into()));
    }
    if blank(&fw.version) {
        out.push(issue(
            vec![Field("version")],
            "empty version: assessments record the version they were made against".into(),
        ));
    }

    // Stages.
    if fw.stages.is_empty() {
        out.push(issue(
            vec![Field("stages")],
            "no stages: a framework needs at least one stage".into(),
        ));
    }
    let mut stage_ids: HashMap<&str, usize> = HashMap::new();
    for (i, stage) in fw.stages.iter().enumerate() {
        let at = |field| vec![Field("stages"), Index(i), Field(field)];
        if blank(&stage.id) {
            out.push(issue(at("id"), format!("stage {} has an empty id", i + 1)));
        } else if let Some(&first) = stage_ids.get(stage.id.as_str()) {
            out.push(Issue {
                at: at("id"),
                message: format!("duplicate stage id \"{}\"", stage.id),
                first: Some(vec![Field("stages"), Index(first), Field("id")]),
            });
        } else {
            stage_ids.insert(&stage.id, i);
        }
        if blank(&stage.name) {
            out.push(issue(
                at("name"),
                format!("stage \"{}\" has an empty name", stage.id),
            ));
        }
    }

    // The scale: keys 1-9 set levels, so values are 1..=9.
    let levels = &fw.scale.levels;
    if levels.len() < 2 {
        out.push(issue(
            vec![Field("scale"), Field("levels")],
            format!("the scale needs at least 2 levels; it has {}", levels.len()),
        ));
    }
    let mut values: HashMap<u8, usize> = HashMap::new();
    for (i, level) in levels.iter().enumerate() {
        let at = |field| vec![Field("scale"), Field("levels"), Index(i), Field(field)];
        if !(1..=9).contains(&level.value) {
            out.push(issue(
                at("value"),
                format!(
                    "level value {} is out of range: values are 1 to 9 (the keys that set them)",
                    level.value
                ),
            ));
        } else if let Some(&first) = values.get(&level.value) {
            out.push(Issue {
                at: at("value"),
                message: format!("duplicate level value {}", level.value),
                first: Some(vec![
                    Field("scale"),
                    Field("levels"),
                    Index(first),
                    Field("value"),
                ]),
            });
        } else {
            values.insert(level.value, i);
        }
        if blank(&level.label) {
            out.push(issue(
                at("label"),
                format!("level {} has an empty label", level.value),
            ));
        }
    }

    // Themes and standards: one namespace of ids, so a tree node's id is unique.
    if fw.themes.is_empty() {
        out.push(issue(
            vec![Field("themes")],
            "no themes: a framework needs at least one theme".into(),
        ));
    }
    let mut ids: HashMap<String, Vec<Seg>> = HashMap::new();
    let mut note_id = |id: &str, at: Vec<Seg>, what: &str, out: &mut Vec<Issue>| {
        if blank(id) {
            out.push(issue(at, format!("{what} with an empty id")));
        } else if let Some(first) = ids.get(id) {
            out.push(Issue {
                at,
                message: format!("duplicate id \"{id}\""),
                first: Some(first.clone()),
            });
        } else {
            ids.insert(id.to_owned(), at);
        }
    };
    let stage_list = fw
        .stages
        .iter()
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    for (t, theme) in fw.themes.iter().enumerate() {
        let at = |field| vec![Field("themes"), Index(t), Field(field)];
        note_id(&theme.id, at("id"), "a theme", &mut out);
        if blank(&theme.title) {
            out.push(issue(
                at("title"),
                format!("theme \"{}\" has an empty title", theme.id),
            ));
        }
        if blank(&theme.definition) {
            out.push(issue(
                at("definition"),
                format!("theme \"{}\" has an empty definition", theme.id),
            ));
        }
        if theme.standards.is_empty() {
            out.push(issue(
                at("standards"),
                format!("theme \"{}\" has no standards", theme.id),
            ));
        }
        for (s, standard) in theme.standards.iter().enumerate() {
            let at = |field| {
                vec![
                    Field("themes"),
                    Index(t),
                    Field("standards"),
                    Index(s),
                    Field(field),
                ]
            };
            note_id(&standard.id, at("id"), "a standard", &mut out);
            if blank(&standard.text) {
                out.push(issue(
                    at("text"),
                    format!("standard \"{}\" has an empty text", standard.id),
                ));
            }
            if let Some(stage) = &standard.stage
                && !stage_ids.contains_key(stage.as_str())
            {
                out.push(issue(
                    at("stage"),
                    format!(
                        "standard \"{}\": unknown stage \"{stage}\" (the stages are: {stage_list})",
                        standard.id
                    ),
                ));
            }
        }
    }

    // Renames: old id to new id, possibly in a chain (a -> b in one
    // version, b -> c in the next) that must end at a standard.
    let standards: HashSet<&str> = fw.standards().map(|(_, s)| s.id.as_str()).collect();
    for (old, new) in &fw.renames {
        if standards.contains(old.as_str()) {
            out.push(issue(
                vec![Field("renames"), Seg::Key(old.clone())],
                format!(
                    "rename \"{old}\" -> \"{new}\": \"{old}\" is still a standard's id; \
                     a renamed id must not be used again"
                ),
            ));
            continue;
        }
        let at = vec![Field("renames"), Seg::Value(old.clone())];
        match follow(&fw.renames, &standards, new) {
            Ok(_) => {}
            Err(Unresolved::Cycle) => out.push(issue(
                at,
                format!("rename \"{old}\" -> \"{new}\": the renames go round in a circle"),
            )),
            Err(Unresolved::Unknown(last)) if last == *new => out.push(issue(
                at,
                format!("rename \"{old}\" -> \"{new}\": no standard has the id \"{new}\""),
            )),
            Err(Unresolved::Unknown(last)) => out.push(issue(
                at,
                format!(
                    "rename \"{old}\" -> \"{new}\": the renames lead to \"{last}\", and no \
                     standard has that id"
                ),
            )),
        }
    }
    out
}

enum Unresolved {
    Cycle,
    /// The last id reached, which is neither a standard nor renamed.
    Unknown(String),
}

/// Follow renames from `id` until a standard's id.
fn follow(
    renames: &std::collections::BTreeMap<String, String>,
    standards: &HashSet<&str>,
    id: &str,
) -> Result<String, Unresolved> {
    let mut seen = BTreeSet::new();
    let mut id = id;
    loop {
        if standards.contains(id) {
            return Ok(id.to_owned());
        }
        if !seen.insert(id) {
            return Err(Unresolved::Cycle);
        }
        match renames.get(id) {
            Some(next) => id = next,
            None => return Err(Unresolved::Unknown(id.to_owned())),
        }
    }
}
