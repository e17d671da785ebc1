//! Download with verification: stream `GET /v2/images/{id}/file`, hash md5 + sha512 as bytes
//! arrive, and write them straight to disk through the File System Access API where the
//! browser has it (nothing held in memory). Elsewhere the bytes are collected in memory up to
//! [`IN_MEMORY_LIMIT`] and saved through a download link; the page says which happened.
//! At the end the digests are compared with Glance's, in glanceclient's order.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::glance::operation;
use crate::api::http::BrowserClient;
use crate::i18n::{Key, Text};
use crate::model::checksum::{verify_download, MultiHasher, Verification};
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::model::size::human_size;
use crate::problem::{Problem, Refusal, RefusalReason};

/// The largest image the fallback keeps in memory before saving.
pub const IN_MEMORY_LIMIT: u64 = 2 * 1024 * 1024 * 1024;

/// How the bytes reached the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveMethod {
    /// Streamed to a file the user picked (File System Access API).
    Streamed,
    /// Collected in memory, then saved through a download link.
    InMemory,
}

/// The outcome of a download.
#[derive(Clone, Debug, PartialEq)]
pub struct Downloaded {
    /// Bytes received.
    pub bytes: u64,
    /// How they were saved.
    pub method: SaveMethod,
    /// The comparison with Glance's hashes.
    pub verification: Verification,
    /// What was done, for its CLI line.
    pub operation: Operation,
}

/// The browser's own words for a failure it reports as a JS value.
fn js_detail(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// The browser failed at `step` of saving (a catalog message with its detail as `{0}`).
fn js_error(step: Key, e: JsValue) -> Refusal {
    Refusal::new(RefusalReason::Browser, step, &[&js_detail(&e)])
}

/// The download's connection broke while the body was coming in.
fn broke(e: JsValue) -> ApiError {
    ApiError::worded(
        ApiErrorKind::Network,
        Text::new(Key::ErrDownloadBroke, &[&js_detail(&e)]),
    )
}

fn too_large() -> Refusal {
    Refusal::new(
        RefusalReason::Browser,
        Key::ErrDownloadTooLarge,
        &[&human_size(IN_MEMORY_LIMIT)],
    )
}

async fn call_async(target: &JsValue, method: &str, args: &Array) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    let promise: Promise = f.apply(target, args)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// Asks where to save, when the browser can stream to disk. Must run first in a click handler
/// (the picker needs the user's gesture); `Ok(None)` means "no picker here, use memory".
pub async fn pick_target(suggested_name: &str) -> Result<Option<JsValue>, Refusal> {
    let window: JsValue = web_sys::window()
        .map(JsValue::from)
        .unwrap_or(JsValue::UNDEFINED);
    let has_picker = Reflect::get(&window, &"showSaveFilePicker".into())
        .map(|f| f.is_function())
        .unwrap_or(false);
    if !has_picker {
        return Ok(None);
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"suggestedName".into(), &suggested_name.into());
    let handle = call_async(&window, "showSaveFilePicker", &Array::of1(&options))
        .await
        .map_err(|e| js_error(Key::ErrSaveNotChosen, e))?;
    let writable = call_async(&handle, "createWritable", &Array::new())
        .await
        .map_err(|e| js_error(Key::ErrSaveCannotWrite, e))?;
    Ok(Some(writable))
}

/// Downloads the image's data into `target` (from [`pick_target`]) or memory, reporting
/// bytes received, and verifies it.
pub async fn download(
    client: &BrowserClient,
    image: &Image,
    target: Option<JsValue>,
    on_progress: impl Fn(u64),
) -> Result<Downloaded, Problem> {
    if target.is_none() && image.size.unwrap_or(0) > IN_MEMORY_LIMIT {
        return Err(too_large().into());
    }
    let operation = Operation::Download {
        image_id: image.id.clone(),
        file_name: image.display_name().to_string(),
    };
    let request = operation::request(&operation)?;
    let response = client.open_stream(&request).await?;
    let content_md5 = response.headers().get("Content-MD5").ok().flatten();
    let body = response.body().ok_or_else(|| {
        ApiError::worded(ApiErrorKind::Decode, Text::new(Key::ErrDownloadNoBody, &[]))
    })?;
    let reader: web_sys::ReadableStreamDefaultReader =
        body.get_reader().dyn_into().map_err(|e| broke(e.into()))?;
    let mut hasher = MultiHasher::new();
    let mut received: u64 = 0;
    let mut kept: Vec<Uint8Array> = Vec::new();
    let mut scratch: Vec<u8> = Vec::new();
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(broke)?;
        if Reflect::get(&step, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            == Some(true)
        {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&step, &"value".into())
            .map_err(broke)?
            .unchecked_into();
        let n = chunk.length() as usize;
        // One scratch buffer grows to the largest chunk and is reused.
        if scratch.len() < n {
            scratch.resize(n, 0);
        }
        chunk.copy_to(&mut scratch[..n]);
        hasher.update(&scratch[..n]);
        received += n as u64;
        match &target {
            Some(writable) => {
                call_async(writable, "write", &Array::of1(&chunk))
                    .await
                    .map_err(|e| js_error(Key::ErrSaveFailed, e))?;
            }
            None => {
                if received > IN_MEMORY_LIMIT {
                    return Err(too_large().into());
                }
                kept.push(chunk);
            }
        }
        on_progress(received);
    }
    let method = match &target {
        Some(writable) => {
            call_async(writable, "close", &Array::new())
                .await
                .map_err(|e| js_error(Key::ErrSaveFailed, e))?;
            SaveMethod::Streamed
        }
        None => {
            save_from_memory(&kept, image.display_name())?;
            SaveMethod::InMemory
        }
    };
    let local = hasher.finish();
    Ok(Downloaded {
        bytes: received,
        method,
        verification: verify_download(&local, image, content_md5.as_deref()),
        operation,
    })
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
