//! One editable property, its control chosen from the schema: enum → select, boolean →
//! switch, integer/number → number input, anything else → text with the schema's length and
//! pattern as hints. Its label is the property's title with the API key beside it, its help
//! the catalog's line (else the schema's description). It shows the field's problem inline
//! and emits the typed text.

use leptos::prelude::*;

use crate::components::property_words::property_help;
use crate::i18n::Key;
use crate::model::property_words::words_for;
use crate::model::schema::{display_value, JsonType, PropertySchema};
use crate::state::preferences::use_lang;

/// Renders a field.
#[component]
pub fn PropertyField(
    /// Property key (its title is the label).
    #[prop(into)]
    key: String,
    /// The property's schema.
    prop: PropertySchema,
    /// Current text.
    #[prop(into)]
    value: Signal<String>,
    /// The field's problem, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Emitted with the new text.
    #[prop(into)]
    on_input: Callback<String>,
    /// When set, the field has a remove button (custom properties, and schema properties with
    /// `is_base: false` that the image has).
    #[prop(default = None)]
    on_remove: Option<Callback<()>>,
    /// Prefix for the element ids, so one page can hold several forms (one per file).
    #[prop(optional, into)]
    id_prefix: String,
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("{id_prefix}prop-{key}");
    let hint_id = format!("{id}-hint");
    let mut hints: Vec<String> = Vec::new();
    if let Some(max) = prop.max_length {
        hints.push(format!("≤ {max}"));
    }
    if let Some(pattern) = &prop.pattern {
        hints.push(format!("/{pattern}/"));
    }
    if let (Some(min), Some(max)) = (prop.minimum, prop.maximum) {
        hints.push(format!("{min} – {max}"));
    } else if let Some(min) = prop.minimum {
        hints.push(format!("≥ {min}"));
    }
    let help = property_help(&key, prop.description.as_deref());
    let limits = hints.join(" · ");
    let hint = move || {
        let help = help.map(|h| h.get()).unwrap_or_default();
        match (help.is_empty(), limits.is_empty()) {
            (true, _) => limits.clone(),
            (false, true) => help,
            (false, false) => format!("{help} · {limits}"),
        }
    };
    let has_hint = !hint().is_empty();
    let control = if !prop.enum_values.is_empty() {
        let options: Vec<String> = prop
            .enum_values
            .iter()
            .filter(|v| !v.is_null())
            .map(display_value)
            .collect();
        let nullable = prop.nullable();
        let is_visibility = key == "visibility";
        let id = id.clone();
        view! {
            <select
                class="gp-select"
                id=id
                prop:value=move || value.get()
                on:change=move |ev| on_input.run(event_target_value(&ev))
            >
                {nullable
                    .then(|| {
                        view! {
                            <option value="" selected=move || value.get().is_empty()>
                                "—"
                            </option>
                        }
                    })}
                {options
                    .into_iter()
                    .map(|o| {
                        let selected = o.clone();
                        let attr = o.clone();
                        let words = is_visibility;
                        let text = move || {
                            if words { lang.get().visibility(&o) } else { o.clone() }
                        };
                        // Visibility reads as words; other enums (formats) are their names.
                        view! {
                            <option value=attr selected=move || value.get() == selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
        .into_any()
    } else if prop.primary_type() == JsonType::Boolean {
        let id = id.clone();
        view! {
            <input
                type="checkbox"
                role="switch"
                class="gp-switch"
                id=id
                prop:checked=move || value.get() == "true"
                on:change=move |ev| on_input.run(event_target_checked(&ev).to_string())
            />
        }
        .into_any()
    } else {
        let numeric = matches!(prop.primary_type(), JsonType::Integer | JsonType::Number);
        let kind = if numeric { "number" } else { "text" };
        let step = if prop.primary_type() == JsonType::Integer {
            Some("1")
        } else {
            None
        };
        let min = prop.minimum.map(|m| m.to_string());
        let max = prop.maximum.map(|m| m.to_string());
        let id = id.clone();
        let hint_id = hint_id.clone();
        view! {
            // No maxlength: it would truncate a paste silently; validation reports the length.
            <input
                class="gp-input"
                id=id
                type=kind
                step=step
                min=min
                max=max
                aria-describedby=hint_id
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        }
        .into_any()
    };
    let data_key = key.clone();
    let words = words_for(&key);
    let known = words.is_some();
    let title_key = key.clone();
    let title = move || match words {
        Some(w) => lang.t(w.title).to_string(),
        None => title_key.clone(),
    };
    // Each custom property has a Remove button: its name says which property it removes.
    let remove_label = key.clone();
    view! {
        <div class="gp-field gp-prop" data-key=data_key
            class:gp-prop--invalid=move || error.get().is_some()>
            <div class="gp-field__label gp-prop-title">
                <label for=id.clone()>{title}</label>
                {known.then(|| view! { " " <code class="gp-prop-title__key">{key.clone()}</code> })}
            </div>
            <div class="gp-field__row">
                {control}
                {on_remove.map(|cb| view! {
                    <button
                        type="button"
                        class="gp-btn gp-prop__remove"
                        aria-label=move || lang.get().tf(Key::RemoveProperty, &[&remove_label])
                        on:click=move |_| cb.run(())
                    >
                        {move || lang.t(Key::Remove)}
                    </button>
                })}
            </div>
            {has_hint.then(|| view! { <p class="gp-field__hint" id=hint_id.clone()>{hint}</p> })}
            {move || error.get().map(|e| view! { <p class="gp-field__error" role="alert">{e}</p> })}
        </div>
    }
}
