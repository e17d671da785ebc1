//! One download of the panel: the image's name and size, bytes received with rate and time
//! left, Cancel while it runs, then the verdict on the saved bytes (how they were saved, how
//! often the download resumed or started over) or the problem with Retry, and the CLI line.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::button::Button;
use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::components::notice::Notice;
use crate::components::verification_view::{VerificationView, VerifiedWhat};
use crate::i18n::Key;
use crate::model::cli_equivalent::cli_command;
use crate::model::download::{DownloadPhase, DownloadRecord, Downloaded, SaveMethod};
use crate::model::size::human_size;
use crate::model::transfer_progress::{percent_text, TransferFigures};
use crate::routes;
use crate::state::download::{pick_target, SaveTo};
use crate::state::preferences::use_lang;
use crate::state::session::use_session;
use crate::state::transfers::use_transfers;

/// One download: a row built once, whose figures and outcome update in place.
#[component]
pub(super) fn DownloadRow(id: u64) -> impl IntoView {
    let lang = use_lang();
    let transfers = use_transfers();
    let session = use_session();
    let get = move || {
        transfers
            .downloads
            .with(|v| v.iter().find(|d| d.id == id).cloned())
    };
    let Some(first) = transfers
        .downloads
        .with_untracked(|v| v.iter().find(|d| d.id == id).cloned())
    else {
        return ().into_any();
    };
    let figures = Memo::new(move |_| get().map(|d| figures_of(&d)));
    let received = Memo::new(move |_| get().map(|d| d.received).unwrap_or(0));
    let phase = Memo::new(move |_| get().map(|d| d.phase));
    let percent = move || figures.get().map(|f| f.sent_percent).unwrap_or(0.0);
    let name = first.name.clone();
    let check_only = first.check_only;
    let retry = Callback::new(move |_: ()| {
        let name = name.clone();
        spawn_local(async move {
            // The save dialog needs this click's activation: asked first.
            let target = match check_only {
                true => Ok(SaveTo::Nowhere),
                false => pick_target(&name).await,
            };
            if let Ok(target) = target {
                transfers.retry_download(id, session.client_untracked(), target);
            }
        });
    });
    // Saving has an openstack line; a check of the stored data has none of its own.
    let cli = (!check_only).then(|| view! { <CliHint command=cli_command(&first.operation()) /> });
    view! {
        <article
            class="gp-transfer gp-transfer--download"
            aria-label=first.name.clone()
            data-download=id.to_string()
            data-check-only=check_only.to_string()
            data-image=first.image_id.clone()
            data-bytes=move || received.get().to_string()
        >
            <div class="gp-transfer__head">
                <a href=routes::image(&first.image_id) class="gp-transfer__name">
                    {first.name.clone()}
                </a>
                <span class="gp-transfer__size">{first.total.map(human_size)}</span>
            </div>
            <label class="gp-transfer__bar">
                <span>{move || lang.t(Key::Received)}</span>
                <progress max="100" value=percent></progress>
                <span>{move || percent_text(percent())}</span>
            </label>
            <p class="gp-transfer__rate">{move || figures.get().map(|f| f.rate_text())}</p>
            <div class="gp-transfer__outcome">
                <DownloadOutcome id phase received retry />
            </div>
            {cli}
        </article>
    }
    .into_any()
}

/// Where a download stands and what can be done about it: Cancel while bytes come, the
/// verdict once they all came, Retry after a problem or a cancel.
#[component]
fn DownloadOutcome(
    id: u64,
    phase: Memo<Option<DownloadPhase>>,
    received: Memo<u64>,
    retry: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let transfers = use_transfers();
    // Waiting or running, a check or a download stops the same way.
    let cancel = move || {
        view! {
            <Button
                class="gp-transfer__cancel"
                on_click=Callback::new(move |_| transfers.cancel(id))
            >
                {move || lang.t(Key::Cancel)}
            </Button>
        }
    };
    move || {
        phase.get().map(|phase| match phase {
            DownloadPhase::Waiting => view! {
                <span class="gp-transfer__phase" data-verify="waiting">
                    {move || lang.t(Key::WaitingForChecks)}
                </span>
                {cancel()}
            }
            .into_any(),
            DownloadPhase::Running => view! {
                <span class="gp-transfer__phase">
                    {move || lang.get().tf(Key::Downloading, &[&human_size(received.get())])}
                </span>
                {cancel()}
            }
            .into_any(),
            DownloadPhase::Done(done) => view! { <DownloadVerdict downloaded=*done /> }.into_any(),
            DownloadPhase::Failed(problem) => view! {
                <div class="gp-transfer__failed" data-verify="failed">
                    <ErrorView error=problem on_retry=retry />
                </div>
            }
            .into_any(),
            DownloadPhase::Cancelled => view! {
                <span class="gp-transfer__phase" data-verify="cancelled">
                    {move || lang.t(Key::CancelledDownload)}
                </span>
                <Button class="gp-transfer__retry" on_click=Callback::new(move |_| retry.run(()))>
                    {move || lang.t(Key::Retry)}
                </Button>
            }
            .into_any(),
        })
    }
}

/// A download's progress figures: received of the image's size (when Glance knows it).
fn figures_of(d: &DownloadRecord) -> TransferFigures {
    let now = d.finished_ms.unwrap_or_else(js_sys::Date::now);
    let total = d.total.unwrap_or(d.received);
    TransferFigures::new(
        d.received,
        d.received,
        total,
        now - d.started_ms,
        d.is_active(),
    )
}

/// A finished download: the verdict on its bytes, how they were saved, and how often it
/// resumed or started over.
#[component]
fn DownloadVerdict(downloaded: Downloaded) -> impl IntoView {
    let lang = use_lang();
    let (saved, what) = match downloaded.method {
        SaveMethod::Streamed => (Key::SavedStreamed, VerifiedWhat::Download),
        SaveMethod::InMemory => (Key::SavedInMemory, VerifiedWhat::Download),
        SaveMethod::BrowserDownloads => (Key::SavedBrowserDownloads, VerifiedWhat::Download),
        SaveMethod::NotKept => (Key::SavedNotKept, VerifiedWhat::Stored),
    };
    let resumed = (downloaded.resumed > 0).then(|| {
        let times = downloaded.resumed.to_string();
        let attr = times.clone();
        view! {
            <p class="gp-field__hint gp-download__resumed" data-resumed=attr>
                {move || lang.get().tf(Key::DownloadResumed, &[&times])}
            </p>
        }
    });
    let restarts = downloaded
        .restarts
        .iter()
        .map(|why| {
            let key = why.key();
            view! { <Notice class="gp-download__restarted">{move || lang.t(key)}</Notice> }
        })
        .collect_view();
    view! {
        <div class="gp-download">
            <VerificationView verification=downloaded.verification what=what />
            <p class="gp-field__hint gp-download__method">{move || lang.t(saved)}</p>
            {resumed}
            {restarts}
        </div>
    }
}
