//! Copy an active image's data into more stores with Glance's `copy-image` import. Offered
//! when the cloud enables the method and has more than one writable store; the copy is
//! followed until every chosen store has the data or is listed as failed. The state and the
//! copy itself are in `store_copy_controller.rs`.

use leptos::prelude::*;

use crate::components::button::Button;
use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::components::policy_hint::PolicyHint;
use crate::i18n::Key;
use crate::model::image::Image;
use crate::model::import::StoreInfo;
use crate::model::policy::Action;
use crate::model::store_copy::{store_label, CopyDone};
use crate::state::preferences::use_lang;

use super::store_copy_controller::StoreCopyController;

/// Renders the copy-to-stores form for `image` (nothing when copying is not possible).
#[component]
pub(super) fn StoreCopy(
    /// The image (must be `active` for Glance to copy it).
    image: Image,
    /// Whether the cloud's policy (`copy_image`, admin-only by default) lets the user copy.
    may_copy: bool,
) -> impl IntoView {
    let lang = use_lang();
    let ctrl = StoreCopyController::new(&image);
    let held_label = ctrl.held_label();
    view! {
        <Show when=move || ctrl.available()>
            <section class="gp-store-copy" aria-labelledby="gp-store-copy-title">
                <h2 id="gp-store-copy-title">{move || lang.t(Key::CopyToStores)}</h2>
                <p class="gp-field__hint">{move || lang.t(Key::CopyToStoresHint)}</p>
                <p class="gp-store-copy__held" data-stores=held_label.clone()>
                    {
                        let held_label = held_label.clone();
                        move || lang.get().tf(Key::ImageStores, &[&held_label])
                    }
                </p>
                {move || {
                    let missing = ctrl.missing();
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
                    view! { <StoreChoice ctrl=ctrl missing=missing /> }.into_any()
                }}
                {move || {
                    if ctrl.copying() {
                        let pending = ctrl.copying_to();
                        return view! {
                            <p class="gp-store-copy__state" data-state="running" role="status">
                                {move || lang.get().tf(Key::CopyingTo, &[&pending.join(", ")])}
                            </p>
                        }
                            .into_any();
                    }
                    match ctrl.outcome() {
                        None | Some(Err(_)) => ().into_any(),
                        Some(Ok(done)) => view! { <CopyOutcome done=done /> }.into_any(),
                    }
                }}
                {move || {
                    (!ctrl.copying())
                        .then(|| ctrl.outcome().and_then(Result::err))
                        .flatten()
                        .map(|e| view! { <ErrorView error=e /> })
                }}
                {move || ctrl.cli().map(|c| view! { <CliHint command=c /> })}
            </section>
        </Show>
    }
}

/// The form: a checkbox per store that lacks the image, and the button that copies.
#[component]
fn StoreChoice(ctrl: StoreCopyController, missing: Vec<StoreInfo>) -> impl IntoView {
    let lang = use_lang();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctrl.submit();
    };
    view! {
        <form class="gp-store-copy__form" on:submit=submit>
            <fieldset class="gp-store-copy__stores">
                <legend class="gp-visually-hidden">{move || lang.t(Key::StoreLabel)}</legend>
                {missing
                    .into_iter()
                    .map(|s| {
                        let (toggle_id, checked_id) = (s.id.clone(), s.id.clone());
                        view! {
                            <label class="gp-store-copy__store">
                                <input
                                    type="checkbox"
                                    value=s.id.clone()
                                    prop:checked=move || ctrl.is_chosen(&checked_id)
                                    on:change=move |ev| {
                                        ctrl.toggle(&toggle_id, event_target_checked(&ev))
                                    }
                                />
                                " "
                                {store_label(&s)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <Button
                submit=true
                id="gp-store-copy-submit"
                disabled=Signal::derive(move || ctrl.cannot_submit())
            >
                {move || lang.t(Key::CopyStart)}
            </Button>
        </form>
    }
}

/// A finished copy: the stores that hold the image now, and those that failed.
#[component]
fn CopyOutcome(done: CopyDone) -> impl IntoView {
    let lang = use_lang();
    let CopyDone { stores, failed } = done;
    let shown = stores.join(", ");
    view! {
        <p
            class="gp-store-copy__state gp-verify gp-verify--ok"
            data-state="done"
            data-stores=stores.join(",")
        >
            {move || lang.get().tf(Key::CopyDone, &[&shown])}
        </p>
        {(!failed.is_empty())
            .then(|| {
                view! {
                    <p class="gp-verify gp-verify--bad" data-state="failed" role="alert">
                        {move || lang.t(Key::ImportFailed)}
                        " "
                        {failed.join(", ")}
                    </p>
                }
            })}
    }
}
