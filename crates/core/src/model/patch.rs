//! Image edits as the minimal JSON-patch Glance accepts (`PATCH /v2/images/{id}`).
//!
//! Glance's dialect (`glance/api/v2/images.py`): only `add`, `remove` and `replace`; paths one
//! level deep except `locations`; `tags` replaced as a whole list; `replace` or `remove` of a
//! key the image does not have is a 409; a read-only or reserved key is a 403, even when the
//! value sent equals the current one. So [`diff`] sends only what changed and never names a
//! read-only key.

use std::cmp::Ordering;

use serde_json::{json, Map, Value};

use crate::model::schema::{json_eq, ImageSchema};

/// Content type of a JSON-patch in the current dialect (draft 10 operation objects:
/// `{"op": …, "path": …, "value": …}`).
pub const PATCH_CONTENT_TYPE: &str = "application/openstack-images-v2.1-json-patch";

/// One operation of an image patch.
#[derive(Clone, Debug, PartialEq)]
pub enum PatchOp {
    /// Sets a property; in the v2.1 dialect this also overwrites an existing one.
    Add {
        /// JSON pointer, see [`json_pointer`].
        path: String,
        /// New value.
        value: Value,
    },
    /// Sets a property the image already has (409 otherwise).
    Replace {
        /// JSON pointer.
        path: String,
        /// New value.
        value: Value,
    },
    /// Deletes a custom property (403 for Glance's own attributes, 409 if absent).
    Remove {
        /// JSON pointer.
        path: String,
    },
}

impl PatchOp {
    /// The operation's name on the wire.
    pub fn op(&self) -> &'static str {
        match self {
            PatchOp::Add { .. } => "add",
            PatchOp::Replace { .. } => "replace",
            PatchOp::Remove { .. } => "remove",
        }
    }

    /// The JSON pointer.
    pub fn path(&self) -> &str {
        match self {
            PatchOp::Add { path, .. }
            | PatchOp::Replace { path, .. }
            | PatchOp::Remove { path } => path,
        }
    }

    /// The property the operation addresses (the pointer's first token, unescaped).
    pub fn key(&self) -> String {
        pointer_key(self.path())
    }

    /// The value set, `None` for a removal.
    pub fn value(&self) -> Option<&Value> {
        match self {
            PatchOp::Add { value, .. } | PatchOp::Replace { value, .. } => Some(value),
            PatchOp::Remove { .. } => None,
        }
    }
}

