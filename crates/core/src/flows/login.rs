//! Getting a token the portal can work with, and ending one: log in (password, application
//! credential, or a pasted token), rescope a token without a project to the first project
//! the user may use (Glance needs a project), switch project, ask Keystone whether a token
//! is still good, and revoke a token with itself as the caller.
//!
//! Every request names its token in its own headers, so the transport is the anonymous
//! Keystone client: a 401 here is about these credentials, never the session's.

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::keystone::{self, Credentials};
use crate::api::transport::{decode, RawResponse, Transport};
use crate::i18n::{Key, Text};
use crate::model::login_form::{LoginForm, LoginMethod};
use crate::model::project::ProjectList;
use crate::model::token::TokenBody;
use crate::problem::{Problem, Refusal, RefusalReason};

/// A token and what Keystone said about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Authenticated {
    /// The token to work with (scoped to a project).
    pub token: String,
    /// Its body: user, project, roles, catalog, expiry.
    pub body: TokenBody,
    /// The unscoped token the portal issued only to find a project. Revoking it now would
    /// revoke the scoped one too (Keystone revokes a rescoped token with its parent), so it
    /// is kept until the session ends.
    pub unscoped: Option<String>,
}

/// Keystone's verdict on a token.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenCheck {
    /// Keystone accepts it.
    Valid,
    /// Keystone no longer knows it (revoked or expired).
    Refused,
    /// Keystone could not be asked (down, or answering 5xx).
    Unreachable(ApiError),
}

/// The token Keystone issued, from its `X-Subject-Token` header: a browser reads that header
/// only when Keystone's CORS setup exposes it.
fn subject_token(response: &RawResponse) -> Result<String, Refusal> {
    response
        .subject_token
        .clone()
        .ok_or_else(|| Refusal::new(RefusalReason::Setup, Key::ErrNoSubjectToken, &[]))
}

/// Logs in with `credentials`; a token without a project is rescoped to the first enabled
/// project the user may use.
pub async fn authenticate<T: Transport>(
    keystone_api: &T,
    credentials: &Credentials,
) -> Result<Authenticated, Problem> {
    let (token, body) = match credentials {
        Credentials::Token(token) => {
            let token = token.trim().to_string();
            let response = keystone_api.send(&keystone::validate_token(&token)).await?;
            (token, decode::<TokenBody>(&response)?)
        }
        _ => {
            let response = keystone_api
                .send(&keystone::issue_token(credentials))
                .await?;
            (subject_token(&response)?, decode::<TokenBody>(&response)?)
        }
    };
    if body.token.project.is_some() {
        return Ok(Authenticated {
            token,
            body,
            unscoped: None,
        });
    }
    let projects: ProjectList = keystone_api
        .json(
            &keystone::list_auth_projects()
                .header("X-Auth-Token", token.as_str())
                .unauthenticated(),
        )
        .await?;
    let first = projects
        .projects
        .iter()
        .find(|p| p.enabled)
        .ok_or_else(|| Refusal::new(RefusalReason::Setup, Key::ErrNoProject, &[]))?;
    let response = keystone_api
        .send(&keystone::rescope(&token, &first.id))
        .await?;
    let scoped = response.subject_token.clone().unwrap_or(token.clone());
    // A pasted token is the user's, not the portal's to end.
    let unscoped =
        (scoped != token && !matches!(credentials, Credentials::Token(_))).then_some(token);
    Ok(Authenticated {
        token: scoped,
        body: decode(&response)?,
        unscoped,
    })
}

/// Exchanges `token` for one scoped to `project_id`.
pub async fn rescope<T: Transport>(
    keystone_api: &T,
    token: &str,
    project_id: &str,
) -> Result<(String, TokenBody), Problem> {
    let response = keystone_api
        .send(&keystone::rescope(token, project_id))
        .await?;
    Ok((subject_token(&response)?, decode(&response)?))
}

/// Asks Keystone about `token` (the token validates itself).
pub async fn check_token<T: Transport>(keystone_api: &T, token: &str) -> TokenCheck {
    match keystone_api.send(&keystone::validate_token(token)).await {
        Ok(_) => TokenCheck::Valid,
        Err(e) if matches!(e.status, Some(401 | 404)) => TokenCheck::Refused,
        Err(e) => TokenCheck::Unreachable(e),
    }
}

