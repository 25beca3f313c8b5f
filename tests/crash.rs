//! Kill reflect with SIGKILL at random moments while it saves, many times
//! over, and check the file every time: it must read, and hold exactly the
//! last state whose save returned or the one after it (a save that had
//! renamed its file into place but not yet returned), never a mix, never
//! nothing.
//!
//! The writer is this test binary itself, re-run as a child process that
//! runs only [`crash_writer_child`] with [`CHILD_ENV`] set: it opens the
//! assessment as the app does (`store::open`: lock, stale temporary files,
//! dated backups) and saves states 1, 2, 3, ... printing `SAVED n` after
//! each save returns. The parent kills it at a random moment (seeded:
//! `REFLECT_CRASH_SEED` replays a run), reads every `SAVED` line it got,
//! and checks the file.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use reflect::format::framework as bundled;
use reflect::model::assessment::FrameworkRef;
use reflect::model::{Assessment, Framework, Person, Rating, Review};
use reflect::store::{self, Home, load_assessment, save_assessment};

/// Set (to `HOME\nFILE\nFIRST`) only in the writer child.
const CHILD_ENV: &str = "REFLECT_CRASH_WRITER";
/// The writer's test name, for `--exact`.
const CHILD_TEST: &str = "crash_writer_child";
/// How many writers are killed at once, each on its own file: the saves
/// mostly wait for the disk, so two lanes take half the time of one.
const LANES: u64 = 2;
/// How many times each lane's writer is killed.
const KILLS_PER_LANE: u64 = 110;
/// State numbers of one round start at a multiple of this: no round saves
/// that many times, so every state ever saved is distinct.
const ROUND_STRIDE: u64 = 10_000;

fn framework() -> Framework {
    bundled::by_id("senior-leadership").unwrap().unwrap()
}

/// State `n`: a long note (tens of kilobytes, so a kill can land inside
/// a write) and ratings that differ from state to state, on standards and
/// stages the framework has (so opening it never has anything to migrate).
fn state(framework: &Framework, n: u64) -> Assessment {
    let mut a = Assessment::new(
        FrameworkRef {
            id: framework.id.clone(),
            version: framework.version.clone(),
        },
        Person {
            name: "Crash Test".into(),
            role: "Director of Resilience".into(),
            organisation: String::new(),
        },
        Review::new("Crash review", jiff::civil::date(2026, 11, 22)),
    );
    let places: Vec<(String, String)> = framework
        .standards()
        .flat_map(|(_, s)| {
            framework
                .stages_of(s)
                .map(|st| (s.id.clone(), st.id.clone()))
                .collect::<Vec<_>>()
        })
        .take(6)
        .collect();
    let mut x = n.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for (i, (standard, stage)) in places.iter().enumerate() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mark = a.current_mut().mark_mut(standard, stage);
        mark.rating = Rating::Level(1 + (x % 5) as u8);
        if i == 0 {
            let len = 4_000 + (x % 12_000) as usize;
            let mut note = format!("state {n}: ");
            let words = [
                "place ",
                "Siân ",
                "✓ ",
                "\"quoted\" ",
                "line\n",
                "שלום ",
                "👩🏽‍💼 ",
            ];
            while note.len() < len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                note.push_str(words[(x % words.len() as u64) as usize]);
            }
            note.push_str(&format!("end of state {n}"));
            mark.note = note;
        } else {
            mark.note = format!("state {n}, mark {i}");
        }
    }
    a
}

/// The state number an assessment of [`state`] holds.
fn number(a: &Assessment) -> Option<u64> {
    let long = a
        .current()
        .marks
        .values()
        .flat_map(|stages| stages.values())
        .find(|mark| mark.note.len() > 1000)?;
    long.note
        .strip_prefix("state ")?
        .split(':')
        .next()?
        .parse()
        .ok()
}

