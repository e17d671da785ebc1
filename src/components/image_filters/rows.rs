//! The filter form's repeating rows: property filters (key, value) and sort keys.

use leptos::prelude::*;

use crate::components::button::Button;
use crate::i18n::Key;
use crate::model::filters::{FilterDraft, SORT_KEYS};
use crate::state::preferences::use_lang;

/// The property filter rows, each a key (suggested from `keys`) and a value, with a blank
/// row always at hand and Remove on every row.
pub(super) fn property_rows(
    draft: RwSignal<FilterDraft>,
    keys: Signal<Vec<String>>,
) -> impl IntoView {
    let lang = use_lang();
    // Rows are re-rendered only when their number changes, so typing keeps the focus.
    let count = Memo::new(move |_| draft.with(|d| d.properties.len()));
    let cell = move |i: usize, value: bool| {
        draft.with(|d| {
            d.properties
                .get(i)
                .map(|(k, v)| if value { v.clone() } else { k.clone() })
                .unwrap_or_default()
        })
    };
    let set = move |i: usize, value: bool, text: String| {
        draft.update(|d| {
            if let Some(row) = d.properties.get_mut(i) {
                if value {
                    row.1 = text
                } else {
                    row.0 = text
                }
            }
        })
    };
    view! {
        <fieldset class="gp-filters__properties">
            <legend class="gp-field__label">{move || lang.t(Key::FilterProperties)}</legend>
            <datalist id="gp-property-keys">
                {move || {
                    keys.get().into_iter().map(|k| view! { <option value=k /> }).collect_view()
                }}
            </datalist>
            {move || {
                (0..count.get())
                    .map(|i| {
                        let key_id = format!("f-prop-key-{i}");
                        let value_id = format!("f-prop-value-{i}");
                        view! {
                            <div class="gp-field__row gp-filters__property" data-row=i>
                                <input
                                    class="gp-input gp-filters__property-key"
                                    id=key_id
                                    type="text"
                                    list="gp-property-keys"
                                    autocomplete="off"
                                    aria-label=move || lang.t(Key::FilterPropertyKey)
                                    placeholder=move || lang.t(Key::FilterPropertyKey)
                                    prop:value=move || cell(i, false)
                                    on:input=move |ev| set(i, false, event_target_value(&ev))
                                />
                                <span aria-hidden="true">"="</span>
                                <input
                                    class="gp-input gp-filters__property-value"
                                    id=value_id
                                    type="text"
                                    aria-label=move || lang.t(Key::FilterPropertyValue)
                                    placeholder=move || lang.t(Key::FilterPropertyValue)
                                    prop:value=move || cell(i, true)
                                    on:input=move |ev| set(i, true, event_target_value(&ev))
                                />
                                <button
                                    type="button"
                                    class="gp-btn gp-btn--small gp-filters__property-remove"
                                    on:click=move |_| {
                                        draft
                                            .update(|d| {
                                                if i < d.properties.len() {
                                                    d.properties.remove(i);
                                                }
                                                if d.properties.is_empty() {
                                                    d.properties.push(Default::default());
                                                }
                                            })
                                    }
                                >
                                    {move || lang.t(Key::Remove)}
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <Button
                class="gp-btn--small"
                id="f-prop-add"
                on_click=Callback::new(move |_| {
                    draft.update(|d| d.properties.push(Default::default()))
                })
            >
                {move || lang.t(Key::AddProperty)}
            </Button>
        </fieldset>
    }
}

/// The sort rows: a key and a direction each, most significant first; the last row is blank
/// so another key can be added (Glance's `sort=k1:dir,k2:dir`).
pub(super) fn sort_rows(draft: RwSignal<FilterDraft>) -> impl IntoView {
    let lang = use_lang();
    let count = Memo::new(move |_| draft.with(|d| d.sort.len()));
    let get = move |i: usize, dir: bool| {
        draft.with(|d| {
            d.sort
                .get(i)
                .map(|(k, v)| if dir { v.clone() } else { k.clone() })
                .unwrap_or_default()
        })
    };
    let set = move |i: usize, dir: bool, text: String| {
        draft.update(|d| {
            if let Some(row) = d.sort.get_mut(i) {
                if dir {
                    row.1 = text
                } else {
                    row.0 = text
                }
            }
            // A key chosen in the last row opens the next one.
            if d.sort.last().is_some_and(|(k, _)| !k.is_empty()) && d.sort.len() < SORT_KEYS.len() {
                d.sort.push((String::new(), "asc".to_string()));
            }
        })
    };
    view! {
        <fieldset class="gp-filters__sort">
            <legend class="gp-field__label">{move || lang.t(Key::SortOrder)}</legend>
            {move || {
                (0..count.get())
                    .map(|i| {
                        let key_id = format!("f-sort-key-{i}");
                        let dir_id = format!("f-sort-dir-{i}");
                        let label = if i == 0 { Key::SortFirst } else { Key::SortThen };
                        view! {
                            <div class="gp-field__row gp-filters__sort-row">
                                <label class="gp-field__label" for=key_id.clone()>
                                    {move || lang.t(label)}
                                </label>
                                <select
                                    class="gp-select"
                                    id=key_id
                                    on:change=move |ev| set(i, false, event_target_value(&ev))
                                >
                                    <option value="" selected=move || get(i, false).is_empty()>
                                        {move || lang.t(Key::SortNone)}
                                    </option>
                                    {SORT_KEYS
                                        .iter()
                                        .map(|k| {
                                            let k = *k;
                                            view! {
                                                <option value=k selected=move || get(i, false) == k>
                                                    {k}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                                <select
                                    class="gp-select gp-select--op"
                                    id=dir_id
                                    aria-label=move || lang.t(Key::SortOrder)
                                    on:change=move |ev| set(i, true, event_target_value(&ev))
                                >
                                    <option value="asc" selected=move || get(i, true) != "desc">
                                        {move || lang.t(Key::SortAsc)}
                                    </option>
                                    <option value="desc" selected=move || get(i, true) == "desc">
                                        {move || lang.t(Key::SortDesc)}
                                    </option>
                                </select>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </fieldset>
    }
}
