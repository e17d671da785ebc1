//! `/v2/schemas/*`: the JSON schemas a cloud publishes for its images and members, from
//! which the portal builds its forms (see [`crate::model::schema`]).

use crate::api::request::{ApiRequest, Method, Service};

fn schema(name: &str) -> ApiRequest {
    ApiRequest::new(Service::Image, Method::Get, format!("/v2/schemas/{name}"))
}

/// `GET /v2/schemas/image`: one image's properties, types and constraints.
pub fn get_image_schema() -> ApiRequest {
    schema("image")
}

/// `GET /v2/schemas/images`: the list document; its image schema is `properties.images.items`.
pub fn get_images_schema() -> ApiRequest {
    schema("images")
}

/// `GET /v2/schemas/member`: one image member.
pub fn get_member_schema() -> ApiRequest {
    schema("member")
}

/// `GET /v2/schemas/members`: the member list document.
pub fn get_members_schema() -> ApiRequest {
    schema("members")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_schema_has_its_path() {
        let paths: Vec<(Method, String)> = [
            get_image_schema(),
            get_images_schema(),
            get_member_schema(),
            get_members_schema(),
        ]
        .into_iter()
        .map(|r| {
            assert_eq!(r.service, Service::Image);
            assert!(r.body.is_none() && r.authenticated);
            (r.method, r.path)
        })
        .collect();
        assert_eq!(
            paths,
            [
                (Method::Get, "/v2/schemas/image".to_string()),
                (Method::Get, "/v2/schemas/images".to_string()),
                (Method::Get, "/v2/schemas/member".to_string()),
                (Method::Get, "/v2/schemas/members".to_string()),
            ]
        );
    }
}
