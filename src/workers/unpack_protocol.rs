//! The messages between the page and the decompressing worker, typed once for both sides:
//! the page ([`crate::state::decompress`]) posts an [`UnpackJob`] and reads
//! [`UnpackMessage`]s; the worker (`src/workers/decompressor.rs`) reads the job and posts
//! the messages.
//!
//! The job carries the compressed `File` (a handle, never its bytes) and where in the Origin
//! Private File System the decompressed file goes: `OPFS_ROOT/<dir>/<name>`.

use js_sys::Object;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Blob;

use crate::model::disk_sniff::Compression;

use super::protocol::{get, number, set};

/// The OPFS directory that holds every tab's decompressed files, one directory per tab.
pub const OPFS_ROOT: &str = "gp-decompressed";

/// Decompress `file` into `OPFS_ROOT/<dir>/<name>`.
#[derive(Clone, Debug)]
pub struct UnpackJob {
    /// The compressed file.
    pub file: Blob,
    /// How it is compressed.
    pub compression: Compression,
    /// The directory under [`OPFS_ROOT`] (`<tab>/<job>`).
    pub dir: String,
    /// The decompressed file's name.
    pub name: String,
}

impl UnpackJob {
    /// The job as posted.
    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        set(&o, "file", &self.file);
        set(&o, "compression", &self.compression.name().into());
        set(&o, "dir", &self.dir.as_str().into());
        set(&o, "name", &self.name.as_str().into());
        o.into()
    }

    /// The job as received; an error names what is missing.
    pub fn from_js(data: &JsValue) -> Result<Self, JsValue> {
        let text = |key: &str| {
            get(data, key)
                .as_string()
                .ok_or_else(|| JsValue::from_str(&format!("a decompression job names its {key}")))
        };
        let compression = match text("compression")?.as_str() {
            "gzip" => Compression::Gzip,
            "xz" => Compression::Xz,
            "zstd" => Compression::Zstd,
            "bzip2" => Compression::Bzip2,
            other => return Err(format!("no decoder for {other}").into()),
        };
        Ok(UnpackJob {
            file: get(data, "file")
                .dyn_into()
                .map_err(|_| JsValue::from_str("a decompression job carries its file"))?,
            compression,
            dir: text("dir")?,
            name: text("name")?,
        })
    }
}

/// Why a decompression stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnpackFailure {
    /// The browser's storage quota ran out.
    Space,
    /// The compressed data is damaged or not what its header says.
    Data,
    /// The browser would not read the file or write the output.
    Browser,
}

impl UnpackFailure {
    fn wire_name(self) -> &'static str {
        match self {
            UnpackFailure::Space => "space",
            UnpackFailure::Data => "data",
            UnpackFailure::Browser => "browser",
        }
    }
}

/// What the worker tells the page.
#[derive(Clone, Debug, PartialEq)]
pub enum UnpackMessage {
    /// Listening: the job may be posted.
    Ready,
    /// Compressed bytes read and decompressed bytes written so far.
    Progress {
        /// Compressed bytes read.
        read: u64,
        /// Decompressed bytes written.
        written: u64,
    },
    /// The decompressed file is whole and closed.
    Done {
        /// Its length.
        written: u64,
    },
    /// It stopped; what was written is left for the page to remove.
    Failed {
        /// Why.
        failure: UnpackFailure,
        /// The decoder's or the browser's words.
        message: String,
    },
}

impl UnpackMessage {
    /// The message as posted.
    pub fn to_js(&self) -> JsValue {
        let o = Object::new();
        let kind = match self {
            UnpackMessage::Ready => "ready",
            UnpackMessage::Progress { read, written } => {
                set(&o, "read", &(*read as f64).into());
                set(&o, "written", &(*written as f64).into());
                "progress"
            }
            UnpackMessage::Done { written } => {
                set(&o, "written", &(*written as f64).into());
                "done"
            }
            UnpackMessage::Failed { failure, message } => {
                set(&o, "failure", &failure.wire_name().into());
                set(&o, "message", &message.as_str().into());
                "failed"
            }
        };
        set(&o, "kind", &kind.into());
        o.into()
    }

    /// The message as received; anything unrecognised is a browser failure.
    pub fn from_js(data: &JsValue) -> Self {
        match get(data, "kind").as_string().as_deref() {
            Some("ready") => UnpackMessage::Ready,
            Some("progress") => UnpackMessage::Progress {
                read: number(data, "read"),
                written: number(data, "written"),
            },
            Some("done") => UnpackMessage::Done {
                written: number(data, "written"),
            },
            Some("failed") => UnpackMessage::Failed {
                failure: match get(data, "failure").as_string().as_deref() {
                    Some("space") => UnpackFailure::Space,
                    Some("data") => UnpackFailure::Data,
                    _ => UnpackFailure::Browser,
                },
                message: get(data, "message").as_string().unwrap_or_default(),
            },
            _ => UnpackMessage::Failed {
                failure: UnpackFailure::Browser,
                message: format!("{data:?}"),
            },
        }
    }
}
