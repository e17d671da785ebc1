//! What the image page answers first, before any table: which operating system is inside,
//! how big it is, in which formats. Pure facts from the image's properties; the view words
//! them and adds status, visibility, integrity and tags.

use super::image::Image;

/// An operating system as a person names it, from `os_distro` (Glance's documented values,
/// lower case) — "rhel" reads "Red Hat Enterprise Linux". Product names are the same in every
/// language; a value not listed here is shown as the image has it.
pub fn distro_name(os_distro: &str) -> String {
    let name = match os_distro.to_ascii_lowercase().as_str() {
        "arch" => "Arch Linux",
        "almalinux" => "AlmaLinux",
        "centos" => "CentOS",
        "debian" => "Debian",
        "fedora" => "Fedora",
        "freebsd" => "FreeBSD",
        "gentoo" => "Gentoo",
        "netbsd" => "NetBSD",
        "openbsd" => "OpenBSD",
        "opensolaris" => "OpenSolaris",
        "opensuse" => "openSUSE",
        "rhel" => "Red Hat Enterprise Linux",
        "rocky" => "Rocky Linux",
        "sled" => "SUSE Linux Enterprise Desktop",
        "sles" => "SUSE Linux Enterprise Server",
        "ubuntu" => "Ubuntu",
        "windows" => "Windows",
        "cirros" => "CirrOS",
        _ => return os_distro.to_string(),
    };
    name.to_string()
}

/// The first facts about an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// "Ubuntu 24.04 · x86_64"; `None` when the image names no OS, version or architecture.
    pub os: Option<String>,
    /// The stored file's size in bytes, once there is data.
    pub size: Option<u64>,
    /// The disk's size as a server sees it, when Glance has measured it.
    pub virtual_size: Option<u64>,
    /// "qcow2 · bare"; `None` before the formats are set (a queued image may lack them).
    pub formats: Option<String>,
}

impl Summary {
    /// The summary of `image`.
    pub fn of(image: &Image) -> Self {
        let text = |key: &str| image.text_property(key).map(str::to_string);
        let system = match (
            text("os_distro").map(|d| distro_name(&d)),
            text("os_version"),
        ) {
            (Some(d), Some(v)) => Some(format!("{d} {v}")),
            (Some(d), None) => Some(d),
            (None, Some(v)) => Some(v),
            (None, None) => None,
        };
        let os = match (system, text("architecture")) {
            (Some(s), Some(a)) => Some(format!("{s} · {a}")),
            (s, a) => s.or(a),
        };
        let formats = match (&image.disk_format, &image.container_format) {
            (Some(d), Some(c)) => Some(format!("{} · {}", d.as_str(), c.as_str())),
            (Some(d), None) => Some(d.as_str().to_string()),
            (None, Some(c)) => Some(c.as_str().to_string()),
            (None, None) => None,
        };
        Summary {
            os,
            size: image.size,
            virtual_size: image.virtual_size,
            formats,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 4 KiB qcow2 image with `extra`.
    fn image(extra: serde_json::Value) -> Image {
        let mut fields =
            serde_json::json!({"size": 4096, "disk_format": "qcow2", "container_format": "bare"});
        if let (Some(f), Some(e)) = (fields.as_object_mut(), extra.as_object()) {
            f.extend(e.clone());
        }
        crate::model::image::test_image(fields)
    }

    #[test]
    fn the_os_line_names_distro_version_and_architecture() {
        let s = Summary::of(&image(serde_json::json!({
            "os_distro": "rhel", "os_version": "9.4", "architecture": "x86_64"
        })));
        assert_eq!(
            s.os.as_deref(),
            Some("Red Hat Enterprise Linux 9.4 · x86_64")
        );
        let s = Summary::of(&image(serde_json::json!({"os_distro": "myos"})));
        assert_eq!(s.os.as_deref(), Some("myos"));
        let s = Summary::of(&image(serde_json::json!({"architecture": "aarch64"})));
        assert_eq!(s.os.as_deref(), Some("aarch64"));
        let s = Summary::of(&image(serde_json::json!({"os_distro": "  "})));
        assert_eq!(s.os, None);
    }

    #[test]
    fn formats_and_sizes_come_from_the_image() {
        let s = Summary::of(&image(serde_json::json!({})));
        assert_eq!(s.formats.as_deref(), Some("qcow2 · bare"));
        assert_eq!(s.size, Some(4096));
        assert_eq!(s.virtual_size, None);
        let s = Summary::of(&image(serde_json::json!({
            "disk_format": null, "container_format": null
        })));
        assert_eq!(s.formats, None);
    }

    #[test]
    fn distro_names_keep_unknown_values() {
        assert_eq!(distro_name("ubuntu"), "Ubuntu");
        assert_eq!(distro_name("Windows"), "Windows");
        assert_eq!(distro_name("plan9"), "plan9");
    }
}
