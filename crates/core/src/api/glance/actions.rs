//! `/v2/images/{id}/actions/*`: deactivating an image (its data can no longer be downloaded
//! or booted, by non-admins) and reactivating it. Glance's default policy allows both to
//! admins only; the answer is 204 with no body.

use crate::api::request::{ApiRequest, Method, Service};
use crate::model::query::encode_component;

fn action(image_id: &str, name: &str) -> ApiRequest {
    ApiRequest::new(
        Service::Image,
        Method::Post,
        format!("/v2/images/{}/actions/{name}", encode_component(image_id)),
    )
}

/// `POST /v2/images/{id}/actions/deactivate`.
pub fn deactivate(image_id: &str) -> ApiRequest {
    action(image_id, "deactivate")
}

/// `POST /v2/images/{id}/actions/reactivate`.
pub fn reactivate(image_id: &str) -> ApiRequest {
    action(image_id, "reactivate")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_bodiless_posts() {
        let d = deactivate("a b");
        assert_eq!(d.method, Method::Post);
        assert_eq!(d.path, "/v2/images/a%20b/actions/deactivate");
        assert_eq!(d.body, None);
        let r = reactivate("734533aa-2869-4896-a728-9574bc666407");
        assert_eq!(
            r.path,
            "/v2/images/734533aa-2869-4896-a728-9574bc666407/actions/reactivate"
        );
        assert_eq!(r.method, Method::Post);
    }
}
