//! Keystone v3: the three ways to log in, project listing and rescoping, token revocation.
//! The token a login yields, with its catalog, is a model type ([`crate::model::token`]),
//! because the session is built from it.

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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn projects_are_found_by_name() {
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
