//! `/images/new`: pick or drop disk image files; each becomes its own image. Before anything
//! is sent, the first and last bytes of each file are read to detect its format (Glance 33
//! refuses data that does not match `disk_format`, and we would rather say so before
//! gigabytes travel). Fields come from the cloud's schema; uploads run in the transfers panel.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::glance::imports::ImportMethod;
use crate::api::transport::Transport;
use crate::components::error_view::ErrorView;
use crate::components::property_field::PropertyField;
use crate::components::store_select::StoreSelect;
use crate::components::upload_method_select::UploadMethodSelect;
use crate::i18n::Key;
use crate::model::disk_sniff::{mismatch, SniffResult};
use crate::model::image::Image;
use crate::model::new_image::{default_name, FormProblem, NewImageForm};
use crate::model::operation::Operation;
use crate::model::schema::{ImageSchema, PropertySchema};
use crate::model::size::human_size;
use crate::pages::web_download::WebDownloadImport;
use crate::routes;
use crate::state::browser_regexp::BrowserPatterns;
use crate::state::cloud_info::use_cloud_info;
use crate::state::preferences::use_lang;
use crate::state::schema_cache::use_schema_cache;
use crate::state::session::use_session;
use crate::state::transfers::use_transfers;

/// What reading the file's first and last bytes gave.
#[derive(Clone, Debug, PartialEq)]
enum Sniff {
    /// Still reading.
    Pending,
    /// Read and recognised (raw when nothing else matched).
    Done(SniffResult),
    /// The browser could not read the file (moved, permissions); the message says why.
    Failed(String),
}

/// One chosen file and its form.
#[derive(Clone)]
struct Entry {
    key: u64,
    file: File,
    sniff: Sniff,
    form: NewImageForm,
    error: Option<ApiError>,
    created: Option<String>,
}

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

async fn sniff_file(file: &File) -> Sniff {
    match crate::state::file_sniff::sniff_file(file).await {
        Ok(sniffed) => Sniff::Done(sniffed),
        Err(e) => Sniff::Failed(e),
    }
}

