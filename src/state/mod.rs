//! Application state shared across pages, as Leptos contexts with `provide_x()` / `use_x()`.

pub mod browser_downloads;
pub mod browser_regexp;
pub mod browser_storage;
pub mod cloud_info;
pub mod decompress;
pub mod download;
pub mod drafts;
pub mod file_sniff;
pub mod hashing;
pub mod my_projects;
pub mod policy;
pub mod portal_scope;
pub mod preferences;
pub mod schema_cache;
pub mod session;
pub mod toasts;
pub mod transfers;
pub mod unload_guard;
