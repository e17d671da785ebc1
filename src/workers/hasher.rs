//! Web Worker entry: hashes a `File`/`Blob` with md5 and sha512 off the main thread, so the
//! page never blocks while gigabytes are read.
//!
//! Protocol (structured-clone messages):
//! - in: `{ id, file: Blob, chunk: number, algorithms: "both" | "md5" | "sha512" }`; the page
//!   passes the `File` itself (a handle), never its bytes.
//! - out: `{ type: "ready" }` once the handler is installed (the wasm module initialises
//!   asynchronously, and a message posted before that would be lost), then per job
//!   `{ id, type: "progress", hashed, wasm_bytes }` after each slice (its memory, so a
//!   benchmark can watch it stay flat while a large file goes by), then
//!   `{ id, type: "done", md5, sha512, millis, wasm_bytes }` or `{ id, type: "error", message }`.
//!
//! The hashing itself is `glance_portal::workers::blob_hash`, tested in the browser.

use glance_portal::model::checksum::DEFAULT_CHUNK;
use glance_portal::workers::blob_hash::{hash_blob, Algorithms};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let scope = reply_to.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let data = ev.data();
            let id = Reflect::get(&data, &"id".into()).unwrap_or(JsValue::NULL);
            if let Err(e) = hash_job(&scope, &id, &data).await {
                let message = e.as_string().unwrap_or_else(|| format!("{e:?}"));
                post(&scope, &id, "error", &[("message", message.into())]);
            }
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &JsValue::NULL, "ready", &[]);
}

fn post(scope: &DedicatedWorkerGlobalScope, id: &JsValue, kind: &str, fields: &[(&str, JsValue)]) {
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"id".into(), id);
    let _ = Reflect::set(&msg, &"type".into(), &kind.into());
    for (k, v) in fields {
        let _ = Reflect::set(&msg, &(*k).into(), v);
    }
    let _ = scope.post_message(&msg);
}

async fn hash_job(
    scope: &DedicatedWorkerGlobalScope,
    id: &JsValue,
    data: &JsValue,
) -> Result<(), JsValue> {
    let file: Blob = Reflect::get(data, &"file".into())?.dyn_into()?;
    let chunk = Reflect::get(data, &"chunk".into())?
        .as_f64()
        .unwrap_or(DEFAULT_CHUNK as f64) as u64;
    let algorithms = Reflect::get(data, &"algorithms".into())?
        .as_string()
        .unwrap_or_else(|| "both".into());
    let started = js_sys::Date::now();
    let (md5_hex, sha512_hex) = hash_blob(&file, chunk, Algorithms::named(&algorithms), |done| {
        post(
            scope,
            id,
            "progress",
            &[
                ("hashed", (done as f64).into()),
                ("wasm_bytes", wasm_bytes().into()),
            ],
        );
    })
    .await?;
    let wasm_bytes = wasm_bytes();
    post(
        scope,
        id,
        "done",
        &[
            ("md5", md5_hex.into()),
            ("sha512", sha512_hex.into()),
            ("millis", (js_sys::Date::now() - started).into()),
            ("wasm_bytes", wasm_bytes.into()),
        ],
    );
    Ok(())
}

/// The size of this worker's wasm memory (it only grows, so the last reading is the peak).
fn wasm_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .unchecked_into::<js_sys::ArrayBuffer>()
                .byte_length() as f64
        })
        .unwrap_or(0.0)
}
