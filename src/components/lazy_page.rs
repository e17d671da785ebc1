//! A page whose code is fetched when it is first shown: the build splits each such page into
//! a wasm module of its own (`src/split_points.rs` in the app binary names them), so the first
//! load carries only the login and the list.
//!
//! The chunk is loaded first and the page built after, once, synchronously and untracked,
//! outside any `Suspense`: a page built inside a suspended render panicked at logout
//! ("reactive value … already disposed", measured with Leptos 0.8.23, docs/measured-facts.md).
//! A chunk that cannot be fetched is an error with Retry, never a panic: the split points are
//! `fallible`, and the loader does not remember a failure, so Retry fetches again.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::error::{ApiError, ApiErrorKind};
use crate::components::error_view::ErrorView;
use crate::i18n::{Key, Text};
use crate::state::preferences::use_lang;

/// What a page's chunk hands back: functions inside the chunk.
#[derive(Clone, Copy)]
pub struct PageCode {
    /// Builds the page.
    pub build: fn() -> AnyView,
    /// Starts what the page will ask the cloud for first (the image schema, say), in the
    /// portal's scope, when the chunk is prefetched: the page then opens as fast as when
    /// everything was fetched at login, while the list no longer waits for it.
    pub warm: fn(),
}

impl PageCode {
    /// A page with nothing to fetch ahead.
    pub const fn page(build: fn() -> AnyView) -> Self {
        PageCode { build, warm: || {} }
    }
}

/// The loading of a chunk, as a boxed future (one type for every page, so the wrapper below is
/// compiled once rather than once per page).
pub type ChunkLoad = Pin<Box<dyn Future<Output = Result<PageCode, ChunkUnavailable>>>>;

/// The page's code could not be fetched (the network, or the server hosting the portal,
/// failed). The loader logs the details to the console; the user gets the catalog's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkUnavailable;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkUnavailable
    }
}

/// The pages the app binary splits off (`src/split_points.rs`), for the routes, and for the
/// list to prefetch (a context).
#[derive(Clone, Copy)]
pub struct PagesOnDemand {
    /// The image page (`/images/<id>`) and its five tabs.
    pub image: &'static PageChunk,
    /// The create and upload page (`/images/new`), web-download included.
    pub create: &'static PageChunk,
    /// Shared with me (`/shared`).
    pub shared: &'static PageChunk,
    /// The transfers panel, shown once a transfer exists.
    pub transfers: &'static PageChunk,
    /// The image list's filter form, shown once the filters are opened.
    pub filters: &'static PageChunk,
}

impl PagesOnDemand {
    /// Fetches every page's code in the background, so that a click later costs no wait on
    /// a good link, and starts what each page asks the cloud for first in `scope` (the
    /// portal's, from [`crate::state::portal_scope::portal_scope`]).
    pub fn prefetch(self, scope: Option<Owner>) {
        for chunk in [
            self.image,
            self.create,
            self.shared,
            self.transfers,
            self.filters,
        ] {
            chunk.prefetch(scope.clone());
        }
    }
}

/// The pages on demand, where the app provides them (the list prefetches them once it is on
/// screen; a component mounted alone, as in the in-browser tests, has none).
pub fn use_pages_on_demand() -> Option<PagesOnDemand> {
    use_context::<PagesOnDemand>()
}

/// One page loaded on demand: how to load it, and its code once loaded.
pub struct PageChunk {
    /// Loads the chunk and hands back the page's code.
    load: fn() -> ChunkLoad,
    /// The page's code, once a load succeeded: later visits build the page at once.
    code: OnceLock<PageCode>,
    /// A background fetch is under way (prefetch starts one at most).
    fetching: AtomicBool,
}

impl PageChunk {
    /// A chunk loaded by `load`.
    pub const fn new(load: fn() -> ChunkLoad) -> Self {
        PageChunk {
            load,
            code: OnceLock::new(),
            fetching: AtomicBool::new(false),
        }
    }

    /// Loads the chunk (at once when it already is) and keeps the page's code.
    async fn code(&'static self) -> Result<PageCode, ChunkUnavailable> {
        if let Some(code) = self.code.get() {
            return Ok(*code);
        }
        let code = (self.load)().await?;
        let _ = self.code.set(code);
        Ok(code)
    }

    /// Fetches the chunk in the background, so that a later click costs no wait, then warms
    /// what the page fetches first in `scope`. A failure is left for the visit to report (and
    /// retry).
    pub fn prefetch(&'static self, scope: Option<Owner>) {
        if self.code.get().is_some() || self.fetching.swap(true, Ordering::Relaxed) {
            return;
        }
        spawn_local(async move {
            if let (Ok(code), Some(scope)) = (self.code().await, scope) {
                scope.with(|| untrack(code.warm));
            }
            self.fetching.store(false, Ordering::Relaxed);
        });
    }
}

/// How a page on demand shows itself while its code is on the way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Waiting {
    /// "Loading…", as for a page's data.
    #[default]
    Announced,
    /// Nothing (a panel beside the page, which appears when it is ready).
    Silent,
}

/// Shows the page of `chunk`, fetching its code first when this is the first visit.
#[component]
pub fn LazyPage(
    /// The page's chunk (one of [`PagesOnDemand`]).
    chunk: &'static PageChunk,
    /// What to show while the code is on the way.
    #[prop(optional)]
    waiting: Waiting,
    /// Called once the page's code is here (the portal then fetches the other pages).
    #[prop(optional, into)]
    on_loaded: Option<Callback<()>>,
) -> impl IntoView {
    if let Some(code) = chunk.code.get() {
        return untrack(code.build);
    }
    let lang = use_lang();
    let loaded = LocalResource::new(move || chunk.code());
    let retry = Callback::new(move |_| loaded.refetch());
    (move || match loaded.get() {
        None => match waiting {
            Waiting::Announced => view! {
                <p class="gp-loading" role="status">
                    {move || lang.t(Key::Loading)}
                </p>
            }
            .into_any(),
            Waiting::Silent => ().into_any(),
        },
        Some(Ok(code)) => {
            if let Some(cb) = on_loaded {
                cb.run(());
            }
            untrack(code.build)
        }
        Some(Err(ChunkUnavailable)) => view! {
            <ErrorView
                error=ApiError::worded(
                    ApiErrorKind::Network,
                    Text::new(Key::PageCodeUnavailable, &[]),
                )
                title=Key::PageCodeUnavailableTitle
                on_retry=retry
            />
        }
        .into_any(),
    })
    .into_any()
}
