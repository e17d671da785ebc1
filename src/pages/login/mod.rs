//! Login: Keystone password, application credential, or an existing token. Non-secret fields
//! are remembered in `localStorage`; secrets never are. Shown over whatever page the user was
//! on, so once in, that page simply renders.

mod controller;

use leptos::prelude::*;

use crate::api::error::ApiErrorKind;
use crate::components::button::{Button, ButtonKind};
use crate::components::error_view::ErrorView;
use crate::components::field::Field;
use crate::components::notice::{Announce, Notice, NoticeTone};
use crate::flows::login::keystone_not_reached;
use crate::i18n::Key;
use crate::model::login_form::LoginMethod;
use crate::problem::Problem;
use crate::state::preferences::use_lang;
use crate::state::session::{use_session, LoginReason};

use controller::{LoginController, LoginFields};

/// Renders the login form.
#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let ctl = LoginController::new();
    let busy = ctl.busy();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctl.submit();
    };

    view! {
        <section class="gp-login" aria-labelledby="gp-login-title">
            <h1 id="gp-login-title" class="gp-login__title">
                {move || lang.t(Key::LoginTitle)}
            </h1>
            <Show when=move || session.reason.get() == LoginReason::Expired>
                <Notice tone=NoticeTone::Warn announce=Announce::Polite>
                    {move || lang.t(Key::SessionEnded)}
                </Notice>
            </Show>
            <Show when=move || session.reason.get() == LoginReason::Renew>
                <Notice announce=Announce::Polite>{move || lang.t(Key::RenewTokenHint)}</Notice>
            </Show>
            <form class="gp-login__form" on:submit=submit novalidate=true>
                <fieldset class="gp-segmented">
                    <legend class="gp-field__label">{move || lang.t(Key::LoginMethod)}</legend>
                    <MethodRadio
                        ctl
                        choice=LoginMethod::Password
                        label=Key::MethodPassword
                        id="m-password"
                    />
                    <MethodRadio
                        ctl
                        choice=LoginMethod::AppCredential
                        label=Key::MethodAppCredential
                        id="m-appcred"
                    />
                    <MethodRadio
                        ctl
                        choice=LoginMethod::Token
                        label=Key::MethodToken
                        id="m-token"
                    />
                </fieldset>
                {move || {
                    let fields = ctl.fields;
                    match ctl.method.get() {
                        LoginMethod::Password => view! { <PasswordFields fields /> }.into_any(),
                        LoginMethod::AppCredential => {
                            view! { <AppCredentialFields fields /> }.into_any()
                        }
                        LoginMethod::Token => view! { <TokenFields fields /> }.into_any(),
                    }
                }}
                {move || {
                    ctl.error()
                        .map(|e| {
                            view! { <LoginFailure error=e auth_url=ctl.auth_url_untracked() /> }
                        })
                }}
                <Button
                    kind=ButtonKind::Primary
                    submit=true
                    class="gp-login__submit"
                    disabled=Signal::derive(move || busy.get())
                >
                    {move || {
                        if busy.get() { lang.t(Key::LoggingIn) } else { lang.t(Key::LoginSubmit) }
                    }}
                </Button>
            </form>
        </section>
    }
}

/// One choice of login method.
#[component]
fn MethodRadio(
    ctl: LoginController,
    choice: LoginMethod,
    label: Key,
    id: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="gp-segmented__option" for=id>
            <input
                type="radio"
                name="method"
                id=id
                prop:checked=move || ctl.method.get() == choice
                on:change=move |_| ctl.choose(choice)
            />
            <span>{move || lang.t(label)}</span>
        </label>
    }
}

/// One labelled input bound to `value`.
#[component]
fn LoginField(
    id: &'static str,
    label: Key,
    value: RwSignal<String>,
    kind: &'static str,
    autocomplete: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Field id=id label=move || lang.t(label)>
            <input
                class="gp-input"
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </Field>
    }
}

/// The Keystone address, asked by every method (under Advanced for a password).
#[component]
fn AuthUrlField(fields: LoginFields) -> impl IntoView {
    view! {
        <LoginField
            id="login-auth-url"
            label=Key::FieldAuthUrl
            value=fields.auth_url
            kind="url"
            autocomplete="url"
        />
    }
}

/// User name, password and project, with the domains and Keystone under Advanced.
#[component]
fn PasswordFields(fields: LoginFields) -> impl IntoView {
    let lang = use_lang();
    view! {
        <LoginField
            id="login-user"
            label=Key::FieldUser
            value=fields.user
            kind="text"
            autocomplete="username"
        />
        <LoginField
            id="login-password"
            label=Key::FieldPassword
            value=fields.password
            kind="password"
            autocomplete="current-password"
        />
        <LoginField
            id="login-project"
            label=Key::FieldProject
            value=fields.project
            kind="text"
            autocomplete="on"
        />
        <details class="gp-login__advanced">
            <summary>{move || lang.t(Key::Advanced)}</summary>
            <LoginField
                id="login-user-domain"
                label=Key::FieldUserDomain
                value=fields.user_domain
                kind="text"
                autocomplete="on"
            />
            <LoginField
                id="login-project-domain"
                label=Key::FieldProjectDomain
                value=fields.project_domain
                kind="text"
                autocomplete="on"
            />
            <AuthUrlField fields />
        </details>
    }
}

/// An application credential's id and secret.
#[component]
fn AppCredentialFields(fields: LoginFields) -> impl IntoView {
    view! {
        <LoginField
            id="login-appcred-id"
            label=Key::FieldAppCredentialId
            value=fields.cred_id
            kind="text"
            autocomplete="username"
        />
        <LoginField
            id="login-appcred-secret"
            label=Key::FieldAppCredentialSecret
            value=fields.cred_secret
            kind="password"
            autocomplete="current-password"
        />
        <AuthUrlField fields />
    }
}

/// A pasted token.
#[component]
fn TokenFields(fields: LoginFields) -> impl IntoView {
    let lang = use_lang();
    let token = fields.token;
    view! {
        <Field
            id="login-token"
            label=move || lang.t(Key::FieldToken)
            hint=move || lang.t(Key::TokenHint)
        >
            <textarea
                class="gp-input gp-input--mono"
                id="login-token"
                rows="3"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || token.get()
                on:input=move |ev| token.set(event_target_value(&ev))
            ></textarea>
        </Field>
        <AuthUrlField fields />
    }
}

/// Why the login failed, and what to check.
#[component]
fn LoginFailure(
    error: Problem,
    /// Where the portal looked for Keystone.
    auth_url: String,
) -> impl IntoView {
    let lang = use_lang();
    let refused = error
        .api_error()
        .is_some_and(|e| e.kind == ApiErrorKind::Unauthorized);
    // No answer from Keystone (or only a proxy's 502/503/504 for it): the credentials were
    // never checked. Say where the portal looked, and where that address comes from, instead
    // of leaving "Failed to fetch".
    let unreachable = keystone_not_reached(&error);
    view! {
        <ErrorView error=error title=Key::LoginFailed />
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
                        {move || lang.get().tf(Key::LoginKeystoneUnreachable, &[&auth_url])}
                    </p>
                }
            })}
    }
}
