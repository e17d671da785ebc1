//! Web Worker entry: hashes a `File`/`Blob` with md5 and sha512 off the main thread, so the
//! page never blocks while gigabytes are read.
//!
//! The messages it reads and posts are `glance_portal::workers::protocol`'s, shared with the
//! page: `Ready` once the handler is installed, then per job `Progress` after each slice and
//! `Done` or `Failed`. The hashing itself is `glance_portal::workers::blob_hash`, tested in
//! the browser.

use glance_portal::model::checksum::DEFAULT_CHUNK;
use glance_portal::workers::blob_hash::{
    hash_blob, hash_blob_forwarding, hash_relayed, Algorithms,
};
use glance_portal::workers::protocol::{HashJob, Relay, WorkerMessage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::DedicatedWorkerGlobalScope;

fn main() {
    glance_portal::workers::serve(
        |scope, data| async move {
            if let Err(e) = hash_job(&scope, &data).await {
                let message = e.as_string().unwrap_or_else(|| format!("{e:?}"));
                post(&scope, &WorkerMessage::Failed { message });
            }
        },
        &WorkerMessage::Ready.to_js(),
    );
}

fn post(scope: &DedicatedWorkerGlobalScope, message: &WorkerMessage) {
    let _ = scope.post_message(&message.to_js());
}

async fn hash_job(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Result<(), JsValue> {
    let job = HashJob::from_js(data, DEFAULT_CHUNK)?;
    let started = js_sys::Date::now();
    let algorithms = Algorithms::new(job.digests);
    let progress = {
        let scope = scope.clone();
        move |done| {
            post(
                &scope,
                &WorkerMessage::Progress {
                    hashed: done,
                    wasm_bytes: wasm_bytes(),
                },
            )
        }
    };
    let file = || {
        job.file
            .as_ref()
            .ok_or_else(|| JsValue::from_str("a job that reads a file names one"))
    };
    let (md5, sha512) = match &job.relay {
        Relay::Alone => hash_blob(file()?, job.chunk, algorithms, progress).await?,
        Relay::Forward(peer) => {
            hash_blob_forwarding(file()?, job.chunk, algorithms, peer, progress).await?
        }
        Relay::Receive(peer) => hash_relayed(peer.clone(), algorithms, job.chunk, progress).await?,
    };
    let some = |hex: String| (!hex.is_empty()).then_some(hex);
    post(
        scope,
        &WorkerMessage::Done {
            md5: some(md5),
            sha512: some(sha512),
            millis: js_sys::Date::now() - started,
            wasm_bytes: wasm_bytes(),
        },
    );
    Ok(())
}

/// The size of this worker's wasm memory (it only grows, so the last reading is the peak).
fn wasm_bytes() -> u64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .unchecked_into::<js_sys::ArrayBuffer>()
                .byte_length() as u64
        })
        .unwrap_or(0)
}