/// The writer: run only in the child process. As a normal test it has
/// nothing to do.
#[test]
fn crash_writer_child() {
    let Some(spec) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let spec = spec.into_string().unwrap();
    let mut lines = spec.lines();
    let home = Home::at(lines.next().unwrap());
    let path = PathBuf::from(lines.next().unwrap());
    let first: u64 = lines.next().unwrap().parse().unwrap();
    let framework = framework();
    let mut doc = store::open(&home, &path).expect("open after a kill");
    assert_eq!(
        doc.read_only, None,
        "a stale lock must not make it read-only"
    );
    let mut out = std::io::stdout().lock();
    for n in first..first + ROUND_STRIDE - 1 {
        doc.assessment = state(&framework, n);
        doc.save().expect("save");
        writeln!(out, "\nSAVED {n}").unwrap();
        out.flush().unwrap();
    }
}

/// A small, seedable generator (xorshift64*): the kills are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// When, in a round, to kill the writer.
#[derive(Debug, Clone, Copy)]
enum When {
    /// This many microseconds after starting it (start-up, open, first saves).
    AfterStart(u64),
    /// Right after it reports its `n`th save.
    RightAfterSave(u64),
    /// This many microseconds after it reports its first save.
    AfterFirstSave(u64),
}

/// Temporary files of saves (`.jane.ron.XXXXXX`) in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn sigkill_during_saves_leaves_the_state_before_or_after_the_last_save() {
    let seed: u64 = std::env::var("REFLECT_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_1122_1703);
    let started = Instant::now();
    let lanes: Vec<_> = (0..LANES)
        .map(|lane| thread::spawn(move || kill_lane(seed.wrapping_add(lane), lane)))
        .collect();
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    for lane in lanes {
        match lane.join() {
            Ok(counts) => {
                for (outcome, n) in counts {
                    *outcomes.entry(outcome).or_default() += n;
                }
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
    eprintln!(
        "{} kills in {:.1?} (seed {seed}): {outcomes:?}",
        LANES * KILLS_PER_LANE,
        started.elapsed()
    );
    assert_eq!(
        outcomes.values().sum::<usize>() as u64,
        LANES * KILLS_PER_LANE
    );
    // The kills did not all land in the same place.
    assert!(outcomes.len() >= 2, "{outcomes:?}");
}

/// One writer on one file, killed [`KILLS_PER_LANE`] times; how often the
/// file was found in each state.
fn kill_lane(seed: u64, lane: u64) -> BTreeMap<&'static str, usize> {
    let mut rng = Rng(seed | 1);
    let framework = framework();
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    home.ensure().unwrap();
    let path = home.assessments_dir().join("crash.ron");
    save_assessment(&path, &state(&framework, 0)).unwrap();
    let exe = std::env::current_exe().unwrap();

    let mut on_disk: u64 = 0;
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    for round in 1..=KILLS_PER_LANE {
        let first = round * ROUND_STRIDE;
        let when = match rng.below(4) {
            0 => When::AfterStart(rng.below(40_000)),
            1 => When::RightAfterSave(1 + rng.below(2)),
            _ => When::AfterFirstSave(rng.below(60_000)),
        };
        let context = format!("seed {seed}, lane {lane}, round {round}, kill {when:?}");
        let mut child = Command::new(&exe)
            .args(["--exact", CHILD_TEST, "--nocapture", "--test-threads", "1"])
            .env(
                CHILD_ENV,
                format!("{}\n{}\n{first}", home.root().display(), path.display()),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = thread::spawn(move || {
            let mut saved = Vec::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("SAVED ") {
                    let n: u64 = n.trim().parse().unwrap();
                    saved.push(n);
                    let _ = tx.send(n);
                }
            }
            saved
        });
        // A safety net against a writer that hangs, not a time limit on it.
        let patience = Duration::from_secs(60);
        let wait_for_saves = |count: u64| {
            for _ in 0..count {
                if rx.recv_timeout(patience).is_err() {
                    return false;
                }
            }
            true
        };
        let alive = match when {
            When::AfterStart(micros) => {
                thread::sleep(Duration::from_micros(micros));
                true
            }
            When::RightAfterSave(n) => wait_for_saves(n),
            When::AfterFirstSave(micros) => {
                let ok = wait_for_saves(1);
                let until = Instant::now() + Duration::from_micros(micros);
                while ok && Instant::now() < until {
                    std::hint::spin_loop();
                }
                ok
            }
        };
        // SIGKILL on Unix. Harmless if it already exited.
        let _ = child.kill();
        let status = child.wait().unwrap();
        let saved = reader.join().unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(
            alive,
            "{context}: the writer stopped without saving ({status}):\n{stderr}"
        );
        assert!(
            !status.success(),
            "{context}: the writer finished before it was killed:\n{stderr}"
        );
        assert!(
            !stderr.contains("panicked"),
            "{context}: the writer failed:\n{stderr}"
        );

        // The file reads, and holds the state before or after the last save.
        let last = saved.last().copied();
        let allowed = match last {
            Some(k) => [k, k + 1],
            None => [on_disk, first],
        };
        let loaded = load_assessment(&path)
            .unwrap_or_else(|e| panic!("{context}: the file does not read after the kill: {e}"));
        let found = number(&loaded);
        assert!(
            found.is_some_and(|n| allowed.contains(&n)),
            "{context}: the file holds state {found:?}; the last save to return was {last:?}, \
             so it must hold one of {allowed:?}"
        );
        let found = found.unwrap();
        assert_eq!(
            loaded,
            state(&framework, found),
            "{context}: state {found} is not whole"
        );
        *outcomes
            .entry(match (last, found) {
                (None, n) if n == on_disk => "before the first save renamed its file",
                (None, _) => "between the first save's rename and its return",
                (Some(k), n) if n == k => "after a save, before the next one's rename",
                _ => "between a save's rename and its return",
            })
            .or_default() += 1;
        on_disk = found;

        // The backup beside it reads too.
        let bak = home.assessments_dir().join("crash.ron.bak");
        if bak.exists() {
            load_assessment(&bak)
                .unwrap_or_else(|e| panic!("{context}: the .bak does not read: {e}"));
        }
        // A kill leaves at most the temporary files of the save under way
        // (one for the file, one for its .bak); the next open clears them.
        let left = temporaries(&home.assessments_dir());
        assert!(
            left.len() <= 2,
            "{context}: temporary files pile up: {left:?}"
        );
        if round % 40 == 0 {
            check_backups(&home, &path, &context);
        }
    }

    // Opened once more, nothing is left over and saving works.
    let mut doc = store::open(&home, &path).unwrap();
    assert_eq!(doc.read_only, None, "the last writer's lock died with it");
    assert!(temporaries(&home.assessments_dir()).is_empty());
    doc.assessment = state(&framework, 1);
    doc.save().unwrap();
    assert_eq!(load_assessment(&path).unwrap(), state(&framework, 1));
    check_backups(&home, &path, "after the last kill");
    outcomes
}

/// Every dated backup reads and holds a whole state; no more than the
/// retention keeps are there.
fn check_backups(home: &Home, path: &Path, context: &str) {
    let framework = framework();
    let dated: Vec<_> = store::list_backups(home, path)
        .into_iter()
        .filter(|b| b.kind == store::BackupKind::Dated)
        .collect();
    assert!(!dated.is_empty(), "{context}: no dated backups");
    // The newest ten, the newest of yesterday if the test ran over
    // midnight, and the two a killed save may have made before pruning.
    // Besides those, found versions (`.found.`): a save killed after its
    // rename but before its backup leaves a version no backup has, which
    // the next open cannot tell from someone else's edit, so it is kept
    // for 30 days like one.
    let kept = dated
        .iter()
        .filter(|b| !b.name().contains(".found."))
        .count();
    assert!(kept <= 13, "{context}: {kept} dated backups");
    for backup in dated {
        let a = load_assessment(&backup.path)
            .unwrap_or_else(|e| panic!("{context}: a dated backup does not read: {e}"));
        let n = number(&a).unwrap();
        assert_eq!(
            a,
            state(&framework, n),
            "{context}: backup {n} is not whole"
        );
    }
}
