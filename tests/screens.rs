//! Snapshots of whole screens on ratatui's TestBackend.
//!
//! The app is driven through `update` exactly as the keymap would drive it,
//! with a fixed clock and a fixed file name so the screens are stable.

use jiff::civil::date;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use reflect::app::{Action, App, Clock};
use reflect::format::framework as bundled;
use reflect::model::assessment::FrameworkRef;
use reflect::model::{Assessment, Person, Rating, Review};
use reflect::store::{Document, Home};
use support::cohort_app;

mod support;

fn app_on(framework_id: &str) -> App {
    let framework = bundled::by_id(framework_id).unwrap().unwrap();
    let mut assessment = Assessment::new(
        FrameworkRef {
            id: framework.id.clone(),
            version: framework.version.clone(),
        },
        Person {
            name: "Alex Example".into(),
            role: "Director of Place".into(),
            organisation: String::new(),
        },
        Review::new("2026 mid-year review", date(2026, 3, 1)),
    );
    // Some marks, so the tree and detail have something to show.
    let first = &framework.themes[0].standards[0];
    let stages: Vec<String> = framework.stages_of(first).map(|s| s.id.clone()).collect();
    let review = assessment.current_mut();
    let mark = review.mark_mut(&first.id, &stages[0]);
    mark.rating = Rating::Level(3);
    mark.note =
        "Led the place partnership's long-term plan.\nNext: bring health partners in earlier."
            .into();
    if let Some(second) = stages.get(1) {
        review.mark_mut(&first.id, second).rating = Rating::Level(2);
    }
    let doc = Document::detached("/nowhere/alex-example.ron", assessment, framework);
    App::new(
        Home::at("/nowhere"),
        Some(doc),
        Clock::Fixed("14:03:41".into()),
    )
}

fn draw(app: &mut App, width: u16, height: u16) -> TestBackend {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(&*app, f.area())).unwrap();
    terminal.backend().clone()
}

fn press(app: &mut App, keys: &[KeyCode]) {
    for code in keys {
        let event = KeyEvent::new(*code, KeyModifiers::NONE);
        if let Some(action) = app.keymap.action(app.mode(), event) {
            app.update(action);
        }
    }
}

#[test]
fn start_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Home::at(dir.path()), None, Clock::Fixed("14:03:41".into()));
    insta::assert_snapshot!(draw(&mut app, 80, 24));
}

#[test]
fn senior_leadership_root_80x24() {
    let mut app = app_on("senior-leadership");
    insta::assert_snapshot!(draw(&mut app, 80, 24));
}

#[test]
fn senior_leadership_standard_120x40() {
    let mut app = app_on("senior-leadership");
    press(&mut app, &[KeyCode::Enter, KeyCode::Down]);
    insta::assert_snapshot!(draw(&mut app, 120, 40));
}

#[test]
fn chief_executives_stage_groups_100x30() {
    let mut app = app_on("chief-executives");
    press(
        &mut app,
        &[KeyCode::Enter, KeyCode::Down, KeyCode::Enter, KeyCode::Down],
    );
    insta::assert_snapshot!(draw(&mut app, 100, 30));
}

#[test]
fn note_editor_80x24() {
    let mut app = app_on("senior-leadership");
    press(
        &mut app,
        &[KeyCode::Enter, KeyCode::Down, KeyCode::Char('e')],
    );
    insta::assert_snapshot!(draw(&mut app, 80, 24));
}

/// At the smallest usable size the note being written is what shows.
#[test]
fn note_editor_40x12() {
    let mut app = app_on("senior-leadership");
    press(
        &mut app,
        &[KeyCode::Enter, KeyCode::Down, KeyCode::Char('e')],
    );
    let screen = draw(&mut app, 40, 12);
    let text = format!("{screen}");
    assert!(text.contains("bring health partners"), "{text}");
    insta::assert_snapshot!(screen);
}

#[test]
fn help_80x24() {
    let mut app = app_on("senior-leadership");
    press(&mut app, &[KeyCode::Char('?')]);
    insta::assert_snapshot!(draw(&mut app, 80, 24));
}

#[test]
fn smallest_usable_40x12() {
    let mut app = app_on("senior-leadership");
    press(&mut app, &[KeyCode::Enter, KeyCode::Down]);
    insta::assert_snapshot!(draw(&mut app, 40, 12));
}

