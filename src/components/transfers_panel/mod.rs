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
use crate::state::preferences::use_lang;
use crate::state::transfers::use_transfers;

use download_row::DownloadRow;
use row::TransferRow;

/// Renders the panel (nothing when there are no transfers).
#[component]
pub fn TransfersPanel() -> impl IntoView {
    let lang = use_lang();
    let transfers = use_transfers();
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