/// The JSON pointer (RFC 6901) of a top-level property: `~` becomes `~0` and `/` becomes `~1`,
/// in that order, so that `~1` typed by a user is not mistaken for an escaped `/`.
pub fn json_pointer(key: &str) -> String {
    format!("/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// The property named by a pointer's first token, unescaped (the inverse of [`json_pointer`]).
pub fn pointer_key(pointer: &str) -> String {
    let token = pointer.strip_prefix('/').unwrap_or(pointer);
    let token = token.split('/').next().unwrap_or_default();
    token.replace("~1", "/").replace("~0", "~")
}

fn same_set(a: &[Value], b: &[Value]) -> bool {
    a.iter().all(|x| b.iter().any(|y| json_eq(x, y)))
        && b.iter().all(|y| a.iter().any(|x| json_eq(x, y)))
}

fn unchanged(key: &str, before: &Value, after: &Value) -> bool {
    match (key, before, after) {
        // Glance keeps tags as a set: order and repeats carry no meaning.
        ("tags", Value::Array(a), Value::Array(b)) => same_set(a, b),
        _ => json_eq(before, after),
    }
}

/// The minimal patch turning `original` (the image as Glance returned it) into `edited`.
///
/// - Read-only and reserved keys ([`ImageSchema::is_read_only`]) are never touched.
/// - A key in both with a different value is replaced; `tags` compare as sets and are
///   replaced as a whole list.
/// - A key only in `edited` is added, unless its value is `null` (absent already means unset).
/// - A key only in `original` is removed when it is a custom property, or a schema property
///   with `is_base: false` (Glance stores those as extra properties, which can be removed);
///   a base property is replaced with `null` when nullable and otherwise left alone, because
///   Glance answers 403 to removing one of its own attributes.
///
/// Operations come in the schema's property order, then custom keys sorted by name.
pub fn diff(
    original: &Map<String, Value>,
    edited: &Map<String, Value>,
    schema: &ImageSchema,
) -> Vec<PatchOp> {
    let mut keys: Vec<&String> = original.keys().chain(edited.keys()).collect();
    keys.sort_by(|a, b| match (schema.index_of(a), schema.index_of(b)) {
        (Some(i), Some(j)) => i.cmp(&j),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    });
    keys.dedup();

    let mut ops = Vec::new();
    for key in keys {
        if schema.is_read_only(key) {
            continue;
        }
        let path = json_pointer(key);
        match (original.get(key), edited.get(key)) {
            (Some(before), Some(after)) => {
                if !unchanged(key, before, after) {
                    ops.push(PatchOp::Replace {
                        path,
                        value: after.clone(),
                    });
                }
            }
            (None, Some(after)) => {
                if !after.is_null() {
                    ops.push(PatchOp::Add {
                        path,
                        value: after.clone(),
                    });
                }
            }
            (Some(before), None) => match schema.property(key) {
                None => ops.push(PatchOp::Remove { path }),
                Some(prop) if !prop.is_base => ops.push(PatchOp::Remove { path }),
                Some(prop) if prop.nullable() && !before.is_null() => ops.push(PatchOp::Replace {
                    path,
                    value: Value::Null,
                }),
                Some(_) => {}
            },
            (None, None) => {}
        }
    }
    ops
}

/// The request body: a JSON array of `{"op", "path"[, "value"]}` objects.
pub fn patch_body(ops: &[PatchOp]) -> Value {
    Value::Array(
        ops.iter()
            .map(|op| match op.value() {
                Some(value) => json!({"op": op.op(), "path": op.path(), "value": value}),
                None => json!({"op": op.op(), "path": op.path()}),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> ImageSchema {
        ImageSchema::parse_str(
            r#"{"name": "image", "properties": {
                "id": {"type": "string"},
                "name": {"type": ["null", "string"]},
                "status": {"type": "string", "readOnly": true},
                "protected": {"type": "boolean"},
                "disk_format": {"type": ["null", "string"], "enum": [null, "raw"]},
                "min_ram": {"type": "integer"},
                "tags": {"type": "array", "items": {"type": "string"}},
                "os_distro": {"type": "string", "is_base": false}
            }, "additionalProperties": {"type": "string"}}"#,
        )
        .unwrap()
    }

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    fn replace(path: &str, value: Value) -> PatchOp {
        PatchOp::Replace {
            path: path.into(),
            value,
        }
    }

    #[test]
    fn pointers_escape_tilde_before_slash() {
        assert_eq!(json_pointer("name"), "/name");
        assert_eq!(json_pointer("a/b"), "/a~1b");
        assert_eq!(json_pointer("a~b"), "/a~0b");
        // A literal "~1" must not turn into "/" on Glance's side.
        assert_eq!(json_pointer("x~1"), "/x~01");
        for key in ["a/b", "a~b", "x~1", "~/~0", "镜像"] {
            assert_eq!(pointer_key(&json_pointer(key)), key);
        }
    }

    #[test]
    fn equal_values_give_no_ops() {
        let img = map(json!({"name": "a", "min_ram": 0, "tags": ["x"], "k": "v"}));
        assert!(diff(&img, &img.clone(), &schema()).is_empty());
        // 0 and 0.0 are the same number.
        let float = map(json!({"name": "a", "min_ram": 0.0, "tags": ["x"], "k": "v"}));
        assert!(diff(&img, &float, &schema()).is_empty());
    }

    #[test]
    fn changed_values_are_replaced_including_null() {
        let before = map(json!({"name": "a", "protected": false, "disk_format": "raw"}));
        let after = map(json!({"name": null, "protected": true, "disk_format": "raw"}));
        assert_eq!(
            diff(&before, &after, &schema()),
            vec![
                replace("/name", Value::Null),
                replace("/protected", json!(true))
            ]
        );
    }

    #[test]
    fn new_keys_are_added_but_not_as_null() {
        let before = map(json!({"name": "a"}));
        let after = map(
            json!({"name": "a", "os_distro": "debian", "hw_disk_bus": "scsi",
                               "min_ram": 512, "unset": null}),
        );
        assert_eq!(
            diff(&before, &after, &schema()),
            vec![
                PatchOp::Add {
                    path: "/min_ram".into(),
                    value: json!(512)
                },
                PatchOp::Add {
                    path: "/os_distro".into(),
                    value: json!("debian")
                },
                PatchOp::Add {
                    path: "/hw_disk_bus".into(),
                    value: json!("scsi")
                },
            ]
        );
    }

    #[test]
    fn missing_keys_are_removed_nulled_or_kept_by_kind() {
        let before = map(json!({"name": "a", "disk_format": null, "min_ram": 0,
                                "os_distro": "debian", "zz": "1", "aa": "2"}));
        let after = map(json!({}));
        assert_eq!(
            diff(&before, &after, &schema()),
            vec![
                // nullable base property: cleared
                replace("/name", Value::Null),
                // disk_format is null already; min_ram is not nullable: both untouched
                // is_base false: an extra property in Glance, so removable
                PatchOp::Remove {
                    path: "/os_distro".into()
                },
                // custom keys, sorted
                PatchOp::Remove { path: "/aa".into() },
                PatchOp::Remove { path: "/zz".into() },
            ]
        );
    }

    #[test]
    fn read_only_keys_are_never_touched() {
        let before = map(
            json!({"id": "1", "status": "active", "size": 1, "self": "/x",
                                "os_glance_import_task": "t", "locations": [], "name": "a"}),
        );
        let after = map(
            json!({"id": "2", "status": "killed", "self": "/y", "checksum": "c",
                               "locations": [{"url": "x"}], "name": "a"}),
        );
        assert!(diff(&before, &after, &schema()).is_empty());
    }

    #[test]
    fn tags_compare_as_sets_and_are_replaced_whole() {
        let before = map(json!({"tags": ["a", "b"]}));
        let same = map(json!({"tags": ["b", "a", "a"]}));
        assert!(diff(&before, &same, &schema()).is_empty());
        let after = map(json!({"tags": ["b", "c"]}));
        assert_eq!(
            diff(&before, &after, &schema()),
            vec![replace("/tags", json!(["b", "c"]))]
        );
        let cleared = map(json!({"tags": []}));
        assert_eq!(
            diff(&before, &cleared, &schema()),
            vec![replace("/tags", json!([]))]
        );
    }

    #[test]
    fn custom_keys_needing_escapes() {
        let before = map(json!({"a/b": "1", "c~d": "2"}));
        let after = map(json!({"a/b": "9", "e~1/f": "3"}));
        let ops = diff(&before, &after, &schema());
        assert_eq!(
            ops,
            vec![
                replace("/a~1b", json!("9")),
                PatchOp::Remove {
                    path: "/c~0d".into()
                },
                PatchOp::Add {
                    path: "/e~01~1f".into(),
                    value: json!("3")
                },
            ]
        );
        assert_eq!(ops[2].key(), "e~1/f");
    }

    #[test]
    fn order_follows_the_schema_then_custom_keys() {
        let before = map(json!({}));
        let after =
            map(json!({"zeta": "1", "tags": ["t"], "alpha": "2", "name": "n", "min_ram": 1}));
        let paths: Vec<String> = diff(&before, &after, &schema())
            .iter()
            .map(|op| op.path().to_string())
            .collect();
        assert_eq!(paths, ["/name", "/min_ram", "/tags", "/alpha", "/zeta"]);
    }

    #[test]
    fn body_is_glance_draft_10_operations() {
        let ops = vec![
            replace("/name", json!("n")),
            PatchOp::Add {
                path: "/k".into(),
                value: Value::Null,
            },
            PatchOp::Remove { path: "/x".into() },
        ];
        assert_eq!(
            patch_body(&ops),
            json!([
                {"op": "replace", "path": "/name", "value": "n"},
                {"op": "add", "path": "/k", "value": null},
                {"op": "remove", "path": "/x"}
            ])
        );
        assert!(patch_body(&ops)[2].get("value").is_none());
    }
}
