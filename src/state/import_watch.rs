//! Following an import (web-download, glance-direct, copy-image) until Glance settles it.
//! Glance works asynchronously after `POST …/import` answers 202; the image's
//! `os_glance_importing_to_stores` lists the stores still pending, so the import is settled
//! once that list is empty and the image is neither `importing` nor `uploading` (staged by
//! glance-direct, its import still to start).

use crate::api::error::ApiError;
use crate::api::glance::images::get_image;
use crate::api::glance::imports::{import_progress, ImportProgress};
use crate::api::http::Client;
use crate::model::image::{Image, ImageStatus};

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Polls the image every `interval_ms` (for at most an hour), reporting each reading, until
/// the import has settled; returns the image as Glance left it (the caller reads `status`,
/// `stores` and `os_glance_failed_import` from it).
pub async fn watch_import(
    client: &Client,
    image_id: &str,
    interval_ms: i32,
    on_progress: impl Fn(&Image, &ImportProgress),
) -> Result<Image, ApiError> {
    let mut last = None;
    for _ in 0..(3_600_000 / interval_ms.max(1)) {
        sleep_ms(interval_ms).await;
        let image = client.json::<Image>(&get_image(image_id)).await?;
        let progress = import_progress(&image);
        on_progress(&image, &progress);
        let settled = !progress.in_progress() && image.status != ImageStatus::Uploading;
        last = Some(image);
        if settled {
            break;
        }
    }
    last.ok_or_else(unreachable_poll)
}

fn unreachable_poll() -> ApiError {
    ApiError::new(
        crate::api::error::ApiErrorKind::Network,
        "the import was not followed (no poll ran)",
    )
}
