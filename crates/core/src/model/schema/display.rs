//! The detail panel's sections: which group each key is shown in.

use super::types::ImageSchema;

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
}
