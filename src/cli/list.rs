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
    let today = jiff::Zoned::now().date();
    // The plan's overdue items, as a column only where any are.
    let overdue = rows
        .iter()
        .any(|r| r.summary.as_ref().is_ok_and(|s| s.overdue(today) > 0));
    let mut columns = vec![
        ("FILE", Align::Left),
        ("PERSON", Align::Left),
        ("ROLE", Align::Left),
        ("FRAMEWORK", Align::Left),
        ("REVIEW", Align::Left),
        ("RATED", Align::Right),
    ];
    if overdue {
        columns.push(("OVERDUE", Align::Right));
    }
    columns.push(("CHANGED", Align::Left));
    let mut table = Table::new(columns);
    table.droppable(&["REVIEW", "FRAMEWORK", "CHANGED", "ROLE"]);
    for row in rows {
        match row.summary {
            Err(e) => {
                table.row([row.file, format!("error: {e}")]);
            }
            Ok(s) => {
                let mut cells = vec![
                    row.file,
                    s.name.clone(),
                    s.role.clone(),
                    s.framework.clone(),
                    s.review.clone(),
                    s.progress(),
                ];
                if overdue {
                    cells.push(s.overdue(today).to_string());
                }
                cells.push(
                    row.modified
                        .map_or_else(|| "–".to_owned(), store::local_time),
                );
                table.row(cells);
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
            object["overdue"] = s.overdue(jiff::Zoned::now().date()).into();
        }
    }
    object
}
