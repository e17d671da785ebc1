//! What the decompressing worker runs: a compressed `File` read slice by slice, decoded, and
//! written into a file of the Origin Private File System through a synchronous access handle
//! (a worker may block; the page never does).
//!
//! gzip goes through the browser's own `DecompressionStream`. xz, zstd and bzip2 have none in
//! the browser, so pure-Rust decoders run here: `lzma-rust2` (xz, every check type, several
//! streams and their padding), `ruzstd` (zstd frames, skippable frames stepped over) and
//! `bzip2` with its Rust backend `libbz2-rs-sys` (several streams, as `pbzip2` writes). They
//! pull their input through [`BlobReader`], which reads with `FileReaderSync`, so each decoder
//! is an ordinary `std::io::Read` chain.

use std::cell::{Cell, RefCell};
use std::io::{self, Read, Write};
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, FileReaderSync, FileSystemDirectoryHandle, FileSystemFileHandle,
    FileSystemGetDirectoryOptions, FileSystemGetFileOptions, FileSystemReadWriteOptions,
    FileSystemSyncAccessHandle, ReadableStreamDefaultReader, WorkerGlobalScope,
    WritableStreamDefaultWriter,
};

use crate::api::http::{js_error_name, js_message};
use crate::model::disk_sniff::Compression;
use crate::workers::unpack_protocol::{UnpackFailure, UnpackJob, OPFS_ROOT};

/// Compressed bytes read per slice.
const READ_SLICE: f64 = (1 << 20) as f64;
/// Decompressed bytes gathered before one write to the file.
const WRITE_BATCH: usize = 1 << 20;
/// The largest zstd window accepted: the `zstd` tool's own default limit (`--memory=128MB`).
const ZSTD_MAX_WINDOW: u64 = 1 << 27;
/// How often progress is posted, at most.
const PROGRESS_EVERY_MS: f64 = 100.0;

#[wasm_bindgen]
extern "C" {
    /// The browser's `DecompressionStream` (web-sys has it only behind its unstable flag).
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;
}

/// Why a decompression stopped, with the decoder's or the browser's words.
#[derive(Debug)]
pub struct UnpackError {
    /// Its class.
    pub failure: UnpackFailure,
    /// The words.
    pub message: String,
}

impl UnpackError {
    fn browser(e: &JsValue) -> Self {
        UnpackError {
            failure: if js_error_name(e).as_deref() == Some("QuotaExceededError") {
                UnpackFailure::Space
            } else {
                UnpackFailure::Browser
            },
            message: js_message(e),
        }
    }

    fn data(message: impl ToString) -> Self {
        UnpackError {
            failure: UnpackFailure::Data,
            message: message.to_string(),
        }
    }
}

async fn wait<T: JsCast>(promise: js_sys::Promise) -> Result<T, UnpackError> {
    let value = JsFuture::from(promise)
        .await
        .map_err(|e| UnpackError::browser(&e))?;
    Ok(value.unchecked_into())
}

/// Opens `OPFS_ROOT/<dir>/<name>` for writing, made empty, with its directories made.
async fn open_output(job: &UnpackJob) -> Result<FileSystemSyncAccessHandle, UnpackError> {
    let scope: WorkerGlobalScope = js_sys::global().unchecked_into();
    let mut dir: FileSystemDirectoryHandle =
        wait(scope.navigator().storage().get_directory()).await?;
    let create_dir = FileSystemGetDirectoryOptions::new();
    create_dir.set_create(true);
    for part in std::iter::once(OPFS_ROOT).chain(job.dir.split('/')) {
        dir = wait(dir.get_directory_handle_with_options(part, &create_dir)).await?;
    }
    let create_file = FileSystemGetFileOptions::new();
    create_file.set_create(true);
    let file: FileSystemFileHandle =
        wait(dir.get_file_handle_with_options(&job.name, &create_file)).await?;
    let handle: FileSystemSyncAccessHandle = wait(file.create_sync_access_handle()).await?;
    handle
        .truncate_with_f64(0.0)
        .map_err(|e| UnpackError::browser(&e))?;
    Ok(handle)
}

/// Counts of the two sides and when they were last posted.
pub struct Progress {
    read: Cell<u64>,
    written: Cell<u64>,
    posted_ms: Cell<f64>,
    post: Box<dyn Fn(u64, u64)>,
}

impl Progress {
    /// Progress that calls `post(read, written)` at most every [`PROGRESS_EVERY_MS`].
    pub fn new(post: impl Fn(u64, u64) + 'static) -> Rc<Self> {
        Rc::new(Progress {
            read: Cell::new(0),
            written: Cell::new(0),
            posted_ms: Cell::new(0.0),
            post: Box::new(post),
        })
    }

