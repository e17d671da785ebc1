//! Web Worker entry: decompresses one compressed disk image into the Origin Private File
//! System, so the page can sniff, hash and upload the disk itself.
//!
//! The messages it reads and posts are `glance_portal::workers::unpack_protocol`'s, shared
//! with the page: `Ready` once the handler is installed, then `Progress`, and `Done` or
//! `Failed`. A cancel is the page terminating the worker; the page then removes the file.

use glance_portal::workers::unpack::{unpack, Progress};
use glance_portal::workers::unpack_protocol::{UnpackFailure, UnpackJob, UnpackMessage};
use web_sys::DedicatedWorkerGlobalScope;

fn main() {
    glance_portal::workers::serve(
        |scope, data| async move {
            let message = match UnpackJob::from_js(&data) {
                Ok(job) => run(&scope, &job).await,
                Err(e) => UnpackMessage::Failed {
                    failure: UnpackFailure::Browser,
                    message: e.as_string().unwrap_or_default(),
                },
            };
            post(&scope, &message);
        },
        &UnpackMessage::Ready.to_js(),
    );
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
