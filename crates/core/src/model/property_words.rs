//! What a person calls an image property, and how its value reads: a title and a line of help
//! from the catalog for Glance's base properties and the well-known ones clouds use (Glance's
//! "useful image properties"), the unit a number is in, and which keys are API links that a
//! property table leaves out. The API key itself is still shown beside the title, small, for
//! the people who script; a key this module does not know is its own title.

use super::schema::ImageSchema;
use crate::i18n::Key;

/// How a property's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Shown as it is.
    Plain,
    /// A byte count: an IEC size, the exact bytes on hover.
    Bytes,
    /// A number of MiB (`min_ram`, which Nova compares with a flavor's MiB).
    Mebibytes,
    /// A number of GiB (`min_disk`, which Nova compares with a flavor's GiB).
    Gibibytes,
    /// An ISO 8601 timestamp: the date in the user's language and time zone, and its age.
    Timestamp,
    /// A project id: its name where the user may see it, the id beside.
    Project,
}

/// A property's title and help (catalog entries) and how its value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropertyWords {
    /// The label ("Minimum disk (GiB)").
    pub title: Key,
    /// One line on what it means.
    pub help: Key,
    /// How its value reads.
    pub kind: ValueKind,
}

/// The words for `key`, when it is a property the portal knows by name.
pub fn words_for(key: &str) -> Option<PropertyWords> {
    use ValueKind::*;
    let (title, help, kind) = match key {
        "id" => (Key::PropId, Key::PropIdHelp, Plain),
        "name" => (Key::PropName, Key::PropNameHelp, Plain),
        "status" => (Key::PropStatus, Key::PropStatusHelp, Plain),
        "visibility" => (Key::PropVisibility, Key::PropVisibilityHelp, Plain),
        "protected" => (Key::PropProtected, Key::PropProtectedHelp, Plain),
        "os_hidden" => (Key::PropOsHidden, Key::PropOsHiddenHelp, Plain),
        "checksum" => (Key::PropChecksum, Key::PropChecksumHelp, Plain),
        "os_hash_algo" => (Key::PropOsHashAlgo, Key::PropOsHashAlgoHelp, Plain),
        "os_hash_value" => (Key::PropOsHashValue, Key::PropOsHashValueHelp, Plain),
        "owner" => (Key::PropOwner, Key::PropOwnerHelp, Project),
        "size" => (Key::PropSize, Key::PropSizeHelp, Bytes),
        "virtual_size" => (Key::PropVirtualSize, Key::PropVirtualSizeHelp, Bytes),
        "container_format" => (
            Key::PropContainerFormat,
            Key::PropContainerFormatHelp,
            Plain,
        ),
        "disk_format" => (Key::PropDiskFormat, Key::PropDiskFormatHelp, Plain),
        "created_at" => (Key::PropCreatedAt, Key::PropCreatedAtHelp, Timestamp),
        "updated_at" => (Key::PropUpdatedAt, Key::PropUpdatedAtHelp, Timestamp),
        "tags" => (Key::PropTags, Key::PropTagsHelp, Plain),
        "direct_url" => (Key::PropDirectUrl, Key::PropDirectUrlHelp, Plain),
        "min_ram" => (Key::PropMinRam, Key::PropMinRamHelp, Mebibytes),
        "min_disk" => (Key::PropMinDisk, Key::PropMinDiskHelp, Gibibytes),
        "stores" => (Key::PropStores, Key::PropStoresHelp, Plain),
        "locations" => (Key::PropLocations, Key::PropLocationsHelp, Plain),
        "architecture" => (Key::PropArchitecture, Key::PropArchitectureHelp, Plain),
        "os_distro" => (Key::PropOsDistro, Key::PropOsDistroHelp, Plain),
        "os_version" => (Key::PropOsVersion, Key::PropOsVersionHelp, Plain),
        "os_type" => (Key::PropOsType, Key::PropOsTypeHelp, Plain),
        "description" => (Key::PropDescription, Key::PropDescriptionHelp, Plain),
        "kernel_id" => (Key::PropKernelId, Key::PropKernelIdHelp, Plain),
        "ramdisk_id" => (Key::PropRamdiskId, Key::PropRamdiskIdHelp, Plain),
        "instance_uuid" => (Key::PropInstanceUuid, Key::PropInstanceUuidHelp, Plain),
        "hw_disk_bus" => (Key::PropHwDiskBus, Key::PropHwDiskBusHelp, Plain),
        "hw_firmware_type" => (Key::PropHwFirmwareType, Key::PropHwFirmwareTypeHelp, Plain),
        "hw_qemu_guest_agent" => (
            Key::PropHwQemuGuestAgent,
            Key::PropHwQemuGuestAgentHelp,
            Plain,
        ),
        _ => return None,
    };
    Some(PropertyWords { title, help, kind })
}

/// How `key`'s value reads (plain for a key this module does not know).
pub fn value_kind(key: &str) -> ValueKind {
    words_for(key).map_or(ValueKind::Plain, |w| w.kind)
}

/// Whether `key` is one of the API links the schema's `links` are built from (`self`, `file`,
/// `schema` in Glance's: `{"rel": "enclosure", "href": "{file}"}`): addresses for clients, not
/// facts about the image, so property tables leave them out.
pub fn is_api_link(key: &str, schema: &ImageSchema) -> bool {
    schema
        .links
        .iter()
        .any(|link| link.href.contains(&format!("{{{key}}}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn schema() -> ImageSchema {
        ImageSchema::parse_str(include_str!(
            "../../tests/fixtures/glance_schema_image.json"
        ))
        .unwrap()
    }

    #[test]
    fn every_base_property_of_the_captured_schema_has_words_in_both_languages() {
        let s = schema();
        let mut titles = std::collections::HashSet::new();
        for (key, _) in &s.properties {
            if is_api_link(key, &s) {
                assert!(words_for(key).is_none(), "{key} is a link, not a fact");
                continue;
            }
            let words = words_for(key).unwrap_or_else(|| panic!("no words for {key}"));
            for lang in Lang::ALL {
                let title = lang.t(words.title);
                assert!(
                    !title.is_empty() && title != key,
                    "{key} in {lang:?}: {title}"
                );
                assert!(!lang.t(words.help).is_empty());
            }
            assert!(titles.insert(words.title), "{key} shares a title");
        }
        assert!(titles.len() >= 20, "{}", titles.len());
    }

    #[test]
    fn the_schema_links_are_api_links() {
        let s = schema();
        for key in ["self", "file", "schema"] {
            assert!(is_api_link(key, &s), "{key}");
        }
        assert!(!is_api_link("name", &s));
        assert!(!is_api_link("direct_url", &s));
    }

    #[test]
    fn units_follow_the_key() {
        assert_eq!(value_kind("size"), ValueKind::Bytes);
        assert_eq!(value_kind("virtual_size"), ValueKind::Bytes);
        assert_eq!(value_kind("min_ram"), ValueKind::Mebibytes);
        assert_eq!(value_kind("min_disk"), ValueKind::Gibibytes);
        assert_eq!(value_kind("created_at"), ValueKind::Timestamp);
        assert_eq!(value_kind("owner"), ValueKind::Project);
        assert_eq!(value_kind("hw_cpu_cores"), ValueKind::Plain);
        assert!(words_for("hw_cpu_cores").is_none());
    }
}
