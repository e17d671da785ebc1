//! The application root: loads `config.json`, provides the contexts, and routes. While no
//! session exists the login form stands in for the page, keeping the URL, so that after
//! logging in (again) the user is where they were.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::api::http::fetch_config;
use crate::components::app_header::AppHeader;
use crate::components::error_view::ErrorView;
use crate::components::lazy_page::{LazyPage, PagesOnDemand, Waiting};
use crate::components::outage_banner::OutageBanner;
use crate::components::toast::ToastRegion;
use crate::config::PortalConfig;
use crate::i18n::Key;
use crate::pages::images::ImagesPage;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFoundPage;
use crate::problem::{Refusal, RefusalReason};
use crate::routes;
use crate::state::policy::provide_policy;
use crate::state::portal_scope::{portal_scope, provide_portal_scope};
use crate::state::preferences::provide_lang;
use crate::state::session::{provide_session, use_session};
use crate::state::toasts::provide_toasts;
use crate::state::transfers::provide_transfers;

/// The root component.
#[component]
pub fn App(
    /// The pages whose code the build splits off, loaded when first visited.
    pages: PagesOnDemand,
) -> impl IntoView {
    let lang = provide_lang();
    provide_toasts();
    let config = LocalResource::new(fetch_config);
    view! {
        {move || match config.get() {
            None => {
                view! {
                    <p class="gp-loading" role="status">
                        {move || lang.t(Key::Loading)}
                    </p>
                }
                    .into_any()
            }
            Some(Err(message)) => {
                view! {
                    <main class="gp-main" id="main">
                        <ErrorView
                            error=Refusal::with_text(RefusalReason::Setup, message.text())
                            title=Key::ConfigError
                        />
                    </main>
                }
                    .into_any()
            }
            Some(Ok(cfg)) => view! { <Portal config=cfg pages=pages /> }.into_any(),
        }}
    }
}

/// The portal once configured.
#[component]
fn Portal(config: PortalConfig, pages: PagesOnDemand) -> impl IntoView {
    provide_context(pages);
    provide_session(config);
    provide_policy();
    // The schemas, the cloud's import and store info and the drafts are made by the first
    // page that needs them (state/portal_scope.rs), in this scope.
    provide_portal_scope();
    let scope = portal_scope();
    let transfers = provide_transfers();
    let session = use_session();
    // A page reached first (a deep link) fetches the others once its own code is here.
    let on_loaded = Callback::new(move |_| pages.prefetch(scope.clone()));
    view! {
        <Router>
            <AppHeader />
            <main class="gp-main" id="main" tabindex="-1">
                <OutageBanner />
                <Show when=move || session.current.with(|s| s.is_some()) fallback=LoginPage>
                    <Routes fallback=NotFoundPage>
                        <Route
                            path=path!("/")
                            view=|| view! { <Redirect path=routes::images() /> }
                        />
                        <Route path=path!("/images") view=ImagesPage />
                        <Route
                            path=path!("/images/new")
                            view=move || view! { <LazyPage chunk=pages.create on_loaded /> }
                        />
                        <Route
                            path=path!("/images/:id")
                            view=move || view! { <LazyPage chunk=pages.image on_loaded /> }
                        />
                        <Route
                            path=path!("/shared")
                            view=move || view! { <LazyPage chunk=pages.shared on_loaded /> }
                        />
                    </Routes>
                </Show>
                // The panel's code is fetched with the first transfer (or by the prefetch).
                <Show when=move || { session.current.with(|s| s.is_some()) && transfers.any() }>
                    <LazyPage chunk=pages.transfers waiting=Waiting::Silent />
                </Show>
            </main>
            <ToastRegion />
        </Router>
    }
}
