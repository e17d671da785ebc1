//! One chosen file's form on the create page: the schema's main fields first, the others
//! behind "more", tags, custom properties, and what reading the file's header found.

use leptos::prelude::*;

use crate::components::error_view::ErrorView;
use crate::components::property_field::PropertyField;
use crate::i18n::Key;
use crate::model::disk_sniff::format_warning;
use crate::model::new_image::{FormProblem, NewImageForm};
use crate::model::schema::{ImageSchema, PropertySchema};
use crate::model::size::human_size;
use crate::routes;
use crate::state::browser_regexp::BrowserPatterns;
use crate::state::preferences::use_lang;

use super::{Entry, EntryError, Sniff};

/// The form keys offered first for every file, in order; each is rendered from the schema.
const MAIN_FIELDS: [&str; 6] = [
    "name",
    "disk_format",
    "container_format",
    "visibility",
    "min_disk",
    "min_ram",
];

/// The schema's other properties a user may set at creation, in the schema's order: not
/// read-only, not tags (their own field), not `locations`/`stores` (set by Glance).
fn more_fields(schema: &ImageSchema) -> Vec<(String, PropertySchema)> {
    schema
        .properties
        .iter()
        .filter(|(k, _)| {
            !MAIN_FIELDS.contains(&k.as_str()) && k != "tags" && !schema.is_read_only(k)
        })
        .cloned()
        .collect()
}

