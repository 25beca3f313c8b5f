//! Dated backups, restore, the last good backup, and rescue copies: every
//! version reflect saved is somewhere the user can get it back from.
//!
//! Every test works in its own temporary home; none reads or sets the
//! environment.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use reflect::format::framework as bundled;
use reflect::model::{Assessment, Rating};
use reflect::store::{
    self, BackupKind, Document, Home, OpenError, RestoreError, load_assessment, new_assessment,
};
use tempfile::TempDir;

fn temp_home() -> (TempDir, Home) {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    (dir, home)
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// A new assessment in `home`, opened as the app opens it.
fn opened(home: &Home, name: &str) -> Document {
    let fw = bundled::by_id("senior-leadership").unwrap().unwrap();
    let path = new_assessment(home, &fw, name, "", None).unwrap();
    store::open(home, &path).unwrap()
}

/// Change the document's words (to "version `n`") and save.
fn edit_and_save(doc: &mut Document, n: usize) -> store::Saved {
    doc.assessment
        .current_mut()
        .mark_mut("sl.place.1", "knowledge")
        .note = format!("version {n}");
    doc.save_reporting().unwrap()
}

fn note(a: &Assessment) -> String {
    a.current()
        .mark("sl.place.1", "knowledge")
        .map(|m| m.note.clone())
        .unwrap_or_default()
}

fn dated(home: &Home, path: &Path) -> Vec<PathBuf> {
    store::list_backups(home, path)
        .into_iter()
        .filter(|b| b.kind == BackupKind::Dated)
        .map(|b| b.path)
        .collect()
}

fn names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

// ------------------------------------------------------------ dated backups

#[test]
fn each_save_that_changes_the_file_leaves_a_private_dated_backup() {
    let (_dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    let created = fs::read(&doc.path).unwrap();
    let dir = doc.backups_dir().unwrap().to_path_buf();
    assert_eq!(dir, home.root().join("backups").join("jane"));
    assert!(dated(&home, &doc.path).is_empty(), "nothing saved yet");

    let saved = edit_and_save(&mut doc, 1);
    assert!(saved.written);
    let first = saved.backup.unwrap().unwrap();
    assert_eq!(first.parent(), Some(dir.as_path()));
    assert_eq!(fs::read(&first).unwrap(), fs::read(&doc.path).unwrap());
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&home.root().join("backups")), 0o700);
    assert_eq!(mode(&first), 0o600);
    // The file as `reflect new` made it had no backup: it is kept too.
    let all = dated(&home, &doc.path);
    assert_eq!(all.len(), 2, "{:?}", names(&all));
    assert_eq!(all[0], first, "newest first");
    assert_eq!(fs::read(&all[1]).unwrap(), created);

    // Saving unchanged words writes nothing and backs nothing up.
    let again = doc.save_reporting().unwrap();
    assert!(!again.written);
    assert!(again.backup.is_none());
    assert_eq!(dated(&home, &doc.path).len(), 2);

    let second = edit_and_save(&mut doc, 2).backup.unwrap().unwrap();
    let all = dated(&home, &doc.path);
    assert_eq!(all.len(), 3, "the previous version was already backed up");
    assert_eq!(all[0], second);
    assert_eq!(note(&load_assessment(&second).unwrap()), "version 2");
    assert_eq!(note(&load_assessment(&all[1]).unwrap()), "version 1");
    // Names sort by age.
    let mut sorted = names(&all);
    sorted.sort();
    sorted.reverse();
    assert_eq!(sorted, names(&all));
    for name in names(&all) {
        assert!(
            name.starts_with("jane.2") && name.ends_with("Z.ron"),
            "{name}"
        );
    }
}

