//! Web Worker entry: hashes a `File`/`Blob` with md5 and sha512 off the main thread, so the
//! page never blocks while gigabytes are read.
//!
//! Protocol (structured-clone messages):
//! - in: `{ id, file: Blob, chunk: number, algorithms: "both" | "md5" | "sha512" }`; the page
//!   passes the `File` itself (a handle), never its bytes.
//! - out: `{ type: "ready" }` once the handler is installed (the wasm module initialises
//!   asynchronously, and a message posted before that would be lost), then per job
//!   `{ id, type: "progress", hashed }` after each slice, then
//!   `{ id, type: "done", md5, sha512, millis, wasm_bytes }` or `{ id, type: "error", message }`.
//!
//! Slices are read with `Blob.slice(f64, f64)` (the i32 variant breaks past 2 GiB) into one
//! reused buffer, so memory stays flat whatever the file size.

use glance_portal::model::checksum::{ChunkPlan, MultiHasher};
use js_sys::{Object, Reflect, Uint8Array};
use md5::Digest;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
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

/// Which digests a job computes (single ones serve the benchmark's per-algorithm figures).
enum Algorithms {
    Both(Box<MultiHasher>),
    Md5(md5::Md5),
    Sha512(sha2::Sha512),
}

async fn hash_job(
    scope: &DedicatedWorkerGlobalScope,
    id: &JsValue,
    data: &JsValue,
) -> Result<(), JsValue> {
    let file: Blob = Reflect::get(data, &"file".into())?.dyn_into()?;
    let chunk = Reflect::get(data, &"chunk".into())?
        .as_f64()
        .unwrap_or(glance_portal::model::checksum::DEFAULT_CHUNK as f64) as u64;
    let algorithms = Reflect::get(data, &"algorithms".into())?
        .as_string()
        .unwrap_or_else(|| "both".into());
    let mut hasher = match algorithms.as_str() {
        "md5" => Algorithms::Md5(md5::Md5::new()),
        "sha512" => Algorithms::Sha512(sha2::Sha512::new()),
        _ => Algorithms::Both(Box::new(MultiHasher::new())),
    };
    let started = js_sys::Date::now();
    let plan = ChunkPlan::new(file.size() as u64, chunk.max(1));
    let mut buffer = vec![0u8; chunk.max(1) as usize];
    for (start, end) in plan.chunks() {
        let slice = file.slice_with_f64_and_f64(start as f64, end as f64)?;
        let bytes = Uint8Array::new(&JsFuture::from(slice.array_buffer()).await?);
        let n = bytes.length() as usize;
        bytes.copy_to(&mut buffer[..n]);
        match &mut hasher {
            Algorithms::Both(h) => h.update(&buffer[..n]),
            Algorithms::Md5(h) => h.update(&buffer[..n]),
            Algorithms::Sha512(h) => h.update(&buffer[..n]),
        }
        post(scope, id, "progress", &[("hashed", (end as f64).into())]);
    }
    let (md5_hex, sha512_hex) = match hasher {
        Algorithms::Both(h) => {
            let d = h.finish();
            (d.md5, d.sha512)
        }
        Algorithms::Md5(h) => (hex(&h.finalize()), String::new()),
        Algorithms::Sha512(h) => (String::new(), hex(&h.finalize())),
    };
    let wasm_bytes = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .unchecked_into::<js_sys::ArrayBuffer>()
                .byte_length() as f64
        })
        .unwrap_or(0.0);
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
