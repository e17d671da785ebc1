//! `/images/new`: pick or drop disk image files; each becomes its own image. Before anything
//! is sent, the first and last bytes of each file are read to detect its format (Glance 33
//! refuses data that does not match `disk_format`, and we would rather say so before
//! gigabytes travel). Fields come from the cloud's schema; uploads run in the transfers panel.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{json, Map, Value};
use web_sys::File;

use crate::api::error::ApiError;
use crate::api::glance::images::create_image;
use crate::api::glance::imports::{get_import_info, ImportInfo, ImportMethod};
use crate::components::error_view::ErrorView;
use crate::components::property_field::PropertyField;
use crate::components::web_download::WebDownloadImport;
use crate::i18n::Key;
use crate::model::disk_sniff::{
    glance_accepts, mismatch, sniff, SniffResult, HEAD_BYTES, TAIL_BYTES,
};
use crate::model::filters::split_quoted_list;
use crate::model::image::Image;
use crate::model::schema::{parse_input, ImageSchema};
use crate::model::size::human_size;
use crate::state::preferences::use_lang;
use crate::state::schema_cache::use_schema_cache;
use crate::state::session::use_session;
use crate::state::transfers::{use_transfers, UploadMethod};

/// Image name from a file name: without directories and the last extension.
pub fn default_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => base.to_string(),
    }
}

/// One chosen file and its form.
#[derive(Clone)]
struct Entry {
    key: u64,
    file: File,
    sniffed: Option<SniffResult>,
    fields: std::collections::BTreeMap<String, String>,
    tags: String,
    error: Option<ApiError>,
    created: Option<String>,
}

/// The form keys offered per file, in order; each is rendered from the schema.
const FIELDS: [&str; 6] = [
    "name",
    "disk_format",
    "container_format",
    "visibility",
    "min_disk",
    "min_ram",
];

async fn read_range(file: &File, start: f64, end: f64) -> Vec<u8> {
    let Ok(slice) = file.slice_with_f64_and_f64(start, end) else {
        return Vec::new();
    };
    match wasm_bindgen_futures::JsFuture::from(slice.array_buffer()).await {
        Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
        Err(_) => Vec::new(),
    }
}

async fn sniff_file(file: &File) -> SniffResult {
    let len = file.size();
    let head = read_range(file, 0.0, len.min(HEAD_BYTES as f64)).await;
    let tail = read_range(file, (len - TAIL_BYTES as f64).max(0.0), len).await;
    sniff(&head, &tail, len as u64)
}

/// Builds the `POST /v2/images` body from an entry's fields, typed by the schema. Data that
/// Glance 33 would refuse for the chosen `disk_format` stops here, before gigabytes travel.
fn create_body(entry: &Entry, schema: &ImageSchema) -> Result<Value, String> {
    let chosen = entry.fields.get("disk_format").cloned().unwrap_or_default();
    let bare = entry.fields.get("container_format").map(String::as_str) == Some("bare");
    if let Some(sniffed) = &entry.sniffed {
        // Glance inspects only `bare` containers.
        if bare && !chosen.is_empty() && !glance_accepts(&chosen, sniffed) {
            return Err(mismatch(&chosen, sniffed).unwrap_or_else(|| {
                format!("Glance would refuse this data as disk_format {chosen}")
            }));
        }
    }
    let mut body = Map::new();
    for (key, text) in &entry.fields {
        if text.trim().is_empty() {
            continue;
        }
        let value = match schema.property(key) {
            Some(prop) => parse_input(prop, text).map_err(|v| format!("{key}: {v}"))?,
            None => Value::String(text.clone()),
        };
        body.insert(key.clone(), value);
    }
    let tags = split_quoted_list(&entry.tags);
    if !tags.is_empty() {
        body.insert("tags".into(), json!(tags));
    }
    Ok(Value::Object(body))
}

