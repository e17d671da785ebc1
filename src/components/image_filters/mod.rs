//! The image list's filters: a disclosure in the list, whose form (every filter Glance supports
//! on `GET /v2/images`, property rows, sort rows) is fetched when the filters are first opened,
//! or open from the start because the URL has filters. The form is most of the list's code and
//! most users never open it, so it is not in the first load.

mod form;
mod inputs;
mod rows;

use leptos::prelude::*;

use crate::components::lazy_page::{use_pages_on_demand, LazyPage};
use crate::i18n::Key;
use crate::model::filters::ImageListQuery;
use crate::state::preferences::use_lang;

pub use form::FilterForm;

/// What the form works with, provided by [`ImageFilters`] to the form loaded inside it.
#[derive(Clone, Copy)]
pub struct FilterContext {
    /// The query currently shown (the form starts from its filters).
    pub query: Signal<ImageListQuery>,
    /// Emitted with the new query (first page) when the user applies valid filters.
    pub on_apply: Callback<ImageListQuery>,
    /// Property keys to suggest (those seen on the loaded images).
    pub property_keys: Signal<Vec<String>>,
}

/// Renders the filters' disclosure, and the form inside it once it has been opened.
#[component]
pub fn ImageFilters(
    /// The query currently shown (the form starts from its filters).
    query: Signal<ImageListQuery>,
    /// Emitted with the new query (first page) when the user applies valid filters.
    #[prop(into)]
    on_apply: Callback<ImageListQuery>,
    /// Property keys to suggest (those seen on the loaded images).
    #[prop(into, optional)]
    property_keys: Signal<Vec<String>>,
) -> impl IntoView {
    let lang = use_lang();
    provide_context(FilterContext {
        query,
        on_apply,
        property_keys,
    });
    let open = query.get_untracked().has_filters();
    // Once opened, the form stays built while the disclosure is closed, so that closing it
    // does not drop edits not yet applied.
    let opened = RwSignal::new(open);
    let on_toggle = move |ev: leptos::ev::Event| {
        if event_target::<web_sys::Element>(&ev).has_attribute("open") {
            opened.set(true);
        }
    };
    let form = use_pages_on_demand().map(|pages| pages.filters);
    view! {
        <details class="gp-filters" open=open on:toggle=on_toggle>
            <summary class="gp-filters__summary">{move || lang.t(Key::Filters)}</summary>
            <Show when=move || {
                opened.get()
            }>{form.map(|chunk| view! { <LazyPage chunk=chunk /> })}</Show>
        </details>
    }
}
