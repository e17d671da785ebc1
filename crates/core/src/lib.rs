//! glance-portal's pure layers, a crate of their own so that the compiler holds the layering:
//! nothing here may name a browser crate (none is a dependency) or the app's state, pages or
//! components (they are in the crate above).
//!
//! ```text
//! flows ─▶ api ─▶ model ─▶ i18n
//! routes, config: beside model
//! problem: what stopped an action (an api error or the portal's own refusal)
//! ```
//!
//! Everything builds and tests natively, against JSON captured from the real services
//! (`tests/fixtures/`) and scripted transports (`flows::scripted`).

pub mod api;
pub mod config;
pub mod flows;
pub mod i18n;
pub mod model;
pub mod problem;
pub mod routes;
