//! An API error as the user sees it: what failed, the service's message, the HTTP status and
//! the request id to give an operator.

use leptos::prelude::*;

use crate::api::error::ApiError;
use crate::i18n::Key;
use crate::state::preferences::use_lang;

/// Renders an error with an optional retry button.
#[component]
pub fn ErrorView(
    /// The error.
    error: ApiError,
    /// Heading; defaults to a generic "Something went wrong".
    #[prop(optional)]
    title: Option<Key>,
    /// Called when the user asks to retry.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    let title = title.unwrap_or(Key::ErrorTitle);
    let status = error.status;
    let request_id = error.request_id.clone();
    // The portal's own messages follow the language switch; a service's stay as written.
    let message = move || error.message_in(lang.get());
    view! {
        <div class="gp-error" role="alert">
            <p class="gp-error__title">{move || lang.t(title)}</p>
            <p class="gp-error__message">{message}</p>
            <dl class="gp-error__meta">
                {status.map(|s| view! {
                    <dt>{move || lang.t(Key::HttpStatus)}</dt>
                    <dd class="gp-error__status">{s}</dd>
                })}
                {request_id.map(|id| view! {
                    <dt>{move || lang.t(Key::RequestId)}</dt>
                    <dd><code class="gp-error__request-id">{id}</code></dd>
                })}
            </dl>
            {on_retry.map(|cb| view! {
                <button type="button" class="gp-btn" on:click=move |_| cb.run(())>
                    {move || lang.t(Key::Retry)}
                </button>
            })}
        </div>
    }
}
