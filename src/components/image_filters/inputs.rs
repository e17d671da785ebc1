//! The filter form's inputs: text, select, multi-select and time fields bound to the draft.

use leptos::prelude::*;

use crate::components::field::Field;
use crate::i18n::{Key, Lang};
use crate::model::filters::{FilterDraft, TimeOp};
use crate::state::preferences::use_lang;

pub(super) type DraftField = fn(&mut FilterDraft) -> &mut String;
pub(super) type ListField = fn(&mut FilterDraft) -> &mut Vec<String>;

/// An option's label in a given language.
pub(super) type Label = Box<dyn Fn(Lang) -> String + Send + Sync>;

pub(super) fn read(draft: RwSignal<FilterDraft>, field: DraftField) -> String {
    draft.with(|d| field(&mut d.clone()).clone())
}

pub(super) fn text_input(
    draft: RwSignal<FilterDraft>,
    id: &'static str,
    label: Key,
    field: DraftField,
    input_type: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Field id=id label=move || lang.t(label)>
            <input
                class="gp-input"
                id=id
                name=id
                type=input_type
                prop:value=move || read(draft, field)
                on:input=move |ev| draft.update(|d| *field(d) = event_target_value(&ev))
            />
        </Field>
    }
}

/// A select whose options are `(value, label)`; the empty value means "any".
pub(super) fn select_input(
    draft: RwSignal<FilterDraft>,
    id: &'static str,
    label: Key,
    field: DraftField,
    any_label: Key,
    options: Vec<(String, Label)>,
) -> impl IntoView {
    let lang = use_lang();
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let v = value.clone();
            view! {
                <option value=value selected=move || read(draft, field) == v>
                    {move || text(lang.get())}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="gp-field">
            <label class="gp-field__label" for=id>
                {move || lang.t(label)}
            </label>
            <select
                class="gp-select"
                id=id
                name=id
                prop:value=move || read(draft, field)
                on:change=move |ev| draft.update(|d| *field(d) = event_target_value(&ev))
            >
                <option value="" selected=move || read(draft, field).is_empty()>
                    {move || lang.t(any_label)}
                </option>
                {options}
            </select>
        </div>
    }
}

pub(super) fn read_list(draft: RwSignal<FilterDraft>, field: ListField) -> Vec<String> {
    draft.with(|d| field(&mut d.clone()).clone())
}

/// The values of a `<select multiple>`'s chosen options. Read through `selectedOptions` with
/// `Reflect`, which needs no further web-sys features (each one recompiles web-sys).
pub(super) fn selected_values(ev: &leptos::ev::Event) -> Vec<String> {
    use wasm_bindgen::JsValue;
    let Some(target) = ev.target() else {
        return Vec::new();
    };
    let target: &JsValue = target.as_ref();
    let Ok(options) = js_sys::Reflect::get(target, &JsValue::from_str("selectedOptions")) else {
        return Vec::new();
    };
    js_sys::Array::from(&options)
        .iter()
        .filter_map(|o| {
            js_sys::Reflect::get(&o, &JsValue::from_str("value"))
                .ok()?
                .as_string()
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// A `<select multiple>`: Glance's `in:` operator, any of the chosen values; none chosen
/// means any.
pub(super) fn multi_select(
    draft: RwSignal<FilterDraft>,
    id: &'static str,
    label: Key,
    field: ListField,
    options: Vec<(String, Label)>,
) -> impl IntoView {
    let lang = use_lang();
    let hint = format!("{id}-hint");
    let size = options.len().min(5);
    let options = options
        .into_iter()
        .map(|(value, text)| {
            let v = value.clone();
            view! {
                <option value=value selected=move || read_list(draft, field).contains(&v)>
                    {move || text(lang.get())}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="gp-field gp-field--multi">
            <label class="gp-field__label" for=id>
                {move || lang.t(label)}
            </label>
            <select
                class="gp-select gp-select--multi"
                id=id
                name=id
                multiple=true
                size=size
                aria-describedby=hint.clone()
                on:change=move |ev| {
                    let chosen = selected_values(&ev);
                    draft.update(|d| *field(d) = chosen)
                }
            >
                {options}
            </select>
            <p class="gp-field__hint" id=hint>
                {move || lang.t(Key::FilterAnyOfHint)}
            </p>
        </div>
    }
}

pub(super) fn raw_options(values: impl IntoIterator<Item = String>) -> Vec<(String, Label)> {
    values
        .into_iter()
        .map(|v| {
            let shown = v.clone();
            (v, Box::new(move |_: Lang| shown.clone()) as Label)
        })
        .collect()
}

pub(super) fn time_input(
    draft: RwSignal<FilterDraft>,
    id: &'static str,
    label: Key,
    op: DraftField,
    value: DraftField,
) -> impl IntoView {
    let lang = use_lang();
    let op_id = format!("{id}_op");
    view! {
        <div class="gp-field gp-field--time">
            <label class="gp-field__label" for=id>
                {move || lang.t(label)}
            </label>
            <div class="gp-field__row">
                <select
                    class="gp-select gp-select--op"
                    id=op_id
                    aria-label=move || lang.t(Key::TimeOperator)
                    prop:value=move || read(draft, op)
                    on:change=move |ev| draft.update(|d| *op(d) = event_target_value(&ev))
                >
                    {TimeOp::ALL
                        .iter()
                        .map(|o| {
                            let symbol = o.sign();
                            let wire = o.as_str();
                            view! {
                                <option value=wire selected=move || read(draft, op) == wire>
                                    {symbol}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <input
                    class="gp-input"
                    id=id
                    name=id
                    type="datetime-local"
                    step="1"
                    prop:value=move || read(draft, value)
                    on:input=move |ev| draft.update(|d| *value(d) = event_target_value(&ev))
                />
            </div>
        </div>
    }
}
