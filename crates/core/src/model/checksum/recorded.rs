//! What any viewer can check without the file: the digests the uploader recorded on the
//! image against the ones Glance computed.

use crate::model::conversion::{detect, recorded_conversion};
use crate::model::image::Image;
use crate::model::import_task::ImageTasks;

use super::verification::Verification;

/// The image property openstacksdk (`openstack image create`) sets to the data's MD5 hex.
pub const PROP_MD5: &str = "owner_specified.openstack.md5";
/// The image property openstacksdk sets to the data's SHA-256 hex. The portal does not
/// compute SHA-256, so it can show this value but not check it.
pub const PROP_SHA256: &str = "owner_specified.openstack.sha256";
/// The owner-specified SHA-512 property, in openstacksdk's naming scheme.
pub const PROP_SHA512: &str = "owner_specified.openstack.sha512";

/// What any later viewer can check without the file: the digests the uploader recorded in
/// `owner_specified.openstack.*` (the portal's md5/sha512, or openstacksdk's md5/sha256)
/// against the ones Glance computed. `None` when the image carries no recorded digest or
/// Glance has none to compare with yet (not `active`).
///
/// A recorded digest is the uploader's claim, so "verified" here means "Glance holds the
/// data the uploader hashed", which is what a consumer of a shared image wants to know.
///
/// Recorded digests that disagree with Glance's on an image the cloud rewrote on import
/// ([`recorded_conversion`]: what the portal recorded as sent, or else a successful
/// `glance-direct`/`web-download` task in `tasks`) are [`Verification::Converted`], not a
/// mismatch: openstacksdk records its file's digests the same way, and they can never match
/// converted data. A recorded conversion with no recorded digests (a web-download) is
/// reported too.
pub fn verify_recorded(image: &Image, tasks: Option<&ImageTasks>) -> Option<Verification> {
    let recorded = |key: &str| {
        image
            .extra
            .get(key)
            .and_then(|v| v.as_str())
            .map(|v| v.trim().to_ascii_lowercase())
    };
    let mut pairs: Vec<(&'static str, &'static str, String, String)> = Vec::new();
    if let (Some(algo), Some(value)) = (
        image.os_hash_algo.as_deref(),
        image.os_hash_value.as_deref(),
    ) {
        let algo = algo.to_ascii_lowercase();
        let key = match algo.as_str() {
            "sha512" => Some((PROP_SHA512, "sha512")),
            "sha256" => Some((PROP_SHA256, "sha256")),
            _ => None,
        };
        if let Some((key, algorithm)) = key {
            if let Some(mine) = recorded(key) {
                pairs.push((
                    "os_hash_value",
                    algorithm,
                    mine,
                    value.trim().to_ascii_lowercase(),
                ));
            }
        }
    }
    if let (Some(mine), Some(theirs)) = (recorded(PROP_MD5), image.checksum.as_deref()) {
        pairs.push(("checksum", "md5", mine, theirs.trim().to_ascii_lowercase()));
    }
    if image.checksum.is_none() && image.os_hash_value.is_none() {
        return None;
    }
    let recorded_pairs = || {
        let mut sent = Vec::new();
        for (key, algorithm) in [
            (PROP_MD5, "md5"),
            (PROP_SHA256, "sha256"),
            (PROP_SHA512, "sha512"),
        ] {
            if let Some(value) = recorded(key) {
                sent.push((algorithm.to_string(), value));
            }
        }
        sent
    };
    if pairs.is_empty() {
        // Nothing to compare; a conversion the portal recorded is still worth saying.
        return crate::model::conversion::recorded_sent(image)
            .and_then(|sent| detect(&sent, image))
            .map(|conversion| Verification::Converted {
                conversion,
                sent: recorded_pairs(),
            });
    }
    for (field, _, mine, theirs) in &pairs {
        if mine != theirs {
            if let Some(conversion) = recorded_conversion(image, tasks) {
                return Some(Verification::Converted {
                    conversion,
                    sent: recorded_pairs(),
                });
            }
            return Some(Verification::Mismatch {
                field: (*field).to_string(),
                local: mine.clone(),
                remote: theirs.clone(),
            });
        }
    }
    pairs
        .first()
        .map(|(_, algorithm, _, _)| Verification::Verified {
            algorithm: (*algorithm).to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checksum::test_support::{converted, image, ABC_MD5, ABC_SHA512, EMPTY_MD5};

    fn with_props(mut img: Image, props: &[(&str, &str)]) -> Image {
        for (k, v) in props {
            img.extra.insert((*k).into(), (*v).into());
        }
        img
    }

    #[test]
    fn recorded_digests_are_checked_against_glance() {
        let full = image(Some("sha512"), Some(ABC_SHA512), Some(ABC_MD5));
        assert_eq!(verify_recorded(&full, None), None, "nothing recorded");
        let ours = with_props(
            full.clone(),
            &[
                (PROP_MD5, ABC_MD5),
                (PROP_SHA512, &ABC_SHA512.to_uppercase()),
            ],
        );
        assert_eq!(
            verify_recorded(&ours, None),
            Some(Verification::Verified {
                algorithm: "sha512".into()
            })
        );
        let tampered = with_props(
            full.clone(),
            &[(PROP_MD5, EMPTY_MD5), (PROP_SHA512, ABC_SHA512)],
        );
        assert_eq!(
            verify_recorded(&tampered, None),
            Some(Verification::Mismatch {
                field: "checksum".into(),
                local: EMPTY_MD5.into(),
                remote: ABC_MD5.into()
            })
        );
        // openstacksdk records md5 + sha256; a cloud hashing with sha256 can be checked too.
        let sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let sdk = with_props(
            image(Some("sha256"), Some(sha256), Some(ABC_MD5)),
            &[(PROP_MD5, ABC_MD5), (PROP_SHA256, sha256)],
        );
        assert_eq!(
            verify_recorded(&sdk, None),
            Some(Verification::Verified {
                algorithm: "sha256".into()
            })
        );
        // Only md5 recorded, on a sha512 cloud: md5 is what can be compared.
        let md5_only = with_props(full, &[(PROP_MD5, ABC_MD5)]);
        assert_eq!(
            verify_recorded(&md5_only, None),
            Some(Verification::Verified {
                algorithm: "md5".into()
            })
        );
        // Queued: Glance has nothing yet.
        let queued = with_props(image(None, None, None), &[(PROP_MD5, ABC_MD5)]);
        assert_eq!(verify_recorded(&queued, None), None);
    }

    fn captured(name: &str) -> ImageTasks {
        serde_json::from_str(match name {
            "converted" => {
                include_str!("../../../tests/fixtures/glance_image_tasks_converted.json")
            }
            _ => include_str!("../../../tests/fixtures/glance_image_tasks_failed.json"),
        })
        .unwrap()
    }

    #[test]
    fn recorded_digests_of_a_converted_image_are_what_was_sent() {
        let (img, file) = converted();
        let recorded = with_props(
            img,
            &[
                (PROP_MD5, file.md5.as_str()),
                (PROP_SHA512, file.sha512.as_str()),
            ],
        );
        // Nothing says it was converted: the disagreement is a mismatch.
        assert!(matches!(
            verify_recorded(&recorded, None),
            Some(Verification::Mismatch { .. })
        ));
        // The import task says glance-direct brought the data in (openstacksdk's case).
        match verify_recorded(&recorded, Some(&captured("converted"))) {
            Some(Verification::Converted { conversion, sent }) => {
                assert_eq!(conversion.from, None);
                assert_eq!(conversion.to.as_deref(), Some("raw"));
                assert_eq!(sent[0], ("md5".to_string(), file.md5.clone()));
            }
            other => panic!("expected converted, got {other:?}"),
        }
        // A failed import brought nothing in, so it excuses nothing.
        assert!(matches!(
            verify_recorded(&recorded, Some(&captured("failed"))),
            Some(Verification::Mismatch { .. })
        ));
        // What the portal records: the format and size sent; that lasts past the task.
        let portal = with_props(
            recorded,
            &[
                (crate::model::conversion::PROP_SENT_DISK_FORMAT, "qcow2"),
                (crate::model::conversion::PROP_SENT_SIZE, "196616"),
            ],
        );
        assert!(matches!(
            verify_recorded(&portal, None),
            Some(Verification::Converted { conversion, .. }) if conversion.from.as_deref() == Some("qcow2")
        ));
    }

    #[test]
    fn a_record_that_shows_no_conversion_keeps_a_mismatch_loud() {
        let (img, _) = converted();
        let tampered = with_props(
            img,
            &[
                (PROP_MD5, EMPTY_MD5),
                (crate::model::conversion::PROP_SENT_DISK_FORMAT, "raw"),
            ],
        );
        assert!(matches!(
            verify_recorded(&tampered, Some(&captured("converted"))),
            Some(Verification::Mismatch { .. })
        ));
    }

    #[test]
    fn a_recorded_web_download_conversion_is_reported_without_digests() {
        let (mut img, _) = converted();
        // The capture recorded the qcow2's md5 at create time, as openstacksdk does; a
        // web-download through the portal records none.
        img.extra.remove(PROP_MD5);
        let url = with_props(
            img.clone(),
            &[(crate::model::conversion::PROP_SENT_DISK_FORMAT, "qcow2")],
        );
        assert!(matches!(
            verify_recorded(&url, None),
            Some(Verification::Converted { sent, .. }) if sent.is_empty()
        ));
        assert_eq!(verify_recorded(&img, Some(&captured("converted"))), None);
    }
}
