//! Every screen draws at every terminal size from 1x1 to 300x100 without a panic.

mod support;

use jiff::civil::date;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use reflect::app::{Action, App, Clock};
use reflect::format::framework as bundled;
use reflect::model::assessment::FrameworkRef;
use reflect::model::{Assessment, Person, Rating, Review};
use reflect::store::{Document, Home};

/// A note that tries hard to break layout: tabs, a very long line, wide and combining characters, RTL.
const SWEEP_HEIGHT: u16 = 100;

const AWKWARD: &str = "\tTabbed\tcolumns\there\n日本語のメモ 🙂🙂🙂 e\u{301} עברית مرحبا\n";

fn app_on(id: &str) -> App {
    let framework = bundled::by_id(id).unwrap().unwrap();
    let mut a = Assessment::new(
        FrameworkRef {
            id: framework.id.clone(),
            version: framework.version.clone(),
        },
        Person {
            name: "Ẓoë 名前 O'Neill".into(),
            role: "Director".into(),
            organisation: String::new(),
        },
        Review::new("2026 review", date(2026, 3, 1)),
    );
    for (_, s) in framework.standards().take(5) {
        for stage in framework.stages_of(s) {
            let m = a.current_mut().mark_mut(&s.id, &stage.id);
            m.rating = Rating::Level(2);
            m.note = format!("{AWKWARD}{}", "long line without breaks ".repeat(60));
        }
    }
    App::new(
        Home::at("/nowhere"),
        Some(Document::detached("/nowhere/x.ron", a, framework)),
        Clock::Fixed("12:00:00".into()),
    )
}

/// The screens to sweep, each reached through actions as a user would.
fn screens() -> Vec<(&'static str, App)> {
    let mut out = Vec::new();
    out.push((
        "start",
        App::new(Home::at("/nowhere"), None, Clock::Fixed("12:00:00".into())),
    ));
    out.push(("root", app_on("senior-leadership")));
    let mut standard = app_on("senior-leadership");
    for a in [Action::Open, Action::Down] {
        standard.update(a);
    }
    out.push(("standard", standard));
    let mut editor = app_on("senior-leadership");
    for a in [Action::Open, Action::Down, Action::EditNote] {
        editor.update(a);
    }
    out.push(("editor", editor));
    let mut help = app_on("chief-executives");
    help.update(Action::ToggleHelp);
    out.push(("help", help));
    let mut stages = app_on("chief-executives");
    for a in [
        Action::Open,
        Action::Down,
        Action::Open,
        Action::Down,
        Action::Last,
    ] {
        stages.update(a);
    }
    out.push(("stage groups", stages));
    let mut confirm = app_on("senior-leadership");
    for a in [Action::Open, Action::Down, Action::ClearMark] {
        confirm.update(a);
    }
    assert!(confirm.confirm().is_some(), "the clear-mark question is up");
    out.push(("confirm", confirm));
    // A second review with a coach: the compare view, session mode and the rater prompt.
    let mut session = app_on("senior-leadership");
    for a in [
        Action::Open,
        Action::Down,
        Action::StartReview,
        Action::Confirm,
        Action::Confirm,
        Action::Confirm,
    ] {
        session.update(a);
    }
    let mut compare = app_on("senior-leadership");
    for a in [
        Action::StartReview,
        Action::Confirm,
        Action::Confirm,
        Action::Confirm,
        Action::Compare,
    ] {
        compare.update(a);
    }
    assert_eq!(compare.mode(), reflect::app::Mode::Compare);
    out.push(("compare", compare));
    // The summary of a second review, and its question before the pack.
    for question in [false, true] {
        let mut summary = app_on("chief-executives");
        for a in [
            Action::StartReview,
            Action::Confirm,
            Action::Confirm,
            Action::Confirm,
            Action::Summary,
        ] {
            summary.update(a);
        }
        assert_eq!(summary.mode(), reflect::app::Mode::Summary);
        if question {
            summary.update(Action::WritePack);
            assert_eq!(summary.mode(), reflect::app::Mode::Confirm);
        }
        out.push((if question { "pack question" } else { "summary" }, summary));
    }
    for a in [Action::Session, Action::AddRater] {
        session.update(a);
    }
    assert_eq!(session.mode(), reflect::app::Mode::Prompt);
    session.update(Action::Back);
    assert_eq!(session.mode(), reflect::app::Mode::Session);
    out.push(("session", session));
    let mut title = app_on("chief-executives");
    title.update(Action::StartReview);
    out.push(("review title prompt", title));
    let mut date = app_on("chief-executives");
    date.update(Action::StartReview);
    date.update(Action::Confirm);
    out.push(("review date prompt", date));
    let mut search = app_on("senior-leadership");
    search.update(Action::Search);
    search.update(Action::Paste("trust".into()));
    assert_eq!(search.mode(), reflect::app::Mode::Search);
    out.push(("search", search));
    let mut filters = app_on("senior-leadership");
    filters.update(Action::Filters);
    filters.update(Action::Confirm);
    assert_eq!(filters.mode(), reflect::app::Mode::Filters);
    out.push(("filters", filters));
    out.push(("cohort", support::cohort_app()));
    let mut drilled = support::cohort_app();
    drilled.update(Action::Open);
    out.push(("cohort, a theme's standards", drilled));
    out
}

#[test]
fn every_screen_draws_at_every_size_from_1x1_to_300x100() {
    let screens = screens();
    let count = screens.len();
    std::thread::scope(|scope| {
        for (name, mut app) in screens {
            scope.spawn(move || {
                // One allocation, resized to each size exactly as a terminal's would be.
                let mut buf = Buffer::empty(Rect::new(0, 0, 300, SWEEP_HEIGHT));
                for width in 1..=300u16 {
                    for height in 1..=SWEEP_HEIGHT {
                        app.update(Action::Resize(width, height));
                        let area = Rect::new(0, 0, width, height);
                        buf.resize(area);
                        buf.reset();
                        let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            (&app).render(area, &mut buf);
                        }));
                        assert!(drawn.is_ok(), "{name} panicked at {width}x{height}");
                    }
                }
            });
        }
    });
    assert_eq!(count, 17);
}
