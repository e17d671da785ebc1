//! The Actions tab: protect, hide, deactivate, verify the stored data, data for a queued
//! image, and copies into more stores, each as the policy allows (download and delete are in
//! the page's summary header). What is offered and what the buttons do is in
//! `actions_controller.rs`.

use leptos::prelude::*;

use crate::components::button::Button;
use crate::components::error_view::ErrorView;
use crate::components::notice::{Announce, Notice, NoticeTone};
use crate::components::policy_hint::PolicyHint;
use crate::i18n::Key;
use crate::model::image::Image;
use crate::model::image_actions::Lifecycle;
use crate::model::policy::Action;
use crate::pages::web_download::WebDownloadImport;
use crate::state::preferences::use_lang;

use super::actions_controller::ActionsController;
use super::mutator::Mutator;
use super::queued_upload::QueuedUpload;
use super::store_copy::StoreCopy;

/// Lifecycle: protect, hide, deactivate/reactivate (admins), delete.
#[component]
pub(super) fn ActionsTab(image: Image, mutator: Mutator) -> impl IntoView {
    let lang = use_lang();
    let ctrl = ActionsController::new(&image, mutator);
    view! {
        <div class="gp-actions-tab">
            <ActionButtons ctrl=ctrl />
            {(!ctrl.may_lifecycle)
                .then(|| {
                    let label = ctrl.lifecycle.label();
                    view! {
                        <PolicyHint
                            what=Signal::derive(move || lang.t(label).to_string())
                            action=ctrl.lifecycle.action()
                        />
                    }
                })}
            {(!ctrl.may_delete)
                .then(|| {
                    view! {
                        <PolicyHint
                            what=Signal::derive(move || lang.t(Key::Delete).to_string())
                            action=Action::DeleteImage
                        />
                    }
                })}
            {ctrl
                .can_download
                .then(|| {
                    view! {
                        <p class="gp-field__hint gp-actions__verify-hint">
                            {move || lang.t(Key::VerifyStoredHint)}
                        </p>
                    }
                })}
            <DownloadNotices ctrl=ctrl />
            {(ctrl.protected && ctrl.may_delete)
                .then(|| {
                    view! {
                        <Notice tone=NoticeTone::Warn class="gp-actions__blocked">
                            {move || lang.t(Key::DeleteBlocked)}
                        </Notice>
                    }
                })}
            // A queued image has no data yet: offer to send it, where Glance would take it.
            {ctrl
                .offers_upload
                .then(|| {
                    view! {
                        <QueuedUpload image=image.clone() />
                        <WebDownloadImport disk_formats=Vec::new() into=image.clone() />
                    }
                })}
            <StoreCopy image=image.clone() may_copy=ctrl.may_copy />
        </div>
    }
}

/// Why a download or a check of the stored data could not start, or that it runs in the
/// transfers panel: under whichever button started it (the summary's Download, this tab's
/// Verify stored data).
#[component]
pub(super) fn DownloadNotices(ctrl: ActionsController) -> impl IntoView {
    let lang = use_lang();
    view! {
        {move || ctrl.download_refused().map(|e| view! { <ErrorView error=e /> })}
        {move || {
            ctrl.download_started
                .get()
                .then(|| {
                    view! {
                        <Notice announce=Announce::Polite class="gp-download__started">
                            {move || lang.t(Key::DownloadInPanel)}
                        </Notice>
                    }
                })
        }}
    }
}

/// The row of buttons: only those the policy, the schema and the image's state allow.
#[component]
fn ActionButtons(ctrl: ActionsController) -> impl IntoView {
    let lang = use_lang();
    let protected = ctrl.protected;
    let hidden = ctrl.hidden;
    view! {
        <div class="gp-actions">
            {ctrl
                .can_protect
                .then(|| {
                    view! {
                        <Button
                            id="gp-toggle-protected"
                            disabled=Signal::derive(move || ctrl.busy())
                            on_click=Callback::new(move |_| ctrl.toggle_protected())
                        >
                            {move || {
                                if protected {
                                    lang.t(Key::ProtectOff)
                                } else {
                                    lang.t(Key::ProtectOn)
                                }
                            }}
                        </Button>
                    }
                })}
            {ctrl
                .can_hide
                .then(|| {
                    view! {
                        <Button
                            id="gp-toggle-hidden"
                            disabled=Signal::derive(move || ctrl.busy())
                            on_click=Callback::new(move |_| ctrl.toggle_hidden())
                        >
                            {move || {
                                if hidden { lang.t(Key::HideOff) } else { lang.t(Key::HideOn) }
                            }}
                        </Button>
                    }
                })}
            {ctrl
                .may_lifecycle
                .then(|| {
                    let id = match ctrl.lifecycle {
                        Lifecycle::Reactivate => "gp-reactivate",
                        Lifecycle::Deactivate => "gp-deactivate",
                    };
                    let label = ctrl.lifecycle.label();
                    view! {
                        <button
                            type="button"
                            class="gp-btn"
                            id=id
                            on:click=move |_| ctrl.take_lifecycle_step()
                        >
                            {move || lang.t(label)}
                        </button>
                    }
                })}
            {ctrl
                .can_download
                .then(|| {
                    view! {
                        <Button
                            id="gp-verify-stored"
                            on_click=Callback::new(move |_| ctrl.verify_stored())
                        >
                            {move || lang.t(Key::VerifyStored)}
                        </Button>
                    }
                })}
        </div>
    }
}
