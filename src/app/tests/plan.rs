//! The plan and offers screens through `update`: proposals pinned and set
//! aside, objectives and actions added, edited, stepped through their
//! statuses, deleted and undone, what an item develops one key away, the
//! next step made an action, offers made actions, and what the plan was
//! when the review closed.

use super::*;
use crate::app::screens::plan::{PlanView, Row, rows};
use crate::model::plan::{ItemId, Status};
use crate::model::proposals::PinKind;

/// Rate the first standard of theme "all" at each stage: 4, 1, 2; the
/// staged theme's knowledge standard 4. Cells: all/k 4.0, all/e 1.0,
/// all/j 2.0, staged/k 4.0; mean 2.75.
fn rated() -> Fixture {
    let mut f = fixture();
    f.run([Action::Open, Action::Open]); // all.1
    f.run([Action::SetLevel(4), Action::NextStage, Action::SetLevel(1)]);
    f.run([Action::NextStage, Action::SetLevel(2), Action::NextStage]);
    f.run([
        Action::Close,
        Action::Close,
        Action::Down,
        Action::Open,
        Action::Open,
    ]);
    f.run([Action::SetLevel(4)]);
    f
}

/// Empty the field, as Ctrl-u does.
fn clear(f: &mut Fixture) {
    f.run([Action::Input(Input::from(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )))]);
}

fn type_text(f: &mut Fixture, text: &str) {
    for c in text.chars() {
        f.run([typed(c)]);
    }
}

fn view(f: &Fixture) -> &PlanView {
    match &f.ws().pane {
        Pane::Plan(view) => view,
        _ => panic!("the plan is not showing"),
    }
}

fn plan_rows(f: &Fixture) -> Vec<Row> {
    rows(f.ws(), view(f))
}

/// Put the cursor on the row `pick` finds.
fn select(f: &mut Fixture, pick: impl Fn(&Row) -> bool) {
    let at = plan_rows(f)
        .iter()
        .filter(|r| r.selectable())
        .position(pick)
        .expect("a row to select");
    f.run([Action::First]);
    for _ in 0..at {
        f.run([Action::Down]);
    }
}

fn is_priority(theme: &'static str, stage: &'static str) -> impl Fn(&Row) -> bool {
    move |r| matches!(r, Row::Candidate(c) if c.kind == PinKind::Priority && c.theme == theme && c.stage == stage)
}

#[test]
fn the_plan_opens_from_the_tree_and_goes_back_where_it_was() {
    let mut f = rated();
    let before = f.selected();
    f.run([Action::Plan]);
    assert!(matches!(f.ws().pane, Pane::Plan(_)));
    // Strengths and priorities, each with its reason.
    let candidates: Vec<_> = plan_rows(&f)
        .into_iter()
        .filter_map(|r| match r {
            Row::Candidate(c) => Some((c.kind, c.theme, c.stage, c.why)),
            _ => None,
        })
        .collect();
    assert!(candidates.contains(&(
        PinKind::Priority,
        "all".into(),
        "experience".into(),
        "among your lowest: 1.0, the mean of 1 level".into()
    )));
    assert!(candidates.iter().any(|c| c.0 == PinKind::Strength));
    f.run([Action::Back]);
    assert!(matches!(f.ws().pane, Pane::Tree(_)));
    assert_eq!(f.selected(), before);
}

#[test]
fn pinning_and_setting_aside_are_kept_in_the_review_and_undone() {
    let mut f = rated();
    f.run([Action::Plan]);
    select(&mut f, is_priority("all", "experience"));
    f.run([Action::Pin]);
    let pin = f
        .ws()
        .doc
        .assessment
        .current()
        .pin(PinKind::Priority, "all", "experience");
    assert_eq!(
        pin.unwrap().reason,
        "among your lowest: 1.0, the mean of 1 level"
    );
    assert!(f.app.message.as_deref().unwrap().starts_with("Pinned"));
    // Saved, with the schema that holds pins.
    let disk = f.on_disk();
    assert_eq!(disk.current().pins.len(), 1);
    assert_eq!(disk.schema, crate::model::plan::PLAN_SCHEMA);
    f.run([Action::Undo]);
    assert!(f.ws().doc.assessment.current().pins.is_empty());
    f.run([Action::Redo]);
    assert_eq!(f.ws().doc.assessment.current().pins.len(), 1);
    // Setting aside a pinned one unpins it; again brings it back.
    select(&mut f, is_priority("all", "experience"));
    f.run([Action::Dismiss]);
    let review = f.ws().doc.assessment.current();
    assert!(review.pins.is_empty());
    assert!(review.is_dismissed(PinKind::Priority, "all", "experience"));
    select(&mut f, is_priority("all", "experience"));
    f.run([Action::Dismiss]);
    assert!(
        !f.ws()
            .doc
            .assessment
            .current()
            .is_dismissed(PinKind::Priority, "all", "experience")
    );
}

