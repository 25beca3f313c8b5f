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
    if json {
        return emit_json(&serde_json::Value::Array(
            rows.iter().map(row_json).collect(),
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
    table.droppable(&["REVIEW", "FRAMEWORK", "CHANGED", "ROLE"]);
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
    emit_table(&table, false)
}

/// One assessment for scripts: its full path (to open or pass on), the
/// time it changed as RFC 3339 with the offset, and the counts as numbers.
fn row_json(row: &store::Overview) -> serde_json::Value {
    let changed = row
        .modified
        .and_then(|t| jiff::Timestamp::try_from(t).ok())
        .map(|t| {
            t.to_zoned(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        });
    let mut object = serde_json::json!({
        "file": row.file,
        "path": row.path.display().to_string(),
        "changed": changed,
    });
    match &row.summary {
        Err(e) => object["error"] = e.clone().into(),
        Ok(s) => {
            object["person"] = s.name.clone().into();
            object["role"] = s.role.clone().into();
            object["framework"] = s.framework.clone().into();
            object["review"] = s.review.clone().into();
            // null when the framework is unknown.
            object["rated"] = s.rated.map(|(rated, _)| rated).into();
            object["total"] = s.rated.map(|(_, total)| total).into();
        }
    }
    object
}
