//! `disk_sniff` against real images (tests/fixtures/disks/, made by its make.sh with qemu-img,
//! genisoimage and the compressors): the detected format and the virtual size must be what
//! qemu-img (isoinfo for the ISO) says, and the accept/refuse prediction must be what a real
//! Glance 33 did with the same kinds of file.

use std::path::PathBuf;

use glance_portal_core::model::disk_sniff::{
    format_warning, glance_accepts, sniff, Compression, FormatWarning, SniffResult, Sniffed,
    HEAD_BYTES, TAIL_BYTES,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Manifest {
    images: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    file_len: u64,
    head_len: usize,
    expect: String,
    virtual_size: Option<u64>,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/disks")
}

fn manifest() -> Vec<Entry> {
    let text = std::fs::read_to_string(dir().join("manifest.json")).unwrap();
    serde_json::from_str::<Manifest>(&text).unwrap().images
}

/// Sniffs a fixture exactly as the browser would the whole file: the `.head` had its
/// trailing zeros trimmed, so they are put back.
fn sniff_fixture(entry: &Entry) -> SniffResult {
    let mut head = std::fs::read(dir().join(format!("{}.head", entry.name))).unwrap();
    assert!(head.len() <= entry.head_len, "{}", entry.name);
    head.resize(entry.head_len, 0);
    let tail = std::fs::read(dir().join(format!("{}.tail", entry.name))).unwrap();
    assert_eq!(head.len() as u64, entry.file_len.min(HEAD_BYTES as u64));
    assert_eq!(tail.len() as u64, entry.file_len.min(TAIL_BYTES as u64));
    sniff(&head, &tail, entry.file_len)
}

fn fixture(name: &str) -> SniffResult {
    let entry = manifest().into_iter().find(|e| e.name == name).unwrap();
    sniff_fixture(&entry)
}

/// The manifest's spelling of a detection.
fn spelling(format: Sniffed) -> String {
    match format {
        Sniffed::Qcow2 {
            version,
            backing_file,
        } => format!(
            "qcow2 v{version}{}",
            if backing_file { " backing" } else { "" }
        ),
        Sniffed::Vmdk => "vmdk".into(),
        Sniffed::Vhd { fixed: true } => "vhd fixed".into(),
        Sniffed::Vhd { fixed: false } => "vhd dynamic".into(),
        Sniffed::Vhdx => "vhdx".into(),
        Sniffed::Vdi => "vdi".into(),
        Sniffed::Iso => "iso".into(),
        Sniffed::Partitioned => "partitioned".into(),
        Sniffed::Raw => "raw".into(),
        Sniffed::Compressed(c) => c.name().into(),
    }
}

#[test]
fn every_fixture_is_recognised_with_qemu_imgs_virtual_size() {
    let entries = manifest();
    assert_eq!(entries.len(), 17);
    for entry in &entries {
        let r = sniff_fixture(entry);
        assert_eq!(spelling(r.format), entry.expect, "{}", entry.name);
        match r.format {
            // VHDX states its size in a metadata region megabytes in; qemu-img knows it.
            Sniffed::Vhdx => {
                assert_eq!(r.virtual_size, None);
                assert_eq!(entry.virtual_size, Some(1 << 30));
            }
            _ => assert_eq!(r.virtual_size, entry.virtual_size, "{}", entry.name),
        }
    }
}

#[test]
fn the_kinds_that_need_care_are_covered() {
    // QEMU rounds a VHD up to whole CHS geometry; the footer's current size has it.
    assert_eq!(fixture("vhd-dynamic").virtual_size, Some(1_073_995_776));
    // A fixed VHD is found by its footer alone: its head is all zeros.
    let fixed = fixture("vhd-fixed");
    assert_eq!(fixed.format, Sniffed::Vhd { fixed: true });
    assert_eq!(fixed.virtual_size, Some(16_781_312));
    assert_eq!(
        fixture("bzip2").format,
        Sniffed::Compressed(Compression::Bzip2)
    );
    assert_eq!(fixture("raw").virtual_size, Some(1 << 20));
    // A GPT disk is recognised by its protective MBR, not by the backup header in its tail.
    assert_eq!(fixture("raw-gpt").format, Sniffed::Partitioned);
}

/// Outcomes of `PUT /v2/images/{id}/file` against Glance 33.0.0 (container `bare`), observed
/// on 2026-11-23 with images made by the same commands as the fixtures: 204 = accepted,
/// 415 = refused.
const GLANCE_33: &[(&str, &str, bool)] = &[
    ("qcow2-v2", "qcow2", true),
    ("qcow2-v3", "raw", true),
    ("qcow2-v3", "ami", false),
    ("qcow2-v3", "vmdk", false),
    ("qcow2-overlay", "qcow2", false),
    ("qcow2-overlay", "raw", false),
    ("vmdk-sparse", "vmdk", true),
    ("vmdk-stream", "vmdk", true),
    ("vhd-dynamic", "vhd", true),
    ("vhd-dynamic", "raw", true),
    ("vhd-fixed", "vhd", false),
    ("vhd-fixed", "raw", true),
    ("vhd-fixed", "qcow2", false),
    ("vhdx", "vhdx", true),
    ("vhdx", "raw", true),
    ("vdi", "vdi", true),
    ("vdi", "raw", true),
    ("iso", "iso", true),
    ("iso", "raw", true),
    ("raw", "ami", true),
    ("raw", "qcow2", false),
    ("raw", "iso", false),
    ("raw", "vhd", false),
    ("raw-mbr", "raw", true),
    ("raw-mbr", "ami", false),
    ("raw-gpt", "raw", true),
    ("raw-gpt", "ami", false),
    ("raw-gpt", "aki", false),
    ("gzip", "raw", true),
    ("gzip", "ami", true),
    ("gzip", "qcow2", false),
];

#[test]
fn accept_or_refuse_is_predicted_as_glance_33_decided() {
    for &(name, chosen, accepted) in GLANCE_33 {
        let r = fixture(name);
        assert_eq!(glance_accepts(chosen, &r), accepted, "{name} as {chosen}");
        let warning = format_warning(chosen, &r);
        if !accepted {
            assert!(warning.is_some(), "{name} as {chosen}");
        }
    }
}

#[test]
fn warnings_for_real_files() {
    assert_eq!(format_warning("qcow2", &fixture("qcow2-v3")), None);
    assert_eq!(
        format_warning("vhd", &fixture("vhd-fixed")),
        Some(FormatWarning::FixedVhd)
    );
    assert_eq!(format_warning("raw", &fixture("vhd-fixed")), None);
    assert!(matches!(
        format_warning("raw", &fixture("qcow2-v2")),
        Some(FormatWarning::RawHidesFormat { .. })
    ));
    assert!(matches!(
        format_warning("qcow2", &fixture("qcow2-overlay")),
        Some(FormatWarning::UnsafeQcow2 {
            backing_file: true,
            ..
        })
    ));
    for name in ["gzip", "xz", "zstd", "bzip2"] {
        assert!(matches!(
            format_warning("raw", &fixture(name)),
            Some(FormatWarning::Compressed { .. })
        ));
    }
    // Choosing what the portal suggests is always accepted.
    for entry in manifest() {
        let r = sniff_fixture(&entry);
        if let Some(suggested) = r.format.suggested_disk_format() {
            let expected = !matches!(
                r.format,
                Sniffed::Qcow2 {
                    backing_file: true,
                    ..
                }
            );
            assert_eq!(glance_accepts(suggested, &r), expected, "{}", entry.name);
        }
    }
}
