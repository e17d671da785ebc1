//! Native tests against responses captured from the real dev cloud (tests/fixtures/, see its
//! README): decoding, session building from a real token, paging links and error mapping.

use glance_portal_core::api::error::{ApiError, ApiErrorKind};
use glance_portal_core::model::image::{Image, ImageStatus, Visibility};
use glance_portal_core::model::image_page::ImagePage;
use glance_portal_core::model::project::ProjectList;
use glance_portal_core::model::session::{Session, SessionError};
use glance_portal_core::model::token::select_endpoint;
use glance_portal_core::model::token::TokenBody;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Splits a `curl -i` capture into status, `x-openstack-request-id` and body.
fn http_capture(name: &str) -> (u16, Option<String>, String) {
    let text = fixture(name);
    let (head, body) = text.split_once("\r\n\r\n").expect("headers and body");
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let request_id = head
        .lines()
        .find_map(|l| l.strip_prefix("x-openstack-request-id: "))
        .map(|s| s.trim().to_string());
    (status, request_id, body.to_string())
}

fn error_from(name: &str) -> ApiError {
    let (status, request_id, body) = http_capture(name);
    ApiError::from_response(status, &body, request_id)
}

#[test]
fn real_token_becomes_a_session_with_the_catalog_image_endpoint() {
    let body: TokenBody = serde_json::from_str(&fixture("keystone_token_password.json")).unwrap();
    let session = Session::from_token(
        "tok".into(),
        "http://127.0.0.1:15000/v3/",
        &body.token,
        Some("RegionOne"),
        "public",
        None,
    )
    .unwrap();
    assert_eq!(session.user_name, "demo");
    assert_eq!(session.project_name, "demo");
    assert_eq!(session.identity_base, "http://127.0.0.1:15000/v3");
    assert!(session.image_endpoint.starts_with("http://127.0.0.1:"));
    assert!(!session.image_endpoint.ends_with('/'));
    assert!(session.roles.contains(&"member".to_string()));
    assert!(!session.is_admin());
    assert!(!session.is_expired(session.expires_at - 3600));
    assert!(session.is_expired(session.expires_at - 30));
    // The operator's override wins over the catalog.
    let proxied = Session::from_token(
        "tok".into(),
        "/identity/v3",
        &body.token,
        None,
        "public",
        Some("/image/"),
    )
    .unwrap();
    assert_eq!(proxied.image_endpoint, "/image");
}

#[test]
fn real_token_in_a_missing_region_or_unscoped_is_refused_with_reasons() {
    let mut body: TokenBody =
        serde_json::from_str(&fixture("keystone_token_password.json")).unwrap();
    let err = Session::from_token("t".into(), "/v3", &body.token, Some("Mars"), "public", None)
        .unwrap_err();
    assert!(err.to_string().contains("public@RegionOne"), "{err}");
    assert!(select_endpoint(&body.token.catalog, "image", None, "admin").is_ok());
    body.token.project = None;
    assert_eq!(
        Session::from_token("t".into(), "/v3", &body.token, None, "public", None).unwrap_err(),
        SessionError::Unscoped
    );
}

#[test]
fn auth_projects_decode() {
    let list: ProjectList = serde_json::from_str(&fixture("keystone_auth_projects.json")).unwrap();
    assert!(list.projects.iter().any(|p| p.name == "demo" && p.enabled));
}

#[test]
fn image_pages_decode_with_their_next_marker() {
    let page: ImagePage = serde_json::from_str(&fixture("glance_images_page.json")).unwrap();
    assert_eq!(page.images.len(), 2);
    let last = page.images.last().unwrap().id.clone();
    assert_eq!(page.next_marker(), Some(last));
    let empty: ImagePage = serde_json::from_str(&fixture("glance_images_empty.json")).unwrap();
    assert!(empty.images.is_empty());
    assert_eq!(empty.next_marker(), None);
}

#[test]
fn a_real_image_keeps_core_and_custom_properties() {
    let image: Image = serde_json::from_str(&fixture("glance_image.json")).unwrap();
    assert_eq!(image.status, ImageStatus::Active);
    assert!(matches!(
        image.visibility,
        Visibility::Shared | Visibility::Private
    ));
    assert_eq!(image.checksum.as_ref().map(String::len), Some(32));
    assert_eq!(image.os_hash_algo.as_deref(), Some("sha512"));
    assert_eq!(image.os_hash_value.as_ref().map(String::len), Some(128));
    assert_eq!(
        image.extra.get("os_distro").and_then(|v| v.as_str()),
        Some("ubuntu")
    );
    // Round trip keeps every field Glance sent.
    let original: serde_json::Value = serde_json::from_str(&fixture("glance_image.json")).unwrap();
    assert_eq!(serde_json::to_value(&image).unwrap(), original);
}

#[test]
fn glance_html_and_json_errors_give_the_same_clean_message() {
    for (html, json) in [
        ("glance_error_404.txt", "glance_error_404_json.txt"),
        ("glance_error_400.txt", "glance_error_400_json.txt"),
        (
            "glance_error_400_filter.txt",
            "glance_error_400_filter_json.txt",
        ),
    ] {
        let (a, b) = (error_from(html), error_from(json));
        assert_eq!(a.message, b.message, "{html} vs {json}");
        assert!(!a.message.contains('<'), "{}", a.message);
        assert!(a.request_id.as_deref().unwrap().starts_with("req-"));
    }
    let e = error_from("glance_error_404.txt");
    assert_eq!(e.kind, ApiErrorKind::NotFound);
    assert!(
        e.message.starts_with("No image found with ID "),
        "{}",
        e.message
    );
    let e = error_from("glance_error_400.txt");
    assert_eq!(e.kind, ApiErrorKind::BadRequest);
    assert!(
        e.message.starts_with("Invalid sort key: bogus."),
        "{}",
        e.message
    );
}

#[test]
fn glance_401_has_no_request_id_but_is_unauthorized() {
    let e = error_from("glance_error_401.txt");
    assert!(e.is_unauthorized());
    assert_eq!(e.request_id, None);
    assert!(e.message.contains("could not verify"), "{}", e.message);
}

#[test]
fn keystone_wrong_password_error() {
    let e = ApiError::from_response(
        401,
        &fixture("keystone_error_401.json"),
        Some("req-x".into()),
    );
    assert!(e.is_unauthorized());
    assert_eq!(
        e.message,
        "The request you have made requires authentication."
    );
}
