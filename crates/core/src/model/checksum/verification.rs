//! A transfer's digests against the ones Glance recorded: uploads, imports (which the cloud
//! may convert) and downloads.

use crate::model::conversion::{detect, Conversion, Sent};
use crate::model::image::Image;

use super::content_md5::content_md5_hex;
use super::hashing::LocalDigests;

/// The result of comparing local digests with Glance's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verification {
    /// Every comparable digest matched; `algorithm` is the strongest one compared
    /// (`"sha512"`, or `"md5"` when only MD5 could be compared).
    Verified {
        /// `"sha512"` or `"md5"`.
        algorithm: String,
    },
    /// A digest differs: the data Glance holds is not the data the portal hashed.
    Mismatch {
        /// Where Glance's value came from: `"os_hash_value"`, `"checksum"` or
        /// `"Content-MD5"`.
        field: String,
        /// The portal's digest (lowercase hex).
        local: String,
        /// Glance's digest (lowercase hex).
        remote: String,
    },
    /// The cloud rewrote the data on import (converted or decompressed it), so Glance's
    /// digests describe its own output, not the file: nothing is compared, and this is no
    /// mismatch. `sent` keeps the digests of the data as sent.
    Converted {
        /// What changed, and how the portal knows.
        conversion: Conversion,
        /// `(algorithm, lowercase hex)` of the data as sent: the portal's md5/sha512 of the
        /// user's file, or the digests its uploader recorded.
        sent: Vec<(String, String)>,
    },
    /// Not verified: nothing conclusive could be compared; `reason` says why.
    NotVerified {
        /// Why there is no verdict.
        reason: NotVerifiedReason,
    },
}

/// Why a transfer could not be verified (rendered through the message catalog).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotVerifiedReason {
    /// Glance's secure hash (`os_hash_value`) uses an algorithm the portal does not compute.
    /// `md5_matched` says whether the weaker MD5 `checksum` at least agreed (`None` when
    /// Glance has no MD5 either).
    Algorithm {
        /// `os_hash_algo` as Glance reports it.
        algorithm: String,
        /// The MD5 comparison, when there was one.
        md5_matched: Option<bool>,
    },
    /// Glance recorded no digest at all for the data (e.g. the image is not `active`).
    NoDigests,
    /// The only digest on offer was a `Content-MD5` header that is neither hex nor base64.
    MalformedContentMd5 {
        /// The header as received.
        header: String,
    },
}

/// One digest of Glance's that the portal can compare.
struct Remote {
    field: &'static str,
    algorithm: &'static str,
    value: String,
}

/// What Glance's `os_hash_algo`/`os_hash_value` pair allows.
enum SecureHash {
    /// SHA-512, which the portal computes.
    Sha512(Remote),
    /// Another algorithm, named.
    Other(String),
    /// None recorded.
    Absent,
}

fn remote_secure(image: &Image) -> SecureHash {
    match (
        image.os_hash_algo.as_deref(),
        image.os_hash_value.as_deref(),
    ) {
        (Some(algo), Some(value)) if algo.eq_ignore_ascii_case("sha512") => {
            SecureHash::Sha512(Remote {
                field: "os_hash_value",
                algorithm: "sha512",
                value: value.trim().to_ascii_lowercase(),
            })
        }
        (Some(algo), Some(_)) => SecureHash::Other(algo.to_string()),
        _ => SecureHash::Absent,
    }
}

fn remote_md5(image: &Image) -> Option<Remote> {
    image.checksum.as_deref().map(|value| Remote {
        field: "checksum",
        algorithm: "md5",
        value: value.trim().to_ascii_lowercase(),
    })
}

/// The local digest for `remote`'s algorithm.
fn mine<'a>(local: &'a LocalDigests, remote: &Remote) -> &'a str {
    match remote.algorithm {
        "sha512" => &local.sha512,
        _ => &local.md5,
    }
}

/// Compares each remote digest in order (any difference is a mismatch), then applies the
/// secure-hash rule: a cloud that hashes with an algorithm the portal does not compute gets
/// "not verified: algorithm X", even when MD5 agrees, because MD5 alone proves nothing
/// against a deliberate change.
fn judge(local: &LocalDigests, secure: SecureHash, md5: Option<Remote>) -> Verification {
    let mut remotes = Vec::new();
    let other_algorithm = match secure {
        SecureHash::Sha512(remote) => {
            remotes.push(remote);
            None
        }
        SecureHash::Other(algorithm) => Some(algorithm),
        SecureHash::Absent => None,
    };
    let has_md5 = md5.is_some();
    remotes.extend(md5);
    for remote in &remotes {
        let mine = mine(local, remote);
        if mine != remote.value {
            return Verification::Mismatch {
                field: remote.field.to_string(),
                local: mine.to_string(),
                remote: remote.value.clone(),
            };
        }
    }
    if let Some(algorithm) = other_algorithm {
        return Verification::NotVerified {
            reason: NotVerifiedReason::Algorithm {
                algorithm,
                md5_matched: has_md5.then_some(true),
            },
        };
    }
    match remotes.first() {
        Some(strongest) => Verification::Verified {
            algorithm: strongest.algorithm.to_string(),
        },
        None => Verification::NotVerified {
            reason: NotVerifiedReason::NoDigests,
        },
    }
}

