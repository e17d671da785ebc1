//! Reads a picked file's first and last bytes (the only parts format detection needs) and
//! recognises its disk format, for the create page and for uploads into a queued image.

use web_sys::File;

use crate::model::disk_sniff::{sniff, SniffResult, HEAD_BYTES, TAIL_BYTES};

/// Bytes `start..end` of `file`; an error gives the browser's words.
pub(crate) async fn read_range(file: &File, start: f64, end: f64) -> Result<Vec<u8>, String> {
    let slice = file
        .slice_with_f64_and_f64(start, end)
        .map_err(|e| format!("{e:?}"))?;
    let buffer = wasm_bindgen_futures::JsFuture::from(slice.array_buffer())
        .await
        .map_err(|e| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| format!("{e:?}"))
        })?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The file's detected format; an error says why the browser could not read it (moved,
/// permissions).
pub async fn sniff_file(file: &File) -> Result<SniffResult, String> {
    let len = file.size();
    let head = read_range(file, 0.0, len.min(HEAD_BYTES as f64)).await?;
    let tail = read_range(file, (len - TAIL_BYTES as f64).max(0.0), len).await?;
    Ok(sniff(&head, &tail, len as u64))
}
