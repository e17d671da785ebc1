//! The logged-in session as the app keeps it (memory + `sessionStorage`, never `localStorage`).

use serde::{Deserialize, Serialize};

use crate::i18n::{Key, Text};
use crate::model::time::parse_timestamp;
use crate::model::token::{select_endpoint, CatalogError, CatalogService, Token};

/// A project-scoped Keystone token and what the portal derived from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The token id (`X-Subject-Token`).
    pub token: String,
    /// Expiry, epoch seconds.
    pub expires_at: i64,
    /// User id.
    pub user_id: String,
    /// User name.
    pub user_name: String,
    /// Scoped project id.
    pub project_id: String,
    /// Scoped project name.
    pub project_name: String,
    /// Role names on the project.
    pub roles: Vec<String>,
    /// Keystone v3 base URL the token came from.
    pub identity_base: String,
    /// Glance base URL (catalog or override), without trailing slash.
    pub image_endpoint: String,
    /// The catalog, kept for later endpoint needs.
    pub catalog: Vec<CatalogService>,
}

/// Why a token cannot become a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionError {
    /// The token is not scoped to a project; Glance needs one.
    Unscoped,
    /// Unreadable expiry.
    BadExpiry(String),
    /// No usable image endpoint.
    Catalog(CatalogError),
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionError::Unscoped => {
                f.write_str("the token is not scoped to a project; name a project to log in to")
            }
            SessionError::BadExpiry(s) => write!(f, "unreadable token expiry '{s}'"),
            SessionError::Catalog(e) => e.fmt(f),
        }
    }
}

impl SessionError {
    /// The problem in the catalog's words, for the login form.
    pub fn text(&self) -> Text {
        match self {
            SessionError::Unscoped => Text::new(Key::ErrUnscoped, &[]),
            SessionError::BadExpiry(s) => Text::new(Key::ErrBadExpiry, &[s]),
            SessionError::Catalog(CatalogError::NoService(t)) => Text::new(Key::ErrNoService, &[t]),
            SessionError::Catalog(CatalogError::NoEndpoint {
                service_type,
                interface,
                region,
                available,
            }) => {
                let available = available.join(", ");
                match region {
                    Some(r) => Text::new(
                        Key::ErrNoEndpoint,
                        &[interface, service_type, r, &available],
                    ),
                    None => Text::new(
                        Key::ErrNoEndpointAnyRegion,
                        &[interface, service_type, &available],
                    ),
                }
            }
        }
    }
}

impl Session {
    /// Builds a session from a token body. `image_override` wins over the catalog, which lets
    /// operators route Glance through the portal's own origin.
    pub fn from_token(
        token_id: String,
        identity_base: &str,
        token: &Token,
        region: Option<&str>,
        interface: &str,
        image_override: Option<&str>,
    ) -> Result<Session, SessionError> {
        let project = token.project.as_ref().ok_or(SessionError::Unscoped)?;
        let expires_at = parse_timestamp(&token.expires_at)
            .ok_or_else(|| SessionError::BadExpiry(token.expires_at.clone()))?;
        let image_endpoint = match image_override {
            Some(url) if !url.trim().is_empty() => url.trim_end_matches('/').to_string(),
            _ => select_endpoint(&token.catalog, "image", region, interface)
                .map_err(SessionError::Catalog)?,
        };
        Ok(Session {
            token: token_id,
            expires_at,
            user_id: token.user.id.clone(),
            user_name: token.user.name.clone(),
            project_id: project.id.clone(),
            project_name: project.name.clone(),
            roles: token.roles.iter().map(|r| r.name.clone()).collect(),
            identity_base: identity_base.trim_end_matches('/').to_string(),
            image_endpoint,
            catalog: token.catalog.clone(),
        })
    }

    /// True once the token has expired (with a minute of margin for clock skew and latency).
    pub fn is_expired(&self, now: i64) -> bool {
        now + 60 >= self.expires_at
    }

    /// Whether the user holds the `admin` role on the project.
    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == "admin")
    }
}
