//! The development offers compiled into the binary (`data/offers/`), and
//! reading a catalogue file with the position of anything wrong.

use crate::model::offer::{Catalogue, Offer};

use super::Located;

/// (file name, RON text) of every bundled catalogue.
pub const SOURCES: &[(&str, &str)] = &[
    (
        "lga-2020-21.ron",
        include_str!("../../data/offers/lga-2020-21.ron"),
    ),
    (
        "total-leadership-programme.ron",
        include_str!("../../data/offers/total-leadership-programme.ron"),
    ),
    (
        "chief-executives.ron",
        include_str!("../../data/offers/chief-executives.ron"),
    ),
];

/// A catalogue file's text, parsed; a syntax or shape error with its line
/// and column.
pub fn parse_catalogue(text: &str) -> Result<Catalogue, Located> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    super::parse_ron::<Catalogue>(text)
}

/// Parse and check a catalogue file against `frameworks`: the catalogue
/// when it is valid, else every problem with its line and column.
pub fn validate_catalogue(
    text: &str,
    frameworks: &[crate::model::Framework],
) -> Result<Catalogue, Vec<super::Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let catalogue = parse_catalogue(text).map_err(|at| {
        vec![super::Problem {
            line: at.line,
            col: at.col,
            message: at.message,
        }]
    })?;
    let issues = crate::model::offer::check(&catalogue, frameworks);
    if issues.is_empty() {
        Ok(catalogue)
    } else {
        Err(super::outline::locate(text, issues))
    }
}

/// Every bundled offer, in the files' order. The bundled files are tested,
/// so a failure here is a build defect, reported rather than hidden.
pub fn bundled() -> anyhow::Result<Vec<Offer>> {
    let mut offers = Vec::new();
    for (name, text) in SOURCES {
        let catalogue =
            parse_catalogue(text).map_err(|e| anyhow::anyhow!("data/offers/{name}:{e}"))?;
        offers.extend(catalogue.offers);
    }
    Ok(offers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::offer::{Audience, Basis, check};

    #[test]
    fn every_bundled_catalogue_reads_and_names_only_real_themes_and_stages() {
        let frameworks = super::super::framework::all().unwrap();
        let mut ids = Vec::new();
        for (name, text) in SOURCES {
            let catalogue = parse_catalogue(text).unwrap_or_else(|e| panic!("{name}:{e}"));
            assert!(!catalogue.source.is_empty(), "{name}");
            assert!(check(&catalogue, &frameworks).is_empty(), "{name}");
            ids.extend(catalogue.offers.iter().map(|o| o.id.clone()));
        }
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "an id is in two bundled files");
        assert!(count >= 29, "{count}");
    }

    #[test]
    fn the_facts_of_the_sources_are_kept() {
        let offers = bundled().unwrap();
        let find = |id: &str| offers.iter().find(|o| o.id == id).unwrap();
        // Executive coaching: up to three one-hour sessions, for officers.
        let coaching = find("lga-solace.executive-coaching");
        assert!(coaching.title.contains("three one-hour"));
        assert!(coaching.for_officers());
        assert_eq!(coaching.as_of, "2020/21");
        // Councillors' offers are not officers'.
        assert!(!find("lga.webinar.finance").for_officers());
        assert!(
            find("lga.webinar.finance")
                .audience
                .contains(&Audience::Councillors)
        );
        // The Total Leadership Programme's peer groups of 12 to 15.
        assert!(find("tlp.peer-network").title.contains("12 to 15"));
        // Only the CE programme's mapping is the source's own word.
        for offer in &offers {
            for serves in &offer.serves {
                assert_eq!(
                    serves.basis == Basis::Stated,
                    offer.id == "lga-solace.ce-development-programme",
                    "{}",
                    offer.id
                );
            }
        }
    }

    #[test]
    fn a_bad_catalogue_says_where() {
        let text = "(\n    source: \"ours\",\n    offers: [\n        (id: \"x\", title: \"X\", provider: \"us\", kind: Seminar, audience: [], source: \"s\", as_of: \"2026\", status: \"on\"),\n    ],\n)\n";
        let e = parse_catalogue(text).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.to_string().contains("Seminar"), "{e}");
        // A theme its framework lacks: at the line it is on.
        let text = text.replace("kind: Seminar, audience: []", "kind: Coaching, audience: [Officers], serves: [(framework: \"senior-leadership\",\n themes: [\"sl.nope\"], basis: Inferred)]");
        let frameworks = super::super::framework::all().unwrap();
        let problems = validate_catalogue(&text, &frameworks).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 5, "{problems:?}");
        assert!(problems[0].message.contains("\"sl.nope\" is not a theme"));
    }
}
