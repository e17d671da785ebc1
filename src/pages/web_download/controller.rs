//! The web-download form's state and work, apart from its markup: what the form holds, the
//! import action, and the steps it sends (create, import, follow, record a conversion).

use leptos::prelude::*;

use crate::api::glance::imports::get_image_tasks;
use crate::api::transport::Transport;
use crate::flows::import::watch_import;
use crate::model::cli_equivalent::steps_command;
use crate::model::conversion::{detect, record_ops, Conversion, Sent};
use crate::model::image::{Image, ImageStatus};
use crate::model::import::{import_failure, import_progress};
use crate::model::import_task::ImageTasks;
use crate::model::operation::ImportMethod;
use crate::model::operation::Operation;
use crate::model::web_download::{QueuedImage, WebDownload};
use crate::problem::Problem;
use crate::state::cloud_info::{use_cloud_info, CloudInfo};
use crate::state::session::use_session;

/// Where an import stands, for display.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum ImportState {
    /// Nothing sent yet (or the create was refused).
    Idle,
    /// Glance is fetching; `status` is the image's, as last read.
    Running { image_id: String, status: String },
    /// The image is active; `conversion` is set when the cloud converted the data.
    Active {
        image_id: String,
        conversion: Option<Conversion>,
    },
    /// The import failed; `detail` names the stores that failed, if any.
    Failed { image_id: String, detail: String },
}

/// Where a web-download ended, and the error that explains it.
#[derive(Clone)]
pub(super) struct ImportEnd {
    state: ImportState,
    error: Option<Problem>,
}

impl ImportEnd {
    fn failed(image_id: String, detail: String, error: Problem) -> Self {
        ImportEnd {
            state: ImportState::Failed { image_id, detail },
            error: Some(error),
        }
    }
}

/// The web-download form's state: its fields, and the import it starts.
#[derive(Clone, Copy)]
pub(super) struct WebDownloadController {
    /// A queued image to import into instead of creating one.
    existing: StoredValue<Option<QueuedImage>>,
    /// The store to write to (`None` = the cloud's default).
    pub(super) store: RwSignal<Option<String>>,
    /// The URL as typed.
    pub(super) url: RwSignal<String>,
    /// The new image's name as typed (blank = named after the URL).
    pub(super) name: RwSignal<String>,
    /// The new image's disk format.
    pub(super) disk_format: RwSignal<String>,
    /// Where Glance stands while it imports, as the watch last read it.
    progress: RwSignal<ImportState>,
    /// The CLI lines of the steps sent so far (shown from the moment the import is sent).
    pub(super) cli: RwSignal<Option<String>>,
    /// The import: pending while Glance fetches the URL; the value is where it ended, with
    /// the error that explains it, if any.
    import: Action<WebDownload, ImportEnd>,
    pending: Memo<bool>,
    cloud: CloudInfo,
}

impl WebDownloadController {
    /// The form's controller; `into` is the queued image to import into, if any.
    pub(super) fn new(into: Option<Image>) -> Self {
        let existing = StoredValue::new(into.map(|i| {
            let format = i.disk_format.as_ref().map(|f| f.as_str().to_string());
            (i.id, format)
        }));
        let session = use_session();
        let progress = RwSignal::new(ImportState::Idle);
        let cli = RwSignal::new(None::<String>);
        let import = Action::new_local(move |ask: &WebDownload| {
            let ask = ask.clone();
            let client = session.client_untracked();
            cli.set(None);
            progress.set(ImportState::Idle);
            async move { run_web_download(&client, ask, progress, cli).await }
        });
        WebDownloadController {
            existing,
            store: RwSignal::new(None::<String>),
            url: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            disk_format: RwSignal::new("raw".to_string()),
            progress,
            cli,
            import,
            pending: import.pending(),
            cloud: use_cloud_info(),
        }
    }

    /// The import makes a new image (rather than filling a queued one).
    pub(super) fn creates(self) -> bool {
        self.existing.with_value(Option::is_none)
    }

    /// The cloud enables web-download.
    pub(super) fn supported(self) -> bool {
        self.cloud
            .supports(&ImportMethod::WebDownload { uri: String::new() })
    }

    /// An import is running.
    pub(super) fn pending(self) -> bool {
        self.pending.get()
    }

    /// Starts the import the form asks for (nothing while the URL is blank).
    pub(super) fn submit(self) {
        let ask = WebDownload::from_form(
            &self.url.get_untracked(),
            &self.name.get_untracked(),
            self.disk_format.get_untracked(),
            self.existing.get_value(),
            self.store.get_untracked(),
        );
        if let Some(ask) = ask {
            self.import.dispatch_local(ask);
        }
    }

    /// Where the import stands: followed while it runs, then where it ended.
    pub(super) fn state(self) -> ImportState {
        if self.pending.get() {
            self.progress.get()
        } else {
            self.import
                .value()
                .get()
                .map(|end| end.state)
                .unwrap_or(ImportState::Idle)
        }
    }

    /// The error that explains where the last import ended, once it has.
    pub(super) fn error(self) -> Option<Problem> {
        (!self.pending.get())
            .then(|| self.import.value().get().and_then(|end| end.error))
            .flatten()
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
    let id = match &ask.into {
        Some(id) => id.clone(),
        None => {
            let create = ask.create();
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
    let import = ask.import(&id);
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
            imported(client, id, ask.sent_format, &image).await
        }
        Ok(image) => {
            // Only the import task says why; the image names the failed store.
            let tasks = client.json::<ImageTasks>(&get_image_tasks(&id)).await.ok();
            let detail = import_progress(&image).failed.join(", ");
            ImportEnd::failed(
                id,
                detail,
                import_failure("web-download", &image, tasks.as_ref()).into(),
            )
        }
        Err(e) => ImportEnd::failed(id, String::new(), e),
    }
}

/// The import made `image` active: records on it a conversion the cloud made, if any.
async fn imported<T: Transport>(
    client: &T,
    id: String,
    sent_format: String,
    image: &Image,
) -> ImportEnd {
    // Glance fetched the data, so the size sent is unknown: the format decides.
    let sent = Sent {
        disk_format: Some(sent_format),
        size: None,
    };
    let conversion = detect(&sent, image);
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
