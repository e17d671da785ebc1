//! Following Glance's asynchronous work until it settles: an import (web-download,
//! glance-direct, copy-image) after `POST …/import` answered 202, and an aborted upload
//! that Glance is still tearing down. The image's `os_glance_importing_to_stores` lists the
//! stores still pending, so an import is settled once that list is empty and the image is
//! neither `importing` nor `uploading` (staged by glance-direct, its import still to start).

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::glance::images::get_image;
use crate::api::glance::imports::get_image_tasks;
use crate::api::transport::Transport;
use crate::i18n::{Key, Text};
use crate::model::image::{Image, ImageStatus};
use crate::model::import::{import_failure, import_progress, ImportProgress};
use crate::model::import_task::ImageTasks;
use crate::model::operation::Operation;
use crate::problem::Problem;

/// Longest an import is followed: an hour, after which the caller shows the image as it is.
const WATCH_LIMIT_MS: u32 = 3_600_000;

/// Polls the image every `interval_ms` (for at most an hour), reporting each reading, until
/// the import has settled; returns the image as Glance left it (the caller reads `status`,
/// `stores` and `os_glance_failed_import` from it).
pub async fn watch_import<T: Transport>(
    transport: &T,
    image_id: &str,
    interval_ms: u32,
    on_progress: impl Fn(&Image, &ImportProgress),
) -> Result<Image, Problem> {
    let mut last = None;
    for _ in 0..(WATCH_LIMIT_MS / interval_ms.max(1)).max(1) {
        transport.sleep_ms(interval_ms).await;
        let image = transport.json::<Image>(&get_image(image_id)).await?;
        let progress = import_progress(&image);
        on_progress(&image, &progress);
        let settled = !progress.in_progress() && image.status != ImageStatus::Uploading;
        last = Some(image);
        if settled {
            break;
        }
    }
    last.ok_or_else(|| {
        ApiError::worded(
            ApiErrorKind::Network,
            Text::new(Key::ErrImportNotFollowed, &[]),
        )
        .into()
    })
}

/// Imports staged data with `glance-direct` and waits until Glance has finished (active) or
/// given up (Glance's reason from the import task, else the failed store). Safe to call
/// again after a failure: the import is requested only while the image is still
/// `uploading` (staged, not yet imported). `on_sent_format` gets the image's `disk_format`
/// while it is still the one the image was created with (before the import).
pub async fn import_staged<T: Transport>(
    transport: &T,
    image_id: &str,
    store: Option<&str>,
    on_sent_format: impl FnOnce(Option<String>),
) -> Result<Image, Problem> {
    let image = transport.json::<Image>(&get_image(image_id)).await?;
    if image.status == ImageStatus::Active {
        return Ok(image);
    }
    on_sent_format(image.disk_format.as_ref().map(|f| f.as_str().to_string()));
    if image.status == ImageStatus::Uploading {
        transport
            .perform(&Operation::glance_direct_import(image_id, store))
            .await?;
    }
    let image = watch_import(transport, image_id, 500, |_, _| {}).await?;
    if image.status == ImageStatus::Active {
        return Ok(image);
    }
    // The task is the only place Glance says why; without it, the image's own record.
    let tasks = transport
        .json::<ImageTasks>(&get_image_tasks(image_id))
        .await
        .ok();
    Err(import_failure("glance-direct", &image, tasks.as_ref()).into())
}

/// How long [`settled_image`] waits for Glance to leave `saving`, in polls of 500 ms.
const SETTLE_POLLS: usize = 20;