#[test]
fn a_pinned_priority_becomes_an_action_linked_to_it() {
    let mut f = rated();
    f.run([Action::Plan]);
    select(&mut f, is_priority("all", "experience"));
    f.run([Action::Pin, Action::AddAction]);
    assert!(matches!(f.app.overlay, Some(Overlay::Form(_))));
    type_text(&mut f, "Shadow the chief executive");
    f.run([Action::Confirm]);
    assert!(f.app.overlay.is_none(), "{:?}", f.app.message);
    let a = &f.ws().doc.assessment.plan.actions[0];
    assert_eq!(a.action, "Shadow the chief executive");
    assert_eq!(
        a.links,
        [crate::model::plan::Link::theme("all", Some("experience"))]
    );
    assert_eq!(a.history[0].on, f.app.clock.today());
    // The new action is selected, and in the file.
    assert_eq!(
        view(&f).selected(&plan_rows(&f)),
        Some(Row::Item(ItemId::Action(1)))
    );
    assert_eq!(f.on_disk().plan.actions.len(), 1);
    // The detail pane of a standard in that theme and stage lists it.
    f.run([Action::Back]);
    let text = crate::app::screens::browse::detail::plan_lines(
        f.ws(),
        &f.app.keymap,
        "all",
        "all.2",
        "experience",
    );
    assert!(format!("{text:?}").contains("A1 Shadow the chief executive"));
    assert!(
        crate::app::screens::browse::detail::plan_lines(
            f.ws(),
            &f.app.keymap,
            "all",
            "all.2",
            "knowledge"
        )
        .is_empty()
    );
}

#[test]
fn an_objective_agreed_with_the_leader_with_a_due_date() {
    let mut f = rated();
    // The Leader is added from the plan itself.
    f.run([Action::Plan, Action::Raters, Action::AddRater]);
    for _ in 0..2 {
        f.run([Action::Down]);
    }
    type_text(&mut f, "Cllr Ada Jones");
    f.run([Action::Confirm, Action::Back]);
    assert_eq!(f.ws().review().raters[0].id, "leader");
    assert!(matches!(f.ws().pane, Pane::Plan(_)), "still in the plan");
    f.run([Action::AddObjective]);
    type_text(&mut f, "Adopt the place strategy");
    f.run([Action::NextField, Action::NextField]);
    type_text(&mut f, "Cabinet adopts it");
    f.run([Action::NextField]);
    type_text(&mut f, "Thriving places");
    f.run([Action::NextField]);
    // The choice of who agreed it: right arrow to the Leader.
    f.run([Action::Input(Input::from(KeyEvent::new(
        KeyCode::Right,
        KeyModifiers::NONE,
    )))]);
    f.run([Action::NextField, Action::NextField]);
    type_text(&mut f, "2027-06-31");
    f.run([Action::Confirm]);
    // Not a date: said, and nothing saved.
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("the form closed on a bad date");
    };
    assert!(form.error.as_deref().unwrap().contains("not a date"));
    assert!(f.ws().doc.assessment.plan.objectives.is_empty());
    f.run([Action::Input(Input::from(KeyEvent::new(
        KeyCode::Backspace,
        KeyModifiers::NONE,
    )))]);
    type_text(&mut f, "0");
    f.run([Action::Confirm]);
    let o = &f.ws().doc.assessment.plan.objectives[0];
    assert_eq!(o.title, "Adopt the place strategy");
    assert_eq!(o.measure, "Cabinet adopts it");
    assert_eq!(o.priority, "Thriving places");
    assert_eq!(o.agreed_by.as_deref(), Some("leader"));
    assert_eq!(o.agreed_name, "Cllr Ada Jones (Leader or mayor)");
    assert_eq!(o.agreed_on, Some(f.app.clock.today()));
    assert_eq!(o.due, Some(date(2027, 6, 30)));
    // Editing keeps its id and status, and changes what was typed.
    select(&mut f, |r| *r == Row::Item(ItemId::Objective(1)));
    f.run([Action::EditItem]);
    type_text(&mut f, " by June");
    f.run([Action::Confirm]);
    assert_eq!(
        f.ws().doc.assessment.plan.objectives[0].title,
        "Adopt the place strategy by June"
    );
    assert_eq!(f.ws().doc.assessment.plan.objectives[0].id, 1);
}

