use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn ch(c: char) -> KeyEvent {
    press(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn the_defaults_parse_and_every_mode_has_keys_and_a_help_section() {
    let keymap = Keymap::from_ron(default_keys()).unwrap();
    // One key file to copy, each table under its mode's name.
    for mode in Mode::ALL {
        let name = crate::format::to_ron(&mode).unwrap();
        assert!(
            default_keys().contains(&format!("\n    {}: {{\n", name.trim())),
            "{mode:?} is not a table of the defaults"
        );
    }
    for mode in Mode::ALL {
        assert!(!keymap.table(mode).is_empty(), "{mode:?} has no keys");
        assert!(
            HELP_SECTIONS.iter().any(|(m, _)| *m == mode),
            "{mode:?} has no help section"
        );
        // Every mode can be left or answered, and reflect quit.
        assert!(
            keymap.key(mode, &Action::Quit).is_some(),
            "{mode:?} cannot quit"
        );
    }
    // Every action a key can do has a key somewhere.
    for action in ACTIONS {
        assert!(
            Mode::ALL
                .iter()
                .any(|&mode| keymap.key(mode, action).is_some()),
            "{action:?} has no key"
        );
    }
}

#[test]
fn keys_map_to_actions_by_mode() {
    let keymap = Keymap::default();
    assert_eq!(
        keymap.action(Mode::Browse, ch('3')),
        Some(Action::SetLevel(3))
    );
    assert_eq!(keymap.action(Mode::Browse, ch('q')), Some(Action::Quit));
    // In the editor and a prompt, q is just a letter.
    for mode in [Mode::Editor, Mode::Prompt, Mode::StartText] {
        assert!(matches!(
            keymap.action(mode, ch('q')),
            Some(Action::Input(_))
        ));
    }
    assert_eq!(
        keymap.action(Mode::Editor, press(KeyCode::Esc, KeyModifiers::NONE)),
        Some(Action::Back)
    );
    assert_eq!(keymap.action(Mode::Browse, ch('z')), None);
    assert_eq!(
        keymap.action(Mode::Session, press(KeyCode::Right, KeyModifiers::NONE)),
        Some(Action::NextStandard)
    );
    // A capital with or without SHIFT reported.
    for modifiers in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
        assert_eq!(
            keymap.action(Mode::Browse, press(KeyCode::Char('R'), modifiers)),
            Some(Action::StartReview)
        );
    }
}

/// crossterm reports Shift-Tab as BackTab with SHIFT; it never matched.
#[test]
fn shift_tab_works() {
    let keymap = Keymap::default();
    let shift_tab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(
        keymap.action(Mode::Browse, shift_tab),
        Some(Action::PrevStage)
    );
    assert_eq!(
        keymap.action(Mode::Start, shift_tab),
        Some(Action::PrevField)
    );
    assert_eq!(
        keymap.key(Mode::Browse, &Action::PrevStage).as_deref(),
        Some("Shift-Tab")
    );
}

#[test]
fn a_user_file_rebinds_unbinds_and_its_keys_are_the_ones_hinted() {
    let mut keymap = Keymap::default();
    keymap
        .overlay(
            r#"{
                browse: { "ctrl-q": Quit, "q": None, "shift-tab": Undo },
                session: { "x": NextStandard },
            }"#,
        )
        .unwrap();
    assert_eq!(keymap.action(Mode::Browse, ch('q')), None);
    assert_eq!(
        keymap.action(
            Mode::Browse,
            press(KeyCode::Char('q'), KeyModifiers::CONTROL)
        ),
        Some(Action::Quit)
    );
    assert_eq!(
        keymap.action(Mode::Browse, press(KeyCode::BackTab, KeyModifiers::SHIFT)),
        Some(Action::Undo)
    );
    assert_eq!(
        keymap.key(Mode::Browse, &Action::Quit).as_deref(),
        Some("Ctrl-q")
    );
    assert_eq!(
        keymap.hints(Mode::Browse, &[(Action::Quit, "quit")]),
        "Ctrl-q quit"
    );
    // The user's key comes first; the defaults still work.
    assert_eq!(keymap.keys(Mode::Session, &Action::NextStandard)[0], "x");
    assert_eq!(
        keymap.action(Mode::Session, press(KeyCode::Right, KeyModifiers::NONE)),
        Some(Action::NextStandard)
    );
    // Other modes are as they were.
    assert_eq!(keymap.action(Mode::Compare, ch('q')), Some(Action::Quit));
    assert!(
        keymap
            .help(Mode::Browse)
            .iter()
            .any(|(keys, _)| keys.contains("Ctrl-q"))
    );
}

