//! `reflect offers`: the development offers that serve a framework, theme
//! or stage, officers' first and the most specific first.

use super::*;
use crate::model::offer::{Wanted, suggest};

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
    let wanted = Wanted {
        framework: framework.as_deref(),
        theme: theme.as_deref(),
        stage: stage.as_deref(),
        councillors,
    };
    let shown = suggest(&all, &wanted);
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
                    "mapping": f.map(|f| format!("{:?}", f.basis).to_lowercase()),
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
            f.map_or("–", |f| f.label()).to_string(),
        ]);
    }
    let mut text = table.render_within(terminal_width());
    text.push_str(
        "\nFrom the source documents, dated as shown: ask the provider whether an offer still \
         runs.\n\"inferred\": the theme was matched for this tool, not by the source.\n",
    );
    emit(&text)
}
