//! The messages between the page and the hashing worker, typed once for both sides: the page
//! ([`crate::state::hashing`]) posts a [`HashJob`] and reads [`WorkerMessage`]s; the worker
//! (`src/workers/hasher.rs`) reads the job and posts the messages. Both convert through the
//! functions here, so a field renamed on one side cannot go unnoticed on the other.
//!
//! Messages are structured-clone objects. The job carries the `File` itself (a handle), never
//! its bytes. Two workers hashing one file for different digests may share one read of it: the
//! page links them with a `MessageChannel`, and the worker that reads hands each slice it read
//! to the other through its port ([`Relay`]).

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, MessagePort};

/// Which digests a worker computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digests {
    /// md5 only.
    Md5,
    /// sha512 only.
    Sha512,
    /// Both in one pass.
    Both,
}

impl Digests {
    /// The name on the wire.
    pub fn wire_name(self) -> &'static str {
        match self {
            Digests::Md5 => "md5",
            Digests::Sha512 => "sha512",
            Digests::Both => "both",
        }
    }

    /// From the wire name; anything unknown computes both (never less than asked).
    pub fn from_wire(name: &str) -> Self {
        match name {
            "md5" => Digests::Md5,
            "sha512" => Digests::Sha512,
            _ => Digests::Both,
        }
    }
}

/// Where a worker's bytes come from, and where they go after.
#[derive(Clone, Debug, Default)]
pub enum Relay {
    /// It reads the file itself and keeps the slices to itself.
    #[default]
    Alone,
    /// It reads the file and hands each slice (transferred, not copied) to the worker at the
    /// other end of the port, which answers each one it has hashed.
    Forward(MessagePort),
    /// It never reads the file: slices arrive on the port (an `ArrayBuffer` each, then
    /// [`RELAY_END`]), and it answers each with the bytes hashed so far.
    Receive(MessagePort),
}

/// The message that ends a relayed file.
pub const RELAY_END: &str = "end";

/// A job for the worker: hash `file` in slices of `chunk` bytes, or what arrives on its port.
#[derive(Clone, Debug)]
pub struct HashJob {
    /// The file (a handle; the worker reads it slice by slice); `None` for a worker that
    /// only hashes what arrives on its port ([`Relay::Receive`]: a download's chunks).
    pub file: Option<Blob>,
    /// Slice size in bytes.
    pub chunk: u64,
    /// What to compute.
    pub digests: Digests,
    /// Whether the read is shared with another worker.
    pub relay: Relay,
}

/// What the worker tells the page.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkerMessage {
    /// The handler is installed: a job posted before this would be lost (the wasm module
    /// initialises asynchronously).
    Ready,
    /// After each slice: bytes hashed so far, and the worker's wasm memory (so a benchmark
    /// can watch it stay flat while a large file goes by).
    Progress {
        /// Bytes hashed.
        hashed: u64,
        /// The worker's wasm memory in bytes.
        wasm_bytes: u64,
    },
    /// The digests asked for (hex), the time taken and the memory at the end.
    Done {
        /// md5, when asked.
        md5: Option<String>,
        /// sha512, when asked.
        sha512: Option<String>,
        /// Milliseconds spent.
        millis: f64,
        /// The worker's wasm memory in bytes.
        wasm_bytes: u64,
    },
    /// The job failed (the file could not be read).
    Failed {
        /// The browser's message.
        message: String,
    },
}

/// Sets `key` on a message object.
pub(crate) fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

/// Reads `key` of a message (undefined when absent).
pub(crate) fn get(source: &JsValue, key: &str) -> JsValue {
    Reflect::get(source, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Reads the number `key` of a message (0 when absent).
pub(crate) fn number(source: &JsValue, key: &str) -> u64 {
    get(source, key).as_f64().unwrap_or(0.0) as u64
}

impl HashJob {
    /// The job as a message, and what must be transferred with it (the relay's port).
    pub fn to_js(&self) -> (JsValue, js_sys::Array) {
        let job = Object::new();
        if let Some(file) = &self.file {
            set(&job, "file", file);
        }
        set(&job, "chunk", &(self.chunk as f64).into());
        set(&job, "algorithms", &self.digests.wire_name().into());
        let transfer = js_sys::Array::new();
        let (role, port) = match &self.relay {
            Relay::Alone => ("alone", None),
            Relay::Forward(port) => ("forward", Some(port)),
            Relay::Receive(port) => ("receive", Some(port)),
        };
        set(&job, "relay", &role.into());
        if let Some(port) = port {
            set(&job, "port", port);
            transfer.push(port);
        }
        (job.into(), transfer)
    }

    /// Reads a job; `default_chunk` when the page sent none.
    pub fn from_js(data: &JsValue, default_chunk: u64) -> Result<Self, JsValue> {
        Ok(HashJob {
            file: get(data, "file").dyn_into().ok(),
            chunk: get(data, "chunk")
                .as_f64()
                .map(|c| c as u64)
                .unwrap_or(default_chunk),
            digests: Digests::from_wire(&get(data, "algorithms").as_string().unwrap_or_default()),
            relay: match get(data, "relay").as_string().as_deref() {
                Some("forward") => Relay::Forward(get(data, "port").dyn_into()?),
                Some("receive") => Relay::Receive(get(data, "port").dyn_into()?),
                _ => Relay::Alone,
            },
        })
    }
}

impl WorkerMessage {
    /// The message as posted.
    pub fn to_js(&self) -> JsValue {
        let msg = Object::new();
        let kind = match self {
            WorkerMessage::Ready => "ready",
            WorkerMessage::Progress { hashed, wasm_bytes } => {
                set(&msg, "hashed", &(*hashed as f64).into());
                set(&msg, "wasm_bytes", &(*wasm_bytes as f64).into());
                "progress"
            }
            WorkerMessage::Done {
                md5,
                sha512,
                millis,
                wasm_bytes,
            } => {
                set(
                    &msg,
                    "md5",
                    &md5.clone().map(JsValue::from).unwrap_or(JsValue::NULL),
                );
                set(
                    &msg,
                    "sha512",
                    &sha512.clone().map(JsValue::from).unwrap_or(JsValue::NULL),
                );
                set(&msg, "millis", &(*millis).into());
                set(&msg, "wasm_bytes", &(*wasm_bytes as f64).into());
                "done"
            }
            WorkerMessage::Failed { message } => {
                set(&msg, "message", &message.as_str().into());
                "error"
            }
        };
        set(&msg, "type", &kind.into());
        msg.into()
    }

    /// Reads a message; anything unrecognised is a failure that says what arrived.
    pub fn from_js(data: &JsValue) -> Self {
        let text = |key: &str| get(data, key).as_string();
        match text("type").as_deref() {
            Some("ready") => WorkerMessage::Ready,
            Some("progress") => WorkerMessage::Progress {
                hashed: number(data, "hashed"),
                wasm_bytes: number(data, "wasm_bytes"),
            },
            Some("done") => WorkerMessage::Done {
                md5: text("md5"),
                sha512: text("sha512"),
                millis: get(data, "millis").as_f64().unwrap_or(0.0),
                wasm_bytes: number(data, "wasm_bytes"),
            },
            Some("error") => WorkerMessage::Failed {
                message: text("message").unwrap_or_default(),
            },
            other => WorkerMessage::Failed {
                message: format!("unexpected message from the hashing worker: {other:?}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_names_round_trip_and_unknown_means_both() {
        for d in [Digests::Md5, Digests::Sha512, Digests::Both] {
            assert_eq!(Digests::from_wire(d.wire_name()), d);
        }
        assert_eq!(Digests::from_wire("sha3"), Digests::Both);
    }
}
