//! Application state shared across pages, as Leptos contexts with `provide_x()` / `use_x()`.

pub mod browser_storage;
pub mod preferences;
pub mod session;
pub mod toasts;
