//! Telling when the cloud rewrote an image's data on import.
//!
//! Glance's import plugins (`image_conversion`, `image_decompression`) rewrite the data of
//! `glance-direct` and `web-download` imports: measured on Glance 33 with `image_conversion`
//! to raw, a 196 616-byte qcow2 created as `disk_format: qcow2` ends `active` with
//! `disk_format: raw`, `size: 67108864` and the raw data's checksums. Glance keeps no record of
//! the original format on the image, and its import task (the only other witness) is listed
//! for 48 h only. So the portal compares what it sent ([`Sent`]) with what Glance stored, and
//! when they differ records what it sent ([`PROP_SENT_DISK_FORMAT`], [`PROP_SENT_SIZE`]) next
//! to the digests of the user's file, so any later viewer can tell a conversion from a
//! corruption. `PUT …/file` and `copy-image` are never converted (measured / Glance skips
//! plugins for copy-image), so for them a changed size stays a mismatch.

use crate::model::image::Image;
use crate::model::import_task::ImageTasks;
use crate::model::patch::PatchOp;

/// The `disk_format` the uploader's data had when it was sent, recorded by the portal when
/// Glance stored a different one. In openstacksdk's `owner_specified.openstack.*` namespace,
/// like the digests it sits beside: all of them describe the owner's file, not Glance's data.
pub const PROP_SENT_DISK_FORMAT: &str = "owner_specified.openstack.disk_format";
/// The size in bytes of the data as sent, recorded with [`PROP_SENT_DISK_FORMAT`] (a
/// decompression keeps the format and changes only the size).
pub const PROP_SENT_SIZE: &str = "owner_specified.openstack.size";

/// What the portal sent to Glance (for an import).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    /// The `disk_format` the image was created with, before the import.
    pub disk_format: Option<String>,
    /// The file's size in bytes (unknown for `web-download`: Glance fetches the data).
    pub size: Option<u64>,
}

/// How the portal knows the data was rewritten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// The data as sent (now, or as recorded on the image) differs in format or size from
    /// what Glance stored.
    Compared,
    /// Only that a successful import by this method (`glance-direct`, `web-download`) brought
    /// the data in; import plugins may have rewritten it, the format is not known.
    ImportTask {
        /// The import method.
        method: String,
    },
}

/// A rewrite of the data by the cloud.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversion {
    /// The format as sent, when known.
    pub from: Option<String>,
    /// The format Glance stored.
    pub to: Option<String>,
    /// The size as sent, when known.
    pub sent_size: Option<u64>,
    /// The size Glance stored.
    pub stored_size: Option<u64>,
    /// How it is known.
    pub evidence: Evidence,
}

impl Conversion {
    /// Whether the format changed (rather than only the size, as a decompression does).
    pub fn format_changed(&self) -> bool {
        matches!((&self.from, &self.to), (Some(a), Some(b)) if a != b)
    }
}

/// Compares what was sent by an import with the image Glance finished it into. `None` when
/// nothing differs, or when the image is not `active` (Glance has not set the final values).
/// Only for imports: data sent with `PUT …/file` is stored as sent.
pub fn detect(sent: &Sent, stored: &Image) -> Option<Conversion> {
    if stored.status.as_str() != "active" {
        return None;
    }
    let to = stored.disk_format.as_ref().map(|f| f.as_str().to_string());
    let format_differs = matches!((&sent.disk_format, &to), (Some(a), Some(b)) if a != b);
    let size_differs = matches!((sent.size, stored.size), (Some(a), Some(b)) if a != b);
    (format_differs || size_differs).then(|| Conversion {
        from: sent.disk_format.clone(),
        to,
        sent_size: sent.size,
        stored_size: stored.size,
        evidence: Evidence::Compared,
    })
}

/// What the portal recorded on the image about the data it sent, if anything.
pub fn recorded_sent(image: &Image) -> Option<Sent> {
    let format = image
        .extra
        .get(PROP_SENT_DISK_FORMAT)
        .and_then(|v| v.as_str())
        .map(str::to_string);
    // Glance keeps custom properties as strings; a number is accepted too.
    let size = image.extra.get(PROP_SENT_SIZE).and_then(|v| {
        v.as_u64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
    });
    (format.is_some() || size.is_some()).then_some(Sent {
        disk_format: format,
        size,
    })
}

/// The conversion an image's own record shows: the recorded [`Sent`] values against the
/// stored ones, or — when nothing was recorded (an image imported by openstacksdk, whose
/// digests are of the user's file too) — a successful `glance-direct`/`web-download` task.
/// Meant for when the recorded digests disagree with Glance's: a record that shows no change
/// leaves a disagreement a mismatch.
pub fn recorded_conversion(image: &Image, tasks: Option<&ImageTasks>) -> Option<Conversion> {
    if let Some(sent) = recorded_sent(image) {
        return detect(&sent, image);
    }
    let task = tasks?.imported_by_rewriting_method()?;
    Some(Conversion {
        from: None,
        to: image.disk_format.as_ref().map(|f| f.as_str().to_string()),
        sent_size: None,
        stored_size: image.size,
        evidence: Evidence::ImportTask {
            method: task.method.clone().unwrap_or_default(),
        },
    })
}

