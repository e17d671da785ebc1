//! The toast region: a polite live region listing notices with a dismiss button each.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::state::preferences::use_lang;
use crate::state::toasts::{use_toasts, ToastKind};

/// Renders current toasts.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    let lang = use_lang();
    view! {
        <div class="gp-toasts" role="status" aria-live="polite">
            <For
                each=move || toasts.items.get()
                key=|t| t.id
                children=move |t| {
                    let class = match t.kind {
                        ToastKind::Info => "gp-toast gp-toast--info",
                        ToastKind::Error => "gp-toast gp-toast--error",
                    };
                    let id = t.id;
                    let text = t.text;
                    view! {
                        <div class=class>
                            <span class="gp-toast__text">{move || text.in_lang(lang.get())}</span>
                            <button
                                type="button"
                                class="gp-toast__close"
                                aria-label=move || lang.t(Key::Dismiss)
                                on:click=move |_| toasts.dismiss(id)
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            />
        </div>
    }
}
