//! The Glance image: typed core fields plus every other property as a JSON map, so any cloud's
//! custom properties survive a round trip untouched.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

crate::open_enum! {
    /// Image lifecycle status.
    ImageStatus {
        /// Record exists, no data yet.
        Queued => "queued",
        /// Data is being uploaded.
        Saving => "saving",
        /// Usable.
        Active => "active",
        /// Upload failed.
        Killed => "killed",
        /// Deleted (only visible to admins with `deleted` filters).
        Deleted => "deleted",
        /// Deletion pending (delayed delete).
        PendingDelete => "pending_delete",
        /// Deactivated by an admin: data cannot be downloaded.
        Deactivated => "deactivated",
        /// Data staged for import.
        Uploading => "uploading",
        /// Import in progress.
        Importing => "importing",
    }
}

crate::open_enum! {
    /// Who can see an image.
    Visibility {
        /// Every project.
        Public => "public",
        /// Only the owner.
        Private => "private",
        /// The owner and its members.
        Shared => "shared",
        /// Everyone, but not listed by default.
        Community => "community",
    }
}

crate::open_enum! {
    /// Disk format of the image data.
    DiskFormat {
        /// Amazon machine image.
        Ami => "ami",
        /// Amazon ramdisk.
        Ari => "ari",
        /// Amazon kernel.
        Aki => "aki",
        /// Microsoft VHD.
        Vhd => "vhd",
        /// Microsoft VHDX.
        Vhdx => "vhdx",
        /// VMware disk.
        Vmdk => "vmdk",
        /// Raw bytes.
        Raw => "raw",
        /// QEMU copy-on-write v2/v3.
        Qcow2 => "qcow2",
        /// VirtualBox disk.
        Vdi => "vdi",
        /// ISO 9660 optical disc.
        Iso => "iso",
        /// Virtuozzo ploop.
        Ploop => "ploop",
    }
}

crate::open_enum! {
    /// Container format wrapping the disk data.
    ContainerFormat {
        /// Amazon machine image.
        Ami => "ami",
        /// Amazon ramdisk.
        Ari => "ari",
        /// Amazon kernel.
        Aki => "aki",
        /// No container.
        Bare => "bare",
        /// Open Virtualization Format.
        Ovf => "ovf",
        /// OVF archive.
        Ova => "ova",
        /// Docker tarball.
        Docker => "docker",
        /// Compressed archive.
        Compressed => "compressed",
    }
}

/// One image as Glance returns it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// UUID.
    pub id: String,
    /// Display name (nullable in Glance).
    #[serde(default)]
    pub name: Option<String>,
    /// Lifecycle status.
    pub status: ImageStatus,
    /// Visibility.
    pub visibility: Visibility,
    /// Owning project id.
    #[serde(default)]
    pub owner: Option<String>,
    /// Size of the data in bytes, once uploaded.
    #[serde(default)]
    pub size: Option<u64>,
    /// Virtual size of the disk in bytes, when Glance could read it.
    #[serde(default)]
    pub virtual_size: Option<u64>,
    /// Disk format, once set.
    #[serde(default)]
    pub disk_format: Option<DiskFormat>,
    /// Container format, once set.
    #[serde(default)]
    pub container_format: Option<ContainerFormat>,
    /// MD5 of the data (legacy checksum).
    #[serde(default)]
    pub checksum: Option<String>,
    /// Algorithm of `os_hash_value` (sha512 by default).
    #[serde(default)]
    pub os_hash_algo: Option<String>,
    /// Secure hash of the data.
    #[serde(default)]
    pub os_hash_value: Option<String>,
    /// Protected images cannot be deleted.
    #[serde(default)]
    pub protected: bool,
    /// Hidden from default lists.
    #[serde(default)]
    pub os_hidden: bool,
    /// Minimum disk in GB to boot.
    #[serde(default)]
    pub min_disk: Option<u64>,
    /// Minimum RAM in MB to boot.
    #[serde(default)]
    pub min_ram: Option<u64>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Creation time (ISO 8601, UTC).
    pub created_at: String,
    /// Last update time (ISO 8601, UTC).
    pub updated_at: String,
    /// Every other property, schema-defined or custom, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Image {
    /// The image as a JSON map: every property Glance sent, custom ones included, and the
    /// typed ones it left out as null (what the property panel lists and the editor diffs
    /// against).
    pub fn to_map(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        }
    }

    /// A property outside the typed fields as text (`os_distro`), trimmed; `None` when the
    /// image lacks it, or it is not a string, or only blanks.
    pub fn text_property(&self, key: &str) -> Option<&str> {
        self.extra
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// The name to show: the name, or the id when the image has none.
    pub fn display_name(&self) -> &str {
        match self.name.as_deref() {
            Some(n) if !n.trim().is_empty() => n,
            _ => &self.id,
        }
    }
}

