//! When and how an open assessment is written: pending changes, the saver
//! thread, conflicts with another program, and the lock.

use super::*;

impl Workspace {
    /// Something changed at `now`: save once changes pause for
    /// [`Workspace::save_delay`], but never later than [`MAX_SAVE_WAIT`]
    /// after the first unsaved one, so steady typing is saved too.
    ///
    /// The hand-over itself is left to [`Workspace::tick`], even when it
    /// is due already: it copies the review, which takes milliseconds on a
    /// large framework, and the event loop ticks only once the key's frame
    /// is drawn, so no keystroke waits for it.
    pub fn changed(&mut self, now: Instant) {
        if let SaveState::Conflict { dirty, .. } = &mut self.save {
            // Not written over the other version: kept in the conflict
            // copy (if the user chose to decide later) at the next tick.
            *dirty = true;
            return;
        }
        let since = match self.save {
            SaveState::Pending { since, .. } => since,
            _ => now,
        };
        let due = (now + self.save_delay).min(since + MAX_SAVE_WAIT);
        self.save = SaveState::Pending { since, due };
    }

    /// Save what is waiting (or failed) at the next tick: the one right
    /// after this key's frame, so the key does not wait for the copy.
    pub fn save_soon(&mut self, now: Instant) {
        match self.save {
            SaveState::Pending { since, .. } => self.save = SaveState::Pending { since, due: now },
            SaveState::Failed { .. } => {
                self.save = SaveState::Pending {
                    since: now,
                    due: now,
                }
            }
            _ => {}
        }
    }

    /// Anything not yet on disk: pending, being written, or a failed write.
    pub fn unsaved(&self) -> bool {
        matches!(
            self.save,
            SaveState::Pending { .. }
                | SaveState::Writing
                | SaveState::Failed { .. }
                | SaveState::Conflict { .. }
        )
    }

    /// The file changed on disk and was not written over: autosaving has
    /// stopped until the user chooses.
    pub fn in_conflict(&self) -> bool {
        matches!(self.save, SaveState::Conflict { .. })
    }

    /// Keep this version in the conflict copy, a new one unless the user
    /// chose to decide later and one was written already, and say where.
    pub fn keep_in_conflict_copy(&mut self, home: &crate::store::Home) -> std::io::Result<PathBuf> {
        self.sync_editor();
        let at = match &self.save {
            SaveState::Conflict { copy, .. } => copy.clone(),
            _ => None,
        };
        let path = self.doc.write_conflict_copy(home, at.as_deref())?;
        if let SaveState::Conflict { copy, dirty } = &mut self.save {
            *copy = Some(path.clone());
            *dirty = false;
        }
        Ok(path)
    }

    /// The conflict copy this version is kept in, once written.
    pub fn conflict_copy(&self) -> Option<&std::path::Path> {
        match &self.save {
            SaveState::Conflict { copy, .. } => copy.as_deref(),
            _ => None,
        }
    }

    /// "Keep mine": set the other version aside as a conflict copy and save
    /// this one at the next tick. Returns the message for the user.
    pub fn keep_mine(&mut self, home: &crate::store::Home) -> String {
        match self.doc.set_theirs_aside(home) {
            Ok(theirs) => {
                if let SaveState::Conflict {
                    copy: Some(ours), ..
                } = &self.save
                {
                    let _ = std::fs::remove_file(ours);
                }
                let now = Instant::now();
                self.save = SaveState::Pending {
                    since: now,
                    due: now,
                };
                match theirs {
                    Some(theirs) => format!(
                        "Keeping yours: saving it over the file. The other version is kept in {}",
                        theirs.display()
                    ),
                    None => {
                        "Keeping yours: the file on disk is gone, so it is written again.".into()
                    }
                }
            }
            Err(e) => format!("Could not set the other version aside, so nothing was written: {e}"),
        }
    }