#[test]
fn esc_over_what_was_typed_in_a_form_asks_to_be_pressed_again() {
    let mut f = rated();
    f.run([Action::Plan, Action::AddObjective]);
    type_text(&mut f, "Adopt the place strategy");
    f.run([Action::Back]);
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("one Esc threw the words away");
    };
    assert!(form.error.as_deref().unwrap().contains("again"));
    // Anything else in between, and Esc warns again.
    f.run([Action::NextField, Action::Back]);
    assert!(matches!(f.app.overlay, Some(Overlay::Form(_))));
    f.run([Action::Back]);
    assert!(f.app.overlay.is_none());
    assert!(f.ws().doc.assessment.plan.objectives.is_empty());
    // An untouched form closes at once.
    f.run([Action::AddAction, Action::Back]);
    assert!(f.app.overlay.is_none());
}

#[test]
fn statuses_step_on_and_done_asks_for_the_evidence() {
    let mut f = rated();
    f.run([Action::Plan, Action::AddAction]);
    type_text(&mut f, "Read the guide");
    f.run([Action::Confirm, Action::AddAction]);
    type_text(&mut f, "Join a peer network");
    f.run([Action::Confirm]);
    let id = ItemId::Action(1);
    select(&mut f, |r| *r == Row::Item(id));
    f.run([Action::NextStatus]);
    assert_eq!(
        f.ws().doc.assessment.plan.actions[0].status,
        Status::InProgress
    );
    // Its row moved to another group; the cursor went with it.
    assert_eq!(view(&f).selected(&plan_rows(&f)), Some(Row::Item(id)));
    f.run([Action::NextStatus]);
    assert!(
        matches!(f.app.overlay, Some(Overlay::Prompt(_))),
        "done asks for evidence"
    );
    type_text(&mut f, "Notes shared with the team");
    f.run([Action::Confirm]);
    let a = &f.ws().doc.assessment.plan.actions[0];
    assert_eq!(a.status, Status::Done);
    assert_eq!(a.evidence, "Notes shared with the team");
    assert_eq!(a.history.last().unwrap().on, f.app.clock.today());
    // One undo takes back both the status and the evidence.
    f.run([Action::Undo]);
    let a = &f.ws().doc.assessment.plan.actions[0];
    assert_eq!((a.status, a.evidence.as_str()), (Status::InProgress, ""));
}

#[test]
fn deleting_asks_first_and_is_undone() {
    let mut f = rated();
    f.run([Action::Plan, Action::AddAction]);
    type_text(&mut f, "Coaching");
    f.run([Action::Confirm]);
    select(&mut f, |r| *r == Row::Item(ItemId::Action(1)));
    f.run([Action::DeleteItem]);
    assert!(matches!(
        f.app.overlay,
        Some(Overlay::Confirm(Confirm::DeletePlanItem { .. }))
    ));
    f.run([Action::Back]);
    assert_eq!(f.ws().doc.assessment.plan.actions.len(), 1, "no: kept");
    f.run([Action::DeleteItem, Action::Confirm]);
    assert!(f.ws().doc.assessment.plan.actions.is_empty());
    assert!(f.on_disk().plan.actions.is_empty());
    f.run([Action::Undo]);
    assert_eq!(f.ws().doc.assessment.plan.actions[0].action, "Coaching");
}

#[test]
fn grouping_by_theme_and_going_to_what_an_action_develops() {
    let mut f = rated();
    f.run([Action::Plan, Action::AddAction]);
    type_text(&mut f, "Network");
    f.run([Action::NextField, Action::NextField]);
    clear(&mut f);
    type_text(&mut f, "staged.e1@experience");
    f.run([Action::Confirm]);
    f.run([Action::GroupBy]);
    assert!(view(&f).by_theme);
    assert!(plan_rows(&f).contains(&Row::Heading("  By stage".into())));
    select(&mut f, |r| *r == Row::Item(ItemId::Action(1)));
    f.run([Action::GoToLinked]);
    assert!(matches!(f.ws().pane, Pane::Tree(_)));
    assert_eq!(
        f.selected(),
        Node::Standard {
            theme: 1,
            standard: 1
        }
    );
    assert_eq!(f.ws().stage, 1);
}

