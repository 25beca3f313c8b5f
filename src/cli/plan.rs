//! `reflect plan`: the development plan on the command line: show it (as
//! text, JSON or an iCalendar file), add an objective or action, set an
//! item's status.

use super::*;
use crate::model::plan::{Action, ActionKind, ItemId, Link, Objective, Status};

/// What `reflect plan FILE` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// A table of the objectives and of the actions
    Text,
    /// The plan's facts, for scripts
    Json,
    /// The dated items as all-day events (iCalendar), for Outlook and other calendars
    Ics,
}

pub(super) fn show(
    home: Option<PathBuf>,
    file: &Path,
    format: PlanFormat,
    output: Option<&Path>,
) -> Outcome {
    let resolved = Home::resolve(home.clone());
    let (assessment, framework) = load(home, file)?;
    let today = today();
    let text = match format {
        PlanFormat::Text => return emit(&text(&framework, &assessment, today)),
        PlanFormat::Json => {
            let value = json(&framework, &assessment, today);
            serde_json::to_string_pretty(&value)
                .map_err(|e| Failure::other(format!("cannot write JSON: {e}")))?
                + "\n"
        }
        PlanFormat::Ics => {
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            report::plan::ics(&framework, &assessment, &stem, today)
        }
    };
    let Some(output) = output else {
        return emit_exact(&text);
    };
    if let Ok(home) = resolved
        && let Some(why) = store::output_refusal(&home, file, output)
    {
        return Err(Failure::usage(why));
    }
    write_private(output, &text)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", output.display())))?;
    emit(&format!("{}\n", output.display()))
}

fn text(framework: &Framework, a: &Assessment, today: Date) -> String {
    let plan = &a.plan;
    let mut out = format!(
        "Development plan of {} ({}): {} objective{}, {} action{}, {} overdue.\n",
        a.person.name,
        framework.title,
        plan.objectives.len(),
        if plan.objectives.len() == 1 { "" } else { "s" },
        plan.actions.len(),
        if plan.actions.len() == 1 { "" } else { "s" },
        plan.overdue(today)
    );
    let pins = &a.current().pins;
    if !pins.is_empty() {
        out.push_str(&format!("\nPinned in \"{}\":\n", a.current().title));
        for p in pins {
            let theme = framework
                .themes
                .iter()
                .find(|t| t.id == p.theme)
                .map_or(p.theme.as_str(), |t| t.title.as_str());
            let stage = framework
                .stage(&p.stage)
                .map_or(p.stage.as_str(), |s| s.name.as_str());
            out.push_str(&format!(
                "  {} {theme}, {}{}\n",
                p.kind.label(),
                stage.to_lowercase(),
                if p.reason.is_empty() {
                    String::new()
                } else {
                    format!(": {}", p.reason)
                }
            ));
        }
    }
    let overdue = |o: bool| if o { " (overdue)" } else { "" };
    if !plan.objectives.is_empty() {
        let mut table = Table::new([
            ("ID", Align::Left),
            ("OBJECTIVE", Align::Left),
            ("STATUS", Align::Left),
            ("DUE", Align::Left),
            ("AGREED WITH", Align::Left),
        ]);
        table.droppable(&["AGREED WITH"]);
        for o in &plan.objectives {
            table.row([
                format!("O{}", o.id),
                o.title.clone(),
                o.status.to_string(),
                o.due.map_or("–".into(), |d| {
                    format!("{d}{}", overdue(o.is_overdue(today)))
                }),
                match (&o.agreed_by, o.agreed_on) {
                    (Some(_), Some(on)) => format!("{} on {on}", o.agreed_name),
                    (Some(_), None) => o.agreed_name.clone(),
                    _ => "–".into(),
                },
            ]);
        }
        out.push('\n');
        out.push_str(&table.render_within(terminal_width()));
    }
    if !plan.actions.is_empty() {
        let mut table = Table::new([
            ("ID", Align::Left),
            ("ACTION", Align::Left),
            ("STATUS", Align::Left),
            ("DUE", Align::Left),
            ("DEVELOPS", Align::Left),
        ]);
        table.droppable(&["DEVELOPS"]);
        for act in &plan.actions {
            let links: Vec<String> = act.links.iter().map(|l| l.describe(framework)).collect();
            table.row([
                format!("A{}", act.id),
                act.action.clone(),
                match act.status_since() {
                    Some(on) => format!("{} {on}", act.status),
                    None => act.status.to_string(),
                },
                act.due.map_or("–".into(), |d| {
                    format!("{d}{}", overdue(act.is_overdue(today)))
                }),
                if links.is_empty() {
                    "–".into()
                } else {
                    links.join("; ")
                },
            ]);
        }
        out.push('\n');
        out.push_str(&table.render_within(terminal_width()));
    }
    if plan.is_empty() {
        out.push_str(
            "\nNothing planned yet: `reflect plan add FILE --action \"...\"` adds an action, \
             or Shift-P in the app.\n",
        );
    }
    out
}

