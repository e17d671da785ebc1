//! `/images/:id`: the image, generated from the cloud's schema, in tabs deep-linked with
//! `?tab=`: details, edit, tags, sharing, actions. Every change goes to Glance as the smallest
//! request that does it, and shows the equivalent `openstack` command. The image's import
//! tasks are read beside it: the Details tab lists them, and the integrity verdict uses them
//! to tell a cloud's conversion from a mismatch.

mod actions_controller;
mod actions_tab;
mod edit_controller;
mod edit_tab;
mod member_controller;
mod member_editor;
mod mutator;
mod queued_upload;
mod sharing_tab;
mod store_copy;
mod store_copy_controller;
mod tags_tab;

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::glance::images::get_image;
use crate::api::glance::imports::get_image_tasks;
use crate::api::transport::Transport;
use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::components::import_history::ImportHistory;
use crate::components::resource_view::{answer_of, ResourceView};
use crate::components::schema_panel::SchemaPanel;
use crate::components::status_badge::StatusBadge;
use crate::components::verification_view::{VerificationView, VerifiedWhat};
use crate::i18n::{Key, Text};
use crate::model::checksum::verify_recorded;
use crate::model::image::{is_image_id, Image};
use crate::model::import_task::ImageTasks;
use crate::model::policy::Action;
use crate::routes::{self, ImageTab};
use crate::state::policy::use_policy;
use crate::state::preferences::use_lang;
use crate::state::schema_cache::use_schema_cache;
use crate::state::session::use_session;

use actions_tab::ActionsTab;
use edit_tab::EditTab;
use mutator::Mutator;
use sharing_tab::SharingTab;
use tags_tab::TagsTab;

/// The tabs, in the order shown, with their labels.
const TABS: [(ImageTab, Key); 5] = [
    (ImageTab::Details, Key::TabDetails),
    (ImageTab::Edit, Key::TabEdit),
    (ImageTab::Tags, Key::TabTags),
    (ImageTab::Sharing, Key::TabSharing),
    (ImageTab::Actions, Key::TabActions),
];

/// Renders the image detail page.
#[component]
pub fn ImageDetailPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let policy = use_policy();
    let schema = use_schema_cache().0;
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let tab = Memo::new(move |_| {
        query
            .with(|q| q.get("tab"))
            .and_then(|t| ImageTab::from_param(&t))
            .unwrap_or(ImageTab::Details)
    });
    // An address that cannot name an image is answered here: sent on, it could name another
    // resource of Glance's once nginx has decoded it (see `is_image_id`).
    let not_an_id = move |id: &str| {
        ApiError::portal(
            ApiErrorKind::BadRequest,
            Text::new(Key::NotAnImageId, &[id]),
        )
    };
    let image = LocalResource::new(move || {
        let client = session.client();
        let id = id.get();
        async move {
            if !is_image_id(&id) {
                return Err(not_an_id(&id));
            }
            client.json::<Image>(&get_image(&id)).await
        }
    });
    let tasks = LocalResource::new(move || {
        let client = session.client();
        let id = id.get();
        async move {
            if !is_image_id(&id) {
                return Err(not_an_id(&id));
            }
            client.json::<ImageTasks>(&get_image_tasks(&id)).await
        }
    });
    let mutator = Mutator::new(image);
    // A new tab starts without the previous tab's outcome.
    Effect::new(move |_| {
        tab.track();
        mutator.clear();
    });

    view! {
        <section class="gp-page gp-detail">
            <a class="gp-back" href=routes::images()>
                {move || lang.t(Key::BackToImages)}
            </a>
            // Keyed by the id: another image starts from "Loading…", never from the previous
            // image's view (which Transition would otherwise keep while the new one loads).
            {move || {
                let shown_id = id.get();
                let retry = Callback::new(move |_| {
                    image.refetch();
                    schema.refetch();
                });
                let load = move || {
                    let shown_id = shown_id.clone();
                    async move {
                        let img = answer_of(image).await?;
                        let sch = answer_of(schema).await?;
                        if img.id != shown_id {
                            std::future::pending::<()>().await;
                        }
                        Ok((img, sch))
                    }
                };
                // The previous image's answer, before the new request started: wait
                // for the one this URL names (the resource's change wakes the view).
                view! {
                    <ResourceView load=load retry=retry let:loaded>
                        {
                            let (img, sch) = loaded;
                            let may_modify = policy.allows(Action::ModifyImage, &img);
                            let offered = |t: &ImageTab| {
                                may_modify || !matches!(t, ImageTab::Edit | ImageTab::Tags)
                            };
                            let requested = tab.get();
                            let current = if offered(&requested) {
                                requested
                            } else {
                                ImageTab::Details
                            };
                            let tabs = TABS
                                .iter()
                                .filter(|(name, _)| offered(name))
                                .map(|(name, label)| {
                                    let href = routes::image_tab(&img.id, *name);
                                    let selected = *name == current;
                                    let label = *label;
                                    view! {
                                        <a class="gp-tabs__tab" href=href role="tab" data-tab=name.as_str()
                                aria-selected=selected.to_string()
                                class:gp-tabs__tab--active=selected>{move || lang.t(label)}</a>
                                    }
                                })
                                .collect_view();
                            let body = match current {
                                ImageTab::Edit => {
                                    // Edit and Tags only where Glance would take the change: an image of
                                    // another project (or a rule the operator tightened) gets no edit controls.
                                    view! {
                                        <EditTab image=img.clone() schema=sch mutator=mutator />
                                    }
                                        .into_any()
                                }
                                ImageTab::Tags => {
                                    view! { <TagsTab image=img.clone() mutator=mutator /> }
                                        .into_any()
                                }
                                ImageTab::Sharing => {
                                    view! { <SharingTab image=img.clone() mutator=mutator /> }
                                        .into_any()
                                }
                                ImageTab::Actions => {
                                    view! { <ActionsTab image=img.clone() mutator=mutator /> }
                                        .into_any()
                                }
                                ImageTab::Details => {
                                    view! {
                                        <SchemaPanel image=img.to_map() schema=sch />
                                        <ImportHistory tasks=tasks />
                                    }
                                        .into_any()
                                }
                            };
                            view! {
                                <div class="gp-page__head">
                                    <h1 class="gp-detail__name">
                                        {img.display_name().to_string()}
                                    </h1>
                                    <StatusBadge status=img.status.as_str().to_string() />
                                </div>
                                // The uploader's recorded digests against Glance's: shown on every tab,
                                // because a mismatch is the one thing nobody should miss. It waits for the
                                // import tasks, which can show the disagreement is a conversion (a task
                                // that cannot be read leaves only the image's own record).
                                {move || {
                                    tasks
                                        .get()
                                        .and_then(|t| verify_recorded(&img, t.ok().as_ref()))
                                        .map(|v| {
                                            view! {
                                                <div
                                                    class="gp-detail__integrity"
                                                    role="group"
                                                    aria-label=move || lang.t(Key::Integrity)
                                                >
                                                    <VerificationView
                                                        verification=v
                                                        what=VerifiedWhat::Recorded
                                                    />
                                                </div>
                                            }
                                        })
                                }}
                                <nav class="gp-tabs" role="tablist">
                                    {tabs}
                                </nav>
                                <div
                                    class="gp-tabs__panel"
                                    role="tabpanel"
                                    data-tab=current.as_str()
                                >
                                    {body}
                                </div>
                            }
                        }
                    </ResourceView>
                }
            }}
            {move || mutator.error().map(|e| view! { <ErrorView error=e /> })}
            {move || mutator.cli().map(|c| view! { <CliHint command=c /> })}
        </section>
    }
}
