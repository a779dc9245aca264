//! The index: building it from documents, its byte format, and reading it.
//!
//! `build` (documents → bytes) and `read` (bytes → [`Index`]) share one
//! layout defined in `format`; `postings` encodes the per-term lists;
//! `fst_check` proves a dictionary safe to walk before `fst` reads it.

pub mod build;
pub mod dict;
pub mod format;
mod fst_check;
pub mod postings;
pub mod read;

pub use build::{BuildStats, IndexBuilder};
pub use format::FORMAT_VERSION;
pub use read::{Dict, Index, TermInfo};
