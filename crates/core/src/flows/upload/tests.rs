//! The upload flow over a scripted cloud: each path a real upload takes, from the sending to
//! the verdict, with the requests Glance would get in the order it would get them.

use serde_json::{json, Value};

use super::*;
use crate::api::data::Cancel;
use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::request::Method;
use crate::flows::scripted::{captured_image, run, Scripted, ScriptedHasher, TestBoard};
use crate::i18n::{Key, Text};
use crate::model::checksum::{LocalDigests, Verification};
use crate::model::operation::UploadMethod;
use crate::model::transfer::NewTransfer;
use crate::problem::{Refusal, RefusalReason};

const ID: &str = "734533aa-2869-4896-a728-9574bc666407";
const IMAGE: &str = "/v2/images/734533aa-2869-4896-a728-9574bc666407";
const FILE: &str = "/v2/images/734533aa-2869-4896-a728-9574bc666407/file";
const STAGE: &str = "/v2/images/734533aa-2869-4896-a728-9574bc666407/stage";

/// The file the user picked.
fn data() -> Vec<u8> {
    (0..4096u32).map(|i| (i * 7 % 251) as u8).collect()
}

fn board(method: UploadMethod) -> TestBoard {
    TestBoard::new(Transfer::new(
        NewTransfer {
            id: 1,
            image_id: ID.into(),
            name: "disk.raw".into(),
            total: data().len() as u64,
            method,
            store: None,
            created: None,
        },
        0.0,
    ))
}

/// Uploads `data()` with `method` through `script` (a default hasher, no cancel) and
/// checks that every scripted request was sent: the record as the flow left it.
fn uploaded(script: &Scripted, method: UploadMethod) -> Transfer {
    let board = board(method);
    run(upload(
        script,
        &ScriptedHasher::default(),
        &board,
        &data(),
        &Cancel::new(),
    ));
    script.finish();
    board.now()
}

/// The image as Glance has it once it holds `bytes`.
fn holding(bytes: &[u8], changes: Value) -> Value {
    let digests = LocalDigests::of(bytes);
    let mut image = captured_image(json!({
        "status": "active",
        "size": bytes.len(),
        "checksum": digests.md5,
        "os_hash_algo": "sha512",
        "os_hash_value": digests.sha512,
    }));
    for (key, value) in changes.as_object().unwrap() {
        image[key] = value.clone();
    }
    image
}

/// The duplicate lookup's path for `bytes`.
fn lookup(bytes: &[u8]) -> String {
    list_images(&same_data_query(&LocalDigests::of(bytes).sha512)).url("")
}

fn no_duplicates(script: Scripted) -> Scripted {
    script.ok(Method::Get, &lookup(&data()), json!({"images": []}))
}

/// nginx in front of Glance after the link to Glance broke: a 502 without Glance's id.
fn proxy_502() -> ApiError {
    ApiError::from_response(502, "<h1>502 Bad Gateway</h1>", None)
}

#[test]
fn a_direct_upload_is_sent_hashed_verified_recorded_and_its_duplicates_found() {
    let other = holding(&data(), json!({"id": "other-image", "name": "same bytes"}));
    let script = Scripted::new()
        .upload_ok(Method::Put, FILE)
        .ok(Method::Get, IMAGE, holding(&data(), json!({})))
        .ok(Method::Patch, IMAGE, holding(&data(), json!({})))
        .ok(
            Method::Get,
            &lookup(&data()),
            json!({"images": [holding(&data(), json!({})), other]}),
        );
    let board = board(UploadMethod::Direct);
    let hasher = ScriptedHasher::default();
    run(upload(&script, &hasher, &board, &data(), &Cancel::new()));
    script.finish();
    let t = board.now();
    assert!(
        matches!(t.phase, Phase::Done(Verification::Verified { .. })),
        "{:?}",
        t.phase
    );
    assert_eq!((t.sent, t.hashed), (4096, 4096));
    assert_eq!(t.local, Some(LocalDigests::of(&data())));
    assert_eq!(t.record_error, None);
    assert_eq!(
        t.duplicates,
        Duplicates::Found(vec![("other-image".into(), "same bytes".into())]),
        "the image itself is not its own duplicate"
    );
    assert_eq!(board.finished.borrow().len(), 1, "finished once");
    let recorded = script.bodies.borrow()[2]
        .clone()
        .expect("the digests' patch");
    assert_eq!(
        recorded[1]["value"],
        json!(LocalDigests::of(&data()).sha512)
    );
}