#[test]
fn too_small_39x11() {
    let mut app = app_on("senior-leadership");
    insta::assert_snapshot!(draw(&mut app, 39, 11));
}

/// A note with tabs, a very long line, wide characters and right-to-left text.
fn app_with_awkward_note() -> App {
    let mut app = app_on("senior-leadership");
    press(&mut app, &[KeyCode::Enter, KeyCode::Down]);
    if let reflect::app::Screen::Assess(ws) = &mut app.screen {
        let id = ws.doc.framework.themes[0].standards[0].id.clone();
        ws.doc
            .assessment
            .current_mut()
            .mark_mut(&id, "knowledge")
            .note = format!(
            "Col A\tCol B\tCol C\n日本語のメモ：会議は三回 🙂 done\nעברית and عربى side by side\n{}",
            "averyveryverylongwordwithoutanyspaces".repeat(6)
        );
    }
    app
}

#[test]
fn awkward_note_in_the_detail_100x30() {
    let mut app = app_with_awkward_note();
    insta::assert_snapshot!(draw(&mut app, 100, 30));
}

#[test]
fn awkward_note_in_the_editor_100x30() {
    let mut app = app_with_awkward_note();
    press(&mut app, &[KeyCode::Char('e')]);
    insta::assert_snapshot!(draw(&mut app, 100, 30));
}

/// Two reviews, a coach 2 levels from the self-rating, an agreed level and a private note.
fn app_with_history() -> App {
    use reflect::model::assessment::RaterRole;
    let mut app = app_on("senior-leadership");
    if let reflect::app::Screen::Assess(ws) = &mut app.screen {
        let fw = ws.doc.framework.clone();
        let ids: Vec<String> = fw.themes[0]
            .standards
            .iter()
            .map(|s| s.id.clone())
            .collect();
        let a = &mut ws.doc.assessment;
        a.start_review("2027 annual review", date(2027, 3, 1))
            .unwrap();
        let review = a.current_mut();
        review.add_rater("Sam Patel", RaterRole::Coach).unwrap();
        let first = review.mark_mut(&ids[0], "knowledge");
        first.rating = Rating::Level(4);
        first.carried = false;
        first.note = "Private: worried about the health partners.".into();
        first.private = true;
        first.others.entry("coach".into()).or_default().rating = Rating::Level(2);
        first.agreed = Some(Rating::Level(3));
        first.session_note = "Evidence is strong on the plan, thinner on delivery.".into();
        first.next_step = "Chair the next health and wellbeing board workshop.".into();
        review.mark_mut(&ids[1], "knowledge").rating = Rating::Level(3);
        review.mark_mut(&ids[0], "experience").rating = Rating::Level(1);
        review.mark_mut(&ids[0], "experience").carried = false;
    }
    let ws = reflect::app::Workspace::new(
        match std::mem::replace(
            &mut app.screen,
            reflect::app::Screen::Start(Box::new(reflect::app::StartScreen::new(&Home::at(
                "/nowhere",
            )))),
        ) {
            reflect::app::Screen::Assess(ws) => ws.doc,
            _ => unreachable!(),
        },
        reflect::store::Saver::inline(),
    );
    app.screen = reflect::app::Screen::Assess(Box::new(ws));
    app
}

#[test]
fn compare_view_100x30() {
    let mut app = app_with_history();
    press(&mut app, &[KeyCode::Char('c')]);
    insta::assert_snapshot!(draw(&mut app, 100, 30));
}

#[test]
fn session_mode_hides_private_notes_100x34() {
    let mut app = app_in_session();
    let screen = draw(&mut app, 100, 34);
    let text = format!("{screen}");
    assert!(
        !text.contains("worried about"),
        "a private note showed in session mode"
    );
    assert!(text.contains("2 levels apart"));
    insta::assert_snapshot!(screen);
}

#[test]
fn side_by_side_and_earlier_reviews_in_the_detail_120x40() {
    let mut app = app_with_history();
    press(&mut app, &[KeyCode::Enter, KeyCode::Down]);
    let screen = draw(&mut app, 120, 40);
    // Outside session mode the private note is shown again, and the tree
    // marks the divergence discussed: a level was agreed.
    assert!(format!("{screen}").contains("worried about"));
    assert!(format!("{screen}").contains("✓"));
    insta::assert_snapshot!(screen);
}

