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
mod page_controller;
mod queued_upload;
mod sharing_tab;
mod store_copy;
mod store_copy_controller;
mod summary;
mod tags_tab;

use leptos::prelude::*;

use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::components::import_history::ImportHistory;
use crate::components::resource_view::ResourceView;
use crate::components::schema_panel::SchemaPanel;
use crate::components::verification_view::{VerificationView, VerifiedWhat};
use crate::i18n::Key;
use crate::model::checksum::verify_recorded;
use crate::model::image::Image;
use crate::model::policy::Action;
use crate::model::schema::ImageSchema;
use crate::routes::{self, ImageTab};
use crate::state::policy::use_policy;
use crate::state::preferences::use_lang;

use crate::state::browser_downloads::register_download_worker;
use actions_tab::ActionsTab;
use edit_tab::EditTab;
use page_controller::ImagePageController;
use sharing_tab::SharingTab;
use summary::ImageSummary;
use tags_tab::TagsTab;

/// Renders the image detail page.
#[component]
pub fn ImageDetailPage() -> impl IntoView {
    let lang = use_lang();
    let policy = use_policy();
    let page = ImagePageController::new();
    let mutator = page.mutator;
    // Downloads start here: where there is no file picker, the worker that streams them to
    // the browser's downloads is registered now (on the first visit), active by the click.
    register_download_worker();
    view! {
        <section class="gp-page gp-detail">
            <a class="gp-back" href=routes::images()>
                {move || lang.t(Key::BackToImages)}
            </a>
            // Keyed by the id: another image starts from "Loading…", never from the previous
            // image's view (which Transition would otherwise keep while the new one loads).
            {move || {
                let shown_id = page.id.get();
                view! {
                    <ResourceView
                        load=move || page.load(shown_id.clone())
                        retry=Callback::new(move |_| page.retry())
                        let:loaded
                    >
                        {
                            let (image, schema) = loaded;
                            let may_modify = policy.allows(Action::ModifyImage, &image);
                            // Read here, where the answer is rendered, so a change of tab or
                            // of policy draws the image again (a component body is untracked).
                            view! {
                                <LoadedImage
                                    page=page
                                    image=image
                                    schema=schema
                                    tab=page.tab.get()
                                    may_modify=may_modify
                                />
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

/// The loaded image: its summary (name, status, first facts, main actions, the integrity
/// verdict), the tabs the user is offered and the one shown.
#[component]
fn LoadedImage(
    page: ImagePageController,
    image: Image,
    schema: ImageSchema,
    /// The tab the URL asks for.
    tab: ImageTab,
    /// Whether Glance would take a change to the image from this user.
    may_modify: bool,
) -> impl IntoView {
    let lang = use_lang();
    let current = ImageTab::shown(tab, may_modify);
    let tabs = ImageTab::offered(may_modify)
        .into_iter()
        .map(|name| {
            let href = routes::image_tab(&image.id, name);
            let selected = name == current;
            view! {
                <a
                    class="gp-tabs__tab"
                    href=href
                    role="tab"
                    data-tab=name.as_str()
                    aria-selected=selected.to_string()
                    class:gp-tabs__tab--active=selected
                >
                    {move || lang.t(name.label())}
                </a>
            }
        })
        .collect_view();
    let mutator = page.mutator;
    let body = match current {
        ImageTab::Edit => {
            view! { <EditTab image=image.clone() schema=schema mutator=mutator /> }.into_any()
        }
        ImageTab::Tags => view! { <TagsTab image=image.clone() mutator=mutator /> }.into_any(),
        ImageTab::Sharing => {
            view! { <SharingTab image=image.clone() mutator=mutator /> }.into_any()
        }
        ImageTab::Actions => {
            view! { <ActionsTab image=image.clone() mutator=mutator /> }.into_any()
        }
        ImageTab::Details => view! {
            <SchemaPanel image=image.to_map() schema=schema />
            <ImportHistory tasks=page.tasks />
        }
        .into_any(),
    };
    view! {
        <ImageSummary
            image=image.clone()
            mutator=mutator
            may_modify=may_modify
            integrity=view! { <Integrity page=page image=image.clone() /> }.into_any()
        />
        <nav class="gp-tabs" role="tablist">
            {tabs}
        </nav>
        <div class="gp-tabs__panel" role="tabpanel" data-tab=current.as_str()>
            {body}
        </div>
    }
}

/// The uploader's recorded digests against Glance's: shown on every tab, because a mismatch
/// is the one thing nobody should miss. It waits for the import tasks, which can show the
/// disagreement is a conversion (a task that cannot be read leaves only the image's own
/// record).
#[component]
fn Integrity(page: ImagePageController, image: Image) -> impl IntoView {
    let lang = use_lang();
    move || {
        page.tasks
            .get()
            .and_then(|t| verify_recorded(&image, t.ok().as_ref()))
            .map(|v| {
                view! {
                    <div
                        class="gp-detail__integrity"
                        role="group"
                        aria-label=move || lang.t(Key::Integrity)
                    >
                        <VerificationView verification=v what=VerifiedWhat::Recorded />
                    </div>
                }
            })
    }
}