/// Renders the create page.
#[component]
pub fn ImageNewPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let schema = use_schema_cache().0;
    let transfers = use_transfers();
    let entries = RwSignal::new_local(Vec::<Entry>::new());
    let cloud = use_cloud_info();
    let glance_direct = move || cloud.supports(&ImportMethod::GlanceDirect);
    let next_key = StoredValue::new(1u64);

    let add_files = move |list: web_sys::FileList| {
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let mut form = NewImageForm::default();
            form.fields
                .insert("name".to_string(), default_name(&file.name()));
            form.fields
                .insert("container_format".to_string(), "bare".to_string());
            form.fields
                .insert("visibility".to_string(), "private".to_string());
            entries.update(|v| {
                v.push(Entry {
                    key,
                    file: file.clone(),
                    sniff: Sniff::Pending,
                    form,
                    error: None,
                    created: None,
                })
            });
            spawn_local(async move {
                let result = sniff_file(&file).await;
                entries.update(|v| {
                    if let Some(e) = v.iter_mut().find(|e| e.key == key) {
                        if let Sniff::Done(sniffed) = &result {
                            if let Some(format) = sniffed.format.suggested_disk_format() {
                                e.form
                                    .fields
                                    .insert("disk_format".into(), format.to_string());
                            }
                        }
                        e.sniff = result;
                    }
                });
            });
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            add_files(list);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            add_files(list);
        }
    };
    // Still reading a header: the format check must not be skipped by an early click.
    let sniffing = move || {
        entries.with(|v| {
            v.iter()
                .any(|e| e.created.is_none() && e.sniff == Sniff::Pending)
        })
    };
    // Creating the listed images, one after another: pending = the form is busy. Each
    // entry's outcome (its image, or its error) is kept on the entry itself.
    let create = Action::new_local(move |pending: &Vec<Entry>| {
        let pending = pending.clone();
        let schema = schema.get_untracked().and_then(Result::ok);
        let client = session.client_untracked();
        async move {
            let Some(schema) = schema else {
                return;
            };
            for entry in pending {
                let key = entry.key;
                let sniffed = match &entry.sniff {
                    Sniff::Done(s) => Some(*s),
                    _ => None,
                };
                let result = match entry.form.body(
                    &schema,
                    sniffed.as_ref(),
                    entry.file.size() as u64,
                    &BrowserPatterns,
                ) {
                    Err(problem) => Err(ApiError::new(
                        ApiErrorKind::BadRequest,
                        problem.message(lang.get_untracked()),
                    )),
                    Ok(properties) => {
                        let op = Operation::Create { properties };
                        client
                            .perform_json::<Image>(&op)
                            .await
                            .map(|image| (image, op))
                    }
                };
                match result {
                    Ok((image, create)) => {
                        transfers.start_upload(
                            client.clone(),
                            image.id.clone(),
                            entry.file.clone(),
                            Some(create),
                        );
                        entries.update(|v| {
                            if let Some(e) = v.iter_mut().find(|e| e.key == key) {
                                e.created = Some(image.id);
                                e.error = None;
                            }
                        });
                    }
                    Err(e) => {
                        entries.update(|v| {
                            if let Some(x) = v.iter_mut().find(|x| x.key == key) {
                                x.error = Some(e);
                            }
                        });
                    }
                }
            }
        }
    });
    let busy = create.pending();
    let submit = move |_| {
        let pending: Vec<Entry> = entries
            .get_untracked()
            .into_iter()
            .filter(|e| e.created.is_none())
            .collect();
        create.dispatch_local(pending);
    };

    // A transfer that would outlive the token fails at the end with a 401; say so before
    // starting (a conservative 20 MB/s plus a minute) and offer a fresh token.
    let token_minutes_short = move || {
        let total: f64 = entries.with(|v| {
            v.iter()
                .filter(|e| e.created.is_none())
                .map(|e| e.file.size())
                .sum()
        });
        let expires = session.current.with(|s| s.as_ref().map(|s| s.expires_at))?;
        let left = expires as f64 - js_sys::Date::now() / 1000.0;
        let needed = total / 20e6 + 60.0;
        (total > 0.0 && needed > left).then(|| (left / 60.0).max(0.0) as i64)
    };
    let keys = move || entries.with(|v| v.iter().map(|e| e.key).collect::<Vec<_>>());
    view! {
        <section class="gp-page gp-new" aria-labelledby="gp-new-title">
            <div class="gp-page__head">
                <h1 id="gp-new-title">{move || lang.t(Key::NewImageTitle)}</h1>
            </div>
            {move || {
                token_minutes_short()
                    .map(|m| {
                        view! {
                            <div class="gp-notice gp-notice--warn gp-new__token" role="alert">
                                <span>
                                    {move || {
                                        lang.get().tf(Key::TokenShortUpload, &[&m.to_string()])
                                    }}
                                </span>
                                " "
                                <button
                                    type="button"
                                    class="gp-btn"
                                    id="gp-renew-token"
                                    on:click=move |_| session.renew()
                                >
                                    {move || lang.t(Key::RenewToken)}
                                </button>
                            </div>
                        }
                    })
            }}
            <label
                class="gp-drop"
                on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=on_drop
            >
                <span>{move || lang.t(Key::ChooseFiles)}</span>
                <input type="file" id="gp-files" multiple=true on:change=on_pick />
            </label>
            {move || match schema.get() {
                None => {
                    view! { <p class="gp-loading">{move || lang.t(Key::Loading)}</p> }.into_any()
                }
                Some(Err(e)) => view! { <ErrorView error=e /> }.into_any(),
                Some(Ok(sch)) => {
                    view! {
                        // Keyed by file: typing re-renders one field's value, never the forms.
                        <For
                            each=keys
                            key=|k| *k
                            children=move |key| {
                                view! { <FileForm key=key entries=entries schema=sch.clone() /> }
                            }
                        />
                    }
                        .into_any()
                }
            }}
            <Show when=glance_direct>
                <UploadMethodSelect id="gp-upload-method" class="gp-new__method" />
            </Show>
            <StoreSelect
                id="gp-upload-store"
                value=Signal::derive(move || transfers.store())
                on_change=Callback::new(move |store| transfers.set_store(store))
            />
            {move || {
                schema
                    .get()
                    .and_then(|r| r.ok())
                    .map(|sch| {
                        let formats: Vec<String> = sch
                            .property("disk_format")
                            .map(|p| {
                                p.enum_values
                                    .iter()
                                    .filter_map(|v| v.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default();
                        view! { <WebDownloadImport disk_formats=formats /> }
                    })
            }}
            <button
                type="button"
                class="gp-btn gp-btn--primary"
                id="gp-create-upload"
                disabled=move || {
                    busy.get() || sniffing()
                        || entries.with(|v| v.iter().all(|e| e.created.is_some()))
                }
                on:click=submit
            >
                {move || lang.t(Key::CreateAndUpload)}
            </button>
        </section>
    }
}

/// One file's form. Every value is read reactively from `entries`, so the form is built
/// once per file and keeps focus while the user types.
#[component]
fn FileForm(
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
        detected().and_then(|s| mismatch(&chosen, &s))
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
                                {w}
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
                    .map(|e| view! { <ErrorView error=e /> })
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
            "../../tests/fixtures/glance_schema_image.json"
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
