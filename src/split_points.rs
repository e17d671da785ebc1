//! The split points: each page below is compiled into a wasm module of its own, fetched when
//! the page is first shown, or in the background once the list is on screen. The login and
//! the image list stay in the main module, so they are all a first visit loads.
//!
//! They live in the app binary, not the library: `#[wasm_split]` exports each function from
//! the wasm, and an export in the library would pull every page into the hashing worker and
//! the in-browser test binaries, which link the same library (measured: the worker grew from
//! 33 to 289 KiB gzip).
//!
//! The build's split step (`scripts/split-wasm.mjs`) cuts the app's wasm at these functions;
//! code only one of them reaches moves into its module, code several reach into shared
//! chunks. `fallible`: a chunk that cannot be fetched comes back as [`ChunkUnavailable`] for
//! the page to show with Retry, where Leptos' `#[lazy_route]` would panic and leave the portal
//! dead (docs/measured-facts.md).

use glance_portal::components::image_filters::FilterForm;
use glance_portal::components::lazy_page::{ChunkUnavailable, PageChunk, PageCode, PagesOnDemand};
use glance_portal::components::transfers_panel::TransfersPanel;
use glance_portal::pages::image_detail::ImageDetailPage;
use glance_portal::pages::image_new::ImageNewPage;
use glance_portal::pages::shared_with_me::SharedWithMePage;
use glance_portal::state::cloud_info::use_cloud_info;
use glance_portal::state::schema_cache::{use_member_schema, use_schema_cache};
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;

#[wasm_split(image_page, fallible, wasm_split_path = ::leptos::wasm_split)]
fn image_page() -> Result<PageCode, ChunkUnavailable> {
    Ok(PageCode {
        build: || view! { <ImageDetailPage /> }.into_any(),
        // Its tabs show the image by the cloud's schemas and offer stores.
        warm: || {
            use_schema_cache();
            use_member_schema();
            use_cloud_info();
        },
    })
}

#[wasm_split(create_page, fallible, wasm_split_path = ::leptos::wasm_split)]
fn create_page() -> Result<PageCode, ChunkUnavailable> {
    Ok(PageCode {
        build: || view! { <ImageNewPage /> }.into_any(),
        // Its form comes from the schema; its choices from the import methods and stores.
        warm: || {
            use_schema_cache();
            use_cloud_info();
        },
    })
}

#[wasm_split(shared_page, fallible, wasm_split_path = ::leptos::wasm_split)]
fn shared_page() -> Result<PageCode, ChunkUnavailable> {
    Ok(PageCode {
        build: || view! { <SharedWithMePage /> }.into_any(),
        // Its answers are the member schema's.
        warm: || {
            use_member_schema();
        },
    })
}

#[wasm_split(transfers_panel, fallible, wasm_split_path = ::leptos::wasm_split)]
fn transfers_panel() -> Result<PageCode, ChunkUnavailable> {
    Ok(PageCode::page(|| view! { <TransfersPanel /> }.into_any()))
}

#[wasm_split(filter_form, fallible, wasm_split_path = ::leptos::wasm_split)]
fn filter_form() -> Result<PageCode, ChunkUnavailable> {
    Ok(PageCode::page(|| view! { <FilterForm /> }.into_any()))
}

static IMAGE_PAGE: PageChunk = PageChunk::new(|| Box::pin(image_page()));
static CREATE_PAGE: PageChunk = PageChunk::new(|| Box::pin(create_page()));
static SHARED_PAGE: PageChunk = PageChunk::new(|| Box::pin(shared_page()));
static TRANSFERS_PANEL: PageChunk = PageChunk::new(|| Box::pin(transfers_panel()));
static FILTER_FORM: PageChunk = PageChunk::new(|| Box::pin(filter_form()));

/// Every page loaded on demand, for the app's routes.
pub const PAGES: PagesOnDemand = PagesOnDemand {
    image: &IMAGE_PAGE,
    create: &CREATE_PAGE,
    shared: &SHARED_PAGE,
    transfers: &TRANSFERS_PANEL,
    filters: &FILTER_FORM,
};
