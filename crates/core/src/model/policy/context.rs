//! What a rule is checked with: the caller's credentials and the target object, in the
//! string form oslo.policy compares.

use std::collections::BTreeMap;

/// The caller as Glance's request context describes it to oslo.policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    /// Role names on the token's project.
    pub roles: Vec<String>,
    /// The token's project.
    pub project_id: String,
    /// The token's user.
    pub user_id: String,
}

/// The object a rule is checked against: the `%(key)s` values of check strings, already in
/// the string form oslo.policy compares (Python's `str()`: `True`, `None`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
// The evaluator reads the map itself to substitute `%(key)s` placeholders.
pub struct Target(pub(super) BTreeMap<String, String>);

impl Target {
    /// An empty target (rules about the caller only, such as `context_is_admin`).
    pub fn new() -> Self {
        Target::default()
    }

    /// Sets one key.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.0.insert(key.to_string(), value.into());
        self
    }

    /// The target Glance builds from an image (`ImageTarget`): every top-level property,
    /// with `project_id` standing for `owner`, and `member_id` for the caller's project when
    /// it is a member of the image (`None` when unknown, as Glance reads a missing member).
    pub fn image(image: &serde_json::Value, member_project: Option<&str>) -> Self {
        let mut map = BTreeMap::new();
        if let Some(obj) = image.as_object() {
            for (key, value) in obj {
                if let Some(text) = python_str(value) {
                    map.insert(key.clone(), text);
                }
            }
        }
        let owner = map.get("owner").cloned().unwrap_or_else(|| "None".into());
        map.insert("owner".into(), owner.clone());
        map.insert("project_id".into(), owner);
        if let Some(id) = map.get("id").cloned() {
            map.insert("image_id".into(), id);
        }
        map.insert(
            "member_id".into(),
            member_project.unwrap_or("None").to_string(),
        );
        Target(map)
    }
}

/// A JSON scalar as Python's `str()` renders it, which is what oslo.policy compares.
fn python_str(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Bool(true) => Some("True".into()),
        serde_json::Value::Bool(false) => Some("False".into()),
        serde_json::Value::Null => Some("None".into()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
