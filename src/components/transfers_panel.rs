//! The transfers panel: every upload of this session with bytes sent and hashed, rate, ETA,
//! cancel/retry, and — the point — whether the image Glance stored is bit-identical to the
//! user's file. It lives outside the routes, so it survives navigation.

use leptos::prelude::*;

use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::components::verification_view::{VerificationView, VerifiedWhat};
use crate::i18n::Key;
use crate::model::checksum::Verification;
use crate::model::cli_equivalent::steps_command;
use crate::model::size::human_size;
use crate::routes::{self, ImageTab};
use crate::state::preferences::use_lang;
use crate::state::transfers::{use_transfers, Duplicates, Phase};

/// Rate in bytes/s and seconds left, from progress so far.
pub fn rate_and_eta(done: u64, total: u64, elapsed_ms: f64) -> (f64, Option<f64>) {
    if elapsed_ms <= 0.0 || done == 0 {
        return (0.0, None);
    }
    let rate = done as f64 / (elapsed_ms / 1000.0);
    let left = total.saturating_sub(done) as f64 / rate;
    (rate, Some(left))
}

fn percent(part: u64, total: u64) -> f64 {
    if total == 0 {
        100.0
    } else {
        (part as f64 * 100.0 / total as f64).min(100.0)
    }
}

/// Renders the panel (nothing when there are no transfers).
#[component]
pub fn TransfersPanel() -> impl IntoView {
    let lang = use_lang();
    let transfers = use_transfers();
    view! {
        <Show when=move || transfers.items.with(|v| !v.is_empty())>
            <section class="gp-transfers" aria-labelledby="gp-transfers-title">
                <h2 id="gp-transfers-title">{move || lang.t(Key::Transfers)}</h2>
                // Keyed by id only: a row is built once and its figures update in place, so
                // its buttons stay put under the pointer while progress events arrive.
                <For
                    each=move || {
                        transfers.items.with(|v| v.iter().map(|t| t.id).collect::<Vec<_>>())
                    }
                    key=|id| *id
                    children=move |id| view! { <TransferRow id=id /> }
                />
            </section>
        </Show>
    }
}

