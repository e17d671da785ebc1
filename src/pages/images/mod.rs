//! The image list (`/images`): one Glance page at a time, with every filter, sort and the
//! paging trail in the URL, so reload, back/forward and shared links reproduce the view.
//! Only the requested page is ever loaded: 10,000 images cost what 10 do.
//!
//! [`controller`] holds the state and the actions, [`toolbar`] the search, filters, columns,
//! page size and create button, [`results`] renders a loaded page and [`batch_bar`] the
//! selection's actions; this file lays the page out.

mod batch_bar;
mod controller;
mod results;
mod toolbar;

use leptos::prelude::*;

use crate::components::button::Button;
use crate::components::error_view::ErrorView;
use crate::components::image_filters::ImageFilters;
use crate::components::resource_view::ResourceView;
use crate::i18n::Key;
use crate::model::filters::ImageListQuery;
use crate::state::preferences::use_lang;
use batch_bar::BatchBar;
use controller::ImagesController;
use results::ImageResults;
use toolbar::Toolbar;

/// Renders the image list page.
#[component]
pub fn ImagesPage() -> impl IntoView {
    let lang = use_lang();
    let ctl = ImagesController::new();
    let filters_open = RwSignal::new(false);
    view! {
        <section class="gp-page gp-images" aria-labelledby="gp-images-title">
            <div class="gp-page__head">
                <h1 id="gp-images-title">{move || lang.t(Key::ImagesTitle)}</h1>
                <Button id="gp-refresh" on_click=Callback::new(move |_| ctl.refetch())>
                    {move || lang.t(Key::Refresh)}
                </Button>
            </div>
            <UrlProblems ctl=ctl />
            <OwnerNamesError ctl=ctl />
            <Toolbar ctl=ctl filters_open=filters_open />
            <ImageFilters
                open=filters_open
                query=Signal::derive(move || ctl.query.get())
                on_apply=Callback::new(move |q: ImageListQuery| ctl.go(q))
                property_keys=Signal::derive(move || ctl.property_keys())
            />
            <BatchBar ctl=ctl />
            <ResourceView
                load=move || ctl.load()
                retry=Callback::new(move |_| ctl.refetch())
                pending=ctl.pending
                let:answer
            >
                <ImageResults ctl=ctl answer=answer />
            </ResourceView>
        </section>
    }
}

/// What in the URL could not be used, each named with its parameter.
#[component]
fn UrlProblems(
    /// The page's controller.
    ctl: ImagesController,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="gp-notices">
            {move || {
                ctl.parsed
                    .get()
                    .1
                    .into_iter()
                    .map(|p| {
                        view! {
                            <li class="gp-notice gp-notice--warn">
                                {move || {
                                    let l = lang.get();
                                    l.tf(Key::UrlProblem, &[&p.param, &l.text(&p.message)])
                                }}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

/// The owner names could not be looked up: said, with Retry, so the user knows why the owner
/// column shows ids.
#[component]
fn OwnerNamesError(
    /// The page's controller.
    ctl: ImagesController,
) -> impl IntoView {
    move || match ctl.owners() {
        Some(Err(e)) if !e.is_unauthorized() => {
            Some(
                // A 401 has already brought the login back.
                view! {
                    <div class="gp-owner-names-error">
                        <ErrorView
                            error=e
                            title=Key::OwnerNamesFailed
                            on_retry=Callback::new(move |_| ctl.refetch_owners())
                        />
                    </div>
                },
            )
        }
        _ => None,
    }
}