/// Revokes `token` with itself as the caller; true once Keystone no longer knows it.
pub async fn revoke<T: Transport>(keystone_api: &T, token: &str) -> bool {
    let request = keystone::revoke_token(token)
        .header("X-Auth-Token", token)
        .unauthenticated();
    match keystone_api.send(&request).await {
        Ok(_) => true,
        // 404: no such token; 401: it no longer authenticates (revoked or expired already).
        Err(e) => matches!(e.status, Some(401 | 404)),
    }
}

/// The credentials the login form asks for with `method`, or the first required field left
/// empty, as the browser would refuse it (nothing is sent then). Names and ids are trimmed;
/// secrets go as typed, and so does a token ([`authenticate`] trims it).
pub fn form_credentials(method: LoginMethod, form: &LoginForm) -> Result<Credentials, Refusal> {
    let required = |value: &str, label: Key| -> Result<String, Refusal> {
        if value.trim().is_empty() {
            Err(Refusal::with_text(
                RefusalReason::Input,
                Text::with_labels(Key::Required, &[label]),
            ))
        } else {
            Ok(value.to_string())
        }
    };
    required(&form.auth_url, Key::FieldAuthUrl)?;
    Ok(match method {
        LoginMethod::Password => Credentials::Password {
            user: required(&form.user, Key::FieldUser)?.trim().to_string(),
            password: required(&form.password, Key::FieldPassword)?,
            user_domain: required(&form.user_domain, Key::FieldUserDomain)?
                .trim()
                .to_string(),
            project: form.project.trim().to_string(),
            project_domain: required(&form.project_domain, Key::FieldProjectDomain)?
                .trim()
                .to_string(),
        },
        LoginMethod::AppCredential => Credentials::ApplicationCredential {
            id: required(&form.cred_id, Key::FieldAppCredentialId)?
                .trim()
                .to_string(),
            secret: required(&form.cred_secret, Key::FieldAppCredentialSecret)?,
        },
        LoginMethod::Token => Credentials::Token(required(&form.token, Key::FieldToken)?),
    })
}

