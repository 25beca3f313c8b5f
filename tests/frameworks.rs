//! Integration tests of the bundled framework data in `data/frameworks/`.

use std::collections::{BTreeMap, BTreeSet};

use reflect::format::framework as bundled;
use reflect::model::framework::{Framework, Origin, Theme};

const SL: &str = "senior-leadership";
const CE: &str = "chief-executives";

fn load(id: &str) -> Framework {
    bundled::by_id(id)
        .unwrap_or_else(|e| panic!("{id} failed to parse: {e}"))
        .unwrap_or_else(|| panic!("{id} is not bundled"))
}

fn theme<'a>(fw: &'a Framework, id: &str) -> &'a Theme {
    fw.themes
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("{}: no theme {id}", fw.id))
}

#[test]
fn both_frameworks_load_in_order() {
    let all = bundled::all().expect("bundled frameworks parse");
    let ids: Vec<&str> = all.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, [SL, CE]);
}

#[test]
fn file_names_match_ids() {
    let all = bundled::all().unwrap();
    assert_eq!(all.len(), bundled::SOURCES.len());
    for ((name, _), fw) in bundled::SOURCES.iter().zip(&all) {
        assert_eq!(name.trim_end_matches(".ron"), fw.id, "file {name}");
    }
}

#[test]
fn by_id_finds_each_and_not_others() {
    for fw in bundled::all().unwrap() {
        let found = bundled::by_id(&fw.id).unwrap().expect("found by id");
        assert_eq!(found, fw);
    }
    assert!(bundled::by_id("nope").unwrap().is_none());
}

#[test]
fn theme_counts() {
    assert_eq!(load(SL).themes.len(), 8);
    assert_eq!(load(CE).themes.len(), 7);
}

#[test]
fn theme_order_senior_leadership() {
    let ids: Vec<String> = load(SL).themes.into_iter().map(|t| t.id).collect();
    assert_eq!(
        ids,
        [
            "sl.place",
            "sl.politics",
            "sl.innovation",
            "sl.performance",
            "sl.governance",
            "sl.vision",
            "sl.integrity",
            "sl.wellbeing",
        ]
    );
}

#[test]
fn theme_order_chief_executives() {
    let titles: Vec<String> = load(CE).themes.into_iter().map(|t| t.title).collect();
    assert_eq!(
        titles,
        [
            "The core chief executive role",
            "Politics and the political interface",
            "Good governance",
            "Public ethics",
            "Continuous improvement",
            "Resource management",
            "Managerial leadership",
        ]
    );
}

#[test]
fn ids_are_unique() {
    let all = bundled::all().unwrap();
    let fw_ids: BTreeSet<&str> = all.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(fw_ids.len(), all.len(), "framework ids repeat");
    for fw in &all {
        let mut seen = BTreeSet::new();
        for t in &fw.themes {
            assert!(seen.insert(t.id.as_str()), "{}: id {} repeats", fw.id, t.id);
            for s in &t.standards {
                assert!(seen.insert(s.id.as_str()), "{}: id {} repeats", fw.id, s.id);
            }
        }
        let stage_ids: BTreeSet<&str> = fw.stages.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            stage_ids.len(),
            fw.stages.len(),
            "{}: stage ids repeat",
            fw.id
        );
    }
}

#[test]
fn standard_ids_follow_the_scheme() {
    for fw in bundled::all().unwrap() {
        let prefix = if fw.id == SL { "sl." } else { "ce." };
        for t in &fw.themes {
            assert!(t.id.starts_with(prefix), "{}: theme {}", fw.id, t.id);
            for (n, s) in t.standards.iter().enumerate() {
                let rest =
                    s.id.strip_prefix(&format!("{}.", t.id))
                        .unwrap_or_else(|| panic!("{} is not under {}", s.id, t.id));
                if fw.id == SL {
                    assert_eq!(rest, (n + 1).to_string(), "{}", s.id);
                } else {
                    let stage = s.stage.as_deref().expect("CE standards have a stage");
                    let letter = &stage[..1];
                    assert!(rest.starts_with(letter), "{} at stage {stage}", s.id);
                    assert!(
                        rest[1..].parse::<u32>().is_ok_and(|n| n >= 1),
                        "{}: bad number",
                        s.id
                    );
                }
            }
        }
    }
}

#[test]
fn stages_are_knowledge_experience_judgement() {
    for fw in bundled::all().unwrap() {
        let ids: Vec<&str> = fw.stages.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["knowledge", "experience", "judgement"], "{}", fw.id);
    }
}

#[test]
fn every_theme_can_be_assessed_at_every_stage() {
    for fw in bundled::all().unwrap() {
        for t in &fw.themes {
            for stage in &fw.stages {
                let n = t
                    .standards
                    .iter()
                    .filter(|s| fw.stages_of(s).any(|st| st.id == stage.id))
                    .count();
                assert!(n > 0, "{}: {} has nothing at {}", fw.id, t.id, stage.id);
            }
        }
    }
}

