//! Transfers in flight (uploads now; downloads share the panel), kept in a context so they
//! survive navigation inside the app; closing the tab while one runs asks first.
//!
//! What an upload does is the flow in `flows::upload`, tested natively; here are its browser
//! parts: the panel's signal it writes to ([`TransferBoard`]), the `File` (sent by one
//! `XMLHttpRequest` while two Web Workers hash it), each transfer's cancel switch, and the
//! session token a transfer holds while it runs.

use std::collections::{HashMap, VecDeque};

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use crate::api::data::Cancel;
use crate::api::http::BrowserClient;
use crate::flows::upload::{self, ImageAction, TransferBoard};
use crate::model::download::{DownloadPhase, DownloadRecord};
use crate::model::image::Image;
use crate::model::operation::{Operation, UploadMethod};
use crate::model::transfer::{NewTransfer, Phase, Transfer};
use crate::state::download::{download, SaveTo};
use crate::state::hashing::WorkerHasher;
use crate::state::session::{use_session, SessionContext};
use crate::state::unload_guard::warn_before_unload;

/// What to do once a transfer's file is no longer needed.
pub type Release = Box<dyn FnOnce()>;

/// The transfers context.
#[derive(Clone, Copy)]
pub struct Transfers {
    /// All uploads of this page's life, newest last.
    pub items: RwSignal<Vec<Transfer>>,
    /// All downloads of this page's life, newest last.
    pub downloads: RwSignal<Vec<DownloadRecord>>,
    /// Each download's image as read when it started (what its bytes are checked against).
    download_images: StoredValue<HashMap<u64, Image>>,
    next_id: StoredValue<u64>,
    /// Checks of stored data waiting for their turn, in order.
    check_queue: StoredValue<VecDeque<u64>>,
    /// The check of stored data that runs, if one does.
    checking: StoredValue<Option<u64>>,
    /// Each running transfer's cancel switch.
    cancels: StoredValue<HashMap<u64, Cancel>, LocalStorage>,
    /// Each transfer's file, kept for Retry.
    files: StoredValue<HashMap<u64, File>, LocalStorage>,
    /// What to do once a transfer's file is no longer needed (a decompressed copy removed).
    releases: StoredValue<HashMap<u64, Release>, LocalStorage>,
    method: StoredValue<UploadMethod>,
    store: StoredValue<Option<String>>,
    /// Transfers hold their token (a replaced token is revoked once none sends with it).
    session: SessionContext,
}

/// How often a download's bytes received are shown, at most.
const PROGRESS_EVERY_MS: f64 = 100.0;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// One transfer's record in the panel: where the upload flow writes.
#[derive(Clone, Copy)]
struct PanelEntry {
    transfers: Transfers,
    id: u64,
}

impl TransferBoard for PanelEntry {
    fn transfer(&self) -> Option<Transfer> {
        let id = self.id;
        self.transfers
            .items
            .with_untracked(|v| v.iter().find(|t| t.id == id).cloned())
    }

    fn update(&self, change: &mut dyn FnMut(&mut Transfer)) {
        let id = self.id;
        let mut done_with_file = false;
        self.transfers.items.update(|items| {
            if let Some(t) = items.iter_mut().find(|t| t.id == id) {
                change(t);
                done_with_file = !t.may_send_again();
            }
        });
        if done_with_file {
            self.transfers.release_file(id);
        }
    }

    fn finish(&self, phase: Phase) {
        let mut phase = Some(phase);
        self.update(&mut |t| {
            if let Some(phase) = phase.take() {
                t.phase = phase;
            }
            t.finished_ms = Some(now_ms());
        });
        self.transfers
            .cancels
            .update_value(|m| drop(m.remove(&self.id)));
    }
}

impl Transfers {
    fn entry(&self, id: u64) -> PanelEntry {
        PanelEntry {
            transfers: *self,
            id,
        }
    }

    /// Whether any transfer is running.
    pub fn any_active(&self) -> bool {
        self.items
            .with_untracked(|v| v.iter().any(Transfer::is_active))
            || self
                .downloads
                .with_untracked(|v| v.iter().any(DownloadRecord::is_active))
    }

    /// Whether the panel has anything to show.
    pub fn any(&self) -> bool {
        self.items.with(|v| !v.is_empty()) || self.downloads.with(|v| !v.is_empty())
    }

    /// Downloads `image`'s data to `target` (from `pick_target`, which the click must call
    /// first), in the panel, where it survives navigation; returns its id. A check only
    /// (`SaveTo::Nowhere`) joins the queue of checks instead ([`Self::verify_stored`]).
    pub fn start_download(&self, client: BrowserClient, image: Image, target: SaveTo) -> u64 {
        if matches!(target, SaveTo::Nowhere) {
            let id = self.verify_stored(vec![image])[0];
            self.run_waiting_checks(client);
            return id;
        }
        let id = self.add_download(&image, false);
        self.run_download(id, client, image, target);
        id
    }

