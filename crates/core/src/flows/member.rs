//! Sharing with a project the user names: an id is used as is; a name is looked up among the
//! user's own projects, then through Keystone's project list (which only admins, or some
//! policies' readers, may read).

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::keystone::{find_projects_by_name, list_auth_projects};
use crate::api::transport::Transport;
use crate::model::project::{looks_like_project_id, ProjectList};

/// The project id for what the user typed; `None` when no visible project has that name.
pub async fn resolve_project<T: Transport>(
    transport: &T,
    input: &str,
) -> Result<Option<String>, ApiError> {
    let input = input.trim();
    if looks_like_project_id(input) {
        return Ok(Some(input.replace('-', "")));
    }
    // The user's own projects first: every user may list them.
    if let Ok(mine) = transport.json::<ProjectList>(&list_auth_projects()).await {
        if let Some(p) = mine.projects.into_iter().find(|p| p.name == input) {
            return Ok(Some(p.id));
        }
    }
    match transport
        .json::<ProjectList>(&find_projects_by_name(input))
        .await
    {
        Ok(found) => Ok(found.projects.into_iter().next().map(|p| p.id)),
        // A member may not list projects: the name is just not known here.
        Err(e) if e.kind == ApiErrorKind::Forbidden => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::api::request::Method;
    use crate::flows::scripted::{run, Scripted};

    fn mine() -> Value {
        serde_json::from_str(include_str!(
            "../../tests/fixtures/keystone_auth_projects.json"
        ))
        .unwrap()
    }

    #[test]
    fn an_id_is_used_without_asking_keystone() {
        let script = Scripted::new();
        let id = run(resolve_project(
            &script,
            " 89b1469f-0f14-40e9-8c74-77215f9c0b9b ",
        ))
        .unwrap();
        script.finish();
        assert_eq!(id.as_deref(), Some("89b1469f0f1440e98c7477215f9c0b9b"));
    }

    #[test]
    fn a_name_of_the_users_own_project_is_found_there() {
        let script = Scripted::new().ok(Method::Get, "/auth/projects", mine());
        let id = run(resolve_project(&script, "demo")).unwrap();
        script.finish();
        assert_eq!(id.as_deref(), Some("89b1469f0f1440e98c7477215f9c0b9b"));
    }

    #[test]
    fn another_projects_name_is_looked_up_in_keystone() {
        let script = Scripted::new()
            .ok(Method::Get, "/auth/projects", mine())
            .ok(
                Method::Get,
                "/projects?name=alt",
                json!({"projects": [{"id": "a1t", "name": "alt"}]}),
            );
        assert_eq!(
            run(resolve_project(&script, "alt")).unwrap().as_deref(),
            Some("a1t")
        );
        script.finish();
    }

    #[test]
    fn a_member_who_may_not_list_projects_gets_not_found_not_an_error() {
        let script = Scripted::new()
            .ok(Method::Get, "/auth/projects", mine())
            .fails(
                Method::Get,
                "/projects?name=alt",
                403,
                "You are not authorized to perform the requested action: identity:list_projects.",
            );
        assert_eq!(run(resolve_project(&script, "alt")).unwrap(), None);
        script.finish();
        let script = Scripted::new()
            .ok(Method::Get, "/auth/projects", mine())
            .ok(
                Method::Get,
                "/projects?name=nobody",
                json!({"projects": []}),
            );
        assert_eq!(run(resolve_project(&script, "nobody")).unwrap(), None);
        script.finish();
    }

    #[test]
    fn keystone_failing_is_the_error() {
        let script = Scripted::new()
            .fails(Method::Get, "/auth/projects", 503, "Service Unavailable")
            .fails(
                Method::Get,
                "/projects?name=alt",
                503,
                "Service Unavailable",
            );
        let e = run(resolve_project(&script, "alt")).unwrap_err();
        script.finish();
        assert_eq!(e.status, Some(503));
    }
}