#[test]
fn chief_executives_standards_each_have_a_known_stage() {
    let fw = load(CE);
    for (t, s) in fw.standards() {
        let stage = s
            .stage
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no stage", s.id));
        assert!(fw.stage(stage).is_some(), "{}: unknown stage {stage}", s.id);
        assert_eq!(fw.stages_of(s).count(), 1, "{}", s.id);
        assert!(t.grouped_by_stage(), "{}", t.id);
    }
}

#[test]
fn chief_executives_themes_have_definition_and_six_elements() {
    for t in &load(CE).themes {
        assert!(!t.definition.trim().is_empty(), "{}", t.id);
        assert_eq!(t.elements.len(), 6, "{}", t.id);
        let names: BTreeSet<&str> = t.elements.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names.len(), 6, "{}: element names repeat", t.id);
    }
}

#[test]
fn chief_executives_has_at_least_four_standards_per_stage_per_theme() {
    let fw = load(CE);
    for t in &fw.themes {
        for stage in &fw.stages {
            let n = t
                .standards
                .iter()
                .filter(|s| s.stage.as_deref() == Some(stage.id.as_str()))
                .count();
            assert!(n >= 4, "{}: only {n} at {}", t.id, stage.id);
        }
    }
}

#[test]
fn chief_executives_claims_no_published_wording() {
    let fw = load(CE);
    for (_, s) in fw.standards() {
        assert!(
            !matches!(s.origin, Origin::Published | Origin::Corrected),
            "{}",
            s.id
        );
    }
    for t in &fw.themes {
        assert_ne!(t.definition_origin, Origin::Published, "{}", t.id);
    }
    // Nothing is published for resource management, so all of it is prompts.
    let res = theme(&fw, "ce.resources");
    assert_eq!(res.definition_origin, Origin::Prompt);
    assert!(res.standards.iter().all(|s| s.origin == Origin::Prompt));
}

#[test]
fn chief_executives_judgement_is_mostly_prompts() {
    // No "sharpening judgement" standards are published: at most one
    // paraphrase (public ethics: consequences) may sit there.
    let fw = load(CE);
    let paraphrased: Vec<&str> = fw
        .standards()
        .filter(|(_, s)| s.stage.as_deref() == Some("judgement"))
        .filter(|(_, s)| s.origin != Origin::Prompt)
        .map(|(_, s)| s.id.as_str())
        .collect();
    assert_eq!(paraphrased, ["ce.ethics.j1"]);
}

#[test]
fn senior_leadership_standards_have_no_stage() {
    let fw = load(SL);
    for (_, s) in fw.standards() {
        assert_eq!(s.stage, None, "{}", s.id);
        assert_eq!(fw.stages_of(s).count(), fw.stages.len(), "{}", s.id);
    }
}

#[test]
fn senior_leadership_origins() {
    let fw = load(SL);
    let mut published = 0;
    for t in &fw.themes {
        if t.id == "sl.politics" {
            assert!(
                (5..=7).contains(&t.standards.len()),
                "politics has {} prompts",
                t.standards.len()
            );
            assert!(t.standards.iter().all(|s| s.origin == Origin::Prompt));
        } else {
            assert!(!t.standards.is_empty(), "{}", t.id);
            for s in &t.standards {
                // The publisher's words; one with its typing errors
                // corrected says so ("straightforwardway", "engageand").
                let want = if s.id == "sl.performance.9" {
                    Origin::Corrected
                } else {
                    Origin::Published
                };
                assert_eq!(s.origin, want, "{}", s.id);
            }
            published += 1;
        }
    }
    assert_eq!(published, 7, "seven themes carry published bullets");
}

#[test]
fn senior_leadership_bullet_counts() {
    let fw = load(SL);
    let counts: BTreeMap<&str, usize> = fw
        .themes
        .iter()
        .map(|t| (t.id.as_str(), t.standards.len()))
        .collect();
    let expected: BTreeMap<&str, usize> = [
        ("sl.place", 6),
        ("sl.vision", 7),
        ("sl.innovation", 7),
        ("sl.performance", 10),
        ("sl.governance", 7),
        ("sl.integrity", 8),
        ("sl.wellbeing", 5),
    ]
    .into_iter()
    .collect();
    for (id, n) in expected {
        assert_eq!(counts.get(id), Some(&n), "{id}");
    }
}

