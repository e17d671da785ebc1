//! Where requests go and with which token: the [`Client`] the browser executor (the app's
//! `api::http`) sends through, the 401 hook that ends a session, and the two failures every
//! executor words the same way (refused by the browser, no answer).

use std::fmt;
use std::sync::Arc;

use super::error::{ApiError, ApiErrorKind};
use super::request::{ApiRequest, Service};
use crate::config::PortalConfig;
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

/// The browser would not even send `req` (a malformed URL or header): one wording for JSON
/// calls, uploads and downloads alike.
pub fn browser_refused(req: &ApiRequest, url: &str) -> ApiError {
    ApiError::worded(
        ApiErrorKind::Network,
        Text::new(Key::ErrBrowserRefused, &[req.method.as_str(), url]),
    )
}

/// `req` was sent and nothing answered (service down, CORS, TLS): `detail` is the browser's
/// own reason, where it gives one.
pub fn no_answer(req: &ApiRequest, url: &str, detail: &str) -> ApiError {
    ApiError::worded(
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

    /// The base URL of `service`; the image service is known only once logged in. Without a
    /// session a Glance request is refused as Glance would refuse it without a token (401),
    /// so the login comes back.
    pub fn base_for(&self, service: Service) -> Result<&str, ApiError> {
        match service {
            Service::Identity => Ok(&self.identity_base),
            Service::Image => self.image_base.as_deref().ok_or_else(|| {
                ApiError::worded(
                    ApiErrorKind::Unauthorized,
                    Text::new(Key::ErrNoImageEndpoint, &[]),
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::api::request::Method;

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
