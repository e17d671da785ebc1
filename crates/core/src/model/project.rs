//! Keystone projects as the portal meets them: the user's own (`GET /v3/auth/projects`) and
//! the rule that tells a project id from a name. The requests are [`crate::api::keystone`].

use serde::{Deserialize, Serialize};

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

/// Whether `s` looks like a Keystone project id (32 hex digits, or a UUID with dashes), in
/// which case the portal uses it as is instead of resolving a name.
pub fn looks_like_project_id(s: &str) -> bool {
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_ids_are_told_from_names() {
        assert!(looks_like_project_id("89b1469f0f1440e98c7477215f9c0b9b"));
        assert!(looks_like_project_id(
            "89b1469f-0f14-40e9-8c74-77215f9c0b9b"
        ));
        assert!(!looks_like_project_id("alt"));
        assert!(!looks_like_project_id("89b1469f0f1440e98c7477215f9c0b9z"));
    }
}
