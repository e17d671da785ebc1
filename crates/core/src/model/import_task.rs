//! An image's import history, as `GET /v2/images/{id}/tasks` gives it.
//!
//! Every `POST …/import` makes an `api_image_import` task. It is the only place Glance says
//! why an import failed (the image itself only goes back to `queued` and names the store in
//! `os_glance_failed_import`), and the only record of which method brought the data in.
//! Glance lists a task only until its `expires_at` (`task_time_to_live`, 48 h by default), so
//! nothing that must last may rest on the tasks alone.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

crate::open_enum! {
    /// A task's status, as Glance spells it.
    TaskStatus {
        /// Created, not started.
        Pending => "pending",
        /// Running.
        Processing => "processing",
        /// Finished; the image has the data.
        Success => "success",
        /// Finished without the data; `message` says why.
        Failure => "failure",
    }
}

/// The task type of an import (`POST …/import`); other types (the legacy `import` tasks of
/// `/v2/tasks`) are shown but not interpreted.
pub const API_IMAGE_IMPORT: &str = "api_image_import";

/// One task, reduced to what the portal shows and interprets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportTask {
    /// Task id.
    pub id: String,
    /// `api_image_import` for imports.
    pub task_type: String,
    /// Where it stands.
    pub status: TaskStatus,
    /// Glance's words: "Copied 64 MiB" on success, the reason on failure.
    pub message: Option<String>,
    /// `result`, kept as JSON (`{"image_id": …}` on success, `null` on failure).
    pub result: Option<Value>,
    /// The import method from `input.import_req.method.name` (`glance-direct`, …).
    pub method: Option<String>,
    /// The URL a `web-download` fetched (`input.import_req.method.uri`).
    pub uri: Option<String>,
    /// The stores it imported to (`input.backend`).
    pub stores: Vec<String>,
    /// The `x-openstack-request-id` of the `POST …/import` that made it.
    pub request_id: Option<String>,
    /// Created (Glance's naive UTC timestamp).
    pub created_at: Option<String>,
    /// Last changed.
    pub updated_at: Option<String>,
    /// When Glance stops listing it.
    pub expires_at: Option<String>,
}

impl ImportTask {
    /// Whether it is an import (`POST …/import`).
    pub fn is_import(&self) -> bool {
        self.task_type == API_IMAGE_IMPORT
    }

    /// Whether it brought data in by a method whose data Glance's import plugins
    /// (`image_conversion`, `image_decompression`) rewrite: `glance-direct` and
    /// `web-download`. `copy-image` skips the plugins, and `PUT …/file` makes no task.
    pub fn may_rewrite_data(&self) -> bool {
        self.is_import()
            && matches!(
                self.method.as_deref(),
                Some("glance-direct") | Some("web-download") | Some("glance-download")
            )
    }

    /// `result` as text for display, or `None` when Glance left it `null`.
    pub fn result_text(&self) -> Option<String> {
        match &self.result {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(v) => Some(v.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for ImportTask {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            id: String,
            #[serde(rename = "type", default)]
            task_type: String,
            status: TaskStatus,
            #[serde(default)]
            message: Option<String>,
            #[serde(default)]
            result: Option<Value>,
            #[serde(default)]
            input: Option<Value>,
            #[serde(default)]
            request_id: Option<String>,
            #[serde(default)]
            created_at: Option<String>,
            #[serde(default)]
            updated_at: Option<String>,
            #[serde(default)]
            expires_at: Option<String>,
        }
        let w = Wire::deserialize(d)?;
        let input = w.input.unwrap_or(Value::Null);
        let method = &input["import_req"]["method"];
        let text = |v: &Value| v.as_str().map(str::to_string);
        // `backend` is a list in Glance 33; a single string is accepted in case another
        // release writes one.
        let stores = match &input["backend"] {
            Value::Array(items) => items.iter().filter_map(text).collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        };
        Ok(ImportTask {
            id: w.id,
            task_type: w.task_type,
            status: w.status,
            // An empty message says nothing; show none rather than a blank.
            message: w.message.filter(|m| !m.trim().is_empty()),
            result: w.result,
            method: text(&method["name"]),
            uri: text(&method["uri"]),
            stores,
            request_id: w.request_id,
            created_at: w.created_at,
            updated_at: w.updated_at,
            expires_at: w.expires_at,
        })
    }
}

/// `GET /v2/images/{id}/tasks`: `{"tasks": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ImageTasks {
    /// The image's tasks that have not expired, in Glance's order.
    pub tasks: Vec<ImportTask>,
}

impl ImageTasks {
    /// The tasks newest first (by `created_at`; Glance's timestamps sort as text).
    pub fn newest_first(&self) -> Vec<ImportTask> {
        let mut tasks = self.tasks.clone();
        tasks.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        tasks
    }

