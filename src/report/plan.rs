//! The development plan as a CSV (one row per objective and action, for a
//! spreadsheet) and as an iCalendar file of its dated items (for Outlook
//! and other calendars), written with the `icalendar` crate.

use icalendar::{Calendar, Component, Event, EventLike};
use jiff::civil::Date;

use super::ExportOptions;
use super::csv::{csv_field, push_row};
use crate::model::plan::{ItemId, Plan};
use crate::model::{Assessment, Framework};

/// The CSV's header.
pub const COLUMNS: [&str; 18] = [
    "id",
    "type",
    "title",
    "kind",
    "status",
    "status_since",
    "due",
    "overdue",
    "develops",
    "offer",
    "objective",
    "agreed_with",
    "agreed_on",
    "measure",
    "corporate_priority",
    "description",
    "evidence",
    "person",
];

fn date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// One row per objective, then per action: what each is, its status and
/// since when, due date and whether it is overdue on `today`.
pub fn csv(
    framework: &Framework,
    assessment: &Assessment,
    today: Date,
    options: ExportOptions,
) -> String {
    let plan = &assessment.plan;
    let mut out = String::new();
    if options.bom {
        out.push('\u{feff}');
    }
    let header: Vec<String> = COLUMNS.iter().map(|c| csv_field(c).into_owned()).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    let person = assessment.person.name.as_str();
    let yes = |b: bool| if b { "yes" } else { "" }.to_string();
    for o in &plan.objectives {
        let row = [
            format!("O{}", o.id),
            "objective".into(),
            o.title.clone(),
            String::new(),
            o.status.to_string(),
            date(o.status_since()),
            date(o.due),
            yes(o.is_overdue(today)),
            String::new(),
            String::new(),
            String::new(),
            o.agreed_name.clone(),
            date(o.agreed_on),
            o.measure.clone(),
            o.priority.clone(),
            o.description.clone(),
            String::new(),
            person.to_owned(),
        ];
        push_row(&mut out, row.iter().map(String::as_str), !options.raw);
    }
    for a in &plan.actions {
        let develops: Vec<String> = a.links.iter().map(|l| l.describe(framework)).collect();
        let row = [
            format!("A{}", a.id),
            "action".into(),
            a.action.clone(),
            a.kind.label().into(),
            a.status.to_string(),
            date(a.status_since()),
            date(a.due),
            yes(a.is_overdue(today)),
            develops.join("; "),
            a.offer.clone().unwrap_or_default(),
            a.objective.map(|o| format!("O{o}")).unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            a.evidence.clone(),
            person.to_owned(),
        ];
        push_row(&mut out, row.iter().map(String::as_str), !options.raw);
    }
    out
}

/// The dated items of the plan as all-day events on their due dates, with
/// a UID made from `stem` (the file's name) and the item's id, so importing
/// again updates them rather than adding copies.
pub fn ics(framework: &Framework, assessment: &Assessment, stem: &str, today: Date) -> String {
    let plan: &Plan = &assessment.plan;
    let mut calendar = Calendar::new();
    calendar.name(&format!("Development plan: {}", assessment.person.name));
    let day = |d: Date| {
        chrono::NaiveDate::from_ymd_opt(i32::from(d.year()), d.month() as u32, d.day() as u32)
    };
    let mut push =
        |id: ItemId, title: &str, due: Option<Date>, status: String, more: Vec<String>| {
            let Some(on) = due.and_then(day) else {
                return;
            };
            let mut event = Event::new();
            event
                .uid(&format!("reflect-{stem}-{id}"))
                .summary(&format!("{id} {title} ({status})"))
                .description(&more.join("\n"))
                // All day: DTEND is the day after (RFC 5545 ends are exclusive).
                .starts(on)
                .ends(on.succ_opt().unwrap_or(on));
            calendar.push(event.done());
        };
    for o in &plan.objectives {
        let mut more = vec![format!("Objective, {}", o.status)];
        if !o.measure.is_empty() {
            more.push(format!("Measure of success: {}", o.measure));
        }
        if !o.priority.is_empty() {
            more.push(format!("Corporate priority: {}", o.priority));
        }
        if !o.agreed_name.is_empty() {
            more.push(format!("Agreed with {}", o.agreed_name));
        }
        let status = if o.is_overdue(today) {
            format!("{}, overdue", o.status)
        } else {
            o.status.to_string()
        };
        push(ItemId::Objective(o.id), &o.title, o.due, status, more);
    }
    for a in &plan.actions {
        let mut more = vec![format!("Development action: {}", a.kind.label())];
        for link in &a.links {
            more.push(format!("Develops {}", link.describe(framework)));
        }
        if let Some(offer) = &a.offer {
            more.push(format!("Offer: {offer}"));
        }
        let status = if a.is_overdue(today) {
            format!("{}, overdue", a.status)
        } else {
            a.status.to_string()
        };
        push(ItemId::Action(a.id), &a.action, a.due, status, more);
    }
    calendar.done().to_string()
}
