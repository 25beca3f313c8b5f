//! A leadership development framework: themes, standards, stages and the
//! rating scale, as loaded from a RON file in `data/frameworks/` or from the
//! user's own `<home>/frameworks/` folder.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A standard's stable id, unique within its framework (`"sl.place.1"`).
pub type StandardId = String;
/// A stage's stable id (`"knowledge"`, `"experience"`, `"judgement"`).
pub type StageId = String;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    /// Stable id, referred to by assessments (`"chief-executives"`).
    pub id: String,
    pub title: String,
    /// Who the framework is for, in a few words.
    #[serde(default)]
    pub audience: String,
    /// The framework's own version; assessments record the version they were made against.
    pub version: String,
    pub source: Source,
    pub stages: Vec<Stage>,
    pub scale: Scale,
    pub themes: Vec<Theme>,
    /// Standards renamed since earlier versions: old id to new id.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_renames"
    )]
    pub renames: BTreeMap<StandardId, StandardId>,
}

/// Who publishes the framework and how faithful the bundled wording is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub publisher: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: StageId,
    pub name: String,
    pub description: String,
}

/// The rating scale. "Not applicable" is a choice, not a level: it never
/// counts towards a mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    pub levels: Vec<Level>,
    pub not_applicable: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Level {
    pub value: u8,
    pub label: String,
    pub descriptor: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub id: String,
    pub title: String,
    pub definition: String,
    /// Where the definition and elements come from.
    #[serde(default)]
    pub definition_origin: Origin,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<Element>,
    pub standards: Vec<Standard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Element {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standard {
    pub id: StandardId,
    pub text: String,
    /// The one stage this standard belongs to; `None` means it is assessed
    /// at every stage of the framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageId>,
    pub origin: Origin,
}

/// How close a piece of wording is to the published framework.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// The publisher's own words.
    Published,
    /// The publisher's words with obvious typing errors corrected
    /// ("straightforwardway" to "straightforward way").
    Corrected,
    /// The published content, restated in this project's words.
    #[default]
    Paraphrase,
    /// A reflection prompt written for this tool where nothing is published.
    Prompt,
}

impl Origin {
    /// What the app says next to the wording; `None` for published text.
    pub fn caveat(self) -> Option<&'static str> {
        match self {
            Origin::Published => None,
            Origin::Corrected => Some("published wording, typing errors corrected"),
            Origin::Paraphrase => Some("paraphrase, not official wording"),
            Origin::Prompt => Some("prompt, not official wording"),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Origin::Published => "published",
            Origin::Corrected => "published, corrected",
            Origin::Paraphrase => "paraphrase",
            Origin::Prompt => "prompt",
        }
    }
}

impl Framework {
    /// The stages a standard is assessed at, in framework order.
    pub fn stages_of<'a>(&'a self, standard: &'a Standard) -> impl Iterator<Item = &'a Stage> + 'a {
        self.stages
            .iter()
            .filter(move |s| standard.stage.as_ref().is_none_or(|only| *only == s.id))
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    pub fn level(&self, value: u8) -> Option<&Level> {
        self.scale.levels.iter().find(|l| l.value == value)
    }

    pub fn max_level(&self) -> u8 {
        self.scale.levels.iter().map(|l| l.value).max().unwrap_or(0)
    }

    /// Every standard with its theme, in framework order.
    pub fn standards(&self) -> impl Iterator<Item = (&Theme, &Standard)> {
        self.themes
            .iter()
            .flat_map(|t| t.standards.iter().map(move |s| (t, s)))
    }

    pub fn standard(&self, id: &str) -> Option<(&Theme, &Standard)> {
        self.standards().find(|(_, s)| s.id == id)
    }

    pub fn standard_count(&self) -> usize {
        self.themes.iter().map(|t| t.standards.len()).sum()
    }

    /// How many (standard, stage) pairs there are to rate in a theme.
    pub fn assessable_count(&self, theme: &Theme) -> usize {
        theme
            .standards
            .iter()
            .map(|s| self.stages_of(s).count())
            .sum()
    }
}

impl Theme {
    /// True when every standard is tied to a single stage, so the tree
    /// shows theme > stage > standard rather than theme > standard.
    pub fn grouped_by_stage(&self) -> bool {
        !self.standards.is_empty() && self.standards.iter().all(|s| s.stage.is_some())
    }
}

/// `renames`, where an old id given twice is an error.
fn unique_renames<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<StandardId, StandardId>, D::Error> {
    super::unique::map(deserializer, |old| {
        format!("\"{old}\" is renamed twice: give each old id one new id")
    })
}
