use jiff::civil::date;

use super::*;
use crate::model::fixture;

/// Read as reflect reads its files (`Some` left out).
fn read(text: &str) -> Plan {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .unwrap()
}

fn write(plan: &Plan) -> String {
    ron::to_string(plan).unwrap()
}

fn day(d: i8) -> Date {
    date(2026, 11, d)
}

#[test]
fn a_plan_reads_back_as_written() {
    let mut plan = Plan::default();
    plan.add_action(Action::new("Read"), day(2)).unwrap();
    plan.add_objective(Objective::new("Do"), day(2)).unwrap();
    assert_eq!(read(&write(&plan)), plan);
    // An empty plan, as a closed review may keep it, is written `()`.
    let empty: Option<Plan> =
        ron::from_str(&ron::to_string(&Some(Plan::default())).unwrap()).unwrap();
    assert_eq!(empty, Some(Plan::default()));
}

#[test]
fn a_plan_of_schema_1_or_2_reads_as_actions() {
    let plan = read(
        r#"[
            (action: "Join the programme", standard: "s.1", stage: "experience", done: false),
            (action: "Read the guide", done: true),
        ]"#,
    );
    assert!(plan.objectives.is_empty());
    assert_eq!(plan.actions[0].id, 1);
    assert_eq!(
        plan.actions[0].links,
        [Link::standard("s.1", Some("experience"))]
    );
    assert_eq!(plan.actions[0].status, Status::Planned);
    assert_eq!(plan.actions[1].id, 2);
    assert!(plan.actions[1].links.is_empty());
    assert_eq!(plan.actions[1].status, Status::Done);
}

#[test]
fn ids_missing_or_given_twice_are_numbered_on_reading() {
    let plan = read(
        r#"(actions: [(id: 4, action: "a"), (id: 4, action: "b"), (action: "c")],
            objectives: [(title: "x")])"#,
    );
    let ids: Vec<u32> = plan.actions.iter().map(|a| a.id).collect();
    assert_eq!(ids, [4, 5, 6]);
    assert_eq!(plan.objectives[0].id, 1);
}

#[test]
fn a_field_given_twice_or_unknown_is_an_error() {
    assert!(ron::from_str::<Plan>("(actions: [], actions: [])").is_err());
    assert!(ron::from_str::<Plan>("(tasks: [])").is_err());
}

#[test]
fn adding_numbers_items_and_dates_their_status() {
    let mut plan = Plan::default();
    assert_eq!(
        plan.add_action(Action::new("  "), day(2)),
        Err(PlanError::EmptyTitle)
    );
    assert_eq!(plan.add_action(Action::new("Coaching"), day(2)), Ok(1));
    assert_eq!(plan.add_action(Action::new("Reading"), day(3)), Ok(2));
    plan.remove(ItemId::Action(1)).unwrap();
    // Ids are never reused while a higher one is there.
    assert_eq!(plan.add_action(Action::new("Secondment"), day(3)), Ok(3));
    assert_eq!(
        plan.action(2).unwrap().history,
        [StatusSet {
            status: Status::Planned,
            on: day(3)
        }]
    );
    assert_eq!(
        plan.add_objective(Objective::new("Strategy"), day(3)),
        Ok(1)
    );
}

#[test]
fn each_status_is_dated_and_a_change_back_the_same_day_is_one_entry() {
    let mut plan = Plan::default();
    let id = ItemId::Action(plan.add_action(Action::new("Coaching"), day(2)).unwrap());
    assert_eq!(
        plan.set_status(id, Status::InProgress, day(5)),
        Ok(Status::Planned)
    );
    assert_eq!(
        plan.set_status(id, Status::Done, day(9)),
        Ok(Status::InProgress)
    );
    let statuses = |plan: &Plan| -> Vec<(Status, Date)> {
        plan.action(1)
            .unwrap()
            .history
            .iter()
            .map(|h| (h.status, h.on))
            .collect()
    };
    assert_eq!(
        statuses(&plan),
        [
            (Status::Planned, day(2)),
            (Status::InProgress, day(5)),
            (Status::Done, day(9))
        ]
    );
    // Done by mistake, set back the same day: as if never set.
    plan.set_status(id, Status::Dropped, day(9)).unwrap();
    assert_eq!(statuses(&plan).last(), Some(&(Status::Dropped, day(9))));
    plan.set_status(id, Status::InProgress, day(9)).unwrap();
    assert_eq!(statuses(&plan).len(), 2);
    assert_eq!(plan.action(1).unwrap().status_since(), Some(day(5)));
    assert_eq!(
        plan.set_status(ItemId::Objective(7), Status::Done, day(9)),
        Err(PlanError::NoSuchItem(ItemId::Objective(7)))
    );
}

