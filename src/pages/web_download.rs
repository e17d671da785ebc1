//! Import from a URL with Glance's `web-download` method: Glance fetches the data itself, so
//! nothing passes through the browser. Shown only when the cloud enables the method; the
//! import's progress is polled until the image is active or the import failed. A failure
//! shows Glance's reason from the import task; an image the cloud converted (its
//! `disk_format` is not the one chosen here) says so, and the chosen format is recorded on it
//! (`model::conversion`) so the image page says so too.

use leptos::prelude::*;
use serde_json::json;

use crate::api::error::ApiError;
use crate::api::glance::imports::{
    get_image_tasks, import_failure, import_progress, ImportMethod, StoreSelection,
};
use crate::api::transport::Transport;
use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::components::store_select::StoreSelect;
use crate::components::verification_view::{VerificationView, VerifiedWhat};
use crate::flows::import::watch_import;
use crate::i18n::Key;
use crate::model::checksum::Verification;
use crate::model::cli_equivalent::steps_command;
use crate::model::conversion::{detect, record_ops, Conversion, Sent};
use crate::model::image::{Image, ImageStatus};
use crate::model::import_task::ImageTasks;
use crate::model::new_image::default_name;
use crate::model::operation::Operation;
use crate::routes;
use crate::state::cloud_info::use_cloud_info;
use crate::state::preferences::use_lang;
use crate::state::session::use_session;

/// Where an import stands, for display.
#[derive(Clone, Debug, PartialEq)]
enum ImportState {
    Idle,
    Running {
        image_id: String,
        status: String,
    },
    Active {
        image_id: String,
        conversion: Option<Conversion>,
    },
    Failed {
        image_id: String,
        detail: String,
    },
}

/// What the form asks for.
#[derive(Clone)]
struct WebDownload {
    uri: String,
    image_name: String,
    /// The disk_format the image is created with (or the queued image has).
    sent_format: String,
    /// A queued image to import into, instead of creating one.
    into: Option<String>,
    store: Option<String>,
}

/// Where a web-download ended, and the error that explains it.
#[derive(Clone)]
struct ImportEnd {
    state: ImportState,
    error: Option<ApiError>,
}

impl ImportEnd {
    fn failed(image_id: String, detail: String, error: ApiError) -> Self {
        ImportEnd {
            state: ImportState::Failed { image_id, detail },
            error: Some(error),
        }
    }
}

/// Creates the image (unless importing into a queued one), asks Glance to fetch the URL,
/// follows the import until it settles, and records a conversion the cloud made. `progress`
/// follows the import; `cli` gets the steps' CLI lines once they are sent.
async fn run_web_download<T: Transport>(
    client: &T,
    ask: WebDownload,
    progress: RwSignal<ImportState>,
    cli: RwSignal<Option<String>>,
) -> ImportEnd {
    let mut steps = Vec::new();
    let id = match ask.into {
        Some(id) => id,
        None => {
            let properties = json!({"name": ask.image_name, "disk_format": ask.sent_format, "container_format": "bare", "visibility": "private"});
            let create = Operation::Create { properties };
            match client.perform_json::<Image>(&create).await {
                Ok(i) => {
                    steps.push(create);
                    i.id
                }
                Err(e) => {
                    return ImportEnd {
                        state: ImportState::Idle,
                        error: Some(e),
                    }
                }
            }
        }
    };
    let import = Operation::Import {
        image_id: id.clone(),
        method: ImportMethod::WebDownload { uri: ask.uri },
        stores: match ask.store {
            None => StoreSelection::Default,
            Some(id) => StoreSelection::Stores {
                ids: vec![id],
                all_must_succeed: true,
            },
        },
    };
    let sent = client.perform(&import).await;
    steps.push(import);
    cli.set(Some(steps_command(&steps)));
    if let Err(e) = sent {
        return ImportEnd::failed(id, String::new(), e);
    }
    progress.set(ImportState::Running {
        image_id: id.clone(),
        status: "importing".into(),
    });
    // Glance imports asynchronously; follow it until it settles.
    let settled = watch_import(client, &id, 1000, |image, _| {
        progress.set(ImportState::Running {
            image_id: image.id.clone(),
            status: image.status.as_str().to_string(),
        })
    })
    .await;
    match settled {
        Ok(image) if image.status == ImageStatus::Active => {
            // Glance fetched the data, so the size sent is unknown: the format decides.
            let sent = Sent {
                disk_format: Some(ask.sent_format),
                size: None,
            };
            let conversion = detect(&sent, &image);
            let mut error = None;
            if let Some(c) = &conversion {
                if let Err(e) = client
                    .perform(&Operation::Update {
                        image_id: id.clone(),
                        ops: record_ops(c),
                    })
                    .await
                {
                    error = Some(e);
                }
            }
            ImportEnd {
                state: ImportState::Active {
                    image_id: id,
                    conversion,
                },
                error,
            }
        }
        Ok(image) => {
            // Only the import task says why; the image names the failed store.
            let tasks = client.json::<ImageTasks>(&get_image_tasks(&id)).await.ok();
            let detail = import_progress(&image).failed.join(", ");
            ImportEnd::failed(
                id,
                detail,
                import_failure("web-download", &image, tasks.as_ref()),
            )
        }
        Err(e) => ImportEnd::failed(id, String::new(), e),
    }
}