#[test]
fn a_cancel_mid_way_aborts_the_request_and_the_hashing_and_asks_nothing_more() {
    let script = Scripted::new().upload_ok(Method::Put, FILE);
    let cancel = Cancel::new();
    let board = TestBoard {
        cancel_at: Some((2048, cancel.clone())),
        ..board(UploadMethod::Direct)
    };
    let hasher = ScriptedHasher::default();
    run(upload(&script, &hasher, &board, &data(), &cancel));
    script.finish();
    assert_eq!(*board.finished.borrow(), vec![Phase::Cancelled]);
    assert_eq!(script.aborted.get(), 1, "the request itself was aborted");
    assert_eq!(hasher.abandoned.get(), 1);
    assert_eq!(board.now().sent, 2048);
    assert_eq!(board.now().local, None);
}

#[test]
fn a_cut_connection_says_where_and_retry_sends_into_the_same_image_once_glance_let_go() {
    let script = Scripted::new().upload_stops(Method::Put, FILE, 3072, proxy_502());
    let board = board(UploadMethod::Direct);
    let hasher = ScriptedHasher::default();
    run(upload(&script, &hasher, &board, &data(), &Cancel::new()));
    script.finish();
    let t = board.now();
    assert!(
        matches!(&t.phase, Phase::Failed(e) if e.status() == Some(502)),
        "{:?}",
        t.phase
    );
    assert_eq!(
        t.cut_at,
        Some(3072),
        "the row can say the file did not arrive whole"
    );
    assert_eq!(hasher.abandoned.get(), 1);

    // Glance is still tearing the aborted request down: `saving`, then `queued`.
    let script = no_duplicates(
        Scripted::new()
            .ok(
                Method::Get,
                IMAGE,
                holding(&[], json!({"status": "saving"})),
            )
            .ok(
                Method::Get,
                IMAGE,
                holding(&[], json!({"status": "queued"})),
            )
            .upload_ok(Method::Put, FILE)
            .ok(Method::Get, IMAGE, holding(&data(), json!({})))
            .ok(Method::Patch, IMAGE, holding(&data(), json!({}))),
    );
    run(retry(
        &script,
        &hasher,
        &board,
        &data(),
        &Cancel::new(),
        5.0,
    ));
    script.finish();
    let t = board.now();
    assert_eq!(
        *script.sleeps.borrow(),
        vec![500],
        "waited out `saving` once"
    );
    assert!(
        matches!(t.phase, Phase::Done(Verification::Verified { .. })),
        "{:?}",
        t.phase
    );
    assert_eq!(
        (t.image_id.as_str(), t.cut_at, t.started_ms),
        (ID, None, 5.0)
    );
}

#[test]
fn a_401_mid_way_fails_the_upload_as_unauthorized_and_is_not_a_cut() {
    let refused = ApiError::from_response(
        401,
        r#"{"message": "The request you have made requires authentication."}"#,
        Some("req-401".into()),
    );
    let script = Scripted::new().upload_stops(Method::Put, FILE, 1024, refused);
    let t = uploaded(&script, UploadMethod::Direct);
    assert!(
        matches!(&t.phase, Phase::Failed(e) if e.is_unauthorized()),
        "{:?}",
        t.phase
    );
    assert_eq!(t.cut_at, None, "Glance answered: the connection held");
}

#[test]
fn retry_stops_when_the_image_is_no_longer_queued() {
    let script = Scripted::new().ok(Method::Get, IMAGE, holding(&data(), json!({})));
    let board = board(UploadMethod::Direct);
    run(retry(
        &script,
        &ScriptedHasher::default(),
        &board,
        &data(),
        &Cancel::new(),
        5.0,
    ));
    script.finish();
    assert_eq!(
        *board.finished.borrow(),
        vec![Phase::NotQueued("active".into())]
    );
}

#[test]
fn a_mismatch_is_the_verdict_and_is_recorded_like_a_match() {
    let other_bytes = b"not what was sent".to_vec();
    let script = no_duplicates(
        Scripted::new()
            .upload_ok(Method::Put, FILE)
            .ok(
                Method::Get,
                IMAGE,
                holding(&other_bytes, json!({"size": 4096})),
            )
            .ok(Method::Patch, IMAGE, holding(&other_bytes, json!({}))),
    );
    let t = uploaded(&script, UploadMethod::Direct);
    assert!(
        matches!(t.phase, Phase::Done(Verification::Mismatch { .. })),
        "{:?}",
        t.phase
    );
    assert!(
        script.bodies.borrow()[2].is_some(),
        "the file's digests are recorded"
    );
}

