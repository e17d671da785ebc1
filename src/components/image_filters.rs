//! The filter form for every filter Glance supports on `GET /v2/images`. It edits a draft and
//! emits a validated query; nothing reaches the URL until the draft is valid.

use leptos::prelude::*;

use crate::i18n::{Key, Lang};
use crate::model::filters::{
    DraftError, FilterDraft, ImageListQuery, TimeOp, MEMBER_STATUS_FILTERS, SORT_KEYS,
    VISIBILITY_FILTERS,
};
use crate::model::image::{ContainerFormat, DiskFormat, ImageStatus};
use crate::state::preferences::use_lang;

type Field = fn(&mut FilterDraft) -> &mut String;
type ListField = fn(&mut FilterDraft) -> &mut Vec<String>;

/// An option's label in a given language.
type Label = Box<dyn Fn(Lang) -> String + Send + Sync>;

fn read(draft: RwSignal<FilterDraft>, field: Field) -> String {
    draft.with(|d| field(&mut d.clone()).clone())
}

fn text_input(
    draft: RwSignal<FilterDraft>,
    id: &'static str,
    label: Key,
    field: Field,
    input_type: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="gp-field">
            <label class="gp-field__label" for=id>
                {move || lang.t(label)}
            </label>
            <input
                class="gp-input"
                id=id
                name=id
                type=input_type
                prop:value=move || read(draft, field)
                on:input=move |ev| draft.update(|d| *field(d) = event_target_value(&ev))
            />
        </div>
    }
}

