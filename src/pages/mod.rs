//! Pages: one per route; they read the URL, do I/O through `api`, and compose components.

pub mod image_detail;
pub mod image_new;
pub mod images;
pub mod login;
pub mod not_found;
pub mod shared_with_me;
pub mod web_download;