/// Whether a failed login never reached Keystone: no answer at all, or only a proxy's
/// 502/503/504 for it (Keystone's own answers carry a request id). The credentials were then
/// never checked, and the form says where the portal looked instead of "Failed to fetch".
pub fn keystone_not_reached(problem: &Problem) -> bool {
    problem.api_error().is_some_and(|error| {
        error.kind == ApiErrorKind::Network
            || (matches!(error.status, Some(502..=504)) && error.request_id.is_none())
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::api::request::Method;
    use crate::flows::scripted::{run, Scripted};

    fn scoped_body() -> Value {
        serde_json::from_str(include_str!(
            "../../tests/fixtures/keystone_token_password.json"
        ))
        .unwrap()
    }

    fn unscoped_body() -> Value {
        let mut body = scoped_body();
        let token = body["token"].as_object_mut().unwrap();
        token.remove("project");
        token.remove("catalog");
        token.remove("roles");
        body
    }

    fn issued(body: Value, token: &str) -> Result<RawResponse, ApiError> {
        Ok(RawResponse {
            status: 201,
            body: body.to_string(),
            subject_token: Some(token.into()),
            request_id: Some("req-201".into()),
        })
    }

    fn password() -> Credentials {
        Credentials::Password {
            user: "demo".into(),
            password: "secret".into(),
            user_domain: "Default".into(),
            project: String::new(),
            project_domain: "Default".into(),
        }
    }

    fn projects() -> Value {
        serde_json::from_str(include_str!(
            "../../tests/fixtures/keystone_auth_projects.json"
        ))
        .unwrap()
    }

    #[test]
    fn a_scoped_login_is_used_as_issued() {
        let script =
            Scripted::new().answer(Method::Post, "/auth/tokens", issued(scoped_body(), "tok"));
        let auth = run(authenticate(&script, &password())).unwrap();
        script.finish();
        assert_eq!(auth.token, "tok");
        assert!(auth.body.token.project.is_some());
        assert_eq!(auth.unscoped, None);
    }

    #[test]
    fn an_unscoped_login_is_rescoped_to_the_first_enabled_project_and_its_parent_kept() {
        let script = Scripted::new()
            .answer(
                Method::Post,
                "/auth/tokens",
                issued(unscoped_body(), "parent"),
            )
            .ok(Method::Get, "/auth/projects", projects())
            .answer(Method::Post, "/auth/tokens", issued(scoped_body(), "child"));
        let auth = run(authenticate(&script, &password())).unwrap();
        script.finish();
        assert_eq!(auth.token, "child");
        assert_eq!(
            auth.unscoped.as_deref(),
            Some("parent"),
            "revoked at logout"
        );
        let first = projects()["projects"][0]["id"].clone();
        assert_eq!(
            script.bodies.borrow()[2].as_ref().unwrap()["auth"]["scope"]["project"]["id"],
            first
        );
    }

    #[test]
    fn a_pasted_unscoped_token_is_rescoped_but_never_kept_for_revocation() {
        let script = Scripted::new()
            .ok(Method::Get, "/auth/tokens", unscoped_body())
            .ok(Method::Get, "/auth/projects", projects())
            .answer(Method::Post, "/auth/tokens", issued(scoped_body(), "child"));
        let auth = run(authenticate(
            &script,
            &Credentials::Token(" pasted ".into()),
        ))
        .unwrap();
        script.finish();
        assert_eq!(auth.token, "child");
        assert_eq!(auth.unscoped, None);
    }

    #[test]
    fn a_user_without_projects_is_told_so() {
        let script = Scripted::new()
            .answer(
                Method::Post,
                "/auth/tokens",
                issued(unscoped_body(), "parent"),
            )
            .ok(Method::Get, "/auth/projects", json!({"projects": []}));
        let e = run(authenticate(&script, &password())).unwrap_err();
        script.finish();
        let refusal = e.refusal().expect("the portal's own refusal");
        assert_eq!(
            (refusal.reason, refusal.text.key),
            (RefusalReason::Setup, Key::ErrNoProject)
        );
    }

    #[test]
    fn wrong_credentials_are_keystones_401_and_a_missing_header_is_explained() {
        let script = Scripted::new().fails(
            Method::Post,
            "/auth/tokens",
            401,
            "The request you have made requires authentication.",
        );
        let e = run(authenticate(&script, &password())).unwrap_err();
        script.finish();
        let e = e.api_error().expect("Keystone's answer");
        assert_eq!(
            (e.status, e.request_id.as_deref()),
            (Some(401), Some("req-401"))
        );
        // Keystone without X-Subject-Token in [cors] expose_headers: the browser hides it.
        let script = Scripted::new().ok(Method::Post, "/auth/tokens", scoped_body());
        let e = run(authenticate(&script, &password())).unwrap_err();
        assert_eq!(
            e.refusal().map(|r| r.text.key),
            Some(Key::ErrNoSubjectToken)
        );
    }

    #[test]
    fn switching_project_needs_the_new_token() {
        let script =
            Scripted::new().answer(Method::Post, "/auth/tokens", issued(scoped_body(), "other"));
        let (token, _) = run(rescope(&script, "tok", "p2")).unwrap();
        script.finish();
        assert_eq!(token, "other");
        let script =
            Scripted::new().fails(Method::Post, "/auth/tokens", 401, "not authorized for p2");
        assert_eq!(
            run(rescope(&script, "tok", "p2")).unwrap_err().status(),
            Some(401)
        );
    }

    #[test]
    fn token_checks_tell_dead_from_unreachable() {
        let ok = Scripted::new().ok(Method::Get, "/auth/tokens", scoped_body());
        assert_eq!(run(check_token(&ok, "t")), TokenCheck::Valid);
        for status in [401, 404] {
            let dead = Scripted::new().fails(Method::Get, "/auth/tokens", status, "gone");
            assert_eq!(run(check_token(&dead, "t")), TokenCheck::Refused);
        }
        let down = Scripted::new().fails(Method::Get, "/auth/tokens", 503, "Service Unavailable");
        assert!(
            matches!(run(check_token(&down, "t")), TokenCheck::Unreachable(e) if e.status == Some(503))
        );
    }

    #[test]
    fn revoking_counts_an_already_dead_token_as_revoked() {
        let done = Scripted::new().no_content(Method::Delete, "/auth/tokens");
        assert!(run(revoke(&done, "t")));
        let gone =
            Scripted::new().fails(Method::Delete, "/auth/tokens", 404, "Could not find token");
        assert!(run(revoke(&gone, "t")));
        let down =
            Scripted::new().fails(Method::Delete, "/auth/tokens", 503, "Service Unavailable");
        assert!(!run(revoke(&down, "t")), "kept to be revoked again");
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;
    use crate::i18n::Lang;

    fn filled() -> LoginForm {
        LoginForm {
            auth_url: " /identity/v3 ".into(),
            user: " alice ".into(),
            password: " pass word ".into(),
            user_domain: " Default ".into(),
            project: " demo ".into(),
            project_domain: " Default ".into(),
            cred_id: " 1234 ".into(),
            cred_secret: " sec ".into(),
            token: " gAAAA ".into(),
        }
    }

    fn missing(result: Result<Credentials, Refusal>) -> String {
        let refusal = result.expect_err("refused");
        assert_eq!(refusal.reason, RefusalReason::Input);
        Lang::En.text(&refusal.text)
    }

    #[test]
    fn password_login_trims_names_and_keeps_the_password_as_typed() {
        assert_eq!(
            form_credentials(LoginMethod::Password, &filled()).unwrap(),
            Credentials::Password {
                user: "alice".into(),
                password: " pass word ".into(),
                user_domain: "Default".into(),
                project: "demo".into(),
                project_domain: "Default".into(),
            }
        );
    }

    #[test]
    fn the_project_may_be_left_empty() {
        let form = LoginForm {
            project: "  ".into(),
            ..filled()
        };
        match form_credentials(LoginMethod::Password, &form).unwrap() {
            Credentials::Password { project, .. } => assert_eq!(project, ""),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_first_empty_required_field_is_named() {
        let form = LoginForm {
            auth_url: " ".into(),
            user: String::new(),
            ..filled()
        };
        assert_eq!(
            missing(form_credentials(LoginMethod::Token, &form)),
            "Keystone URL is required"
        );
        let form = LoginForm {
            user: String::new(),
            password: String::new(),
            ..filled()
        };
        assert_eq!(
            missing(form_credentials(LoginMethod::Password, &form)),
            "User name is required"
        );
        let form = LoginForm {
            project_domain: "\t".into(),
            ..filled()
        };
        assert_eq!(
            missing(form_credentials(LoginMethod::Password, &form)),
            format!("{} is required", Lang::En.t(Key::FieldProjectDomain))
        );
    }

    #[test]
    fn each_method_asks_only_for_its_own_fields() {
        let form = LoginForm {
            user: String::new(),
            password: String::new(),
            ..filled()
        };
        assert_eq!(
            form_credentials(LoginMethod::AppCredential, &form).unwrap(),
            Credentials::ApplicationCredential {
                id: "1234".into(),
                secret: " sec ".into(),
            }
        );
        assert_eq!(
            form_credentials(LoginMethod::Token, &form).unwrap(),
            Credentials::Token(" gAAAA ".into())
        );
        let form = LoginForm {
            cred_secret: String::new(),
            ..filled()
        };
        assert_eq!(
            missing(form_credentials(LoginMethod::AppCredential, &form)),
            format!("{} is required", Lang::En.t(Key::FieldAppCredentialSecret))
        );
    }

    #[test]
    fn only_a_missing_answer_means_keystone_was_not_reached() {
        let reached = |e: &ApiError| keystone_not_reached(&e.clone().into());
        let network = ApiError::new(ApiErrorKind::Network, "Failed to fetch");
        assert!(reached(&network));
        let proxy = ApiError {
            status: Some(502),
            ..ApiError::new(ApiErrorKind::Server, "Bad Gateway")
        };
        assert!(reached(&proxy));
        let keystone = ApiError {
            request_id: Some("req-1".into()),
            ..proxy.clone()
        };
        assert!(!reached(&keystone), "Keystone itself answered");
        let refused = ApiError {
            status: Some(401),
            ..ApiError::new(
                ApiErrorKind::Unauthorized,
                "The request you have made requires authentication.",
            )
        };
        assert!(!reached(&refused));
        let empty_field = Refusal::with_text(
            RefusalReason::Input,
            Text::with_labels(Key::Required, &[Key::FieldUser]),
        );
        assert!(
            !keystone_not_reached(&empty_field.into()),
            "nothing was sent"
        );
    }
}