#[test]
fn a_glance_direct_import_the_cloud_converted_is_reported_as_converted() {
    let stored = b"the raw disk Glance made of the qcow2".to_vec();
    let script = no_duplicates(
        Scripted::new()
            .upload_ok(Method::Put, STAGE)
            .ok(
                Method::Get,
                IMAGE,
                holding(&[], json!({"status": "uploading", "disk_format": "qcow2"})),
            )
            .accepted(Method::Post, &format!("{IMAGE}/import"))
            .ok(
                Method::Get,
                IMAGE,
                holding(
                    &stored,
                    json!({"disk_format": "raw", "os_glance_importing_to_stores": ""}),
                ),
            )
            .ok(Method::Patch, IMAGE, holding(&stored, json!({}))),
    );
    let t = uploaded(&script, UploadMethod::GlanceDirect);
    assert!(
        matches!(t.phase, Phase::Done(Verification::Converted { .. })),
        "{:?}",
        t.phase
    );
    assert_eq!(
        t.sent_format.as_deref(),
        Some("qcow2"),
        "the format sent, read before the import"
    );
}

#[test]
fn a_failed_hashing_worker_leaves_the_sent_upload_unverified_and_says_why() {
    let hasher = ScriptedHasher {
        fails: Some(Refusal::new(
            RefusalReason::Browser,
            Key::ErrHashingFailed,
            &["out of memory"],
        )),
        ..ScriptedHasher::default()
    };
    let script = Scripted::new().upload_ok(Method::Put, FILE);
    let board = board(UploadMethod::Direct);
    run(upload(&script, &hasher, &board, &data(), &Cancel::new()));
    script.finish();
    let t = board.now();
    let Phase::Unverified(problem) = &t.phase else {
        panic!("{:?}", t.phase);
    };
    assert_eq!(
        problem.refusal().map(|r| r.text.clone()),
        Some(Text::new(Key::ErrHashingFailed, &["out of memory"]))
    );
    assert_eq!(t.sent, 4096, "the data went");
}

#[test]
fn an_upload_left_unverified_by_an_expired_token_is_verified_again_without_resending() {
    let script = Scripted::new()
        .upload_ok(Method::Put, FILE)
        .fails(
            Method::Get,
            IMAGE,
            401,
            "The request you have made requires authentication.",
        )
        .fails(
            Method::Get,
            &lookup(&data()),
            401,
            "The request you have made requires authentication.",
        );
    let board = board(UploadMethod::Direct);
    run(upload(
        &script,
        &ScriptedHasher::default(),
        &board,
        &data(),
        &Cancel::new(),
    ));
    script.finish();
    assert!(matches!(&board.now().phase, Phase::Unverified(e) if e.is_unauthorized()));
    assert!(matches!(&board.now().duplicates, Duplicates::Failed(e) if e.is_unauthorized()));

    let script = Scripted::new()
        .ok(Method::Get, IMAGE, holding(&data(), json!({})))
        .ok(Method::Patch, IMAGE, holding(&data(), json!({})));
    run(verify_again(&script, &board));
    script.finish();
    assert!(matches!(
        board.now().phase,
        Phase::Done(Verification::Verified { .. })
    ));
    let script = no_duplicates(Scripted::new());
    run(check_duplicates(&script, &board));
    script.finish();
    assert_eq!(board.now().duplicates, Duplicates::Found(vec![]));
}

#[test]
fn deleting_the_image_ends_the_transfer_and_a_refused_deactivate_is_kept_on_it() {
    let board = board(UploadMethod::Direct);
    let script = Scripted::new().fails(
        Method::Post,
        &format!("{IMAGE}/actions/deactivate"),
        403,
        "You are not authorized to complete deactivate action.",
    );
    run(act_on_image(&script, &board, ImageAction::Deactivate));
    script.finish();
    let t = board.now();
    assert!(!t.deactivated);
    assert_eq!(
        t.action_error
            .and_then(|e| e.api_error().map(|e| e.kind.clone())),
        Some(ApiErrorKind::Forbidden)
    );
    let script = Scripted::new().no_content(Method::Delete, IMAGE);
    run(act_on_image(&script, &board, ImageAction::Delete));
    script.finish();
    let t = board.now();
    assert_eq!((t.phase, t.action_error), (Phase::Deleted, None));
}