/// Whether `id` can be a Glance image id: a UUID in its 8-4-4-4-12 hex form, the pattern of
/// the `id` property in Glance's image schema (Glance refuses any other id on create, so no
/// image has one). An id from the address bar is checked before it goes into a request path:
/// nginx decodes `%2F` and resolves `..` before proxying, so `/images/..%2Fschemas%2Fimage`
/// would otherwise ask Glance for its schema (measured).
pub fn is_image_id(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An active private image with `extra` merged in, for tests of what is derived from one.
#[cfg(test)]
pub(crate) fn test_image(extra: serde_json::Value) -> Image {
    let mut base = serde_json::json!({
        "id": "11111111-2222-3333-4444-555555555555", "name": "n", "status": "active",
        "visibility": "private", "tags": [], "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z"
    });
    if let (Some(base), Some(extra)) = (base.as_object_mut(), extra.as_object()) {
        base.extend(extra.clone());
    }
    serde_json::from_value(base).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_ids_are_uuids() {
        assert!(is_image_id("0b7d6f1e-7a0e-4c3b-9d6b-7f0c1d2e3f4a"));
        assert!(is_image_id("0B7D6F1E-7A0E-4C3B-9D6B-7F0C1D2E3F4A"));
        for bad in [
            "",
            "not-a-uuid",
            "../schemas/image",
            "0b7d6f1e7a0e4c3b9d6b7f0c1d2e3f4a",
            "0b7d6f1e-7a0e-4c3b-9d6b-7f0c1d2e3f4",
            "0b7d6f1e-7a0e-4c3b-9d6b-7f0c1d2e3f4g",
            "0b7d6f1e-7a0e-4c3b-9d6b-7f0c1d2e3f4a-",
            "０b7d6f1e-7a0e-4c3b-9d6b-7f0c1d2e3f4",
        ] {
            assert!(!is_image_id(bad), "{bad}");
        }
    }

    #[test]
    fn unknown_values_round_trip() {
        let json = serde_json::json!({
            "id": "1", "name": null, "status": "uploading_to_obs", "visibility": "private",
            "disk_format": "zvhd2", "container_format": "bare", "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z", "__os_bit": "64", "tags": []
        });
        let img: Image = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(img.status, ImageStatus::Unknown("uploading_to_obs".into()));
        assert_eq!(img.disk_format, Some(DiskFormat::Unknown("zvhd2".into())));
        assert_eq!(img.extra.get("__os_bit"), Some(&Value::from("64")));
        assert_eq!(img.display_name(), "1");
        let map = img.to_map();
        for (key, value) in json.as_object().unwrap() {
            assert_eq!(map.get(key), Some(value), "{key}");
        }
        let back = serde_json::to_value(&img).unwrap();
        assert_eq!(back["disk_format"], "zvhd2");
        assert_eq!(back["__os_bit"], "64");
    }

    #[test]
    fn known_lists_are_complete_and_stable() {
        assert_eq!(DiskFormat::KNOWN.len(), 11);
        assert_eq!(DiskFormat::from("qcow2"), DiskFormat::Qcow2);
        assert_eq!(Visibility::Community.as_str(), "community");
    }
}
