//! Glance's own rules about property keys, which a schema does not always state: the keys it
//! refuses to patch, the ones it reserves, and the longest name it takes.

use super::types::ImageSchema;

/// Keys Glance refuses to patch whatever the schema says: `_readonly_properties` and
/// `_disallowed_properties` of `RequestDeserializer` (403 "Attribute '…' is read-only").
const GLANCE_READ_ONLY: [&str; 14] = [
    "created_at",
    "updated_at",
    "status",
    "checksum",
    "size",
    "virtual_size",
    "direct_url",
    "self",
    "file",
    "schema",
    "id",
    "os_hash_algo",
    "os_hash_value",
    "stores",
];

/// `locations` is writable in Glance only through path-indexed operations, behind the
/// `set_image_location` policy, and is being replaced by the dedicated locations API; a
/// property form must not send a whole new list.
const PORTAL_READ_ONLY: [&str; 1] = ["locations"];

/// `RequestDeserializer._reserved_properties`: 403 "Attribute '…' is reserved".
const GLANCE_RESERVED: [&str; 3] = ["location", "deleted", "deleted_at"];

/// `glance.api.common.GLANCE_RESERVED_NS`. Glance tests `key.startswith('os_glance')`, so
/// the namespace has no trailing underscore: `os_glancefoo` is reserved too.
pub const GLANCE_RESERVED_NS: &str = "os_glance";

/// Longest custom property name Glance accepts (`RequestDeserializer.create`, LP #1737952,
/// and the `image_properties.name` column).
pub const MAX_KEY_LENGTH: usize = 255;

/// Whether Glance reserves `key` (a patch or create naming it gets 403).
pub fn is_reserved(key: &str) -> bool {
    GLANCE_RESERVED.contains(&key) || key.starts_with(GLANCE_RESERVED_NS)
}

impl ImageSchema {
    /// Whether the portal must never send a change to `key`: the schema marks it read-only,
    /// Glance refuses it whatever the schema says (its `_readonly_properties` and
    /// `_disallowed_properties`), it is `locations`, or it is reserved.
    pub fn is_read_only(&self, key: &str) -> bool {
        self.property(key).is_some_and(|p| p.read_only)
            || GLANCE_READ_ONLY.contains(&key)
            || PORTAL_READ_ONLY.contains(&key)
            || is_reserved(key)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::schema::test_support::schema;

    #[test]
    fn read_only_combines_schema_glance_and_reserved() {
        let s = schema();
        assert!(s.is_read_only("status")); // readOnly in the schema
        assert!(s.is_read_only("file")); // "(read-only)" in the description
        assert!(s.is_read_only("id")); // writable per schema, refused by Glance
        assert!(s.is_read_only("stores")); // not in this schema, refused by Glance
        assert!(s.is_read_only("locations"));
        assert!(s.is_read_only("deleted_at"));
        assert!(s.is_read_only("os_glance_import_task"));
        assert!(!s.is_read_only("name"));
        assert!(!s.is_read_only("kernel_id"));
        assert!(!s.is_read_only("my_custom"));
        assert!(s.is_custom("my_custom") && !s.is_custom("kernel_id"));
    }
}
