//! Copy an active image's data into more stores with Glance's `copy-image` import. Offered
//! when the cloud enables the method and has more than one writable store; the copy is
//! followed until every chosen store has the data or is listed as failed.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::error::ApiError;
use crate::api::glance::imports::{import_progress, ImportMethod, StoreSelection};
use crate::api::transport::Transport;
use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::components::policy_hint::PolicyHint;
use crate::flows::import::watch_import;
use crate::i18n::Key;
use crate::model::cli_equivalent::cli_command;
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::model::policy::Action;
use crate::state::cloud_info::use_cloud_info;
use crate::state::preferences::use_lang;
use crate::state::session::use_session;

/// What a finished copy did: the stores that hold the image now, and those that failed.
#[derive(Clone, Debug, PartialEq)]
struct CopyDone {
    stores: Vec<String>,
    failed: Vec<String>,
}

/// The copy-image import of `image_id` into `ids`. All-or-nothing is not asked: each store
/// succeeds or fails on its own, and the failed ones are listed.
fn copy_operation(image_id: String, ids: Vec<String>) -> Operation {
    Operation::Import {
        image_id,
        method: ImportMethod::CopyImage,
        stores: StoreSelection::Stores {
            ids,
            all_must_succeed: false,
        },
    }
}

/// Renders the copy-to-stores form for `image` (nothing when copying is not possible).
#[component]
pub(super) fn StoreCopy(
    /// The image (must be `active` for Glance to copy it).
    image: Image,
    /// Whether the cloud's policy (`copy_image`, admin-only by default) lets the user copy.
    may_copy: bool,
) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let cloud = use_cloud_info();
    let id = StoredValue::new(image.id.clone());
    let held = import_progress(&image).stores;
    let held_label = held.join(", ");
    let held = StoredValue::new(held);
    let chosen = RwSignal::new(BTreeSet::<String>::new());
    // The stores Glance is still copying to, as the watch last read them.
    let copying_to = RwSignal::new(Vec::<String>::new());
    // The copy: pending while Glance copies; the value is what it did, or the error.
    let copy = leptos::prelude::Action::new_local(move |ids: &Vec<String>| {
        let client = session.client_untracked();
        let image_id = id.get_value();
        let op = copy_operation(image_id.clone(), ids.clone());
        copying_to.set(ids.clone());
        async move {
            client.perform(&op).await?;
            let image = watch_import(&client, &image_id, 1000, |_, progress| {
                if progress.in_progress() {
                    copying_to.set(progress.importing_to.clone());
                }
            })
            .await?;
            let progress = import_progress(&image);
            chosen.set(BTreeSet::new());
            Ok::<_, ApiError>(CopyDone {
                stores: progress.stores,
                failed: progress.failed,
            })
        }
    });
    // The CLI line of the copy under way, or of the last one.
    let last_stores = RwSignal::new(None::<Vec<String>>);
    let cli = move || {
        last_stores
            .get()
            .map(|ids| cli_command(&copy_operation(id.get_value(), ids)))
    };
    let missing = move || {
        cloud
            .writable_stores()
            .into_iter()
            .filter(|s| held.with_value(|h| !h.contains(&s.id)))
            .collect::<Vec<_>>()
    };
    let available = move || {
        image_active(&image) && cloud.supports(&ImportMethod::CopyImage) && cloud.multi_store()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids: Vec<String> = chosen.get_untracked().into_iter().collect();
        if ids.is_empty() {
            return;
        }
        last_stores.set(Some(ids.clone()));
        copy.dispatch_local(ids);
    };
    view! {
        <Show when=available>
            <section class="gp-store-copy" aria-labelledby="gp-store-copy-title">
                <h3 id="gp-store-copy-title">{move || lang.t(Key::CopyToStores)}</h3>
                <p class="gp-field__hint">{move || lang.t(Key::CopyToStoresHint)}</p>
                <p class="gp-store-copy__held" data-stores=held_label.clone()>
                    {
                        let held_label = held_label.clone();
                        move || lang.get().tf(Key::ImageStores, &[&held_label])
                    }
                </p>
                {move || {
                    let missing = missing();
                    if missing.is_empty() {
                        return view! {
                            <p class="gp-empty__hint">{move || lang.t(Key::CopyNothingLeft)}</p>
                        }
                            .into_any();
                    }
                    if !may_copy {
                        return // Not offered where Glance would refuse it; the hint names the rule.
                        view! {
                            <PolicyHint
                                what=Signal::derive(move || lang.t(Key::CopyStart).to_string())
                                action=Action::CopyImage
                            />
                        }
                            .into_any();
                    }
                    view! {
                        <form class="gp-store-copy__form" on:submit=submit>
                            <fieldset class="gp-store-copy__stores">
                                <legend class="gp-visually-hidden">
                                    {move || lang.t(Key::StoreLabel)}
                                </legend>
                                {missing
                                    .into_iter()
                                    .map(|s| {
                                        let (toggle_id, checked_id) = (s.id.clone(), s.id.clone());
                                        let label = match &s.description {
                                            Some(d) if !d.is_empty() => format!("{} — {}", s.id, d),
                                            _ => s.id.clone(),
                                        };
                                        view! {
                                            <label class="gp-store-copy__store">
                                                <input
                                                    type="checkbox"
                                                    value=s.id.clone()
                                                    prop:checked=move || {
                                                        chosen.with(|c| c.contains(&checked_id))
                                                    }
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        chosen
                                                            .update(|c| {
                                                                if on {
                                                                    c.insert(toggle_id.clone());
                                                                } else {
                                                                    c.remove(&toggle_id);
                                                                }
                                                            });
                                                    }
                                                />
                                                " "
                                                {label}
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                            <button
                                type="submit"
                                class="gp-btn"
                                id="gp-store-copy-submit"
                                disabled=move || {
                                    chosen.with(|c| c.is_empty()) || copy.pending().get()
                                }
                            >
                                {move || lang.t(Key::CopyStart)}
                            </button>
                        </form>
                    }
                        .into_any()
                }}
                {move || {
                    if copy.pending().get() {
                        let pending = copying_to.get();
                        return view! {
                            <p class="gp-store-copy__state" data-state="running" role="status">
                                {move || lang.get().tf(Key::CopyingTo, &[&pending.join(", ")])}
                            </p>
                        }
                            .into_any();
                    }
                    match copy.value().get() {
                        None | Some(Err(_)) => ().into_any(),
                        Some(Ok(CopyDone { stores, failed })) => {
                            view! {
                                <p
                                    class="gp-store-copy__state gp-verify gp-verify--ok"
                                    data-state="done"
                                    data-stores=stores.join(",")
                                >
                                    {
                                        let s = stores.join(", ");
                                        move || lang.get().tf(Key::CopyDone, &[&s])
                                    }
                                </p>
                                {(!failed.is_empty())
                                    .then(|| {
                                        view! {
                                            <p
                                                class="gp-verify gp-verify--bad"
                                                data-state="failed"
                                                role="alert"
                                            >
                                                {move || lang.t(Key::ImportFailed)}
                                                " "
                                                {failed.join(", ")}
                                            </p>
                                        }
                                    })}
                            }
                                .into_any()
                        }
                    }
                }}
                {move || {
                    (!copy.pending().get())
                        .then(|| copy.value().get().and_then(Result::err))
                        .flatten()
                        .map(|e| view! { <ErrorView error=e /> })
                }}
                {move || cli().map(|c| view! { <CliHint command=c /> })}
            </section>
        </Show>
    }
}

fn image_active(image: &Image) -> bool {
    image.status.as_str() == "active"
}