#[test]
fn removing_an_objective_unlinks_its_actions() {
    let mut plan = Plan::default();
    let o = plan
        .add_objective(Objective::new("Strategy"), day(2))
        .unwrap();
    plan.add_action(
        Action {
            objective: Some(o),
            ..Action::new("Coaching")
        },
        day(2),
    )
    .unwrap();
    plan.remove(ItemId::Objective(o)).unwrap();
    assert!(plan.objectives.is_empty());
    assert_eq!(plan.actions[0].objective, None);
    assert!(plan.remove(ItemId::Objective(o)).is_err());
}

#[test]
fn overdue_counts_open_items_due_before_today() {
    let mut plan = Plan::default();
    for (what, due) in [
        ("late", Some(day(1))),
        ("today", Some(day(2))),
        ("undated", None),
    ] {
        plan.add_action(
            Action {
                due,
                ..Action::new(what)
            },
            day(1),
        )
        .unwrap();
    }
    plan.add_objective(
        Objective {
            due: Some(day(1)),
            ..Objective::new("late too")
        },
        day(1),
    )
    .unwrap();
    assert_eq!(plan.overdue(day(2)), 2);
    plan.set_status(ItemId::Action(1), Status::Done, day(2))
        .unwrap();
    plan.set_status(ItemId::Objective(1), Status::Dropped, day(2))
        .unwrap();
    assert_eq!(plan.overdue(day(2)), 0);
}

#[test]
fn an_action_touches_its_standards_their_themes_and_stages() {
    let on_standard = Link::standard("t.place.1", Some("knowledge"));
    assert!(on_standard.touches("place", "t.place.1", "knowledge"));
    assert!(!on_standard.touches("place", "t.place.1", "judgement"));
    assert!(!on_standard.touches("place", "t.place.2", "knowledge"));
    let on_theme = Link::theme("place", None);
    assert!(on_theme.touches("place", "t.place.2", "judgement"));
    assert!(!on_theme.touches("people", "t.people.k", "knowledge"));
    let fw = fixture::framework();
    assert_eq!(on_standard.theme_index(&fw), Some(0));
    assert_eq!(Link::theme("people", None).theme_index(&fw), Some(1));
    assert_eq!(on_standard.describe(&fw), "t.place.1, knowledge");
    assert_eq!(on_theme.describe(&fw), "Place");
    let mut plan = Plan::default();
    plan.add_action(
        Action {
            links: vec![on_theme],
            ..Action::new("Place network")
        },
        day(1),
    )
    .unwrap();
    assert_eq!(
        plan.actions_for("place", "t.place.2", "experience").count(),
        1
    );
    assert_eq!(
        plan.actions_for("people", "t.people.e", "experience")
            .count(),
        0
    );
}

#[test]
fn ids_statuses_and_kinds_parse_from_what_a_user_types() {
    assert_eq!(ItemId::parse("A3"), Some(ItemId::Action(3)));
    assert_eq!(ItemId::parse("o12"), Some(ItemId::Objective(12)));
    for bad in ["", "A", "A0", "X1", "3", "Aé"] {
        assert_eq!(ItemId::parse(bad), None, "{bad}");
    }
    assert_eq!(ItemId::Objective(2).to_string(), "O2");
    assert_eq!(Status::parse("in-progress"), Some(Status::InProgress));
    assert_eq!(Status::parse("Done"), Some(Status::Done));
    assert_eq!(Status::parse("finished"), None);
    assert_eq!(
        ActionKind::parse("action-learning"),
        Some(ActionKind::ActionLearning)
    );
    assert_eq!(ActionKind::parse("stretch"), Some(ActionKind::Stretch));
    assert_eq!(Status::Dropped.next(), Status::Planned);
}

#[test]
fn a_closed_review_keeps_the_plan_and_since_last_says_what_became_of_it() {
    let mut a = fixture::assessment(&fixture::framework());
    a.plan.add_action(Action::new("Coaching"), day(1)).unwrap();
    a.plan.add_action(Action::new("Reading"), day(1)).unwrap();
    a.start_review("next", date(2027, 3, 1)).unwrap();
    let then = a.reviews[0].plan_at_close.clone().expect("kept on closing");
    assert_eq!(then, a.plan);
    assert_eq!(a.schema, PLAN_SCHEMA);
    assert_eq!(a.current().plan_at_close, None);
    a.plan
        .set_status(ItemId::Action(1), Status::Done, date(2027, 3, 2))
        .unwrap();
    a.plan.remove(ItemId::Action(2)).unwrap();
    a.plan
        .add_action(Action::new("Secondment"), date(2027, 3, 2))
        .unwrap();
    let since = SinceLast::of(&then, &a.plan);
    assert_eq!(since.done_since(), 1);
    assert_eq!(since.actions[1].1, None, "deleted since");
    assert_eq!(since.new_actions.len(), 1);
    assert_eq!(since.new_actions[0].action, "Secondment");
}
