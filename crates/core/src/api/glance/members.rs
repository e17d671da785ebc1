//! `/v2/images/{id}/members`: sharing an image with other projects and a member's answer.
//!
//! The owner adds and removes members; only the member itself may change its status
//! (Glance answers 403 to the owner). Members see a shared image in their default list only
//! once they accept it.

use serde_json::json;

use crate::api::request::{ApiRequest, Method, Service};
use crate::model::member::MemberStatus;
use crate::model::query::encode_component;

fn members_path(image_id: &str) -> String {
    format!("/v2/images/{}/members", encode_component(image_id))
}

fn member_path(image_id: &str, member_id: &str) -> String {
    format!("{}/{}", members_path(image_id), encode_component(member_id))
}

/// `GET /v2/images/{id}/members` (the owner sees all; a member sees only itself).
pub fn list_members(image_id: &str) -> ApiRequest {
    ApiRequest::new(Service::Image, Method::Get, members_path(image_id))
}

/// `GET /v2/images/{id}/members/{member}`.
pub fn get_member(image_id: &str, member_id: &str) -> ApiRequest {
    ApiRequest::new(
        Service::Image,
        Method::Get,
        member_path(image_id, member_id),
    )
}

/// `POST /v2/images/{id}/members` with `{"member": id}`; the image must have `shared`
/// visibility (409 otherwise, and 409 if the project is already a member).
pub fn add_member(image_id: &str, member_id: &str) -> ApiRequest {
    ApiRequest::new(Service::Image, Method::Post, members_path(image_id))
        .json(&json!({ "member": member_id }))
}

/// `PUT /v2/images/{id}/members/{member}` with `{"status": ...}`.
pub fn update_member_status(image_id: &str, member_id: &str, status: &MemberStatus) -> ApiRequest {
    ApiRequest::new(
        Service::Image,
        Method::Put,
        member_path(image_id, member_id),
    )
    .json(&json!({ "status": status.as_str() }))
}

/// `DELETE /v2/images/{id}/members/{member}`.
pub fn remove_member(image_id: &str, member_id: &str) -> ApiRequest {
    ApiRequest::new(
        Service::Image,
        Method::Delete,
        member_path(image_id, member_id),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(req: &ApiRequest) -> serde_json::Value {
        serde_json::from_str(req.body.as_deref().expect("a body")).unwrap()
    }

    #[test]
    fn requests_have_method_path_and_body() {
        let list = list_members("i/1");
        assert_eq!(
            (list.method, list.path.as_str()),
            (Method::Get, "/v2/images/i%2F1/members")
        );
        let get = get_member("i", "p 2");
        assert_eq!(
            (get.method, get.path.as_str()),
            (Method::Get, "/v2/images/i/members/p%202")
        );
        let add = add_member("i", "proj");
        assert_eq!(
            (add.method, add.path.as_str()),
            (Method::Post, "/v2/images/i/members")
        );
        assert_eq!(body(&add), json!({"member": "proj"}));
        assert_eq!(add.content_type, Some("application/json"));
        let put = update_member_status("i", "proj", &MemberStatus::Accepted);
        assert_eq!(
            (put.method, put.path.as_str()),
            (Method::Put, "/v2/images/i/members/proj")
        );
        assert_eq!(body(&put), json!({"status": "accepted"}));
        let del = remove_member("i", "proj");
        assert_eq!(
            (del.method, del.path.as_str()),
            (Method::Delete, "/v2/images/i/members/proj")
        );
        assert_eq!(del.body, None);
    }
}
