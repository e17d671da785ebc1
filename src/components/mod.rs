//! Views: they render what they are given and emit events; pages do the I/O.

pub mod app_header;
pub mod error_view;
pub mod image_filters;
pub mod image_table;
pub mod pager;
pub mod relative_time;
pub mod status_badge;
pub mod toast;
