//! The terminal session: read events, map keys to actions, update, draw.

use crate::store::{Document, Home};

/// Run the app until the user quits. `doc` is the assessment to open, or
/// `None` for the start screen. The terminal is restored on return and on panic.
pub fn run(home: Home, doc: Option<Document>) -> anyhow::Result<()> {
    let _ = (home, doc);
    todo!("app")
}
