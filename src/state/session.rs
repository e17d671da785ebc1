//! The session context: configuration, the current token-derived [`Session`], and the flows
//! that change it (log in three ways, switch project, log out, expire on 401).
//!
//! The token lives in memory and `sessionStorage` only: it survives a reload of the tab but
//! never reaches `localStorage` or a URL.

use leptos::prelude::*;

use super::browser_storage::{self, Area};
use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::http::{decode, Client, OnUnauthorized};
use crate::api::keystone::{self, Credentials, ProjectList, TokenBody};
use crate::config::PortalConfig;
use crate::i18n::{Key, Text};
use crate::model::session::Session;

const SESSION_KEY: &str = "gp.session";

/// Why the login form is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginReason {
    /// First visit or explicit logout.
    Fresh,
    /// A request answered 401 (expired or revoked token): the page stays, the login returns.
    Expired,
    /// The user asked for a fresh token before a long transfer. The old token is not revoked,
    /// because transfers already running still send with it.
    Renew,
}

/// The session context.
#[derive(Clone, Copy)]
pub struct SessionContext {
    /// Runtime configuration.
    pub config: StoredValue<PortalConfig>,
    /// The current session, if logged in.
    pub current: RwSignal<Option<Session>>,
    /// Why the login is showing, when it is.
    pub reason: RwSignal<LoginReason>,
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

impl SessionContext {
    /// A client for the current session (tracked: resources refetch when the session changes).
    /// Any 401 its requests get ends the session, so every caller brings the login back.
    pub fn client(&self) -> Client {
        let config = self.config.get_value();
        let ctx = *self;
        self.current.with(|s| match s {
            Some(s) => {
                let token = s.token.clone();
                Client {
                    identity_base: s.identity_base.clone(),
                    image_base: Some(s.image_endpoint.clone()),
                    token: Some(s.token.clone()),
                    on_unauthorized: Some(OnUnauthorized::new(move |_| ctx.expire_token(&token))),
                }
            }
            None => Client::anonymous(&config),
        })
    }

    /// Routes an API error: a 401 ends the session and brings the login back over the current
    /// page, which then reloads its data once the user is in again. Clients from
    /// [`SessionContext::client`] already do this on their own; calling it again is harmless.
    pub fn report(&self, error: &ApiError) {
        if error.is_unauthorized() && self.current.with_untracked(|s| s.is_some()) {
            self.end(LoginReason::Expired);
        }
    }

