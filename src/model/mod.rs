//! The pure model: what a framework says and what an assessment records.
//!
//! Plain serde types and the arithmetic over them. Nothing here knows about
//! terminals or files; the store reads and writes these types, the app edits
//! them, the reports summarise them.

pub mod assessment;

pub mod cohort;
pub mod compare;
#[cfg(test)]
pub(crate) mod fixture;
pub mod framework;
pub mod migrate;
pub mod offer;
pub mod plan;
pub mod progress;
pub mod proposals;
pub mod review;
pub mod search;
pub mod share;
pub mod sheet;
pub mod stage_marks;
mod unique;
pub mod validate;

pub use assessment::{ArchivedRater, Assessment, Mark, Person, Rating, Review, SCHEMA_VERSION};
pub use framework::{Framework, Origin, Stage, Standard, Theme};
pub use migrate::{Migration, migrate};
pub use stage_marks::StageMarks;
