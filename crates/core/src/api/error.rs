//! Typed errors from talking to Keystone and Glance, carrying what the user needs to report
//! a problem: status, the service's own message, and the `x-openstack-request-id` an
//! operator can grep for.

use std::fmt;

use crate::i18n::{Key, Lang, Text};

/// What went wrong, by class, so pages can react (401 → login, 413 → quota hint) without
/// matching on numbers everywhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 400: the request was malformed or a filter was invalid.
    BadRequest,
    /// 401: the token is missing, expired or revoked; the login must come back.
    Unauthorized,
    /// 403: policy forbids the operation (or the property is read-only).
    Forbidden,
    /// 404: no such resource (or not visible to this project).
    NotFound,
    /// 409: the resource's state conflicts with the operation.
    Conflict,
    /// 413: a quota (tags, properties, members, storage) is exhausted.
    OverLimit,
    /// 415: Glance found the data does not match the declared disk format.
    UnsupportedMedia,
    /// 5xx: the service failed.
    Server,
    /// Any other HTTP status.
    OtherStatus,
    /// The request never got an HTTP answer (offline, CORS refusal, DNS).
    Network,
    /// The answer could not be understood.
    Decode,
}

/// An error from Keystone, Glance or the transport.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// Classification.
    pub kind: ApiErrorKind,
    /// HTTP status when there was an answer.
    pub status: Option<u16>,
    /// The service's own message (or the transport's), human-readable.
    pub message: String,
    /// `x-openstack-request-id` from the response, for operators' logs.
    pub request_id: Option<String>,
    /// The portal's own wording of `message`, when the portal wrote it (not a service), so
    /// the view can show it in the user's language.
    pub text: Option<Text>,
}

impl ApiError {
    /// Whether the connection broke on the way, so that sending again (an upload into the
    /// same image) or asking for the rest (a download with `Range`) may succeed: no answer
    /// at all, or an answer from a proxy in front of Glance that lost its connection to
    /// Glance (nginx's 502/504, or a 503) rather than from Glance, whose own answers carry
    /// `x-openstack-request-id`. A request the browser refused to send (CORS, a mixed-content
    /// URL) is not a break: it would be refused again. Measured: a link to Glance cut after
    /// 10, 50 or 90 % of an upload's body gets nginx's "502 Bad Gateway".
    pub fn connection_broke(&self) -> bool {
        let refused = self.text.as_ref().map(|t| t.key) == Some(Key::ErrBrowserRefused);
        (self.kind == ApiErrorKind::Network && !refused)
            || (matches!(self.status, Some(502..=504)) && self.request_id.is_none())
    }

