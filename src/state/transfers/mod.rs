//! Transfers in flight (uploads now; downloads share the panel), kept in a context so they
//! survive navigation inside the app; closing the tab while one runs asks first.
//!
//! An upload sends the `File` itself as the body of one `XMLHttpRequest` (real progress, a
//! real Content-Length, the browser streams from disk) while a Web Worker hashes the same file
//! with md5 + sha512. When both finish, the image is read back and Glance's `checksum` and
//! `os_hash_value` are compared with the local digests. A glance-direct import whose data the
//! cloud converted (format or size changed from what was sent) is reported as converted, and
//! what was sent is recorded beside the digests (`model::conversion`).

mod transfer;

use std::collections::HashMap;
pub use transfer::{connection_broke, Duplicates, Phase, Transfer};

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use crate::api::glance::images::list_images;
use crate::api::glance::operation;
use crate::api::http::BrowserClient;
use crate::api::http::{UploadAbort, UploadError};
use crate::api::transport::Transport;
use crate::flows::import::settled_image;
use crate::flows::upload_verify::{verify_sent, SentData, Verified};
use crate::model::checksum::LocalDigests;
use crate::model::filters::{other_images, same_data_query};
use crate::model::image::ImageStatus;
use crate::model::image_page::ImagePage;
use crate::model::operation::Operation;
pub use crate::model::operation::UploadMethod;
use crate::problem::Problem;
use crate::state::hashing::start_hashing;
use crate::state::session::{use_session, SessionContext};
use crate::state::unload_guard::warn_before_unload;

/// The transfers context.
#[derive(Clone, Copy)]
pub struct Transfers {
    /// All transfers of this page's life, newest last.
    pub items: RwSignal<Vec<Transfer>>,
    next_id: StoredValue<u64>,
    requests: StoredValue<HashMap<u64, UploadAbort>, LocalStorage>,
    files: StoredValue<HashMap<u64, (File, BrowserClient)>, LocalStorage>,
    method: StoredValue<UploadMethod>,
    store: StoredValue<Option<String>>,
    /// Transfers hold their token (a replaced token is revoked once none sends with it).
    session: SessionContext,
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

    /// Uploads `file` into the (queued) image `image_id`, which `created` made when the
    /// portal created it for this upload; returns the transfer id.
    pub fn start_upload(
        &self,
        client: BrowserClient,
        image_id: String,
        file: File,
        created: Option<Operation>,
    ) -> u64 {
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
                created,
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
    pub fn retry(&self, id: u64, client: BrowserClient) {
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
                Err(e) => this.finish(id, Phase::Failed(e.into())),
            }
        });
    }

    /// Reads the image back again and compares it with the digests already computed (after
    /// [`Phase::Unverified`], typically once the user has logged in again).
    pub fn verify_again(&self, id: u64, client: BrowserClient) {
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
    pub fn delete_image(&self, id: u64, client: BrowserClient) {
        let Some(image_id) = self.image_of(id) else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            match client.perform(&Operation::Delete { image_id }).await {
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
    pub fn deactivate_image(&self, id: u64, client: BrowserClient) {
        let Some(image_id) = self.image_of(id) else {
            return;
        };
        let this = *self;
        spawn_local(async move {
            match client.perform(&Operation::Deactivate { image_id }).await {
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
        if let Some(upload) = self.requests.with_value(|m| m.get(&id).cloned()) {
            upload.abort();
        }
    }

    fn run(&self, id: u64, client: BrowserClient, image_id: String, file: File) {
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
                    this.finish(id, Phase::Failed(e.into()));
                    return;
                }
            };
            let Some((method, data)) = this.items.with_untracked(|v| {
                v.iter()
                    .find(|t| t.id == id)
                    .map(|t| (t.method, t.data_operation()))
            }) else {
                hashing.abandon();
                return;
            };
            if let Err(phase) = this.send(id, &client, &data, &file).await {
                hashing.abandon();
                this.finish(id, phase);
                return;
            }
            let local = match hashing.finish().await {
                Ok(local) => local,
                Err(e) => {
                    this.finish(id, Phase::Unverified(e.into()));
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
    pub fn check_duplicates(&self, id: u64, client: BrowserClient) {
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
                Err(e) => Duplicates::Failed(e.into()),
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
        client: BrowserClient,
        image_id: String,
        method: UploadMethod,
        local: LocalDigests,
    ) {
        let Some((sent, known_format)) = self.items.with_untracked(|v| {
            v.iter().find(|t| t.id == id).map(|t| {
                let sent = SentData {
                    image_id,
                    method,
                    store: t.store.clone(),
                    size: t.total,
                };
                (sent, t.sent_format.clone())
            })
        }) else {
            return;
        };
        let this = *self;
        let outcome = verify_sent(&client, &sent, &local, known_format, move |format| {
            this.update(id, |t| t.sent_format = format)
        })
        .await;
        match outcome {
            Ok(Verified {
                verification,
                record_error,
            }) => {
                self.update(id, |t| t.record_error = record_error);
                self.finish(id, Phase::Done(verification));
            }
            Err(e) => self.finish(id, Phase::Unverified(e)),
        }
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

    /// Sends the data (`op`'s request with the file as body) through the client, which
    /// adds the token and maps errors like any other request; resolves when the browser has
    /// the answer.
    async fn send(
        &self,
        id: u64,
        client: &BrowserClient,
        op: &Operation,
        file: &File,
    ) -> Result<(), Phase> {
        let req = operation::request(op).map_err(|e| Phase::Failed(e.into()))?;
        let this = *self;
        let keep = move |upload: UploadAbort| {
            this.requests.update_value(|m| drop(m.insert(id, upload)));
        };
        let on_progress = move |sent: u64| this.update(id, |t| t.sent = sent);
        match client.upload(&req, file, keep, on_progress).await {
            Ok(_) => {
                this.update(id, |t| t.sent = t.total);
                Ok(())
            }
            Err(UploadError::Cancelled) => Err(Phase::Cancelled),
            Err(UploadError::Failed(e)) => {
                let e = Problem::from(e);
                if connection_broke(&e) {
                    this.update(id, |t| t.cut_at = Some(t.sent));
                }
                Err(Phase::Failed(e))
            }
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
