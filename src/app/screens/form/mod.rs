//! Writing an objective or a development action: a few labelled fields,
//! one line each, some of them choices.

mod draw;
mod update;

use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::View;
use crate::app::{App, Workspace};
use crate::keys::{Action, Mode};
use crate::model::plan::{Action as PlanAction, ActionKind, links_text};

/// What the form writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// A new objective, or objective `id`.
    Objective { id: Option<u32> },
    /// A new action, or action `id`.
    Action { id: Option<u32> },
}

/// One field.
pub struct Field {
    pub label: &'static str,
    pub value: Value,
}

pub enum Value {
    Text(Box<TextArea<'static>>),
    /// One of `options` (value, as shown), `chosen` of them.
    Choice {
        options: Vec<(String, String)>,
        chosen: usize,
    },
}

/// The form over the plan.
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    /// Something was typed or chosen: `Esc` then asks to be pressed again
    /// before throwing it away.
    pub touched: bool,
    /// `Esc` was pressed once over what was typed.
    pub discarding: bool,
}

fn text(value: &str, placeholder: &str) -> Value {
    let mut area = TextArea::default();
    area.set_cursor_line_style(ratatui::style::Style::default());
    area.set_placeholder_text(placeholder);
    area.insert_str(value);
    Value::Text(Box::new(area))
}

fn choice(options: Vec<(String, String)>, chosen: &str) -> Value {
    let chosen = options.iter().position(|(v, _)| v == chosen).unwrap_or(0);
    Value::Choice { options, chosen }
}

fn date_text(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

impl Form {
    /// The form for objective `id`, or a new one.
    pub fn objective(ws: &Workspace, id: Option<u32>) -> Form {
        let o = id
            .and_then(|id| ws.doc.assessment.plan.objective(id))
            .cloned()
            .unwrap_or_default();
        let raters = &ws.doc.assessment.current().raters;
        let mut agreed = vec![(
            String::new(),
            if raters.is_empty() {
                "not agreed yet (save; w in the plan adds your Leader; e edits)".to_string()
            } else {
                "not agreed yet".to_string()
            },
        )];
        for r in raters {
            agreed.push((r.id.clone(), r.display()));
        }
        if let Some(by) = &o.agreed_by
            && !agreed.iter().any(|(id, _)| id == by)
        {
            agreed.push((by.clone(), format!("{} (no longer rating)", o.agreed_name)));
        }
        Form {
            kind: FormKind::Objective { id },
            fields: vec![
                Field {
                    label: "Objective",
                    value: text(&o.title, "what is to be achieved"),
                },
                Field {
                    label: "Description",
                    value: text(&o.description, "optional"),
                },
                Field {
                    label: "Measure of success",
                    value: text(&o.measure, "how you will know"),
                },
                Field {
                    label: "Corporate priority",
                    value: text(&o.priority, "the council plan priority it serves"),
                },
                Field {
                    label: "Agreed with",
                    value: choice(agreed, o.agreed_by.as_deref().unwrap_or_default()),
                },
                Field {
                    label: "Agreed on",
                    value: text(&date_text(o.agreed_on), "YYYY-MM-DD (today if left empty)"),
                },
                Field {
                    label: "Due",
                    value: text(&date_text(o.due), "YYYY-MM-DD (optional)"),
                },
            ],
            focus: 0,
            error: None,
            touched: false,
            discarding: false,
        }
    }

    /// The form for action `id`, or a new action starting as `start`.
    pub fn action(ws: &Workspace, id: Option<u32>, start: PlanAction) -> Form {
        let a = id
            .and_then(|id| ws.doc.assessment.plan.action(id))
            .cloned()
            .unwrap_or(start);
        let kinds = ActionKind::ALL
            .iter()
            .map(|k| (format!("{k:?}"), k.label().to_string()))
            .collect();
        let mut objectives = vec![(String::new(), "none".to_string())];
        for o in &ws.doc.assessment.plan.objectives {
            objectives.push((o.id.to_string(), format!("O{} {}", o.id, o.title)));
        }
        Form {
            kind: FormKind::Action { id },
            fields: vec![
                Field {
                    label: "Action",
                    value: text(&a.action, "what you will do"),
                },
                Field {
                    label: "Kind",
                    value: choice(kinds, &format!("{:?}", a.kind)),
                },
                Field {
                    label: "Develops",
                    value: text(&links_text(&a.links), "standard or theme ids, @stage"),
                },
                Field {
                    label: "Offer",
                    value: text(a.offer.as_deref().unwrap_or_default(), "an offer's id (optional)"),
                },
                Field {
                    label: "Objective",
                    value: choice(
                        objectives,
                        &a.objective.map(|o| o.to_string()).unwrap_or_default(),
                    ),
                },
                Field {
                    label: "Due",
                    value: text(&date_text(a.due), "YYYY-MM-DD (optional)"),
                },
                Field {
                    label: "Evidence",
                    value: text(&a.evidence, "what shows it was done"),
                },
            ],
            focus: 0,
            error: None,
            touched: false,
            discarding: false,
        }
    }

    /// What field `label` holds: its text, or its chosen value.
    pub fn get(&self, label: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| match &f.value {
                Value::Text(t) => t.lines().join(" ").trim().to_string(),
                Value::Choice { options, chosen } => options
                    .get(*chosen)
                    .map(|(v, _)| v.clone())
                    .unwrap_or_default(),
            })
            .unwrap_or_default()
    }

    pub fn title(&self) -> &'static str {
        match self.kind {
            FormKind::Objective { id: None } => " A new objective ",
            FormKind::Objective { .. } => " The objective ",
            FormKind::Action { id: None } => " A new development action ",
            FormKind::Action { .. } => " The development action ",
        }
    }
}

impl View for Form {
    fn mode(&self) -> Mode {
        Mode::Form
    }

    fn update(app: &mut App, action: Action) {
        update::update(app, action)
    }

    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        draw::render(self, &app.keymap, area, buf)
    }

    #[cfg(test)]
    fn example(app: &App) -> Self {
        Form::objective(app.workspace().expect("an open assessment"), None)
    }
}
