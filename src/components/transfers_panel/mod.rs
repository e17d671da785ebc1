//! The transfers panel: every upload of this session with bytes sent and hashed, rate, ETA,
//! cancel/retry, and — the point — whether the image Glance stored is bit-identical to the
//! user's file; and every download, with bytes received and whether the saved file is what
//! Glance stored. It lives outside the routes, so it survives navigation.

mod download_row;
mod duplicates;
mod outcome;
mod row;
mod row_controller;

use leptos::prelude::*;

use crate::i18n::Key;
use crate::model::download::DownloadPhase;
use crate::state::preferences::use_lang;
use crate::state::session::use_session;
use crate::state::transfers::use_transfers;

use download_row::DownloadRow;
use row::TransferRow;

/// Renders the panel (nothing when there are no transfers).
#[component]
pub fn TransfersPanel() -> impl IntoView {
    let lang = use_lang();
    let transfers = use_transfers();
    let session = use_session();
    // Checks of stored data queued (by the list, or the image page) run from here, one at a
    // time: the list need not carry the download's code.
    let waiting = Memo::new(move |_| {
        transfers.downloads.with(|v| {
            v.iter()
                .filter(|d| d.phase == DownloadPhase::Waiting)
                .count()
        })
    });
    Effect::new(move |_| {
        if waiting.get() > 0 {
            transfers.run_waiting_checks(session.client_untracked());
        }
    });
    view! {
        <Show when=move || transfers.any()>
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
                <For
                    each=move || {
                        transfers.downloads.with(|v| v.iter().map(|d| d.id).collect::<Vec<_>>())
                    }
                    key=|id| *id
                    children=move |id| view! { <DownloadRow id=id /> }
                />
            </section>
        </Show>
    }
}