fn json(framework: &Framework, a: &Assessment, today: Date) -> serde_json::Value {
    let plan = &a.plan;
    let date = |d: Option<Date>| d.map(|d| d.to_string());
    serde_json::json!({
        "person": a.person.name,
        "framework": framework.id,
        "overdue": plan.overdue(today),
        "objectives": plan.objectives.iter().map(|o| serde_json::json!({
            "id": format!("O{}", o.id),
            "title": o.title,
            "description": o.description,
            "measure": o.measure,
            "corporate_priority": o.priority,
            "agreed_by": o.agreed_by,
            "agreed_with": o.agreed_name,
            "agreed_on": date(o.agreed_on),
            "due": date(o.due),
            "status": o.status.label(),
            "overdue": o.is_overdue(today),
        })).collect::<Vec<_>>(),
        "actions": plan.actions.iter().map(|x| serde_json::json!({
            "id": format!("A{}", x.id),
            "action": x.action,
            "kind": x.kind.label(),
            "develops": x.links.iter().map(|l| serde_json::json!({
                "theme": l.theme, "standard": l.standard, "stage": l.stage,
            })).collect::<Vec<_>>(),
            "offer": x.offer,
            "objective": x.objective.map(|o| format!("O{o}")),
            "due": date(x.due),
            "status": x.status.label(),
            "status_since": date(x.status_since()),
            "history": x.history.iter().map(|h| serde_json::json!({
                "status": h.status.label(), "on": h.on.to_string(),
            })).collect::<Vec<_>>(),
            "evidence": x.evidence,
            "overdue": x.is_overdue(today),
        })).collect::<Vec<_>>(),
        "pins": a.current().pins.iter().map(|p| serde_json::json!({
            "kind": p.kind.label(), "theme": p.theme, "stage": p.stage,
            "reason": p.reason, "carried": p.carried,
        })).collect::<Vec<_>>(),
    })
}

/// What `reflect plan add` was given.
pub(super) struct Add {
    pub action: Option<String>,
    pub objective: Option<String>,
    pub kind: Option<String>,
    pub develops: Vec<String>,
    pub offer: Option<String>,
    pub serves: Option<String>,
    pub due: Option<Date>,
    pub description: Option<String>,
    pub measure: Option<String>,
    pub priority: Option<String>,
    pub agreed_by: Option<String>,
    pub agreed_on: Option<Date>,
}

