//! glance-portal: a self-service web portal for the OpenStack Image service (Glance API v2).
//!
//! The crate is one library so that the pure layers (`api` request building and decoding,
//! `model`, `config`, `i18n`, `routes`) compile and test natively, while `state`, `pages` and
//! `components` hold the Leptos application that `main.rs` mounts in the browser.

pub mod api;
pub mod app;
pub mod components;
pub mod config;
pub mod flows;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod routes;
pub mod state;
pub mod workers;
