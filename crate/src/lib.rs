//! Fihris (فهرس, "index"): Arabic-first full-text search that runs in the browser.
//!
//! (manual to be written)

pub mod analyze;
pub mod corpus;
pub mod error;

pub use error::{Error, Result};