#[test]
fn a_bad_key_file_is_an_error_at_its_place_and_changes_nothing() {
    let cases = [
        // An action that does not exist.
        ("{\n  browse: { \"q\": Qiut },\n}", 2, "Qiut"),
        // A key that does not exist.
        (
            "{\n  browse: {\n    \"ctrl-banana\": Quit,\n  },\n}",
            3,
            "ctrl-banana",
        ),
        // What comes from the terminal cannot be bound.
        ("{\n  browse: { \"q\": Tick },\n}", 2, "cannot be bound"),
        // A mode that does not exist.
        ("{\n  bowse: { \"q\": Quit },\n}", 2, "bowse"),
        // A key given twice in a mode.
        (
            "{\n  browse: { \"q\": Quit,\n   \"q\": Undo },\n}",
            3,
            "the key q is given twice",
        ),
        // Not RON.
        ("{ browse: { \"q\" Quit } }", 1, ""),
        // A capital written as one: it would be read as the small letter.
        ("{\n  browse: { \"W\": Quit },\n}", 2, "shift-w"),
    ];
    for (text, line, says) in cases {
        let mut keymap = Keymap::default();
        let err = keymap.overlay(text).unwrap_err();
        assert_eq!(err.line, line, "{text}: {err}");
        assert!(err.col >= 1);
        assert!(err.message.contains(says), "{text}: {err}");
        assert_eq!(keymap, Keymap::default(), "{text} changed the keys");
    }
}

#[test]
fn the_level_keys_are_one_help_line() {
    let keymap = Keymap::default();
    let help = keymap.help(Mode::Browse);
    assert_eq!(
        help.iter().filter(|(k, _)| k.contains('…')).count(),
        1,
        "{help:?}"
    );
    assert_eq!(keymap.level_keys(Mode::Browse, 5).as_deref(), Some("1-5"));
    for (keys, _) in &help {
        assert!(!keys.is_empty());
    }
}

#[test]
fn every_action_has_a_name_a_key_file_can_use() {
    for action in ACTIONS {
        let text = format!(
            "{{ browse: {{ \"f9\": {} }} }}",
            crate::format::to_ron(action).unwrap()
        );
        let mut keymap = Keymap::default();
        keymap.overlay(&text).unwrap();
        assert_eq!(
            keymap
                .action(Mode::Browse, press(KeyCode::F(9), KeyModifiers::NONE))
                .as_ref(),
            Some(action),
        );
        assert!(!action.name().is_empty());
    }
}

#[test]
fn templates_name_the_keys_of_the_keymap() {
    let mut keymap = Keymap::default();
    assert_eq!(
        keymap.fill(
            Mode::Browse,
            "Cleared. {Undo} undoes it; {Nope} and { stay."
        ),
        "Cleared. u undoes it; {Nope} and { stay."
    );
    keymap
        .overlay(r#"{ browse: { "u": None, "ctrl-z": None, "alt-u": Undo } }"#)
        .unwrap();
    assert_eq!(
        keymap.fill(Mode::Browse, "{Undo} undoes it"),
        "Alt-u undoes it"
    );
    keymap.overlay(r#"{ browse: { "alt-u": None } }"#).unwrap();
    assert_eq!(
        keymap.fill(Mode::Browse, "{Undo} undoes it"),
        "(no key for Undo) undoes it"
    );
}

#[test]
fn a_keys_file_may_not_leave_a_screen_with_no_way_to_quit() {
    let mut keymap = Keymap::default();
    let err = keymap
        .overlay("{\n  browse: { \"q\": None, \"ctrl-c\": None },\n}")
        .unwrap_err();
    assert_eq!((err.line, err.col), (2, 3), "{err}");
    assert!(err.message.contains("browse with no key to quit"), "{err}");
    assert_eq!(keymap, Keymap::default(), "nothing changed");
    // Quitting on another key is fine.
    keymap
        .overlay("{ browse: { \"q\": None, \"ctrl-c\": None, \"ctrl-q\": Quit } }")
        .unwrap();
}

#[test]
fn a_mistyped_action_is_named_without_the_actions_that_cannot_be_bound() {
    let err = Keymap::default()
        .overlay("{ browse: { \"w\": Qit } }")
        .unwrap_err()
        .to_string();
    assert!(err.contains("Qit"), "{err}");
    assert!(err.contains("reflect keys"), "{err}");
    for hidden in ["Input", "Paste", "Resize", "Tick"] {
        assert!(!err.contains(hidden), "{err}");
    }
}
