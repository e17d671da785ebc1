//! The image list's filter panel, opened by the toolbar's Filters button: its form (every
//! filter Glance supports on `GET /v2/images`, property rows, sort rows) is fetched when the
//! panel is first opened. The form is most of the list's code and most users never open it
//! (the active filters show as chips without it), so it is not in the first load.

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

/// The panel's element id, which the toolbar's button controls (`aria-controls`).
pub const FILTER_PANEL_ID: &str = "gp-filter-panel";

/// Renders the filter panel while `open`, with the form inside it once it has been opened.
#[component]
pub fn ImageFilters(
    /// Whether the panel is shown.
    open: RwSignal<bool>,
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
    // Once opened, the form stays built while the panel is closed, so that closing it does
    // not drop edits not yet applied.
    let opened =
        Memo::new(move |before: Option<&bool>| before.copied().unwrap_or(false) || open.get());
    let form = use_pages_on_demand().map(|pages| pages.filters);
    view! {
        <section
            class="gp-filters"
            id=FILTER_PANEL_ID
            hidden=move || !open.get()
            aria-label=move || lang.t(Key::Filters)
        >
            <Show when=move || {
                opened.get()
            }>{form.map(|chunk| view! { <LazyPage chunk=chunk /> })}</Show>
        </section>
    }
}
