//! What the checksum tests share: known digests, an image with given digests, and a captured
//! image the cloud converted on import.

use super::hashing::LocalDigests;
use crate::model::image::Image;

/// md5 of no bytes.
pub(super) const EMPTY_MD5: &str = "d41d8cd98f00b204e9800998ecf8427e";
/// sha512 of no bytes.
pub(super) const EMPTY_SHA512: &str =
    "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce\
     47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
/// md5 of `abc`.
pub(super) const ABC_MD5: &str = "900150983cd24fb0d6963f7d28e17f72";
/// sha512 of `abc`.
pub(super) const ABC_SHA512: &str =
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
     2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

/// An active image with these digests.
pub(super) fn image(algo: Option<&str>, sha: Option<&str>, md5: Option<&str>) -> Image {
    serde_json::from_value(serde_json::json!({
        "id": "i", "status": "active", "visibility": "private",
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
        "os_hash_algo": algo, "os_hash_value": sha, "checksum": md5,
    }))
    .unwrap()
}

/// The captured image after a glance-direct import of a 196 616-byte qcow2 converted to
/// raw, and the digests of that qcow2 (md5sum/sha512sum of `qemu-img create -f qcow2 x
/// 64M`; only its md5 is known here, the sha512 stands for "the file's").
pub(super) fn converted() -> (Image, LocalDigests) {
    let img: Image = serde_json::from_str(include_str!(
        "../../../tests/fixtures/glance_image_converted.json"
    ))
    .unwrap();
    let file = LocalDigests {
        md5: "41ce4d32ce22529a293044bc1eb4e734".into(),
        sha512: ABC_SHA512.into(),
    };
    (img, file)
}