#[test]
fn a_bad_link_in_the_form_is_said_and_nothing_is_saved() {
    let mut f = rated();
    f.run([Action::Plan, Action::AddAction]);
    type_text(&mut f, "Network");
    f.run([Action::NextField, Action::NextField]);
    clear(&mut f);
    type_text(&mut f, "nope@experience");
    f.run([Action::Confirm]);
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("the form closed");
    };
    let error = form.error.as_deref().unwrap();
    assert!(
        error.contains("\"nope\" is not a standard or theme id"),
        "{error}"
    );
    assert!(f.ws().doc.assessment.plan.actions.is_empty());
    // Esc twice (what was typed is thrown away only then).
    f.run([Action::Back, Action::Back]);
    assert!(f.app.overlay.is_none());
}

#[test]
fn a_sessions_next_step_becomes_an_action_in_one_key() {
    let mut f = rated();
    f.run([
        Action::Close,
        Action::Close,
        Action::Up,
        Action::Open,
        Action::Open,
    ]);
    f.run([Action::Session, Action::EditNextStep]);
    type_text(&mut f, "Lead the budget round");
    f.run([Action::Back, Action::NextStepToAction]);
    let plan = &f.ws().doc.assessment.plan;
    assert_eq!(plan.actions[0].action, "Lead the budget round");
    let stage = f.ws().framework().stages[f.ws().stage].id.clone();
    assert_eq!(
        plan.actions[0].links,
        [crate::model::plan::Link::standard("all.1", Some(&stage))]
    );
    // Again: already there, nothing added.
    f.run([Action::NextStepToAction]);
    assert_eq!(f.ws().doc.assessment.plan.actions.len(), 1);
    assert!(f.app.message.as_deref().unwrap().contains("already"));
}

/// The organisation's catalogue: a mentoring circle for officers serving
/// theme "all" at `stage`, then `more` offers.
fn write_mentoring(f: &Fixture, stage: &str, more: &str) {
    let offers = f.app.home.offers_dir();
    std::fs::create_dir_all(&offers).unwrap();
    let mentor = format!(
        r#"(id: "ours.mentor", title: "Mentoring circle", provider: "Our council",
             kind: Mentoring, audience: [Officers], source: "intranet", as_of: "2026",
             status: "running",
             serves: [(framework: "test", themes: ["all"], stages: ["{stage}"], basis: Stated)]),"#
    );
    std::fs::write(
        offers.join("ours.ron"),
        format!(r#"(source: "Our council", offers: [{mentor}{more}])"#),
    )
    .unwrap();
}

#[test]
fn an_offer_becomes_an_action_and_the_plan_shows_again() {
    let mut f = rated();
    write_mentoring(
        &f,
        "experience",
        r#"
            (id: "ours.cllr", title: "Councillor induction", provider: "Our council",
             kind: Programme, audience: [Councillors], source: "intranet", as_of: "2026",
             status: "running",
             serves: [(framework: "test", themes: ["all"], basis: Stated)]),"#,
    );
    f.run([Action::Plan]);
    select(&mut f, is_priority("all", "experience"));
    f.run([Action::Offers]);
    let Pane::Offers(view) = &f.ws().pane else {
        panic!("offers not shown");
    };
    let shown: Vec<&str> = view
        .shown(f.ws())
        .iter()
        .map(|(i, _)| f.ws().offer_list()[*i].id.as_str())
        .collect();
    // Councillors' offers only when asked.
    assert_eq!(shown, ["ours.mentor"]);
    f.run([Action::FilterAudience]);
    let Pane::Offers(view) = &f.ws().pane else {
        panic!()
    };
    assert_eq!(view.shown(f.ws()).len(), 2);
    f.run([Action::FilterAudience, Action::AddAction]);
    f.run([Action::Confirm]);
    let a = &f.ws().doc.assessment.plan.actions[0];
    assert_eq!(a.action, "Mentoring circle");
    assert_eq!(a.offer.as_deref(), Some("ours.mentor"));
    assert_eq!(a.kind, crate::model::plan::ActionKind::Coaching);
    assert_eq!(
        a.links,
        [crate::model::plan::Link::theme("all", Some("experience"))]
    );
    assert!(matches!(f.ws().pane, Pane::Plan(_)), "back to the plan");
}