    fn tick(&self) {
        let now = js_sys::Date::now();
        if now - self.posted_ms.get() >= PROGRESS_EVERY_MS {
            self.posted_ms.set(now);
            (self.post)(self.read.get(), self.written.get());
        }
    }

    /// Decompressed bytes written so far.
    pub fn written(&self) -> u64 {
        self.written.get()
    }
}

/// The compressed file as a `Read`, one slice per `FileReaderSync` call; a browser failure
/// is kept so that it is not mistaken for damaged data once the decoder reports it.
struct BlobReader {
    file: Blob,
    reader: FileReaderSync,
    pos: f64,
    buf: Vec<u8>,
    at: usize,
    progress: Rc<Progress>,
    failed: Rc<RefCell<Option<JsValue>>>,
}

impl BlobReader {
    fn at_end(&self) -> bool {
        self.at == self.buf.len() && self.pos >= self.file.size()
    }

    fn fill(&mut self) -> io::Result<()> {
        let end = (self.pos + READ_SLICE).min(self.file.size());
        let read = self
            .file
            .slice_with_f64_and_f64(self.pos, end)
            .and_then(|slice| self.reader.read_as_array_buffer(&slice));
        match read {
            Ok(buffer) => {
                self.buf = Uint8Array::new(&buffer).to_vec();
                self.at = 0;
                self.pos = end;
                self.progress.read.set(end as u64);
                self.progress.tick();
                Ok(())
            }
            Err(e) => {
                let message = js_message(&e);
                *self.failed.borrow_mut() = Some(e);
                Err(io::Error::other(message))
            }
        }
    }
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at == self.buf.len() {
            if self.pos >= self.file.size() {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The output file as a `Write`, in batches of [`WRITE_BATCH`].
struct OpfsWriter {
    handle: FileSystemSyncAccessHandle,
    at: f64,
    batch: Vec<u8>,
    progress: Rc<Progress>,
    failed: Rc<RefCell<Option<JsValue>>>,
}

impl OpfsWriter {
    fn write_batch(&mut self) -> io::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let options = FileSystemReadWriteOptions::new();
        options.set_at(self.at);
        match self
            .handle
            .write_with_u8_array_and_options(&self.batch, &options)
        {
            Ok(n) if n as usize == self.batch.len() => {
                self.at += n;
                self.batch.clear();
                self.progress.written.set(self.at as u64);
                self.progress.tick();
                Ok(())
            }
            Ok(n) => {
                // Chromium answers a write its quota refuses with the file error as a
                // negative count (-8: no space) rather than an exception.
                let e = js_sys::Error::new(&if n < 0.0 {
                    format!("no space left (file error {n})")
                } else {
                    format!("{n} of {} bytes written: no space left", self.batch.len())
                });
                e.set_name("QuotaExceededError");
                *self.failed.borrow_mut() = Some(e.into());
                Err(io::Error::other("short write"))
            }
            Err(e) => {
                let message = js_message(&e);
                *self.failed.borrow_mut() = Some(e);
                Err(io::Error::other(message))
            }
        }
    }
}

impl Write for OpfsWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.batch.extend_from_slice(data);
        if self.batch.len() >= WRITE_BATCH {
            self.write_batch()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_batch()?;
        self.handle
            .flush()
            .map_err(|e| io::Error::other(js_message(&e)))
    }
}

/// Runs `job`: decompresses its file into the OPFS, closes the output, and returns its
/// length. What was written is left in place on failure (the page removes the directory).
pub async fn unpack(job: &UnpackJob, progress: Rc<Progress>) -> Result<u64, UnpackError> {
    let handle = open_output(job).await?;
    let failed = Rc::new(RefCell::new(None));
    let mut out = OpfsWriter {
        handle: handle.clone(),
        at: 0.0,
        batch: Vec::with_capacity(WRITE_BATCH),
        progress: progress.clone(),
        failed: failed.clone(),
    };
    let result = match job.compression {
        Compression::Gzip => gunzip(&job.file, &mut out, &progress).await,
        other => {
            let input = BlobReader {
                file: job.file.clone(),
                reader: FileReaderSync::new().map_err(|e| UnpackError::browser(&e))?,
                pos: 0.0,
                buf: Vec::new(),
                at: 0,
                progress: progress.clone(),
                failed: failed.clone(),
            };
            decode(other, input, &mut out)
        }
    };
    let result = result.and_then(|()| out.flush().map_err(UnpackError::data));
    handle.close();
    // A browser failure on either side outranks what the decoder made of it.
    if let Some(e) = failed.borrow_mut().take() {
        return Err(UnpackError::browser(&e));
    }
    result.map(|()| out.at as u64)
}

/// xz, zstd or bzip2 through its Rust decoder.
fn decode(
    compression: Compression,
    mut input: BlobReader,
    out: &mut OpfsWriter,
) -> Result<(), UnpackError> {
    match compression {
        Compression::Xz => copy(&mut lzma_rust2::XzReader::new(input, true), out),
        Compression::Bzip2 => copy(&mut bzip2::read::MultiBzDecoder::new(input), out),
        Compression::Zstd => {
            use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
            use ruzstd::decoding::StreamingDecoder;
            // A file may hold several frames (`pzstd`, `zstd` on concatenated input).
            while !input.at_end() {
                match StreamingDecoder::new_with_max_window_size(&mut input, ZSTD_MAX_WINDOW) {
                    Ok(mut frame) => copy(&mut frame, out)?,
                    Err(FrameDecoderError::ReadFrameHeaderError(
                        ReadFrameHeaderError::SkipFrame { length, .. },
                    )) => {
                        io::copy(&mut (&mut input).take(u64::from(length)), &mut io::sink())
                            .map_err(UnpackError::data)?;
                    }
                    Err(e) => return Err(UnpackError::data(e)),
                }
            }
            Ok(())
        }
        Compression::Gzip => unreachable!("gzip is the browser's"),
    }
}

/// Copies a decoder's output to the file in large reads.
fn copy(decoder: &mut impl Read, out: &mut OpfsWriter) -> Result<(), UnpackError> {
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        match decoder.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => out.write_all(&buf[..n]).map_err(UnpackError::data)?,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(UnpackError::data(e)),
        }
    }
}

