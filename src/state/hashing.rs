//! Hashing an upload's file in the browser while it is sent: two Web Workers, one computing
//! md5 and the other sha512 (one core each: together they finish about when the slower digest
//! alone would). The md5 worker reads the file once and hands each slice to the sha512 worker
//! through a `MessageChannel`, rather than both reading the whole file (the benchmark's A/B,
//! docs/measured-facts.md). They speak [`crate::workers::protocol`]'s messages.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, MessageChannel, MessageEvent, MessagePort, Worker};

use crate::flows::download::StreamHasher;
use crate::flows::hashing::{HashProgress, HashTask, Hasher};
use crate::i18n::Key;
use crate::model::checksum::{LocalDigests, DEFAULT_CHUNK};
use crate::problem::{Refusal, RefusalReason};
use crate::workers::protocol::{Digests, HashJob, Relay, WorkerMessage, RELAY_END};

/// A hashing failure, in the catalog's words with the browser's detail.
fn hashing_error(key: Key, detail: &str) -> Refusal {
    Refusal::new(RefusalReason::Browser, key, &[detail])
}

/// The worker script trunk builds (index.html's `data-type="worker"` link).
const WORKER_URL: &str = "/hasher_loader.js";

/// Starts one worker for `digests` on `file` (or, with none, on what arrives through its
/// relay port); the promise resolves with the worker's [`WorkerMessage::Done`] (as posted)
/// and rejects with its failure.
fn start_worker(
    file: Option<&File>,
    digests: Digests,
    relay: Relay,
    on_progress: impl Fn(u64, u64) + 'static,
) -> Result<(Worker, js_sys::Promise), Refusal> {
    let worker = Worker::new(WORKER_URL)
        .map_err(|e| hashing_error(Key::ErrHashingStart, &format!("{e:?}")))?;
    let job = HashJob {
        file: file.map(|f| f.clone().unchecked_into()),
        chunk: DEFAULT_CHUNK,
        digests,
        relay,
    }
    .to_js();
    let on_progress = Rc::new(on_progress);
    let result = js_sys::Promise::new(&mut |resolve, reject| {
        let on_progress = on_progress.clone();
        let (worker_ref, job) = (worker.clone(), job.clone());
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data();
            match WorkerMessage::from_js(&data) {
                // A job posted before the worker listens would be lost.
                WorkerMessage::Ready => {
                    let (job, transfer) = &job;
                    if let Err(e) = worker_ref.post_message_with_transfer(job, transfer) {
                        let _ = reject.call1(&JsValue::NULL, &e);
                    }
                }
                WorkerMessage::Progress { hashed, wasm_bytes } => on_progress(hashed, wasm_bytes),
                WorkerMessage::Done { .. } => {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
                WorkerMessage::Failed { message } => {
                    let _ = reject.call1(&JsValue::NULL, &message.into());
                }
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    });
    Ok((worker, result))
}

/// md5 and sha512 being computed in two Web Workers at once.
pub struct Hashing {
    workers: [Worker; 2],
    done: js_sys::Promise,
}

/// Starts hashing `file` now (not when awaited: it must run alongside the upload);
/// `on_progress` gets the bytes both workers have hashed and their wasm memory together.
fn start_hashing(
    file: &File,
    on_progress: impl Fn(u64, u64) + 'static,
) -> Result<Hashing, Refusal> {
    let done = Rc::new([Cell::new(0u64), Cell::new(0u64)]);
    let memory = Rc::new([Cell::new(0u64), Cell::new(0u64)]);
    let on_progress = Rc::new(on_progress);
    let report = |i: usize| {
        let (done, memory, on_progress) = (done.clone(), memory.clone(), on_progress.clone());
        move |n: u64, bytes: u64| {
            done[i].set(n);
            memory[i].set(bytes);
            on_progress(
                done[0].get().min(done[1].get()),
                memory[0].get() + memory[1].get(),
            );
        }
    };
    let channel = MessageChannel::new()
        .map_err(|e| hashing_error(Key::ErrHashingStart, &format!("{e:?}")))?;
    let (md5_worker, md5_done) = start_worker(
        Some(file),
        Digests::Md5,
        Relay::Forward(channel.port1()),
        report(0),
    )?;
    // The sha512 worker hashes the slices the md5 worker read: it is sent no file.
    let sha_started = start_worker(
        None,
        Digests::Sha512,
        Relay::Receive(channel.port2()),
        report(1),
    );
    let (sha_worker, sha_done) = match sha_started {
        Ok(started) => started,
        Err(e) => {
            md5_worker.terminate();
            return Err(e);
        }
    };
    Ok(Hashing {
        workers: [md5_worker, sha_worker],
        done: js_sys::Promise::all(&js_sys::Array::of2(&md5_done, &sha_done)),
    })
}

/// The hashing seam's browser side: jobs run in the two workers above.
#[derive(Clone, Copy, Debug, Default)]
pub struct WorkerHasher;

impl Hasher for WorkerHasher {
    type Body = File;
    type Job = Hashing;

    fn start(
        &self,
        body: &File,
        on_progress: Box<dyn Fn(HashProgress)>,
    ) -> Result<Hashing, Refusal> {
        start_hashing(body, move |hashed, memory| {
            on_progress(HashProgress { hashed, memory })
        })
    }
}

impl HashTask for Hashing {
    /// Waits for both digests.
    async fn finish(self) -> Result<LocalDigests, Refusal> {
        both_digests(self.done, &self.workers).await
    }

    /// Stops both workers (the upload failed or was cancelled).
    fn abandon(self) {
        for w in &self.workers {
            w.terminate();
        }
    }
}

/// Waits for the md5 worker's and the sha512 worker's `Done` (in that order in `done`), then
/// stops both.
async fn both_digests(
    done: js_sys::Promise,
    workers: &[Worker; 2],
) -> Result<LocalDigests, Refusal> {
    let outcome = wasm_bindgen_futures::JsFuture::from(done).await;
    for w in workers {
        w.terminate();
    }
    let results =
        js_sys::Array::from(&outcome.map_err(|e| {
            hashing_error(Key::ErrHashingFailed, &e.as_string().unwrap_or_default())
        })?);
    let digest = |i: u32| match WorkerMessage::from_js(&results.get(i)) {
        WorkerMessage::Done { md5, sha512, .. } => Ok((md5, sha512)),
        other => Err(hashing_error(Key::ErrHashingFailed, &format!("{other:?}"))),
    };
    let (md5, _) = digest(0)?;
    let (_, sha512) = digest(1)?;
    Ok(LocalDigests {
        md5: md5.unwrap_or_default(),
        sha512: sha512.unwrap_or_default(),
    })
}

/// Chunks handed to a worker and not yet hashed, at most: enough to keep both workers busy,
/// few enough that a download faster than sha512 waits instead of piling chunks up in memory.
const STREAM_IN_FLIGHT: u64 = 16;

/// md5 and sha512 of a download's chunks, computed in the two hashing workers as the chunks
/// arrive (not on the page's thread): each chunk is copied to both workers' ports, and
/// [`StreamHasher::update`] waits while a worker is [`STREAM_IN_FLIGHT`] chunks behind.
pub struct WorkerStreamHasher {
    workers: [Worker; 2],
    ports: [MessagePort; 2],
    done: Option<js_sys::Promise>,
    posted: u64,
    /// Chunks each worker has hashed (its acks).
    hashed: Rc<[Cell<u64>; 2]>,
    /// Wakes the update waiting for an ack.
    waiter: Rc<std::cell::RefCell<Option<js_sys::Function>>>,
    _on_ack: [Closure<dyn Fn(MessageEvent)>; 2],
}

impl WorkerStreamHasher {
    /// Starts both workers, each receiving the chunks on its own port.
    pub fn start() -> Result<Self, Refusal> {
        let channel = || {
            MessageChannel::new()
                .map_err(|e| hashing_error(Key::ErrHashingStart, &format!("{e:?}")))
        };
        let (md5_channel, sha_channel) = (channel()?, channel()?);
        let (md5_worker, md5_done) = start_worker(
            None,
            Digests::Md5,
            Relay::Receive(md5_channel.port2()),
            |_, _| {},
        )?;
        let sha = start_worker(
            None,
            Digests::Sha512,
            Relay::Receive(sha_channel.port2()),
            |_, _| {},
        );
        let (sha_worker, sha_done) = sha.inspect_err(|_| md5_worker.terminate())?;
        let hashed: Rc<[Cell<u64>; 2]> = Rc::new([Cell::new(0), Cell::new(0)]);
        let waiter: Rc<std::cell::RefCell<Option<js_sys::Function>>> = Rc::default();
        let ack = |i: usize| {
            let (hashed, waiter) = (hashed.clone(), waiter.clone());
            Closure::<dyn Fn(MessageEvent)>::new(move |_: MessageEvent| {
                hashed[i].set(hashed[i].get() + 1);
                if let Some(wake) = waiter.borrow_mut().take() {
                    let _ = wake.call0(&JsValue::NULL);
                }
            })
        };
        let on_ack = [ack(0), ack(1)];
        let ports = [md5_channel.port1(), sha_channel.port1()];
        for (port, on_ack) in ports.iter().zip(&on_ack) {
            port.set_onmessage(Some(on_ack.as_ref().unchecked_ref()));
        }
        Ok(WorkerStreamHasher {
            workers: [md5_worker, sha_worker],
            ports,
            done: Some(js_sys::Promise::all(&js_sys::Array::of2(
                &md5_done, &sha_done,
            ))),
            posted: 0,
            hashed,
            waiter,
            _on_ack: on_ack,
        })
    }

    fn behind(&self) -> u64 {
        let slowest = self.hashed[0].get().min(self.hashed[1].get());
        self.posted.saturating_sub(slowest)
    }
}

impl StreamHasher<Uint8Array> for WorkerStreamHasher {
    async fn update(&mut self, chunk: &Uint8Array) -> Result<(), Refusal> {
        for port in &self.ports {
            // A copy each: the chunk itself still goes to the file (or memory).
            let copy = chunk.slice(0, chunk.length()).buffer();
            port.post_message_with_transferable(&copy, &js_sys::Array::of1(&copy))
                .map_err(|e| hashing_error(Key::ErrHashingFailed, &format!("{e:?}")))?;
        }
        self.posted += 1;
        // Acks arrive only while this task waits, so none is missed between check and wait.
        while self.behind() >= STREAM_IN_FLIGHT {
            let waiter = self.waiter.clone();
            let next = js_sys::Promise::new(&mut |resolve, _| *waiter.borrow_mut() = Some(resolve));
            let _ = wasm_bindgen_futures::JsFuture::from(next).await;
        }
        Ok(())
    }

    async fn finish(mut self) -> Result<LocalDigests, Refusal> {
        for port in &self.ports {
            let _ = port.post_message(&RELAY_END.into());
        }
        let done = self.done.take().expect("finished once");
        both_digests(done, &self.workers).await
    }
}

impl Drop for WorkerStreamHasher {
    /// A hasher dropped unfinished (the download failed, was cancelled or started over)
    /// stops its workers.
    fn drop(&mut self) {
        for port in &self.ports {
            port.set_onmessage(None);
        }
        for w in &self.workers {
            w.terminate();
        }
    }
}