#[test]
fn senior_leadership_published_bullets_are_verbatim() {
    let fw = load(SL);
    let text = |id: &str| {
        fw.standard(id)
            .unwrap_or_else(|| panic!("no {id}"))
            .1
            .text
            .as_str()
    };
    assert_eq!(
        text("sl.innovation.3"),
        "Is data curious and digitally comfortable."
    );
    assert_eq!(
        text("sl.place.2"),
        "Builds and maintains relationships of trust across place."
    );
    assert_eq!(
        text("sl.integrity.2"),
        "Is confident in speaking truth to power."
    );
    assert_eq!(
        text("sl.performance.9"),
        "Communicates in a clear and straightforward way, whilst using stories to engage and inspire."
    );
    assert_eq!(
        text("sl.governance.6"),
        "Anticipates and mitigates risks, and delivers savings where required to support the council medium-term financial strategy (MTFS)."
    );
    assert_eq!(
        text("sl.wellbeing.1"),
        "Invites feedback on own performance and that of the organisation."
    );
}

#[test]
fn no_extraction_typos_left() {
    for fw in bundled::all().unwrap() {
        for (_, s) in fw.standards() {
            for glued in ["straightforwardway", "engageand"] {
                assert!(!s.text.contains(glued), "{}: {glued}", s.id);
            }
            assert!(!s.text.contains("  "), "{}: double space", s.id);
            assert_eq!(s.text.trim(), s.text, "{}: stray whitespace", s.id);
        }
    }
}

#[test]
fn scale_is_well_formed_and_shared() {
    let all = bundled::all().unwrap();
    for fw in &all {
        let levels = &fw.scale.levels;
        assert!(levels.len() >= 4, "{}: {} levels", fw.id, levels.len());
        for (i, l) in levels.iter().enumerate() {
            assert_eq!(usize::from(l.value), i + 1, "{}: level {i}", fw.id);
            assert!(!l.label.trim().is_empty(), "{}: level {}", fw.id, l.value);
            assert!(
                !l.descriptor.trim().is_empty(),
                "{}: level {}",
                fw.id,
                l.value
            );
        }
        let labels: BTreeSet<&str> = levels.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels.len(), levels.len(), "{}: labels repeat", fw.id);
        assert_eq!(usize::from(fw.max_level()), levels.len());
        assert!(fw.level(0).is_none());
        assert!(fw.scale.not_applicable.starts_with("Not applicable"));
    }
    assert_eq!(all[0].scale, all[1].scale, "both files use the same scale");
}

#[test]
fn source_notes_say_what_is_not_published() {
    for fw in bundled::all().unwrap() {
        let note = fw.source.note.to_lowercase();
        assert!(note.contains("scale is written for this tool"), "{}", fw.id);
        assert!(note.contains("living document"), "{}", fw.id);
        assert!(note.contains("prompts"), "{}", fw.id);
        assert!(fw.source.publisher.contains("Solace"), "{}", fw.id);
    }
    assert!(load(CE).source.note.contains("chief-executives"));
}

#[test]
fn no_empty_text_anywhere() {
    fn check(what: &str, text: &str) {
        assert!(!text.trim().is_empty(), "empty {what}");
    }
    for fw in bundled::all().unwrap() {
        check("framework id", &fw.id);
        check(&format!("{} title", fw.id), &fw.title);
        check(&format!("{} audience", fw.id), &fw.audience);
        check(&format!("{} version", fw.id), &fw.version);
        check(&format!("{} publisher", fw.id), &fw.source.publisher);
        check(&format!("{} note", fw.id), &fw.source.note);
        check(
            &format!("{} not_applicable", fw.id),
            &fw.scale.not_applicable,
        );
        assert!(!fw.stages.is_empty(), "{}: no stages", fw.id);
        for st in &fw.stages {
            check("stage id", &st.id);
            check(&format!("stage {} name", st.id), &st.name);
            check(&format!("stage {} description", st.id), &st.description);
        }
        for l in &fw.scale.levels {
            check(&format!("level {} label", l.value), &l.label);
            check(&format!("level {} descriptor", l.value), &l.descriptor);
        }
        for t in &fw.themes {
            check("theme id", &t.id);
            check(&format!("{} title", t.id), &t.title);
            check(&format!("{} definition", t.id), &t.definition);
            assert!(!t.standards.is_empty(), "{}: no standards", t.id);
            for e in &t.elements {
                check(&format!("{} element name", t.id), &e.name);
                check(&format!("{} element {}", t.id, e.name), &e.description);
            }
            for s in &t.standards {
                check("standard id", &s.id);
                check(&format!("{} text", s.id), &s.text);
                if let Some(stage) = &s.stage {
                    check(&format!("{} stage", s.id), stage);
                }
            }
        }
    }
}

#[test]
fn audiences() {
    assert_eq!(
        load(SL).audience,
        "Second-tier officers: directors, assistant directors and equivalent system leaders"
    );
    assert_eq!(load(CE).audience, "Local authority chief executives");
}
