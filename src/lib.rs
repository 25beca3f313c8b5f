//! reflect: reflect on your leadership against the LGA/Solace development
//! frameworks, in the terminal.
//!
//! - [`model`]: frameworks and assessments, plain serde types, no UI.
//! - [`store`]: RON on disk: where files live, loading, durable saves.

pub mod app;
pub mod cli;
pub mod format;
pub mod keys;
pub mod model;
pub mod report;
pub mod settings;
pub mod store;
pub mod theme;
pub mod tui;
pub mod ui;
