//! Typed requests to Keystone and Glance, their responses, and the one HTTP executor.
//!
//! A request is plain data ([`request::ApiRequest`]), built from an operation value where it
//! changes something ([`glance::operation`]); only the executor ([`http`] for JSON calls,
//! [`http_stream`] for file uploads and streamed downloads) touches the browser, so
//! everything else here builds and decodes natively and is tested against JSON captured from
//! the real services (`tests/fixtures/`).

pub mod error;
pub mod glance;
pub mod http;
pub mod http_stream;
pub mod keystone;
pub mod pagination;
pub mod request;
pub mod transport;
pub mod url;
