//! Web Worker entry: decompresses one compressed disk image into the Origin Private File
//! System, so the page can sniff, hash and upload the disk itself.
//!
//! The messages it reads and posts are `glance_portal::workers::unpack_protocol`'s, shared
//! with the page: `Ready` once the handler is installed, then `Progress`, and `Done` or
//! `Failed`. A cancel is the page terminating the worker; the page then removes the file.

use glance_portal::workers::unpack::{unpack, Progress};
use glance_portal::workers::unpack_protocol::{UnpackJob, UnpackMessage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let scope = reply_to.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let message = match UnpackJob::from_js(&ev.data()) {
                Ok(job) => run(&scope, &job).await,
                Err(e) => UnpackMessage::Failed {
                    failure: glance_portal::workers::unpack_protocol::UnpackFailure::Browser,
                    message: e.as_string().unwrap_or_default(),
                },
            };
            post(&scope, &message);
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &UnpackMessage::Ready);
}

fn post(scope: &DedicatedWorkerGlobalScope, message: &UnpackMessage) {
    let _ = scope.post_message(&message.to_js());
}

async fn run(scope: &DedicatedWorkerGlobalScope, job: &UnpackJob) -> UnpackMessage {
    let progress = {
        let scope = scope.clone();
        Progress::new(move |read, written| post(&scope, &UnpackMessage::Progress { read, written }))
    };
    match unpack(job, progress).await {
        Ok(written) => UnpackMessage::Done { written },
        Err(e) => UnpackMessage::Failed {
            failure: e.failure,
            message: e.message,
        },
    }
}
