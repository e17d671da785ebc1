//! Which keys of the list URL are property filters, and the property keys the filter form
//! suggests from the images on screen.

/// Keys that are not property filters in the portal's URL: the filters the portal types
/// itself, Glance's paging and sorting parameters, and the portal's own `trail` (paging
/// history) and `q` (search of the loaded page). Every other key is a property filter, as it
/// is to Glance (measured on Glance 33: `GET /v2/images?os_distro=ubuntu&os_version=24.04`
/// returns exactly the images holding both).
pub const RESERVED_KEYS: [&str; 24] = [
    "name",
    "id",
    "status",
    "visibility",
    "owner",
    "tag",
    "disk_format",
    "container_format",
    "size_min",
    "size_max",
    "created_at",
    "updated_at",
    "member_status",
    "os_hidden",
    "protected",
    "checksum",
    "os_hash_value",
    "limit",
    "marker",
    "sort",
    "sort_key",
    "sort_dir",
    "trail",
    "q",
];

/// Read-only keys of an image's JSON that are links or store details, not properties anyone
/// filters on; they are left out of the property key suggestions.
const NOT_PROPERTIES: [&str; 6] = [
    "self",
    "file",
    "schema",
    "locations",
    "direct_url",
    "stores",
];

/// Whether `key` may be a property filter (not one of [`RESERVED_KEYS`], not empty).
pub fn is_property_key(key: &str) -> bool {
    !key.is_empty() && !RESERVED_KEYS.contains(&key)
}

/// The property keys seen on `images` with a text, number or boolean value, sorted and
/// without repeats: the filter form suggests them.
pub fn property_keys<'a>(
    images: impl IntoIterator<Item = &'a crate::model::image::Image>,
) -> Vec<String> {
    let mut keys: Vec<String> = images
        .into_iter()
        .flat_map(|i| i.extra.iter())
        .filter(|(k, v)| {
            is_property_key(k)
                && !NOT_PROPERTIES.contains(&k.as_str())
                && (v.is_string() || v.is_number() || v.is_boolean())
        })
        .map(|(k, _)| k.clone())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_keys_are_suggested_from_loaded_images() {
        let image = |props: serde_json::Value| -> crate::model::image::Image {
            let mut v = serde_json::json!({
                "id": "i", "status": "active", "visibility": "private",
                "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
                "self": "/v2/images/i", "file": "/v2/images/i/file", "schema": "/v2/schemas/image"
            });
            v.as_object_mut()
                .unwrap()
                .extend(props.as_object().unwrap().clone());
            serde_json::from_value(v).unwrap()
        };
        let images = [
            image(serde_json::json!({"os_distro": "ubuntu", "stores": "fs", "nested": {"a": 1}})),
            image(serde_json::json!({"os_distro": "debian", "hw_disk_bus": "virtio"})),
        ];
        assert_eq!(property_keys(&images), vec!["hw_disk_bus", "os_distro"]);
    }
}
