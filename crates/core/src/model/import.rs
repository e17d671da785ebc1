//! What the interoperable import's answers mean: the methods and stores a cloud offers
//! (`GET /v2/info/import`, `/v2/info/stores`, and the same lists in response headers), where
//! a running import stands (read from the image Glance returns), and why one failed. The
//! requests themselves are [`crate::api::glance::imports`].

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::api::error::{ApiError, ApiErrorKind};
use crate::i18n::{Key, Text};
use crate::model::image::{Image, ImageStatus};
use crate::model::import_task::ImageTasks;
use crate::model::operation::ImportMethod;

/// `GET /v2/info/import`, reduced to what the portal uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportInfo {
    /// Enabled methods, e.g. `["glance-direct", "web-download"]`.
    pub import_methods: Vec<String>,
}

impl ImportInfo {
    /// Whether the cloud offers `method`.
    pub fn supports(&self, method: &ImportMethod) -> bool {
        self.import_methods.iter().any(|m| m == method.wire_name())
    }
}

impl<'de> Deserialize<'de> for ImportInfo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The list is wrapped in a little JSON-schema-like object: {"import-methods":
        // {"description": …, "type": "array", "value": [...]}}.
        #[derive(Deserialize)]
        struct Wire {
            #[serde(rename = "import-methods")]
            import_methods: Wrapped,
        }
        #[derive(Deserialize)]
        struct Wrapped {
            #[serde(default)]
            value: Vec<String>,
        }
        let wire = Wire::deserialize(d)?;
        Ok(ImportInfo {
            import_methods: wire.import_methods.value,
        })
    }
}

/// `GET /v2/info/stores`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct StoresInfo {
    /// The stores, in the operator's `enabled_backends` order.
    pub stores: Vec<StoreInfo>,
}

impl StoresInfo {
    /// The default store's id, if one is marked.
    pub fn default_store(&self) -> Option<&str> {
        self.stores
            .iter()
            .find(|s| s.default)
            .map(|s| s.id.as_str())
    }
}

/// One store.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct StoreInfo {
    /// Store id, as used in `stores` of an import and in an image's `stores`.
    pub id: String,
    /// The operator's description, if any.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether this is the default store.
    #[serde(default, deserialize_with = "bool_or_string")]
    pub default: bool,
    /// An `http` store: readable, but nothing can be imported into it.
    #[serde(default, rename = "read-only", deserialize_with = "bool_or_string")]
    pub read_only: bool,
}

/// Glance 33 writes these flags as the *string* `"true"` (captured in
/// `tests/fixtures/glance_info_stores.json`); a JSON boolean is accepted too in case a
/// release fixes that.
fn bool_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Flag::deserialize(d)? {
        Flag::Bool(b) => b,
        Flag::Text(s) => s.trim().eq_ignore_ascii_case("true"),
    })
}

/// Where an import stands, read from the image Glance returns while it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportProgress {
    /// Stores still being imported to (`os_glance_importing_to_stores`).
    pub importing_to: Vec<String>,
    /// Stores the import failed for (`os_glance_failed_import`).
    pub failed: Vec<String>,
    /// Stores that hold the data (`stores`).
    pub stores: Vec<String>,
    /// The image's status.
    pub status: ImageStatus,
}

impl ImportProgress {
    /// Whether Glance is still working: some store is pending, or the image is `importing`.
    pub fn in_progress(&self) -> bool {
        !self.importing_to.is_empty() || self.status == ImageStatus::Importing
    }
}

/// Reads an import's progress from the image's properties. Glance keeps all three as
/// comma-separated strings (and leaves an empty string behind once a list is drained).
pub fn import_progress(image: &Image) -> ImportProgress {
    let list = |key: &str| {
        image
            .extra
            .get(key)
            .and_then(Value::as_str)
            .map(split_list)
            .unwrap_or_default()
    };
    ImportProgress {
        importing_to: list("os_glance_importing_to_stores"),
        failed: list("os_glance_failed_import"),
        stores: list("stores"),
        status: image.status.clone(),
    }
}

