//! The widget's files, embedded at compile time by `crate/build.rs`:
//! `fihris build --site` writes them next to the index, so a site owner
//! needs nothing but this binary.

include!(concat!(env!("OUT_DIR"), "/assets.rs"));