#[test]
fn the_start_screen_lists_existing_assessments_in_full_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());
    let fw = bundled::by_id("chief-executives").unwrap().unwrap();
    reflect::store::new_assessment(&home, &fw, "Robin Ashworth-Smythe", "Chief Executive", None)
        .unwrap();
    let mut app = App::new(home, None, Clock::Fixed("14:03:41".into()));
    let screen = format!("{}", draw(&mut app, 80, 24));
    let at = screen
        .lines()
        .position(|l| l.contains("Robin"))
        .expect("the assessment is listed");
    let rows: Vec<&str> = screen.lines().skip(at).take(2).collect();
    assert!(
        rows[0].contains("Robin Ashworth-Smythe, Chief Executive"),
        "{}",
        rows[0]
    );
    for part in ["chief-executives", "review", "0/126 rated", "changed 20"] {
        assert!(rows[1].contains(part), "{part} missing from {}", rows[1]);
    }
}

/// After a save found the file changed by another program: the status
/// line and the question, at the comfortable and the smallest size.
fn app_in_conflict() -> App {
    let mut app = app_on("senior-leadership");
    if let reflect::app::Screen::Assess(ws) = &mut app.screen {
        ws.save = reflect::app::SaveState::Conflict {
            copy: None,
            dirty: false,
        };
    }
    app.overlay = Some(reflect::app::Overlay::Confirm(
        reflect::app::Confirm::Conflict {
            file: "alex-example.ron".into(),
            copy: Some("alex-example.conflict-2026-12-02T14-03-41.123Z.ron".into()),
        },
    ));
    app
}

#[test]
fn a_conflict_asks_what_to_do_80x24() {
    insta::assert_snapshot!(draw(&mut app_in_conflict(), 80, 24));
}

#[test]
fn a_conflict_asks_what_to_do_40x12() {
    insta::assert_snapshot!(draw(&mut app_in_conflict(), 40, 12));
}

#[test]
fn a_private_note_in_session_mode_asks_to_end_the_session_40x12() {
    let mut app = app_on("senior-leadership");
    app.overlay = Some(reflect::app::Overlay::Confirm(
        reflect::app::Confirm::EndSessionToEdit,
    ));
    insta::assert_snapshot!(draw(&mut app, 40, 12));
}

