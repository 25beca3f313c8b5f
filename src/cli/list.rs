//! `reflect list`: the assessments in the home folder.

use super::*;

pub(super) fn list(home: Option<PathBuf>, json: bool) -> Outcome {
    let home = resolve_home(home)?;
    let rows = store::overview(&home);
    if rows.is_empty() && json {
        return emit_json(&serde_json::Value::Array(Vec::new()));
    }
    if rows.is_empty() {
        return emit(&format!(
            "No assessments in {} yet. Create one with:\n  \
             reflect new --framework ID --name \"Your Name\" --role \"Your role\"\n\
             (`reflect frameworks` lists the IDs.)\n",
            home.assessments_dir().display()
        ));
    }
    let mut table = Table::new([
        ("FILE", Align::Left),
        ("PERSON", Align::Left),
        ("ROLE", Align::Left),
        ("FRAMEWORK", Align::Left),
        ("REVIEW", Align::Left),
        ("RATED", Align::Right),
        ("CHANGED", Align::Left),
    ]);
    for row in rows {
        match row.summary {
            Err(e) => {
                table.row([row.file, format!("error: {e}")]);
            }
            Ok(s) => {
                table.row([
                    row.file,
                    s.name.clone(),
                    s.role.clone(),
                    s.framework.clone(),
                    s.review.clone(),
                    s.progress(),
                    row.modified
                        .map_or_else(|| "–".to_owned(), store::local_time),
                ]);
            }
        }
    }
    emit_table(&table, json)
}
