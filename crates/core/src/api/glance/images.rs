//! `/v2/images`: list, show, create, update and delete.

use crate::api::request::{ApiRequest, Method, Service};
use crate::model::filters::ImageListQuery;
use crate::model::patch::{patch_body, PatchOp, PATCH_CONTENT_TYPE};
use crate::model::query::encode_component;

/// `GET /v2/images` for one page of the list view.
pub fn list_images(query: &ImageListQuery) -> ApiRequest {
    let mut req = ApiRequest::new(Service::Image, Method::Get, "/v2/images");
    req.query = query.to_glance_pairs();
    req
}

/// `GET /v2/images/{id}`.
pub fn get_image(id: &str) -> ApiRequest {
    ApiRequest::new(
        Service::Image,
        Method::Get,
        format!("/v2/images/{}", encode_component(id)),
    )
}

/// `DELETE /v2/images/{id}`.
pub fn delete_image(id: &str) -> ApiRequest {
    ApiRequest::new(
        Service::Image,
        Method::Delete,
        format!("/v2/images/{}", encode_component(id)),
    )
}

/// `PATCH /v2/images/{id}` with a JSON-patch (see [`crate::model::patch::diff`]). Glance
/// answers with the whole updated image.
pub fn update_image(id: &str, ops: &[PatchOp]) -> ApiRequest {
    let mut req = ApiRequest::new(
        Service::Image,
        Method::Patch,
        format!("/v2/images/{}", encode_component(id)),
    );
    req.body = Some(patch_body(ops).to_string());
    req.content_type = Some(PATCH_CONTENT_TYPE);
    req
}

/// `POST /v2/images` with the given properties.
pub fn create_image(properties: &serde_json::Value) -> ApiRequest {
    ApiRequest::new(Service::Image, Method::Post, "/v2/images").json(properties)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::filters::list_query_from_url;

    #[test]
    fn list_request_carries_filters() {
        let (q, _) = list_query_from_url("status=active&tag=e2e&limit=50");
        let req = list_images(&q);
        assert_eq!(
            req.url("/image"),
            "/image/v2/images?status=active&tag=e2e&limit=50&sort=created_at%3Adesc"
        );
    }

    #[test]
    fn ids_are_path_encoded() {
        assert_eq!(get_image("a/b").path, "/v2/images/a%2Fb");
        assert_eq!(delete_image("x").method, Method::Delete);
    }

    #[test]
    fn update_sends_a_json_patch() {
        let ops = [
            PatchOp::Replace {
                path: "/name".into(),
                value: "n".into(),
            },
            PatchOp::Remove {
                path: "/a~1b".into(),
            },
        ];
        let req = update_image("a/b", &ops);
        assert_eq!(req.method, Method::Patch);
        assert_eq!(req.path, "/v2/images/a%2Fb");
        assert_eq!(
            req.content_type,
            Some("application/openstack-images-v2.1-json-patch")
        );
        let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!([
                {"op": "replace", "path": "/name", "value": "n"},
                {"op": "remove", "path": "/a~1b"}
            ])
        );
    }
}