/// Every key moved elsewhere by a keys file: each action gets a new key
/// (Ctrl-Alt- and a letter, digit or F-key) and loses its old ones, in
/// every mode. What the app does follows the new keys, and no screen names
/// an old one.
#[test]
fn rebinding_every_key_changes_what_the_keys_do_and_every_hint() {
    use reflect::keys::{Keymap, Mode};
    use std::collections::BTreeMap;
    let defaults = Keymap::default();
    let fresh: Vec<String> = ('a'..='z')
        .chain('0'..='9')
        .map(|c| format!("ctrl-alt-{c}"))
        .chain((1..=12).map(|n| format!("alt-f{n}")))
        .chain((1..=12).map(|n| format!("ctrl-f{n}")))
        .collect();
    let mut file = String::from("{\n");
    let mut moved: BTreeMap<(Mode, String), String> = BTreeMap::new();
    for mode in Mode::ALL {
        file.push_str(&format!(
            "  {}: {{\n",
            reflect::format::to_ron(&mode).unwrap()
        ));
        let mut actions: Vec<reflect::app::Action> = Vec::new();
        for (key, action) in defaults.table(mode) {
            file.push_str(&format!("    {:?}: None,\n", key_text(key)));
            if !actions.contains(action) {
                actions.push(action.clone());
            }
        }
        for (i, action) in actions.iter().enumerate() {
            let key = &fresh[i];
            file.push_str(&format!(
                "    {key:?}: {},\n",
                reflect::format::to_ron(action).unwrap()
            ));
            moved.insert((mode, format!("{action:?}")), key.clone());
        }
        file.push_str("  },\n");
    }
    file.push_str("}\n");
    let mut keymap = Keymap::default();
    keymap
        .overlay(&file)
        .unwrap_or_else(|e| panic!("{e}\n{file}"));

    let mut app = app_with_history();
    app.keymap = keymap.clone();
    // Presses the new key for `action` in the app's mode now.
    let act = |app: &mut App, action: reflect::app::Action| {
        let mode = app.mode();
        let key = &moved[&(mode, format!("{action:?}"))];
        let key = reflect::keys::Key::parse(key).unwrap();
        let event = KeyEvent::new(key.code, key.modifiers);
        let got = app.keymap.action(mode, event);
        assert_eq!(got.as_ref(), Some(&action), "{mode:?}");
        app.update(action);
    };
    let old = [
        "Esc",
        "Enter",
        "Tab",
        "Ctrl-s",
        " F1",
        "? keys",
        " q quit",
        " e note",
        " u undoes",
        "1-5",
        "→ ←",
        "↑↓",
        " f: ",
        " y or",
        " n or",
        " r who",
        " s session",
    ];
    let mut screens = Vec::new();
    let mut look = |app: &mut App, what: &str| {
        let text = format!("{}", draw(app, 120, 40));
        screens.push((what.to_string(), text));
    };
    use reflect::app::Action as A;
    look(&mut app, "browse");
    act(&mut app, A::Open);
    act(&mut app, A::Down);
    look(&mut app, "standard");
    act(&mut app, A::EditNote);
    look(&mut app, "editor");
    act(&mut app, A::Back);
    act(&mut app, A::ToggleHelp);
    look(&mut app, "help");
    act(&mut app, A::ToggleHelp);
    act(&mut app, A::ClearMark);
    look(&mut app, "question");
    act(&mut app, A::Back);
    act(&mut app, A::Compare);
    look(&mut app, "compare");
    act(&mut app, A::Back);
    act(&mut app, A::Session);
    look(&mut app, "session");
    act(&mut app, A::AddRater);
    look(&mut app, "prompt");
    for (what, text) in &screens {
        let rows: Vec<&str> = text.lines().collect();
        for hint in old {
            // The hints are in titles, the status line and the help's key
            // column; the framework's own words may hold any word.
            for row in &rows {
                let keys_part = row.contains(" · ") || row.contains("┌") || row.contains(": ");
                assert!(
                    !(keys_part && row.contains(hint)),
                    "{what}: {hint:?} is still named:\n{row}\n\n{text}"
                );
            }
        }
        assert!(
            text.contains("Ctrl-Alt-") || text.contains("Alt-F"),
            "{what}:\n{text}"
        );
    }
}

/// A key as a keys file writes it.
fn key_text(key: &reflect::keys::Key) -> String {
    let mut s = String::new();
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        s.push_str("ctrl-");
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        s.push_str("alt-");
    }
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    s.push_str(&match key.code {
        KeyCode::BackTab => "shift-tab".into(),
        _ if shift && !matches!(key.code, KeyCode::Char(_)) => {
            format!("shift-{}", code_text(key.code))
        }
        KeyCode::Char(c) if c.is_ascii_uppercase() => format!("shift-{}", c.to_ascii_lowercase()),
        code => code_text(code),
    });
    s
}

