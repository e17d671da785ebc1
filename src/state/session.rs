//! The session context: configuration, the current token-derived [`Session`], and the flows
//! that change it (log in three ways, switch project, log out, expire on 401).
//!
//! The token lives in memory and `sessionStorage` only: it survives a reload of the tab but
//! never reaches `localStorage` or a URL.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser_storage::{self, Area};
use crate::api::client::{Client, OnUnauthorized};
use crate::api::error::ApiError;
use crate::api::http::BrowserClient;
use crate::api::keystone::{self, Credentials};
use crate::api::transport::Transport;
use crate::config::PortalConfig;
use crate::flows::login::{authenticate, check_token, rescope, revoke, Authenticated, TokenCheck};
use crate::model::session::Session;
use crate::model::token::TokenBody;
use crate::model::token_ledger::{RetiredToken, TokenLedger};
use crate::problem::{Problem, Refusal, RefusalReason};

const SESSION_KEY: &str = "gp.session";
/// The tab's replaced tokens not yet revoked: kept across a reload, so logout still ends them.
const RETIRED_KEY: &str = "gp.retired-tokens";
/// Which login the session's token descends from (see [`TokenLedger`]).
const CHAIN_KEY: &str = "gp.token-chain";

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
    /// Tokens this tab replaced, to revoke once nothing sends with them, and at logout.
    ledger: StoredValue<TokenLedger>,
    /// The login the current token descends from: a fresh login starts a new one, a project
    /// switch keeps it.
    chain: StoredValue<u64>,
    /// An outage that made a request fail with 401 although the token may be fine.
    pub outage: RwSignal<Option<Outage>>,
}

/// Why a 401 did not end the session.
#[derive(Clone, Debug, PartialEq)]
pub enum Outage {
    /// Keystone could not be asked about the token (down, or answering 5xx).
    Keystone(ApiError),
    /// Keystone accepts the token, yet a service refused it: that service could not check it.
    TokenNotChecked,
}

/// While alive, a transfer sends with its token: a replaced token is revoked only after the
/// last such hold is dropped.
pub struct TokenHold {
    session: SessionContext,
    token: String,
}

impl Drop for TokenHold {
    fn drop(&mut self) {
        self.session.ledger.update_value(|l| l.release(&self.token));
        self.session.revoke_retired();
    }
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

impl SessionContext {
    /// A client for the current session (tracked: resources refetch when the session changes).
    /// Any 401 its requests get ends the session, so every caller brings the login back.
    pub fn client(&self) -> BrowserClient {
        let config = self.config.get_value();
        let ctx = *self;
        self.current.with(|s| match s {
            Some(s) => {
                let token = s.token.clone();
                BrowserClient(Client {
                    identity_base: s.identity_base.clone(),
                    image_base: Some(s.image_endpoint.clone()),
                    token: Some(s.token.clone()),
                    on_unauthorized: Some(OnUnauthorized::new(move |_| ctx.expire_token(&token))),
                })
            }
            None => BrowserClient::anonymous(&config),
        })
    }

    /// Ends the session on a 401 to a request made with the current token by a client that has
    /// no 401 hook of its own (the rescope in [`SessionContext::switch_project`]). Clients from
    /// [`SessionContext::client`] handle 401s themselves, for their own token only, so a late
    /// answer to a token the session has replaced (and revoked) ends nothing.
    fn report(&self, error: &Problem) {
        if error.is_unauthorized() && self.current.with_untracked(|s| s.is_some()) {
            self.end(LoginReason::Expired);
        }
    }

    /// Ends the session because `token` was refused, unless the session has moved on to
    /// another token meanwhile (a late answer to a request from before a new login must not
    /// log the user out again), or Keystone says the token is fine. Glance answers 401 when
    /// it cannot reach Keystone to check a token (measured: 3.6 s, then 401, with Keystone
    /// stopped), so a 401 alone does not prove the token is dead: Keystone is asked first.
    /// A token Keystone refuses ends the session; an unreachable Keystone, or a token it
    /// accepts, is reported as an outage and the session is kept.
    fn expire_token(&self, token: &str) {
        let current = self.current.with_untracked(|s| {
            s.as_ref()
                .filter(|s| s.token == token)
                .map(|s| s.identity_base.clone())
        });
        if let Some(identity_base) = current {
            // Keystone accepting the token a service refused: that service could not check it.
            self.ask_keystone(
                identity_base,
                token.to_string(),
                Some(Outage::TokenNotChecked),
            );
        }
    }

