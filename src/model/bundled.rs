//! The frameworks compiled into the binary, so reflect runs with no files beside it.

use super::framework::Framework;

/// (file name, RON text) of every bundled framework, in the order the start screen lists them.
pub const SOURCES: &[(&str, &str)] = &[
    (
        "senior-leadership.ron",
        include_str!("../../data/frameworks/senior-leadership.ron"),
    ),
    (
        "chief-executives.ron",
        include_str!("../../data/frameworks/chief-executives.ron"),
    ),
];

/// Parse every bundled framework. The bundled files are tested, so a failure
/// here is a build defect, reported rather than hidden.
pub fn all() -> anyhow::Result<Vec<Framework>> {
    SOURCES
        .iter()
        .map(|(name, text)| {
            crate::store::parse_ron::<Framework>(text)
                .map_err(|e| anyhow::anyhow!("data/frameworks/{name}:{e}"))
        })
        .collect()
}

/// One bundled framework by id, parsing only that one.
pub fn by_id(id: &str) -> anyhow::Result<Option<Framework>> {
    for (name, text) in SOURCES {
        if name.trim_end_matches(".ron") == id {
            return crate::store::parse_ron::<Framework>(text)
                .map(Some)
                .map_err(|e| anyhow::anyhow!("data/frameworks/{name}:{e}"));
        }
    }
    Ok(None)
}
