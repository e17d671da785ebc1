//! Where a transfer stands and what can be done about it: Cancel while it runs, the verdict
//! once verified (with Delete, Deactivate and the Actions tab on a mismatch), and Retry,
//! Verify again or Delete when it failed, was cancelled or can no longer be retried.

use leptos::prelude::*;

use crate::components::button::{Button, ButtonKind};
use crate::components::error_view::ErrorView;
use crate::components::notice::{Notice, NoticeTone};
use crate::components::verification_view::{VerificationView, VerifiedWhat};
use crate::i18n::Key;
use crate::model::checksum::Verification;
use crate::model::size::human_size;
use crate::model::transfer::Phase;
use crate::problem::Problem;
use crate::state::preferences::use_lang;

use super::row_controller::TransferRowController;

/// The transfer's phase and its actions; rebuilt only when the phase changes.
#[component]
pub(super) fn TransferOutcome(ctl: TransferRowController, actions_href: String) -> impl IntoView {
    let lang = use_lang();
    move || {
        let actions_href = actions_href.clone();
        ctl.phase.get().map(|phase| match phase {
            Phase::Running => view! {
                <span class="gp-transfer__phase">{move || lang.t(Key::Uploading)}</span>
                <Button class="gp-transfer__cancel" on_click=Callback::new(move |_| ctl.cancel())>
                    {move || lang.t(Key::Cancel)}
                </Button>
            }
            .into_any(),
            Phase::Verifying => {
                view! { <span class="gp-transfer__phase">{move || lang.t(Key::Verifying)}</span> }
                    .into_any()
            }
            Phase::Done(v @ Verification::Mismatch { .. }) => {
                view! { <MismatchOutcome ctl verification=v actions_href /> }.into_any()
            }
            Phase::Done(v) => {
                view! { <VerificationView verification=v what=VerifiedWhat::Upload /> }.into_any()
            }
            Phase::Failed(e) => view! { <FailedOutcome ctl error=e /> }.into_any(),
            Phase::Unverified(e) => view! { <UnverifiedOutcome ctl error=e /> }.into_any(),
            Phase::NotQueued(status) => view! {
                <div class="gp-transfer__failed" data-verify="not-queued">
                    <Notice tone=NoticeTone::Warn>
                        {move || lang.get().tf(Key::RetryNotQueued, &[&status])}
                    </Notice>
                    <DeleteButton ctl />
                </div>
            }
            .into_any(),
            Phase::Cancelled => view! {
                <span class="gp-transfer__phase" data-verify="cancelled">
                    {move || lang.t(Key::CancelledUpload)}
                </span>
                <RetryButton ctl />
                <DeleteButton ctl />
            }
            .into_any(),
            Phase::Deleted => view! {
                <span class="gp-transfer__phase" data-verify="deleted">
                    {move || lang.t(Key::TransferImageDeleted)}
                </span>
            }
            .into_any(),
        })
    }
}

/// The image Glance stored differs from the file: the verdict, and what to do with it.
#[component]
fn MismatchOutcome(
    ctl: TransferRowController,
    verification: Verification,
    actions_href: String,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <VerificationView verification=verification what=VerifiedWhat::Upload>
            <DeleteButton ctl />
            <Button
                class="gp-transfer__deactivate"
                disabled=Signal::derive(move || ctl.deactivated())
                on_click=Callback::new(move |_| ctl.deactivate())
            >
                {move || lang.t(Key::Deactivate)}
            </Button>
            <a class="gp-btn" href=actions_href.clone()>
                {move || lang.t(Key::TabActions)}
            </a>
        </VerificationView>
    }
}

/// The data did not (all) arrive: why, then Retry and Delete.
#[component]
fn FailedOutcome(ctl: TransferRowController, error: Problem) -> impl IntoView {
    let lang = use_lang();
    let notes = ctl.notes;
    view! {
        <div class="gp-transfer__failed" data-verify="failed">
            {error
                .is_unauthorized()
                .then(|| {
                    view! {
                        <Notice tone=NoticeTone::Warn>
                            {move || lang.t(Key::TokenExpiredUpload)}
                        </Notice>
                    }
                })}
            // The row's own words first: a proxy's bare "502 Bad Gateway" does not
            // say that the file did not arrive, nor what became of the image.
            {move || {
                notes
                    .get()
                    .and_then(|n| n.cut)
                    .map(|(sent, total)| {
                        view! {
                            <p
                                class="gp-notice gp-notice--warn gp-transfer__cut"
                                data-cut-at=sent.to_string()
                            >
                                {move || {
                                    lang.get()
                                        .tf(
                                            Key::UploadCut,
                                            &[&human_size(sent), &human_size(total)],
                                        )
                                }}
                            </p>
                        }
                    })
            }}
            <ErrorView error=error />
            <RetryButton ctl />
            <DeleteButton ctl />
        </div>
    }
}

/// The data was sent but could not be verified: why, and Verify again while the local
/// digests are kept.
#[component]
fn UnverifiedOutcome(ctl: TransferRowController, error: Problem) -> impl IntoView {
    let lang = use_lang();
    let notes = ctl.notes;
    view! {
        <div class="gp-transfer__failed" data-verify="unverified">
            <Notice tone=NoticeTone::Warn>{move || lang.t(Key::SentNotVerified)}</Notice>
            <ErrorView error=error />
            {move || {
                notes
                    .get()
                    .is_some_and(|n| n.can_verify_again)
                    .then(|| {
                        view! {
                            <Button
                                class="gp-transfer__verify"
                                on_click=Callback::new(move |_| ctl.verify_again())
                            >
                                {move || lang.t(Key::VerifyAgain)}
                            </Button>
                        }
                    })
            }}
        </div>
    }
}

/// Sends the file again.
#[component]
fn RetryButton(ctl: TransferRowController) -> impl IntoView {
    let lang = use_lang();
    view! {
        <button type="button" class="gp-btn gp-transfer__retry" on:click=move |_| ctl.retry()>
            {move || lang.t(Key::Retry)}
        </button>
    }
}

/// Deletes the image.
#[component]
fn DeleteButton(ctl: TransferRowController) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Button
            kind=ButtonKind::Danger
            class="gp-transfer__delete"
            on_click=Callback::new(move |_| ctl.delete())
        >
            {move || lang.t(Key::Delete)}
        </Button>
    }
}
