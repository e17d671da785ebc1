//! The interoperable image import API's requests: discovery (`/v2/info/import`,
//! `/v2/info/stores`), the data paths (`/stage`, `/file`) and `POST /v2/images/{id}/import`.
//! What the answers mean (the offered methods and stores, an import's progress, why one
//! failed) is [`crate::model::import`].
//!
//! The data itself is not an [`ApiRequest`]: the browser sends the `File` as the body of an
//! `XMLHttpRequest` (for upload progress; see docs/measured-facts.md), so this module only
//! names the paths.

use serde_json::{json, Map, Value};

use crate::api::request::{ApiRequest, Method, Service};
use crate::model::operation::{ImportMethod, StoreSelection};
use crate::model::query::encode_component;

/// Content type Glance requires on `PUT …/file` and `PUT …/stage` (anything else is 415).
pub const DATA_CONTENT_TYPE: &str = "application/octet-stream";

/// `GET /v2/info/import`: which import methods the cloud has enabled.
pub fn get_import_info() -> ApiRequest {
    ApiRequest::new(Service::Image, Method::Get, "/v2/info/import")
}

/// `GET /v2/info/stores`: the cloud's stores. Glance answers 404 when it is not configured
/// with multiple stores (`enabled_backends`); the portal then has nothing to choose from.
pub fn get_stores_info() -> ApiRequest {
    ApiRequest::new(Service::Image, Method::Get, "/v2/info/stores")
}

/// `GET /v2/images/{id}/tasks`: the image's import tasks that have not expired
/// ([`crate::model::import_task::ImageTasks`]); the only place Glance says why an import
/// failed. Any user who may see the image may read them.
pub fn get_image_tasks(image_id: &str) -> ApiRequest {
    ApiRequest::new(
        Service::Image,
        Method::Get,
        format!("/v2/images/{}/tasks", encode_component(image_id)),
    )
}

/// Path of `PUT /v2/images/{id}/stage` (glance-direct, step 1: the data goes to staging; the
/// image becomes `uploading`).
pub fn stage_path(image_id: &str) -> String {
    format!("/v2/images/{}/stage", encode_component(image_id))
}

/// Path of `PUT /v2/images/{id}/file` (the classic one-step upload; the image becomes
/// `active`).
pub fn upload_path(image_id: &str) -> String {
    format!("/v2/images/{}/file", encode_component(image_id))
}

/// `POST /v2/images/{id}/import` (202 Accepted; progress is then read from the image, see
/// [`crate::model::import::import_progress`]). Field names follow Glance's `ImagesController.import_image` and
/// `utils.get_stores_from_request`: `stores` and `all_stores` are mutually exclusive.
pub fn import_image(image_id: &str, method: &ImportMethod, stores: &StoreSelection) -> ApiRequest {
    let mut method_obj = Map::new();
    method_obj.insert("name".into(), method.wire_name().into());
    if let ImportMethod::WebDownload { uri } = method {
        method_obj.insert("uri".into(), uri.as_str().into());
    }
    let mut body = Map::new();
    body.insert("method".into(), Value::Object(method_obj));
    match stores {
        StoreSelection::Default => {}
        StoreSelection::Stores {
            ids,
            all_must_succeed,
        } => {
            body.insert("stores".into(), json!(ids));
            body.insert("all_stores_must_succeed".into(), json!(all_must_succeed));
        }
        StoreSelection::AllStores { all_must_succeed } => {
            body.insert("all_stores".into(), json!(true));
            body.insert("all_stores_must_succeed".into(), json!(all_must_succeed));
        }
    }
    ApiRequest::new(
        Service::Image,
        Method::Post,
        format!("/v2/images/{}/import", encode_component(image_id)),
    )
    .json(&Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(req: &ApiRequest) -> Value {
        serde_json::from_str(req.body.as_deref().unwrap()).unwrap()
    }

    #[test]
    fn paths_encode_the_id() {
        assert_eq!(stage_path("a b"), "/v2/images/a%20b/stage");
        assert_eq!(upload_path("x/y"), "/v2/images/x%2Fy/file");
        assert_eq!(get_import_info().path, "/v2/info/import");
        assert_eq!(get_stores_info().method, Method::Get);
        assert_eq!(get_image_tasks("a/b").path, "/v2/images/a%2Fb/tasks");
    }

    #[test]
    fn glance_direct_to_the_default_store_sends_only_the_method() {
        let req = import_image("id1", &ImportMethod::GlanceDirect, &StoreSelection::Default);
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.path, "/v2/images/id1/import");
        assert_eq!(req.content_type, Some("application/json"));
        assert_eq!(body(&req), json!({"method": {"name": "glance-direct"}}));
    }

    #[test]
    fn web_download_to_named_stores() {
        let req = import_image(
            "id1",
            &ImportMethod::WebDownload {
                uri: "https://example.com/a.qcow2".into(),
            },
            &StoreSelection::Stores {
                ids: vec!["fast".into(), "cheap".into()],
                all_must_succeed: false,
            },
        );
        assert_eq!(
            body(&req),
            json!({
                "method": {"name": "web-download", "uri": "https://example.com/a.qcow2"},
                "stores": ["fast", "cheap"],
                "all_stores_must_succeed": false
            })
        );
    }

    #[test]
    fn copy_image_to_all_stores_never_sends_stores() {
        let req = import_image(
            "id1",
            &ImportMethod::CopyImage,
            &StoreSelection::AllStores {
                all_must_succeed: true,
            },
        );
        assert_eq!(
            body(&req),
            json!({
                "method": {"name": "copy-image"},
                "all_stores": true,
                "all_stores_must_succeed": true
            })
        );
    }
}
