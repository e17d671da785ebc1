//! Glance v2 operations, one file per resource.

pub mod actions;
pub mod images;
pub mod imports;
pub mod members;
pub mod operation;
pub mod schemas;
pub mod tags;
