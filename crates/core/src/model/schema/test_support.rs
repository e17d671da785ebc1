//! What the schema tests share: a pattern matcher, a property and a small image schema.

use serde_json::{json, Value};

use super::types::{ImageSchema, PropertySchema};
use super::validation::PatternMatcher;

/// Patterns by literal comparison: enough to tell a checked pattern from a skipped one.
pub(super) struct Exact;
impl PatternMatcher for Exact {
    fn is_match(&self, pattern: &str, value: &str) -> Option<bool> {
        (pattern != "unsupported").then(|| pattern == value)
    }
}

/// The property schema `value` describes.
pub(super) fn prop(value: Value) -> PropertySchema {
    PropertySchema::from_value(&value, "test").unwrap()
}

/// A small image schema: read-only by flag and by description, a non-base property, and
/// custom properties typed `"String"` as Huawei IMS spells it.
pub(super) fn schema() -> ImageSchema {
    ImageSchema::parse(&json!({
        "name": "image",
        "properties": {
            "id": {"type": "string"},
            "name": {"type": ["null", "string"], "maxLength": 255},
            "status": {"type": "string", "readOnly": true},
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 255}},
            "kernel_id": {"type": "string", "is_base": false},
            "file": {"type": "string", "description": "(read-only)"}
        },
        "additionalProperties": {"type": "String"}
    }))
    .unwrap()
}
