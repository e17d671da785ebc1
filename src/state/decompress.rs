//! Decompressing a chosen file in the browser before it is uploaded: the decompressing worker
//! (`src/workers/decompressor.rs`) writes the disk into the Origin Private File System, and
//! the page gets it back as a `File` to sniff, hash and send like any other.
//!
//! The decompressed files of a tab live in `OPFS_ROOT/<tab>/<job>/`. Each tab holds a Web
//! Lock named after its directory for as long as it lives, so the first decompression of a
//! tab removes the directories whose lock nobody holds: those of tabs that were closed or
//! crashed before they could remove their files. A file is removed as soon as it is not
//! needed: after a cancel or a failure, when its entry is removed, when the create page is
//! left, and once Glance holds its data (the transfers panel says when).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    File, FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemGetDirectoryOptions,
    FileSystemRemoveOptions, MessageEvent, StorageEstimate, StorageManager, Worker,
};

use crate::api::http::{js_error_name, sleep_ms};
use crate::i18n::Key;
use crate::model::decompression::{
    gzip_size, xz_index_range, xz_size, zstd_size, SizeHint, Unpacked, XZ_FOOTER,
};
use crate::model::disk_sniff::Compression;
use crate::problem::{Refusal, RefusalReason};
use crate::state::download::js_error;
use crate::state::file_sniff::read_range;
use crate::workers::unpack_protocol::{UnpackFailure, UnpackJob, UnpackMessage, OPFS_ROOT};

/// The worker script trunk builds (index.html's `data-type="worker"` link).
const WORKER_URL: &str = "/decompressor_loader.js";
/// The Web Lock a tab holds on its directory is named this, then the directory.
const LOCK_PREFIX: &str = "gp-decompressed:";
/// The largest xz index read to size a file (an index lists 16 bytes or so per block).
const XZ_INDEX_MAX: u64 = 1 << 20;

thread_local! {
    /// This tab's directory under `OPFS_ROOT`, once made, and the last job number in it.
    static TAB: RefCell<Option<(String, u64)>> = const { RefCell::new(None) };
}

fn storage() -> Option<StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let storage = Reflect::get(&navigator, &"storage".into()).ok()?;
    let has_directory = Reflect::get(&storage, &"getDirectory".into())
        .ok()
        .is_some_and(|f| f.is_function());
    has_directory.then(|| storage.unchecked_into())
}

/// Whether this browser can decompress here: it needs the Origin Private File System, which
/// is only given to secure origins (https, localhost).
pub fn supported() -> bool {
    web_sys::window().is_some_and(|w| w.is_secure_context()) && storage().is_some()
}

fn browser_refusal(e: &JsValue) -> Refusal {
    js_error(Key::ErrUnpackBrowser, e.clone())
}

async fn wait<T: JsCast>(promise: Promise) -> Result<T, Refusal> {
    let value = JsFuture::from(promise)
        .await
        .map_err(|e| browser_refusal(&e))?;
    Ok(value.unchecked_into())
}

async fn opfs_root_dir() -> Result<FileSystemDirectoryHandle, Refusal> {
    let storage = storage().ok_or_else(|| browser_refusal(&"no storage manager".into()))?;
    let root: FileSystemDirectoryHandle = wait(storage.get_directory()).await?;
    let create = FileSystemGetDirectoryOptions::new();
    create.set_create(true);
    wait(root.get_directory_handle_with_options(OPFS_ROOT, &create)).await
}

/// `navigator.locks`, where the browser has it.
fn locks() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    Reflect::get(&navigator, &"locks".into())
        .ok()
        .filter(|l| !l.is_undefined())
}

