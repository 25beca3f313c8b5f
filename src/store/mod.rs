//! The store: RON text in and out, where files live, durable saves, locks.
//!
//! Everything that touches the disk goes through here, so the rules about
//! users' words live in one place: atomic durable writes, a `.bak` of the
//! previous version, 0700 folders and 0600 files, never writing over a file
//! that could not be read or that a newer reflect wrote.

mod backups;
pub mod catalog;
pub mod cohort;
mod config;
mod document;
mod durable;
mod earlier;
mod guard;
mod home;
mod lock;
mod offers;
mod overview;
mod packs;
mod readback;

mod saver;
mod sheets;

pub use crate::format::{Located, parse_ron, to_ron};
pub use backups::{
    Backup, BackupKind, RestoreError, Restored, backups_dir, last_good, last_good_backup,
    list_backups, rescue, resolve_backup, restore,
};
pub use catalog::Catalog;
pub use config::{CONFIG_ENV, ConfigDir};
pub use document::{
    Arrived, ChangedOnDisk, Document, Listed, OpenError, ReadOnly, Saved, Snapshot,
    assessment_files, check_levels, is_changed_on_disk, list_assessments, load_assessment,
    load_assessment_for_review, load_main, new_assessment, open, probe, save_assessment,
};
pub use guard::output_refusal;
pub use home::{HOME_ENV, Home, Place};
pub use offers::offers;
pub use overview::{Overview, Summary, describe, local_time, overview};
pub use packs::{PACK_MARK, free_pack_path, pack_path, write_private, write_private_with};
pub use saver::Saver;
pub use sheets::{free_path, random_id, share_path, sheet_path};
