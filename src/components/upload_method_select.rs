//! The choice between a one-step upload and glance-direct (stage, then import), for the
//! uploads that start next. The create page and a queued image's page share it; the choice
//! lives in the transfers context, so it is the same on both.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::model::operation::UploadMethod;
use crate::state::preferences::use_lang;
use crate::state::transfers::use_transfers;

/// Renders the labelled select.
#[component]
pub fn UploadMethodSelect(
    /// The select's id (each page has its own, for its label and its tests).
    id: &'static str,
    /// Extra classes for the field, beside `gp-field`.
    #[prop(default = "")]
    class: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let transfers = use_transfers();
    view! {
        <div class=format!("gp-field {class}")>
            <label class="gp-field__label" for=id>
                {move || lang.t(Key::UploadWith)}
            </label>
            <select
                class="gp-select"
                id=id
                prop:value=move || transfers.method().form_value()
                on:change=move |ev| {
                    transfers.set_method(UploadMethod::from_form_value(&event_target_value(&ev)))
                }
            >
                <option value="direct">{move || lang.t(Key::UploadDirect)}</option>
                <option value="glance-direct">{move || lang.t(Key::UploadGlanceDirect)}</option>
            </select>
        </div>
    }
}