/// Checks an upload: `image` is the image as Glance shows it after the upload (status
/// `active`, so the digests are filled in). SHA-512 (when `os_hash_algo` is `sha512`) and
/// the MD5 `checksum` are both compared when present, and both must match. Another
/// `os_hash_algo` leaves the upload "not verified", naming the algorithm.
pub fn verify_upload(local: &LocalDigests, image: &Image) -> Verification {
    judge(local, remote_secure(image), remote_md5(image))
}

/// Checks an import of the user's file (`glance-direct`), whose data Glance's import plugins
/// may rewrite: when the stored image's format or size differs from what was `sent`, the
/// verdict is [`Verification::Converted`] with the file's digests, otherwise as
/// [`verify_upload`] (an unchanged format and size with different digests is a mismatch).
pub fn verify_import(local: &LocalDigests, sent: &Sent, image: &Image) -> Verification {
    match detect(sent, image) {
        Some(conversion) => Verification::Converted {
            conversion,
            sent: vec![
                ("md5".into(), local.md5.clone()),
                ("sha512".into(), local.sha512.clone()),
            ],
        },
        None => verify_upload(local, image),
    }
}

/// Checks a download, in python-glanceclient's order of preference: `os_hash_value` (when
/// SHA-512), then the image's MD5 `checksum`, and only when that is absent the response's
/// `Content-MD5` header. `image` should be fetched *before* the download starts, as
/// glanceclient does, so that a concurrent change cannot make a stale file look verified.
///
/// Glance 33 actually sends `Content-MD5` as the checksum's 32 hex digits (see
/// `tests/fixtures/glance_image_download_headers.txt`); RFC 1864 specifies base64 of the 16
/// raw bytes. Both spellings are accepted.
pub fn verify_download(
    local: &LocalDigests,
    image: &Image,
    content_md5_header: Option<&str>,
) -> Verification {
    let secure = remote_secure(image);
    let md5 = match (remote_md5(image), content_md5_header) {
        (Some(md5), _) => Some(md5),
        (None, Some(header)) => match content_md5_hex(header) {
            Some(value) => Some(Remote {
                field: "Content-MD5",
                algorithm: "md5",
                value,
            }),
            None if matches!(secure, SecureHash::Absent) => {
                return Verification::NotVerified {
                    reason: NotVerifiedReason::MalformedContentMd5 {
                        header: header.to_string(),
                    },
                }
            }
            None => None,
        },
        (None, None) => None,
    };
    judge(local, secure, md5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checksum::test_support::{
        converted, image, ABC_MD5, ABC_SHA512, EMPTY_MD5, EMPTY_SHA512,
    };

    #[test]
    fn upload_verified_only_when_both_match() {
        let local = LocalDigests::of(b"abc");
        let img = image(Some("sha512"), Some(ABC_SHA512), Some(ABC_MD5));
        assert_eq!(
            verify_upload(&local, &img),
            Verification::Verified {
                algorithm: "sha512".into()
            }
        );
        // Glance's hex is compared case-insensitively.
        let upper = image(
            Some("SHA512"),
            Some(&ABC_SHA512.to_uppercase()),
            Some(ABC_MD5),
        );
        assert!(matches!(
            verify_upload(&local, &upper),
            Verification::Verified { .. }
        ));
    }

    #[test]
    fn upload_mismatches_name_the_field() {
        let local = LocalDigests::of(b"abc");
        let bad_md5 = image(Some("sha512"), Some(ABC_SHA512), Some(EMPTY_MD5));
        assert_eq!(
            verify_upload(&local, &bad_md5),
            Verification::Mismatch {
                field: "checksum".into(),
                local: ABC_MD5.into(),
                remote: EMPTY_MD5.into()
            }
        );
        let bad_sha = image(Some("sha512"), Some(EMPTY_SHA512), Some(ABC_MD5));
        assert_eq!(
            verify_upload(&local, &bad_sha),
            Verification::Mismatch {
                field: "os_hash_value".into(),
                local: ABC_SHA512.into(),
                remote: EMPTY_SHA512.into()
            }
        );
    }

    #[test]
    fn upload_with_another_algorithm_is_not_verified_naming_it() {
        let local = LocalDigests::of(b"abc");
        let sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let img = image(Some("sha256"), Some(sha256), Some(ABC_MD5));
        assert_eq!(
            verify_upload(&local, &img),
            Verification::NotVerified {
                reason: NotVerifiedReason::Algorithm {
                    algorithm: "sha256".into(),
                    md5_matched: Some(true)
                }
            }
        );
        let img = image(Some("blake3"), Some("00"), None);
        assert_eq!(
            verify_upload(&local, &img),
            Verification::NotVerified {
                reason: NotVerifiedReason::Algorithm {
                    algorithm: "blake3".into(),
                    md5_matched: None
                }
            }
        );
        // A differing MD5 is a mismatch whatever the secure algorithm.
        let img = image(Some("sha256"), Some(sha256), Some(EMPTY_MD5));
        assert!(matches!(
            verify_upload(&local, &img),
            Verification::Mismatch { field, .. } if field == "checksum"
        ));
    }

    #[test]
    fn missing_hashes_are_not_verified() {
        let local = LocalDigests::of(b"abc");
        let queued = image(None, None, None);
        let no_digests = Verification::NotVerified {
            reason: NotVerifiedReason::NoDigests,
        };
        assert_eq!(verify_upload(&local, &queued), no_digests);
        assert_eq!(verify_download(&local, &queued, None), no_digests);
        // sha512 alone suffices.
        let sha_only = image(Some("sha512"), Some(ABC_SHA512), None);
        assert!(matches!(
            verify_upload(&local, &sha_only),
            Verification::Verified { algorithm } if algorithm == "sha512"
        ));
        // An image with only an MD5 checksum (made before Glance recorded secure hashes).
        let md5_only = image(None, None, Some(ABC_MD5));
        assert!(matches!(
            verify_upload(&local, &md5_only),
            Verification::Verified { algorithm } if algorithm == "md5"
        ));
    }

    #[test]
    fn download_prefers_sha512_then_checksum_then_header() {
        let local = LocalDigests::of(b"abc");
        let full = image(Some("sha512"), Some(ABC_SHA512), Some(ABC_MD5));
        // A header disagreeing with the record is ignored when the record has the checksum.
        assert_eq!(
            verify_download(&local, &full, Some(EMPTY_MD5)),
            Verification::Verified {
                algorithm: "sha512".into()
            }
        );
        let only_header = image(None, None, None);
        assert_eq!(
            verify_download(&local, &only_header, Some(ABC_MD5)),
            Verification::Verified {
                algorithm: "md5".into()
            }
        );
        // The header stands in for a missing checksum under the secure-hash rule too.
        let sha256_and_header = image(Some("sha256"), Some("ab"), None);
        assert_eq!(
            verify_download(&local, &sha256_and_header, Some(ABC_MD5)),
            Verification::NotVerified {
                reason: NotVerifiedReason::Algorithm {
                    algorithm: "sha256".into(),
                    md5_matched: Some(true)
                }
            }
        );
        assert_eq!(
            verify_download(&local, &only_header, Some(EMPTY_MD5)),
            Verification::Mismatch {
                field: "Content-MD5".into(),
                local: ABC_MD5.into(),
                remote: EMPTY_MD5.into()
            }
        );
    }

    #[test]
    fn malformed_content_md5_is_not_verified() {
        for bad in [
            "",
            "not base64!",
            "kAFQmDzST7DWlj99",
            "abc",
            "900150983cd24fb0d6963f7d28e17f7",
        ] {
            assert_eq!(content_md5_hex(bad), None, "{bad:?}");
        }
        let local = LocalDigests::of(b"abc");
        assert_eq!(
            verify_download(&local, &image(None, None, None), Some("zz==")),
            Verification::NotVerified {
                reason: NotVerifiedReason::MalformedContentMd5 {
                    header: "zz==".into()
                }
            }
        );
    }

    fn qcow2_sent() -> Sent {
        Sent {
            disk_format: Some("qcow2".into()),
            size: Some(196_616),
        }
    }

    #[test]
    fn an_import_the_cloud_converted_is_no_mismatch() {
        let (img, file) = converted();
        // Compared as a plain upload, the converted data cannot match the file.
        assert!(matches!(
            verify_upload(&file, &img),
            Verification::Mismatch { .. }
        ));
        match verify_import(&file, &qcow2_sent(), &img) {
            Verification::Converted { conversion, sent } => {
                assert_eq!(conversion.from.as_deref(), Some("qcow2"));
                assert_eq!(conversion.to.as_deref(), Some("raw"));
                assert_eq!(
                    sent,
                    [
                        ("md5".to_string(), file.md5.clone()),
                        ("sha512".to_string(), file.sha512.clone())
                    ]
                );
            }
            other => panic!("expected converted, got {other:?}"),
        }
    }

    #[test]
    fn an_unconverted_import_is_still_verified_or_a_mismatch() {
        let local = LocalDigests::of(b"abc");
        let img = image(Some("sha512"), Some(ABC_SHA512), Some(ABC_MD5));
        let mut img = img;
        img.size = Some(3);
        img.disk_format = Some("raw".into());
        let sent = Sent {
            disk_format: Some("raw".into()),
            size: Some(3),
        };
        assert!(matches!(
            verify_import(&local, &sent, &img),
            Verification::Verified { .. }
        ));
        // Same format and size, other bytes: the cloud did not convert, so it is a mismatch.
        img.checksum = Some(EMPTY_MD5.into());
        assert!(matches!(
            verify_import(&local, &sent, &img),
            Verification::Mismatch { field, .. } if field == "checksum"
        ));
    }
}
