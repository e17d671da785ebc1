//! Transfers in flight (uploads now; downloads share the panel), kept in a context so they
//! survive navigation inside the app; closing the tab while one runs asks first.
//!
//! An upload sends the `File` itself as the body of one `XMLHttpRequest` (real progress, a
//! real Content-Length, the browser streams from disk) while a Web Worker hashes the same file
//! with md5 + sha512. When both finish, the image is read back and Glance's `checksum` and
//! `os_hash_value` are compared with the local digests. A glance-direct import whose data the
//! cloud converted (format or size changed from what was sent) is reported as converted, and
//! what was sent is recorded beside the digests (`model::conversion`).

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, MessageEvent, ProgressEvent, Worker, XmlHttpRequest};

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::glance::actions::deactivate;
use crate::api::glance::images::{delete_image, get_image, list_images, update_image, ImagePage};
use crate::api::glance::imports::{
    get_image_tasks, import_failure, import_image, stage_path, upload_path, ImportMethod,
    StoreSelection,
};
use crate::api::http::{Client, REQUEST_ID_HEADER};
use crate::i18n::{Key, Text};
use crate::model::checksum::{
    verify_import, verify_upload, LocalDigests, Verification, DEFAULT_CHUNK, PROP_MD5, PROP_SHA512,
};
use crate::model::conversion::{record_ops, Evidence, Sent};
use crate::model::filters::{other_images, same_data_query};
use crate::model::image::{Image, ImageStatus};
use crate::model::import_task::ImageTasks;
use crate::model::patch::PatchOp;
use crate::state::import_watch::{sleep_ms, watch_import};
use crate::state::session::{use_session, SessionContext};
use crate::state::unload_guard::warn_before_unload;

/// Where a transfer is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Sending and hashing.
    Running,
    /// Both done; reading the image back to compare.
    Verifying,
    /// Finished, with the comparison's outcome.
    Done(Verification),
    /// Failed before the data was sent; the image is left as Glance has it (usually
    /// `queued`), so Retry can send it again.
    Failed(ApiError),
    /// The data was sent and hashed, but reading the image back (or the import) failed, e.g.
    /// on an expired token. The local digests are kept: "Verify again" needs no re-upload.
    Unverified(ApiError),
    /// Retry refused: Glance takes an image's data once, and the image is no longer
    /// `queued` (the status is given).
    NotQueued(String),
    /// The user deleted the image from the panel.
    Deleted,
    /// Cancelled by the user; the image stays `queued`.
    Cancelled,
}

/// Whether other images the user can see already hold the upload's data, looked up by its
/// sha512 (`GET /v2/images?os_hash_value=…`) as soon as the hashing is done. The lookup runs
/// beside the verification and never holds it up.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Duplicates {
    /// The sha512 is not known yet.
    #[default]
    NotYet,
    /// Asking Glance.
    Checking,
    /// Other images with the same `os_hash_value`, as `(id, name)`; empty when none.
    Found(Vec<(String, String)>),
    /// The lookup failed (shown with a retry, not swallowed).
    Failed(ApiError),
}

/// One upload.
#[derive(Clone, Debug, PartialEq)]
pub struct Transfer {
    /// Local id.
    pub id: u64,
    /// Glance image id.
    pub image_id: String,
    /// File name.
    pub name: String,
    /// File size in bytes.
    pub total: u64,
    /// Bytes the browser has sent.
    pub sent: u64,
    /// Bytes hashed.
    pub hashed: u64,
    /// Start time (ms since epoch).
    pub started_ms: f64,
    /// End time, once finished.
    pub finished_ms: Option<f64>,
    /// Phase.
    pub phase: Phase,
    /// Local digests, once hashed.
    pub local: Option<LocalDigests>,
    /// How the data is sent (kept per transfer, so a retry sends the same way).
    pub method: UploadMethod,
    /// The store the data goes to; `None` = the cloud's default store.
    pub store: Option<String>,
    /// Recording the digests on the image failed (the verdict stands; later viewers just
    /// cannot re-check it).
    pub record_error: Option<ApiError>,
    /// The last delete/deactivate from the panel failed.
    pub action_error: Option<ApiError>,
    /// Deactivated from the panel after a mismatch.
    pub deactivated: bool,
    /// The hashing workers' wasm memory, both together, at its largest so far (bytes).
    pub worker_memory: u64,
    /// Other images already holding the same data.
    pub duplicates: Duplicates,
    /// The image's `disk_format` as read before its glance-direct import (an import plugin
    /// may change it), so the verdict can tell a conversion from a mismatch.
    pub sent_format: Option<String>,
    /// The bytes the browser had sent when the upload's connection broke (no answer, or a
    /// proxy's 502/503/504 instead of Glance's), so the row can say the file did not arrive
    /// whole; `None` for every other outcome.
    pub cut_at: Option<u64>,
}

