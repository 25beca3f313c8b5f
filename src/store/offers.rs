//! The offers reflect knows: the bundled catalogues, and an organisation's
//! own in `<home>/offers/*.ron` beside them (an offer with a bundled id
//! replaces it). A file that cannot be used is named with its problems and
//! left out; the others still count.

use crate::format::offers::{bundled, validate_catalogue};
use crate::model::Framework;
use crate::model::offer::Offer;

use super::Home;
use super::catalog::read_text;

/// Every offer, and a `PATH:LINE:COL: message` for each problem of a file
/// in `<home>/offers` that was left out for it.
pub fn offers(home: &Home, frameworks: &[Framework]) -> (Vec<Offer>, Vec<String>) {
    let mut all = bundled().unwrap_or_default();
    let mut problems = Vec::new();
    let dir = home.offers_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    for path in files {
        let text = match read_text(&path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        match validate_catalogue(&text, frameworks) {
            Ok(catalogue) => {
                for offer in catalogue.offers {
                    match all.iter_mut().find(|o| o.id == offer.id) {
                        Some(same) => *same = offer,
                        None => all.push(offer),
                    }
                }
            }
            Err(found) => problems.extend(found.iter().map(|p| format!("{}:{p}", path.display()))),
        }
    }
    (all, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organisation_s_offers_join_the_bundled_ones_and_replace_the_same_id() {
        let dir = tempfile::tempdir().unwrap();
        let home = Home::at(dir.path());
        let frameworks = crate::format::framework::all().unwrap();
        let (bundled_only, none) = offers(&home, &frameworks);
        assert!(none.is_empty());
        let n = bundled_only.len();
        std::fs::create_dir_all(home.offers_dir()).unwrap();
        let ours = "(source: \"ours\", offers: [\n\
            (id: \"lga-solace.executive-coaching\", title: \"Our coaching\", provider: \"us\", kind: Coaching, audience: [Officers], source: \"p1\", as_of: \"2026\", status: \"open\"),\n\
            (id: \"ours.set\", title: \"Action learning\", provider: \"us\", kind: ActionLearning, audience: [Officers], source: \"p2\", as_of: \"2026\", status: \"open\"),\n\
            ])";
        std::fs::write(home.offers_dir().join("ours.ron"), ours).unwrap();
        std::fs::write(
            home.offers_dir().join("broken.ron"),
            "(source: \"x\", offers: [(id: 3)])",
        )
        .unwrap();
        let (all, problems) = offers(&home, &frameworks);
        assert_eq!(all.len(), n + 1);
        let coaching = all
            .iter()
            .find(|o| o.id == "lga-solace.executive-coaching")
            .unwrap();
        assert_eq!(coaching.title, "Our coaching");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("broken.ron:1:"), "{problems:?}");
    }
}
