//! Saving an edit without overwriting someone else's change: the image is read again first,
//! and when its `updated_at` is not the one the edit started from, nothing is sent and the
//! remote values come back for the user to decide (the editor shows them side by side).

use serde_json::{Map, Value};

use crate::api::glance::images::get_image;
use crate::api::transport::Transport;
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::model::patch::PatchOp;
use crate::problem::Problem;

/// How a save ended.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// Glance took the patch; the operation is what was sent (for its CLI line).
    Saved(Operation),
    /// The image changed since the edit began: nothing was sent. The image as it is now,
    /// as a JSON map.
    Conflict(Map<String, Value>),
}

/// Saves `ops` on the image unless it changed after `base_updated_at`.
pub async fn save_edit<T: Transport>(
    transport: &T,
    image_id: &str,
    ops: Vec<PatchOp>,
    base_updated_at: Option<&str>,
) -> Result<SaveOutcome, Problem> {
    let remote = transport
        .json::<Image>(&get_image(image_id))
        .await?
        .to_map();
    if remote.get("updated_at").and_then(Value::as_str) != base_updated_at {
        return Ok(SaveOutcome::Conflict(remote));
    }
    let op = Operation::Update {
        image_id: image_id.to_string(),
        ops,
    };
    transport.perform(&op).await?;
    Ok(SaveOutcome::Saved(op))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::error::ApiErrorKind;
    use crate::api::request::Method;
    use crate::flows::scripted::{captured_image as image, run, Scripted};

    const ID: &str = "734533aa-2869-4896-a728-9574bc666407";
    const IMAGE: &str = "/v2/images/734533aa-2869-4896-a728-9574bc666407";
    /// The captured image's `updated_at`.
    const BASE: &str = "2026-11-23T18:11:32Z";

    fn rename() -> Vec<PatchOp> {
        vec![PatchOp::Replace {
            path: "/name".into(),
            value: json!("renamed"),
        }]
    }

    #[test]
    fn an_unchanged_image_gets_the_patch() {
        let script = Scripted::new().ok(Method::Get, IMAGE, image(json!({}))).ok(
            Method::Patch,
            IMAGE,
            image(json!({"name": "renamed"})),
        );
        let out = run(save_edit(&script, ID, rename(), Some(BASE))).unwrap();
        script.finish();
        assert!(matches!(out, SaveOutcome::Saved(Operation::Update { .. })));
        assert_eq!(
            script.bodies.borrow()[1],
            Some(json!([{"op": "replace", "path": "/name", "value": "renamed"}]))
        );
    }

    #[test]
    fn a_remote_change_sends_nothing_and_returns_the_remote_values() {
        let script = Scripted::new().ok(
            Method::Get,
            IMAGE,
            image(json!({"updated_at": "2026-11-24T09:00:00Z", "name": "theirs"})),
        );
        let out = run(save_edit(&script, ID, rename(), Some(BASE))).unwrap();
        script.finish();
        match out {
            SaveOutcome::Conflict(remote) => assert_eq!(remote["name"], "theirs"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_failed_reread_or_patch_is_the_error() {
        let reread = Scripted::new().fails(Method::Get, IMAGE, 404, "No image found with ID");
        let e = run(save_edit(&reread, ID, rename(), Some(BASE))).unwrap_err();
        let e = e.api_error().cloned().expect("a service's error");
        reread.finish();
        assert_eq!(e.kind, ApiErrorKind::NotFound);
        let patch = Scripted::new()
            .ok(Method::Get, IMAGE, image(json!({})))
            .fails(Method::Patch, IMAGE, 403, "Attribute 'owner' is reserved.");
        let e = run(save_edit(&patch, ID, rename(), Some(BASE))).unwrap_err();
        let e = e.api_error().cloned().expect("a service's error");
        patch.finish();
        assert_eq!(
            (e.kind, e.request_id.as_deref()),
            (ApiErrorKind::Forbidden, Some("req-403"))
        );
    }
}