    /// Asks Keystone about the session's `token`: ends the session if Keystone refuses it,
    /// shows `if_valid` if Keystone accepts it, and the outage if Keystone cannot be asked.
    fn ask_keystone(&self, identity_base: String, token: String, if_valid: Option<Outage>) {
        let ctx = *self;
        spawn_local(async move {
            match check_token(&BrowserClient::identity_only(&identity_base), &token).await {
                TokenCheck::Refused => ctx.expire_checked(&token),
                TokenCheck::Valid => ctx.outage.set(if_valid),
                TokenCheck::Unreachable(e) => ctx.outage.set(Some(Outage::Keystone(e))),
            }
        });
    }

    fn expire_checked(&self, token: &str) {
        let still = self
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.token == token));
        if still == Some(true) {
            self.outage.set(None);
            self.end(LoginReason::Expired);
        }
    }

    /// Asks Keystone again after an outage: clears it when Keystone answers for the token,
    /// ends the session if Keystone now refuses it.
    pub fn check_again(&self) {
        let Some((identity_base, token)) = self.current.with_untracked(|s| {
            s.as_ref()
                .map(|s| (s.identity_base.clone(), s.token.clone()))
        }) else {
            return;
        };
        self.ask_keystone(identity_base, token, None);
    }

    fn end(&self, reason: LoginReason) {
        browser_storage::remove(Area::Session, SESSION_KEY);
        self.reason.set(reason);
        self.current.set(None);
    }

    fn start(&self, session: Session) {
        self.outage.set(None);
        if let Ok(json) = serde_json::to_string(&session) {
            browser_storage::set(Area::Session, SESSION_KEY, &json);
        }
        // The token the new one replaces (a project switch) must not outlive the session:
        // Keystone keeps it valid until it expires otherwise. It goes at logout (or once the
        // user logs in afresh), since revoking it now would revoke the new one with it.
        let replaced = self.current.with_untracked(|s| {
            s.as_ref()
                .map(|s| (s.token.clone(), s.identity_base.clone()))
        });
        self.current.set(Some(session.clone()));
        if let Some((token, identity_base)) = replaced.filter(|(t, _)| *t != session.token) {
            self.retire(token, identity_base);
        }
    }

    /// Marks `token` (of the current login) for revocation, and revokes what may go now.
    fn retire(&self, token: String, identity_base: String) {
        let chain = self.chain.get_value();
        self.ledger.update_value(|l| {
            l.retire(RetiredToken {
                token,
                identity_base,
                chain,
            })
        });
        self.persist_retired();
        self.revoke_retired();
    }

    fn persist_retired(&self) {
        let retired = self.ledger.with_value(|l| l.retired().to_vec());
        if retired.is_empty() {
            browser_storage::remove(Area::Session, RETIRED_KEY);
        } else if let Ok(json) = serde_json::to_string(&retired) {
            browser_storage::set(Area::Session, RETIRED_KEY, &json);
        }
    }

    /// Revokes every retired token no transfer holds. A token revokes itself (Keystone lets
    /// a token be both the caller and the subject); one Keystone no longer knows (404) is
    /// gone already. A failure keeps it for the next try and for logout.
    fn revoke_retired(&self) {
        let ctx = *self;
        let current_chain = self
            .current
            .with_untracked(|s| s.is_some())
            .then(|| self.chain.get_value());
        for retired in self.ledger.with_value(|l| l.revocable(current_chain)) {
            spawn_local(async move {
                if revoke_retired_token(&retired).await {
                    ctx.ledger.update_value(|l| l.revoked(&retired.token));
                    ctx.persist_retired();
                }
            });
        }
    }

    /// Holds the client's token for a transfer's lifetime (see [`TokenHold`]).
    pub fn hold(&self, client: &Client) -> Option<TokenHold> {
        let token = client.token.clone()?;
        self.ledger.update_value(|l| l.hold(&token));
        Some(TokenHold {
            session: *self,
            token,
        })
    }

    fn session_from(
        &self,
        token_id: String,
        identity_base: &str,
        body: &TokenBody,
    ) -> Result<Session, Refusal> {
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
        .map_err(|e| Refusal::with_text(RefusalReason::Setup, e.text()))
    }

    /// Logs in against `auth_url` (Keystone v3 base). A token without a project is rescoped
    /// to the first project the user may use, because Glance needs a project.
    pub async fn log_in(&self, auth_url: &str, credentials: Credentials) -> Result<(), Problem> {
        let client = BrowserClient::identity_only(auth_url);
        let Authenticated {
            token: token_id,
            body,
            unscoped,
        } = authenticate(&client, &credentials).await?;
        let session = self.session_from(token_id, &client.identity_base, &body)?;
        // A new login: its tokens are independent of any before it, which may now go.
        let chain = js_sys::Date::now() as u64;
        self.chain.set_value(chain);
        browser_storage::set(Area::Session, CHAIN_KEY, &chain.to_string());
        self.start(session);
        if let Some(token) = unscoped {
            self.retire(token, client.identity_base.clone());
        }
        self.revoke_retired();
        Ok(())
    }

    /// Exchanges the token for one scoped to another project.
    pub async fn switch_project(&self, project_id: &str) -> Result<(), Problem> {
        let Some(current) = self.current.get_untracked() else {
            return Err(Refusal::not_logged_in().into());
        };
        let client = BrowserClient::identity_only(&current.identity_base);
        let (token, body) = match rescope(&client, &current.token, project_id).await {
            Ok(answer) => answer,
            Err(e) => {
                self.report(&e);
                return Err(e);
            }
        };
        let session = self.session_from(token, &current.identity_base, &body)?;
        self.start(session);
        Ok(())
    }

    /// Revokes the token and ends the session. The session ends even when revocation fails
    /// (the error is returned so the user learns the token may still be valid).
    /// Every other token this tab obtained dies too: the ones replaced by project switches
    /// or renewals, even those a transfer still sends with.
    pub async fn log_out(&self) -> Result<(), ApiError> {
        let Some(current) = self.current.get_untracked() else {
            return Ok(());
        };
        let client = self.client_untracked();
        let result = client.send(&keystone::revoke_token(&current.token)).await;
        let mut retired = Vec::new();
        self.ledger.update_value(|l| retired = l.take_all());
        for token in retired {
            revoke_retired_token(&token).await;
        }
        browser_storage::remove(Area::Session, RETIRED_KEY);
        browser_storage::remove(Area::Session, CHAIN_KEY);
        self.end(LoginReason::Fresh);
        result.map(|_| ())
    }

    /// Brings the login back for a fresh token without revoking the current one (uploads in
    /// flight keep using it until it expires).
    pub fn renew(&self) {
        if let Some(current) = self.current.get_untracked() {
            // Revoked as soon as the transfers sending with it are done (at once if none).
            self.retire(current.token, current.identity_base);
            self.end(LoginReason::Renew);
        }
    }

    /// A document fetched once per token (schemas, `/v2/info/*`): it is fetched again only
    /// when the token changes, and answers "not logged in" without a request while there is
    /// no session. A 401 reaches the login through the client's own 401 handling.
    pub fn token_resource<T: serde::de::DeserializeOwned + 'static>(
        &self,
        request: fn() -> crate::api::request::ApiRequest,
    ) -> LocalResource<Result<T, Problem>> {
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
                    return Err(Refusal::not_logged_in().into());
                }
                Ok(client.json::<T>(&request()).await?)
            }
        })
    }

    /// The client without tracking (for event handlers).
    pub fn client_untracked(&self) -> BrowserClient {
        untrack(|| self.client())
    }
}

/// Revokes a retired token with itself as the caller; true once Keystone no longer knows it.
async fn revoke_retired_token(retired: &RetiredToken) -> bool {
    revoke(
        &BrowserClient::identity_only(&retired.identity_base),
        &retired.token,
    )
    .await
}

fn restore_retired() -> Vec<RetiredToken> {
    browser_storage::get(Area::Session, RETIRED_KEY)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
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
        ledger: StoredValue::new(TokenLedger::restored(restore_retired())),
        outage: RwSignal::new(None),
        chain: StoredValue::new(
            browser_storage::get(Area::Session, CHAIN_KEY)
                .and_then(|c| c.parse().ok())
                .unwrap_or_default(),
        ),
    };
    provide_context(ctx);
    // Whatever a reloaded tab still had to revoke: no transfer survived the reload to hold it.
    ctx.revoke_retired();
    ctx
}

/// The session context.
pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