/// One file's form. Every value is read reactively from `entries`, so the form is built
/// once per file and keeps focus while the user types.
#[component]
pub(super) fn FileForm(
    key: u64,
    entries: RwSignal<Vec<Entry>, LocalStorage>,
    schema: ImageSchema,
) -> impl IntoView {
    let lang = use_lang();
    let with_entry = move |f: &dyn Fn(&Entry) -> Option<String>| {
        entries.with(|v| v.iter().find(|e| e.key == key).and_then(f))
    };
    let edit = move |f: Box<dyn FnOnce(&mut NewImageForm)>| {
        entries.update(|v| {
            if let Some(e) = v.iter_mut().find(|e| e.key == key) {
                f(&mut e.form);
            }
        })
    };
    let Some((file_name, size)) = entries.with_untracked(|v| {
        v.iter()
            .find(|e| e.key == key)
            .map(|e| (e.file.name(), e.file.size() as u64))
    }) else {
        return ().into_any();
    };
    let prefix = format!("f{key}-");
    let schema_for_fields = StoredValue::new(schema.clone());
    let field = {
        let prefix = prefix.clone();
        move |(k, prop): (String, PropertySchema)| {
            let (kv, ki, kc) = (k.clone(), k.clone(), k.clone());
            view! {
                <PropertyField
                    key=k
                    prop=prop
                    id_prefix=prefix.clone()
                    value=Signal::derive(move || {
                        with_entry(&|e| e.form.fields.get(&kv).cloned()).unwrap_or_default()
                    })
                    // Checked as Glance will check it, while typing: a name over 255
                    // characters is caught here, not by Glance's 400 after the click.
                    error=Signal::derive(move || {
                        let problem = entries
                            .with(|v| {
                                v.iter()
                                    .find(|e| e.key == key)
                                    .and_then(|e| {
                                        schema_for_fields
                                            .with_value(|s| {
                                                e.form.field_problem(&kc, s, &BrowserPatterns)
                                            })
                                    })
                            });
                        problem.map(|v| v.message(lang.get()))
                    })
                    on_input=Callback::new(move |text: String| {
                        let k = ki.clone();
                        edit(
                            Box::new(move |f| {
                                f.fields.insert(k, text);
                            }),
                        )
                    })
                />
            }
        }
    };
    let main = MAIN_FIELDS
        .iter()
        .filter_map(|k| schema.property(k).cloned().map(|p| (k.to_string(), p)))
        .map(field.clone())
        .collect_view();
    let more = more_fields(&schema).into_iter().map(field).collect_view();
    let sniff_state = Memo::new(move |_| {
        entries.with(|v| v.iter().find(|e| e.key == key).map(|e| e.sniff.clone()))
    });
    let detected = move || match sniff_state.get() {
        Some(Sniff::Done(d)) => Some(d),
        _ => None,
    };
    let warning = move || {
        let chosen = with_entry(&|e| e.form.fields.get("disk_format").cloned()).unwrap_or_default();
        detected().and_then(|s| format_warning(&chosen, &s))
    };
    let custom_allowed = schema.additional_properties.is_some();
    let next_row = StoredValue::new(1u64);
    let rows = move || {
        entries.with(|v| {
            v.iter()
                .find(|e| e.key == key)
                .map(|e| e.form.custom.iter().map(|(id, ..)| *id).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let schema_for_rows = StoredValue::new(schema);
    let custom_row = move |row: u64| {
        let cell = move |pick: fn(&(u64, String, String)) -> &String| {
            move || {
                with_entry(&|e| {
                    e.form
                        .custom
                        .iter()
                        .find(|c| c.0 == row)
                        .map(|c| pick(c).clone())
                })
                .unwrap_or_default()
            }
        };
        let set = move |value: String, is_key: bool| {
            edit(Box::new(move |f| {
                if let Some(c) = f.custom.iter_mut().find(|c| c.0 == row) {
                    if is_key {
                        c.1 = value;
                    } else {
                        c.2 = value;
                    }
                }
            }))
        };
        let problem = move || {
            entries.with(|v| {
                let e = v.iter().find(|e| e.key == key)?;
                schema_for_rows.with_value(|s| e.form.custom_key_problem(row, s))
            })
        };
        let key_id = format!("f{key}-custom-{row}-key");
        let value_id = format!("f{key}-custom-{row}-value");
        view! {
            <div class="gp-new__custom-row" data-row=row.to_string()>
                <label class="gp-visually-hidden" for=key_id.clone()>
                    {move || lang.t(Key::PropertyKey)}
                </label>
                <input
                    class="gp-input gp-new__custom-key"
                    id=key_id
                    placeholder=move || lang.t(Key::PropertyKey)
                    aria-invalid=move || problem().is_some().to_string()
                    prop:value=cell(|c| &c.1)
                    on:input=move |ev| set(event_target_value(&ev), true)
                />
                <label class="gp-visually-hidden" for=value_id.clone()>
                    {move || lang.t(Key::PropertyValue)}
                </label>
                <input
                    class="gp-input gp-new__custom-value"
                    id=value_id
                    placeholder=move || lang.t(Key::PropertyValue)
                    prop:value=cell(|c| &c.2)
                    on:input=move |ev| set(event_target_value(&ev), false)
                />
                <button
                    type="button"
                    class="gp-btn gp-btn--quiet"
                    on:click=move |_| edit(Box::new(move |f| f.custom.retain(|c| c.0 != row)))
                >
                    {move || lang.t(Key::Remove)}
                </button>
                {move || {
                    problem()
                        .map(|p| {
                            view! {
                                <p class="gp-field__error" role="alert">
                                    {p.message(lang.get())}
                                </p>
                            }
                        })
                }}
            </div>
        }
    };
    let tags_id = format!("f{key}-tags");
    view! {
        <article class="gp-new__file" data-file=file_name.clone() aria-label=file_name.clone()>
            <header class="gp-new__file-head">
                <strong>{file_name.clone()}</strong>
                <span>{human_size(size)}</span>
                <button
                    type="button"
                    class="gp-btn gp-btn--quiet"
                    on:click=move |_| entries.update(|v| v.retain(|e| e.key != key))
                >
                    {move || lang.t(Key::RemoveFile)}
                </button>
            </header>
            <p
                class="gp-new__detected"
                data-detected=move || detected().and_then(|d| d.format.disk_format()).unwrap_or("")
            >
                {move || match sniff_state.get() {
                    Some(Sniff::Done(d)) => {
                        let l = lang.get();
                        let mut text = l.tf(Key::Detected, &[&d.format.label()]);
                        if let Some(v) = d.virtual_size {
                            text.push_str(
                                &format!(", {}", l.tf(Key::VirtualSize, &[&human_size(v)])),
                            );
                        }
                        text
                    }
                    Some(Sniff::Failed(e)) => lang.get().tf(Key::SniffFailed, &[&e]),
                    _ => lang.t(Key::Sniffing).to_string(),
                }}
            </p>
            {move || {
                warning()
                    .map(|w| {
                        view! {
                            <p class="gp-notice gp-notice--warn gp-new__warning" role="alert">
                                {move || w.message(lang.get())}
                            </p>
                        }
                    })
            }}
            // Said as soon as the file is chosen, not only when Create is pressed.
            {(size == 0)
                .then(|| {
                    view! {
                        <p class="gp-notice gp-notice--warn gp-new__empty" role="alert">
                            {move || FormProblem::EmptyFile.message(lang.get())}
                        </p>
                    }
                })}
            <div class="gp-new__fields">{main}</div>
            <div class="gp-field gp-new__tags">
                <label class="gp-field__label" for=tags_id.clone()>
                    {move || lang.t(Key::TabTags)}
                </label>
                <input
                    class="gp-input"
                    id=tags_id
                    prop:value=move || {
                        with_entry(&|e| Some(e.form.tags.clone())).unwrap_or_default()
                    }
                    on:input=move |ev| {
                        let t = event_target_value(&ev);
                        edit(Box::new(move |f| f.tags = t))
                    }
                />
                <p class="gp-field__hint">{move || lang.t(Key::TagsCommaHint)}</p>
            </div>
            <details class="gp-new__more">
                <summary>{move || lang.t(Key::MoreProperties)}</summary>
                <div class="gp-new__fields">{more}</div>
            </details>
            {custom_allowed
                .then(|| {
                    view! {
                        <fieldset class="gp-new__custom">
                            <legend>{move || lang.t(Key::CustomProperties)}</legend>
                            <For each=rows key=|r| *r children=custom_row />
                            <button
                                type="button"
                                class="gp-btn gp-new__custom-add"
                                on:click=move |_| {
                                    let row = next_row.get_value();
                                    next_row.set_value(row + 1);
                                    edit(
                                        Box::new(move |f| {
                                            f.custom.push((row, String::new(), String::new()))
                                        }),
                                    )
                                }
                            >
                                {move || lang.t(Key::AddProperty)}
                            </button>
                        </fieldset>
                    }
                })}
            {move || {
                entries
                    .with(|v| v.iter().find(|e| e.key == key).and_then(|e| e.error.clone()))
                    .map(|e| match e {
                        EntryError::Api(e) => view! { <ErrorView error=e /> }.into_any(),
                        EntryError::Form(problem) => {
                            view! {
                                <p class="gp-notice gp-notice--error" role="alert">
                                    {move || problem.message(lang.get())}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
            {move || {
                with_entry(&|e| e.created.clone())
                    .map(|id| {
                        view! {
                            <p class="gp-new__created" data-image=id.clone()>
                                <a href=routes::image(&id)>{id.clone()}</a>
                            </p>
                        }
                    })
            }}
        </article>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_fields_are_the_schemas_other_writable_properties() {
        let schema = ImageSchema::parse_str(include_str!(
            "../../../crates/core/tests/fixtures/glance_schema_image.json"
        ))
        .unwrap();
        let keys: Vec<String> = more_fields(&schema).into_iter().map(|(k, _)| k).collect();
        assert!(keys.contains(&"protected".to_string()), "{keys:?}");
        assert!(keys.contains(&"os_hidden".to_string()));
        for gone in [
            "name",
            "tags",
            "id",
            "status",
            "checksum",
            "locations",
            "stores",
            "size",
        ] {
            assert!(!keys.iter().any(|k| k == gone), "{gone} in {keys:?}");
        }
    }
}
