//! Glance 33's default policy rules, as the check strings its `policy.yaml` would hold.

/// Glance 33.0.0's default rules (`glance/policies/*.py`, secure RBAC defaults), as
/// `(rule, check string)`. Only the rules the portal consults and the ones they refer to.
pub const GLANCE_DEFAULTS: &[(&str, &str)] = &[
    ("default", ""),
    ("context_is_admin", "role:admin"),
    ("service_api", "role:service or role:admin"),
    (
        "add_image",
        "rule:context_is_admin or (role:member and project_id:%(project_id)s and project_id:%(owner)s)",
    ),
    ("delete_image", ADMIN_OR_PROJECT_MEMBER),
    (
        "get_image",
        "rule:context_is_admin or (role:reader and (project_id:%(project_id)s or project_id:%(member_id)s or 'community':%(visibility)s or 'public':%(visibility)s or 'shared':%(visibility)s))",
    ),
    ("modify_image", ADMIN_OR_PROJECT_MEMBER),
    ("publicize_image", "rule:context_is_admin"),
    ("communitize_image", ADMIN_OR_PROJECT_MEMBER),
    ("download_image", ADMIN_OR_MEMBER_DOWNLOAD),
    ("upload_image", ADMIN_OR_PROJECT_MEMBER),
    ("add_member", ADMIN_OR_PROJECT_MEMBER),
    ("delete_member", ADMIN_OR_PROJECT_MEMBER),
    (
        "get_members",
        "rule:context_is_admin or role:reader and (project_id:%(project_id)s or project_id:%(member_id)s)",
    ),
    (
        "modify_member",
        "rule:context_is_admin or (role:member and project_id:%(member_id)s)",
    ),
    ("deactivate", ADMIN_OR_PROJECT_MEMBER),
    ("reactivate", ADMIN_OR_PROJECT_MEMBER),
    ("copy_image", "rule:context_is_admin"),
];

const ADMIN_OR_PROJECT_MEMBER: &str =
    "rule:context_is_admin or (role:member and project_id:%(project_id)s)";
const ADMIN_OR_MEMBER_DOWNLOAD: &str = "rule:context_is_admin or (role:member and (project_id:%(project_id)s or project_id:%(member_id)s or 'community':%(visibility)s or 'public':%(visibility)s or 'shared':%(visibility)s))";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::Check;

    #[test]
    fn every_default_rule_parses() {
        for (name, text) in GLANCE_DEFAULTS {
            assert!(Check::parse(text).is_ok(), "{name}: {text}");
        }
    }
}
