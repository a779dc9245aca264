//! The index: building it from documents, its byte format, and reading it.
//!
//! `build` (documents → bytes) and `read` (bytes → [`Index`]) share one
//! layout defined in `format`; `postings` encodes the per-term lists.

pub mod build;
pub mod format;
pub mod postings;
pub mod read;

pub use build::{BuildStats, IndexBuilder};
pub use format::FORMAT_VERSION;
pub use read::{Dict, Index, TermInfo};
