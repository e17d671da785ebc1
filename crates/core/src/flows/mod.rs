//! What the portal does, step by step, as plain async functions over a
//! [`crate::api::transport::Transport`]: importing and waiting for Glance, an upload from
//! its first byte to its verdict (over [`crate::api::data::DataTransport`] and the hashing
//! seam, [`hashing`]), saving an edit against a concurrent change, resolving a member's
//! project. The
//! browser runs them with its client; `cargo test` runs them against a script of the answers
//! the real services give, failures included. Signals stay in `state/`; nothing here
//! touches the browser.

pub mod both;
pub mod download;
pub mod hashing;
pub mod import;
pub mod login;
pub mod member;
pub mod save_edit;
pub mod upload;
pub mod upload_verify;

#[cfg(test)]
pub mod scripted;
