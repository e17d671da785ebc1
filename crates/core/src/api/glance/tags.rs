//! `/v2/images/{id}/tags/{tag}`: adding and removing one tag.
//!
//! The tag travels in the URL path, and not every tag survives that trip to Glance (see
//! [`crate::model::tag`], which holds the rules so that forms can check a tag before anything
//! is sent). Such tags are refused here with [`TagError::NotUrlSafe`]; they can still be set
//! with [`replace_tags`], a JSON-patch of the whole list, whose body carries them intact.

use crate::api::request::{ApiRequest, Method, Service};
use crate::model::patch::{patch_body, PatchOp, PATCH_CONTENT_TYPE};
use crate::model::query::encode_component;
use crate::model::tag::{check_tag, is_url_safe, TagError};

fn tag_request(method: Method, image_id: &str, tag: &str) -> Result<ApiRequest, TagError> {
    check_tag(tag)?;
    if !is_url_safe(tag) {
        return Err(TagError::NotUrlSafe);
    }
    Ok(ApiRequest::new(
        Service::Image,
        method,
        format!(
            "/v2/images/{}/tags/{}",
            encode_component(image_id),
            encode_component(tag)
        ),
    ))
}

/// `PUT /v2/images/{id}/tags/{tag}` (204; adding a tag already present is not an error).
pub fn add_tag(image_id: &str, tag: &str) -> Result<ApiRequest, TagError> {
    tag_request(Method::Put, image_id, tag)
}

/// `DELETE /v2/images/{id}/tags/{tag}` (204; 404 if the image has no such tag).
pub fn remove_tag(image_id: &str, tag: &str) -> Result<ApiRequest, TagError> {
    tag_request(Method::Delete, image_id, tag)
}

/// `PATCH /v2/images/{id}` replacing the whole tag list: works for every tag, including
/// those [`add_tag`] refuses. It overwrites a concurrent change to the tags.
pub fn replace_tags(image_id: &str, tags: &[String]) -> Result<ApiRequest, TagError> {
    tags.iter().try_for_each(|t| check_tag(t))?;
    let ops = [PatchOp::Replace {
        path: "/tags".into(),
        value: tags.into(),
    }];
    let mut req = ApiRequest::new(
        Service::Image,
        Method::Patch,
        format!("/v2/images/{}", encode_component(image_id)),
    );
    req.body = Some(patch_body(&ops).to_string());
    req.content_type = Some(PATCH_CONTENT_TYPE);
    Ok(req)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_one_encoded_path_segment() {
        let add = add_tag("img 1", "a b?c%d").unwrap();
        assert_eq!(add.method, Method::Put);
        assert_eq!(add.path, "/v2/images/img%201/tags/a%20b%3Fc%25d");
        assert_eq!(add.body, None);
        let remove = remove_tag("i", "x").unwrap();
        assert_eq!(remove.method, Method::Delete);
        assert_eq!(remove.path, "/v2/images/i/tags/x");
    }

    #[test]
    fn empty_and_long_tags_are_refused() {
        assert_eq!(add_tag("i", ""), Err(TagError::Empty));
        assert_eq!(remove_tag("i", "  "), Err(TagError::Empty));
        assert!(add_tag("i", &"t".repeat(255)).is_ok());
        assert_eq!(
            add_tag("i", &"t".repeat(256)),
            Err(TagError::TooLong { len: 256 })
        );
    }

    #[test]
    fn tags_the_url_would_mangle_need_the_list_patch() {
        for tag in ["a/b", "镜像", "café", ".", ".."] {
            assert_eq!(add_tag("i", tag), Err(TagError::NotUrlSafe), "{tag}");
            assert_eq!(remove_tag("i", tag), Err(TagError::NotUrlSafe), "{tag}");
        }
        assert!(add_tag("i", "...").is_ok());
        let tags = vec!["镜像".to_string(), "a/b".to_string()];
        let req = replace_tags("i", &tags).unwrap();
        assert_eq!(req.method, Method::Patch);
        assert_eq!(req.path, "/v2/images/i");
        assert_eq!(req.content_type, Some(PATCH_CONTENT_TYPE));
        let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!([{"op": "replace", "path": "/tags", "value": ["镜像", "a/b"]}])
        );
        // 255 characters of three bytes each fit.
        assert!(replace_tags("i", &["镜".repeat(255)]).is_ok());
        assert_eq!(
            replace_tags("i", &["ok".into(), String::new()]),
            Err(TagError::Empty)
        );
    }
}
