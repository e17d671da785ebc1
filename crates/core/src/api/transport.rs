//! The seam between what the portal does and how it reaches the network. The flows
//! ([`crate::flows`]) are plain async functions over a [`Transport`]: the app's
//! `BrowserClient` implements it with `fetch` and timers, and native tests
//! implement it with a script of answers, so every flow's success and failure paths run in
//! `cargo test` without a browser or a cloud.

use serde::de::DeserializeOwned;

use super::error::{ApiError, ApiErrorKind};
use super::glance::operation;
use super::request::ApiRequest;
use crate::i18n::{Key, Text};
use crate::model::operation::Operation;
use crate::problem::Problem;

/// An HTTP answer in the 2xx range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawResponse {
    /// Status code.
    pub status: u16,
    /// Body text (empty for 204).
    pub body: String,
    /// `X-Subject-Token`, set when Keystone issued a token.
    pub subject_token: Option<String>,
    /// `x-openstack-request-id`.
    pub request_id: Option<String>,
}

/// Decodes a JSON body, reporting decode failures with the request id.
pub fn decode<T: DeserializeOwned>(response: &RawResponse) -> Result<T, ApiError> {
    serde_json::from_str(&response.body).map_err(|e| ApiError {
        status: Some(response.status),
        request_id: response.request_id.clone(),
        ..ApiError::worded(
            ApiErrorKind::Decode,
            Text::new(Key::ErrUnexpectedAnswer, &[&e.to_string()]),
        )
    })
}

/// Sends requests and waits. Futures are not `Send`: the portal runs on the browser's one
/// thread, and its futures hold JS values.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends the request; a non-2xx answer is an error with its status, message and request
    /// id.
    async fn send(&self, req: &ApiRequest) -> Result<RawResponse, ApiError>;

    /// Waits `ms` milliseconds without blocking (polling an import, waiting out `saving`).
    async fn sleep_ms(&self, ms: u32);

    /// Sends the request and decodes a JSON body.
    async fn json<T: DeserializeOwned>(&self, req: &ApiRequest) -> Result<T, ApiError> {
        decode(&self.send(req).await?)
    }

    /// Performs an operation: sends the request built from it ([`operation::request`]),
    /// or refuses a tag that cannot be sent.
    async fn perform(&self, op: &Operation) -> Result<RawResponse, Problem> {
        Ok(self.send(&operation::request(op)?).await?)
    }

    /// Performs an operation and decodes the JSON body of its answer.
    async fn perform_json<T: DeserializeOwned>(&self, op: &Operation) -> Result<T, Problem> {
        Ok(decode(&self.perform(op).await?)?)
    }
}
