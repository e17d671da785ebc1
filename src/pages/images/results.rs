//! One loaded page of the image list: how many images it holds, the table (or why there is
//! none) and the pager.
//!
//! The page search filters the rows in place: a keystroke re-renders the table only when it
//! changes which rows match, never the whole answer (count, pager and all), and the
//! no-match message follows the typed text.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use super::controller::{prefetch_pages_once_shown, ImagesController};
use crate::components::image_table::ImageTable;
use crate::components::pager::Pager;
use crate::i18n::Key;
use crate::model::filters::ImageListQuery;
use crate::model::image::Image;
use crate::model::image_page::ImagePage;
use crate::model::image_table::{shown_columns, Column};
use crate::model::list_empty_state::{empty_list, has_next_page, past_the_end, EmptyList};
use crate::model::page_search::{matching_rows, search_on_screen};
use crate::model::query::build_query;
use crate::routes;
use crate::state::preferences::use_lang;

/// Renders one loaded page: `answer` is the page with the query it answers.
#[component]
pub(super) fn ImageResults(
    /// The page's controller.
    ctl: ImagesController,
    /// The query the page answers, and the page.
    answer: (ImageListQuery, ImagePage),
) -> impl IntoView {
    let lang = use_lang();
    let element = NodeRef::new();
    prefetch_pages_once_shown(element);
    let (loaded, data) = answer;
    let stale = Signal::derive({
        let loaded = loaded.clone();
        move || ctl.pending.get() || loaded != ctl.server_query.get()
    });
    // The search the rows are filtered by. A page being replaced by a newer one stays as it
    // was shown until the newer one arrives, as it did when the whole answer was rendered
    // again for each keystroke.
    let search = Memo::new(move |shown_before: Option<&String>| {
        let typed = ctl.query.with(|q| q.search.clone());
        search_on_screen(shown_before.map(String::as_str), &typed, stale.get())
    });
    let loaded_key = build_query(&loaded.to_url_pairs());
    let next_marker = data.next_marker();
    let total_on_page = data.images.len();
    let past_the_end = past_the_end(total_on_page, &loaded);
    let empty = empty_list(total_on_page, &loaded).map(|kind| {
        let loaded = loaded.clone();
        view! { <EmptyNotice ctl=ctl kind=kind loaded=loaded search=search /> }
    });
    // Paging keeps the page search: the query paged from is the loaded one with it.
    let answered = StoredValue::new(loaded.clone());
    let paged_from = move || ImageListQuery {
        search: search.get_untracked(),
        ..answered.get_value()
    };
    let has_previous = {
        let first_page = loaded.marker.is_none();
        Signal::derive(move || !first_page && !stale.get())
    };
    let has_next = {
        let more = has_next_page(next_marker.as_deref(), past_the_end);
        Signal::derive(move || more && !stale.get())
    };
    let rows = (total_on_page > 0).then(|| {
        view! { <MatchingRows ctl=ctl images=data.images search=search loaded=loaded.clone() /> }
    });
    view! {
        <div
            node_ref=element
            class="gp-results"
            data-loaded-for=loaded_key
            aria-busy=move || stale.get().to_string()
            class:gp-results--stale=move || stale.get()
        >
            <p class="gp-results__count" role="status">
                {move || lang.get().tf(Key::OnThisPage, &[&total_on_page.to_string()])}
            </p>
            {rows}
            {empty}
            <Pager
                page=loaded.page_number()
                has_previous=has_previous
                has_next=has_next
                limit=loaded.limit
                on_first=Callback::new(move |_| ctl.first_page())
                on_previous=Callback::new(move |_| {
                    if let Some(p) = paged_from().previous_page() {
                        ctl.go(p)
                    }
                })
                on_next=Callback::new(move |_| {
                    if let Some(m) = &next_marker {
                        ctl.go(paged_from().next_page(m))
                    }
                })
            />
        </div>
    }
}

