//! A cohort share: what a person sends HR or a learning team, by consent.
//!
//! Levels by standard and stage for each review, the framework and its
//! version, the reviews' titles and dates, the person's role level and,
//! only if they choose, their name. No notes of any kind, no raters, no
//! next steps, no plan. The person is known by a random id kept in their
//! assessment ([`Assessment::person_id`]), so their shares over the years
//! link up and nothing else of theirs does.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::assessment::{Assessment, FrameworkRef, Rating};
use super::framework::{StageId, StandardId};

/// What the `kind` field of every share holds, so a share is told from an
/// assessment by its first lines.
pub const SHARE_KIND: &str = "reflect cohort share";

/// The share format this build writes and reads.
pub const SHARE_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub kind: String,
    pub schema: u32,
    /// The person's random id.
    pub person: String,
    /// Only when the person chose to give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_level: Option<RoleLevel>,
    pub framework: FrameworkRef,
    /// Oldest first.
    pub reviews: Vec<SharedReview>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedReview {
    pub title: String,
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Date>,
    /// Standard id, then stage id, to the person's own level.
    #[serde(default)]
    pub levels: BTreeMap<StandardId, BTreeMap<StageId, Rating>>,
}

/// Where in the organisation the person leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RoleLevel {
    ChiefExecutive,
    Director,
    AssistantDirector,
    HeadOfService,
}

impl RoleLevel {
    pub const ALL: [RoleLevel; 4] = [
        RoleLevel::ChiefExecutive,
        RoleLevel::Director,
        RoleLevel::AssistantDirector,
        RoleLevel::HeadOfService,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RoleLevel::ChiefExecutive => "chief executive",
            RoleLevel::Director => "director",
            RoleLevel::AssistantDirector => "assistant director",
            RoleLevel::HeadOfService => "head of service",
        }
    }

    /// "chief-executive", "director", "assistant-director", "head-of-service".
    pub fn id(self) -> &'static str {
        match self {
            RoleLevel::ChiefExecutive => "chief-executive",
            RoleLevel::Director => "director",
            RoleLevel::AssistantDirector => "assistant-director",
            RoleLevel::HeadOfService => "head-of-service",
        }
    }

    pub fn parse(text: &str) -> Option<RoleLevel> {
        let t: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' || c == '_' { ' ' } else { c })
            .collect();
        RoleLevel::ALL.into_iter().find(|l| l.label() == t)
    }

    /// The level a role's wording or its framework implies: the Chief
    /// Executives' framework is for chief executives; otherwise "assistant
    /// director", "director" or "head of" in the role; else none.
    pub fn guess(framework: &str, role: &str) -> Option<RoleLevel> {
        let role = role.to_lowercase();
        if framework == "chief-executives"
            || role.contains("chief executive")
            || role.contains("head of paid service")
        {
            Some(RoleLevel::ChiefExecutive)
        } else if role.contains("assistant director") || role.contains("deputy director") {
            Some(RoleLevel::AssistantDirector)
        } else if role.contains("director") {
            Some(RoleLevel::Director)
        } else if role.contains("head of") {
            Some(RoleLevel::HeadOfService)
        } else {
            None
        }
    }
}

/// The share of `assessment` (every review loaded, brought up to date with
/// its framework) under `person` (its random id).
pub fn share_of(
    assessment: &Assessment,
    person: &str,
    with_name: bool,
    role_level: Option<RoleLevel>,
) -> Share {
    Share {
        kind: SHARE_KIND.into(),
        schema: SHARE_SCHEMA,
        person: person.to_owned(),
        name: with_name.then(|| assessment.person.name.clone()),
        role_level,
        framework: assessment.framework.clone(),
        reviews: assessment
            .reviews
            .iter()
            .map(|review| SharedReview {
                title: review.title.clone(),
                date: review.date,
                closed: review.frozen,
                levels: review
                    .marks
                    .iter()
                    .filter_map(|(standard, stages)| {
                        let levels: BTreeMap<StageId, Rating> = stages
                            .iter()
                            .filter(|(_, m)| m.rating.is_rated())
                            .map(|(stage, m)| (stage.clone(), m.rating))
                            .collect();
                        (!levels.is_empty()).then(|| (standard.clone(), levels))
                    })
                    .collect(),
            })
            .collect(),
    }
}

impl Share {
    /// How many levels it holds, over all its reviews.
    pub fn level_count(&self) -> usize {
        self.reviews
            .iter()
            .map(|r| r.levels.values().map(BTreeMap::len).sum::<usize>())
            .sum()
    }
}
