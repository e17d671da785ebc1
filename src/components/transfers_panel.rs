//! The transfers panel: every upload of this session with bytes sent and hashed, rate, ETA,
//! cancel/retry, and — the point — whether the image Glance stored is bit-identical to the
//! user's file. It lives outside the routes, so it survives navigation.

use leptos::prelude::*;

use crate::api::url::encode_component;
use crate::components::error_view::ErrorView;
use crate::i18n::Key;
use crate::model::checksum::Verification;
use crate::model::size::human_size;
use crate::state::preferences::use_lang;
use crate::state::transfers::{use_transfers, Phase, Transfer};

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
    let session = crate::state::session::use_session();
    view! {
        <Show when=move || transfers.items.with(|v| !v.is_empty())>
            <section class="gp-transfers" aria-labelledby="gp-transfers-title">
                <h2 id="gp-transfers-title">{move || lang.t(Key::Transfers)}</h2>
                <For each=move || transfers.items.get() key=|t: &Transfer| (t.id, t.sent, t.hashed, format!("{:?}", t.phase))
                    children=move |t: Transfer| {
                        let id = t.id;
                        let now = t.finished_ms.unwrap_or_else(js_sys::Date::now);
                        let (rate, eta) = rate_and_eta(t.sent, t.total, now - t.started_ms);
                        let sent_pct = percent(t.sent, t.total);
                        let hashed_pct = percent(t.hashed, t.total);
                        let href = format!("/images/{}", encode_component(&t.image_id));
                        let phase_view = match t.phase.clone() {
                            Phase::Running => view! {
                                <span class="gp-transfer__phase">{move || lang.t(Key::Uploading)}</span>
                                <button type="button" class="gp-btn gp-transfer__cancel" on:click=move |_| transfers.cancel(id)>{move || lang.t(Key::Cancel)}</button>
                            }.into_any(),
                            Phase::Verifying => view! { <span class="gp-transfer__phase">{move || lang.t(Key::Verifying)}</span> }.into_any(),
                            Phase::Done(Verification::Verified { algorithm }) => view! {
                                <span class="gp-verify gp-verify--ok" data-verify="verified">
                                    {move || lang.get().tf(Key::VerifiedUpload, &[&algorithm])}
                                </span>
                            }.into_any(),
                            Phase::Done(Verification::Mismatch { field, local, remote }) => view! {
                                <div class="gp-verify gp-verify--bad" data-verify="mismatch" role="alert">
                                    <strong>{move || lang.t(Key::MismatchUpload)}</strong>
                                    <span>{format!("{field}: local {local}, Glance {remote}")}</span>
                                    <a class="gp-btn" href=format!("{href}?tab=actions")>{move || lang.t(Key::TabActions)}</a>
                                </div>
                            }.into_any(),
                            Phase::Done(Verification::NotVerified { reason }) => view! {
                                <span class="gp-verify gp-verify--warn" data-verify="not-verified">{reason}</span>
                            }.into_any(),
                            Phase::Failed(e) => view! {
                                <div class="gp-transfer__failed" data-verify="failed">
                                    {e.is_unauthorized().then(|| view! { <p class="gp-notice gp-notice--warn">{move || lang.t(Key::TokenExpiredUpload)}</p> })}
                                    <ErrorView error=e/>
                                    <button type="button" class="gp-btn gp-transfer__retry" on:click=move |_| transfers.retry(id, session.client_untracked())>{move || lang.t(Key::Retry)}</button>
                                </div>
                            }.into_any(),
                            Phase::Cancelled => view! {
                                <span class="gp-transfer__phase" data-verify="cancelled">{move || lang.t(Key::CancelledUpload)}</span>
                                <button type="button" class="gp-btn gp-transfer__retry" on:click=move |_| transfers.retry(id, session.client_untracked())>{move || lang.t(Key::Retry)}</button>
                            }.into_any(),
                        };
                        view! {
                            <article class="gp-transfer" data-transfer=id.to_string() data-image=t.image_id.clone()>
                                <div class="gp-transfer__head">
                                    <a href=href.clone() class="gp-transfer__name">{t.name.clone()}</a>
                                    <span class="gp-transfer__size">{human_size(t.total)}</span>
                                </div>
                                <label class="gp-transfer__bar">
                                    <span>{move || lang.t(Key::Sent)}</span>
                                    <progress max="100" value=sent_pct></progress>
                                    <span>{format!("{sent_pct:.0}%")}</span>
                                </label>
                                <label class="gp-transfer__bar">
                                    <span>{move || lang.t(Key::Hashed)}</span>
                                    <progress max="100" value=hashed_pct></progress>
                                    <span>{format!("{hashed_pct:.0}%")}</span>
                                </label>
                                <p class="gp-transfer__rate">
                                    {format!("{}/s", human_size(rate as u64))}
                                    {eta.filter(|_| t.is_active()).map(|s| format!(" · ETA {:.0} s", s))}
                                </p>
                                <div class="gp-transfer__outcome">{phase_view}</div>
                            </article>
                        }
                    }/>
            </section>
        </Show>
    }
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
