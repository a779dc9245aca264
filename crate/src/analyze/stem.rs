//! Light stemming (to be written).