/// The error for an import that settled without making the image `active`: Glance's own
/// reason from the newest failed import task in `tasks` (with that import's request id, so an
/// operator finds it in Glance's log), or, when no task says (they expired, or could not be
/// read), the image's status and failed stores.
pub fn import_failure(method: &str, image: &Image, tasks: Option<&ImageTasks>) -> ApiError {
    let failed = import_progress(image).failed.join(", ");
    match tasks.and_then(ImageTasks::latest_failure) {
        Some(task) => {
            let stores = match task.stores.join(", ") {
                s if s.is_empty() => failed,
                s => s,
            };
            let reason = task.message.clone().unwrap_or_default();
            let mut e = ApiError::worded(
                ApiErrorKind::Server,
                Text::new(Key::ImportTaskFailed, &[method, &stores, &reason]),
            );
            e.request_id = task.request_id.clone();
            e
        }
        None => ApiError::worded(
            ApiErrorKind::Server,
            Text::new(
                Key::ImportEndedNoReason,
                &[method, image.status.as_str(), &failed],
            ),
        ),
    }
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn captured_import_info_lists_the_enabled_methods() {
        let info: ImportInfo =
            serde_json::from_str(include_str!("../../tests/fixtures/glance_info_import.json"))
                .unwrap();
        assert_eq!(info.import_methods, ["glance-direct", "web-download"]);
        assert!(info.supports(&ImportMethod::GlanceDirect));
        assert!(info.supports(&ImportMethod::WebDownload { uri: String::new() }));
        assert!(!info.supports(&ImportMethod::CopyImage));
    }

    #[test]
    fn captured_stores_info_has_a_string_default_flag() {
        let info: StoresInfo =
            serde_json::from_str(include_str!("../../tests/fixtures/glance_info_stores.json"))
                .unwrap();
        assert_eq!(
            info.stores,
            [StoreInfo {
                id: "fs".into(),
                description: None,
                default: true,
                read_only: false
            }]
        );
        assert_eq!(info.default_store(), Some("fs"));
    }

    #[test]
    fn stores_flags_accept_bool_or_string() {
        let info: StoresInfo = serde_json::from_value(json!({"stores": [
            {"id": "a", "default": true, "description": "Fast"},
            {"id": "b", "default": "false"},
            {"id": "web", "read-only": "true"},
        ]}))
        .unwrap();
        assert_eq!(info.default_store(), Some("a"));
        assert_eq!(info.stores[0].description.as_deref(), Some("Fast"));
        assert!(!info.stores[1].default);
        assert!(info.stores[2].read_only && !info.stores[2].default);
        assert!(serde_json::from_value::<StoresInfo>(
            json!({"stores": [{"id": "x", "default": 1}]})
        )
        .is_err());
    }

    #[test]
    fn progress_reads_comma_lists_and_tolerates_drained_ones() {
        let image: Image = serde_json::from_value(json!({
            "id": "i", "status": "importing", "visibility": "private",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "os_glance_importing_to_stores": "cheap,slow",
            "os_glance_failed_import": "",
            "stores": "fast"
        }))
        .unwrap();
        let p = import_progress(&image);
        assert_eq!(p.importing_to, ["cheap", "slow"]);
        assert!(p.failed.is_empty());
        assert_eq!(p.stores, ["fast"]);
        assert!(p.in_progress());
        // What Glance 33 showed after a web-download whose URL answered 404: back to
        // queued, `stores` null, the store listed as failed.
        let failed: Image = serde_json::from_value(json!({
            "id": "i", "status": "queued", "visibility": "shared",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "stores": null, "os_glance_importing_to_stores": "", "os_glance_failed_import": "fs"
        }))
        .unwrap();
        let p = import_progress(&failed);
        assert!(!p.in_progress());
        assert!(p.stores.is_empty());
        assert_eq!(p.failed, ["fs"]);
        let mut done = image.clone();
        done.status = ImageStatus::Active;
        done.extra
            .insert("os_glance_importing_to_stores".into(), "".into());
        done.extra
            .insert("os_glance_failed_import".into(), "slow".into());
        let p = import_progress(&done);
        assert!(!p.in_progress());
        assert_eq!(p.failed, ["slow"]);
    }

    #[test]
    fn a_failed_import_is_reported_in_glances_words() {
        let image: Image = serde_json::from_str(include_str!(
            "../../tests/fixtures/glance_image_import_failed.json"
        ))
        .unwrap();
        let tasks: ImageTasks = serde_json::from_str(include_str!(
            "../../tests/fixtures/glance_image_tasks_failed.json"
        ))
        .unwrap();
        let e = import_failure("glance-direct", &image, Some(&tasks));
        assert_eq!(
            e.message,
            "The glance-direct import failed (store fs). Glance says: Task failed due to Internal Error"
        );
        assert_eq!(e.request_id, tasks.tasks[0].request_id);
        assert!(e.request_id.as_deref().unwrap().starts_with("req-"));
        // Without the tasks, the image alone: status and the failed store.
        let e = import_failure("glance-direct", &image, None);
        assert_eq!(
            e.message,
            "The glance-direct import ended with the image queued (failed stores: fs); Glance lists no task saying why."
        );
        assert_eq!(e.request_id, None);
    }
}