/// gzip through `DecompressionStream`: the file is fed in slices while the output is read,
/// so neither side holds more than a few slices.
async fn gunzip(
    file: &Blob,
    out: &mut OpfsWriter,
    progress: &Rc<Progress>,
) -> Result<(), UnpackError> {
    let stream = DecompressionStream::new("gzip").map_err(|e| UnpackError::browser(&e))?;
    let writer: WritableStreamDefaultWriter = stream
        .writable()
        .get_writer()
        .map_err(|e| UnpackError::browser(&e))?;
    let reader: ReadableStreamDefaultReader = stream.readable().get_reader().unchecked_into();
    let feed_failed = Rc::new(RefCell::new(None::<JsValue>));
    {
        let (file, progress, feed_failed) = (file.clone(), progress.clone(), feed_failed.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let mut pos = 0.0;
            let len = file.size();
            while pos < len {
                let end = (pos + READ_SLICE).min(len);
                let slice = match file.slice_with_f64_and_f64(pos, end) {
                    Ok(slice) => slice,
                    Err(e) => {
                        *feed_failed.borrow_mut() = Some(e.clone());
                        let _ = writer.abort_with_reason(&e);
                        return;
                    }
                };
                let chunk = JsFuture::from(slice.array_buffer()).await;
                let ready = JsFuture::from(writer.ready()).await;
                match (chunk, ready) {
                    (Ok(buffer), Ok(_)) => {
                        // Not awaited: the chunk is taken once the reader drains the output.
                        let _ = writer.write_with_chunk(&Uint8Array::new(&buffer));
                    }
                    // The decoder failed (the reader says why) or the file could not be read.
                    (Err(e), _) => {
                        *feed_failed.borrow_mut() = Some(e.clone());
                        let _ = writer.abort_with_reason(&e);
                        return;
                    }
                    (_, Err(_)) => return,
                }
                pos = end;
                progress.read.set(end as u64);
                progress.tick();
            }
            let _ = writer.close();
        });
    }
    loop {
        let next = JsFuture::from(reader.read()).await;
        if let Some(e) = feed_failed.borrow_mut().take() {
            return Err(UnpackError::browser(&e));
        }
        let next = next.map_err(|e| UnpackError::data(js_message(&e)))?;
        if js_sys::Reflect::get(&next, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true)
        {
            return Ok(());
        }
        let chunk: Uint8Array = js_sys::Reflect::get(&next, &"value".into())
            .map_err(|e| UnpackError::browser(&e))?
            .unchecked_into();
        out.write_all(&chunk.to_vec())
            .map_err(|e| UnpackError::data(e.to_string()))?;
    }
}
