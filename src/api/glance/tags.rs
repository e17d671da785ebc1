//! `/v2/images/{id}/tags/{tag}`: adding and removing one tag.
//!
//! The tag travels in the URL path, and not every tag survives that trip to Glance:
//! - `/` (even as `%2F`) is decoded before routing, so the route no longer matches (404);
//! - non-ASCII characters are mangled: the WSGI layer hands the path to Glance as Latin-1, so
//!   `镜像` would be stored as mojibake (seen on the dev cloud's Glance 33);
//! - `.` and `..` are path segments browsers resolve away before sending.
//!
//! Such tags are refused here with [`TagError::NotUrlSafe`]; they can still be set with
//! [`replace_tags`], a JSON-patch of the whole list, whose body carries them intact.

use std::fmt;

use crate::api::request::{ApiRequest, Method, Service};
use crate::api::url::encode_component;
use crate::i18n::{Key, Lang};
use crate::model::patch::{patch_body, PatchOp, PATCH_CONTENT_TYPE};

/// Longest tag in characters: the image schema's `tags.items.maxLength`, which Glance checks
/// (`image_tags.RequestDeserializer.update`) and its `image_tags.value` column holds.
pub const MAX_TAG_LENGTH: usize = 255;

/// Why a tag cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagError {
    /// Empty or only whitespace (Glance would accept spaces, but an invisible tag is a slip).
    Empty,
    /// Longer than [`MAX_TAG_LENGTH`] characters.
    TooLong {
        /// The tag's length in characters.
        len: usize,
    },
    /// Cannot travel in the tag URL (see the module docs); use [`replace_tags`].
    NotUrlSafe,
}

impl TagError {
    /// What is wrong with the tag, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TagError::Empty => lang.t(Key::TagEmptyProblem).into(),
            TagError::TooLong { len } => lang.tf(
                Key::TagTooLongProblem,
                &[&MAX_TAG_LENGTH.to_string(), &len.to_string()],
            ),
            TagError::NotUrlSafe => lang.t(Key::TagNotUrlSafe).into(),
        }
    }
}

/// English, for logs and tests; the UI uses [`TagError::message`].
impl fmt::Display for TagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Checks what Glance itself requires of any tag, however it is sent.
pub fn check_tag(tag: &str) -> Result<(), TagError> {
    if tag.trim().is_empty() {
        return Err(TagError::Empty);
    }
    // The schema's maxLength counts characters (code points), not bytes.
    let len = tag.chars().count();
    if len > MAX_TAG_LENGTH {
        return Err(TagError::TooLong { len });
    }
    Ok(())
}

/// Whether `tag` reaches Glance unchanged as a URL path segment.
pub fn is_url_safe(tag: &str) -> bool {
    tag.is_ascii() && !tag.contains('/') && tag != "." && tag != ".."
}

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
        assert_eq!(
            TagError::TooLong { len: 300 }.to_string(),
            "Tags can have at most 255 characters; this one has 300."
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
