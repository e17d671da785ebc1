//! The page for addresses the portal does not know.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::routes;
use crate::state::preferences::use_lang;

/// Renders "page not found" with a way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="gp-page gp-empty">
            <h1>{move || lang.t(Key::NotFoundTitle)}</h1>
            <p>{move || lang.t(Key::NotFoundBody)}</p>
            <a class="gp-btn" href=routes::images()>
                {move || lang.t(Key::BackToImages)}
            </a>
        </section>
    }
}
