//! glance-portal: a self-service web portal for the OpenStack Image service (Glance API v2).
//!
//! The pure layers (`api` request building and decoding, `model`, `flows`, `config`, `i18n`,
//! `routes`) are the `glance-portal-core` crate, re-exported here under the same names; this
//! crate adds the browser: the executor (`api::http`), `state`, `pages`
//! and `components` (the Leptos application that `main.rs` mounts) and the hashing worker.

pub mod api;
pub mod app;
pub mod components;
pub mod pages;
pub mod state;
pub mod workers;

pub use glance_portal_core::{config, flows, i18n, model, problem, routes};
