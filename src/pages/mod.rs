//! Pages: one per route; they read the URL, do I/O through `api`, and compose components.

pub mod image_detail;
pub mod images;
pub mod login;
pub mod not_found;