/// A select whose options are `(value, label)`; the empty value means "any".
fn select_input(
    draft: RwSignal<FilterDraft>,
    id: &'static str,
    label: Key,
    field: Field,
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

fn read_list(draft: RwSignal<FilterDraft>, field: ListField) -> Vec<String> {
    draft.with(|d| field(&mut d.clone()).clone())
}

/// The values of a `<select multiple>`'s chosen options. Read through `selectedOptions` with
/// `Reflect`, which needs no further web-sys features (each one recompiles web-sys).
fn selected_values(ev: &leptos::ev::Event) -> Vec<String> {
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
fn multi_select(
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

/// The property filter rows, each a key (suggested from `keys`) and a value, with a blank
/// row always at hand and Remove on every row.
fn property_rows(draft: RwSignal<FilterDraft>, keys: Signal<Vec<String>>) -> impl IntoView {
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
            <button
                type="button"
                class="gp-btn gp-btn--small"
                id="f-prop-add"
                on:click=move |_| draft.update(|d| d.properties.push(Default::default()))
            >
                {move || lang.t(Key::AddProperty)}
            </button>
        </fieldset>
    }
}

/// The sort rows: a key and a direction each, most significant first; the last row is blank
/// so another key can be added (Glance's `sort=k1:dir,k2:dir`).
fn sort_rows(draft: RwSignal<FilterDraft>) -> impl IntoView {
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

fn raw_options(values: impl IntoIterator<Item = String>) -> Vec<(String, Label)> {
    values
        .into_iter()
        .map(|v| {
            let shown = v.clone();
            (v, Box::new(move |_: Lang| shown.clone()) as Label)
        })
        .collect()
}

fn time_input(
    draft: RwSignal<FilterDraft>,
    id: &'static str,
    label: Key,
    op: Field,
    value: Field,
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
                            let symbol = match o {
                                TimeOp::Gt => ">",
                                TimeOp::Gte => "≥",
                                TimeOp::Lt => "<",
                                TimeOp::Lte => "≤",
                                TimeOp::Eq => "=",
                                TimeOp::Neq => "≠",
                            };
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

/// Renders the filter form.
#[component]
pub fn ImageFilters(
    /// The query currently shown (the form starts from its filters).
    query: Signal<ImageListQuery>,
    /// Emitted with the new query (first page) when the user applies valid filters.
    #[prop(into)]
    on_apply: Callback<ImageListQuery>,
    /// Property keys to suggest (those seen on the loaded images).
    #[prop(into, optional)]
    property_keys: Signal<Vec<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let draft = RwSignal::new(FilterDraft::from_query(&query.get_untracked()));
    // Back/forward or a link changes the URL: the form follows it. Only the part Glance sees:
    // the page search box is in the URL too, and typing there must not wipe unapplied edits.
    let server_query = Memo::new(move |_| {
        let mut q = query.get();
        q.search.clear();
        q
    });
    Effect::new(move |_| draft.set(FilterDraft::from_query(&server_query.get())));
    let errors = RwSignal::new(Vec::<DraftError>::new());
    let open = query.get_untracked().has_filters();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.get_untracked().apply(&query.get_untracked()) {
            Ok(q) => {
                errors.set(Vec::new());
                on_apply.run(q);
            }
            Err(e) => errors.set(e),
        }
    };
    let clear = move |_| {
        errors.set(Vec::new());
        let base = query.get_untracked();
        if let Ok(q) = FilterDraft::default().apply(&base) {
            on_apply.run(q);
        }
    };
    let statuses = raw_options(ImageStatus::KNOWN.iter().map(|s| s.as_str().to_string()))
        .into_iter()
        .map(|(v, _)| {
            let wire = v.clone();
            (v, Box::new(move |l: Lang| l.status(&wire)) as Label)
        })
        .collect();
    let visibilities = VISIBILITY_FILTERS
        .iter()
        .map(|v| {
            let wire = v.to_string();
            (
                wire.clone(),
                Box::new(move |l: Lang| l.visibility(&wire)) as Label,
            )
        })
        .collect();
    let member_statuses = MEMBER_STATUS_FILTERS
        .iter()
        .map(|v| {
            let wire = v.to_string();
            (
                wire.clone(),
                Box::new(move |l: Lang| l.member_status(&wire)) as Label,
            )
        })
        .collect();
    view! {
        <details class="gp-filters" open=open>
            <summary class="gp-filters__summary">{move || lang.t(Key::Filters)}</summary>
            <form class="gp-filters__form" on:submit=submit novalidate=true>
                <div class="gp-field gp-field--name">
                    <label class="gp-field__label" for="f-name">
                        {move || lang.t(Key::FilterName)}
                    </label>
                    <div class="gp-field__row">
                        <select
                            class="gp-select"
                            id="f-name-mode"
                            aria-label=move || lang.t(Key::NameMatch)
                            on:change=move |ev| {
                                draft.update(|d| d.name_any_of = event_target_value(&ev) == "in")
                            }
                        >
                            <option value="eq" selected=move || !draft.with(|d| d.name_any_of)>
                                {move || lang.t(Key::NameExact)}
                            </option>
                            <option value="in" selected=move || draft.with(|d| d.name_any_of)>
                                {move || lang.t(Key::NameAnyOf)}
                            </option>
                        </select>
                        <input
                            class="gp-input"
                            id="f-name"
                            name="name"
                            type="text"
                            prop:value=move || draft.with(|d| d.name.clone())
                            on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))
                        />
                    </div>
                </div>
                {text_input(draft, "f-ids", Key::FilterIds, |d| &mut d.ids, "text")}
                {multi_select(draft, "f-status", Key::FilterStatus, |d| &mut d.status, statuses)}
                {select_input(
                    draft,
                    "f-visibility",
                    Key::FilterVisibility,
                    |d| &mut d.visibility,
                    Key::Any,
                    visibilities,
                )}
                {text_input(draft, "f-owner", Key::FilterOwner, |d| &mut d.owner, "text")}
                {text_input(draft, "f-tags", Key::FilterTags, |d| &mut d.tags, "text")}
                {multi_select(
                    draft,
                    "f-disk-format",
                    Key::FilterDiskFormat,
                    |d| &mut d.disk_format,
                    raw_options(DiskFormat::KNOWN.iter().map(|s| s.as_str().to_string())),
                )}
                {multi_select(
                    draft,
                    "f-container-format",
                    Key::FilterContainerFormat,
                    |d| &mut d.container_format,
                    raw_options(ContainerFormat::KNOWN.iter().map(|s| s.as_str().to_string())),
                )}
                <div class="gp-filters__digests">
                    {text_input(
                        draft,
                        "f-checksum",
                        Key::FilterChecksum,
                        |d| &mut d.checksum,
                        "text",
                    )}
                    {text_input(
                        draft,
                        "f-os-hash-value",
                        Key::FilterHashValue,
                        |d| &mut d.os_hash_value,
                        "text",
                    )} <p class="gp-field__hint">{move || lang.t(Key::FilterDigestHint)}</p>
                </div>
                {text_input(draft, "f-size-min", Key::FilterSizeMin, |d| &mut d.size_min, "number")}
                {text_input(draft, "f-size-max", Key::FilterSizeMax, |d| &mut d.size_max, "number")}
                {time_input(
                    draft,
                    "f-created",
                    Key::FilterCreated,
                    |d| &mut d.created_op,
                    |d| &mut d.created_at,
                )}
                {time_input(
                    draft,
                    "f-updated",
                    Key::FilterUpdated,
                    |d| &mut d.updated_op,
                    |d| &mut d.updated_at,
                )}
                {select_input(
                    draft,
                    "f-member-status",
                    Key::FilterMemberStatus,
                    |d| &mut d.member_status,
                    Key::Any,
                    member_statuses,
                )}
                {select_input(
                    draft,
                    "f-hidden",
                    Key::FilterHidden,
                    |d| &mut d.os_hidden,
                    Key::HiddenDefault,
                    vec![
                        (
                            "true".to_string(),
                            Box::new(|l: Lang| l.t(Key::HiddenOnly).to_string()) as Label,
                        ),
                    ],
                )}
                {select_input(
                    draft,
                    "f-protected",
                    Key::FilterProtected,
                    |d| &mut d.protected,
                    Key::Any,
                    vec![
                        (
                            "true".to_string(),
                            Box::new(|l: Lang| l.t(Key::Yes).to_string()) as Label,
                        ),
                        ("false".to_string(), Box::new(|l: Lang| l.t(Key::No).to_string())),
                    ],
                )}
                {property_rows(draft, property_keys)}
                {sort_rows(draft)}
                <ul class="gp-filters__errors" role="alert">
                    {move || {
                        errors
                            .get()
                            .into_iter()
                            .map(|e| {
                                let l = lang.get();
                                let text = match e {
                                    DraftError::NotANumber(f) => {
                                        l.tf(Key::FilterInvalid, &[l.t(f), l.t(Key::NotANumber)])
                                    }
                                    DraftError::NotATime(f) => {
                                        l.tf(Key::FilterInvalid, &[l.t(f), l.t(Key::NotATime)])
                                    }
                                    DraftError::NotHex(f) => {
                                        l.tf(Key::FilterInvalid, &[l.t(f), l.t(Key::NotHex)])
                                    }
                                    DraftError::NotMd5(f) => {
                                        l.tf(Key::FilterInvalid, &[l.t(f), l.t(Key::NotMd5)])
                                    }
                                    DraftError::ReservedProperty(k) => {
                                        l.tf(Key::PropertyReserved, &[&k])
                                    }
                                    DraftError::PropertyWithoutValue(k) => {
                                        l.tf(Key::PropertyNoValue, &[&k])
                                    }
                                    DraftError::PropertyWithoutKey(v) => {
                                        l.tf(Key::PropertyNoKey, &[&v])
                                    }
                                };
                                view! { <li>{text}</li> }
                            })
                            .collect_view()
                    }}
                </ul>
                <div class="gp-filters__actions">
                    <button type="submit" class="gp-btn gp-btn--primary">
                        {move || lang.t(Key::Apply)}
                    </button>
                    <button type="button" class="gp-btn" on:click=clear>
                        {move || lang.t(Key::ClearFilters)}
                    </button>
                </div>
            </form>
        </details>
    }
}