impl Transfer {
    /// Whether it still needs the page.
    pub fn is_active(&self) -> bool {
        matches!(self.phase, Phase::Running | Phase::Verifying)
    }
}

/// The transfers context.
#[derive(Clone, Copy)]
pub struct Transfers {
    /// All transfers of this page's life, newest last.
    pub items: RwSignal<Vec<Transfer>>,
    next_id: StoredValue<u64>,
    requests: StoredValue<HashMap<u64, XmlHttpRequest>, LocalStorage>,
    files: StoredValue<HashMap<u64, (File, Client)>, LocalStorage>,
    method: StoredValue<UploadMethod>,
    store: StoredValue<Option<String>>,
    /// Transfers hold their token (a replaced token is revoked once none sends with it).
    session: SessionContext,
}

/// How an upload reaches Glance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UploadMethod {
    /// `PUT /v2/images/{id}/file`: one step.
    #[default]
    Direct,
    /// `PUT …/stage` then `POST …/import` with `glance-direct` (the interoperable import).
    GlanceDirect,
}

/// Imports staged data with `glance-direct` and waits until Glance has finished (active) or
/// given up (Glance's reason from the import task, else the failed store). Safe to call
/// again after a failure: the import is requested only while the image is still
/// `uploading` (staged, not yet imported). `on_sent_format` gets the image's `disk_format`
/// while it is still the one the image was created with (before the import).
async fn import_staged(
    client: &Client,
    image_id: &str,
    store: Option<&str>,
    on_sent_format: impl FnOnce(Option<String>),
) -> Result<Image, ApiError> {
    let image = client.json::<Image>(&get_image(image_id)).await?;
    if image.status == ImageStatus::Active {
        return Ok(image);
    }
    on_sent_format(image.disk_format.as_ref().map(|f| f.as_str().to_string()));
    if image.status == ImageStatus::Uploading {
        client
            .send(&import_image(
                image_id,
                &ImportMethod::GlanceDirect,
                &store_selection(store),
            ))
            .await?;
    }
    let image = watch_import(client, image_id, 500, |_, _| {}).await?;
    if image.status == ImageStatus::Active {
        return Ok(image);
    }
    // The task is the only place Glance says why; without it, the image's own record.
    let tasks = client
        .json::<ImageTasks>(&get_image_tasks(image_id))
        .await
        .ok();
    Err(import_failure("glance-direct", &image, tasks.as_ref()))
}

/// The image once Glance has finished with an aborted upload. Right after a cancel, Glance
/// may still be tearing the request down and report `saving` for a moment before it puts
/// the image back to `queued`; a retry clicked then must not be refused. Waits up to 10 s.
async fn settled_image(client: &Client, image_id: &str) -> Result<Image, ApiError> {
    let mut image = client.json::<Image>(&get_image(image_id)).await?;
    for _ in 0..20 {
        if image.status != ImageStatus::Saving {
            break;
        }
        sleep_ms(500).await;
        image = client.json::<Image>(&get_image(image_id)).await?;
    }
    Ok(image)
}