/// Calls `locks.request(name, [options,] callback)`.
fn lock_request(
    locks: &JsValue,
    name: &str,
    options: Option<&JsValue>,
    callback: &Function,
) -> Option<Promise> {
    let request: Function = Reflect::get(locks, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let name = JsValue::from_str(name);
    let called = match options {
        Some(o) => request.call3(locks, &name, o, callback),
        None => request.call2(locks, &name, callback),
    };
    called.ok().map(Promise::unchecked_from_js)
}

/// This tab's directory name (made, locked and the leftovers of closed tabs swept on the
/// first call), and a fresh job number in it.
async fn next_job() -> Result<(FileSystemDirectoryHandle, String), Refusal> {
    let top = opfs_root_dir().await?;
    let known = TAB.with(|t| t.borrow().clone());
    let (tab, job) = match known {
        Some((tab, last)) => (tab, last + 1),
        None => {
            let tab = format!(
                "tab-{:x}{:x}",
                (js_sys::Math::random() * 2f64.powi(48)) as u64,
                js_sys::Date::now() as u64
            );
            if let Some(locks) = locks() {
                // Held until the tab goes: the promise never settles.
                let hold = Closure::once_into_js(|_: JsValue| Promise::new(&mut |_, _| {}));
                let _ = lock_request(
                    &locks,
                    &format!("{LOCK_PREFIX}{tab}"),
                    None,
                    hold.unchecked_ref(),
                );
                sweep(&top, &tab, &locks).await;
            }
            (tab, 1)
        }
    };
    TAB.with(|t| *t.borrow_mut() = Some((tab.clone(), job)));
    Ok((top, format!("{tab}/{job}")))
}

/// Removes the directories of tabs that are gone: those whose lock is free.
async fn sweep(top: &FileSystemDirectoryHandle, mine: &str, locks: &JsValue) {
    let mut names = Vec::new();
    let entries = top.keys();
    loop {
        let Ok(next) = entries.next() else { break };
        let Ok(next) = JsFuture::from(next).await else {
            break;
        };
        if Reflect::get(&next, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true)
        {
            break;
        }
        if let Some(name) = Reflect::get(&next, &"value".into())
            .ok()
            .and_then(|v| v.as_string())
        {
            names.push(name);
        }
    }
    let only_if_free = js_sys::Object::new();
    let _ = Reflect::set(&only_if_free, &"ifAvailable".into(), &true.into());
    for name in names.into_iter().filter(|n| n != mine) {
        let (top, dir) = (top.clone(), name.clone());
        let remove = Closure::once_into_js(move |lock: JsValue| -> JsValue {
            if lock.is_null() {
                return JsValue::UNDEFINED;
            }
            let options = FileSystemRemoveOptions::new();
            options.set_recursive(true);
            top.remove_entry_with_options(&dir, &options).into()
        });
        if let Some(done) = lock_request(
            locks,
            &format!("{LOCK_PREFIX}{name}"),
            Some(&only_if_free),
            remove.unchecked_ref(),
        ) {
            // A directory that cannot be removed now is tried again by the next tab.
            let _ = JsFuture::from(done).await;
        }
    }
}

/// A decompressed file's directory in the OPFS, removed when no longer needed.
#[derive(Clone)]
pub struct TempDir {
    top: FileSystemDirectoryHandle,
    path: String,
}

impl TempDir {
    async fn dir(&self) -> Result<FileSystemDirectoryHandle, Refusal> {
        let mut dir = self.top.clone();
        for part in self.path.split('/') {
            dir = wait(dir.get_directory_handle(part)).await?;
        }
        Ok(dir)
    }

    /// Removes the directory and what is in it. A worker just stopped may still hold the
    /// file for a moment, so a refused removal is tried again a few times.
    pub async fn remove(&self) {
        let Some((tab, job)) = self.path.split_once('/') else {
            return;
        };
        let options = FileSystemRemoveOptions::new();
        options.set_recursive(true);
        for _ in 0..20 {
            let Ok(tab) =
                wait::<FileSystemDirectoryHandle>(self.top.get_directory_handle(tab)).await
            else {
                return;
            };
            let removed = JsFuture::from(tab.remove_entry_with_options(job, &options)).await;
            match removed {
                Ok(_) => return,
                Err(e) if js_error_name(&e).as_deref() == Some("NotFoundError") => return,
                Err(_) => sleep_ms(250).await,
            }
        }
    }

    /// Removes it in the background.
    pub fn remove_later(&self) {
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move { this.remove().await });
    }
}

/// What the file's own headers say of its decompressed size.
pub async fn size_hint(file: &File, compression: Compression) -> SizeHint {
    let len = file.size();
    let tail = |n: f64| read_range(file, (len - n).max(0.0), len);
    match compression {
        Compression::Gzip => tail(8.0 + 10.0)
            .await
            .map_or(SizeHint::Unknown, |t| gzip_size(&t)),
        Compression::Zstd => read_range(file, 0.0, len.min(18.0))
            .await
            .map_or(SizeHint::Unknown, |h| zstd_size(&h)),
        Compression::Xz => {
            let Ok(footer) = tail(XZ_FOOTER as f64).await else {
                return SizeHint::Unknown;
            };
            match xz_index_range(&footer, len as u64) {
                Some((start, end)) if end - start <= XZ_INDEX_MAX => {
                    read_range(file, start as f64, end as f64)
                        .await
                        .map_or(SizeHint::Unknown, |index| xz_size(&index))
                }
                _ => SizeHint::Unknown,
            }
        }
        Compression::Bzip2 => SizeHint::Unknown,
    }
}

/// What the origin's storage quota leaves free, when the browser says.
pub async fn available_space() -> Option<u64> {
    let estimate: StorageEstimate = wait(storage()?.estimate().ok()?).await.ok()?;
    let quota = estimate.get_quota()?;
    let usage = estimate.get_usage().unwrap_or(0.0);
    Some((quota - usage).max(0.0) as u64)
}

