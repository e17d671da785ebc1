//! The create page's state and work, apart from its markup: the chosen files and their forms,
//! the header read of each file, and the create action that makes the images one after another
//! and hands their data to the transfers panel.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use crate::api::http::BrowserClient;
use crate::api::transport::Transport;
use crate::model::decompression::{check_space, decompressed_name, UnpackState};
use crate::model::disk_sniff::Compression;
use crate::model::image::Image;
use crate::model::new_image::{
    default_name, offered_disk_formats, token_minutes_short, FormProblem, NewImageForm, Sniff,
};
use crate::model::operation::Operation;
use crate::model::operation::{ImportMethod, UploadMethod};
use crate::model::schema::ImageSchema;
use crate::problem::Problem;
use crate::state::browser_regexp::BrowserPatterns;
use crate::state::cloud_info::{use_cloud_info, CloudInfo};
use crate::state::decompress::{self, TempDir, UnpackEnd, Unpacking};
use crate::state::schema_cache::use_schema_cache;
use crate::state::session::{use_session, SessionContext};
use crate::state::transfers::{use_transfers, Transfers};

/// Why a file's image was not created: kept typed, so that it is worded when shown and
/// follows a language switch.
#[derive(Clone, Debug)]
pub(super) enum EntryError {
    /// The form holds something Glance would refuse; nothing was sent.
    Form(FormProblem),
    /// Glance (or Keystone) refused the create.
    Api(Problem),
}

/// One chosen file and its form.
#[derive(Clone)]
pub(super) struct Entry {
    /// Which file this is, for as long as the page lives (not its place in the list).
    pub(super) key: u64,
    /// The file: as chosen, or the disk decompressed from it.
    pub(super) file: File,
    /// The chosen file's name, which names the entry whatever its file becomes (its form may
    /// first be built after a decompression, while the schema loads).
    pub(super) chosen_name: String,
    /// What reading its header gave.
    pub(super) sniff: Sniff,
    /// Its form.
    pub(super) form: NewImageForm,
    /// Why its image was not created, after a try.
    pub(super) error: Option<EntryError>,
    /// The id of the image made for it.
    pub(super) created: Option<String>,
    /// Its decompression, when it came compressed.
    pub(super) unpack: UnpackState,
    /// The compressed file as chosen, once `file` is the disk decompressed from it.
    pub(super) compressed: Option<File>,
    /// The decompression under way (Cancel stops it).
    pub(super) unpacking: Option<Unpacking>,
    /// Where the decompressed disk is, until its upload takes it over.
    pub(super) temp: Option<TempDir>,
}

impl Entry {
    /// Stops its decompression and removes a decompressed file no upload has taken over.
    pub(super) fn let_go(&self) {
        if let Some(job) = &self.unpacking {
            job.cancel();
        }
        if let Some(temp) = &self.temp {
            temp.remove_later();
        }
    }
}

/// Reads the file's first and last bytes and recognises its format.
async fn sniff_file(file: &File) -> Sniff {
    match crate::state::file_sniff::sniff_file(file).await {
        Ok(sniffed) => Sniff::Done(sniffed),
        Err(e) => Sniff::Failed(e),
    }
}

/// The create page's state: the files with their forms, and the create action.
#[derive(Clone, Copy)]
pub(super) struct NewImageController {
    /// The chosen files, in the order chosen; each form reads and edits its own entry.
    pub(super) entries: RwSignal<Vec<Entry>, LocalStorage>,
    /// The cloud's image schema (`None` while loading).
    pub(super) schema: LocalResource<Result<ImageSchema, Problem>>,
    next_key: StoredValue<u64>,
    /// Creating the listed images, one after another: pending = the form is busy. Each
    /// entry's outcome (its image, or its error) is kept on the entry itself.
    create: Action<Vec<Entry>, ()>,
    busy: Memo<bool>,
    session: SessionContext,
    cloud: CloudInfo,
    transfers: Transfers,
}

impl NewImageController {
    /// The page's controller, with no file chosen yet.
    pub(super) fn new() -> Self {
        let session = use_session();
        let schema = use_schema_cache().0;
        let transfers = use_transfers();
        let entries = RwSignal::new_local(Vec::<Entry>::new());
        let cloud = use_cloud_info();
        let next_key = StoredValue::new(1u64);
        // Leaving the page: no decompression goes on, and no decompressed file is left
        // that no upload took over.
        on_cleanup(move || {
            let _ = entries.try_with_untracked(|v| v.iter().for_each(Entry::let_go));
        });
        let create = Action::new_local(move |pending: &Vec<Entry>| {
            let pending = pending.clone();
            let schema = schema.get_untracked().and_then(Result::ok);
            let client = session.client_untracked();
            async move {
                let Some(schema) = schema else {
                    return;
                };
                for entry in pending {
                    create_one(&client, &schema, entry, entries, transfers).await;
                }
            }
        });
        NewImageController {
            entries,
            schema,
            next_key,
            create,
            busy: create.pending(),
            session,
            cloud,
            transfers,
        }
    }