/// One chosen store, or the default. One store failing fails the import: the user asked
/// for that store, so silently landing elsewhere would be wrong.
fn store_selection(store: Option<&str>) -> StoreSelection {
    match store {
        None => StoreSelection::Default,
        Some(id) => StoreSelection::Stores {
            ids: vec![id.to_string()],
            all_must_succeed: true,
        },
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Transfers {
    fn update(&self, id: u64, f: impl FnOnce(&mut Transfer)) {
        self.items.update(|items| {
            if let Some(t) = items.iter_mut().find(|t| t.id == id) {
                f(t);
            }
        });
    }

    fn finish(&self, id: u64, phase: Phase) {
        self.update(id, |t| {
            t.phase = phase;
            t.finished_ms = Some(now_ms());
        });
        self.requests.update_value(|m| {
            m.remove(&id);
        });
    }

    /// Whether any transfer is running.
    pub fn any_active(&self) -> bool {
        self.items
            .with_untracked(|v| v.iter().any(Transfer::is_active))
    }

    /// Uploads `file` into the (queued) image `image_id`; returns the transfer id.
    pub fn start_upload(&self, client: Client, image_id: String, file: File) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|v| {
            v.push(Transfer {
                id,
                image_id: image_id.clone(),
                name: file.name(),
                total: file.size() as u64,
                sent: 0,
                hashed: 0,
                started_ms: now_ms(),
                finished_ms: None,
                phase: Phase::Running,
                local: None,
                method: self.method.get_value(),
                store: self.store.get_value(),
                record_error: None,
                action_error: None,
                deactivated: false,
                worker_memory: 0,
                duplicates: Duplicates::NotYet,
                sent_format: None,
                cut_at: None,
            })
        });
        self.files
            .update_value(|m| drop(m.insert(id, (file.clone(), client.clone()))));
        self.run(id, client, image_id, file);
        id
    }

    /// Uploads again into the same image, with the session's current token (the old one may
    /// be why it failed). Glance takes an image's data once: the image is read first, and
    /// unless it is back in `queued` the retry stops with [`Phase::NotQueued`].
    pub fn retry(&self, id: u64, client: Client) {
        let Some(file) = self
            .files
            .with_value(|m| m.get(&id).map(|(f, _)| f.clone()))
        else {
            return;
        };
        let Some(image_id) = self.image_of(id) else {
            return;
        };
        let this = *self;
        self.update(id, |t| {
            t.phase = Phase::Verifying;
            t.action_error = None;
        });
        spawn_local(async move {
            match settled_image(&client, &image_id).await {
                Ok(image) if image.status == ImageStatus::Queued => {
                    this.update(id, |t| {
                        t.sent = 0;
                        t.hashed = 0;
                        t.started_ms = now_ms();
                        t.finished_ms = None;
                        t.phase = Phase::Running;
                        t.local = None;
                        t.duplicates = Duplicates::NotYet;
                        t.cut_at = None;
                    });
                    this.run(id, client, image_id, file);
                }
                Ok(image) => this.finish(id, Phase::NotQueued(image.status.to_string())),
                Err(e) => this.finish(id, Phase::Failed(e)),
            }
        });
    }

    /// Reads the image back again and compares it with the digests already computed (after
    /// [`Phase::Unverified`], typically once the user has logged in again).
    pub fn verify_again(&self, id: u64, client: Client) {
        let found = self.items.with_untracked(|v| {
            v.iter()
                .find(|t| t.id == id)
                .and_then(|t| Some((t.image_id.clone(), t.local.clone()?, t.method)))
        });
        let Some((image_id, local, method)) = found else {
            return;
        };
        self.update(id, |t| t.phase = Phase::Verifying);
        let this = *self;
        let hold = self.session.hold(&client);
        spawn_local(async move {
            let _hold = hold;
            this.verify(id, client, image_id, method, local).await
        });
    }

    /// Deletes the transfer's image (after a cancel, a failure or a mismatch).
    pub fn delete_image(&self, id: u64, client: Client) {
        let Some(image_id) = self.image_of(id) else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            match client.send(&delete_image(&image_id)).await {
                Ok(_) => this.update(id, |t| {
                    t.phase = Phase::Deleted;
                    t.action_error = None;
                }),
                Err(e) => this.update(id, |t| t.action_error = Some(e)),
            }
        });
    }

    /// Deactivates the transfer's image after a mismatch, so nobody boots it (admin-only
    /// under Glance's default policy: a 403 is shown as it came).
    pub fn deactivate_image(&self, id: u64, client: Client) {
        let Some(image_id) = self.image_of(id) else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            match client.send(&deactivate(&image_id)).await {
                Ok(_) => this.update(id, |t| {
                    t.deactivated = true;
                    t.action_error = None;
                }),
                Err(e) => this.update(id, |t| t.action_error = Some(e)),
            }
        });
    }

    fn image_of(&self, id: u64) -> Option<String> {
        self.items
            .with_untracked(|v| v.iter().find(|t| t.id == id).map(|t| t.image_id.clone()))
    }

    /// Aborts the upload; Glance leaves the image `queued`.
    pub fn cancel(&self, id: u64) {
        if let Some(xhr) = self.requests.with_value(|m| m.get(&id).cloned()) {
            let _ = xhr.abort();
        }
    }

    fn run(&self, id: u64, client: Client, image_id: String, file: File) {
        let this = *self;
        let hold = self.session.hold(&client);
        spawn_local(async move {
            let _hold = hold;
            let on_progress = move |hashed, memory| {
                this.update(id, |t| {
                    t.hashed = hashed;
                    t.worker_memory = t.worker_memory.max(memory);
                })
            };
            let hashing = match start_hashing(&file, on_progress) {
                Ok(h) => h,
                Err(e) => {
                    this.finish(id, Phase::Failed(ApiError::new(ApiErrorKind::Decode, e)));
                    return;
                }
            };
            let method = this
                .items
                .with_untracked(|v| v.iter().find(|t| t.id == id).map(|t| t.method))
                .unwrap_or_default();
            let path = match method {
                UploadMethod::Direct => upload_path(&image_id),
                UploadMethod::GlanceDirect => stage_path(&image_id),
            };
            if let Err(phase) = this.send(id, &client, &path, &file).await {
                hashing.abandon();
                this.finish(id, phase);
                return;
            }
            let local = match hashing.finish().await {
                Ok(local) => local,
                Err(e) => {
                    this.finish(
                        id,
                        Phase::Unverified(ApiError::new(ApiErrorKind::Decode, e)),
                    );
                    return;
                }
            };
            this.update(id, |t| {
                t.local = Some(local.clone());
                t.phase = Phase::Verifying;
            });
            this.check_duplicates(id, client.clone());
            this.verify(id, client, image_id, method, local).await;
        });
    }

    /// Looks up the images that already hold the upload's data, by its sha512, in its own
    /// task (the upload's verification does not wait for it). Called again, it retries.
    pub fn check_duplicates(&self, id: u64, client: Client) {
        let found = self.items.with_untracked(|v| {
            v.iter()
                .find(|t| t.id == id)
                .and_then(|t| Some((t.image_id.clone(), t.local.as_ref()?.sha512.clone())))
        });
        let Some((image_id, sha512)) = found else {
            return;
        };
        self.update(id, |t| t.duplicates = Duplicates::Checking);
        let this = *self;
        spawn_local(async move {
            let answer = client
                .json::<ImagePage>(&list_images(&same_data_query(&sha512)))
                .await;
            let duplicates = match answer {
                Ok(page) => Duplicates::Found(other_images(&page.images, &image_id)),
                Err(e) => Duplicates::Failed(e),
            };
            this.update(id, |t| t.duplicates = duplicates);
        });
    }

    /// Reads the image back (after the glance-direct import, for that method), compares,
    /// and records the local digests on the image whatever the verdict, so later viewers
    /// see the same comparison (a mismatch included).
    async fn verify(
        &self,
        id: u64,
        client: Client,
        image_id: String,
        method: UploadMethod,
        local: LocalDigests,
    ) {
        let image = match method {
            UploadMethod::Direct => client.json::<Image>(&get_image(&image_id)).await,
            UploadMethod::GlanceDirect => {
                let store = self.items.with_untracked(|v| {
                    v.iter().find(|t| t.id == id).and_then(|t| t.store.clone())
                });
                let this = *self;
                import_staged(&client, &image_id, store.as_deref(), move |format| {
                    this.update(id, |t| t.sent_format = format)
                })
                .await
            }
        };
        let image = match image {
            Ok(image) => image,
            Err(e) => {
                self.finish(id, Phase::Unverified(e));
                return;
            }
        };
        let verification = match method {
            UploadMethod::Direct => verify_upload(&local, &image),
            UploadMethod::GlanceDirect => {
                let sent = self.items.with_untracked(|v| {
                    v.iter().find(|t| t.id == id).map(|t| Sent {
                        disk_format: t.sent_format.clone(),
                        size: Some(t.total),
                    })
                });
                verify_import(&local, &sent.unwrap_or_default(), &image)
            }
        };
        // The digests are of the user's file, recorded as openstacksdk records its file's,
        // whatever the verdict; after a conversion, what was sent is recorded with them, so
        // later viewers see a conversion and not a mismatch. `add` replaces an existing
        // value in Glance's JSON-patch, so a second verification of the same image is
        // harmless.
        let mut ops = vec![
            PatchOp::Add {
                path: format!("/{PROP_MD5}"),
                value: local.md5.clone().into(),
            },
            PatchOp::Add {
                path: format!("/{PROP_SHA512}"),
                value: local.sha512.clone().into(),
            },
        ];
        if let Verification::Converted { conversion, .. } = &verification {
            if conversion.evidence == Evidence::Compared {
                ops.extend(record_ops(conversion));
            }
        }
        let record_error = client.send(&update_image(&image_id, &ops)).await.err();
        self.update(id, |t| t.record_error = record_error);
        self.finish(id, Phase::Done(verification));
    }

    /// Chooses the store the next uploads write to (`None` = the cloud's default).
    pub fn set_store(&self, store: Option<String>) {
        self.store.set_value(store);
    }

    /// The store the next uploads write to.
    pub fn store(&self) -> Option<String> {
        self.store.get_value()
    }

    /// How the next uploads will send their data.
    pub fn method(&self) -> UploadMethod {
        self.method.get_value()
    }

    /// Chooses how the next uploads send their data.
    pub fn set_method(&self, method: UploadMethod) {
        self.method.set_value(method);
    }

    /// The PUT itself; resolves when the browser has the answer.
    async fn send(&self, id: u64, client: &Client, path: &str, file: &File) -> Result<(), Phase> {
        let base = client.image_base.clone().ok_or_else(|| {
            Phase::Failed(ApiError::new(ApiErrorKind::Config, "no image endpoint"))
        })?;
        let url = format!("{base}{path}");
        let xhr = XmlHttpRequest::new().map_err(|_| network("XMLHttpRequest unavailable"))?;
        xhr.open("PUT", &url)
            .map_err(|_| network("could not open the upload"))?;
        let _ = xhr.set_request_header("Content-Type", "application/octet-stream");
        // A direct upload names its store in a header (glance-direct names it on import).
        let store = self.items.with_untracked(|v| {
            v.iter()
                .find(|t| t.id == id)
                .map(|t| (t.method, t.store.clone()))
        });
        if let Some((UploadMethod::Direct, Some(store))) = store {
            let _ = xhr.set_request_header("X-Image-Meta-Store", &store);
        }
        // The byte count Glance must receive: Glance 33 refuses a body of another length
        // (400 "Size mismatch: expected N bytes, got M bytes", the image stays queued), so a
        // body cut short on the way never becomes an active image. Measured for PUT /file and
        // /stage; Glance then records the size before the data arrives.
        let _ = xhr.set_request_header("x-openstack-image-size", &(file.size() as u64).to_string());
        if let Some(token) = &client.token {
            let _ = xhr.set_request_header("X-Auth-Token", token);
        }
        let this = *self;
        let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |ev: ProgressEvent| {
            this.update(id, |t| t.sent = ev.loaded() as u64);
        });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        let done = js_sys::Promise::new(&mut |resolve, _| {
            for event in ["load", "error", "abort", "timeout"] {
                let resolve = resolve.clone();
                let cb = Closure::once_into_js(move || {
                    let _ = resolve.call1(&JsValue::NULL, &event.into());
                });
                let _ = xhr.add_event_listener_with_callback(event, cb.unchecked_ref());
            }
        });
        self.requests
            .update_value(|m| drop(m.insert(id, xhr.clone())));
        xhr.send_with_opt_blob(Some(file))
            .map_err(|_| network("the browser refused to send the file"))?;
        let outcome = wasm_bindgen_futures::JsFuture::from(done)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        drop(on_progress);
        match outcome.as_str() {
            "load" => {
                let status = xhr.status().unwrap_or(0);
                if (200..300).contains(&status) {
                    this.update(id, |t| t.sent = t.total);
                    Ok(())
                } else {
                    let body = xhr.response_text().ok().flatten().unwrap_or_default();
                    let request_id = xhr.get_response_header(REQUEST_ID_HEADER).ok().flatten();
                    let error = ApiError::from_response(status, &body, request_id);
                    if connection_broke(&error) {
                        this.update(id, |t| t.cut_at = Some(t.sent));
                    }
                    Err(Phase::Failed(error))
                }
            }
            "abort" => Err(Phase::Cancelled),
            _ => {
                this.update(id, |t| t.cut_at = Some(t.sent));
                Err(Phase::Failed(ApiError::portal(
                    ApiErrorKind::Network,
                    Text::new(Key::ErrUploadConnectionLost, &[]),
                )))
            }
        }
    }
}

