//! What the policy tests share: a project member, an admin and an image target.

use serde_json::json;

use super::context::{Credentials, Target};

/// A member and reader of `project`.
pub(super) fn member(project: &str) -> Credentials {
    Credentials {
        roles: vec!["member".into(), "reader".into()],
        project_id: project.into(),
        user_id: "u1".into(),
    }
}

/// An admin (and member and reader) of its own project.
pub(super) fn admin() -> Credentials {
    Credentials {
        roles: vec!["admin".into(), "member".into(), "reader".into()],
        project_id: "p-admin".into(),
        user_id: "u0".into(),
    }
}

/// An image of `owner` with `visibility`, as Glance's target has it.
pub(super) fn image(owner: &str, visibility: &str) -> Target {
    Target::image(
        &json!({"id": "i1", "owner": owner, "visibility": visibility, "protected": false}),
        None,
    )
}
