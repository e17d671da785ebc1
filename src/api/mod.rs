//! Typed requests to Keystone and Glance, their responses, and the one HTTP executor.
//!
//! A request is plain data ([`request::ApiRequest`]); only [`http`] touches the browser, so
//! everything else here builds and decodes natively and is tested against JSON captured from
//! the real services (`tests/fixtures/`).

pub mod error;
pub mod glance;
pub mod http;
pub mod keystone;
pub mod pagination;
pub mod request;
pub mod url;