fn network(message: &str) -> Phase {
    Phase::Failed(ApiError::new(ApiErrorKind::Network, message))
}

/// Whether an upload's failed answer came from a proxy in front of Glance that lost its
/// connection to Glance (nginx's 502/504, or a 503), not from Glance: Glance's own answers
/// carry `x-openstack-request-id`, a proxy's do not. Measured: a link to Glance cut after 10,
/// 50 or 90 % of the body gets nginx's "502 Bad Gateway" and Glance puts the image back to
/// `queued` without data.
pub fn connection_broke(error: &ApiError) -> bool {
    matches!(error.status, Some(502..=504)) && error.request_id.is_none()
}

/// Starts one hashing worker for `algorithms` ("md5", "sha512" or "both"); the promise
/// resolves with the worker's "done" message.
fn start_worker(
    file: &File,
    algorithms: &str,
    on_progress: impl Fn(u64, u64) + 'static,
) -> Result<(Worker, js_sys::Promise), String> {
    let worker = Worker::new("/hasher_loader.js")
        .map_err(|e| format!("cannot start the hashing worker: {e:?}"))?;
    let job = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&job, &"id".into(), &1.into());
    let _ = js_sys::Reflect::set(&job, &"file".into(), file);
    let _ = js_sys::Reflect::set(&job, &"chunk".into(), &(DEFAULT_CHUNK as f64).into());
    let _ = js_sys::Reflect::set(&job, &"algorithms".into(), &algorithms.into());
    let on_progress = std::rc::Rc::new(on_progress);
    let result = js_sys::Promise::new(&mut |resolve, reject| {
        let on_progress = on_progress.clone();
        let (worker_ref, job) = (worker.clone(), job.clone());
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data();
            let kind = js_sys::Reflect::get(&data, &"type".into())
                .ok()
                .and_then(|v| v.as_string());
            match kind.as_deref() {
                // The worker says when it listens; a job posted earlier would be lost.
                Some("ready") => {
                    if let Err(e) = worker_ref.post_message(&job) {
                        let _ = reject.call1(&JsValue::NULL, &e);
                    }
                }
                Some("progress") => {
                    let number = |key: &str| {
                        js_sys::Reflect::get(&data, &key.into())
                            .ok()
                            .and_then(|v| v.as_f64())
                            .unwrap_or(0.0) as u64
                    };
                    on_progress(number("hashed"), number("wasm_bytes"));
                }
                Some("done") => {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
                _ => {
                    let _ = reject.call1(&JsValue::NULL, &data);
                }
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    });
    Ok((worker, result))
}

/// md5 and sha512 being computed in two Web Workers at once (one core each: together they
/// finish about when the slower digest alone would).
pub struct Hashing {
    workers: [Worker; 2],
    done: js_sys::Promise,
}

/// Starts hashing `file` now (not when awaited: it must run alongside the upload);
/// `on_progress` gets the bytes both workers have hashed and their wasm memory together.
pub fn start_hashing(
    file: &File,
    on_progress: impl Fn(u64, u64) + 'static,
) -> Result<Hashing, String> {
    use std::cell::Cell;
    use std::rc::Rc;
    let done = Rc::new([Cell::new(0u64), Cell::new(0u64)]);
    let memory = Rc::new([Cell::new(0u64), Cell::new(0u64)]);
    let on_progress = Rc::new(on_progress);
    let report = |i: usize| {
        let (done, memory, on_progress) = (done.clone(), memory.clone(), on_progress.clone());
        move |n: u64, bytes: u64| {
            done[i].set(n);
            memory[i].set(bytes);
            on_progress(
                done[0].get().min(done[1].get()),
                memory[0].get() + memory[1].get(),
            );
        }
    };
    let (md5_worker, md5_done) = start_worker(file, "md5", report(0))?;
    let (sha_worker, sha_done) = match start_worker(file, "sha512", report(1)) {
        Ok(started) => started,
        Err(e) => {
            md5_worker.terminate();
            return Err(e);
        }
    };
    Ok(Hashing {
        workers: [md5_worker, sha_worker],
        done: js_sys::Promise::all(&js_sys::Array::of2(&md5_done, &sha_done)),
    })
}

impl Hashing {
    /// Waits for both digests.
    pub async fn finish(self) -> Result<LocalDigests, String> {
        let outcome = wasm_bindgen_futures::JsFuture::from(self.done).await;
        for w in &self.workers {
            w.terminate();
        }
        let results = outcome.map_err(|e| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "hashing failed".into())
        })?;
        let field = |i: u32, k: &str| {
            js_sys::Reflect::get(&js_sys::Array::from(&results).get(i), &k.into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        Ok(LocalDigests {
            md5: field(0, "md5"),
            sha512: field(1, "sha512"),
        })
    }

    /// Stops both workers (the upload failed or was cancelled).
    pub fn abandon(self) {
        for w in &self.workers {
            w.terminate();
        }
    }
}

/// Provides the transfers context and its before-unload warning.
pub fn provide_transfers() -> Transfers {
    let transfers = Transfers {
        items: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(1),
        requests: StoredValue::new_local(HashMap::new()),
        files: StoredValue::new_local(HashMap::new()),
        method: StoredValue::new(UploadMethod::Direct),
        store: StoredValue::new(None),
        session: use_session(),
    };
    provide_context(transfers);
    warn_before_unload(move || transfers.any_active());
    transfers
}

/// The transfers context.
pub fn use_transfers() -> Transfers {
    expect_context::<Transfers>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxys_gateway_error_is_a_broken_connection_glances_own_answer_is_not() {
        let nginx = ApiError::from_response(502, "<h1>502 Bad Gateway</h1>", None);
        assert!(connection_broke(&nginx));
        let timeout = ApiError::from_response(504, "", None);
        assert!(connection_broke(&timeout));
        // Glance's own 503 (a store out of space) carries its request id: not a cut.
        let glance = ApiError::from_response(503, "", Some("req-1".into()));
        assert!(!connection_broke(&glance));
        let size = ApiError::from_response(400, "Size mismatch", None);
        assert!(!connection_broke(&size));
    }
}
