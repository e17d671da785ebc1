//! After the data is sent and hashed: read the image back (after the glance-direct import,
//! for that method), compare Glance's digests with the file's, and record the file's
//! digests on the image whatever the verdict, so later viewers see the same comparison (a
//! mismatch included).

use crate::api::glance::images::get_image;
use crate::api::transport::Transport;
use crate::flows::import::import_staged;
use crate::model::checksum::{
    verify_import, verify_upload, LocalDigests, Verification, PROP_MD5, PROP_SHA512,
};
use crate::model::conversion::{record_ops, Evidence, Sent};
use crate::model::image::Image;
use crate::model::operation::{Operation, UploadMethod};
use crate::model::patch::PatchOp;
use crate::problem::Problem;

/// What was sent, as the verification needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentData {
    /// The image.
    pub image_id: String,
    /// How.
    pub method: UploadMethod,
    /// The glance-direct store chosen (`None` = the default).
    pub store: Option<String>,
    /// The file's length.
    pub size: u64,
}

/// The verdict, and whether recording the digests on the image failed (the verdict stands;
/// later viewers just cannot re-check it).
#[derive(Clone, Debug, PartialEq)]
pub struct Verified {
    /// The comparison.
    pub verification: Verification,
    /// The digests could not be recorded.
    pub record_error: Option<Problem>,
}

/// The JSON-patch recording the file's digests, as openstacksdk records its file's, and
/// after a conversion what was sent, so later viewers see a conversion and not a mismatch.
/// `add` replaces an existing value in Glance's JSON-patch, so a second verification of the
/// same image is harmless.
pub fn record_digests(local: &LocalDigests, verification: &Verification) -> Vec<PatchOp> {
    let mut ops = vec![
        PatchOp::Add {
            path: format!("/{PROP_MD5}"),
            value: local.md5.clone().into(),
        },
        PatchOp::Add {
            path: format!("/{PROP_SHA512}"),
            value: local.sha512.clone().into(),
        },
    ];
    if let Verification::Converted { conversion, .. } = verification {
        if conversion.evidence == Evidence::Compared {
            ops.extend(record_ops(conversion));
        }
    }
    ops
}

/// Reads back, compares and records. `on_sent_format` gets the image's `disk_format` as it
/// was before a glance-direct import. An error means the image could not be read back (or
/// the import failed): the data may be fine, and the local digests allow verifying again.
pub async fn verify_sent<T: Transport>(
    transport: &T,
    sent: &SentData,
    local: &LocalDigests,
    known_format: Option<String>,
    on_sent_format: impl FnOnce(Option<String>),
) -> Result<Verified, Problem> {
    let mut format = known_format;
    let image = match sent.method {
        UploadMethod::Direct => transport.json::<Image>(&get_image(&sent.image_id)).await?,
        UploadMethod::GlanceDirect => {
            let image = import_staged(transport, &sent.image_id, sent.store.as_deref(), |f| {
                format = f.clone();
                on_sent_format(f);
            })
            .await?;
            image
        }
    };
    let verification = match sent.method {
        UploadMethod::Direct => verify_upload(local, &image),
        UploadMethod::GlanceDirect => verify_import(
            local,
            &Sent {
                disk_format: format,
                size: Some(sent.size),
            },
            &image,
        ),
    };
    let record = Operation::Update {
        image_id: sent.image_id.clone(),
        ops: record_digests(local, &verification),
    };
    let record_error = transport.perform(&record).await.err();
    Ok(Verified {
        verification,
        record_error,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::request::Method;
    use crate::flows::scripted::{captured_image as image, run, Scripted};

    const ID: &str = "734533aa-2869-4896-a728-9574bc666407";
    const IMAGE: &str = "/v2/images/734533aa-2869-4896-a728-9574bc666407";

    /// The digests Glance holds for the captured image: the file was that data.
    fn same_as_glance() -> LocalDigests {
        let img = image(json!({}));
        LocalDigests {
            md5: img["checksum"].as_str().unwrap().into(),
            sha512: img["os_hash_value"].as_str().unwrap().into(),
        }
    }

    fn direct() -> SentData {
        SentData {
            image_id: ID.into(),
            method: UploadMethod::Direct,
            store: None,
            size: 4224,
        }
    }

    #[test]
    fn a_direct_upload_is_read_back_verified_and_recorded() {
        let script = Scripted::new().ok(Method::Get, IMAGE, image(json!({}))).ok(
            Method::Patch,
            IMAGE,
            image(json!({})),
        );
        let local = same_as_glance();
        let out = run(verify_sent(&script, &direct(), &local, None, |_| {})).unwrap();
        script.finish();
        assert!(
            matches!(out.verification, Verification::Verified { .. }),
            "{:?}",
            out.verification
        );
        assert_eq!(out.record_error, None);
        let patch = script.bodies.borrow()[1].clone().unwrap();
        assert_eq!(
            patch,
            json!([
                {"op": "add", "path": format!("/{PROP_MD5}"), "value": local.md5},
                {"op": "add", "path": format!("/{PROP_SHA512}"), "value": local.sha512},
            ])
        );
    }

    #[test]
    fn a_mismatch_is_recorded_too() {
        let script = Scripted::new().ok(Method::Get, IMAGE, image(json!({}))).ok(
            Method::Patch,
            IMAGE,
            image(json!({})),
        );
        let local = LocalDigests {
            md5: "0".repeat(32),
            sha512: "0".repeat(128),
        };
        let out = run(verify_sent(&script, &direct(), &local, None, |_| {})).unwrap();
        script.finish();
        assert!(
            matches!(out.verification, Verification::Mismatch { .. }),
            "{:?}",
            out.verification
        );
    }

    #[test]
    fn a_refused_record_keeps_the_verdict_and_says_why() {
        let script = Scripted::new()
            .ok(Method::Get, IMAGE, image(json!({})))
            .fails(Method::Patch, IMAGE, 403, "Forbidden to modify");
        let out = run(verify_sent(
            &script,
            &direct(),
            &same_as_glance(),
            None,
            |_| {},
        ))
        .unwrap();
        script.finish();
        assert!(matches!(out.verification, Verification::Verified { .. }));
        assert_eq!(out.record_error.map(|e| e.status()), Some(Some(403)));
    }

    #[test]
    fn an_unreadable_image_leaves_the_upload_unverified() {
        let script = Scripted::new().fails(
            Method::Get,
            IMAGE,
            401,
            "The request you have made requires authentication.",
        );
        let e = run(verify_sent(
            &script,
            &direct(),
            &same_as_glance(),
            None,
            |_| {},
        ))
        .unwrap_err();
        script.finish();
        assert!(e.is_unauthorized());
    }

    #[test]
    fn glance_direct_imports_first_and_reports_the_format_sent() {
        let sent = SentData {
            method: UploadMethod::GlanceDirect,
            ..direct()
        };
        let script = Scripted::new()
            .ok(Method::Get, IMAGE, image(json!({"status": "uploading"})))
            .accepted(Method::Post, &format!("{IMAGE}/import"))
            .ok(
                Method::Get,
                IMAGE,
                image(json!({"os_glance_importing_to_stores": ""})),
            )
            .ok(Method::Patch, IMAGE, image(json!({})));
        let mut reported = None;
        let out = run(verify_sent(&script, &sent, &same_as_glance(), None, |f| {
            reported = f
        }))
        .unwrap();
        script.finish();
        assert_eq!(reported.as_deref(), Some("raw"));
        assert!(
            matches!(out.verification, Verification::Verified { .. }),
            "{:?}",
            out.verification
        );
    }
}
