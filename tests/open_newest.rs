//! `reflect` with no file and no recent file opens the newest assessment
//! in the home that loads. Run without a terminal, the binary opens the
//! assessment (which makes it the recent file) and then stops, saying it
//! needs a terminal: the recent file afterwards is the one it chose.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

use reflect::format::framework as bundled;
use reflect::store::{self, Home};

mod support;

fn reflect_in(home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reflect"))
        .arg("--home")
        .arg(home)
        .env_remove("REFLECT_HOME")
        .stdin(Stdio::null())
        .output()
        .expect("run reflect")
}

/// A new assessment for `name`, last changed `minutes_ago`.
fn made(home: &Home, name: &str, minutes_ago: u64) -> PathBuf {
    let framework = bundled::by_id("senior-leadership").unwrap().unwrap();
    let path = store::new_assessment(home, &framework, name, "", None).unwrap();
    aged(&path, minutes_ago);
    path
}

fn aged(path: &Path, minutes_ago: u64) {
    support::set_mtime(
        path,
        SystemTime::now() - Duration::from_secs(60 * minutes_ago),
    );
}

#[test]
fn the_newest_assessment_that_loads_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    made(&home, "Older", 30);
    let chosen = made(&home, "Chosen", 20);
    // Newer, but passed over: broken, hidden, a backup, a folder.
    let broken = home.assessments_dir().join("broken.ron");
    fs::write(&broken, "(broken").unwrap();
    aged(&broken, 1);
    let hidden = home.assessments_dir().join(".hidden.ron");
    fs::copy(&chosen, &hidden).unwrap();
    aged(&hidden, 1);
    let bak = home.assessments_dir().join("older.ron.bak");
    fs::copy(&chosen, &bak).unwrap();
    aged(&bak, 1);
    fs::create_dir(home.assessments_dir().join("folder.ron")).unwrap();
    assert_eq!(home.recent(), None);

    let out = reflect_in(home.root());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    // Without a terminal it only says which it would open, and writes nothing.
    assert!(
        stderr.contains(&format!("would open {}", chosen.display())),
        "{stderr}"
    );
    assert_eq!(
        home.recent(),
        None,
        "nothing is remembered without a terminal"
    );
}

#[test]
fn the_newest_that_loads_but_cannot_open_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    made(&home, "Older", 30);
    let odd = made(&home, "Odd", 20);
    let text = fs::read_to_string(&odd)
        .unwrap()
        .replace("senior-leadership", "no-such-framework");
    fs::write(&odd, text).unwrap();

    let out = reflect_in(home.root());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("no-such-framework"), "{stderr}");
    assert!(stderr.contains("odd.ron"), "{stderr}");
    assert_eq!(home.recent(), None, "nothing was opened");
}

#[test]
fn an_empty_home_is_the_start_screen() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    let broken = home.assessments_dir().join("broken.ron");
    fs::create_dir_all(home.assessments_dir()).unwrap();
    fs::write(&broken, "(broken").unwrap();
    let out = reflect_in(home.root());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("needs a terminal"), "{stderr}");
    assert_eq!(home.recent(), None);
}