    /// The newest import task, if any.
    pub fn latest_import(&self) -> Option<&ImportTask> {
        self.tasks
            .iter()
            .filter(|t| t.is_import())
            .max_by(|a, b| a.created_at.cmp(&b.created_at))
    }

    /// The newest import, when it failed: what an upload's failure reports.
    pub fn latest_failure(&self) -> Option<&ImportTask> {
        self.latest_import()
            .filter(|t| t.status == TaskStatus::Failure)
    }

    /// Whether a successful import by a method the plugins rewrite brought the data in.
    pub fn imported_by_rewriting_method(&self) -> Option<&ImportTask> {
        self.tasks
            .iter()
            .filter(|t| t.status == TaskStatus::Success && t.may_rewrite_data())
            .max_by(|a, b| a.created_at.cmp(&b.created_at))
    }
}

/// A task timestamp for display: Glance writes naive UTC with microseconds
/// (`2026-12-01T10:24:35.818450`); shown to the second, marked UTC.
pub fn utc_text(timestamp: &str) -> String {
    let t = timestamp.trim().trim_end_matches('Z');
    let t = t.split('.').next().unwrap_or(t);
    format!("{} UTC", t.replacen('T', " ", 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn captured(name: &str) -> ImageTasks {
        let text = match name {
            "converted" => include_str!("../../tests/fixtures/glance_image_tasks_converted.json"),
            _ => include_str!("../../tests/fixtures/glance_image_tasks_failed.json"),
        };
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn captured_successful_import_task() {
        let tasks = captured("converted");
        let t = &tasks.tasks[0];
        assert_eq!(t.status, TaskStatus::Success);
        assert!(t.is_import() && t.may_rewrite_data());
        assert_eq!(t.method.as_deref(), Some("glance-direct"));
        assert_eq!(t.message.as_deref(), Some("Copied 64 MiB"));
        assert_eq!(t.stores, ["fs"]);
        assert!(t.request_id.as_deref().unwrap().starts_with("req-"));
        assert!(t.result_text().unwrap().contains("image_id"));
        assert!(t.expires_at.is_some());
        assert_eq!(tasks.latest_failure(), None);
        assert_eq!(tasks.imported_by_rewriting_method(), Some(t));
    }

    #[test]
    fn timestamps_show_to_the_second_in_utc() {
        assert_eq!(
            utc_text("2026-12-01T10:24:35.818450"),
            "2026-12-01 10:24:35 UTC"
        );
        assert_eq!(utc_text("2026-12-01T10:24:35Z"), "2026-12-01 10:24:35 UTC");
    }

    #[test]
    fn captured_failed_import_says_why() {
        let tasks = captured("failed");
        let failed = tasks.latest_failure().expect("a failed import");
        assert_eq!(
            failed.message.as_deref(),
            Some("Task failed due to Internal Error")
        );
        assert_eq!(failed.result_text(), None, "result is null");
        assert_eq!(tasks.imported_by_rewriting_method(), None);
    }

    #[test]
    fn latest_import_wins_and_other_types_are_kept_but_not_interpreted() {
        let tasks: ImageTasks = serde_json::from_value(json!({"tasks": [
            {"id": "old", "type": "api_image_import", "status": "failure", "message": "boom",
             "created_at": "2026-12-01T10:00:00.000000",
             "input": {"import_req": {"method": {"name": "web-download", "uri": "http://x/a"}}, "backend": "fs"}},
            {"id": "new", "type": "api_image_import", "status": "success", "message": "",
             "created_at": "2026-12-01T11:00:00.000000",
             "input": {"import_req": {"method": {"name": "copy-image"}}}},
            {"id": "legacy", "type": "import", "status": "weird", "created_at": "2026-12-01T12:00:00.000000"},
        ]}))
        .unwrap();
        assert_eq!(tasks.latest_import().unwrap().id, "new");
        // The retry succeeded, so the old failure is history, not the outcome.
        assert_eq!(tasks.latest_failure(), None);
        // copy-image does not rewrite; the failed web-download brought nothing in.
        assert_eq!(tasks.imported_by_rewriting_method(), None);
        assert_eq!(tasks.tasks[0].uri.as_deref(), Some("http://x/a"));
        assert_eq!(tasks.tasks[0].stores, ["fs"]);
        assert_eq!(tasks.tasks[1].message, None, "blank message dropped");
        assert_eq!(tasks.tasks[2].status, TaskStatus::Unknown("weird".into()));
        let order: Vec<_> = tasks.newest_first().into_iter().map(|t| t.id).collect();
        assert_eq!(order, ["legacy", "new", "old"]);
    }
}
