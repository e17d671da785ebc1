//! The one HTTP executor: turns an [`ApiRequest`] into a `fetch`, adds the token, resolves the
//! service base URL, aborts when the caller drops the future (a page left or a resource
//! superseded), and maps every failure to an [`ApiError`] with status, message and request id.

use serde::de::DeserializeOwned;

use super::error::{ApiError, ApiErrorKind};
use super::keystone::SUBJECT_TOKEN_HEADER;
use super::request::{ApiRequest, Method, Service};
use crate::config::PortalConfig;

/// Header OpenStack services use to identify a request in their logs.
pub const REQUEST_ID_HEADER: &str = "x-openstack-request-id";

/// Where requests go and with which token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// Keystone v3 base URL.
    pub identity_base: String,
    /// Glance base URL (from the catalog or override), once logged in.
    pub image_base: Option<String>,
    /// Session token, once logged in.
    pub token: Option<String>,
}

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

/// Aborts the fetch if the future is dropped before it finished.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.0.take() {
            controller.abort();
        }
    }
}

impl Client {
    /// A client for logging in: Keystone only, no token.
    pub fn anonymous(config: &PortalConfig) -> Self {
        Client {
            identity_base: config.keystone_base().to_string(),
            image_base: None,
            token: None,
        }
    }

    fn base_for(&self, service: Service) -> Result<&str, ApiError> {
        match service {
            Service::Identity => Ok(&self.identity_base),
            Service::Image => self.image_base.as_deref().ok_or_else(|| {
                ApiError::new(ApiErrorKind::Config, "no image endpoint: log in first")
            }),
        }
    }

    /// Sends the request; non-2xx answers become errors.
    pub async fn send(&self, req: &ApiRequest) -> Result<RawResponse, ApiError> {
        use gloo_net::http::{Method as M, RequestBuilder};

        let url = req.url(self.base_for(req.service)?);
        let method = match req.method {
            Method::Get => M::GET,
            Method::Head => M::HEAD,
            Method::Post => M::POST,
            Method::Put => M::PUT,
            Method::Patch => M::PATCH,
            Method::Delete => M::DELETE,
        };
        let controller = web_sys::AbortController::new().ok();
        let mut guard = AbortOnDrop(controller.clone());
        let mut builder = RequestBuilder::new(&url)
            .method(method)
            .header("Accept", "application/json")
            .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
        if req.authenticated {
            if let Some(token) = &self.token {
                builder = builder.header("X-Auth-Token", token);
            }
        }
        for (name, value) in &req.headers {
            builder = builder.header(name, value);
        }
        if let Some(ct) = req.content_type {
            builder = builder.header("Content-Type", ct);
        }
        let request = match &req.body {
            Some(body) => builder.body(body.as_str()),
            None => builder.build(),
        }
        .map_err(|e| ApiError::new(ApiErrorKind::Network, e.to_string()))?;
        let response = request.send().await.map_err(|e| {
            ApiError::new(
                ApiErrorKind::Network,
                format!("{} {url} did not get an answer: {e}", req.method.as_str()),
            )
        })?;
        let status = response.status();
        let headers = response.headers();
        let request_id = headers.get(REQUEST_ID_HEADER);
        let subject_token = headers.get(SUBJECT_TOKEN_HEADER);
        let body = response.text().await.unwrap_or_default();
        guard.0 = None;
        if !(200..300).contains(&status) {
            return Err(ApiError::from_response(status, &body, request_id));
        }
        Ok(RawResponse {
            status,
            body,
            subject_token,
            request_id,
        })
    }

    /// Sends the request and decodes a JSON body.
    pub async fn json<T: DeserializeOwned>(&self, req: &ApiRequest) -> Result<T, ApiError> {
        let response = self.send(req).await?;
        decode(&response)
    }
}

/// Decodes a JSON body, reporting decode failures with the request id.
pub fn decode<T: DeserializeOwned>(response: &RawResponse) -> Result<T, ApiError> {
    serde_json::from_str(&response.body).map_err(|e| ApiError {
        kind: ApiErrorKind::Decode,
        status: Some(response.status),
        message: format!("unexpected answer: {e}"),
        request_id: response.request_id.clone(),
    })
}

/// Loads `/config.json`. Absolute, like trunk's asset links: a relative URL would resolve
/// against deep links such as `/images/<id>` and fetch the SPA fallback instead.
pub async fn fetch_config() -> Result<PortalConfig, String> {
    let response = gloo_net::http::Request::get("/config.json")
        .send()
        .await
        .map_err(|e| format!("config.json could not be loaded: {e}"))?;
    if !response.ok() {
        return Err(format!("config.json: HTTP {}", response.status()));
    }
    let text = response
        .text()
        .await
        .map_err(|e| format!("config.json: {e}"))?;
    PortalConfig::parse(&text)
}
