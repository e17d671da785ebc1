//! The one HTTP executor: turns an [`ApiRequest`] into a `fetch`, adds the token, resolves the
//! service base URL, aborts when the caller drops the future (a page left or a resource
//! superseded), and maps every failure to an [`ApiError`] with status, message and request id.

use std::ops::Deref;

use super::client::{browser_refused, no_answer, Client, REQUEST_ID_HEADER};
use super::error::ApiError;
use super::keystone::SUBJECT_TOKEN_HEADER;
use super::request::{ApiRequest, Method};
use super::transport::{RawResponse, Transport};
use crate::config::{ConfigProblem, PortalConfig};

/// A [`Client`] that sends through the browser: the app's transport. A newtype because the
/// client and the [`Transport`] trait live in the core crate, which has no browser to send
/// with; it reads as a `Client` everywhere else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowserClient(pub Client);

impl Deref for BrowserClient {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.0
    }
}

impl From<Client> for BrowserClient {
    fn from(client: Client) -> Self {
        BrowserClient(client)
    }
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

impl BrowserClient {
    /// A client for logging in: Keystone only, no token.
    pub fn anonymous(config: &PortalConfig) -> Self {
        BrowserClient(Client::anonymous(config))
    }

    /// A client for Keystone alone, with no session token and no 401 callback
    /// ([`Client::identity_only`]).
    pub fn identity_only(identity_base: &str) -> Self {
        BrowserClient(Client::identity_only(identity_base))
    }

    /// Sends the request; non-2xx answers become errors, and a 401 also reaches the
    /// unauthorized callback.
    pub async fn send(&self, req: &ApiRequest) -> Result<RawResponse, ApiError> {
        let result = self.send_inner(req).await;
        if let Err(e) = &result {
            self.after_failure(req, e);
        }
        result
    }

    async fn send_inner(&self, req: &ApiRequest) -> Result<RawResponse, ApiError> {
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
        .map_err(|_| browser_refused(req, &url))?;
        let response = request
            .send()
            .await
            .map_err(|e| no_answer(req, &url, &e.to_string()))?;
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
}

/// The browser's transport: [`BrowserClient::send`] and the window's timers.
impl Transport for BrowserClient {
    async fn send(&self, req: &ApiRequest) -> Result<RawResponse, ApiError> {
        BrowserClient::send(self, req).await
    }

    async fn sleep_ms(&self, ms: u32) {
        sleep_ms(ms).await
    }
}

/// Waits `ms` milliseconds on the window's timer, without blocking the page.
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let delay = i32::try_from(ms).unwrap_or(i32::MAX);
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Loads `/config.json`. Absolute, like trunk's asset links: a relative URL would resolve
/// against deep links such as `/images/<id>` and fetch the SPA fallback instead.
pub async fn fetch_config() -> Result<PortalConfig, ConfigProblem> {
    let response = gloo_net::http::Request::get("/config.json")
        .send()
        .await
        .map_err(|e| ConfigProblem::NotLoaded(e.to_string()))?;
    if !response.ok() {
        return Err(ConfigProblem::Status(response.status()));
    }
    let text = response
        .text()
        .await
        .map_err(|e| ConfigProblem::NotLoaded(e.to_string()))?;
    PortalConfig::parse(&text)
}
