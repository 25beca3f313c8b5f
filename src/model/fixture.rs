//! A small framework and assessment built in code, for tests of the
//! model and of the reports.

use jiff::civil::date;

use crate::model::assessment::FrameworkRef;
use crate::model::framework::{Level, Scale, Source};
use crate::model::{Assessment, Framework, Origin, Person, Rating, Review, Stage, Standard, Theme};

fn stage(id: &str, name: &str) -> Stage {
    Stage {
        id: id.into(),
        name: name.into(),
        description: String::new(),
    }
}

fn standard(id: &str, text: &str, stage: Option<&str>, origin: Origin) -> Standard {
    Standard {
        id: id.into(),
        text: text.into(),
        stage: stage.map(Into::into),
        origin,
    }
}

/// Two themes: "Place" has two standards assessed at all three stages
/// (6 pairs); "People, and culture" has one standard per stage (3 pairs).
pub fn framework() -> Framework {
    Framework {
        id: "test-fw".into(),
        title: "Test framework".into(),
        audience: String::new(),
        version: "0.1".into(),
        source: Source {
            publisher: "Tests".into(),
            note: String::new(),
        },
        stages: vec![
            stage("knowledge", "Knowledge"),
            stage("experience", "Experience"),
            stage("judgement", "Judgement"),
        ],
        scale: Scale {
            levels: (1..=5)
                .map(|v| Level {
                    value: v,
                    label: format!("Level {v}"),
                    descriptor: String::new(),
                })
                .collect(),
            not_applicable: "Not applicable".into(),
        },
        themes: vec![
            Theme {
                id: "place".into(),
                title: "Place".into(),
                definition: String::new(),
                definition_origin: Origin::Paraphrase,
                elements: Vec::new(),
                standards: vec![
                    standard("t.place.1", "Knows the place", None, Origin::Published),
                    standard(
                        "t.place.2",
                        "Leads \"with\" partners",
                        None,
                        Origin::Paraphrase,
                    ),
                ],
            },
            Theme {
                id: "people".into(),
                title: "People, and culture".into(),
                definition: String::new(),
                definition_origin: Origin::Paraphrase,
                elements: Vec::new(),
                standards: vec![
                    standard(
                        "t.people.k",
                        "Understands culture",
                        Some("knowledge"),
                        Origin::Prompt,
                    ),
                    standard(
                        "t.people.e",
                        "Has changed culture",
                        Some("experience"),
                        Origin::Prompt,
                    ),
                    standard(
                        "t.people.j",
                        "Judges when to push",
                        Some("judgement"),
                        Origin::Prompt,
                    ),
                ],
            },
        ],
        renames: Default::default(),
    }
}

pub fn assessment(framework: &Framework) -> Assessment {
    Assessment::new(
        FrameworkRef {
            id: framework.id.clone(),
            version: framework.version.clone(),
        },
        Person {
            name: "Alex Example".into(),
            role: "Director of Place".into(),
            organisation: String::new(),
        },
        Review::new("2026 mid-year", date(2026, 3, 1)),
    )
}

/// Two reviews of the fixture: levels up, down, new, dropped and n/a.
/// Previous: place.1 k=2, e=3, j=n/a; place.2 k=4; people.k=1.
/// Current ("2027 annual", 2027-03-01): place.1 k=4, e=3 (carried), j=2;
/// place.2 k unrated; people.e=5.
pub fn two_reviews() -> Assessment {
    let fw = framework();
    let mut a = assessment(&fw);
    let r = a.current_mut();
    r.set_rating("t.place.1", "knowledge", Rating::Level(2))
        .unwrap();
    r.set_rating("t.place.1", "experience", Rating::Level(3))
        .unwrap();
    r.set_rating("t.place.1", "judgement", Rating::NotApplicable)
        .unwrap();
    r.set_rating("t.place.2", "knowledge", Rating::Level(4))
        .unwrap();
    r.set_rating("t.people.k", "knowledge", Rating::Level(1))
        .unwrap();
    a.start_review("2027 annual", date(2027, 3, 1)).unwrap();
    let r = a.current_mut();
    r.set_rating("t.place.1", "knowledge", Rating::Level(4))
        .unwrap();
    r.set_rating("t.place.1", "judgement", Rating::Level(2))
        .unwrap();
    r.set_rating("t.place.2", "knowledge", Rating::Unrated)
        .unwrap();
    r.set_rating("t.people.e", "experience", Rating::Level(5))
        .unwrap();
    a
}