/// The rows of a page holding images that the page search matches: their table, or the
/// message that none does. Rendered again only when the matching rows change.
#[component]
fn MatchingRows(
    /// The page's controller.
    ctl: ImagesController,
    /// The page's images, in page order.
    images: Vec<Image>,
    /// The page search the rows are filtered by.
    search: Memo<String>,
    /// The query the page answers.
    loaded: ImageListQuery,
) -> impl IntoView {
    let images = Arc::new(images);
    let shown = Memo::new({
        let images = images.clone();
        move |_| matching_rows(&images, &search.get())
    });
    move || {
        let rows = shown.get();
        if rows.is_empty() {
            view! { <NoSearchMatch search=search /> }.into_any()
        } else {
            // The columns fit the whole page, so that they stay put while the search narrows it.
            let columns = shown_columns(&ctl.columns.get(), &images);
            let images = rows.iter().map(|&at| images[at].clone()).collect();
            // Read here, not in the table: when the names arrive, the table shows them.
            let owner_names = ctl.owners().and_then(Result::ok).unwrap_or_default();
            view! {
                <ResultsTable
                    ctl=ctl
                    images=images
                    owner_names=owner_names
                    loaded=loaded.clone()
                    columns=columns
                />
            }
            .into_any()
        }
    }
}

/// The table of the rows the page search matches, sorted as `loaded` says.
#[component]
fn ResultsTable(
    /// The page's controller (sorting, opening, the selection).
    ctl: ImagesController,
    /// The matching images, in page order.
    images: Vec<Image>,
    /// Project id → name, for the owner column.
    owner_names: HashMap<String, String>,
    /// The query the page answers.
    loaded: ImageListQuery,
    /// The columns to show.
    columns: Vec<&'static Column>,
) -> impl IntoView {
    let sort = loaded.primary_sort();
    view! {
        <ImageTable
            images=images
            sort_key=sort.key
            sort_dir=sort.dir
            owner_names=owner_names
            current_project=ctl.current_project()
            on_sort=Callback::new(move |key: String| ctl.sort_by(key))
            on_then_sort=Callback::new(move |key: String| ctl.then_sort_by(key))
            on_open=Callback::new(move |id: String| ctl.open(id))
            selected=ctl.selected
            columns=columns
        />
    }
}

/// Why a loaded page holds no image, with the way on.
#[component]
fn EmptyNotice(
    /// The page's controller (clearing the filters).
    ctl: ImagesController,
    /// Why the page is empty.
    kind: EmptyList,
    /// The query the page answers.
    loaded: ImageListQuery,
    /// The page search shown with it (kept by "back to the first page").
    search: Memo<String>,
) -> impl IntoView {
    let lang = use_lang();
    match kind {
        EmptyList::NoMore => {
            let first = move || {
                let q = ImageListQuery {
                    search: search.get(),
                    ..loaded.clone()
                };
                routes::image_list(&q.first_page())
            };
            view! {
                <div class="gp-empty" data-empty="no-more">
                    <p>{move || lang.t(Key::EmptyNoMore)}</p>
                    <p class="gp-empty__hint">{move || lang.t(Key::EmptyNoMoreHint)}</p>
                    <a class="gp-btn" id="gp-back-to-first" href=first>
                        {move || lang.t(Key::FirstPage)}
                    </a>
                </div>
            }
            .into_any()
        }
        EmptyList::NoMatch => view! {
            <div class="gp-empty" data-empty="no-match">
                <p>{move || lang.t(Key::EmptyNoMatch)}</p>
                <button type="button" class="gp-btn" on:click=move |_| ctl.clear_filters()>
                    {move || lang.t(Key::ClearFilters)}
                </button>
            </div>
        }
        .into_any(),
        EmptyList::NoImages => view! {
            <div class="gp-empty" data-empty="no-images">
                <p>{move || lang.t(Key::EmptyNoImages)}</p>
                <p class="gp-empty__hint">{move || lang.t(Key::EmptyNoImagesHint)}</p>
            </div>
        }
        .into_any(),
    }
}

/// The page holds images, but none the page search matches.
#[component]
fn NoSearchMatch(
    /// The page search, named in the message.
    search: Memo<String>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="gp-empty" data-empty="no-search-match">
            <p>{move || lang.get().tf(Key::EmptyNoSearchMatch, &[&search.get()])}</p>
        </div>
    }
}
