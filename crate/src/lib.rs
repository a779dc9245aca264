//! Fihris (فهرس, "index"): Arabic-first full-text search that runs in the browser.
//!
//! (manual to be written)

pub mod analyze;
pub mod corpus;
pub mod error;
pub mod excerpt;
pub mod index;
pub mod query;
pub mod rank;
pub mod search;

pub use error::{Error, Result};

#[cfg(target_arch = "wasm32")]
pub mod wasm;
