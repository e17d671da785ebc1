//! Keystone v3: the three ways to log in, project listing and rescoping, token revocation,
//! and picking the image endpoint out of the token's catalog.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::request::{ApiRequest, Method, Service};

/// Header carrying a newly issued token (and, on validate/revoke, the token in question).
pub const SUBJECT_TOKEN_HEADER: &str = "X-Subject-Token";

/// How the user proves who they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// User name + password, scoped to a project.
    Password {
        /// User name.
        user: String,
        /// Password (never stored).
        password: String,
        /// Domain of the user, by name.
        user_domain: String,
        /// Project to scope to, by name; empty = the user's default project.
        project: String,
        /// Domain of the project, by name.
        project_domain: String,
    },
    /// Application credential (already bound to a project).
    ApplicationCredential {
        /// Credential id.
        id: String,
        /// Secret.
        secret: String,
    },
    /// A token obtained elsewhere (e.g. `openstack token issue`).
    Token(String),
}

/// `POST /v3/auth/tokens` for password or application-credential login. A pasted token is
/// validated instead with [`validate_token`].
pub fn issue_token(credentials: &Credentials) -> ApiRequest {
    let auth = match credentials {
        Credentials::Password {
            user,
            password,
            user_domain,
            project,
            project_domain,
        } => {
            let mut auth = json!({
                "identity": {
                    "methods": ["password"],
                    "password": {"user": {
                        "name": user, "password": password, "domain": {"name": user_domain}
                    }}
                }
            });
            if !project.trim().is_empty() {
                auth["scope"] =
                    json!({"project": {"name": project, "domain": {"name": project_domain}}});
            }
            auth
        }
        Credentials::ApplicationCredential { id, secret } => json!({
            "identity": {
                "methods": ["application_credential"],
                "application_credential": {"id": id, "secret": secret}
            }
        }),
        Credentials::Token(token) => json!({
            "identity": {"methods": ["token"], "token": {"id": token}}
        }),
    };
    ApiRequest::new(Service::Identity, Method::Post, "/auth/tokens")
        .json(&json!({ "auth": auth }))
        .unauthenticated()
}

/// `POST /v3/auth/tokens` exchanging the current token for one scoped to `project_id`.
pub fn rescope(token: &str, project_id: &str) -> ApiRequest {
    ApiRequest::new(Service::Identity, Method::Post, "/auth/tokens")
        .json(&json!({"auth": {
            "identity": {"methods": ["token"], "token": {"id": token}},
            "scope": {"project": {"id": project_id}}
        }}))
        .unauthenticated()
}

/// `GET /v3/auth/tokens`: validates a pasted token and returns its body (with catalog).
pub fn validate_token(token: &str) -> ApiRequest {
    ApiRequest::new(Service::Identity, Method::Get, "/auth/tokens")
        .header("X-Auth-Token", token)
        .header(SUBJECT_TOKEN_HEADER, token)
        .unauthenticated()
}

/// `DELETE /v3/auth/tokens`: revokes the session's own token.
pub fn revoke_token(token: &str) -> ApiRequest {
    ApiRequest::new(Service::Identity, Method::Delete, "/auth/tokens")
        .header(SUBJECT_TOKEN_HEADER, token)
}

/// `GET /v3/auth/projects`: projects the user can scope to.
pub fn list_auth_projects() -> ApiRequest {
    ApiRequest::new(Service::Identity, Method::Get, "/auth/projects")
}

/// `GET /v3/projects?name=…`: finds a project by name (allowed for admins and, under some
/// policies, domain readers; the portal falls back to the user's own projects otherwise).
pub fn find_projects_by_name(name: &str) -> ApiRequest {
    ApiRequest::new(Service::Identity, Method::Get, "/projects").query("name", name)
}

/// Whether `s` looks like a Keystone project id (32 hex digits, or a UUID with dashes), in
/// which case the portal uses it as is instead of resolving a name.
pub fn looks_like_project_id(s: &str) -> bool {
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// A `{id, name}` reference with an optional domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRef {
    /// Id.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Domain, when Keystone includes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<Box<NamedRef>>,
}

/// One endpoint of a catalog service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// `public`, `internal` or `admin`.
    pub interface: String,
    /// Region name (legacy field).
    #[serde(default)]
    pub region: Option<String>,
    /// Region id.
    #[serde(default)]
    pub region_id: Option<String>,
    /// Base URL.
    pub url: String,
}

/// One service in the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogService {
    /// Service type, e.g. `image`.
    #[serde(rename = "type")]
    pub service_type: String,
    /// Service name, e.g. `glance`.
    #[serde(default)]
    pub name: String,
    /// Its endpoints.
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
}

/// The part of a token body the portal uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// Expiry (ISO 8601).
    pub expires_at: String,
    /// The user.
    pub user: NamedRef,
    /// The scoped project, if project-scoped.
    #[serde(default)]
    pub project: Option<NamedRef>,
    /// Roles on that project.
    #[serde(default)]
    pub roles: Vec<NamedRef>,
    /// Service catalog (absent on unscoped tokens).
    #[serde(default)]
    pub catalog: Vec<CatalogService>,
}

/// `{"token": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenBody {
    /// The token.
    pub token: Token,
}

/// A project from `GET /v3/auth/projects`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Domain id.
    #[serde(default)]
    pub domain_id: Option<String>,
    /// Whether the project is enabled.
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// `{"projects": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectList {
    /// Projects.
    pub projects: Vec<Project>,
}