/// Renders the create page.
#[component]
pub fn ImageNewPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let schema = use_schema_cache().0;
    let transfers = use_transfers();
    let entries = RwSignal::new_local(Vec::<Entry>::new());
    let import_info = LocalResource::new(move || {
        let client = session.client();
        async move { client.json::<ImportInfo>(&get_import_info()).await }
    });
    let glance_direct = move || {
        import_info
            .get()
            .and_then(|r| r.ok())
            .is_some_and(|i| i.supports(&ImportMethod::GlanceDirect))
    };
    let next_key = StoredValue::new(1u64);
    let busy = RwSignal::new(false);

    let add_files = move |list: web_sys::FileList| {
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let mut fields = std::collections::BTreeMap::new();
            fields.insert("name".to_string(), default_name(&file.name()));
            fields.insert("container_format".to_string(), "bare".to_string());
            fields.insert("visibility".to_string(), "private".to_string());
            entries.update(|v| {
                v.push(Entry {
                    key,
                    file: file.clone(),
                    sniffed: None,
                    fields,
                    tags: String::new(),
                    error: None,
                    created: None,
                })
            });
            spawn_local(async move {
                let result = sniff_file(&file).await;
                entries.update(|v| {
                    if let Some(e) = v.iter_mut().find(|e| e.key == key) {
                        if let Some(format) = result.format.suggested_disk_format() {
                            e.fields.insert("disk_format".into(), format.to_string());
                        }
                        e.sniffed = Some(result);
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
    let submit = move |_| {
        let Some(Ok(schema)) = schema.get_untracked() else {
            return;
        };
        let client = session.client_untracked();
        busy.set(true);
        let pending: Vec<Entry> = entries
            .get_untracked()
            .into_iter()
            .filter(|e| e.created.is_none())
            .collect();
        spawn_local(async move {
            for entry in pending {
                let key = entry.key;
                let result = match create_body(&entry, &schema) {
                    Err(message) => Err(ApiError::new(
                        crate::api::error::ApiErrorKind::BadRequest,
                        message,
                    )),
                    Ok(body) => client.json::<Image>(&create_image(&body)).await,
                };
                match result {
                    Ok(image) => {
                        transfers.start_upload(
                            client.clone(),
                            image.id.clone(),
                            entry.file.clone(),
                        );
                        entries.update(|v| {
                            if let Some(e) = v.iter_mut().find(|e| e.key == key) {
                                e.created = Some(image.id);
                                e.error = None;
                            }
                        });
                    }
                    Err(e) => {
                        session.report(&e);
                        entries.update(|v| {
                            if let Some(x) = v.iter_mut().find(|x| x.key == key) {
                                x.error = Some(e);
                            }
                        });
                    }
                }
            }
            busy.set(false);
        });
    };

    // A transfer that would outlive the token fails at the end with a 401; say so before
    // starting (a conservative 20 MB/s plus a minute).
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
    view! {
        <section class="gp-page gp-new" aria-labelledby="gp-new-title">
            <div class="gp-page__head"><h1 id="gp-new-title">{move || lang.t(Key::NewImageTitle)}</h1></div>
            {move || token_minutes_short().map(|m| view! {
                <p class="gp-notice gp-notice--warn" role="alert">{move || lang.get().tf(Key::TokenShortUpload, &[&m.to_string()])}</p>
            })}
            <label class="gp-drop" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                <span>{move || lang.t(Key::ChooseFiles)}</span>
                <input type="file" id="gp-files" multiple=true on:change=on_pick/>
            </label>
            {move || match schema.get() {
                None => view! { <p class="gp-loading">{move || lang.t(Key::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e/> }.into_any(),
                Some(Ok(sch)) => {
                    let keys: Vec<u64> = entries.with(|v| v.iter().map(|e| e.key).collect());
                    keys.into_iter().map(|key| {
                        let sch = sch.clone();
                        let entry = move || entries.with(|v| v.iter().find(|e| e.key == key).cloned());
                        let Some(current) = entry() else { return ().into_any() };
                        let file_name = current.file.name();
                        let size = current.file.size() as u64;
                        let fields = FIELDS.iter().filter_map(|k| sch.property(k).cloned().map(|p| (k.to_string(), p))).map(|(k, prop)| {
                            let (kv, ki) = (k.clone(), k.clone());
                            view! {
                                <PropertyField key=k prop=prop
                                    value=Signal::derive(move || entries.with(|v| v.iter().find(|e| e.key == key).and_then(|e| e.fields.get(&kv).cloned()).unwrap_or_default()))
                                    error=Signal::derive(|| None::<String>)
                                    on_input=Callback::new(move |text: String| entries.update(|v| if let Some(e) = v.iter_mut().find(|e| e.key == key) { e.fields.insert(ki.clone(), text); }))/>
                            }
                        }).collect_view();
                        let detected = move || entries.with(|v| v.iter().find(|e| e.key == key).and_then(|e| e.sniffed));
                        let warning = move || entries.with(|v| v.iter().find(|e| e.key == key).and_then(|e| {
                            let chosen = e.fields.get("disk_format").cloned().unwrap_or_default();
                            e.sniffed.as_ref().and_then(|s| mismatch(&chosen, s))
                        }));
                        view! {
                            <article class="gp-new__file" data-file=file_name.clone()>
                                <header class="gp-new__file-head">
                                    <strong>{file_name.clone()}</strong>
                                    <span>{human_size(size)}</span>
                                    <button type="button" class="gp-btn gp-btn--quiet" on:click=move |_| entries.update(|v| v.retain(|e| e.key != key))>
                                        {move || lang.t(Key::RemoveFile)}
                                    </button>
                                </header>
                                <p class="gp-new__detected" data-detected=move || detected().and_then(|d| d.format.disk_format()).unwrap_or("")>
                                    {move || detected().map(|d| {
                                        let l = lang.get();
                                        let mut text = l.tf(Key::Detected, &[&d.format.label()]);
                                        if let Some(v) = d.virtual_size { text.push_str(&format!(", {}", l.tf(Key::VirtualSize, &[&human_size(v)]))); }
                                        text
                                    })}
                                </p>
                                {move || warning().map(|w| view! { <p class="gp-notice gp-notice--warn gp-new__warning" role="alert">{w}</p> })}
                                <div class="gp-new__fields">{fields}</div>
                                <div class="gp-field">
                                    <label class="gp-field__label" for=format!("tags-{key}")>{move || lang.t(Key::FilterTags)}</label>
                                    <input class="gp-input" id=format!("tags-{key}")
                                        on:input=move |ev| { let t = event_target_value(&ev); entries.update(|v| if let Some(e) = v.iter_mut().find(|e| e.key == key) { e.tags = t; }) }/>
                                </div>
                                {move || entries.with(|v| v.iter().find(|e| e.key == key).and_then(|e| e.error.clone())).map(|e| view! { <ErrorView error=e/> })}
                                {move || entries.with(|v| v.iter().find(|e| e.key == key).and_then(|e| e.created.clone())).map(|id| view! {
                                    <p class="gp-new__created" data-image=id.clone()><a href=format!("/images/{id}")>{id.clone()}</a></p>
                                })}
                            </article>
                        }.into_any()
                    }).collect_view().into_any()
                }
            }}
            <Show when=glance_direct>
                <div class="gp-field gp-new__method">
                    <label class="gp-field__label" for="gp-upload-method">{move || lang.t(Key::UploadWith)}</label>
                    <select class="gp-select" id="gp-upload-method" on:change=move |ev| {
                        transfers.set_method(if event_target_value(&ev) == "glance-direct" { UploadMethod::GlanceDirect } else { UploadMethod::Direct })
                    }>
                        <option value="direct">{move || lang.t(Key::UploadDirect)}</option>
                        <option value="glance-direct">{move || lang.t(Key::UploadGlanceDirect)}</option>
                    </select>
                </div>
            </Show>
            {move || schema.get().and_then(|r| r.ok()).map(|sch| {
                let formats: Vec<String> = sch.property("disk_format").map(|p| p.enum_values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default();
                view! { <WebDownloadImport disk_formats=formats/> }
            })}
            <button type="button" class="gp-btn gp-btn--primary" id="gp-create-upload"
                disabled=move || busy.get() || entries.with(|v| v.iter().all(|e| e.created.is_some()))
                on:click=submit>{move || lang.t(Key::CreateAndUpload)}</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_default_from_files() {
        assert_eq!(default_name("ubuntu-24.04.qcow2"), "ubuntu-24.04");
        assert_eq!(default_name("C:\\images\\win.vhdx"), "win");
        assert_eq!(default_name(".hidden"), ".hidden");
        assert_eq!(default_name("noext"), "noext");
    }
}
