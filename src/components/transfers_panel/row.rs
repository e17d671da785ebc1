//! One transfer of the panel: its name and size, the sent and hashed bars, rate and ETA,
//! the outcome with the actions it calls for, duplicates, notes, and the CLI steps.

use leptos::prelude::*;

use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::i18n::Key;
use crate::model::cli_equivalent::steps_command;
use crate::model::size::human_size;
use crate::model::transfer_progress::percent_text;
use crate::routes::{self, ImageTab};
use crate::state::preferences::use_lang;

use super::duplicates::DuplicatesNote;
use super::outcome::TransferOutcome;
use super::row_controller::TransferRowController;

/// One transfer: progress bars, rate and ETA while it runs, then the verdict and the
/// actions it calls for.
#[component]
pub(super) fn TransferRow(id: u64) -> impl IntoView {
    let Some((ctl, first)) = TransferRowController::new(id) else {
        return ().into_any();
    };
    let figures = ctl.figures;
    let sent_pct = Signal::derive(move || figures.get().map(|f| f.sent_percent).unwrap_or(0.0));
    let hashed_pct = Signal::derive(move || figures.get().map(|f| f.hashed_percent).unwrap_or(0.0));
    let actions_href = routes::image_tab(&first.image_id, ImageTab::Actions);
    view! {
        <article
            class="gp-transfer"
            aria-label=first.name.clone()
            data-transfer=id.to_string()
            data-image=first.image_id.clone()
            data-worker-memory=move || ctl.worker_memory.get().map(|m| m.to_string())
        >
            <div class="gp-transfer__head">
                <a href=routes::image(&first.image_id) class="gp-transfer__name">
                    {first.name.clone()}
                </a>
                <span class="gp-transfer__size">{human_size(first.total)}</span>
            </div>
            <ProgressBar label=Key::Sent percent=sent_pct />
            <ProgressBar label=Key::Hashed percent=hashed_pct />
            <p class="gp-transfer__rate">{move || figures.get().map(|f| f.rate_text())}</p>
            <div class="gp-transfer__outcome">
                <TransferOutcome ctl actions_href />
            </div>
            <DuplicatesNote ctl />
            <TransferNotes ctl />
            // The same steps with the openstack CLI; fixed once the transfer exists.
            <CliHint command=steps_command(&first.operations()) />
        </article>
    }
    .into_any()
}

/// One labelled progress bar.
#[component]
fn ProgressBar(label: Key, percent: Signal<f64>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="gp-transfer__bar">
            <span>{move || lang.t(label)}</span>
            <progress max="100" value=move || percent.get()></progress>
            <span>{move || percent_text(percent.get())}</span>
        </label>
    }
}

/// What the row says besides its phase: digests not recorded, deactivated, and a failed
/// delete or deactivate.
#[component]
fn TransferNotes(ctl: TransferRowController) -> impl IntoView {
    let lang = use_lang();
    let notes = ctl.notes;
    view! {
        {move || {
            notes
                .get()
                .and_then(|n| n.record_error)
                .map(|e| {
                    view! {
                        <div class="gp-transfer__note">
                            <p class="gp-field__hint">{move || lang.t(Key::DigestsNotRecorded)}</p>
                            <ErrorView error=e />
                        </div>
                    }
                })
        }}
        {move || {
            notes
                .get()
                .filter(|n| n.deactivated)
                .map(|_| {
                    view! {
                        <p class="gp-notice" data-deactivated="true">
                            {move || lang.t(Key::DeactivatedAfterMismatch)}
                        </p>
                    }
                })
        }}
        {move || notes.get().and_then(|n| n.action_error).map(|e| view! { <ErrorView error=e /> })}
    }
}
