//! A button that copies a value (an id, a hash, a CLI command) to the clipboard.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::Key;
use crate::state::preferences::use_lang;

/// Renders a copy button for `text`; it says "Copied" once the clipboard accepted it.
#[component]
pub fn CopyButton(
    /// What to copy.
    #[prop(into)]
    text: String,
    /// Accessible name of what is copied (e.g. "ID"), in the current language.
    #[prop(into)]
    what: Signal<String>,
    /// Say what is copied on the button too ("Copy ID"), where several copy buttons stand
    /// side by side; otherwise it says "Copy" beside the value it copies.
    #[prop(optional)]
    named: bool,
) -> impl IntoView {
    let lang = use_lang();
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        let text = text.clone();
        spawn_local(async move {
            let Some(window) = web_sys::window() else {
                return;
            };
            let promise = window.navigator().clipboard().write_text(&text);
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                copied.set(true);
            }
        });
    };
    view! {
        <button
            type="button"
            class="gp-copy"
            on:click=on_click
            aria-label=move || format!("{} {}", lang.t(Key::Copy), what.get())
        >
            {move || {
                if copied.get() {
                    lang.t(Key::Copied).to_string()
                } else if named {
                    format!("{} {}", lang.t(Key::Copy), what.get())
                } else {
                    lang.t(Key::Copy).to_string()
                }
            }}
        </button>
    }
}
