//! `/shared`: images other projects shared with this one, by the answer given (pending,
//! accepted, rejected), with Accept, Reject and Back to pending. The tab is in the URL.

mod controller;
mod results;

use leptos::prelude::*;

use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::components::resource_view::ResourceView;
use crate::i18n::Key;
use crate::model::member::MemberStatus;
use crate::model::shared_with_me::SHARED_TABS;
use crate::routes;
use crate::state::preferences::use_lang;

use controller::SharedController;
use results::SharedResults;

/// Renders the page.
#[component]
pub fn SharedWithMePage() -> impl IntoView {
    let lang = use_lang();
    let ctl = SharedController::new();

    view! {
        <section class="gp-page gp-shared" aria-labelledby="gp-shared-title">
            <div class="gp-page__head">
                <h1 id="gp-shared-title">{move || lang.t(Key::SharedTitle)}</h1>
            </div>
            <p class="gp-field__hint">{move || lang.t(Key::SharedHint)}</p>
            <SharedTabs ctl />
            {move || ctl.answer_error().map(|e| view! { <ErrorView error=e /> })}
            {move || {
                ctl.schema_error()
                    .map(|e| {
                        view! {
                            <ErrorView
                                error=e
                                on_retry=Callback::new(move |_| ctl.reload_schema())
                            />
                        }
                    })
            }}
            {move || ctl.answer_command().map(|c| view! { <CliHint command=c /> })}
            <ResourceView
                load=move || ctl.load()
                retry=Callback::new(move |_| ctl.reload())
                pending=ctl.pending
                let:loaded_page
            >
                {
                    let (loaded, data) = loaded_page;
                    let answers = ctl.answers_on(&loaded);
                    view! { <SharedResults ctl loaded data answers /> }
                }
            </ResourceView>
        </section>
    }
}

/// The tabs, one per answer, the URL's marked selected.
#[component]
fn SharedTabs(ctl: SharedController) -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="gp-tabs" role="tablist">
            {SHARED_TABS
                .iter()
                .map(|(status, label)| {
                    let status = *status;
                    let label = *label;
                    let href = routes::shared_tab(&MemberStatus::from(status));
                    view! {
                        <a class="gp-tabs__tab" role="tab" href=href data-tab=status
                        aria-selected=move || (ctl.current_status() == status).to_string()
                        class:gp-tabs__tab--active=move || ctl.current_status() == status>{move || lang.t(label)}</a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
