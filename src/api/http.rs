//! The one HTTP executor: turns an [`ApiRequest`] into a `fetch`, adds the token, resolves the
//! service base URL, aborts when the caller drops the future (a page left or a resource
//! superseded), and maps every failure to an [`ApiError`] with status, message and request id.

use std::fmt;
use std::sync::Arc;

use super::error::{ApiError, ApiErrorKind};
use super::keystone::SUBJECT_TOKEN_HEADER;
use super::request::{ApiRequest, Method, Service};
use super::transport::Transport;
pub use super::transport::{decode, RawResponse};
use crate::config::{ConfigProblem, PortalConfig};
use crate::i18n::{Key, Text};

/// Header OpenStack services use to identify a request in their logs.
pub const REQUEST_ID_HEADER: &str = "x-openstack-request-id";

/// Called with the error when a request that carried the token answers 401. The session sets
/// it, so an expired or revoked token brings the login back whichever page or component sent
/// the request, without each caller having to remember to report it.
#[derive(Clone)]
pub struct OnUnauthorized(pub Arc<dyn Fn(&ApiError) + Send + Sync>);

impl OnUnauthorized {
    /// Wraps a callback.
    pub fn new(f: impl Fn(&ApiError) + Send + Sync + 'static) -> Self {
        OnUnauthorized(Arc::new(f))
    }
}

impl fmt::Debug for OnUnauthorized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OnUnauthorized(..)")
    }
}

/// Two clients are equal when they target the same endpoints with the same token and share
/// the very same callback (closures cannot be compared otherwise).
impl PartialEq for OnUnauthorized {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for OnUnauthorized {}

/// Where requests go and with which token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// Keystone v3 base URL.
    pub identity_base: String,
    /// Glance base URL (from the catalog or override), once logged in.
    pub image_base: Option<String>,
    /// Session token, once logged in.
    pub token: Option<String>,
    /// What to do when the token is refused; `None` for logins, where a 401 means wrong
    /// credentials rather than an ended session.
    pub on_unauthorized: Option<OnUnauthorized>,
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

/// The browser would not even send `req` (a malformed URL or header): one wording for JSON
/// calls, uploads and downloads alike.
pub(super) fn browser_refused(req: &ApiRequest, url: &str) -> ApiError {
    ApiError::portal(
        ApiErrorKind::Network,
        Text::new(Key::ErrBrowserRefused, &[req.method.as_str(), url]),
    )
}

/// `req` was sent and nothing answered (service down, CORS, TLS): `detail` is the browser's
/// own reason, where it gives one.
pub(super) fn no_answer(req: &ApiRequest, url: &str, detail: &str) -> ApiError {
    ApiError::portal(
        ApiErrorKind::Network,
        Text::new(Key::ErrNoAnswer, &[req.method.as_str(), url, detail]),
    )
}

impl Client {
    /// A client for logging in: Keystone only, no token.
    pub fn anonymous(config: &PortalConfig) -> Self {
        Client {
            identity_base: config.keystone_base().to_string(),
            image_base: None,
            token: None,
            on_unauthorized: None,
        }
    }

    /// A client for Keystone alone, with no session token and no 401 callback: for requests
    /// that name their token themselves (logging in, rescoping, validating, revoking).
    pub fn identity_only(identity_base: &str) -> Self {
        Client {
            identity_base: identity_base.trim_end_matches('/').to_string(),
            image_base: None,
            token: None,
            on_unauthorized: None,
        }
    }

    /// Runs the unauthorized callback when `error` is a 401 to a request that sent the token.
    /// A 401 to an unauthenticated request (a login) is about the credentials, not the session.
    pub fn after_failure(&self, req: &ApiRequest, error: &ApiError) {
        if !(error.is_unauthorized() && req.authenticated && self.token.is_some()) {
            return;
        }
        if let Some(hook) = &self.on_unauthorized {
            (hook.0)(error);
        }
    }

    pub(super) fn base_for(&self, service: Service) -> Result<&str, ApiError> {
        match service {
            Service::Identity => Ok(&self.identity_base),
            Service::Image => self.image_base.as_deref().ok_or_else(|| {
                ApiError::portal(
                    ApiErrorKind::Config,
                    Text::new(Key::ErrNoImageEndpoint, &[]),
                )
            }),
        }
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

/// The browser's transport: [`Client::send`] and the window's timers.
impl Transport for Client {
    async fn send(&self, req: &ApiRequest) -> Result<RawResponse, ApiError> {
        Client::send(self, req).await
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn counting_client(token: Option<&str>) -> (Client, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        let client = Client {
            identity_base: "/identity/v3".into(),
            image_base: Some("/image".into()),
            token: token.map(str::to_string),
            on_unauthorized: Some(OnUnauthorized::new(move |e: &ApiError| {
                assert!(e.is_unauthorized());
                seen.fetch_add(1, Ordering::SeqCst);
            })),
        };
        (client, calls)
    }

    fn images() -> ApiRequest {
        ApiRequest::new(Service::Image, Method::Get, "/v2/images")
    }

    #[test]
    fn a_401_to_a_token_request_reaches_the_callback() {
        let (client, calls) = counting_client(Some("tok"));
        let refused = ApiError::from_response(401, "", Some("req-1".into()));
        client.after_failure(&images(), &refused);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn other_failures_and_logins_do_not_end_the_session() {
        let (client, calls) = counting_client(Some("tok"));
        for status in [400, 403, 404, 409, 500] {
            client.after_failure(&images(), &ApiError::from_response(status, "", None));
        }
        let refused = ApiError::from_response(401, "", None);
        // A login is unauthenticated: its 401 means wrong credentials.
        client.after_failure(&images().unauthenticated(), &refused);
        // Without a token there is no session to end.
        let (anonymous, anonymous_calls) = counting_client(None);
        anonymous.after_failure(&images(), &refused);
        assert_eq!(calls.load(Ordering::SeqCst), 0);
        assert_eq!(anonymous_calls.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn clients_compare_by_callback_identity() {
        let (a, _) = counting_client(Some("tok"));
        let b = a.clone();
        assert_eq!(a, b);
        let (c, _) = counting_client(Some("tok"));
        assert_ne!(a, c);
    }
}