    /// Adds the files picked or dropped, each with its own form, and reads each one's header.
    pub(super) fn add_files(self, list: web_sys::FileList) {
        let entries = self.entries;
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let key = self.next_key.get_value();
            self.next_key.set_value(key + 1);
            let form = NewImageForm::for_file(&file.name());
            entries.update(|v| {
                v.push(Entry {
                    key,
                    file: file.clone(),
                    chosen_name: file.name(),
                    sniff: Sniff::Pending,
                    form,
                    error: None,
                    created: None,
                    unpack: UnpackState::NotNeeded,
                    compressed: None,
                    unpacking: None,
                    temp: None,
                })
            });
            spawn_local(async move {
                let result = sniff_file(&file).await;
                let compression = result.compression();
                take_sniff(entries, key, result);
                if let Some(c) = compression {
                    if decompress::supported() {
                        unpack(entries, key, file, c).await;
                    } else {
                        update_entry(entries, key, |e| e.unpack = UnpackState::Unavailable(c));
                    }
                }
            });
        }
    }

    /// The files' keys, in order.
    pub(super) fn keys(self) -> Vec<u64> {
        self.entries
            .with(|v| v.iter().map(|e| e.key).collect::<Vec<_>>())
    }

    /// Create and upload can do nothing now: creating, reading a header, or no file is left
    /// to create.
    pub(super) fn create_disabled(self) -> bool {
        // Still reading a header: the format check must not be skipped by an early click.
        let sniffing = move || {
            self.entries.with(|v| {
                v.iter()
                    .any(|e| e.created.is_none() && e.sniff == Sniff::Pending)
            })
        };
        // A compressed file whose disk is not out yet would be stored compressed.
        let unpacking = move || {
            self.entries.with(|v| {
                v.iter()
                    .any(|e| e.created.is_none() && e.unpack.blocks_create())
            })
        };
        self.busy.get()
            || sniffing()
            || unpacking()
            || self.entries.with(|v| v.iter().all(|e| e.created.is_some()))
    }

    /// Creates the images of the files not created yet, one after another.
    pub(super) fn submit(self) {
        let pending: Vec<Entry> = self
            .entries
            .get_untracked()
            .into_iter()
            .filter(|e| e.created.is_none())
            .collect();
        self.create.dispatch_local(pending);
    }

    /// The minutes left on the token when uploading the files not created yet may outlast it.
    pub(super) fn token_minutes_short(self) -> Option<i64> {
        let total: f64 = self.entries.with(|v| {
            v.iter()
                .filter(|e| e.created.is_none())
                .map(|e| e.file.size())
                .sum()
        });
        let expires = self
            .session
            .current
            .with(|s| s.as_ref().map(|s| s.expires_at))?;
        let left = expires as f64 - js_sys::Date::now() / 1000.0;
        token_minutes_short(total, left)
    }

    /// Asks Keystone for a fresh token.
    pub(super) fn renew_token(self) {
        self.session.renew()
    }

    /// The schema has answered (either way).
    pub(super) fn schema_answered(self) -> bool {
        self.schema.with(|s| s.is_some())
    }

    /// The schema and both of the cloud's info answers are in. Answered either way: an error
    /// shows where the answer is used.
    pub(super) fn choices_ready(self) -> bool {
        self.schema_answered()
            && self.cloud.import.with(|i| i.is_some())
            && self.cloud.stores.with(|s| s.is_some())
    }

    /// The cloud offers staging the data first (`glance-direct`).
    pub(super) fn glance_direct(self) -> bool {
        self.cloud.supports(&ImportMethod::GlanceDirect)
    }

    /// The cloud offers importing from a URL (`web-download`): the create page's URL mode.
    pub(super) fn offers_web_download(self) -> bool {
        self.cloud
            .supports(&ImportMethod::WebDownload { uri: String::new() })
    }

    /// The disk formats the schema offers, once it has loaded.
    pub(super) fn disk_formats(self) -> Option<Vec<String>> {
        self.schema
            .get()
            .and_then(|r| r.ok())
            .map(|sch| offered_disk_formats(&sch))
    }

    /// The store the next uploads write to (`None` = the cloud's default).
    pub(super) fn store(self) -> Option<String> {
        self.transfers.store()
    }

    /// Chooses the store the next uploads write to.
    pub(super) fn set_store(self, store: Option<String>) {
        self.transfers.set_store(store)
    }
}