/// One transfer: progress bars, rate and ETA while it runs, then the verdict and the
/// actions it calls for.
#[component]
fn TransferRow(id: u64) -> impl IntoView {
    let lang = use_lang();
    let transfers = use_transfers();
    let session = crate::state::session::use_session();
    let get = move || {
        transfers
            .items
            .with(|v| v.iter().find(|t| t.id == id).cloned())
    };
    let Some(first) = transfers
        .items
        .with_untracked(|v| v.iter().find(|t| t.id == id).cloned())
    else {
        return ().into_any();
    };
    let href = routes::image(&first.image_id);
    let figures = Memo::new(move |_| {
        get().map(|t| {
            let now = t.finished_ms.unwrap_or_else(js_sys::Date::now);
            let (rate, eta) = rate_and_eta(t.sent, t.total, now - t.started_ms);
            (
                percent(t.sent, t.total),
                percent(t.hashed, t.total),
                rate as u64,
                eta.filter(|_| t.is_active()).map(|s| s.round() as u64),
            )
        })
    });
    let sent_pct = move || figures.get().map(|f| f.0).unwrap_or(0.0);
    let hashed_pct = move || figures.get().map(|f| f.1).unwrap_or(0.0);
    let phase = Memo::new(move |_| get().map(|t| t.phase));
    let notes = Memo::new(move |_| {
        get().map(|t| {
            (
                t.record_error,
                t.action_error,
                t.deactivated,
                t.local.is_some(),
                t.cut_at.map(|sent| (sent, t.total)),
            )
        })
    });
    let duplicates = Memo::new(move |_| get().map(|t| t.duplicates).unwrap_or_default());
    let client = move || session.client_untracked();
    let duplicates_view = move || {
        match duplicates.get() {
        Duplicates::NotYet => None,
        Duplicates::Checking => Some(view! {
            <p class="gp-field__hint gp-transfer__duplicates" data-duplicates="checking">
                {move || lang.t(Key::DuplicatesChecking)}
            </p>
        }.into_any()),
        Duplicates::Found(list) if list.is_empty() => Some(view! {
            <p class="gp-field__hint gp-transfer__duplicates" data-duplicates="none">
                {move || lang.t(Key::DuplicatesNone)}
            </p>
        }.into_any()),
        Duplicates::Found(list) => Some(view! {
            <div class="gp-notice gp-notice--warn gp-transfer__duplicates" data-duplicates="found">
                <p>{move || lang.t(Key::DuplicatesFound)}</p>
                <ul class="gp-transfer__duplicate-list">
                    {list
                        .into_iter()
                        .map(|(image_id, name)| {
                            view! {
                                <li>
                                    <a href=routes::image(&image_id) data-image=image_id.clone()>
                                        {name}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }.into_any()),
        Duplicates::Failed(e) => Some(view! {
            <div class="gp-transfer__duplicates" data-duplicates="failed">
                <p class="gp-notice gp-notice--warn">{move || lang.t(Key::DuplicatesFailed)}</p>
                <ErrorView error=e />
                <button
                    type="button"
                    class="gp-btn gp-transfer__duplicates-retry"
                    on:click=move |_| transfers.check_duplicates(id, client())
                >
                    {move || lang.t(Key::Retry)}
                </button>
            </div>
        }.into_any()),
    }
    };
    let retry = move |_| transfers.retry(id, client());
    let delete = move |_| transfers.delete_image(id, client());
    let delete_button = move || {
        view! {
            <button type="button" class="gp-btn gp-btn--danger gp-transfer__delete" on:click=delete>
                {move || lang.t(Key::Delete)}
            </button>
        }
    };
    let actions_href = routes::image_tab(&first.image_id, ImageTab::Actions);
    let phase_view = move || {
        let actions_href = actions_href.clone();
        phase.get().map(|phase| match phase {
            Phase::Running => view! {
                <span class="gp-transfer__phase">{move || lang.t(Key::Uploading)}</span>
                <button
                    type="button"
                    class="gp-btn gp-transfer__cancel"
                    on:click=move |_| transfers.cancel(id)
                >
                    {move || lang.t(Key::Cancel)}
                </button>
            }
            .into_any(),
            Phase::Verifying => {
                view! { <span class="gp-transfer__phase">{move || lang.t(Key::Verifying)}</span> }
                    .into_any()
            }
            Phase::Done(v @ Verification::Mismatch { .. }) => view! {
                <VerificationView verification=v what=VerifiedWhat::Upload>
                    <button
                        type="button"
                        class="gp-btn gp-btn--danger gp-transfer__delete"
                        on:click=delete
                    >
                        {move || lang.t(Key::Delete)}
                    </button>
                    <button
                        type="button"
                        class="gp-btn gp-transfer__deactivate"
                        disabled=move || notes.get().is_some_and(|n| n.2)
                        on:click=move |_| transfers.deactivate_image(id, client())
                    >
                        {move || lang.t(Key::Deactivate)}
                    </button>
                    <a class="gp-btn" href=actions_href.clone()>
                        {move || lang.t(Key::TabActions)}
                    </a>
                </VerificationView>
            }
            .into_any(),
            Phase::Done(v) => {
                view! { <VerificationView verification=v what=VerifiedWhat::Upload /> }.into_any()
            }
            Phase::Failed(e) => view! {
                <div class="gp-transfer__failed" data-verify="failed">
                    {e
                        .is_unauthorized()
                        .then(|| {
                            view! {
                                <p class="gp-notice gp-notice--warn">
                                    {move || lang.t(Key::TokenExpiredUpload)}
                                </p>
                            }
                        })}
                    // The row's own words first: a proxy's bare "502 Bad Gateway" does not
                    // say that the file did not arrive, nor what became of the image.
                    {move || {
                        notes
                            .get()
                            .and_then(|n| n.4)
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
                    <ErrorView error=e />
                    <button type="button" class="gp-btn gp-transfer__retry" on:click=retry>
                        {move || lang.t(Key::Retry)}
                    </button>
                    {delete_button()}
                </div>
            }
            .into_any(),
            Phase::Unverified(e) => view! {
                <div class="gp-transfer__failed" data-verify="unverified">
                    <p class="gp-notice gp-notice--warn">{move || lang.t(Key::SentNotVerified)}</p>
                    <ErrorView error=e />
                    {move || {
                        notes
                            .get()
                            .is_some_and(|n| n.3)
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="gp-btn gp-transfer__verify"
                                        on:click=move |_| transfers.verify_again(id, client())
                                    >
                                        {move || lang.t(Key::VerifyAgain)}
                                    </button>
                                }
                            })
                    }}
                </div>
            }
            .into_any(),
            Phase::NotQueued(status) => view! {
                <div class="gp-transfer__failed" data-verify="not-queued">
                    <p class="gp-notice gp-notice--warn">
                        {move || lang.get().tf(Key::RetryNotQueued, &[&status])}
                    </p>
                    {delete_button()}
                </div>
            }
            .into_any(),
            Phase::Cancelled => view! {
                <span class="gp-transfer__phase" data-verify="cancelled">
                    {move || lang.t(Key::CancelledUpload)}
                </span>
                <button type="button" class="gp-btn gp-transfer__retry" on:click=retry>
                    {move || lang.t(Key::Retry)}
                </button>
                {delete_button()}
            }
            .into_any(),
            Phase::Deleted => view! {
                <span class="gp-transfer__phase" data-verify="deleted">
                    {move || lang.t(Key::TransferImageDeleted)}
                </span>
            }
            .into_any(),
        })
    };
    view! {
        <article
            class="gp-transfer"
            aria-label=first.name.clone()
            data-transfer=id.to_string()
            data-image=first.image_id.clone()
            data-worker-memory=move || get().map(|t| t.worker_memory.to_string())
        >
            <div class="gp-transfer__head">
                <a href=href.clone() class="gp-transfer__name">
                    {first.name.clone()}
                </a>
                <span class="gp-transfer__size">{human_size(first.total)}</span>
            </div>
            <label class="gp-transfer__bar">
                <span>{move || lang.t(Key::Sent)}</span>
                <progress max="100" value=sent_pct></progress>
                <span>{move || format!("{:.0}%", sent_pct())}</span>
            </label>
            <label class="gp-transfer__bar">
                <span>{move || lang.t(Key::Hashed)}</span>
                <progress max="100" value=hashed_pct></progress>
                <span>{move || format!("{:.0}%", hashed_pct())}</span>
            </label>
            <p class="gp-transfer__rate">
                {move || {
                    figures
                        .get()
                        .map(|f| {
                            let mut text = format!("{}/s", human_size(f.2));
                            if let Some(eta) = f.3 {
                                text.push_str(&format!(" · ETA {eta} s"));
                            }
                            text
                        })
                }}
            </p>
            <div class="gp-transfer__outcome">{phase_view}</div>
            {duplicates_view}
            {move || {
                notes
                    .get()
                    .and_then(|n| n.0)
                    .map(|e| {
                        view! {
                            <div class="gp-transfer__note">
                                <p class="gp-field__hint">
                                    {move || lang.t(Key::DigestsNotRecorded)}
                                </p>
                                <ErrorView error=e />
                            </div>
                        }
                    })
            }}
            {move || {
                notes
                    .get()
                    .filter(|n| n.2)
                    .map(|_| {
                        view! {
                            <p class="gp-notice" data-deactivated="true">
                                {move || lang.t(Key::DeactivatedAfterMismatch)}
                            </p>
                        }
                    })
            }}
            {move || notes.get().and_then(|n| n.1).map(|e| view! { <ErrorView error=e /> })}
            // The same steps with the openstack CLI; fixed once the transfer exists.
            <CliHint command=steps_command(&first.operations()) />
        </article>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_and_eta_from_progress() {
        let (rate, eta) = rate_and_eta(50, 100, 1000.0);
        assert_eq!(rate, 50.0);
        assert_eq!(eta, Some(1.0));
        assert_eq!(rate_and_eta(0, 100, 1000.0), (0.0, None));
        assert_eq!(percent(1, 0), 100.0);
        assert_eq!(percent(150, 100), 100.0);
    }
}
