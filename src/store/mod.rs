//! The store: RON text in and out, where files live, durable saves.

mod ron_text;

pub use ron_text::{Located, parse_ron, to_ron};