pub(super) fn add(home: Option<PathBuf>, file: &Path, add: Add) -> Outcome {
    let home = resolve_home(home)?;
    let mut doc = open_to_change(&home, file, "add to the plan")?;
    let today = today();
    let bad = |m: String| Failure::usage(format!("{}: {m}", file.display()));
    let id = match (add.action, add.objective) {
        (Some(text), None) => {
            let mut links = Vec::new();
            for d in &add.develops {
                let found = crate::model::plan::parse_links(&doc.framework, d)
                    .map_err(|e| bad(format!("--develops: {e}")))?;
                links.extend(found);
            }
            let kind = match add.kind.as_deref() {
                None => ActionKind::Other,
                Some(k) => ActionKind::parse(k).ok_or_else(|| {
                    let kinds: Vec<&str> = ActionKind::ALL.iter().map(|k| k.label()).collect();
                    bad(format!(
                        "--kind \"{k}\" is not one of: {}",
                        kinds.join(", ")
                    ))
                })?,
            };
            let objective = match add.serves.as_deref() {
                None => None,
                Some(o) => match ItemId::parse(o) {
                    Some(ItemId::Objective(n)) if doc.assessment.plan.objective(n).is_some() => {
                        Some(n)
                    }
                    _ => {
                        return Err(bad(format!(
                            "--objective-id {o}: the plan has no such objective"
                        )));
                    }
                },
            };
            let action = Action {
                kind,
                links: dedup(links),
                offer: add.offer,
                objective,
                due: add.due,
                ..Action::new(&text)
            };
            doc.assessment
                .plan
                .add_action(action, today)
                .map(ItemId::Action)
                .map_err(|e| bad(e.to_string()))?
        }
        (None, Some(title)) => {
            let rater = match add.agreed_by.as_deref() {
                None => None,
                Some(id) => Some(doc.assessment.current().rater(id).cloned().ok_or_else(|| {
                    let ids: Vec<&str> = doc
                        .assessment
                        .current()
                        .raters
                        .iter()
                        .map(|r| r.id.as_str())
                        .collect();
                    bad(format!(
                        "--agreed-by \"{id}\" rates in no review here; raters: {}",
                        if ids.is_empty() {
                            "none yet".into()
                        } else {
                            ids.join(", ")
                        }
                    ))
                })?),
            };
            let objective = Objective {
                description: add.description.unwrap_or_default(),
                measure: add.measure.unwrap_or_default(),
                priority: add.priority.unwrap_or_default(),
                agreed_on: rater.as_ref().map(|_| add.agreed_on.unwrap_or(today)),
                agreed_name: rater.as_ref().map(|r| r.display()).unwrap_or_default(),
                agreed_by: rater.map(|r| r.id),
                due: add.due,
                ..Objective::new(&title)
            };
            doc.assessment
                .plan
                .add_objective(objective, today)
                .map(ItemId::Objective)
                .map_err(|e| bad(e.to_string()))?
        }
        _ => {
            return Err(Failure::usage(
                "give --action \"what you will do\" or --objective \"what is to be achieved\"",
            ));
        }
    };
    doc.assessment.settle_schema();
    doc.save().map_err(|e| Failure::other(e.to_string()))?;
    emit(&format!("Added {id} to the plan in {}.\n", file.display()))
}

fn dedup(links: Vec<Link>) -> Vec<Link> {
    let mut out: Vec<Link> = Vec::new();
    for l in links {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

pub(super) fn set(
    home: Option<PathBuf>,
    file: &Path,
    id: &str,
    status: Status,
    evidence: Option<String>,
    date: Option<Date>,
) -> Outcome {
    let home = resolve_home(home)?;
    let Some(id) = ItemId::parse(id) else {
        return Err(Failure::usage(format!(
            "\"{id}\" is not an item id: write O1 for an objective, A1 for an action \
             (`reflect plan FILE` lists them)"
        )));
    };
    let mut doc = open_to_change(&home, file, "change the plan")?;
    let on = date.unwrap_or_else(today);
    let plan = &mut doc.assessment.plan;
    let was = plan
        .set_status(id, status, on)
        .map_err(|e| Failure::usage(format!("{}: {e}", file.display())))?;
    if let Some(evidence) = evidence {
        match id {
            ItemId::Action(n) => {
                plan.action_mut(n)
                    .map_err(|e| Failure::usage(e.to_string()))?
                    .evidence = evidence.trim().to_owned();
            }
            ItemId::Objective(_) => {
                return Err(Failure::usage("--evidence is for actions only"));
            }
        }
    }
    doc.assessment.settle_schema();
    doc.save().map_err(|e| Failure::other(e.to_string()))?;
    emit(&if was == status {
        format!("{id} was {status} already.\n")
    } else {
        format!("{id}: {was} → {status} on {on}.\n")
    })
}
