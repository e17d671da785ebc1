//! The request for each [`Operation`]: the one place an operation value becomes HTTP. The
//! CLI line shown beside it comes from the same value
//! ([`crate::model::cli_equivalent::cli_command`]).
//!
//! Data uploads ([`Operation::Upload`], [`Operation::Stage`]) are requests too: their body is
//! the user's file, which the executor sends itself (the app's `BrowserClient::upload`), so
//! the request carries the method, path and headers and no text body.

use crate::api::glance::{actions, images, imports, members, tags};
use crate::api::request::{ApiRequest, Method, Service};
use crate::model::operation::Operation;
use crate::model::query::encode_component;
use crate::model::tag::TagError;

/// Header Glance 33 compares with the bytes it received (a body cut short on the way is a
/// 400 "Size mismatch" and the image stays queued, measured for `/file` and `/stage`).
pub const IMAGE_SIZE_HEADER: &str = "x-openstack-image-size";

/// Header naming the store of a direct upload on a multi-store cloud (glance-direct names
/// its stores on import instead).
pub const STORE_HEADER: &str = "X-Image-Meta-Store";

/// The request that performs `op`. Only tag operations can be refused before sending: a tag
/// Glance would reject, or (for one-tag requests) one a URL path cannot carry, which
/// [`Operation::ReplaceTags`] can.
pub fn request(op: &Operation) -> Result<ApiRequest, TagError> {
    Ok(match op {
        Operation::Create { properties } => images::create_image(properties),
        Operation::Update { image_id, ops } => images::update_image(image_id, ops),
        Operation::AddTag { image_id, tag } => tags::add_tag(image_id, tag)?,
        Operation::RemoveTag { image_id, tag } => tags::remove_tag(image_id, tag)?,
        Operation::ReplaceTags { image_id, tags, .. } => tags::replace_tags(image_id, tags)?,
        Operation::AddMember {
            image_id,
            project_id,
        } => members::add_member(image_id, project_id),
        Operation::RemoveMember {
            image_id,
            project_id,
        } => members::remove_member(image_id, project_id),
        Operation::SetMemberStatus {
            image_id,
            project_id,
            status,
        } => members::update_member_status(image_id, project_id, status),
        Operation::Deactivate { image_id } => actions::deactivate(image_id),
        Operation::Reactivate { image_id } => actions::reactivate(image_id),
        Operation::Delete { image_id } => images::delete_image(image_id),
        Operation::Upload {
            image_id,
            file,
            store,
        } => {
            let mut req = data_request(imports::upload_path(image_id), file.size);
            if let Some(store) = store {
                req = req.header(STORE_HEADER, store.as_str());
            }
            req
        }
        Operation::Stage { image_id, file } => {
            data_request(imports::stage_path(image_id), file.size)
        }
        Operation::Import {
            image_id,
            method,
            stores,
        } => imports::import_image(image_id, method, stores),
        Operation::Download { image_id, .. } => ApiRequest::new(
            Service::Image,
            Method::Get,
            format!("/v2/images/{}/file", encode_component(image_id)),
        ),
    })
}

fn data_request(path: String, size: u64) -> ApiRequest {
    let mut req = ApiRequest::new(Service::Image, Method::Put, path)
        .header(IMAGE_SIZE_HEADER, size.to_string());
    req.content_type = Some(imports::DATA_CONTENT_TYPE);
    req
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::operation::{DataFile, ImportMethod, StoreSelection};

    fn file() -> DataFile {
        DataFile {
            name: "disk.qcow2".into(),
            size: 4096,
        }
    }

    #[test]
    fn uploads_carry_size_type_and_store_but_no_text_body() {
        let req = request(&Operation::Upload {
            image_id: "a b".into(),
            file: file(),
            store: Some("fast".into()),
        })
        .unwrap();
        assert_eq!(req.method, Method::Put);
        assert_eq!(req.path, "/v2/images/a%20b/file");
        assert_eq!(req.content_type, Some("application/octet-stream"));
        assert_eq!(req.body, None);
        assert_eq!(
            req.headers,
            vec![
                (IMAGE_SIZE_HEADER.to_string(), "4096".to_string()),
                (STORE_HEADER.to_string(), "fast".to_string())
            ]
        );
        let stage = request(&Operation::Stage {
            image_id: "i".into(),
            file: file(),
        })
        .unwrap();
        assert_eq!(stage.path, "/v2/images/i/stage");
        assert_eq!(stage.headers.len(), 1, "a stage names no store");
    }

    #[test]
    fn each_operation_reaches_its_endpoint() {
        let id = || "i".to_string();
        let cases = [
            (
                Operation::Create {
                    properties: serde_json::json!({"name": "n"}),
                },
                Method::Post,
                "/v2/images",
            ),
            (
                Operation::Delete { image_id: id() },
                Method::Delete,
                "/v2/images/i",
            ),
            (
                Operation::Deactivate { image_id: id() },
                Method::Post,
                "/v2/images/i/actions/deactivate",
            ),
            (
                Operation::Import {
                    image_id: id(),
                    method: ImportMethod::GlanceDirect,
                    stores: StoreSelection::Default,
                },
                Method::Post,
                "/v2/images/i/import",
            ),
            (
                Operation::Download {
                    image_id: id(),
                    file_name: "f".into(),
                },
                Method::Get,
                "/v2/images/i/file",
            ),
            (
                Operation::ReplaceTags {
                    image_id: id(),
                    tags: vec!["a/b".into()],
                    before: vec![],
                },
                Method::Patch,
                "/v2/images/i",
            ),
        ];
        for (op, method, path) in cases {
            let req = request(&op).unwrap();
            assert_eq!((req.method, req.path.as_str()), (method, path), "{op:?}");
        }
    }

    #[test]
    fn a_tag_a_path_cannot_carry_is_refused_before_sending() {
        let op = Operation::AddTag {
            image_id: "i".into(),
            tag: "a/b".into(),
        };
        assert_eq!(request(&op), Err(TagError::NotUrlSafe));
    }
}