/// The patch that records what was sent, for a detected conversion (`add` replaces an
/// existing value, so recording twice is harmless).
pub fn record_ops(conversion: &Conversion) -> Vec<PatchOp> {
    let mut ops = Vec::new();
    if let Some(from) = &conversion.from {
        ops.push(PatchOp::Add {
            path: format!("/{PROP_SENT_DISK_FORMAT}"),
            value: from.as_str().into(),
        });
    }
    if let Some(size) = conversion.sent_size {
        // Glance's schema types additional properties as strings.
        ops.push(PatchOp::Add {
            path: format!("/{PROP_SENT_SIZE}"),
            value: size.to_string().into(),
        });
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The image Glance 33 shows after a glance-direct import of a 196 616-byte qcow2 with
    /// `image_conversion` to raw (captured).
    pub(crate) fn converted() -> Image {
        serde_json::from_str(include_str!(
            "../../tests/fixtures/glance_image_converted.json"
        ))
        .unwrap()
    }

    fn qcow2_sent() -> Sent {
        Sent {
            disk_format: Some("qcow2".into()),
            size: Some(196_616),
        }
    }

    #[test]
    fn a_captured_conversion_is_detected_from_format_and_size() {
        let c = detect(&qcow2_sent(), &converted()).expect("converted");
        assert_eq!(c.from.as_deref(), Some("qcow2"));
        assert_eq!(c.to.as_deref(), Some("raw"));
        assert_eq!(
            (c.sent_size, c.stored_size),
            (Some(196_616), Some(67_108_864))
        );
        assert!(c.format_changed());
        assert_eq!(c.evidence, Evidence::Compared);
    }

    #[test]
    fn unchanged_data_or_an_unsettled_image_is_no_conversion() {
        let mut img = converted();
        let same = Sent {
            disk_format: Some("raw".into()),
            size: Some(67_108_864),
        };
        assert_eq!(detect(&same, &img), None);
        // web-download: the size is unknown, the format alone decides.
        let url = Sent {
            disk_format: Some("raw".into()),
            size: None,
        };
        assert_eq!(detect(&url, &img), None);
        img.status = "queued".into();
        assert_eq!(detect(&qcow2_sent(), &img), None);
    }

    #[test]
    fn decompression_changes_only_the_size() {
        let sent = Sent {
            disk_format: Some("raw".into()),
            size: Some(1000),
        };
        let c = detect(&sent, &converted()).unwrap();
        assert!(!c.format_changed());
        assert_eq!(c.sent_size, Some(1000));
    }

    #[test]
    fn what_was_sent_is_recorded_and_read_back() {
        let c = detect(&qcow2_sent(), &converted()).unwrap();
        let ops = record_ops(&c);
        assert_eq!(
            crate::model::patch::patch_body(&ops),
            json!([
                {"op": "add", "path": "/owner_specified.openstack.disk_format", "value": "qcow2"},
                {"op": "add", "path": "/owner_specified.openstack.size", "value": "196616"},
            ])
        );
        let mut img = converted();
        assert_eq!(recorded_sent(&img), None);
        img.extra
            .insert(PROP_SENT_DISK_FORMAT.into(), "qcow2".into());
        img.extra.insert(PROP_SENT_SIZE.into(), "196616".into());
        assert_eq!(recorded_sent(&img), Some(qcow2_sent()));
        assert_eq!(recorded_conversion(&img, None), Some(c));
    }

    #[test]
    fn without_a_record_a_rewriting_import_task_is_the_evidence() {
        let img = converted();
        let tasks: ImageTasks = serde_json::from_str(include_str!(
            "../../tests/fixtures/glance_image_tasks_converted.json"
        ))
        .unwrap();
        let c = recorded_conversion(&img, Some(&tasks)).unwrap();
        assert_eq!(c.from, None);
        assert_eq!(c.to.as_deref(), Some("raw"));
        assert_eq!(
            c.evidence,
            Evidence::ImportTask {
                method: "glance-direct".into()
            }
        );
        assert_eq!(recorded_conversion(&img, None), None);
        let failed: ImageTasks = serde_json::from_str(include_str!(
            "../../tests/fixtures/glance_image_tasks_failed.json"
        ))
        .unwrap();
        assert_eq!(recorded_conversion(&img, Some(&failed)), None);
        // A record saying nothing changed outweighs the task.
        let mut recorded = img.clone();
        recorded
            .extra
            .insert(PROP_SENT_DISK_FORMAT.into(), "raw".into());
        assert_eq!(recorded_conversion(&recorded, Some(&tasks)), None);
    }
}
