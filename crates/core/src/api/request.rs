//! A request as data: which service, method, path, query and body. One executor
//! (the app's `BrowserClient::send`) turns it into a `fetch`, so request building is native-testable.

use super::url::join;
use crate::model::query::build_query;

/// The catalog service a request is addressed to; the executor resolves its base URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// Keystone, at the configured auth URL (which already ends in `/v3`).
    Identity,
    /// Glance, at the catalog's `image` endpoint (or the configured override).
    Image,
}

/// HTTP methods the portal uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `HEAD`
    Head,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One API operation, fully described, not yet sent.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    /// Which service's base URL the path is relative to.
    pub service: Service,
    /// The HTTP method.
    pub method: Method,
    /// Path below the service's base URL, e.g. `/v2/images`.
    pub path: String,
    /// Query pairs in order (keys may repeat).
    pub query: Vec<(String, String)>,
    /// Serialized body, if any.
    pub body: Option<String>,
    /// Content type of the body.
    pub content_type: Option<&'static str>,
    /// Extra headers beyond `X-Auth-Token`, which the executor adds from the session.
    pub headers: Vec<(String, String)>,
    /// Whether to send the session token (false only for logging in).
    pub authenticated: bool,
}

impl ApiRequest {
    /// A bodiless authenticated request.
    pub fn new(service: Service, method: Method, path: impl Into<String>) -> Self {
        ApiRequest {
            service,
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            content_type: None,
            headers: Vec::new(),
            authenticated: true,
        }
    }

    /// Adds a query pair.
    pub fn query(mut self, key: &str, value: impl Into<String>) -> Self {
        self.query.push((key.to_string(), value.into()));
        self
    }

    /// Sets a JSON body.
    pub fn json(mut self, body: &serde_json::Value) -> Self {
        self.body = Some(body.to_string());
        self.content_type = Some("application/json");
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Marks the request as not carrying the session token.
    pub fn unauthenticated(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// The absolute (or origin-relative) URL against a service base URL.
    pub fn url(&self, base: &str) -> String {
        let mut url = join(base, &self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&build_query(&self.query));
        }
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encodes_query_and_joins_base() {
        let req = ApiRequest::new(Service::Image, Method::Get, "/v2/images")
            .query("name", "in:a b,c")
            .query("tag", "x")
            .query("tag", "y");
        assert_eq!(
            req.url("http://127.0.0.1:9292/"),
            "http://127.0.0.1:9292/v2/images?name=in%3Aa%20b%2Cc&tag=x&tag=y"
        );
        assert_eq!(
            ApiRequest::new(Service::Image, Method::Get, "/v2/images").url("/image"),
            "/image/v2/images"
        );
    }
}
