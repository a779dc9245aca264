//! The one error type of the library.
//!
//! Every variant carries what was expected and what was found, and its message
//! says how to fix the problem: these messages reach site owners (CLI) and
//! readers' browsers (wasm exceptions) unchanged.

use std::fmt;

/// Everything that can go wrong in Fihris.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The bytes do not start with the index magic: not a Fihris index at all.
    NotAnIndex {
        /// What the first bytes were, for the message.
        found: Vec<u8>,
    },
    /// The index was written by another format version.
    FormatVersion {
        /// Version written in the index.
        found: u32,
        /// Version this engine reads.
        expected: u32,
    },
    /// The index is shorter than its header or section table says.
    Truncated {
        /// Bytes the header promises.
        expected: u64,
        /// Bytes present.
        found: u64,
    },
    /// The checksum stored in the header does not match the bytes.
    Checksum {
        /// Checksum in the header.
        expected: u32,
        /// Checksum of the bytes.
        found: u32,
    },
    /// A section is missing, overlaps another or its contents do not decode.
    Corrupt {
        /// Which part of the index is damaged and how.
        what: String,
    },
    /// A corpus file could not be turned into a document.
    Document {
        /// Path of the file, relative to the corpus root.
        path: String,
        /// Why it was skipped.
        reason: String,
    },
    /// The corpus held no indexable document.
    EmptyCorpus,
    /// A shard file of a sharded index is damaged, truncated, or of another build.
    Shard {
        /// Its path relative to the index folder.
        name: String,
        /// What is wrong with it.
        what: String,
    },
    /// A query needs shards that have not been added yet: fetch them from
    /// the index folder, add them ([`crate::index::Index::add_shard`]) and
    /// run the query again. Not a failure: the browser and the CLI do this.
    MissingShards {
        /// Their paths relative to the index folder.
        names: Vec<String>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotAnIndex { found } => {
                write!(f, "not a Fihris index (starts with")?;
                for b in found {
                    write!(f, " {b:02x}")?;
                }
                write!(f, "): point to the file written by `fihris build`")
            }
            Error::FormatVersion { found, expected } => write!(
                f,
                "index built by format {found}, this engine reads {expected}: rebuild it with `fihris build`"
            ),
            Error::Truncated { expected, found } => write!(
                f,
                "index is truncated ({found} bytes, expected {expected}): copy the whole file again or rebuild it with `fihris build`"
            ),
            Error::Checksum { expected, found } => write!(
                f,
                "index is corrupt (checksum {found:08x}, expected {expected:08x}): copy the file again or rebuild it with `fihris build`"
            ),
            Error::Corrupt { what } => write!(
                f,
                "index is corrupt ({what}): rebuild it with `fihris build`"
            ),
            Error::Document { path, reason } => write!(f, "{path}: {reason}"),
            Error::Shard { name, what } => write!(
                f,
                "index shard {name} is unusable ({what}): upload the whole index folder again, or rebuild it with `fihris build`"
            ),
            Error::MissingShards { names } => write!(
                f,
                "the query needs index shards that are not loaded ({}): load them from the index folder and search again",
                crate::join(names.iter().map(String::as_str), ", ")
            ),
            Error::EmptyCorpus => write!(
                f,
                "the corpus has no indexable document: add .txt, .md or .html files with some text to it"
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<fst::Error> for Error {
    fn from(e: fst::Error) -> Self {
        Error::Corrupt {
            what: format!("term dictionary: {e}"),
        }
    }
}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
