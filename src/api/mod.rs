//! The core crate's requests, wire types and transport seam (re-exported, so the app names
//! them `crate::api::…`), plus the one browser executor that sends them ([`http`]: JSON calls,
//! file uploads and streamed downloads).

pub use glance_portal_core::api::*;

pub mod http;