/// Creates one entry's image (unless its form holds a problem), starts its upload in the
/// transfers panel, and keeps the outcome on the entry.
async fn create_one(
    client: &BrowserClient,
    schema: &ImageSchema,
    entry: Entry,
    entries: RwSignal<Vec<Entry>, LocalStorage>,
    transfers: Transfers,
) {
    let key = entry.key;
    // Left to the cloud to unpack: the header read is of the compressed bytes (or of the
    // disk this browser had decompressed meanwhile), and the cloud checks the disk itself.
    let to_cloud = matches!(entry.unpack, UnpackState::ToCloud(_));
    let sniffed = entry.sniff.result().filter(|_| !to_cloud);
    let result = match entry.form.body(
        schema,
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
            let method = if to_cloud {
                UploadMethod::GlanceDirect
            } else {
                transfers.method()
            };
            let id = transfers.start_upload_with(
                client.clone(),
                image.id.clone(),
                entry.file.clone(),
                Some(create),
                method,
            );
            update_entry(entries, key, |e| {
                e.created = Some(image.id);
                e.error = None;
                // The upload owns the decompressed disk now, and removes it once sent.
                if let Some(temp) = e.temp.take() {
                    transfers.release_when_sent(id, Box::new(move || temp.remove_later()));
                }
            });
        }
        Err(error) => update_entry(entries, key, |e| e.error = Some(error)),
    }
}

/// Changes entry `key`, if it is still on the page.
pub(super) fn update_entry(
    entries: RwSignal<Vec<Entry>, LocalStorage>,
    key: u64,
    change: impl FnOnce(&mut Entry),
) {
    entries.update(|v| {
        if let Some(e) = v.iter_mut().find(|e| e.key == key) {
            change(e);
        }
    });
}

/// Keeps what reading entry `key`'s header gave, and the disk format it suggests.
fn take_sniff(entries: RwSignal<Vec<Entry>, LocalStorage>, key: u64, result: Sniff) {
    update_entry(entries, key, |e| {
        if let Sniff::Done(sniffed) = &result {
            e.form.take_detected_format(sniffed);
        }
        e.sniff = result;
    });
}

/// Whether entry `key` is still on the page.
fn present(entries: RwSignal<Vec<Entry>, LocalStorage>, key: u64) -> bool {
    entries
        .try_with_untracked(|v| v.iter().any(|e| e.key == key))
        .unwrap_or(false)
}

/// Decompresses entry `key`'s `file` into the browser's private storage, after checking the
/// room its headers say it needs; on success the entry's file becomes the disk, whose
/// header is then read like any chosen file's.
pub(super) async fn unpack(
    entries: RwSignal<Vec<Entry>, LocalStorage>,
    key: u64,
    file: File,
    compression: Compression,
) {
    update_entry(entries, key, |e| {
        e.unpack = UnpackState::Checking(compression);
        e.error = None;
    });
    let hint = decompress::size_hint(&file, compression).await;
    let room = decompress::available_space().await;
    if let Err(short) = check_space(hint, file.size() as u64, room) {
        update_entry(entries, key, |e| {
            e.unpack = UnpackState::Failed(short.refusal())
        });
        return;
    }
    let name = decompressed_name(&file.name(), compression);
    let on_progress = move |p| {
        if present(entries, key) {
            update_entry(entries, key, |e| {
                e.unpack = UnpackState::Running(compression, p)
            });
        }
    };
    let job = match decompress::start(&file, compression, &name, on_progress).await {
        Ok(job) => job,
        Err(refusal) => {
            update_entry(entries, key, |e| e.unpack = UnpackState::Failed(refusal));
            return;
        }
    };
    if !present(entries, key) {
        // Removed while the worker started.
        job.cancel();
        return;
    }
    update_entry(entries, key, |e| e.unpacking = Some(job.clone()));
    let outcome = job.finish(compression).await;
    // Removed, or sent compressed for the cloud to unpack, meanwhile: the outcome is not
    // the entry's any more.
    let still_ours = entries
        .try_with_untracked(|v| {
            v.iter()
                .find(|e| e.key == key)
                .and_then(|e| e.unpacking.as_ref())
                .is_some_and(|j| j.same(&job))
        })
        .unwrap_or(false);
    if !still_ours {
        job.temp().remove_later();
        return;
    }
    match outcome {
        Ok(disk) => {
            update_entry(entries, key, |e| {
                e.unpacking = None;
                e.temp = Some(job.temp());
                e.unpack = UnpackState::Done {
                    from: file.name(),
                    compression,
                    compressed: file.size() as u64,
                };
                // The name the user has not changed follows the disk's.
                if e.form.fields.get("name") == Some(&default_name(&file.name())) {
                    e.form
                        .fields
                        .insert("name".into(), default_name(&disk.name()));
                }
                e.compressed = Some(file);
                e.file = disk.clone();
                e.sniff = Sniff::Pending;
            });
            take_sniff(entries, key, sniff_file(&disk).await);
        }
        Err(end) => update_entry(entries, key, |e| {
            e.unpacking = None;
            e.unpack = match end {
                UnpackEnd::Cancelled => UnpackState::Cancelled,
                UnpackEnd::Failed(refusal) => UnpackState::Failed(refusal),
            };
        }),
    }
}