fn code_text(code: KeyCode) -> String {
    match code {
        KeyCode::Char(' ') => "space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("f{n}"),
        KeyCode::PageUp => "pageup".into(),
        KeyCode::PageDown => "pagedown".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

/// A search being typed: the tree has gone to the first find, the words
/// are marked in the tree and the detail, and the box counts the finds.
fn app_searching() -> App {
    let mut app = app_on("senior-leadership");
    press(&mut app, &[KeyCode::Char('/')]);
    for c in "trust".chars() {
        press(&mut app, &[KeyCode::Char(c)]);
    }
    app
}

#[test]
fn search_80x24() {
    let mut app = app_searching();
    let screen = draw(&mut app, 80, 24);
    let text = format!("{screen}");
    assert!(text.contains("/ trust"), "{text}");
    assert!(text.contains(" of "), "{text}");
    insta::assert_snapshot!(screen);
}

#[test]
fn search_40x12() {
    let mut app = app_searching();
    let screen = draw(&mut app, 40, 12);
    assert!(format!("{screen}").contains("/ trust"));
    insta::assert_snapshot!(screen);
}

fn app_in_session() -> App {
    let mut app = app_with_history();
    press(
        &mut app,
        &[
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Char('S'),
            KeyCode::Char('r'),
        ],
    );
    app
}

/// Session mode at 80x24: whose level the numbers set is in the title.
#[test]
fn session_mode_80x24() {
    let mut app = app_in_session();
    let screen = draw(&mut app, 80, 24);
    assert!(format!("{screen}").contains("Numbers rate: Sam Patel"));
    insta::assert_snapshot!(screen);
}

/// At 40x12 the page shows the top; the rest is reached by scrolling (End
/// goes to the last line).
#[test]
fn session_mode_40x12_top_and_end() {
    let mut app = app_in_session();
    let top = draw(&mut app, 40, 12);
    assert!(format!("{top}").contains("Numbers rate"));
    assert!(format!("{top}").contains("more below: PgDn"), "{top}");
    insta::assert_snapshot!("session_mode_40x12_top", top);
    press(&mut app, &[KeyCode::End]);
    let end = draw(&mut app, 40, 12);
    assert!(format!("{end}").contains("thinner on delivery"), "{end}");
    assert!(!format!("{end}").contains("more below"), "{end}");
    insta::assert_snapshot!("session_mode_40x12_end", end);
}

/// The filter list over the tree, one ticked, and the tree it leaves.
fn app_filtering() -> App {
    let mut app = app_on("senior-leadership");
    press(&mut app, &[KeyCode::Char('f'), KeyCode::Char(' ')]);
    app
}

#[test]
fn filters_80x24() {
    let mut app = app_filtering();
    let screen = draw(&mut app, 80, 24);
    let text = format!("{screen}");
    assert!(text.contains("[x] unrated at this stage"), "{text}");
    insta::assert_snapshot!(screen);
}

#[test]
fn filters_40x12() {
    let mut app = app_filtering();
    insta::assert_snapshot!("filters_40x12_list", draw(&mut app, 40, 12));
    press(&mut app, &[KeyCode::Esc]);
    let tree = draw(&mut app, 40, 12);
    assert!(format!("{tree}").contains("55 of 56"), "{tree}");
    insta::assert_snapshot!("filters_40x12_tree", tree);
}

/// The compare view's list at 80 columns: every row names its stage and
/// its change, and the standard's words take the rest of the width.
#[test]
fn compare_view_80x24_shows_the_stage_and_change_on_every_row() {
    let mut app = app_with_history();
    press(
        &mut app,
        &[KeyCode::Char('c'), KeyCode::Char('f'), KeyCode::End],
    );
    let screen = draw(&mut app, 80, 24);
    let text = format!("{screen}");
    for row in ["Acquiring  up 1", "Gaining    down 1"] {
        assert!(text.contains(row), "{row}: {text}");
    }
    insta::assert_snapshot!(screen);
}

/// At 40x12 the start screen shows the part with focus whole: the
/// frameworks to choose from, then the two fields, each readable.
#[test]
fn start_screen_40x12() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Home::at(dir.path()), None, Clock::Fixed("14:03:41".into()));
    let list = draw(&mut app, 40, 12);
    let text = format!("{list}");
    assert!(text.contains("● Local Government Senior"), "{text}");
    assert!(text.contains("○ Local Government Chief"), "{text}");
    insta::assert_snapshot!("start_screen_40x12_frameworks", list);
    press(&mut app, &[KeyCode::Tab]);
    let fields = draw(&mut app, 40, 12);
    assert!(format!("{fields}").contains("Name"));
    insta::assert_snapshot!("start_screen_40x12_fields", fields);
}

/// Who rates: Sam rating, Kim added then removed (kept under Archived).
fn app_with_raters() -> App {
    let mut app = app_in_session();
    // Removed "today": a fixed day, so the snapshot keeps.
    app.clock = Clock::At(
        "2027-03-15T10:00:00Z"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .to_zoned(jiff::tz::TimeZone::UTC),
    );
    press(&mut app, &[KeyCode::Char('w'), KeyCode::Char('a')]);
    press(
        &mut app,
        &[KeyCode::Char('K'), KeyCode::Char('i'), KeyCode::Char('m')],
    );
    press(
        &mut app,
        &[KeyCode::Enter, KeyCode::Char('x'), KeyCode::Enter],
    );
    app
}

