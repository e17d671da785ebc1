//! `/images/new`: pick or drop disk image files; each becomes its own image. Before anything
//! is sent, the first and last bytes of each file are read to detect its format (Glance 33
//! refuses data that does not match `disk_format`, and we would rather say so before
//! gigabytes travel). Fields come from the cloud's schema; uploads run in the transfers panel.

mod file_form;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use crate::api::error::ApiError;
use crate::api::glance::imports::ImportMethod;
use crate::api::transport::Transport;
use crate::components::error_view::ErrorView;
use crate::components::store_select::StoreSelect;
use crate::components::upload_method_select::UploadMethodSelect;
use crate::i18n::Key;
use crate::model::disk_sniff::SniffResult;
use crate::model::image::Image;
use crate::model::new_image::{default_name, FormProblem, NewImageForm};
use crate::model::operation::Operation;
use crate::pages::web_download::WebDownloadImport;
use crate::state::browser_regexp::BrowserPatterns;
use crate::state::cloud_info::use_cloud_info;
use crate::state::preferences::use_lang;
use crate::state::schema_cache::use_schema_cache;
use crate::state::session::use_session;
use crate::state::transfers::use_transfers;

use file_form::FileForm;

/// What reading the file's first and last bytes gave.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Sniff {
    /// Still reading.
    Pending,
    /// Read and recognised (raw when nothing else matched).
    Done(SniffResult),
    /// The browser could not read the file (moved, permissions); the message says why.
    Failed(String),
}

/// Why a file's image was not created: kept typed, so that it is worded when shown and
/// follows a language switch.
#[derive(Clone, Debug)]
pub(super) enum EntryError {
    /// The form holds something Glance would refuse; nothing was sent.
    Form(FormProblem),
    /// Glance (or Keystone) refused the create.
    Api(ApiError),
}

/// One chosen file and its form.
#[derive(Clone)]
pub(super) struct Entry {
    pub(super) key: u64,
    pub(super) file: File,
    pub(super) sniff: Sniff,
    pub(super) form: NewImageForm,
    pub(super) error: Option<EntryError>,
    pub(super) created: Option<String>,
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
                    Err(problem) => Err(EntryError::Form(problem)),
                    Ok(properties) => {
                        let op = Operation::Create { properties };
                        client
                            .perform_json::<Image>(&op)
                            .await
                            .map(|image| (image, op))
                            .map_err(EntryError::Api)
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
    // Answered either way: an error shows where the answer is used.
    let choices_ready = move || {
        schema.with(|s| s.is_some())
            && cloud.import.with(|i| i.is_some())
            && cloud.stores.with(|s| s.is_some())
    };
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
            // The choices below the files and the button come together, once the schema and
            // what the cloud offers have answered: appearing one by one, they moved the button
            // under a pointer about to click it (an e2e click once landed on the page instead).
            <Show
                when=choices_ready
                // The files' "Loading…" above speaks for the schema.
                fallback=move || {
                    schema
                        .with(|s| s.is_some())
                        .then(|| {
                            view! {
                                <p class="gp-loading" role="status">
                                    {move || lang.t(Key::Loading)}
                                </p>
                            }
                        })
                }
            >
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
            </Show>
        </section>
    }
}