    /// Queues a check of each image's data ("Verify stored data": read through, saving
    /// nothing): each a row of the panel that waits for its turn; returns their ids. The
    /// panel runs them, one at a time ([`Self::run_waiting_checks`]): the download's code
    /// then comes with the panel's, not with the list that queues them.
    pub fn verify_stored(&self, images: Vec<Image>) -> Vec<u64> {
        let ids = images
            .iter()
            .map(|image| self.add_download(image, true))
            .collect::<Vec<_>>();
        self.check_queue
            .update_value(|q| q.extend(ids.iter().copied()));
        ids
    }

    /// A new download's row: running, or waiting for its turn when it only checks.
    fn add_download(&self, image: &Image, check_only: bool) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.downloads.update(|v| {
            v.push(DownloadRecord {
                id,
                image_id: image.id.clone(),
                name: image.display_name().to_string(),
                total: image.size,
                check_only,
                received: 0,
                started_ms: now_ms(),
                finished_ms: None,
                phase: match check_only {
                    true => DownloadPhase::Waiting,
                    false => DownloadPhase::Running,
                },
            })
        });
        self.download_images
            .update_value(|m| drop(m.insert(id, image.clone())));
        id
    }

    /// Starts the next waiting check, unless one runs. Rows cancelled while they waited
    /// are passed over.
    pub fn run_waiting_checks(&self, client: BrowserClient) {
        if self.checking.get_value().is_some() {
            return;
        }
        while let Some(id) = self
            .check_queue
            .try_update_value(|q| q.pop_front())
            .flatten()
        {
            let waiting = self.downloads.with_untracked(|v| {
                v.iter()
                    .any(|d| d.id == id && d.phase == DownloadPhase::Waiting)
            });
            let image = self.download_images.with_value(|m| m.get(&id).cloned());
            if let (true, Some(image)) = (waiting, image) {
                self.checking.set_value(Some(id));
                self.update_download(id, |d| {
                    d.phase = DownloadPhase::Running;
                    d.started_ms = now_ms();
                });
                self.run_download(id, client, image, SaveTo::Nowhere);
                return;
            }
        }
    }

    /// Downloads again from the start into `target` (after a failure or a cancel); a check
    /// only waits for its turn again.
    pub fn retry_download(&self, id: u64, client: BrowserClient, target: SaveTo) {
        let Some(image) = self.download_images.with_value(|m| m.get(&id).cloned()) else {
            return;
        };
        let check_only = matches!(target, SaveTo::Nowhere);
        self.update_download(id, |d| {
            d.received = 0;
            d.started_ms = now_ms();
            d.finished_ms = None;
            d.phase = match check_only {
                true => DownloadPhase::Waiting,
                false => DownloadPhase::Running,
            };
        });
        if check_only {
            self.check_queue.update_value(|q| q.push_back(id));
            self.run_waiting_checks(client);
        } else {
            self.run_download(id, client, image, target);
        }
    }

    fn update_download(&self, id: u64, change: impl FnOnce(&mut DownloadRecord)) {
        self.downloads.update(|v| {
            if let Some(d) = v.iter_mut().find(|d| d.id == id) {
                change(d);
            }
        });
    }

    fn run_download(&self, id: u64, client: BrowserClient, image: Image, target: SaveTo) {
        let cancel = self.new_cancel(id);
        let this = *self;
        let run = async move |_: PanelEntry, client: BrowserClient| {
            // A fetch body comes in chunks of tens of KiB: the panel is told at most every
            // 100 ms (and at the end, by the outcome), not thousands of times a second.
            let shown = std::cell::Cell::new(0.0);
            let on_progress = move |n| {
                let now = now_ms();
                if now - shown.get() >= PROGRESS_EVERY_MS {
                    shown.set(now);
                    this.update_download(id, |d| d.received = n);
                }
            };
            let outcome = download(&client, &image, target, &cancel, on_progress).await;
            this.update_download(id, |d| d.end(outcome, now_ms()));
            this.cancels.update_value(|m| drop(m.remove(&id)));
            if this.checking.get_value() == Some(id) {
                this.checking.set_value(None);
                // The session's client now: its token may have been renewed meanwhile.
                this.run_waiting_checks(this.session.client_untracked());
            }
        };
        self.spawn_with_token(&client, run, id);
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
        self.start_upload_with(client, image_id, file, created, self.method.get_value())
    }

    /// As [`Self::start_upload`], sending the data by `method` whatever the panel's choice
    /// (a compressed file left to the cloud's decompression must be imported).
    pub fn start_upload_with(
        &self,
        client: BrowserClient,
        image_id: String,
        file: File,
        created: Option<Operation>,
        method: UploadMethod,
    ) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let start = NewTransfer {
            id,
            image_id,
            name: file.name(),
            total: file.size() as u64,
            method,
            store: self.store.get_value(),
            created,
        };
        self.items
            .update(|v| v.push(Transfer::new(start, now_ms())));
        self.files
            .update_value(|m| drop(m.insert(id, file.clone())));
        let cancel = self.new_cancel(id);
        self.spawn_with_token(
            &client,
            async move |entry, client| {
                upload::upload(&client, &WorkerHasher, &entry, &file, &cancel).await
            },
            id,
        );
        id
    }

    /// Uploads again into the same image, with the session's current token (the old one may
    /// be why it failed), once Glance has let go of the image ([`upload::retry`]).
    pub fn retry(&self, id: u64, client: BrowserClient) {
        let Some(file) = self.files.with_value(|m| m.get(&id).cloned()) else {
            return;
        };
        let cancel = self.new_cancel(id);
        self.spawn_with_token(
            &client,
            async move |entry, client| {
                upload::retry(&client, &WorkerHasher, &entry, &file, &cancel, now_ms()).await
            },
            id,
        );
    }

    /// Reads the image back again and compares it with the digests already computed (after
    /// [`Phase::Unverified`], typically once the user has logged in again).
    pub fn verify_again(&self, id: u64, client: BrowserClient) {
        self.spawn_with_token(
            &client,
            async move |entry, client| upload::verify_again(&client, &entry).await,
            id,
        );
    }

    /// Looks up the images that already hold the upload's data again.
    pub fn check_duplicates(&self, id: u64, client: BrowserClient) {
        let entry = self.entry(id);
        spawn_local(async move { upload::check_duplicates(&client, &entry).await });
    }

    /// Deletes the transfer's image (after a cancel, a failure or a mismatch).
    pub fn delete_image(&self, id: u64, client: BrowserClient) {
        let entry = self.entry(id);
        spawn_local(
            async move { upload::act_on_image(&client, &entry, ImageAction::Delete).await },
        );
    }

    /// Deactivates the transfer's image after a mismatch, so nobody boots it.
    pub fn deactivate_image(&self, id: u64, client: BrowserClient) {
        let entry = self.entry(id);
        spawn_local(
            async move { upload::act_on_image(&client, &entry, ImageAction::Deactivate).await },
        );
    }

    /// Aborts the transfer (an upload leaves its image `queued`); a check that waits for
    /// its turn is taken out of the queue.
    pub fn cancel(&self, id: u64) {
        if let Some(cancel) = self.cancels.with_value(|m| m.get(&id).cloned()) {
            cancel.cancel();
        }
        self.downloads.update(|v| {
            if let Some(d) = v
                .iter_mut()
                .find(|d| d.id == id && d.phase == DownloadPhase::Waiting)
            {
                d.phase = DownloadPhase::Cancelled;
                d.finished_ms = Some(now_ms());
            }
        });
    }

    /// Runs `release` once upload `id` no longer needs its file: Glance holds the data, or
    /// the image is gone or takes no data (Retry after a failure or a cancel still needs it).
    pub fn release_when_sent(&self, id: u64, release: Release) {
        self.releases.update_value(|m| drop(m.insert(id, release)));
    }

    fn release_file(&self, id: u64) {
        let mut release = None;
        self.releases.update_value(|m| release = m.remove(&id));
        if let Some(release) = release {
            self.files.update_value(|m| drop(m.remove(&id)));
            release();
        }
    }

    /// A fresh cancel switch for transfer `id`'s next run.
    fn new_cancel(&self, id: u64) -> Cancel {
        let cancel = Cancel::new();
        self.cancels
            .update_value(|m| drop(m.insert(id, cancel.clone())));
        cancel
    }

    /// Runs `work` on transfer `id`'s record, holding the client's token meanwhile.
    fn spawn_with_token<F>(
        &self,
        client: &BrowserClient,
        work: impl FnOnce(PanelEntry, BrowserClient) -> F + 'static,
        id: u64,
    ) where
        F: std::future::Future<Output = ()> + 'static,
    {
        let hold = self.session.hold(client);
        let entry = self.entry(id);
        let client = client.clone();
        spawn_local(async move {
            let _hold = hold;
            work(entry, client).await
        });
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
}

/// Provides the transfers context and its before-unload warning.
pub fn provide_transfers() -> Transfers {
    let transfers = Transfers {
        items: RwSignal::new(Vec::new()),
        downloads: RwSignal::new(Vec::new()),
        download_images: StoredValue::new(HashMap::new()),
        next_id: StoredValue::new(1),
        check_queue: StoredValue::new(VecDeque::new()),
        checking: StoredValue::new(None),
        cancels: StoredValue::new_local(HashMap::new()),
        files: StoredValue::new_local(HashMap::new()),
        releases: StoredValue::new_local(HashMap::new()),
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