#[test]
fn raters_80x24() {
    let mut app = app_with_raters();
    let screen = draw(&mut app, 80, 24);
    let text = format!("{screen}");
    assert!(text.contains("Sam Patel (coach) · 1 level"), "{text}");
    assert!(text.contains("Archived"), "{text}");
    assert!(
        text.contains("Kim (coach) · nothing yet · removed 2027-03-15"),
        "{text}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn raters_40x12() {
    let mut app = app_with_raters();
    let screen = draw(&mut app, 40, 12);
    let text = format!("{screen}");
    assert!(
        text.contains("Kim (coach)"),
        "the selected row is in view: {text}"
    );
    insta::assert_snapshot!(screen);
}

/// The compare view at 40x12: each theme and stage with its rated count
/// and mean level before → now, and (at the end) the standards that moved.
#[test]
fn compare_view_40x12() {
    let mut app = app_with_history();
    press(&mut app, &[KeyCode::Char('c')]);
    let top = draw(&mut app, 40, 12);
    let text = format!("{top}");
    assert!(text.contains("rated      mean"), "{text}");
    assert!(text.contains("1→2   3.0→3.5"), "{text}");
    insta::assert_snapshot!("compare_view_40x12_top", top);
    press(&mut app, &[KeyCode::End]);
    let end = draw(&mut app, 40, 12);
    assert!(format!("{end}").contains("was→now"), "{end}");
    insta::assert_snapshot!("compare_view_40x12_end", end);
}

/// A Senior Leadership assessment with levels that propose strengths and
/// priorities, a pinned priority, an objective agreed with the Leader and
/// actions in each state (one overdue), on the plan screen.
fn app_with_plan() -> App {
    use reflect::model::plan::{
        Action as PlanAction, ActionKind, Link, Objective, Status, StatusSet,
    };
    use reflect::model::proposals::PinKind;
    let mut app = app_on("senior-leadership");
    let ws = app.workspace_mut().unwrap();
    let fw = ws.doc.framework.clone();
    let a = &mut ws.doc.assessment;
    let review = a.current_mut();
    for (t, level) in [(1, 4), (2, 1), (3, 2)] {
        for standard in &fw.themes[t].standards {
            review.mark_mut(&standard.id, "knowledge").rating = Rating::Level(level);
        }
    }
    review.pin_proposal(
        PinKind::Priority,
        &fw.themes[2].id,
        "knowledge",
        "among your lowest: 1.0 over 3 levels",
    );
    let on = |status, d| StatusSet { status, on: d };
    a.plan.objectives.push(Objective {
        id: 1,
        measure: "Adopted by cabinet".into(),
        priority: "Thriving places".into(),
        agreed_by: Some("leader".into()),
        agreed_name: "Cllr Ada Jones (Leader or mayor)".into(),
        agreed_on: Some(date(2026, 2, 20)),
        due: Some(date(2099, 6, 30)),
        history: vec![on(Status::Planned, date(2026, 2, 20))],
        ..Objective::new("Adopt the place strategy")
    });
    a.plan.actions = vec![
        PlanAction {
            id: 1,
            kind: ActionKind::Programme,
            links: vec![Link::theme(&fw.themes[2].id, Some("knowledge"))],
            offer: Some("tlp".into()),
            objective: Some(1),
            due: Some(date(2020, 1, 31)),
            history: vec![on(Status::Planned, date(2026, 2, 1))],
            ..PlanAction::new("Join the Total Leadership Programme")
        },
        PlanAction {
            id: 2,
            kind: ActionKind::Reading,
            status: Status::Done,
            evidence: "Notes shared with the team".into(),
            history: vec![
                on(Status::Planned, date(2026, 2, 1)),
                on(Status::Done, date(2026, 2, 25)),
            ],
            ..PlanAction::new("Read the Leaders' guidance on appraisal")
        },
        PlanAction {
            id: 3,
            kind: ActionKind::Stretch,
            status: Status::InProgress,
            due: Some(date(2099, 3, 31)),
            history: vec![on(Status::InProgress, date(2026, 2, 10))],
            ..PlanAction::new("Secondment to the combined authority")
        },
    ];
    app.update(Action::Plan);
    app
}

#[test]
fn plan_80x24() {
    let mut app = app_with_plan();
    insta::assert_snapshot!(draw(&mut app, 80, 24));
}

#[test]
fn plan_40x12() {
    let mut app = app_with_plan();
    insta::assert_snapshot!(draw(&mut app, 40, 12));
}

#[test]
fn plan_action_selected_80x24() {
    let mut app = app_with_plan();
    app.update(Action::Last);
    insta::assert_snapshot!(draw(&mut app, 80, 24));
}

#[test]
fn plan_form_40x12() {
    let mut app = app_with_plan();
    app.update(Action::AddObjective);
    insta::assert_snapshot!(draw(&mut app, 40, 12));
}

#[test]
fn offers_80x24() {
    let mut app = app_with_plan();
    // From the pinned priority: the offers serving its theme and stage.
    app.update(Action::Offers);
    insta::assert_snapshot!(draw(&mut app, 80, 24));
}

#[test]
fn offers_40x12() {
    let mut app = app_with_plan();
    app.update(Action::Offers);
    insta::assert_snapshot!(draw(&mut app, 40, 12));
}

/// The summary of a second review with a coach: the heat map with arrows
/// against the first review, and a chart per stage.
#[test]
fn summary_80x24() {
    let mut app = app_with_history();
    press(&mut app, &[KeyCode::Char('v')]);
    let screen = draw(&mut app, 80, 24);
    let text = format!("{screen}");
    assert!(
        text.contains("Summary · \"2027 annual review\" · Alex Example (self)"),
        "{text}"
    );
    assert!(text.contains("3.5↑ 2/6"), "{text}");
    assert!(
        text.contains('░') && text.contains('█'),
        "bars now and before: {text}"
    );
    insta::assert_snapshot!(screen);
    // The coach's levels: the same screen, their numbers.
    press(&mut app, &[KeyCode::Char('v')]);
    let coach = format!("{}", draw(&mut app, 80, 24));
    assert!(
        coach.contains("Sam Patel (coach)") && coach.contains("2.0* 1/6"),
        "{coach}"
    );
}

#[test]
fn summary_40x12() {
    let mut app = app_with_history();
    press(&mut app, &[KeyCode::Char('v')]);
    let top = draw(&mut app, 40, 12);
    assert!(format!("{top}").contains("3.5↑"), "{top}");
    insta::assert_snapshot!("summary_40x12_top", top);
    // Scrolled to the end: the chart of one stage, the next with Tab.
    press(&mut app, &[KeyCode::End]);
    let end = draw(&mut app, 40, 12);
    assert!(
        format!("{end}").contains("◂ Acquiring knowledge ▸"),
        "{end}"
    );
    assert!(
        format!("{end}").contains("1  2  3  4"),
        "the theme numbers: {end}"
    );
    insta::assert_snapshot!("summary_40x12_end", end);
    // However far one scrolls on, one ↑ moves back at once.
    press(
        &mut app,
        &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Up],
    );
    let up = format!("{}", draw(&mut app, 40, 12));
    assert_ne!(up, format!("{end}"));
    press(&mut app, &[KeyCode::Down]);
    assert_eq!(format!("{}", draw(&mut app, 40, 12)), format!("{end}"));
    press(&mut app, &[KeyCode::Tab]);
    let next = format!("{}", draw(&mut app, 40, 12));
    assert!(next.contains("◂ Gaining experience ▸"), "{next}");
}

