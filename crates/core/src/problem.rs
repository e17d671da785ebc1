//! What stopped an action, kept typed until it is shown: a service's error (or its silence),
//! or a refusal the portal makes itself before asking any service.
//!
//! [`ApiError`] is only about talking to Keystone and Glance: an HTTP status, the service's
//! message and request id, or no answer at all. What the portal refuses on its own (a field
//! left empty, a tag Glance would mangle, a file too large for the browser's memory, a
//! config.json it cannot use) is a [`Refusal`]: no status, no request id, only a catalog
//! message, so it is worded in the user's language wherever it is shown.

use std::fmt;

use crate::api::error::ApiError;
use crate::i18n::{Key, Lang, Text};
use crate::model::tag::TagError;

/// Why the portal refused, by class: what a page may react to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusalReason {
    /// The user's input cannot be sent as it is (a required field empty, a tag too long,
    /// an address that names no image, a project no one can find).
    Input,
    /// The portal or the cloud is set up so the action cannot work (an unusable config.json,
    /// no image service in the catalog, a header Keystone's CORS setup does not expose).
    Setup,
    /// There is no session: the login must come first.
    NotLoggedIn,
    /// The browser cannot do it (a file too large for its memory, a worker that failed, a
    /// file it would not write).
    Browser,
}

/// A refusal the portal makes itself, with its catalog message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// Its class.
    pub reason: RefusalReason,
    /// What to tell the user, worded when shown.
    pub text: Text,
}

impl Refusal {
    /// A refusal of `reason` saying `key` with `args`.
    pub fn new(reason: RefusalReason, key: Key, args: &[&str]) -> Self {
        Refusal {
            reason,
            text: Text::new(key, args),
        }
    }

    /// A refusal of `reason` with a message already built.
    pub fn with_text(reason: RefusalReason, text: Text) -> Self {
        Refusal { reason, text }
    }

    /// "Log in first": what an action asked of a portal with no session gets.
    pub fn not_logged_in() -> Self {
        Refusal::new(RefusalReason::NotLoggedIn, Key::ErrNotLoggedIn, &[])
    }
}

/// What stopped an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Keystone or Glance refused, failed or did not answer.
    Service(ApiError),
    /// The portal refused before asking.
    Refused(Refusal),
}

impl From<ApiError> for Problem {
    fn from(e: ApiError) -> Self {
        Problem::Service(e)
    }
}

impl From<Refusal> for Problem {
    fn from(r: Refusal) -> Self {
        Problem::Refused(r)
    }
}

/// A tag refused before sending (see [`crate::model::tag`]).
impl From<TagError> for Problem {
    fn from(e: TagError) -> Self {
        Problem::Refused(Refusal::with_text(RefusalReason::Input, e.text()))
    }
}

impl Problem {
    /// The service's error, when a service was asked.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Problem::Service(e) => Some(e),
            Problem::Refused(_) => None,
        }
    }

    /// The portal's refusal, when it refused.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            Problem::Service(_) => None,
            Problem::Refused(r) => Some(r),
        }
    }

    /// True when the login must come (back): a 401, or no session at all.
    pub fn is_unauthorized(&self) -> bool {
        match self {
            Problem::Service(e) => e.is_unauthorized(),
            Problem::Refused(r) => r.reason == RefusalReason::NotLoggedIn,
        }
    }

    /// The HTTP status, when a service answered.
    pub fn status(&self) -> Option<u16> {
        self.api_error().and_then(|e| e.status)
    }

    /// The message in `lang`: the portal's own in that language, a service's as it wrote it.
    pub fn message_in(&self, lang: Lang) -> String {
        match self {
            Problem::Service(e) => e.message_in(lang),
            Problem::Refused(r) => lang.text(&r.text),
        }
    }

    /// The problem in one line, for toasts: the message and, from a service, the HTTP
    /// status and request id when there are some.
    pub fn summary_in(&self, lang: Lang) -> String {
        match self {
            Problem::Service(e) => e.summary_in(lang),
            Problem::Refused(r) => lang.text(&r.text),
        }
    }
}

/// English, for logs and tests; the UI uses [`Problem::message_in`].
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Service(e) => e.fmt(f),
            Problem::Refused(r) => f.write_str(&Lang::En.text(&r.text)),
        }
    }
}

impl std::error::Error for Problem {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::ApiErrorKind;

    #[test]
    fn a_refusal_is_worded_in_the_language_asked_and_has_no_status() {
        let refused = Problem::from(Refusal::new(
            RefusalReason::Input,
            Key::NotAnImageId,
            &["x"],
        ));
        assert_ne!(refused.message_in(Lang::En), refused.message_in(Lang::ZhCn));
        assert_eq!(
            refused.summary_in(Lang::ZhCn),
            refused.message_in(Lang::ZhCn)
        );
        assert_eq!(refused.status(), None);
        assert!(!refused.is_unauthorized());
    }

    #[test]
    fn a_service_error_keeps_its_status_and_request_id() {
        let e = ApiError::from_response(404, r#"{"message": "No image"}"#, Some("req-1".into()));
        let problem = Problem::from(e.clone());
        assert_eq!(problem.status(), Some(404));
        assert_eq!(problem.summary_in(Lang::En), e.summary_in(Lang::En));
        assert_eq!(
            problem.api_error().map(|e| &e.kind),
            Some(&ApiErrorKind::NotFound)
        );
    }

    #[test]
    fn no_session_and_a_401_both_bring_the_login_back() {
        assert!(Problem::from(Refusal::not_logged_in()).is_unauthorized());
        assert!(Problem::from(ApiError::from_response(401, "", None)).is_unauthorized());
        let tag = Problem::from(TagError::Empty);
        assert_eq!(tag.refusal().map(|r| r.reason), Some(RefusalReason::Input));
        assert!(!tag.is_unauthorized());
    }
}