    /// Every [`LOCK_CHECK`]: is the lock still in place (a lock file removed
    /// by hand is made again), and, open read-only because another reflect
    /// had the file, has that one let go? Returns a message, and whether
    /// the file can now be opened for writing.
    pub fn check_lock(&mut self, now: Instant) -> (Option<String>, bool) {
        if self
            .lock_checked
            .is_some_and(|at| now.duration_since(at) < LOCK_CHECK)
        {
            return (None, false);
        }
        self.lock_checked = Some(now);
        if matches!(
            self.doc.read_only,
            Some(ReadOnly::Locked | ReadOnly::Unlockable { .. })
        ) {
            // Reopened when the other reflect lets go, and also when it
            // (or anyone) saves, so what is shown is never stale.
            return (None, self.doc.lock_freed() || self.doc.changed_on_disk());
        }
        // Held again or not, the user is told; a document that lost it
        // is read-only now, which the status line says.
        (
            self.doc.check_lock().map(|told| told.unwrap_or_else(|e| e)),
            false,
        )
    }

    /// Hand over a save now if anything is waiting or the last write failed.
    pub fn save_if_needed(&mut self, clock: &Clock) {
        if matches!(
            self.save,
            SaveState::Pending { .. } | SaveState::Failed { .. }
        ) {
            self.save_now(clock);
        }
    }

    /// Save whatever is waiting and wait until it is on disk (before
    /// quitting, or closing the assessment).
    pub fn flush(&mut self, clock: &Clock) {
        self.save_if_needed(clock);
        if let Some(result) = self.saver.wait() {
            self.saved(result, clock);
        }
    }

    /// Let time pass: see how a write went, take in the closed reviews
    /// once read, and hand over changes whose delay is up. Returns
    /// anything to tell the user.
    pub fn tick(&mut self, now: Instant, clock: &Clock) -> Option<String> {
        if let Some(result) = self.saver.poll() {
            self.saved(result, clock);
        }
        if let SaveState::Conflict {
            copy: Some(_),
            dirty: true,
        } = self.save
            && let Some(home) = self.doc.home().cloned()
            && let Err(e) = self.keep_in_conflict_copy(&home)
        {
            return Some(format!("Your latest changes are not on disk: {e}"));
        }
        let told = self
            .doc
            .take_earlier(false)
            .and_then(|arrived| self.earlier_arrived(arrived, now));
        if let SaveState::Pending { due, .. } = self.save
            && now >= due
        {
            self.save_now(clock);
        }
        told
    }

    /// Hand the assessment, with whatever the editor holds, to the saver now.
    pub fn save_now(&mut self, clock: &Clock) {
        if self.doc.read_only.is_some() {
            return;
        }
        self.sync_editor();
        self.saver.release_spent();
        match self.doc.snapshot() {
            Ok(snapshot) => {
                self.save = SaveState::Writing;
                self.saver.send(snapshot);
                // A saver that writes at once has the outcome already.
                if let Some(result) = self.saver.poll() {
                    self.saved(result, clock);
                }
            }
            Err(e) => {
                self.save = SaveState::Failed {
                    message: e.to_string(),
                }
            }
        }
    }

    /// A write finished. Changes made since it was handed over stay pending.
    pub(super) fn saved(&mut self, result: std::io::Result<Saved>, clock: &Clock) {
        if !matches!(self.save, SaveState::Writing) {
            return;
        }
        self.save = match result {
            Ok(_) => SaveState::Saved {
                at: clock.now_hms(),
            },
            Err(e) if crate::store::is_changed_on_disk(&e) => SaveState::Conflict {
                copy: None,
                dirty: false,
            },
            Err(e) => SaveState::Failed {
                message: e.to_string(),
            },
        };
    }

    /// Save through `saver` from now on, once what the old one has is written.
    pub fn use_saver(&mut self, saver: Saver, clock: &Clock) {
        let mut old = std::mem::replace(&mut self.saver, saver);
        if let Some(result) = old.wait() {
            self.saved(result, clock);
        }
    }
}