/// Why no endpoint could be chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogError {
    /// No service of the type at all (e.g. an unscoped token has no catalog).
    NoService(String),
    /// The service exists but not with this interface in this region; lists what exists.
    NoEndpoint {
        /// Service type.
        service_type: String,
        /// Wanted interface.
        interface: String,
        /// Wanted region, if any.
        region: Option<String>,
        /// `interface@region` pairs that do exist.
        available: Vec<String>,
    },
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CatalogError::NoService(t) => {
                write!(
                    f,
                    "the token's catalog has no '{t}' service; is the token project-scoped?"
                )
            }
            CatalogError::NoEndpoint {
                service_type,
                interface,
                region,
                available,
            } => write!(
                f,
                "no {interface} '{service_type}' endpoint in region {}; the catalog has: {}",
                region.as_deref().unwrap_or("(any)"),
                available.join(", ")
            ),
        }
    }
}

/// Picks the endpoint of `service_type` for `interface` in `region` (any region when `None`).
/// The trailing slash is dropped so paths join cleanly.
pub fn select_endpoint(
    catalog: &[CatalogService],
    service_type: &str,
    region: Option<&str>,
    interface: &str,
) -> Result<String, CatalogError> {
    let service = catalog
        .iter()
        .find(|s| s.service_type == service_type)
        .ok_or_else(|| CatalogError::NoService(service_type.to_string()))?;
    let region_matches = |e: &Endpoint| match region {
        None => true,
        Some(r) => e.region_id.as_deref() == Some(r) || e.region.as_deref() == Some(r),
    };
    service
        .endpoints
        .iter()
        .find(|e| e.interface == interface && region_matches(e))
        .map(|e| e.url.trim_end_matches('/').to_string())
        .ok_or_else(|| CatalogError::NoEndpoint {
            service_type: service_type.to_string(),
            interface: interface.to_string(),
            region: region.map(str::to_string),
            available: service
                .endpoints
                .iter()
                .map(|e| {
                    format!(
                        "{}@{}",
                        e.interface,
                        e.region_id
                            .as_deref()
                            .or(e.region.as_deref())
                            .unwrap_or("?")
                    )
                })
                .collect(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Vec<CatalogService> {
        serde_json::from_value(json!([
            {"type": "identity", "name": "keystone", "endpoints": [
                {"interface": "public", "region_id": "RegionOne", "region": "RegionOne", "url": "http://k/v3/"}]},
            {"type": "image", "name": "glance", "endpoints": [
                {"interface": "public", "region_id": "RegionOne", "region": "RegionOne", "url": "http://g1/"},
                {"interface": "internal", "region_id": "RegionOne", "region": "RegionOne", "url": "http://g1i"},
                {"interface": "public", "region_id": "RegionTwo", "region": "RegionTwo", "url": "http://g2"}]}
        ]))
        .unwrap()
    }

    #[test]
    fn selects_by_region_and_interface() {
        let c = catalog();
        assert_eq!(
            select_endpoint(&c, "image", Some("RegionTwo"), "public").unwrap(),
            "http://g2"
        );
        assert_eq!(
            select_endpoint(&c, "image", Some("RegionOne"), "internal").unwrap(),
            "http://g1i"
        );
        assert_eq!(
            select_endpoint(&c, "image", None, "public").unwrap(),
            "http://g1"
        );
    }

    #[test]
    fn explains_missing_endpoints() {
        let c = catalog();
        let err = select_endpoint(&c, "image", Some("RegionThree"), "public").unwrap_err();
        assert!(err
            .to_string()
            .contains("public@RegionOne, internal@RegionOne, public@RegionTwo"));
        assert_eq!(
            select_endpoint(&[], "image", None, "public").unwrap_err(),
            CatalogError::NoService("image".into())
        );
    }

    #[test]
    fn password_request_scopes_to_project() {
        let req = issue_token(&Credentials::Password {
            user: "demo".into(),
            password: "pw".into(),
            user_domain: "Default".into(),
            project: "demo".into(),
            project_domain: "Default".into(),
        });
        assert_eq!(
            (req.method, req.path.as_str(), req.authenticated),
            (Method::Post, "/auth/tokens", false)
        );
        let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["auth"]["identity"]["password"]["user"]["name"], "demo");
        assert_eq!(
            body["auth"]["scope"]["project"]["domain"]["name"],
            "Default"
        );
    }

    #[test]
    fn app_credential_and_rescope_requests() {
        let req = issue_token(&Credentials::ApplicationCredential {
            id: "i".into(),
            secret: "s".into(),
        });
        let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body["auth"]["identity"]["methods"][0],
            "application_credential"
        );
        assert!(body["auth"].get("scope").is_none());
        let req = rescope("t", "p");
        let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["auth"]["scope"]["project"]["id"], "p");
        assert_eq!(body["auth"]["identity"]["token"]["id"], "t");
    }

    #[test]
    fn project_ids_are_told_from_names() {
        assert!(looks_like_project_id("89b1469f0f1440e98c7477215f9c0b9b"));
        assert!(looks_like_project_id(
            "89b1469f-0f14-40e9-8c74-77215f9c0b9b"
        ));
        assert!(!looks_like_project_id("alt"));
        assert!(!looks_like_project_id("89b1469f0f1440e98c7477215f9c0b9z"));
        assert_eq!(
            find_projects_by_name("a b").url("/v3"),
            "/v3/projects?name=a%20b"
        );
    }

    #[test]
    fn validate_and_revoke_name_the_subject_token() {
        let v = validate_token("abc");
        assert!(v
            .headers
            .contains(&("X-Subject-Token".into(), "abc".into())));
        assert_eq!(revoke_token("abc").method, Method::Delete);
    }
}
