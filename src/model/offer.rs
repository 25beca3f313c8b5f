//! Development offers: programmes, coaching, modules and networks a
//! leader can take up, and which themes and stages of each framework they
//! serve. Bundled from the facts in the source documents (dated: an offer
//! is never presented as current), and organisations can add their own.

use serde::{Deserialize, Serialize};

use super::Framework;
use super::validate::{Issue, Seg, issue};

/// A catalogue file: where its facts come from, and the offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// The document the facts come from ("LGA board report, 2020/21").
    pub source: String,
    pub offers: Vec<Offer>,
}

/// One development offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// Unique across catalogues; an organisation's offer with the same id
    /// replaces the bundled one.
    pub id: String,
    pub title: String,
    pub provider: String,
    pub kind: Kind,
    /// Who it is for; councillors' offers are not suggested to officers
    /// unless asked.
    pub audience: Vec<Audience>,
    /// The themes and stages it serves, framework by framework.
    #[serde(default)]
    pub serves: Vec<Serves>,
    /// Where in the source it is described ("seed 003 §5").
    pub source: String,
    /// When the facts were true ("2020/21"): the source's date, not today's.
    pub as_of: String,
    /// What the source says of its state ("planned", "postponed").
    pub status: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Programme,
    Module,
    Coaching,
    Mentoring,
    ActionLearning,
    PeerNetwork,
    ELearning,
    Webinar,
    Workbook,
    Publication,
    Guidance,
    Support,
    StretchRole,
    Recruitment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    Councillors,
    Officers,
    ChiefExecutives,
    Graduates,
    Leaders,
}

/// What an offer serves in one framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Serves {
    /// The framework's id.
    pub framework: String,
    /// Theme ids; empty: any theme (coaching is not tied to one).
    #[serde(default)]
    pub themes: Vec<String>,
    /// Stage ids; empty: every stage.
    #[serde(default)]
    pub stages: Vec<String>,
    /// Whether the source says so, or it was inferred for this tool.
    pub basis: Basis,
    /// Why, where it rests on an echo of a standard ("sl.place.2").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Basis {
    /// The source document says so.
    Stated,
    /// Inferred for this tool: shown as such.
    Inferred,
}

impl Offer {
    /// For officers (not only councillors).
    pub fn for_officers(&self) -> bool {
        self.audience.iter().any(|a| {
            matches!(
                a,
                Audience::Officers | Audience::ChiefExecutives | Audience::Graduates
            )
        })
    }
}

/// How well an offer fits what was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    /// 2: it names the theme; 1: it serves any theme.
    pub score: u8,
    pub basis: Basis,
}

impl Fit {
    /// "stated", "inferred", "inferred, any theme".
    pub fn label(self) -> &'static str {
        match (self.score, self.basis) {
            (_, Basis::Stated) => "stated",
            (2, Basis::Inferred) => "inferred",
            _ => "inferred, any theme",
        }
    }
}

/// What to look for: a framework, a theme and a stage (each optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wanted<'a> {
    pub framework: Option<&'a str>,
    pub theme: Option<&'a str>,
    pub stage: Option<&'a str>,
    /// Councillors' offers too (not suggested to officers unless asked).
    pub councillors: bool,
}

impl Offer {
    /// How well it serves `wanted`; `None`: it does not.
    pub fn fit(&self, wanted: &Wanted) -> Option<Fit> {
        self.serves
            .iter()
            .filter(|s| wanted.framework.is_none_or(|f| s.framework == f))
            .filter(|s| {
                wanted
                    .stage
                    .is_none_or(|k| s.stages.is_empty() || s.stages.iter().any(|x| x == k))
            })
            .filter_map(|s| match wanted.theme {
                None => Some((u8::from(!s.themes.is_empty()) + 1, s.basis)),
                Some(t) if s.themes.iter().any(|x| x == t) => Some((2, s.basis)),
                Some(_) if s.themes.is_empty() => Some((1, s.basis)),
                Some(_) => None,
            })
            .max_by_key(|(score, _)| *score)
            .map(|(score, basis)| Fit { score, basis })
    }
}

/// The offers that serve `wanted`, with how well: officers' offers first,
/// then the most specific, else in catalogue order. With nothing asked
/// for, every offer (for officers, unless councillors' too).
pub fn suggest<'a>(offers: &'a [Offer], wanted: &Wanted) -> Vec<(&'a Offer, Option<Fit>)> {
    let filtering = wanted.framework.is_some() || wanted.theme.is_some() || wanted.stage.is_some();
    let mut shown: Vec<(&Offer, Option<Fit>)> = offers
        .iter()
        .filter(|o| wanted.councillors || o.for_officers())
        .map(|o| (o, o.fit(wanted)))
        .filter(|(_, f)| !filtering || f.is_some())
        .collect();
    shown.sort_by_key(|(o, f)| (!o.for_officers(), std::cmp::Reverse(f.map(|x| x.score))));
    shown
}