#[test]
fn with_no_offer_at_that_stage_the_themes_offers_at_other_stages_show_and_it_is_said() {
    let mut f = rated();
    write_mentoring(&f, "judgement", "");
    f.run([Action::Plan]);
    select(&mut f, is_priority("all", "experience"));
    f.run([Action::Offers]);
    let Pane::Offers(view) = &f.ws().pane else {
        panic!("offers not shown");
    };
    assert_eq!(view.stage, None, "the stage filter is widened");
    assert!(view.theme.is_some(), "the theme filter stays");
    assert_eq!(view.shown(f.ws()).len(), 1);
    let said = f.app.message.as_deref().unwrap();
    assert!(said.contains("showing every stage"), "{said}");
    // Made an action, it develops the priority it was found for.
    f.run([Action::AddAction, Action::Confirm]);
    assert_eq!(
        f.ws().doc.assessment.plan.actions[0].links,
        [crate::model::plan::Link::theme("all", Some("experience"))]
    );
}

#[test]
fn the_new_review_shows_what_was_planned_and_what_was_done() {
    let mut f = rated();
    f.run([Action::Plan, Action::AddAction]);
    type_text(&mut f, "Coaching");
    f.run([Action::Confirm, Action::AddAction]);
    type_text(&mut f, "Secondment");
    f.run([Action::Confirm, Action::Back]);
    let today = f.app.clock.today();
    if let Screen::Assess(ws) = &mut f.app.screen {
        ws.doc
            .assessment
            .start_review_on("2027 review", today, today)
            .unwrap();
        ws.set_plan_status(
            ItemId::Action(1),
            Status::Done,
            Some("Three sessions".into()),
            today,
        )
        .unwrap();
    }
    f.run([Action::Plan]);
    let notes: Vec<String> = plan_rows(&f)
        .into_iter()
        .filter_map(|r| match r {
            Row::Note(n) => Some(n),
            _ => None,
        })
        .collect();
    assert!(
        notes.contains(&format!("A1 Coaching: planned then, done since {today}")),
        "{notes:?}"
    );
    assert!(notes.contains(&"A2 Secondment: planned then, planned now".to_string()));
    assert!(notes.contains(&"1 done since, 0 added since.".to_string()));
}

#[test]
fn a_read_only_file_changes_no_plan() {
    let mut f = fixture_with(Some(ReadOnly::Locked));
    f.run([Action::Plan, Action::AddAction]);
    type_text(&mut f, "Coaching");
    f.run([Action::Confirm]);
    let Some(Overlay::Form(form)) = &f.app.overlay else {
        panic!("the form closed");
    };
    assert!(form.error.as_deref().unwrap().contains("read-only"));
    assert!(f.ws().doc.assessment.plan.actions.is_empty());
}

#[test]
fn with_levels_but_nothing_apart_the_plan_says_so() {
    let mut f = fixture();
    f.run([Action::Plan]);
    assert!(plan_rows(&f).contains(&Row::Note(
        "Nothing to propose yet: rate some standards first.".into()
    )));
    f.run([
        Action::Back,
        Action::Open,
        Action::Open,
        Action::SetLevel(3),
        Action::Plan,
    ]);
    let rows = plan_rows(&f);
    assert!(
        rows.iter()
            .any(|r| matches!(r, Row::Note(n) if n.starts_with("Nothing stands out yet"))),
        "{rows:?}"
    );
}

#[test]
fn a_broken_catalogue_of_the_organisation_is_named_and_left_out() {
    let mut f = rated();
    let offers = f.app.home.offers_dir();
    std::fs::create_dir_all(&offers).unwrap();
    std::fs::write(offers.join("broken.ron"), "(source: \"x\", offers: [(id: ").unwrap();
    f.run([Action::Offers]);
    assert!(matches!(f.ws().pane, Pane::Offers(_)));
    let said = f.app.message.clone().unwrap_or_default();
    assert!(
        said.starts_with("Left out: ") && said.contains("broken.ron:1:"),
        "{said}"
    );
    // The bundled offers are still there.
    assert!(!f.ws().offer_list().is_empty());
}
