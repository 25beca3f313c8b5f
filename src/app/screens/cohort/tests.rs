//! The cohort screen's keys, without a terminal.

use jiff::civil::date;

use super::*;
use crate::app::{Clock, Screen};
use crate::model::cohort::{CohortPerson, Pairs, PersonReview, build};
use crate::model::fixture;
use crate::model::share::RoleLevel;
use crate::report::cohort::SkippedFile;
use crate::store::Home;

/// Six people of the fixture framework, one with two reviews; one file skipped.
pub(crate) fn example_view() -> CohortView {
    let fw = fixture::framework();
    let pairs = Pairs::of(&fw);
    let people: Vec<CohortPerson> = (0..6u8)
        .map(|i| CohortPerson {
            key: format!("id:{i}"),
            name: None,
            role_level: Some(RoleLevel::Director),
            reviews: vec![PersonReview {
                title: "2026".into(),
                date: date(2026, 3, 1),
                levels: (0..pairs.len()).map(|k| 1 + (i + k as u8) % 5).collect(),
            }],
        })
        .collect();
    CohortView {
        groups: vec![build(&fw, &pairs, &people, &[], 5)],
        files: 6,
        skipped: vec![SkippedFile {
            path: "/hr/inbox/damaged.ron".into(),
            why: "damaged: line 1, column 41: Unexpected end of RON".into(),
        }],
        min_group: 5,
        prepared: "2026-12-03".into(),
    }
}

pub(crate) fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(Home::at(dir.path()), None, Clock::Fixed("12:00".into()));
    app.screen = Screen::Cohort(Box::new(CohortScreen::new(example_view())));
    app.update(Action::Resize(80, 24));
    (dir, app)
}

fn screen(app: &App) -> &CohortScreen {
    match &app.screen {
        Screen::Cohort(s) => s,
        _ => panic!("not the cohort screen"),
    }
}

#[test]
fn keys_move_among_themes_drill_into_one_and_back() {
    let (_dir, mut app) = app();
    assert_eq!(app.mode(), Mode::Cohort);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(screen(&app).theme, 1, "stops at the last theme");
    app.update(Action::Open);
    assert_eq!(screen(&app).drilled, Some(1));
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(screen(&app).standard, 2);
    app.update(Action::Back);
    assert_eq!(screen(&app).drilled, None);
    assert_eq!(screen(&app).theme, 1, "back where it was");
    app.update(Action::Quit);
    assert!(app.quit);
}

#[test]
fn its_help_shows_its_own_keys_not_the_assessments() {
    let (_dir, mut app) = app();
    app.update(Action::ToggleHelp);
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    ratatui::widgets::Widget::render(&app, area, &mut buf);
    let text: String = (0..24)
        .flat_map(|y| (0..80).map(move |x| (x, y)))
        .map(|(x, y)| buf[(x, y)].symbol().to_string())
        .collect();
    assert!(text.contains("The cohort view"), "{text}");
    assert!(!text.contains("Browsing and rating"), "{text}");
}