/// Renders the web-download form.
#[component]
pub fn WebDownloadImport(
    /// Disk formats offered (from the schema).
    disk_formats: Vec<String>,
    /// A queued image to import into instead of creating one: its name and disk_format stand.
    #[prop(optional)]
    into: Option<Image>,
) -> impl IntoView {
    let existing = StoredValue::new(into.map(|i| {
        let format = i.disk_format.as_ref().map(|f| f.as_str().to_string());
        (i.id, format)
    }));
    let creates = existing.with_value(Option::is_none);
    let lang = use_lang();
    let session = use_session();
    let cloud = use_cloud_info();
    let store = RwSignal::new(None::<String>);
    let url = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let disk_format = RwSignal::new("raw".to_string());
    // Where Glance stands while it imports, as the watch last read it.
    let progress = RwSignal::new(ImportState::Idle);
    // The CLI lines of the steps sent so far (shown from the moment the import is sent).
    let cli = RwSignal::new(None::<String>);
    // The import: pending while Glance fetches the URL; the value is where it ended, with
    // the error that explains it, if any.
    let import = leptos::prelude::Action::new_local(move |ask: &WebDownload| {
        let ask = ask.clone();
        let client = session.client_untracked();
        cli.set(None);
        progress.set(ImportState::Idle);
        async move { run_web_download(&client, ask, progress, cli).await }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let uri = url.get_untracked().trim().to_string();
        if uri.is_empty() {
            return;
        }
        let image_name = match name.get_untracked().trim() {
            "" => default_name(uri.rsplit('/').next().unwrap_or(&uri)),
            n => n.to_string(),
        };
        let into = existing.get_value();
        let sent_format = match &into {
            Some((_, format)) => format.clone().unwrap_or_default(),
            None => disk_format.get_untracked(),
        };
        import.dispatch_local(WebDownload {
            uri,
            image_name,
            sent_format,
            into: into.map(|(id, _)| id),
            store: store.get_untracked(),
        });
    };
    let state = move || {
        if import.pending().get() {
            progress.get()
        } else {
            import
                .value()
                .get()
                .map(|end| end.state)
                .unwrap_or(ImportState::Idle)
        }
    };
    let error = move || {
        (!import.pending().get())
            .then(|| import.value().get().and_then(|end| end.error))
            .flatten()
    };
    let supported = move || cloud.supports(&ImportMethod::WebDownload { uri: String::new() });
    view! {
        <Show when=supported>
            <section class="gp-import" aria-labelledby="gp-import-title">
                <h2 id="gp-import-title">{move || lang.t(Key::ImportFromUrl)}</h2>
                <p class="gp-field__hint">{move || lang.t(Key::ImportFromUrlHint)}</p>
                <form class="gp-import__form" on:submit=submit>
                    <div class="gp-field">
                        <label class="gp-field__label" for="gp-import-url">
                            "URL"
                        </label>
                        <input
                            class="gp-input"
                            id="gp-import-url"
                            type="url"
                            prop:value=move || url.get()
                            on:input=move |ev| url.set(event_target_value(&ev))
                        />
                    </div>
                    // Into a queued image, its own name and disk_format stand.
                    {creates
                        .then(|| {
                            view! {
                                <div class="gp-field">
                                    <label class="gp-field__label" for="gp-import-name">
                                        {move || lang.t(Key::ColName)}
                                    </label>
                                    <input
                                        class="gp-input"
                                        id="gp-import-name"
                                        prop:value=move || name.get()
                                        on:input=move |ev| name.set(event_target_value(&ev))
                                    />
                                </div>
                                <div class="gp-field">
                                    <label class="gp-field__label" for="gp-import-format">
                                        {move || lang.t(Key::ColDiskFormat)}
                                    </label>
                                    <select
                                        class="gp-select"
                                        id="gp-import-format"
                                        on:change=move |ev| disk_format.set(event_target_value(&ev))
                                    >
                                        {disk_formats
                                            .iter()
                                            .map(|f| {
                                                let v = f.clone();
                                                view! {
                                                    <option
                                                        value=v.clone()
                                                        selected=move || disk_format.get() == v
                                                    >
                                                        {f.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </div>
                            }
                        })}
                    <StoreSelect
                        id="gp-import-store"
                        value=store
                        on_change=Callback::new(move |s| store.set(s))
                    />
                    <button
                        type="submit"
                        class="gp-btn gp-btn--primary"
                        id="gp-import-submit"
                        disabled=move || import.pending().get()
                    >
                        {move || lang.t(Key::ImportStart)}
                    </button>
                </form>
                {move || error().map(|e| view! { <ErrorView error=e /> })}
                {move || cli.get().map(|c| view! { <CliHint command=c /> })}
                {move || match state() {
                    ImportState::Idle => ().into_any(),
                    ImportState::Running { image_id, status } => {
                        view! {
                            <p class="gp-import__state" data-state="running" data-image=image_id>
                                {move || lang.t(Key::Importing)}
                                " ("
                                {status.clone()}
                                ")"
                            </p>
                        }
                            .into_any()
                    }
                    ImportState::Active { image_id, conversion } => {
                        view! {
                            <p
                                class="gp-import__state gp-verify gp-verify--ok"
                                data-state="active"
                                data-image=image_id.clone()
                            >
                                {move || lang.t(Key::Imported)}
                                " "
                                <a href=routes::image(&image_id)>{image_id.clone()}</a>
                            </p>
                            {conversion
                                .map(|conversion| {
                                    view! {
                                        <VerificationView
                                            verification=Verification::Converted {
                                                conversion,
                                                sent: Vec::new(),
                                            }
                                            what=VerifiedWhat::Upload
                                        />
                                    }
                                })}
                        }
                            .into_any()
                    }
                    ImportState::Failed { image_id, detail } => {
                        view! {
                            <p
                                class="gp-import__state gp-verify gp-verify--bad"
                                data-state="failed"
                                data-image=image_id
                                role="alert"
                            >
                                {move || lang.t(Key::ImportFailed)}
                                " "
                                {detail.clone()}
                            </p>
                        }
                            .into_any()
                    }
                }}
            </section>
        </Show>
    }
}