/// How a decompression ended short of its file.
#[derive(Clone, Debug, PartialEq)]
pub enum UnpackEnd {
    /// The user cancelled it.
    Cancelled,
    /// It failed; the words say why.
    Failed(Refusal),
}

/// A decompression under way in its own worker.
#[derive(Clone)]
pub struct Unpacking {
    worker: Worker,
    temp: TempDir,
    name: String,
    done: Promise,
    /// Rejects `done` (a cancel: the worker is stopped and will never answer).
    reject: Rc<RefCell<Option<Function>>>,
}

/// The marker a cancel rejects with.
const CANCELLED: &str = "cancelled";

/// Starts decompressing `file` into a fresh directory of this tab, as `name`;
/// `on_progress` gets the bytes read and written.
pub async fn start(
    file: &File,
    compression: Compression,
    name: &str,
    on_progress: impl Fn(Unpacked) + 'static,
) -> Result<Unpacking, Refusal> {
    let (top, path) = next_job().await?;
    let worker = Worker::new(WORKER_URL).map_err(|e| browser_refusal(&e))?;
    let job = UnpackJob {
        file: file.clone().unchecked_into(),
        compression,
        dir: path.clone(),
        name: name.to_string(),
    }
    .to_js();
    let total = file.size() as u64;
    let reject_slot = Rc::new(RefCell::new(None::<Function>));
    let on_progress = Rc::new(on_progress);
    let done = {
        let worker = worker.clone();
        let reject_slot = reject_slot.clone();
        Promise::new(&mut |resolve, reject| {
            *reject_slot.borrow_mut() = Some(reject.clone());
            let posted_to = worker.clone();
            let job = job.clone();
            let on_progress = on_progress.clone();
            let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
                match UnpackMessage::from_js(&ev.data()) {
                    UnpackMessage::Ready => {
                        if let Err(e) = posted_to.post_message(&job) {
                            let _ = reject.call1(&JsValue::NULL, &e);
                        }
                    }
                    UnpackMessage::Progress { read, written } => on_progress(Unpacked {
                        read,
                        total,
                        written,
                    }),
                    UnpackMessage::Done { written } => {
                        on_progress(Unpacked {
                            read: total,
                            total,
                            written,
                        });
                        let _ = resolve.call0(&JsValue::NULL);
                    }
                    failed @ UnpackMessage::Failed { .. } => {
                        let _ = reject.call1(&JsValue::NULL, &failed.to_js());
                    }
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
        })
    };
    Ok(Unpacking {
        worker,
        temp: TempDir { top, path },
        name: name.to_string(),
        done,
        reject: reject_slot,
    })
}

impl Unpacking {
    /// Whether `other` is this same decompression.
    pub fn same(&self, other: &Unpacking) -> bool {
        self.temp.path == other.temp.path
    }

    /// The directory the file is written to.
    pub fn temp(&self) -> TempDir {
        self.temp.clone()
    }

    /// Stops the worker and removes what it wrote.
    pub fn cancel(&self) {
        self.worker.terminate();
        if let Some(reject) = self.reject.borrow_mut().take() {
            let _ = reject.call1(&JsValue::NULL, &CANCELLED.into());
        }
        self.temp.remove_later();
    }

    /// Waits for the decompressed file; after a failure or a cancel, what was written is
    /// removed.
    pub async fn finish(&self, compression: Compression) -> Result<File, UnpackEnd> {
        let outcome = JsFuture::from(self.done.clone()).await;
        self.worker.terminate();
        if let Err(e) = outcome {
            self.temp.remove_later();
            if e.as_string().as_deref() == Some(CANCELLED) {
                return Err(UnpackEnd::Cancelled);
            }
            return Err(UnpackEnd::Failed(failure_refusal(&e, compression)));
        }
        let file = async {
            let dir = self.temp.dir().await?;
            let handle: FileSystemFileHandle = wait(dir.get_file_handle(&self.name)).await?;
            wait::<File>(handle.get_file()).await
        };
        file.await.map_err(|r| {
            self.temp.remove_later();
            UnpackEnd::Failed(r)
        })
    }
}

/// The worker's failure in the catalog's words.
fn failure_refusal(e: &JsValue, compression: Compression) -> Refusal {
    match UnpackMessage::from_js(e) {
        UnpackMessage::Failed { failure, message } => {
            let (key, args): (Key, Vec<&str>) = match failure {
                UnpackFailure::Space => (Key::ErrUnpackSpaceRanOut, vec![&message]),
                UnpackFailure::Data => (Key::ErrUnpackData, vec![compression.name(), &message]),
                UnpackFailure::Browser => (Key::ErrUnpackBrowser, vec![&message]),
            };
            Refusal::new(RefusalReason::Browser, key, &args)
        }
        _ => browser_refusal(e),
    }
}
