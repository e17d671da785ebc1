//! Keystone projects as the portal meets them: the user's own (`GET /v3/auth/projects`), the
//! choices the project switcher offers, and the rule that tells a project id from a name. The requests are [`crate::api::keystone`].

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

/// One choice of the project switcher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectChoice {
    /// The project's id (the option's value).
    pub id: String,
    /// Its name (what the option says).
    pub name: String,
}

/// What the project switcher offers: the user's enabled projects by name, and the current
/// project first when the list does not name it (not loaded yet, failed, or a project the
/// token was scoped to by id), so the switcher always shows where the user is.
pub fn switcher_choices(
    list: Option<&ProjectList>,
    current_id: &str,
    current_name: &str,
) -> Vec<ProjectChoice> {
    let mut choices: Vec<ProjectChoice> = list
        .map(|l| l.projects.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|p| p.enabled)
        .map(|p| ProjectChoice {
            id: p.id.clone(),
            name: p.name.clone(),
        })
        .collect();
    choices.sort_by(|a, b| a.name.cmp(&b.name));
    if !choices.iter().any(|p| p.id == current_id) {
        choices.insert(
            0,
            ProjectChoice {
                id: current_id.to_string(),
                name: current_name.to_string(),
            },
        );
    }
    choices
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

    fn project(id: &str, name: &str, enabled: bool) -> Project {
        Project {
            id: id.into(),
            name: name.into(),
            domain_id: None,
            enabled,
        }
    }

    #[test]
    fn the_switcher_offers_enabled_projects_by_name_and_always_the_current_one() {
        let list = ProjectList {
            projects: vec![
                project("p2", "zeta", true),
                project("p1", "alpha", true),
                project("p3", "off", false),
            ],
        };
        let names = |c: Vec<ProjectChoice>| c.into_iter().map(|c| c.name).collect::<Vec<_>>();
        assert_eq!(
            names(switcher_choices(Some(&list), "p1", "alpha")),
            ["alpha", "zeta"]
        );
        // A current project the list does not name comes first.
        assert_eq!(
            names(switcher_choices(Some(&list), "p3", "off")),
            ["off", "alpha", "zeta"]
        );
        // Before the list is in (or when it failed), the current project alone.
        let alone = switcher_choices(None, "p9", "mine");
        assert_eq!(
            alone,
            [ProjectChoice {
                id: "p9".into(),
                name: "mine".into()
            }]
        );
    }
}
