//! Typed requests to Keystone and Glance and their responses.
//!
//! A request is plain data ([`request::ApiRequest`]), built from an operation value where it
//! changes something ([`glance::operation`]); the executor that turns it into a `fetch` lives
//! in the app crate (`api::http`) and reaches the rest through
//! [`transport::Transport`], so everything here builds and decodes natively and is tested
//! against JSON captured from the real services (`tests/fixtures/`).

pub mod client;
pub mod data;
pub mod error;
pub mod glance;
pub mod keystone;
pub mod request;
pub mod transport;
pub mod url;
