//! The browser's side of a download (`flows::download`): where the bytes go and how they
//! are digested. Where the browser has the File System Access API the bytes are written
//! straight to a file the user picks (nothing held in memory); elsewhere they are streamed
//! to the browser's own downloads through the portal's service worker
//! (`browser_downloads.rs`), or, without one, collected in memory up to
//! [`IN_MEMORY_LIMIT`] and saved through a download link; the page says which happened.
//! The digests are md5 + sha512 over each chunk as it arrives, computed in the hashing
//! workers (`state/hashing.rs`), not on the page's thread.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::data::Cancel;
use crate::api::http::{js_message, BrowserClient};
use crate::flows::download::{download as download_flow, SaveTarget};
use crate::i18n::Key;
use crate::model::download::{DownloadEnd, SaveMethod};
use crate::model::image::Image;
use crate::problem::{Problem, Refusal, RefusalReason};
use crate::state::browser_downloads::{active_worker, has_save_picker, BrowserDownloadTarget};
use crate::state::hashing::WorkerStreamHasher;

/// The largest image the fallback keeps in memory before saving.
pub const IN_MEMORY_LIMIT: u64 = 2 * 1024 * 1024 * 1024;

/// The browser failed at `step` of saving (a catalog message with its detail as `{0}`).
pub(crate) fn js_error(step: Key, e: JsValue) -> Refusal {
    Refusal::new(RefusalReason::Browser, step, &[&js_message(&e)])
}

async fn call_async(target: &JsValue, method: &str, args: &Array) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    let promise: Promise = f.apply(target, args)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// Where a download's bytes go.
#[derive(Clone, Debug)]
pub enum SaveTo {
    /// A file the user picked (a `FileSystemWritableFileStream`).
    File(JsValue),
    /// The browser's own downloads, through the portal's service worker, where there is no
    /// file picker.
    Browser(web_sys::ServiceWorker),
    /// Memory, then the browser's download, where there is neither a file picker nor the
    /// download worker.
    Memory,
    /// Nowhere: the data is only read through and checked ("Verify stored data").
    Nowhere,
}

/// Asks where to save, when the browser can stream to disk. Must run first in a click handler
/// (the picker needs the user's gesture). Without a picker: the browser's downloads through
/// the download worker, or memory where there is no worker.
pub async fn pick_target(suggested_name: &str) -> Result<SaveTo, Refusal> {
    if !has_save_picker() {
        return Ok(active_worker()
            .await
            .map_or(SaveTo::Memory, SaveTo::Browser));
    }
    let window: JsValue = web_sys::window()
        .map(JsValue::from)
        .unwrap_or(JsValue::UNDEFINED);
    let options = Object::new();
    let _ = Reflect::set(&options, &"suggestedName".into(), &suggested_name.into());
    let handle = call_async(&window, "showSaveFilePicker", &Array::of1(&options))
        .await
        .map_err(|e| js_error(Key::ErrSaveNotChosen, e))?;
    let writable = call_async(&handle, "createWritable", &Array::new())
        .await
        .map_err(|e| js_error(Key::ErrSaveCannotWrite, e))?;
    Ok(SaveTo::File(writable))
}

/// Downloads the image's data to `target` (from [`pick_target`], or [`SaveTo::Nowhere`] to
/// check it only), reporting bytes received, and verifies it.
pub async fn download(
    client: &BrowserClient,
    image: &Image,
    target: SaveTo,
    cancel: &Cancel,
    on_progress: impl Fn(u64),
) -> Result<DownloadEnd, Problem> {
    let hasher = WorkerStreamHasher::start;
    match target {
        SaveTo::File(writable) => {
            let file = FileTarget(writable);
            download_flow(client, image, file, hasher, cancel, on_progress).await
        }
        SaveTo::Nowhere => {
            download_flow(client, image, NoTarget, hasher, cancel, on_progress).await
        }
        SaveTo::Browser(worker) => {
            let name = image.display_name().to_string();
            let browser = BrowserDownloadTarget::new(worker, name, image.size);
            download_flow(client, image, browser, hasher, cancel, on_progress).await
        }
        SaveTo::Memory => {
            let memory = MemoryTarget {
                chunks: Vec::new(),
                name: image.display_name().to_string(),
            };
            download_flow(client, image, memory, hasher, cancel, on_progress).await
        }
    }
}

/// No file: the bytes are hashed and let go.
struct NoTarget;

impl SaveTarget<Uint8Array> for NoTarget {
    fn method(&self) -> SaveMethod {
        SaveMethod::NotKept
    }

    fn capacity(&self) -> Option<u64> {
        None
    }

    async fn write(&mut self, _: &Uint8Array) -> Result<(), Refusal> {
        Ok(())
    }

    async fn rewind(&mut self) -> Result<(), Refusal> {
        Ok(())
    }

    async fn close(self) -> Result<(), Refusal> {
        Ok(())
    }

    async fn abandon(self) {}
}

/// A file the user picked: a `FileSystemWritableFileStream`.
struct FileTarget(JsValue);

impl SaveTarget<Uint8Array> for FileTarget {
    fn method(&self) -> SaveMethod {
        SaveMethod::Streamed
    }

    fn capacity(&self) -> Option<u64> {
        None
    }

    async fn write(&mut self, chunk: &Uint8Array) -> Result<(), Refusal> {
        call_async(&self.0, "write", &Array::of1(chunk))
            .await
            .map(drop)
            .map_err(|e| js_error(Key::ErrSaveFailed, e))
    }

    async fn rewind(&mut self) -> Result<(), Refusal> {
        let zero = JsValue::from_f64(0.0);
        call_async(&self.0, "seek", &Array::of1(&zero))
            .await
            .map_err(|e| js_error(Key::ErrSaveFailed, e))?;
        call_async(&self.0, "truncate", &Array::of1(&zero))
            .await
            .map(drop)
            .map_err(|e| js_error(Key::ErrSaveFailed, e))
    }

    async fn close(self) -> Result<(), Refusal> {
        call_async(&self.0, "close", &Array::new())
            .await
            .map(drop)
            .map_err(|e| js_error(Key::ErrSaveFailed, e))
    }

    async fn abandon(self) {
        // `abort()` discards what was written: the file keeps its old content (or none).
        let _ = call_async(&self.0, "abort", &Array::new()).await;
    }
}

/// Memory, saved through a download link once complete.
struct MemoryTarget {
    chunks: Vec<Uint8Array>,
    name: String,
}

impl SaveTarget<Uint8Array> for MemoryTarget {
    fn method(&self) -> SaveMethod {
        SaveMethod::InMemory
    }

    fn capacity(&self) -> Option<u64> {
        Some(IN_MEMORY_LIMIT)
    }

    async fn write(&mut self, chunk: &Uint8Array) -> Result<(), Refusal> {
        self.chunks.push(chunk.clone());
        Ok(())
    }

    async fn rewind(&mut self) -> Result<(), Refusal> {
        self.chunks.clear();
        Ok(())
    }

    async fn close(self) -> Result<(), Refusal> {
        save_from_memory(&self.chunks, &self.name)
    }

    async fn abandon(self) {}
}

fn save_from_memory(chunks: &[Uint8Array], name: &str) -> Result<(), Refusal> {
    let parts = Array::new();
    for c in chunks {
        parts.push(c);
    }
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts)
        .map_err(|e| js_error(Key::ErrSaveFailed, e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| js_error(Key::ErrSaveFailed, e))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| js_error(Key::ErrSaveFailed, JsValue::from_str("no document")))?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| js_error(Key::ErrSaveFailed, e))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The browser has taken its own reference; release ours once it has started.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}
