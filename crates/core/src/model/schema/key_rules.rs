//! Glance's own rules about property keys, which a schema does not always state: the keys it
//! refuses to patch, the ones it reserves, and the longest name it takes.

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

/// Whether the portal must never send a change to `key`, whatever a schema says: Glance
/// refuses it (its `_readonly_properties` and `_disallowed_properties`), it is `locations`, or
/// it is reserved. [`ImageSchema::is_read_only`] adds the schema's own `readOnly`.
pub fn never_patched(key: &str) -> bool {
    GLANCE_READ_ONLY.contains(&key) || PORTAL_READ_ONLY.contains(&key) || is_reserved(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glance_refuses_its_own_keys_whatever_a_schema_says() {
        for key in [
            "id",
            "stores",
            "locations",
            "deleted_at",
            "os_glance_import_task",
        ] {
            assert!(never_patched(key), "{key}");
        }
        for key in ["name", "kernel_id", "my_custom", "status_note"] {
            assert!(!never_patched(key), "{key}");
        }
    }
}