#[test]
fn many_saves_keep_the_newest_ten_and_nothing_else() {
    let (_dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    for n in 1..=15 {
        edit_and_save(&mut doc, n);
    }
    let all = dated(&home, &doc.path);
    // All made today, so the newest of today is among the newest ten.
    assert_eq!(all.len(), 10, "{:?}", names(&all));
    let notes: Vec<String> = all
        .iter()
        .map(|p| note(&load_assessment(p).unwrap()))
        .collect();
    let expected: Vec<String> = (6..=15).rev().map(|n| format!("version {n}")).collect();
    assert_eq!(notes, expected);
    // No temporary files are left in the backups folder.
    let dir = doc.backups_dir().unwrap();
    assert_eq!(fs::read_dir(dir).unwrap().count(), 10);
}

#[test]
fn a_hand_edit_between_saves_is_never_saved_over_unasked_and_outlives_pruning() {
    let (_dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    edit_and_save(&mut doc, 1);
    let hand = fs::read_to_string(&doc.path)
        .unwrap()
        .replace("version 1", "edited by hand");
    fs::write(&doc.path, &hand).unwrap();
    // The next save finds it and refuses.
    doc.assessment
        .current_mut()
        .mark_mut("sl.place.1", "knowledge")
        .note = "version 2".into();
    let err = doc.save().unwrap_err();
    assert!(store::is_changed_on_disk(&err), "{err}");
    assert_eq!(fs::read_to_string(&doc.path).unwrap(), hand);
    // Keep mine: theirs goes to a conflict copy beside the file, then
    // saves go on, and the hand edit is kept as a found backup that many
    // more saves do not prune.
    let copy = doc.set_theirs_aside(&home).unwrap().unwrap();
    assert_eq!(fs::read_to_string(&copy).unwrap(), hand);
    for n in 2..=20 {
        edit_and_save(&mut doc, n);
    }
    let notes: Vec<String> = dated(&home, &doc.path)
        .iter()
        .map(|p| note(&load_assessment(p).unwrap()))
        .collect();
    assert!(notes.contains(&"edited by hand".to_owned()), "{notes:?}");
    assert_eq!(notes[0], "version 20");
    assert_eq!(
        notes.len(),
        11,
        "the newest ten and the found one: {notes:?}"
    );
    assert_eq!(fs::read_to_string(&copy).unwrap(), hand, "the copy is left");
}

#[test]
fn a_detached_document_makes_no_dated_backups() {
    let (dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    let path = dir.path().join("elsewhere.ron");
    fs::copy(&doc.path, &path).unwrap();
    let mut detached = Document::detached(&path, doc.assessment.clone(), doc.framework.clone());
    assert_eq!(detached.backups_dir(), None);
    let saved = edit_and_save(&mut detached, 1);
    assert!(saved.written && saved.backup.is_none());
    drop(detached);
    edit_and_save(&mut doc, 1);
    let folders: Vec<_> = fs::read_dir(home.root().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(folders, ["jane"], "only the opened document's");
}

#[test]
fn a_backup_that_cannot_be_made_does_not_fail_the_save() {
    let (dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    // A regular file where the backups folder should be.
    fs::remove_dir_all(home.root().join("backups")).ok();
    fs::write(home.root().join("backups"), "in the way").unwrap();
    let saved = edit_and_save(&mut doc, 1);
    assert!(saved.written);
    let err = saved.backup.unwrap().unwrap_err();
    assert!(err.to_string().contains("backups"), "{err}");
    assert_eq!(note(&load_assessment(&doc.path).unwrap()), "version 1");
    assert!(doc.save().is_ok());
    drop(dir);
}

#[test]
fn files_with_the_same_name_in_different_folders_keep_separate_backups() {
    let (dir, home) = temp_home();
    let fw = bundled::by_id("senior-leadership").unwrap().unwrap();
    let mut docs = Vec::new();
    for folder in ["a", "b"] {
        fs::create_dir(dir.path().join(folder)).unwrap();
        let file = dir.path().join(folder).join("jane.ron");
        new_assessment(&home, &fw, folder, "", Some(&file)).unwrap();
        docs.push(store::open(&home, &file).unwrap());
    }
    edit_and_save(&mut docs[0], 1);
    edit_and_save(&mut docs[1], 2);
    let a = docs[0].backups_dir().unwrap();
    let b = docs[1].backups_dir().unwrap();
    assert_ne!(a, b);
    for doc in &docs {
        for backup in dated(&home, &doc.path) {
            let who = load_assessment(&backup).unwrap().person.name;
            assert_eq!(who, doc.assessment.person.name);
        }
    }
}

#[test]
fn opening_removes_temporary_files_left_by_a_killed_save() {
    let (_dir, home) = temp_home();
    let doc = opened(&home, "Jane");
    let path = doc.path.clone();
    drop(doc);
    let folder = home.assessments_dir();
    let stale = [
        folder.join(".jane.ron.Ab12Cd"),
        folder.join(".jane.ron.bak.Zz99zz"),
    ];
    for file in &stale {
        fs::write(file, "half a save").unwrap();
    }
    let other = folder.join(".notes.txt.Ab12Cd");
    fs::write(&other, "not ours").unwrap();
    let doc = store::open(&home, &path).unwrap();
    for file in &stale {
        assert!(!file.exists(), "{}", file.display());
    }
    assert!(other.exists());
    // Read-only openers leave them alone (a save may be under way).
    fs::write(&stale[0], "half a save").unwrap();
    let second = store::open(&home, &path).unwrap();
    assert!(second.read_only.is_some());
    assert!(stale[0].exists());
    drop(doc);
}

// ---------------------------------------------------------- failed saves

#[test]
fn a_save_into_a_removed_folder_fails_leaving_nothing_and_the_next_one_works() {
    let (dir, home) = temp_home();
    let fw = bundled::by_id("senior-leadership").unwrap().unwrap();
    let folder = dir.path().join("project");
    fs::create_dir(&folder).unwrap();
    let file = folder.join("jane.ron");
    new_assessment(&home, &fw, "Jane", "", Some(&file)).unwrap();
    let mut doc = store::open(&home, &file).unwrap();
    fs::remove_dir_all(&folder).unwrap();
    doc.assessment
        .current_mut()
        .mark_mut("sl.place.1", "knowledge")
        .note = "unsaved words".into();
    let err = doc.save().unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound, "{err}");
    assert!(!folder.exists(), "nothing made, nothing half-written");

    // A regular file where the folder was: still an error, nothing written.
    fs::write(&folder, "in the way").unwrap();
    assert!(doc.save().is_err());
    assert_eq!(fs::read_to_string(&folder).unwrap(), "in the way");

    // The folder is back: the next save writes everything, with backups.
    fs::remove_file(&folder).unwrap();
    fs::create_dir(&folder).unwrap();
    let saved = doc.save_reporting().unwrap();
    assert!(saved.written);
    assert!(saved.backup.unwrap().is_ok());
    assert_eq!(note(&load_assessment(&file).unwrap()), "unsaved words");
    let names: Vec<_> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["jane.ron"], "no temporary or partial files");
}

// ------------------------------------------------------- last good backup

#[test]
fn the_last_good_backup_is_the_newest_that_reads_else_the_bak() {
    let (_dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    let path = doc.path.clone();
    assert_eq!(store::last_good_backup(&home, &path), None);
    edit_and_save(&mut doc, 1);
    let second = edit_and_save(&mut doc, 2).backup.unwrap().unwrap();
    drop(doc);
    fs::write(&path, "(schema: 1, oops").unwrap();
    assert_eq!(store::last_good_backup(&home, &path), Some(second.clone()));
    let good = store::last_good(&home, &path).unwrap();
    assert!(good.saved.is_some());
    assert_eq!(good.kind, BackupKind::Dated);

    // A broken newest backup is passed over.
    fs::write(&second, "not RON").unwrap();
    let next = store::last_good_backup(&home, &path).unwrap();
    assert_ne!(next, second);
    assert_eq!(note(&load_assessment(&next).unwrap()), "version 1");

    // With no dated backup that reads, the .bak.
    for backup in dated(&home, &path) {
        fs::write(&backup, "not RON").unwrap();
    }
    assert_eq!(
        store::last_good_backup(&home, &path),
        Some(home.assessments_dir().join("jane.ron.bak"))
    );
    fs::write(home.assessments_dir().join("jane.ron.bak"), "(").unwrap();
    assert_eq!(store::last_good_backup(&home, &path), None);
}

// ---------------------------------------------------------------- restore

#[test]
fn restore_keeps_the_current_file_then_writes_the_backup_over_it() {
    let (_dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    let path = doc.path.clone();
    let first = edit_and_save(&mut doc, 1).backup.unwrap().unwrap();
    edit_and_save(&mut doc, 2);
    drop(doc);
    // The file is then broken by hand: a restore still keeps its bytes.
    fs::write(&path, "(schema: 1, half of my words").unwrap();
    let bak_before = fs::read(home.assessments_dir().join("jane.ron.bak")).unwrap();

    let restored = store::restore(&home, &path, &first).unwrap();
    assert!(!restored.unchanged);
    let kept = restored.kept.unwrap();
    assert_eq!(
        fs::read_to_string(&kept).unwrap(),
        "(schema: 1, half of my words"
    );
    assert_eq!(mode(&kept), 0o600);
    assert_eq!(fs::read(&path).unwrap(), fs::read(&first).unwrap());
    assert_eq!(mode(&path), 0o600);
    assert_eq!(note(&load_assessment(&path).unwrap()), "version 1");
    assert_eq!(
        fs::read(home.assessments_dir().join("jane.ron.bak")).unwrap(),
        bak_before,
        ".bak untouched"
    );
    // Restoring the same again changes nothing.
    let again = store::restore(&home, &path, &first).unwrap();
    assert!(again.unchanged && again.kept.is_none());
    // And the app opens it.
    assert!(store::open(&home, &path).unwrap().read_only.is_none());
}

#[test]
fn restore_refuses_while_another_reflect_has_the_file_open() {
    let (_dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    let first = edit_and_save(&mut doc, 1).backup.unwrap().unwrap();
    edit_and_save(&mut doc, 2);
    let before = fs::read(&doc.path).unwrap();
    let err = store::restore(&home, &doc.path, &first).unwrap_err();
    assert!(matches!(err, RestoreError::Locked { .. }), "{err}");
    assert!(err.to_string().contains("another reflect"), "{err}");
    assert_eq!(fs::read(&doc.path).unwrap(), before);
    let path = doc.path.clone();
    drop(doc);
    store::restore(&home, &path, &first).unwrap();
    assert_eq!(note(&load_assessment(&path).unwrap()), "version 1");
}

#[test]
fn restore_refuses_a_backup_that_does_not_read() {
    let (dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    edit_and_save(&mut doc, 1);
    let path = doc.path.clone();
    drop(doc);
    let before = fs::read(&path).unwrap();
    let count = dated(&home, &path).len();
    let broken = dir.path().join("broken.ron");
    fs::write(&broken, "(schema: 1,\n  oops").unwrap();
    let err = store::restore(&home, &path, &broken).unwrap_err();
    let RestoreError::Backup(OpenError::Parse { at, .. }) = &err else {
        panic!("expected a parse error, got {err:?}");
    };
    assert_eq!(at.line, 2);
    assert!(
        err.to_string()
            .starts_with(&format!("{}:2:", broken.display()))
    );
    let missing = store::restore(&home, &path, &dir.path().join("nowhere.ron")).unwrap_err();
    assert!(matches!(
        missing,
        RestoreError::Backup(OpenError::Io { .. })
    ));
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(
        dated(&home, &path).len(),
        count,
        "nothing kept: nothing changed"
    );
}

#[test]
fn restore_recreates_a_deleted_file() {
    let (_dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    let first = edit_and_save(&mut doc, 1).backup.unwrap().unwrap();
    let path = doc.path.clone();
    drop(doc);
    fs::remove_file(&path).unwrap();
    let restored = store::restore(&home, &path, &first).unwrap();
    assert_eq!(restored.kept, None);
    assert_eq!(note(&load_assessment(&path).unwrap()), "version 1");
}

#[test]
fn a_backup_is_found_by_its_name_or_the_start_of_it() {
    let (dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    let first = edit_and_save(&mut doc, 1).backup.unwrap().unwrap();
    let path = doc.path.clone();
    let name = first.file_name().unwrap().to_str().unwrap().to_owned();
    assert_eq!(
        store::resolve_backup(&home, &path, &name),
        Ok(first.clone())
    );
    // The whole time stamp, without the stem.
    let stamp = name.trim_start_matches("jane.").trim_end_matches(".ron");
    assert_eq!(
        store::resolve_backup(&home, &path, stamp),
        Ok(first.clone())
    );
    assert_eq!(
        store::resolve_backup(&home, &path, "jane.ron.bak"),
        Ok(home.assessments_dir().join("jane.ron.bak"))
    );
    // "jane.2" starts every dated backup's name: there are two.
    let err = store::resolve_backup(&home, &path, "jane.2").unwrap_err();
    assert!(err.contains("2 backups"), "{err}");
    let err = store::resolve_backup(&home, &path, "nothing-like-it").unwrap_err();
    assert!(err.contains("reflect backups"), "{err}");
    // Any file, by its path.
    let elsewhere = dir.path().join("copy.ron");
    fs::copy(&first, &elsewhere).unwrap();
    let given = elsewhere.to_str().unwrap();
    assert_eq!(
        store::resolve_backup(&home, &path, given),
        Ok(elsewhere.clone())
    );
    assert!(store::resolve_backup(&home, &path, "/no/such/file.ron").is_err());
    drop(doc);
}

// ---------------------------------------------------------------- rescue

#[test]
fn a_rescue_copy_holds_unsaved_words_when_the_folder_is_gone() {
    let (dir, home) = temp_home();
    let fw = bundled::by_id("senior-leadership").unwrap().unwrap();
    let folder = dir.path().join("project");
    fs::create_dir(&folder).unwrap();
    let file = folder.join("jane.ron");
    new_assessment(&home, &fw, "Jane", "", Some(&file)).unwrap();
    let mut doc = store::open(&home, &file).unwrap();
    fs::remove_dir_all(&folder).unwrap();
    let mark = doc
        .assessment
        .current_mut()
        .mark_mut("sl.place.1", "knowledge");
    mark.note = "an hour of careful writing".into();
    mark.rating = Rating::Level(4);
    assert!(doc.save().is_err(), "the folder is gone");
    let copy = store::rescue(&home, &doc.path, &doc.assessment).unwrap();
    assert!(copy.starts_with(home.root()), "{}", copy.display());
    assert_eq!(load_assessment(&copy).unwrap(), doc.assessment);
    assert_eq!(mode(&copy), 0o600);
}

#[test]
fn a_closed_review_s_file_is_backed_up_when_it_is_written() {
    let (_dir, home) = temp_home();
    let mut doc = opened(&home, "Jane");
    edit_and_save(&mut doc, 1);
    doc.assessment
        .start_review("Next", jiff::Zoned::now().date())
        .unwrap();
    doc.save().unwrap();
    let file = home.assessments_dir().join(&doc.assessment.earlier[0].file);
    let kept: Vec<PathBuf> = fs::read_dir(doc.backups_dir().unwrap().join("reviews"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(fs::read(&kept[0]).unwrap(), fs::read(&file).unwrap());
    assert_eq!(mode(&kept[0]), 0o600);
    // The dated backups of the assessment itself are not disturbed.
    assert!(dated(&home, &doc.path).iter().all(|p| p.is_file()));
}