impl Kind {
    /// In words: "action learning", "e-learning".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Programme => "programme",
            Kind::Module => "module",
            Kind::Coaching => "coaching",
            Kind::Mentoring => "mentoring",
            Kind::ActionLearning => "action learning",
            Kind::PeerNetwork => "peer network",
            Kind::ELearning => "e-learning",
            Kind::Webinar => "webinar",
            Kind::Workbook => "workbook",
            Kind::Publication => "publication",
            Kind::Guidance => "guidance",
            Kind::Support => "support",
            Kind::StretchRole => "stretch role",
            Kind::Recruitment => "recruitment",
        }
    }
}

impl Audience {
    pub fn label(self) -> &'static str {
        match self {
            Audience::Councillors => "councillors",
            Audience::Officers => "officers",
            Audience::ChiefExecutives => "chief executives",
            Audience::Graduates => "graduates",
            Audience::Leaders => "leaders",
        }
    }
}

/// What is wrong with a catalogue beyond its shape: offers given twice,
/// empty facts, and themes or stages the frameworks it names do not have
/// (a framework not in `frameworks` is not checked: it may be an
/// organisation's own). Each with the path to it, to be given a position.
pub fn check(catalogue: &Catalogue, frameworks: &[Framework]) -> Vec<Issue> {
    use Seg::{Field, Index};
    let mut problems = Vec::new();
    for (i, offer) in catalogue.offers.iter().enumerate() {
        let at = |more: &[Seg]| {
            let mut path = vec![Field("offers"), Index(i)];
            path.extend_from_slice(more);
            path
        };
        if let Some(first) = catalogue.offers[..i].iter().position(|o| o.id == offer.id) {
            problems.push(Issue {
                at: at(&[Field("id")]),
                message: format!("offer \"{}\" is given twice", offer.id),
                first: Some(vec![Field("offers"), Index(first), Field("id")]),
            });
        }
        for (field, value) in [
            ("id", &offer.id),
            ("title", &offer.title),
            ("source", &offer.source),
            ("as_of", &offer.as_of),
        ] {
            if value.trim().is_empty() {
                problems.push(issue(at(&[Field(field)]), format!("{field} is empty")));
            }
        }
        for (s, serves) in offer.serves.iter().enumerate() {
            let Some(fw) = frameworks.iter().find(|f| f.id == serves.framework) else {
                continue;
            };
            for (t, theme) in serves.themes.iter().enumerate() {
                if !fw.themes.iter().any(|x| &x.id == theme) {
                    problems.push(issue(
                        at(&[Field("serves"), Index(s), Field("themes"), Index(t)]),
                        format!("\"{theme}\" is not a theme of {}", fw.id),
                    ));
                }
            }
            for (k, stage) in serves.stages.iter().enumerate() {
                if fw.stage_index(stage).is_none() {
                    problems.push(issue(
                        at(&[Field("serves"), Index(s), Field("stages"), Index(k)]),
                        format!("\"{stage}\" is not a stage of {}", fw.id),
                    ));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture;

    fn offer(id: &str, serves: Vec<Serves>) -> Offer {
        Offer {
            id: id.into(),
            title: "T".into(),
            provider: "P".into(),
            kind: Kind::Coaching,
            audience: vec![Audience::Officers],
            serves,
            source: "s".into(),
            as_of: "2026".into(),
            status: "on".into(),
            note: String::new(),
        }
    }

    #[test]
    fn twice_given_ids_and_unknown_themes_or_stages_are_found_with_their_paths() {
        let fw = fixture::framework();
        let serves = |themes: &[&str], stages: &[&str]| Serves {
            framework: fw.id.clone(),
            themes: themes.iter().map(|s| s.to_string()).collect(),
            stages: stages.iter().map(|s| s.to_string()).collect(),
            basis: Basis::Inferred,
            why: String::new(),
        };
        let theme = fw.themes[0].id.clone();
        let stage = fw.stages[0].id.clone();
        let mut other = serves(&["no.such"], &[]);
        other.framework = "ours".into();
        let catalogue = Catalogue {
            source: "x".into(),
            offers: vec![
                offer("a", vec![serves(&[&theme], &[&stage]), other]),
                offer("a", vec![serves(&["nope"], &["later"])]),
            ],
        };
        use Seg::{Field, Index};
        let paths: Vec<Vec<Seg>> = check(&catalogue, &[fw]).into_iter().map(|i| i.at).collect();
        assert_eq!(
            paths,
            [
                vec![Field("offers"), Index(1), Field("id")],
                vec![
                    Field("offers"),
                    Index(1),
                    Field("serves"),
                    Index(0),
                    Field("themes"),
                    Index(0)
                ],
                vec![
                    Field("offers"),
                    Index(1),
                    Field("serves"),
                    Index(0),
                    Field("stages"),
                    Index(0)
                ],
            ],
            "a framework reflect does not know is not checked"
        );
    }
}
