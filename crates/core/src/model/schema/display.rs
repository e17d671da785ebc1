//! The detail panel's sections: which group each key is shown in, under which heading, and
//! in which order.

use serde_json::{Map, Value};

use super::types::ImageSchema;
use crate::i18n::Key;

/// A group of the detail panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// `id`, `name`, `owner`, `visibility`.
    Identity,
    /// `status`, `protected`, `os_hidden`.
    State,
    /// The data and where it lives: sizes, formats, checksums, stores, locations.
    Data,
    /// `min_disk`, `min_ram`.
    Requirements,
    /// `created_at`, `updated_at`.
    Timestamps,
    /// Every other property the schema names.
    Base,
    /// Properties the schema does not name.
    Custom,
}

impl Section {
    /// Every section in display order.
    pub const ALL: [Section; 7] = [
        Section::Identity,
        Section::State,
        Section::Data,
        Section::Requirements,
        Section::Timestamps,
        Section::Base,
        Section::Custom,
    ];

    /// The section's heading.
    pub fn heading(self) -> Key {
        match self {
            Section::Identity => Key::SectionIdentity,
            Section::State => Key::SectionState,
            Section::Data => Key::SectionData,
            Section::Requirements => Key::SectionRequirements,
            Section::Timestamps => Key::SectionTimestamps,
            Section::Base => Key::SectionBase,
            Section::Custom => Key::SectionCustom,
        }
    }
}

/// The section `key` is shown in. The named groups are presentation hints and apply whether
/// or not a cloud's schema lists the key; anything else is `Base` if the schema names it and
/// `Custom` otherwise.
pub fn section_of(key: &str, schema: &ImageSchema) -> Section {
    match key {
        "id" | "name" | "owner" | "visibility" => Section::Identity,
        "status" | "protected" | "os_hidden" => Section::State,
        "size" | "virtual_size" | "checksum" | "os_hash_algo" | "os_hash_value" | "stores"
        | "disk_format" | "container_format" | "direct_url" | "locations" => Section::Data,
        "min_disk" | "min_ram" => Section::Requirements,
        "created_at" | "updated_at" => Section::Timestamps,
        _ if schema.is_custom(key) => Section::Custom,
        _ => Section::Base,
    }
}

/// Keys of `image` in `section`: schema properties in schema order, then custom keys sorted.
pub fn keys_in_section(
    image: &Map<String, Value>,
    schema: &ImageSchema,
    section: Section,
) -> Vec<String> {
    let mut keys: Vec<String> = schema
        .properties
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| image.contains_key(k) && section_of(k, schema) == section)
        .collect();
    let mut custom: Vec<String> = image
        .keys()
        .filter(|k| schema.is_custom(k) && section_of(k, schema) == section)
        .cloned()
        .collect();
    custom.sort();
    keys.extend(custom);
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::test_support::schema;

    #[test]
    fn sections() {
        let s = schema();
        assert_eq!(section_of("owner", &s), Section::Identity);
        assert_eq!(section_of("os_hidden", &s), Section::State);
        assert_eq!(section_of("stores", &s), Section::Data);
        assert_eq!(section_of("min_ram", &s), Section::Requirements);
        assert_eq!(section_of("updated_at", &s), Section::Timestamps);
        assert_eq!(section_of("kernel_id", &s), Section::Base);
        assert_eq!(section_of("tags", &s), Section::Base);
        assert_eq!(section_of("hw_disk_bus", &s), Section::Custom);
    }

    #[test]
    fn keys_come_in_schema_order_then_custom_keys_sorted() {
        let s = schema();
        let image = serde_json::json!({
            "zeta": "1", "alpha": "2", "kernel_id": "k", "tags": [], "name": "n", "id": "i",
            "status": "active"
        });
        let image = image.as_object().unwrap();
        assert_eq!(
            keys_in_section(image, &s, Section::Custom),
            ["alpha", "zeta"]
        );
        let identity = keys_in_section(image, &s, Section::Identity);
        let in_schema: Vec<&String> = s
            .properties
            .iter()
            .map(|(k, _)| k)
            .filter(|k| identity.contains(k))
            .collect();
        assert_eq!(identity.iter().collect::<Vec<_>>(), in_schema);
        assert_eq!(identity.len(), 2);
        assert!(keys_in_section(image, &s, Section::Timestamps).is_empty());
        // Every section has its own heading.
        let headings: std::collections::HashSet<Key> =
            Section::ALL.iter().map(|s| s.heading()).collect();
        assert_eq!(headings.len(), Section::ALL.len());
    }
}