    /// An error without an HTTP answer.
    pub fn new(kind: ApiErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            status: None,
            message: message.into(),
            request_id: None,
            text: None,
        }
    }

    /// An error about talking to a service that the portal words itself (no answer, an
    /// answer it cannot read, a failure Glance records in properties rather than a status);
    /// `message` keeps the English text for logs and [`fmt::Display`]. Refusals the portal
    /// makes without asking a service are [`crate::problem::Refusal`]s instead.
    pub fn worded(kind: ApiErrorKind, text: Text) -> Self {
        ApiError {
            message: Lang::En.text(&text),
            text: Some(text),
            ..ApiError::new(kind, String::new())
        }
    }

    /// The message in `lang`: the portal's own in that language, a service's as it wrote it.
    pub fn message_in(&self, lang: Lang) -> String {
        match &self.text {
            Some(text) => lang.text(text),
            None => self.message.clone(),
        }
    }

    /// The error in one line, for toasts: the message (the portal's own in `lang`, a
    /// service's as it wrote it), the HTTP status and the request id when there are some.
    pub fn summary_in(&self, lang: Lang) -> String {
        let message = self.message_in(lang);
        let status = self.status.map(|s| s.to_string());
        match (status, &self.request_id) {
            (Some(s), Some(id)) => lang.tf(Key::ErrorStatusAndRequest, &[&message, &s, id]),
            (Some(s), None) => lang.tf(Key::ErrorStatusOnly, &[&message, &s]),
            (None, Some(id)) => lang.tf(Key::ErrorRequestOnly, &[&message, id]),
            (None, None) => message,
        }
    }

    /// Builds the error from an HTTP answer, extracting the message from whatever body shape
    /// the service used: Keystone's `{"error": {...}}`, Glance's JSON or HTML error pages.
    pub fn from_response(status: u16, body: &str, request_id: Option<String>) -> Self {
        let kind = match status {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Unauthorized,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            413 => ApiErrorKind::OverLimit,
            415 => ApiErrorKind::UnsupportedMedia,
            500..=599 => ApiErrorKind::Server,
            _ => ApiErrorKind::OtherStatus,
        };
        let message = extract_message(body).unwrap_or_else(|| format!("HTTP {status}"));
        ApiError {
            kind,
            status: Some(status),
            message,
            request_id,
            text: None,
        }
    }

    /// True when the session is no longer valid and the user must log in again.
    pub fn is_unauthorized(&self) -> bool {
        self.kind == ApiErrorKind::Unauthorized
    }

    /// The policy rule that refused the request, when Glance says so: its policy refusals
    /// read "You are not authorized to complete <rule> action." (measured on Glance 33).
    /// Other 403s (a read-only attribute, "Owner can't be updated by non admin") name none.
    pub fn policy_rule(&self) -> Option<&str> {
        if self.kind != ApiErrorKind::Forbidden {
            return None;
        }
        let rest = self.message.split("not authorized to complete ").nth(1)?;
        let rule = rest.split_whitespace().next()?;
        let valid = !rule.is_empty()
            && rule
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-'));
        valid.then_some(rule)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(status) = self.status {
            write!(f, "{status}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Finds the human message in an error body, JSON or HTML.
fn extract_message(body: &str) -> Option<String> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) {
        return json_message(&value);
    }
    let text = html_to_text(trimmed);
    (!text.is_empty()).then_some(text)
}

fn json_message(value: &serde_json::Value) -> Option<String> {
    // Keystone: {"error": {"code", "message", "title"}}; Glance (webob JSON):
    // {"code", "title", "message"} or {"<title>": {"message": ...}}; a bare string is possible.
    let candidates = [
        value.pointer("/error/message"),
        value.get("message"),
        value.get("explanation"),
        value.get("detail"),
    ];
    for found in candidates.into_iter().flatten() {
        if let Some(s) = found.as_str().filter(|s| !s.trim().is_empty()) {
            return Some(strip_markup(s));
        }
    }
    if let Some(obj) = value.as_object() {
        for inner in obj.values() {
            if let Some(s) = inner.get("message").and_then(|m| m.as_str()) {
                return Some(strip_markup(s));
            }
        }
    }
    value.as_str().map(strip_markup)
}

/// Glance's JSON messages still carry webob's `<br /><br />`.
fn strip_markup(s: &str) -> String {
    if s.contains('<') {
        html_to_text(s)
    } else {
        clean_whitespace(s)
    }
}

/// Glance's webob error pages look like `<html><head><title>404 Not Found</title></head><body>
/// <h1>404 Not Found</h1>No image found with ID x<br /><br /></body></html>`; the useful text
/// is the body without the repeated title. A proxy's page (nginx: `<center><h1>502 Bad
/// Gateway</h1></center><hr><center>nginx/1.22.1</center>`) has nothing but the title and,
/// after a rule, the server's signature: the title is the message then, not the signature.
fn html_to_text(html: &str) -> String {
    let body = match (html.find("<body>"), html.rfind("</body>")) {
        (Some(start), Some(end)) if end > start => &html[start + 6..end],
        _ => html,
    };
    // webob's pages have no rule; what follows one on a server's page is its signature.
    let body = body.find("<hr").map_or(body, |rule| &body[..rule]);
    let (title, body) = match (body.find("<h1>"), body.find("</h1>")) {
        (Some(start), Some(end)) if end > start => {
            let mut rest = String::from(&body[..start]);
            rest.push_str(&body[end + 5..]);
            (Some(&body[start + 4..end]), rest)
        }
        _ => (None, body.to_string()),
    };
    let text = tags_to_text(&body);
    match title {
        Some(title) if text.is_empty() => tags_to_text(title),
        _ => text,
    }
}

/// The text of an HTML fragment: tags dropped (each one a space), entities decoded.
fn tags_to_text(body: &str) -> String {
    let mut text = String::with_capacity(body.len());
    let mut in_tag = false;
    for ch in body.chars() {
        match ch {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    decode_entities(&clean_whitespace(&text))
}

/// The entities webob's error pages use (it escapes the message it embeds).
fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

fn clean_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keystone_json_error() {
        let e = ApiError::from_response(
            401,
            r#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#,
            Some("req-1".into()),
        );
        assert_eq!(e.kind, ApiErrorKind::Unauthorized);
        assert_eq!(
            e.message,
            "The request you have made requires authentication."
        );
        assert_eq!(
            e.to_string(),
            "401: The request you have made requires authentication. (request req-1)"
        );
    }

    #[test]
    fn proxy_error_page_gives_its_title_not_its_signature() {
        // nginx 1.22's own page when its upstream (Glance) broke the connection.
        let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
        let e = ApiError::from_response(502, page, None);
        assert_eq!(e.message, "502 Bad Gateway");
        assert_eq!(e.kind, ApiErrorKind::Server);
    }

    #[test]
    fn glance_html_error() {
        let e = ApiError::from_response(
            404,
            "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID abc<br /><br />\n\n\n\n </body>\n</html>",
            None,
        );
        assert_eq!(e.kind, ApiErrorKind::NotFound);
        assert_eq!(e.message, "No image found with ID abc");
    }

    #[test]
    fn empty_body_falls_back_to_status() {
        let e = ApiError::from_response(503, "", None);
        assert_eq!(e.kind, ApiErrorKind::Server);
        assert_eq!(e.message, "HTTP 503");
    }

    #[test]
    fn summaries_read_in_the_language_with_status_and_request_id() {
        let glance = ApiError::from_response(404, "No image found", Some("req-9".into()));
        assert_eq!(
            glance.summary_in(Lang::En),
            "No image found (HTTP 404, request ID req-9)"
        );
        assert_eq!(
            glance.summary_in(Lang::ZhCn),
            "No image found（HTTP 404，请求 ID req-9）"
        );
        let lost = ApiError::worded(
            ApiErrorKind::Network,
            Text::new(Key::ErrImportNotFollowed, &[]),
        );
        assert_eq!(
            lost.summary_in(Lang::ZhCn),
            Lang::ZhCn.t(Key::ErrImportNotFollowed)
        );
        assert_eq!(lost.message, Lang::En.t(Key::ErrImportNotFollowed));
    }

    #[test]
    fn a_policy_refusal_names_its_rule() {
        // Glance 33's JSON answer to demo creating an image under `add_image: role:admin`.
        let e = ApiError::from_response(
            403,
            "{\"message\": \"You are not authorized to complete add_image action.<br /><br />\\n\\n\\n\", \"code\": \"403 Forbidden\", \"title\": \"Forbidden\"}",
            Some("req-1".into()),
        );
        assert_eq!(
            e.message,
            "You are not authorized to complete add_image action."
        );
        assert_eq!(e.policy_rule(), Some("add_image"));
        let html = ApiError::from_response(
            403,
            "<html><body><h1>403 Forbidden</h1> You are not authorized to complete publicize_image action.<br /><br /></body></html>",
            None,
        );
        assert_eq!(html.policy_rule(), Some("publicize_image"));
        let owner = ApiError::from_response(403, "Owner can't be updated by non admin.", None);
        assert_eq!(owner.policy_rule(), None);
        let not_403 = ApiError::from_response(400, "not authorized to complete x action", None);
        assert_eq!(not_403.policy_rule(), None);
    }

    #[test]
    fn plain_text_body_is_kept() {
        let e = ApiError::from_response(413, "Maximum number of tags exceeded", None);
        assert_eq!(e.kind, ApiErrorKind::OverLimit);
        assert_eq!(e.message, "Maximum number of tags exceeded");
    }
}
