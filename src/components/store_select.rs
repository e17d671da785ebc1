//! The store an upload or import writes to, offered only when the cloud has more than one
//! writable store (`/v2/info/stores`); "default" sends no store at all, which is the only
//! request a single-store cloud accepts.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::state::cloud_info::use_cloud_info;
use crate::state::preferences::use_lang;

/// Renders a store picker (nothing on a single-store cloud).
#[component]
pub fn StoreSelect(
    /// Element id (one page may hold two pickers).
    #[prop(into)]
    id: String,
    /// The chosen store; `None` = the cloud's default.
    #[prop(into)]
    value: Signal<Option<String>>,
    /// Emitted with the new choice.
    #[prop(into)]
    on_change: Callback<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let cloud = use_cloud_info();
    let label_for = id.clone();
    view! {
        <Show when=move || cloud.multi_store()>
            <div class="gp-field gp-store-select">
                <label class="gp-field__label" for=label_for.clone()>
                    {move || lang.t(Key::StoreLabel)}
                </label>
                <select
                    class="gp-select"
                    id=id.clone()
                    prop:value=move || value.get().unwrap_or_default()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        on_change.run((!v.is_empty()).then_some(v));
                    }
                >
                    <option value="">{move || lang.t(Key::StoreDefault)}</option>
                    {move || {
                        cloud
                            .writable_stores()
                            .into_iter()
                            .map(|s| {
                                let label = match &s.description {
                                    Some(d) if !d.is_empty() => format!("{} — {}", s.id, d),
                                    _ => s.id.clone(),
                                };
                                let selected_id = s.id.clone();
                                view! {
                                    <option
                                        value=s.id.clone()
                                        selected=move || {
                                            value.get().as_deref() == Some(selected_id.as_str())
                                        }
                                    >
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        </Show>
    }
}