/// Under `mono` (no colour at all) the summary says the same: the levels,
/// arrows and bars are characters, not colours.
#[test]
fn summary_under_mono_keeps_every_mark() {
    let mut app = app_with_history();
    press(&mut app, &[KeyCode::Char('v')]);
    let coloured = draw(&mut app, 80, 24);
    app.theme = reflect::theme::Theme::mono();
    let mono = draw(&mut app, 80, 24);
    assert_eq!(format!("{coloured}"), format!("{mono}"));
    let cells = mono.buffer().content();
    assert!(
        cells
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset)
    );
    for mark in ["↑", "↓", "░", "█", "3.5"] {
        assert!(format!("{mono}").contains(mark), "{mark}");
    }
}

#[test]
fn cohort_80x24() {
    let mut app = cohort_app();
    insta::assert_snapshot!("cohort_80x24", draw(&mut app, 80, 24));
    // Into the second theme: its standards by stage, with the focused one's distribution.
    press(&mut app, &[KeyCode::Down, KeyCode::Enter, KeyCode::Down]);
    insta::assert_snapshot!("cohort_80x24_theme", draw(&mut app, 80, 24));
}

#[test]
fn cohort_40x12() {
    let mut app = cohort_app();
    insta::assert_snapshot!("cohort_40x12_top", draw(&mut app, 40, 12));
    // Everything is reachable: the end shows the files skipped.
    press(&mut app, &[KeyCode::End]);
    let end = draw(&mut app, 40, 12);
    insta::assert_snapshot!("cohort_40x12_end", end);
}
