//! Login: Keystone password, application credential, or an existing token. Non-secret fields
//! are remembered in `localStorage`; secrets never are. Shown over whatever page the user was
//! on, so once in, that page simply renders.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::keystone::Credentials;
use crate::components::error_view::ErrorView;
use crate::i18n::{Key, Text};
use crate::state::browser_storage::{self, Area};
use crate::state::preferences::use_lang;
use crate::state::session::{use_session, LoginReason};

const REMEMBER_KEY: &str = "gp.login";

/// Login fields worth remembering between visits (no secrets).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Remembered {
    auth_url: String,
    user: String,
    user_domain: String,
    project: String,
    project_domain: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MethodChoice {
    Password,
    AppCredential,
    Token,
}

/// The auth URL worth storing: none when it is the configured default, so that a later change
/// of `config.json` reaches users who never chose another Keystone (a stored copy of the old
/// default would override it forever).
fn remembered_auth_url(url: &str, default: &str) -> String {
    let url = url.trim();
    if url.trim_end_matches('/') == default.trim_end_matches('/') {
        String::new()
    } else {
        url.to_string()
    }
}

/// Renders the login form.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let config = session.config.get_value();
    let remembered: Remembered = browser_storage::get(Area::Local, REMEMBER_KEY)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let or = |v: &str, d: &str| {
        if v.is_empty() {
            d.to_string()
        } else {
            v.to_string()
        }
    };
    let method = RwSignal::new(MethodChoice::Password);
    let default_auth_url = config.keystone_base().to_string();
    let auth_url = RwSignal::new(or(
        &remembered_auth_url(&remembered.auth_url, &default_auth_url),
        &default_auth_url,
    ));
    let user = RwSignal::new(remembered.user.clone());
    let password = RwSignal::new(String::new());
    let user_domain = RwSignal::new(or(&remembered.user_domain, &config.default_domain));
    let project = RwSignal::new(remembered.project.clone());
    let project_domain = RwSignal::new(or(&remembered.project_domain, &config.default_domain));
    let cred_id = RwSignal::new(String::new());
    let cred_secret = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    // A form the browser refused (a required field left empty): nothing was sent.
    let refused = RwSignal::new(None::<ApiError>);
    // Logging in: pending = the form is busy; the value is Keystone's answer. The password is
    // cleared only once it has worked.
    let log_in = Action::new_local(move |(url, credentials): &(String, Credentials)| {
        let (url, credentials) = (url.clone(), credentials.clone());
        async move {
            let result = session.log_in(url.trim(), credentials).await;
            if result.is_ok() {
                password.set(String::new());
            }
            result
        }
    });
    let busy = log_in.pending();
    // What the form shows: the newer of the browser's refusal and Keystone's answer.
    let error = Memo::new(move |_| {
        refused
            .get()
            .or_else(|| log_in.value().get().and_then(Result::err))
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let required = |value: RwSignal<String>, label: Key| -> Result<String, ApiError> {
            let v = value.get_untracked();
            if v.trim().is_empty() {
                Err(ApiError::portal(
                    ApiErrorKind::BadRequest,
                    Text::with_labels(Key::Required, &[label]),
                ))
            } else {
                Ok(v)
            }
        };
        let credentials = (|| -> Result<Credentials, ApiError> {
            required(auth_url, Key::FieldAuthUrl)?;
            Ok(match method.get_untracked() {
                MethodChoice::Password => Credentials::Password {
                    user: required(user, Key::FieldUser)?.trim().to_string(),
                    password: required(password, Key::FieldPassword)?,
                    user_domain: required(user_domain, Key::FieldUserDomain)?
                        .trim()
                        .to_string(),
                    project: project.get_untracked().trim().to_string(),
                    project_domain: required(project_domain, Key::FieldProjectDomain)?
                        .trim()
                        .to_string(),
                },
                MethodChoice::AppCredential => Credentials::ApplicationCredential {
                    id: required(cred_id, Key::FieldAppCredentialId)?
                        .trim()
                        .to_string(),
                    secret: required(cred_secret, Key::FieldAppCredentialSecret)?,
                },
                MethodChoice::Token => Credentials::Token(required(token, Key::FieldToken)?),
            })
        })();
        let credentials = match credentials {
            Ok(c) => c,
            Err(e) => {
                refused.set(Some(e));
                return;
            }
        };
        refused.set(None);
        log_in.clear();
        let remember = Remembered {
            auth_url: remembered_auth_url(&auth_url.get_untracked(), &default_auth_url),
            user: user.get_untracked(),
            user_domain: user_domain.get_untracked(),
            project: project.get_untracked(),
            project_domain: project_domain.get_untracked(),
        };
        if let Ok(json) = serde_json::to_string(&remember) {
            browser_storage::set(Area::Local, REMEMBER_KEY, &json);
        }
        log_in.dispatch_local((auth_url.get_untracked(), credentials));
    };

    let field = move |id: &'static str,
                      label: Key,
                      value: RwSignal<String>,
                      kind: &'static str,
                      autocomplete: &'static str| {
        view! {
            <div class="gp-field">
                <label class="gp-field__label" for=id>
                    {move || lang.t(label)}
                </label>
                <input
                    class="gp-input"
                    id=id
                    name=id
                    type=kind
                    autocomplete=autocomplete
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </div>
        }
    };
    let method_radio = move |choice: MethodChoice, label: Key, id: &'static str| {
        view! {
            <label class="gp-segmented__option" for=id>
                <input
                    type="radio"
                    name="method"
                    id=id
                    prop:checked=move || method.get() == choice
                    on:change=move |_| {
                        method.set(choice);
                        refused.set(None);
                        log_in.clear();
                    }
                />
                <span>{move || lang.t(label)}</span>
            </label>
        }
    };

    view! {
        <section class="gp-login" aria-labelledby="gp-login-title">
            <h1 id="gp-login-title" class="gp-login__title">
                {move || lang.t(Key::LoginTitle)}
            </h1>
            <Show when=move || session.reason.get() == LoginReason::Expired>
                <p class="gp-notice gp-notice--warn" role="status">
                    {move || lang.t(Key::SessionEnded)}
                </p>
            </Show>
            <Show when=move || session.reason.get() == LoginReason::Renew>
                <p class="gp-notice" role="status">
                    {move || lang.t(Key::RenewTokenHint)}
                </p>
            </Show>
            <form class="gp-login__form" on:submit=submit novalidate=true>
                <fieldset class="gp-segmented">
                    <legend class="gp-field__label">{move || lang.t(Key::LoginMethod)}</legend>
                    {method_radio(MethodChoice::Password, Key::MethodPassword, "m-password")}
                    {method_radio(
                        MethodChoice::AppCredential,
                        Key::MethodAppCredential,
                        "m-appcred",
                    )}
                    {method_radio(MethodChoice::Token, Key::MethodToken, "m-token")}
                </fieldset>
                {move || match method.get() {
                    MethodChoice::Password => {
                        view! {
                            {field("login-user", Key::FieldUser, user, "text", "username")}
                            {field(
                                "login-password",
                                Key::FieldPassword,
                                password,
                                "password",
                                "current-password",
                            )}
                            {field("login-project", Key::FieldProject, project, "text", "on")}
                            <details class="gp-login__advanced">
                                <summary>{move || lang.t(Key::Advanced)}</summary>
                                {field(
                                    "login-user-domain",
                                    Key::FieldUserDomain,
                                    user_domain,
                                    "text",
                                    "on",
                                )}
                                {field(
                                    "login-project-domain",
                                    Key::FieldProjectDomain,
                                    project_domain,
                                    "text",
                                    "on",
                                )}
                                {field("login-auth-url", Key::FieldAuthUrl, auth_url, "url", "url")}
                            </details>
                        }
                            .into_any()
                    }
                    MethodChoice::AppCredential => {
                        view! {
                            {field(
                                "login-appcred-id",
                                Key::FieldAppCredentialId,
                                cred_id,
                                "text",
                                "username",
                            )}
                            {field(
                                "login-appcred-secret",
                                Key::FieldAppCredentialSecret,
                                cred_secret,
                                "password",
                                "current-password",
                            )}
                            {field("login-auth-url", Key::FieldAuthUrl, auth_url, "url", "url")}
                        }
                            .into_any()
                    }
                    MethodChoice::Token => {
                        view! {
                            <div class="gp-field">
                                <label class="gp-field__label" for="login-token">
                                    {move || lang.t(Key::FieldToken)}
                                </label>
                                <textarea
                                    class="gp-input gp-input--mono"
                                    id="login-token"
                                    rows="3"
                                    autocomplete="off"
                                    spellcheck="false"
                                    prop:value=move || token.get()
                                    on:input=move |ev| token.set(event_target_value(&ev))
                                ></textarea>
                                <p class="gp-field__hint">{move || lang.t(Key::TokenHint)}</p>
                            </div>
                            {field("login-auth-url", Key::FieldAuthUrl, auth_url, "url", "url")}
                        }
                            .into_any()
                    }
                }}
                {move || {
                    error
                        .get()
                        .map(|e| {
                            let refused = e.kind == ApiErrorKind::Unauthorized;
                            let unreachable = e.kind == ApiErrorKind::Network
                                || (matches!(e.status, Some(502..=504)) && e.request_id.is_none());
                            let url = auth_url.get_untracked().trim().to_string();
                            // No answer from Keystone (or only a proxy's 502/503/504 for it): the
                            // credentials were never checked. Say where the portal looked, and where
                            // that address comes from, instead of leaving "Failed to fetch".
                            view! {
                                <ErrorView error=e title=Key::LoginFailed />
                                {refused
                                    .then(|| {
                                        view! {
                                            <p class="gp-field__hint gp-login__hint">
                                                {move || lang.t(Key::LoginCheckCredentials)}
                                            </p>
                                        }
                                    })}
                                {unreachable
                                    .then(|| {
                                        view! {
                                            <p class="gp-field__hint gp-login__hint gp-login__unreachable">
                                                {move || {
                                                    lang.get().tf(Key::LoginKeystoneUnreachable, &[&url])
                                                }}
                                            </p>
                                        }
                                    })}
                            }
                        })
                }}
                <button
                    type="submit"
                    class="gp-btn gp-btn--primary gp-login__submit"
                    disabled=move || busy.get()
                >
                    {move || {
                        if busy.get() { lang.t(Key::LoggingIn) } else { lang.t(Key::LoginSubmit) }
                    }}
                </button>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::remembered_auth_url;

    #[test]
    fn the_default_auth_url_is_not_remembered() {
        let default = "/identity/v3";
        assert_eq!(remembered_auth_url("/identity/v3", default), "");
        assert_eq!(remembered_auth_url(" /identity/v3/ ", default), "");
        assert_eq!(
            remembered_auth_url("https://other.example/v3", default),
            "https://other.example/v3"
        );
    }
}
