//! A problem as the user sees it: what failed, the service's message, the HTTP status and
//! the request id to give an operator (a 413 also explains Glance's default limits), or the
//! portal's own refusal in the user's language.

use leptos::prelude::*;

use crate::api::error::ApiErrorKind;
use crate::i18n::Key;
use crate::problem::Problem;
use crate::state::policy::PolicyContext;
use crate::state::preferences::use_lang;

/// Renders an error with an optional retry button.
#[component]
pub fn ErrorView(
    /// The problem: a service's error or the portal's refusal.
    #[prop(into)]
    error: Problem,
    /// Heading; defaults to "Quota reached" for a 413 and a generic "Something went wrong"
    /// otherwise.
    #[prop(optional)]
    title: Option<Key>,
    /// Called when the user asks to retry.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let lang = use_lang();
    // A 413 is a limit, not a fault: say so, and which limits Glance has by default, since
    // its own message ("Maximum number of ... exceeded") does not always name them.
    let service = error.api_error();
    let quota = service.is_some_and(|e| e.kind == ApiErrorKind::OverLimit);
    let title = title.unwrap_or(if quota {
        Key::QuotaTitle
    } else {
        Key::ErrorTitle
    });
    // A policy refusal: name the rule, what the portal expected of it, and where to tell the
    // portal about the cloud's own (config.json), so the user can ask about that exact rule.
    let refused_by = service.and_then(|e| e.policy_rule()).map(|rule| {
        let expected = use_context::<PolicyContext>()
            .map(|p| p.rule_check_string(rule))
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| "@".into());
        (rule.to_string(), expected)
    });
    let status = error.status();
    let request_id = service.and_then(|e| e.request_id.clone());
    // The portal's own messages follow the language switch; a service's stay as written.
    let message = move || error.message_in(lang.get());
    view! {
        <div class="gp-error" role="alert">
            <p class="gp-error__title">{move || lang.t(title)}</p>
            <p class="gp-error__message">{message}</p>
            {quota
                .then(|| view! { <p class="gp-error__hint">{move || lang.t(Key::QuotaHint)}</p> })}
            {refused_by
                .map(|(rule, expected)| {
                    let attr = rule.clone();
                    view! {
                        <p class="gp-error__hint gp-error__policy" data-rule=attr>
                            {move || lang.get().tf(Key::PolicyRefused, &[&rule, &expected])}
                        </p>
                    }
                })}
            <dl class="gp-error__meta">
                {status
                    .map(|s| {
                        view! {
                            <dt>{move || lang.t(Key::HttpStatus)}</dt>
                            <dd class="gp-error__status">{s}</dd>
                        }
                    })}
                {request_id
                    .map(|id| {
                        view! {
                            <dt>{move || lang.t(Key::RequestId)}</dt>
                            <dd>
                                <code class="gp-error__request-id">{id}</code>
                            </dd>
                        }
                    })}
            </dl>
            {on_retry
                .map(|cb| {
                    view! {
                        <button type="button" class="gp-btn" on:click=move |_| cb.run(())>
                            {move || lang.t(Key::Retry)}
                        </button>
                    }
                })}
        </div>
    }
}
