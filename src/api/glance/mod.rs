//! Glance v2 operations, one file per resource.

pub mod images;