/// The image once Glance has finished with an aborted upload. Right after a cancel, Glance
/// may still be tearing the request down and report `saving` for a moment before it puts
/// the image back to `queued`; a retry clicked then must not be refused. Waits up to 10 s.
pub async fn settled_image<T: Transport>(transport: &T, image_id: &str) -> Result<Image, ApiError> {
    let mut image = transport.json::<Image>(&get_image(image_id)).await?;
    for _ in 0..SETTLE_POLLS {
        if image.status != ImageStatus::Saving {
            break;
        }
        transport.sleep_ms(500).await;
        image = transport.json::<Image>(&get_image(image_id)).await?;
    }
    Ok(image)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::api::error::ApiErrorKind;
    use crate::api::request::Method;
    use crate::flows::scripted::{captured_image as image, run, Scripted};

    const ID: &str = "734533aa-2869-4896-a728-9574bc666407";
    const IMAGE: &str = "/v2/images/734533aa-2869-4896-a728-9574bc666407";

    fn failed_tasks() -> Value {
        serde_json::from_str(include_str!(
            "../../tests/fixtures/glance_image_tasks_failed.json"
        ))
        .unwrap()
    }

    #[test]
    fn a_staged_image_is_imported_and_followed_until_active() {
        let script = Scripted::new()
            .ok(
                Method::Get,
                IMAGE,
                image(json!({"status": "uploading", "disk_format": "qcow2"})),
            )
            .accepted(Method::Post, &format!("{IMAGE}/import"))
            .ok(
                Method::Get,
                IMAGE,
                image(json!({"status": "importing", "os_glance_importing_to_stores": "fs"})),
            )
            .ok(
                Method::Get,
                IMAGE,
                image(json!({"status": "active", "os_glance_importing_to_stores": ""})),
            );
        let mut sent_format = None;
        let done = run(import_staged(&script, ID, Some("fs"), |f| sent_format = f)).unwrap();
        script.finish();
        assert_eq!(done.status, ImageStatus::Active);
        assert_eq!(
            sent_format.as_deref(),
            Some("qcow2"),
            "read before the import"
        );
        let import = script.bodies.borrow()[1].clone().unwrap();
        assert_eq!(
            import,
            json!({"method": {"name": "glance-direct"}, "stores": ["fs"], "all_stores_must_succeed": true})
        );
        assert_eq!(*script.sleeps.borrow(), vec![500, 500]);
    }

    #[test]
    fn an_image_already_active_is_not_imported_again() {
        let script = Scripted::new().ok(Method::Get, IMAGE, image(json!({})));
        let done = run(import_staged(&script, ID, None, |_| panic!("not read"))).unwrap();
        script.finish();
        assert_eq!(done.status, ImageStatus::Active);
    }

    #[test]
    fn a_retry_after_the_import_was_accepted_only_follows_it() {
        // Importing already: no second POST (Glance would answer 409).
        let script = Scripted::new()
            .ok(
                Method::Get,
                IMAGE,
                image(json!({"status": "importing", "os_glance_importing_to_stores": "fs"})),
            )
            .ok(
                Method::Get,
                IMAGE,
                image(json!({"status": "active", "os_glance_importing_to_stores": ""})),
            );
        assert!(run(import_staged(&script, ID, None, |_| {})).is_ok());
        script.finish();
    }

    #[test]
    fn a_failed_import_is_explained_from_its_task() {
        let script = Scripted::new()
            .ok(Method::Get, IMAGE, image(json!({"status": "uploading"})))
            .accepted(Method::Post, &format!("{IMAGE}/import"))
            .ok(Method::Get, IMAGE, image(json!({"status": "queued", "os_glance_importing_to_stores": "", "os_glance_failed_import": "fs"})))
            .ok(Method::Get, &format!("{IMAGE}/tasks"), failed_tasks());
        let e = run(import_staged(&script, ID, None, |_| {})).unwrap_err();
        let e = e.api_error().cloned().expect("a service's error");
        script.finish();
        let task_message = failed_tasks()["tasks"][0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(e.message.contains(&task_message), "{}", e.message);
    }

    #[test]
    fn a_refused_import_request_is_the_error() {
        let script = Scripted::new()
            .ok(Method::Get, IMAGE, image(json!({"status": "uploading"})))
            .fails(
                Method::Post,
                &format!("{IMAGE}/import"),
                409,
                "Image status transition from uploading to importing is not allowed",
            );
        let e = run(import_staged(&script, ID, None, |_| {})).unwrap_err();
        let e = e.api_error().cloned().expect("a service's error");
        script.finish();
        assert_eq!((e.kind, e.status), (ApiErrorKind::Conflict, Some(409)));
        assert_eq!(e.request_id.as_deref(), Some("req-409"));
    }

    #[test]
    fn watching_reports_each_reading_and_stops_when_settled() {
        let script = Scripted::new()
            .ok(
                Method::Get,
                IMAGE,
                image(json!({"status": "importing", "os_glance_importing_to_stores": "a,b"})),
            )
            .ok(
                Method::Get,
                IMAGE,
                image(json!({"status": "active", "os_glance_importing_to_stores": "b"})),
            )
            .ok(
                Method::Get,
                IMAGE,
                image(json!({"status": "active", "os_glance_importing_to_stores": ""})),
            );
        let seen = std::cell::RefCell::new(Vec::new());
        let done = run(watch_import(&script, ID, 1000, |_, p| {
            seen.borrow_mut().push(p.importing_to.len())
        }))
        .unwrap();
        script.finish();
        assert_eq!(done.status, ImageStatus::Active);
        assert_eq!(*seen.borrow(), vec![2, 1, 0]);
    }

    #[test]
    fn a_lost_image_while_watching_is_the_error() {
        let script = Scripted::new().fails(Method::Get, IMAGE, 404, "No image found");
        let e = run(watch_import(&script, ID, 1000, |_, _| {})).unwrap_err();
        let e = e.api_error().cloned().expect("a service's error");
        script.finish();
        assert_eq!(e.kind, ApiErrorKind::NotFound);
    }

    #[test]
    fn after_a_cancel_saving_is_waited_out_until_queued() {
        let script = Scripted::new()
            .ok(Method::Get, IMAGE, image(json!({"status": "saving"})))
            .ok(Method::Get, IMAGE, image(json!({"status": "saving"})))
            .ok(Method::Get, IMAGE, image(json!({"status": "queued"})));
        let img = run(settled_image(&script, ID)).unwrap();
        script.finish();
        assert_eq!(img.status, ImageStatus::Queued);
        assert_eq!(script.sleeps.borrow().len(), 2);
    }

    #[test]
    fn an_image_stuck_in_saving_is_returned_as_it_is_after_ten_seconds() {
        let mut script = Scripted::new();
        for _ in 0..=SETTLE_POLLS {
            script = script.ok(Method::Get, IMAGE, image(json!({"status": "saving"})));
        }
        let img = run(settled_image(&script, ID)).unwrap();
        script.finish();
        assert_eq!(
            img.status,
            ImageStatus::Saving,
            "the caller refuses the retry"
        );
        assert_eq!(script.sleeps.borrow().iter().sum::<u32>(), 10_000);
    }
}
