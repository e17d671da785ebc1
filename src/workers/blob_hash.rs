//! Hashing a `Blob`/`File` in slices: `Blob.slice(f64, f64)` (the i32 variant breaks past
//! 2 GiB) + `arrayBuffer()`, copied into one reused buffer, so memory stays flat whatever the
//! file size.
//!
//! Two workers may share one read ([`hash_blob_forwarding`] and [`hash_relayed`]): reading a
//! slice costs about as much as hashing it with md5, so two workers that each read the whole
//! file pay for it twice (docs/measured-facts.md has the A/B).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{ArrayBuffer, Function, Promise, Uint8Array};
use md5::Digest;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, MessagePort};

use crate::model::checksum::{ChunkPlan, MultiHasher};
use crate::workers::protocol::{Digests, RELAY_END};

/// Slices a forwarding worker may have handed on before the receiver has hashed them: enough
/// to keep the receiver busy while the next slice is read, few enough to bound memory (4 × 8
/// MiB).
const IN_FLIGHT: u64 = 4;

/// Which digests to compute; single ones serve the benchmark and the two-worker upload.
pub enum Algorithms {
    /// md5 and sha512 in one pass.
    Both(Box<MultiHasher>),
    /// md5 only.
    Md5(md5::Md5),
    /// sha512 only.
    Sha512(sha2::Sha512),
}

impl Algorithms {
    /// Fresh hashers for the digests a job asks for.
    pub fn new(digests: Digests) -> Self {
        match digests {
            Digests::Md5 => Algorithms::Md5(md5::Md5::new()),
            Digests::Sha512 => Algorithms::Sha512(sha2::Sha512::new()),
            Digests::Both => Algorithms::Both(Box::new(MultiHasher::new())),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Algorithms::Both(h) => h.update(bytes),
            Algorithms::Md5(h) => h.update(bytes),
            Algorithms::Sha512(h) => h.update(bytes),
        }
    }

    /// `(md5, sha512)` in lowercase hex; the one not computed is empty.
    pub fn finish(self) -> (String, String) {
        match self {
            Algorithms::Both(h) => {
                let d = h.finish();
                (d.md5, d.sha512)
            }
            Algorithms::Md5(h) => (hex(&h.finalize()), String::new()),
            Algorithms::Sha512(h) => (String::new(), hex(&h.finalize())),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes `blob` in `chunk`-byte slices, calling `on_progress` with the bytes done.
pub async fn hash_blob(
    blob: &Blob,
    chunk: u64,
    algorithms: Algorithms,
    on_progress: impl Fn(u64),
) -> Result<(String, String), JsValue> {
    read_and_hash(blob, chunk, algorithms, None, on_progress).await
}

/// Hashes `blob` like [`hash_blob`], and hands each slice read to the worker at the other end of
/// `peer` (transferred: the bytes are not copied again), waiting when it is [`IN_FLIGHT`]
/// slices behind. Ends the relay with [`RELAY_END`].
pub async fn hash_blob_forwarding(
    blob: &Blob,
    chunk: u64,
    algorithms: Algorithms,
    peer: &MessagePort,
    on_progress: impl Fn(u64),
) -> Result<(String, String), JsValue> {
    read_and_hash(blob, chunk, algorithms, Some(peer), on_progress).await
}

/// The one read loop of both: each slice is copied into the reused buffer and hashed, and,
/// with a `peer`, transferred to it once copied.
async fn read_and_hash(
    blob: &Blob,
    chunk: u64,
    mut algorithms: Algorithms,
    peer: Option<&MessagePort>,
    on_progress: impl Fn(u64),
) -> Result<(String, String), JsValue> {
    let chunk = chunk.max(1);
    let plan = ChunkPlan::new(blob.size() as u64, chunk);
    let mut buffer = vec![0u8; chunk as usize];
    let acked = Rc::new(Cell::new(0u64));
    let waiter: Rc<RefCell<Option<Function>>> = Rc::default();
    let on_ack = {
        let (acked, waiter) = (acked.clone(), waiter.clone());
        Closure::<dyn Fn(MessageEvent)>::new(move |_: MessageEvent| {
            acked.set(acked.get() + 1);
            if let Some(wake) = waiter.borrow_mut().take() {
                let _ = wake.call0(&JsValue::NULL);
            }
        })
    };
    if let Some(peer) = peer {
        peer.set_onmessage(Some(on_ack.as_ref().unchecked_ref()));
    }
    let mut sent = 0u64;
    for (start, end) in plan.chunks() {
        let slice = blob.slice_with_f64_and_f64(start as f64, end as f64)?;
        let read: ArrayBuffer = JsFuture::from(slice.array_buffer()).await?.dyn_into()?;
        let n = read.byte_length() as usize;
        Uint8Array::new(&read).copy_to(&mut buffer[..n]);
        if let Some(peer) = peer {
            peer.post_message_with_transferable(&read, &js_sys::Array::of1(&read))?;
            sent += 1;
        }
        algorithms.update(&buffer[..n]);
        on_progress(end);
        // Acks arrive only while this task waits, so none is missed between the check and
        // the wait.
        while sent.saturating_sub(acked.get()) >= IN_FLIGHT {
            let next_ack = Promise::new(&mut |resolve, _| *waiter.borrow_mut() = Some(resolve));
            JsFuture::from(next_ack).await?;
        }
    }
    if let Some(peer) = peer {
        peer.post_message(&RELAY_END.into())?;
        peer.set_onmessage(None);
    }
    Ok(algorithms.finish())
}

/// Hashes the slices another worker reads and hands on through `peer`
/// ([`hash_blob_forwarding`]), answering each with the bytes hashed so far; resolves at
/// [`RELAY_END`].
pub async fn hash_relayed(
    peer: MessagePort,
    algorithms: Algorithms,
    chunk: u64,
    on_progress: impl Fn(u64) + 'static,
) -> Result<(String, String), JsValue> {
    let state = Rc::new(RefCell::new(Some(algorithms)));
    let finished: Rc<RefCell<Option<Function>>> = Rc::default();
    let hashed = Rc::new(Cell::new(0u64));
    let buffer = Rc::new(RefCell::new(vec![0u8; chunk.max(1) as usize]));
    let done = Promise::new(&mut |resolve, _| *finished.borrow_mut() = Some(resolve));
    let on_slice = {
        let (state, finished, peer_ack) = (state.clone(), finished.clone(), peer.clone());
        Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data();
            let Some(read) = data.dyn_ref::<ArrayBuffer>() else {
                if data.as_string().as_deref() == Some(RELAY_END) {
                    if let Some(resolve) = finished.borrow_mut().take() {
                        let _ = resolve.call0(&JsValue::NULL);
                    }
                }
                return;
            };
            let n = read.byte_length() as usize;
            let mut buffer = buffer.borrow_mut();
            if buffer.len() < n {
                buffer.resize(n, 0);
            }
            Uint8Array::new(read).copy_to(&mut buffer[..n]);
            if let Some(h) = state.borrow_mut().as_mut() {
                h.update(&buffer[..n]);
            }
            hashed.set(hashed.get() + n as u64);
            on_progress(hashed.get());
            let _ = peer_ack.post_message(&(hashed.get() as f64).into());
        })
    };
    peer.set_onmessage(Some(on_slice.as_ref().unchecked_ref()));
    JsFuture::from(done).await?;
    peer.set_onmessage(None);
    drop(on_slice);
    let algorithms = state.borrow_mut().take();
    algorithms
        .map(Algorithms::finish)
        .ok_or_else(|| JsValue::from_str("the relayed hash finished twice"))
}
