//! Saving off the UI thread, so no keystroke ever waits for a disk.
//!
//! The app hands [`Snapshot`]s to a [`Saver`]; one background thread writes
//! them in the order given. Each snapshot is the whole document, so when
//! several are waiting only the newest is written. The app asks
//! [`Saver::poll`] how the latest write went, and [`Saver::wait`]s for it
//! before quitting or closing the document; dropping a saver waits too, so
//! nothing handed over is ever lost by leaving.
//!
//! Written snapshots go back to the UI thread, which keeps them until it
//! makes the next one ([`Saver::release_spent`]). A snapshot is tens of
//! thousands of small strings. Freed as soon as written, on whichever
//! thread, they left the allocator a heap of free chunks to sort out on the
//! next allocations, which were a keystroke's: it took 3 to 8 ms at 10,000
//! standards instead of 0.7. Freed just before the next copy is made, in
//! the same tick, their chunks are taken straight back by it.

use std::io;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;

use super::document::{Saved, Snapshot};

/// Writes snapshots, on a thread of its own or (for tests) at once.
pub struct Saver {
    way: Way,
    /// Snapshots handed over so far; the newest is number `sent`.
    sent: u64,
    /// The newest snapshot known to be written (or to have failed).
    done: u64,
    /// The outcome of snapshot `done`, until [`Saver::poll`] takes it.
    outcome: Option<io::Result<Saved>>,
    /// Snapshots written or passed over, kept until [`Saver::release_spent`].
    spent: Vec<Snapshot>,
}

/// What the thread reports: which snapshot, how its write went, and the
/// snapshots it is done with (written or passed over), to drop here.
type Report = (u64, io::Result<Saved>, Vec<Snapshot>);

enum Way {
    /// Written in [`Saver::send`] itself.
    Inline,
    Thread {
        jobs: Option<Sender<(u64, Snapshot)>>,
        outcomes: Receiver<Report>,
        thread: Option<JoinHandle<()>>,
    },
}

impl Saver {
    /// A saver with its own thread, as the app uses.
    pub fn background() -> Saver {
        let (jobs, queue) = mpsc::channel::<(u64, Snapshot)>();
        let (report, outcomes) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("reflect-saver".into())
            .spawn(move || {
                while let Ok((mut seq, mut snapshot)) = queue.recv() {
                    // Only the newest matters: each is the whole document.
                    let mut spent = Vec::new();
                    while let Ok((newer_seq, newer)) = queue.try_recv() {
                        spent.push(std::mem::replace(&mut snapshot, newer));
                        seq = newer_seq;
                    }
                    let result = snapshot.write();
                    spent.push(snapshot);
                    if report.send((seq, result, spent)).is_err() {
                        return;
                    }
                }
            });
        match spawned {
            Ok(thread) => Saver {
                way: Way::Thread {
                    jobs: Some(jobs),
                    outcomes,
                    thread: Some(thread),
                },
                sent: 0,
                done: 0,
                outcome: None,
                spent: Vec::new(),
            },
            // No thread to be had: saving where we are is slower, not wrong.
            Err(_) => Saver::inline(),
        }
    }

    /// A saver that writes each snapshot as it is handed over: the same
    /// outcomes, in the same order, with no timing to wait for.
    pub fn inline() -> Saver {
        Saver {
            way: Way::Inline,
            sent: 0,
            done: 0,
            outcome: None,
            spent: Vec::new(),
        }
    }

    /// Hand over a snapshot to be written.
    pub fn send(&mut self, snapshot: Snapshot) {
        self.sent += 1;
        let seq = self.sent;
        if let Way::Thread {
            jobs: Some(jobs), ..
        } = &self.way
        {
            match jobs.send((seq, snapshot)) {
                Ok(()) => return,
                // The thread has gone (it can only have panicked): write
                // here from now on.
                Err(mpsc::SendError((_, snapshot))) => {
                    self.way = Way::Inline;
                    self.finish(seq, snapshot.write());
                    return;
                }
            }
        }
        self.finish(seq, snapshot.write());
    }

    /// Whether a snapshot handed over is not written yet.
    pub fn busy(&self) -> bool {
        self.done < self.sent
    }

    /// How the newest snapshot's write went, once it has finished and
    /// only once; `None` while it is being written, or if already told.
    pub fn poll(&mut self) -> Option<io::Result<Saved>> {
        self.collect(false);
        if self.busy() {
            return None;
        }
        self.outcome.take()
    }

    /// Wait until every snapshot handed over is written, and say how the
    /// newest went (`None` if that was already told by [`Saver::poll`]).
    pub fn wait(&mut self) -> Option<io::Result<Saved>> {
        self.collect(true);
        self.outcome.take()
    }

    /// Drop the snapshots the thread is done with: call it just before
    /// making the next, which then reuses their memory (see the module).
    pub fn release_spent(&mut self) {
        self.spent.clear();
    }

