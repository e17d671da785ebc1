//! Pure domain types and rules: images, list filters, the session, display helpers.
//! No browser or Leptos imports, so all of it is tested natively.

pub mod filters;
pub mod image;
pub mod open_enum;
pub mod session;
pub mod size;
pub mod time;