    /// Ends the session because `token` was refused, unless the session has moved on to
    /// another token meanwhile (a late answer to a request from before a new login must not
    /// log the user out again).
    fn expire_token(&self, token: &str) {
        let current = self
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.token == token));
        if current == Some(true) {
            self.end(LoginReason::Expired);
        }
    }

    fn end(&self, reason: LoginReason) {
        browser_storage::remove(Area::Session, SESSION_KEY);
        self.reason.set(reason);
        self.current.set(None);
    }

    fn start(&self, session: Session) {
        if let Ok(json) = serde_json::to_string(&session) {
            browser_storage::set(Area::Session, SESSION_KEY, &json);
        }
        self.current.set(Some(session));
    }

    fn session_from(
        &self,
        token_id: String,
        identity_base: &str,
        body: &TokenBody,
    ) -> Result<Session, ApiError> {
        let config = self.config.get_value();
        // The image override is for the configured cloud; another auth URL means another
        // cloud whose catalog must be trusted instead.
        let same_cloud = identity_base.trim_end_matches('/') == config.keystone_base();
        let image_override = config.endpoint_override("image").filter(|_| same_cloud);
        Session::from_token(
            token_id,
            identity_base,
            &body.token,
            config.region.as_deref(),
            &config.interface,
            image_override,
        )
        .map_err(|e| ApiError::portal(ApiErrorKind::Config, e.text()))
    }

    /// Logs in against `auth_url` (Keystone v3 base). A token without a project is rescoped
    /// to the first project the user may use, because Glance needs a project.
    pub async fn log_in(&self, auth_url: &str, credentials: Credentials) -> Result<(), ApiError> {
        let client = Client {
            identity_base: auth_url.trim_end_matches('/').to_string(),
            image_base: None,
            token: None,
            on_unauthorized: None,
        };
        let (mut token_id, mut body) = match &credentials {
            Credentials::Token(token) => {
                let response = client.send(&keystone::validate_token(token.trim())).await?;
                (token.trim().to_string(), decode::<TokenBody>(&response)?)
            }
            _ => {
                let response = client.send(&keystone::issue_token(&credentials)).await?;
                let token = response.subject_token.clone().ok_or_else(|| {
                    ApiError::portal(ApiErrorKind::Config, Text::new(Key::ErrNoSubjectToken, &[]))
                })?;
                (token, decode::<TokenBody>(&response)?)
            }
        };
        if body.token.project.is_none() {
            let scoped = Client {
                token: Some(token_id.clone()),
                ..client.clone()
            };
            let projects: ProjectList = scoped.json(&keystone::list_auth_projects()).await?;
            let first = projects
                .projects
                .iter()
                .find(|p| p.enabled)
                .ok_or_else(|| {
                    ApiError::portal(ApiErrorKind::Config, Text::new(Key::ErrNoProject, &[]))
                })?;
            let response = client
                .send(&keystone::rescope(&token_id, &first.id))
                .await?;
            token_id = response.subject_token.clone().unwrap_or(token_id);
            body = decode(&response)?;
        }
        let session = self.session_from(token_id, &client.identity_base, &body)?;
        self.start(session);
        Ok(())
    }

    /// Exchanges the token for one scoped to another project.
    pub async fn switch_project(&self, project_id: &str) -> Result<(), ApiError> {
        let Some(current) = self.current.get_untracked() else {
            return Err(ApiError::portal(
                ApiErrorKind::Unauthorized,
                Text::new(Key::ErrNotLoggedIn, &[]),
            ));
        };
        let client = Client {
            identity_base: current.identity_base.clone(),
            image_base: None,
            token: None,
            on_unauthorized: None,
        };
        let result = client
            .send(&keystone::rescope(&current.token, project_id))
            .await;
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                self.report(&e);
                return Err(e);
            }
        };
        let token = response.subject_token.clone().ok_or_else(|| {
            ApiError::portal(ApiErrorKind::Config, Text::new(Key::ErrNoSubjectToken, &[]))
        })?;
        let body: TokenBody = decode(&response)?;
        let session = self.session_from(token, &current.identity_base, &body)?;
        self.start(session);
        Ok(())
    }

    /// Revokes the token and ends the session. The session ends even when revocation fails
    /// (the error is returned so the user learns the token may still be valid).
    pub async fn log_out(&self) -> Result<(), ApiError> {
        let Some(current) = self.current.get_untracked() else {
            return Ok(());
        };
        let client = self.client_untracked();
        let result = client.send(&keystone::revoke_token(&current.token)).await;
        self.end(LoginReason::Fresh);
        result.map(|_| ())
    }

    /// Brings the login back for a fresh token without revoking the current one (uploads in
    /// flight keep using it until it expires).
    pub fn renew(&self) {
        if self.current.with_untracked(|s| s.is_some()) {
            self.end(LoginReason::Renew);
        }
    }

    /// A document fetched once per token (schemas, `/v2/info/*`): it is fetched again only
    /// when the token changes, and answers "not logged in" without a request while there is
    /// no session. A 401 reaches the login through the client's own 401 handling.
    pub fn token_resource<T: serde::de::DeserializeOwned + 'static>(
        &self,
        request: fn() -> crate::api::request::ApiRequest,
    ) -> LocalResource<Result<T, ApiError>> {
        let session = *self;
        let token = Memo::new(move |_| {
            session
                .current
                .with(|s| s.as_ref().map(|s| s.token.clone()))
        });
        LocalResource::new(move || {
            let logged_in = token.get().is_some();
            let client = session.client_untracked();
            async move {
                if !logged_in {
                    return Err(ApiError::portal(
                        ApiErrorKind::Unauthorized,
                        crate::i18n::Text::new(crate::i18n::Key::ErrNotLoggedIn, &[]),
                    ));
                }
                client.json::<T>(&request()).await
            }
        })
    }

    /// The client without tracking (for event handlers).
    pub fn client_untracked(&self) -> Client {
        untrack(|| self.client())
    }
}

fn restore() -> Option<Session> {
    let json = browser_storage::get(Area::Session, SESSION_KEY)?;
    let session: Session = serde_json::from_str(&json).ok()?;
    if session.is_expired(now_secs()) {
        browser_storage::remove(Area::Session, SESSION_KEY);
        return None;
    }
    Some(session)
}

/// Provides the session context, restoring a live session from this tab's storage.
pub fn provide_session(config: PortalConfig) -> SessionContext {
    let restored = restore();
    let ctx = SessionContext {
        config: StoredValue::new(config),
        current: RwSignal::new(restored),
        reason: RwSignal::new(LoginReason::Fresh),
    };
    provide_context(ctx);
    ctx
}

/// The session context.
pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