    /// Take what the thread has reported; with `block`, until it has
    /// reported the newest snapshot.
    fn collect(&mut self, block: bool) {
        let Way::Thread { outcomes, .. } = &self.way else {
            return;
        };
        let mut lost = false;
        let mut reports = Vec::new();
        while self.done < self.sent {
            let next = if block {
                outcomes.recv().map_err(|_| TryRecvError::Disconnected)
            } else {
                outcomes.try_recv()
            };
            match next {
                Ok(report) => {
                    self.done = report.0;
                    reports.push(report);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    lost = true;
                    break;
                }
            }
        }
        for (_, _, spent) in &mut reports {
            self.spent.append(spent);
        }
        if let Some((seq, result, _)) = reports.pop() {
            self.finish(seq, result);
        }
        if lost {
            // The thread died mid-write (a panic): say so, and write here
            // from now on. The app keeps the changes and saves them again.
            self.way = Way::Inline;
            let seq = self.sent;
            self.finish(
                seq,
                Err(io::Error::other(
                    "the saver stopped unexpectedly (a defect in reflect); your changes are \
                     kept and will be saved again",
                )),
            );
        }
    }

    fn finish(&mut self, seq: u64, result: io::Result<Saved>) {
        self.done = self.done.max(seq);
        self.outcome = Some(result);
    }
}

impl Drop for Saver {
    /// Let the thread write what it was given, then end.
    fn drop(&mut self) {
        if let Way::Thread { jobs, thread, .. } = &mut self.way {
            jobs.take();
            if let Some(thread) = thread.take() {
                let _ = thread.join();
            }
        }
    }
}

impl std::fmt::Debug for Saver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Saver")
            .field("thread", &matches!(self.way, Way::Thread { .. }))
            .field("sent", &self.sent)
            .field("done", &self.done)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::Rating;
    use crate::store::document::tests::{assessment, framework};
    use crate::store::{Document, load_assessment};

    fn document(dir: &Path) -> Document {
        Document::detached(dir.join("a.ron"), assessment("a note"), framework())
    }

    fn set_level(doc: &mut Document, level: u8) {
        doc.assessment
            .current_mut()
            .mark_mut("sl.place.1", "knowledge")
            .rating = Rating::Level(level);
    }

    fn level_on_disk(doc: &Document) -> Rating {
        load_assessment(&doc.path)
            .unwrap()
            .current()
            .rating("sl.place.1", "knowledge")
    }

    #[test]
    fn the_newest_of_many_snapshots_ends_up_on_disk_and_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = document(dir.path());
        let mut saver = Saver::background();
        for level in 1..=5 {
            set_level(&mut doc, level);
            saver.send(doc.snapshot().unwrap());
        }
        let outcome = saver.wait().expect("an outcome for the newest");
        assert!(outcome.unwrap().written);
        assert!(!saver.busy());
        assert!(saver.wait().is_none(), "told once");
        assert!(saver.poll().is_none(), "told once");
        assert_eq!(level_on_disk(&doc), Rating::Level(5));
    }

    #[test]
    fn written_snapshots_are_kept_for_the_ui_thread_to_drop_before_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = document(dir.path());
        let mut saver = Saver::background();
        for level in 1..=3 {
            set_level(&mut doc, level);
            saver.send(doc.snapshot().unwrap());
        }
        // Once the newest is on disk (and a moment for the report), the
        // saver is done with all three, yet has dropped none.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while load_assessment(&doc.path)
            .ok()
            .map(|a| a.current().rating("sl.place.1", "knowledge"))
            != Some(Rating::Level(3))
        {
            assert!(std::time::Instant::now() < deadline, "never written");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert_eq!(doc.disk_handles(), 1 + 3);
        // Told how it went, the saver keeps them for the next hand-over...
        assert!(saver.wait().expect("an outcome").is_ok());
        assert_eq!(doc.disk_handles(), 1 + 3);
        // ...and drops them, here, when asked.
        saver.release_spent();
        assert_eq!(doc.disk_handles(), 1);
    }

    #[test]
    fn dropping_the_saver_waits_for_what_it_was_given() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = document(dir.path());
        let mut saver = Saver::background();
        set_level(&mut doc, 4);
        saver.send(doc.snapshot().unwrap());
        drop(saver);
        assert_eq!(level_on_disk(&doc), Rating::Level(4));
    }

    #[test]
    fn a_failed_write_is_reported_and_the_file_left_alone() {
        for mut saver in [Saver::background(), Saver::inline()] {
            let dir = tempfile::tempdir().unwrap();
            let mut doc = document(dir.path());
            std::fs::write(&doc.path, "(broken").unwrap();
            set_level(&mut doc, 2);
            saver.send(doc.snapshot().unwrap());
            let err = saver.wait().expect("an outcome").unwrap_err();
            assert!(err.to_string().contains("no longer reads"), "{err}");
            assert_eq!(std::fs::read_to_string(&doc.path).unwrap(), "(broken");
        }
    }

    #[test]
    fn an_inline_saver_has_the_outcome_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = document(dir.path());
        let mut saver = Saver::inline();
        set_level(&mut doc, 3);
        saver.send(doc.snapshot().unwrap());
        assert!(!saver.busy());
        assert!(saver.poll().expect("at once").is_ok());
        assert_eq!(level_on_disk(&doc), Rating::Level(3));
    }

    #[test]
    fn a_read_only_document_gives_no_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = document(dir.path());
        doc.read_only = Some(crate::store::ReadOnly::Locked);
        let err = doc.snapshot().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        assert!(!doc.path.exists());
    }
}
