//! Marker-based paging controls: first, previous, page number, next, and page size.

use leptos::prelude::*;

use crate::components::button::Button;
use crate::i18n::Key;
use crate::model::filters::PAGE_SIZES;
use crate::state::preferences::use_lang;

/// Renders the pager; it knows nothing about markers, only what is possible.
#[component]
pub fn Pager(
    /// 1-based page number.
    page: usize,
    /// Whether a previous page exists (and may be gone to now).
    #[prop(into)]
    has_previous: Signal<bool>,
    /// Whether Glance announced a next page (that may be gone to now).
    #[prop(into)]
    has_next: Signal<bool>,
    /// Current page size.
    limit: u32,
    /// Go to the first page.
    #[prop(into)]
    on_first: Callback<()>,
    /// Go back one page.
    #[prop(into)]
    on_previous: Callback<()>,
    /// Go forward one page.
    #[prop(into)]
    on_next: Callback<()>,
    /// Change the page size.
    #[prop(optional, into)]
    on_limit: Option<Callback<u32>>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="gp-pager" aria-label=move || lang.t(Key::Pagination)>
            <Button
                class="gp-pager__first"
                disabled=Signal::derive(move || !has_previous.get())
                on_click=Callback::new(move |_| on_first.run(()))
            >
                {move || lang.t(Key::FirstPage)}
            </Button>
            <Button
                class="gp-pager__prev"
                disabled=Signal::derive(move || !has_previous.get())
                on_click=Callback::new(move |_| on_previous.run(()))
            >
                {move || lang.t(Key::PreviousPage)}
            </Button>
            <span class="gp-pager__page" aria-current="page">
                {move || lang.get().tf(Key::PageN, &[&page.to_string()])}
            </span>
            <Button
                class="gp-pager__next"
                disabled=Signal::derive(move || !has_next.get())
                on_click=Callback::new(move |_| on_next.run(()))
            >
                {move || lang.t(Key::NextPage)}
            </Button>
            {on_limit.map(|on_limit| view! { <PageSize limit=limit on_limit=on_limit /> })}
        </nav>
    }
}

/// The page size select ("Per page"), for a pager or a toolbar.
#[component]
pub fn PageSize(
    /// The current page size.
    limit: u32,
    /// Emitted with the chosen size.
    #[prop(into)]
    on_limit: Callback<u32>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="gp-pager__size">
            <span>{move || lang.t(Key::PageSize)}</span>
            <select
                class="gp-select"
                on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse() {
                        on_limit.run(n)
                    }
                }
            >
                {PAGE_SIZES
                    .iter()
                    .map(|n| {
                        view! {
                            <option value=n.to_string() selected=*n == limit>
                                {n.to_string()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
