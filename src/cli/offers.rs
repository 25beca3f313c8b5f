//! `reflect offers`: the development offers that serve a framework, theme
//! or stage, officers' first and the most specific first.

use super::*;
use crate::model::offer::{Basis, Offer};

pub(super) fn offers(
    home: Option<PathBuf>,
    framework: Option<String>,
    theme: Option<String>,
    stage: Option<String>,
    councillors: bool,
    json: bool,
) -> Outcome {
    let home = resolve_home(home)?;
    let catalog = Catalog::load(&home);
    let frameworks: Vec<Framework> = catalog
        .frameworks
        .iter()
        .map(|e| e.framework.clone())
        .collect();
    // A theme belongs to one framework: "any theme" of another does not serve it.
    let framework = framework.or_else(|| {
        let theme = theme.as_deref()?;
        frameworks
            .iter()
            .find(|f| f.themes.iter().any(|t| t.id == theme))
            .map(|f| f.id.clone())
    });
    let (all, problems) = store::offers(&home, &frameworks);
    for problem in &problems {
        eprintln!("{problem} (left out)");
    }
    // How well each offer fits: by a named theme (2) or any theme (1).
    let fit = |offer: &Offer| -> Option<(u8, Basis)> {
        offer
            .serves
            .iter()
            .filter(|s| framework.as_deref().is_none_or(|f| s.framework == f))
            .filter(|s| {
                stage
                    .as_deref()
                    .is_none_or(|k| s.stages.is_empty() || s.stages.iter().any(|x| x == k))
            })
            .filter_map(|s| match theme.as_deref() {
                None => Some((u8::from(!s.themes.is_empty()) + 1, s.basis)),
                Some(t) if s.themes.iter().any(|x| x == t) => Some((2, s.basis)),
                Some(_) if s.themes.is_empty() => Some((1, s.basis)),
                Some(_) => None,
            })
            .max_by_key(|(score, _)| *score)
    };
    let filtering = framework.is_some() || theme.is_some() || stage.is_some();
    let mut shown: Vec<(&Offer, Option<(u8, Basis)>)> = all
        .iter()
        .filter(|o| councillors || o.for_officers())
        .map(|o| (o, fit(o)))
        .filter(|(_, f)| !filtering || f.is_some())
        .collect();
    // Officers' offers first, then the most specific.
    shown.sort_by_key(|(o, f)| (!o.for_officers(), std::cmp::Reverse(f.map(|x| x.0))));
    if json {
        let rows: Vec<serde_json::Value> = shown
            .iter()
            .map(|(o, f)| {
                serde_json::json!({
                    "id": o.id,
                    "title": o.title,
                    "provider": o.provider,
                    "kind": format!("{:?}", o.kind),
                    "audience": o.audience.iter().map(|a| format!("{a:?}")).collect::<Vec<_>>(),
                    "mapping": f.map(|(_, b)| format!("{b:?}").to_lowercase()),
                    "as_of": o.as_of,
                    "status": o.status,
                    "source": o.source,
                })
            })
            .collect();
        return emit_json(&serde_json::Value::Array(rows));
    }
    if shown.is_empty() {
        return emit("No offer serves that. `reflect offers` lists them all.\n");
    }
    let mut table = Table::new([
        ("ID", Align::Left),
        ("TITLE", Align::Left),
        ("PROVIDER", Align::Left),
        ("AS OF", Align::Left),
        ("MAPPING", Align::Left),
    ]);
    table.droppable(&["PROVIDER", "MAPPING"]);
    for (o, f) in &shown {
        table.row([
            o.id.clone(),
            o.title.clone(),
            o.provider.clone(),
            o.as_of.clone(),
            match f {
                Some((2, Basis::Stated)) | Some((1, Basis::Stated)) => "stated".to_string(),
                Some((2, _)) => "inferred".to_string(),
                Some(_) => "inferred, any theme".to_string(),
                None => "–".to_string(),
            },
        ]);
    }
    let mut text = table.render_within(terminal_width());
    text.push_str(
        "\nFrom the source documents, dated as shown: ask the provider whether an offer still \
         runs.\n\"inferred\": the theme was matched for this tool, not by the source.\n",
    );
    emit(&text)
}
