//! The Actions tab: protect, hide, deactivate, download with verification, delete, data
//! for a queued image, and copies into more stores, each as the policy allows.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use serde_json::Value;

use crate::components::cli_hint::CliHint;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_view::ErrorView;
use crate::components::policy_hint::PolicyHint;
use crate::components::verification_view::{VerificationView, VerifiedWhat};
use crate::i18n::{Key, Text};
use crate::model::cli_equivalent::cli_command;
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::model::patch::PatchOp;
use crate::model::policy::Action;
use crate::pages::web_download::WebDownloadImport;
use crate::routes::{self};
use crate::state::download::{download, pick_target, SaveMethod};
use crate::state::policy::use_policy;
use crate::state::preferences::use_lang;
use crate::state::schema_cache::use_schema_cache;
use crate::state::session::use_session;
use crate::state::toasts::{use_toasts, ToastKind};

use super::mutator::{Mutation, Mutator};
use super::queued_upload::QueuedUpload;
use super::store_copy::StoreCopy;

/// Lifecycle: protect, hide, deactivate/reactivate (admins), delete.
#[component]
pub(super) fn ActionsTab(image: Image, mutator: Mutator) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let policy = use_policy();
    let may = |action| policy.allows(action, &image);
    let may_modify = may(Action::ModifyImage);
    let may_delete = may(Action::DeleteImage);
    let may_copy = may(Action::CopyImage);
    let id = StoredValue::new(image.id.clone());
    let name = image.display_name().to_string();
    let protected = image.protected;
    let hidden = image.os_hidden;
    // A flag the cloud's schema does not have (an older Glance has no os_hidden) would only
    // earn a 403 or 409: offer just the ones it publishes. The page renders this tab only
    // once the schema has loaded.
    let schema_has = |key: &str| {
        use_schema_cache()
            .0
            .get_untracked()
            .and_then(|r| r.ok())
            .is_some_and(|s| s.property(key).is_some())
    };
    let can_protect = may_modify && schema_has("protected");
    let can_hide = may_modify && schema_has("os_hidden");
    let delete_op = StoredValue::new(Operation::Delete {
        image_id: image.id.clone(),
    });
    let delete_cli = delete_op.with_value(cli_command);
    let deactivated = image.status.as_str() == "deactivated";
    // Glance 33 lets the owner's members deactivate and reactivate (the api-ref's "admins
    // only" is older than the code); the cloud's policy decides, not a role name.
    let lifecycle = if deactivated {
        Action::Reactivate
    } else {
        Action::Deactivate
    };
    let may_lifecycle = may(lifecycle);
    let set_flag = move |key: &'static str, value: bool| {
        let ops = vec![PatchOp::Replace {
            path: format!("/{key}"),
            value: Value::Bool(value),
        }];
        mutator.run(Operation::Update {
            image_id: id.get_value(),
            ops,
        });
    };
    let confirm_open = RwSignal::new(false);
    let question_name = name.clone();
    let can_download = image.status.as_str() == "active" && may(Action::DownloadImage);
    let download_progress = RwSignal::new(None::<u64>);
    let download_image = StoredValue::new(image.clone());
    let copy_image = image.clone();
    let queued_image = image.clone();
    let queued = image.status.as_str() == "queued";
    let may_upload = may(Action::UploadImage);
    // A download is this tab's own action: pending while it streams, its value the verdict
    // (or the error, shown beside the button).
    let download_action = leptos::prelude::Action::new_local(move |_: &()| {
        let image = download_image.get_value();
        let client = session.client_untracked();
        download_progress.set(Some(0));
        async move {
            // The save dialog needs the click's user activation: ask before any request.
            let target = pick_target(image.display_name()).await;
            let result = match target {
                Ok(target) => {
                    download(&client, &image, target, move |n| {
                        download_progress.set(Some(n))
                    })
                    .await
                }
                Err(e) => Err(e),
            };
            download_progress.set(None);
            result
        }
    });
    let downloaded = move || download_action.value().get().and_then(Result::ok);
    let download_error = move || download_action.value().get().and_then(Result::err);
    let delete_now = Callback::new(move |_: ()| {
        let navigate = navigate.clone();
        let name = name.clone();
        let then = Callback::new(move |_: ()| {
            toasts.push(ToastKind::Info, Text::new(Key::Deleted, &[&name]));
            navigate(&routes::images(), NavigateOptions::default());
        });
        mutator.dispatch(Mutation::Delete {
            op: delete_op.get_value(),
            then,
        });
    });
    view! {
        <div class="gp-actions-tab">
            <div class="gp-actions">
                {can_protect
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="gp-btn"
                                id="gp-toggle-protected"
                                disabled=move || mutator.busy().get()
                                on:click=move |_| set_flag("protected", !protected)
                            >
                                {move || {
                                    if protected {
                                        lang.t(Key::ProtectOff)
                                    } else {
                                        lang.t(Key::ProtectOn)
                                    }
                                }}
                            </button>
                        }
                    })}
                {can_hide
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="gp-btn"
                                id="gp-toggle-hidden"
                                disabled=move || mutator.busy().get()
                                on:click=move |_| set_flag("os_hidden", !hidden)
                            >
                                {move || {
                                    if hidden { lang.t(Key::HideOff) } else { lang.t(Key::HideOn) }
                                }}
                            </button>
                        }
                    })}
                {may_lifecycle
                    .then(|| {
                        if deactivated {
                            view! {
                                <button
                                    type="button"
                                    class="gp-btn"
                                    id="gp-reactivate"
                                    on:click=move |_| {
                                        mutator
                                            .run(Operation::Reactivate {
                                                image_id: id.get_value(),
                                            })
                                    }
                                >
                                    {move || lang.t(Key::Reactivate)}
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <button
                                    type="button"
                                    class="gp-btn"
                                    id="gp-deactivate"
                                    on:click=move |_| {
                                        mutator
                                            .run(Operation::Deactivate {
                                                image_id: id.get_value(),
                                            })
                                    }
                                >
                                    {move || lang.t(Key::Deactivate)}
                                </button>
                            }
                                .into_any()
                        }
                    })}
                {can_download
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="gp-btn"
                                id="gp-download"
                                disabled=move || download_action.pending().get()
                                on:click=move |_| {
                                    download_action.dispatch_local(());
                                }
                            >
                                {move || lang.t(Key::DownloadVerify)}
                            </button>
                        }
                    })}
                {may_delete
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="gp-btn gp-btn--danger"
                                id="gp-delete"
                                disabled=move || protected || mutator.busy().get()
                                on:click=move |_| confirm_open.set(true)
                            >
                                {move || lang.t(Key::Delete)}
                            </button>
                        }
                    })}
            </div>
            {(!may_lifecycle)
                .then(|| {
                    let label = if deactivated { Key::Reactivate } else { Key::Deactivate };
                    view! {
                        <PolicyHint
                            what=Signal::derive(move || lang.t(label).to_string())
                            action=lifecycle
                        />
                    }
                })}
            {(!may_delete)
                .then(|| {
                    view! {
                        <PolicyHint
                            what=Signal::derive(move || lang.t(Key::Delete).to_string())
                            action=Action::DeleteImage
                        />
                    }
                })}
            {move || {
                download_progress
                    .get()
                    .map(|n| {
                        view! {
                            <p class="gp-download__progress" role="status">
                                {move || {
                                    lang.get()
                                        .tf(Key::Downloading, &[&crate::model::size::human_size(n)])
                                }}
                            </p>
                        }
                    })
            }}
            {move || download_error().map(|e| view! { <ErrorView error=e /> })}
            {move || {
                downloaded()
                    .map(|d| {
                        let saved = match d.method {
                            SaveMethod::Streamed => Key::SavedStreamed,
                            SaveMethod::InMemory => Key::SavedInMemory,
                        };
                        let outcome = view! {
                            <VerificationView
                                verification=d.verification.clone()
                                what=VerifiedWhat::Download
                            />
                        };
                        view! {
                            <div
                                class="gp-download"
                                role="group"
                                aria-label=move || lang.t(Key::DownloadVerify)
                                data-bytes=d.bytes.to_string()
                            >
                                {outcome}
                                <p class="gp-field__hint gp-download__method">
                                    {move || lang.t(saved)}
                                </p>
                                <CliHint command=cli_command(&d.operation) />
                            </div>
                        }
                    })
            }}
            {(protected && may_delete)
                .then(|| {
                    view! {
                        <p class="gp-notice gp-notice--warn gp-actions__blocked">
                            {move || lang.t(Key::DeleteBlocked)}
                        </p>
                    }
                })}
            // A queued image has no data yet: offer to send it, where Glance would take it.
            {(queued && may_upload)
                .then(|| {
                    view! {
                        <QueuedUpload image=queued_image.clone() />
                        <WebDownloadImport disk_formats=Vec::new() into=queued_image.clone() />
                    }
                })}
            <StoreCopy image=copy_image may_copy=may_copy />
            <ConfirmDialog
                open=confirm_open
                question=Signal::derive(move || {
                    lang.get().tf(Key::DeleteConfirm, &[&question_name])
                })
                command=Signal::stored(delete_cli)
                on_confirm=delete_now
            />
        </div>
    }
}
