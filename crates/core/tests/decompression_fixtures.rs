//! `decompression`'s size hints against files the real compressors wrote
//! (tests/fixtures/disks/, made by its make.sh: gzip, xz, zstd and bzip2 of the 196,624-byte
//! qcow2-v3 image; each compressed file is small enough that its `.tail` is the whole file).

use std::path::PathBuf;

use glance_portal_core::model::decompression::{
    gzip_size, xz_index_range, xz_size, zstd_size, SizeHint, XZ_FOOTER,
};

/// The qcow2 image every compressed fixture holds, in bytes (manifest.json's qcow2-v3).
const INNER_LEN: u64 = 196_624;

fn whole(name: &str) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/disks");
    std::fs::read(dir.join(format!("{name}.tail"))).unwrap()
}

#[test]
fn xz_index_gives_the_exact_size() {
    let file = whole("xz");
    let len = file.len() as u64;
    let (start, end) = xz_index_range(&file[file.len() - XZ_FOOTER..], len).unwrap();
    let index = &file[start as usize..end as usize];
    assert_eq!(xz_size(index), SizeHint::Exact(INNER_LEN));
}

#[test]
fn gzip_trailer_gives_the_size_modulo_4_gib() {
    assert_eq!(gzip_size(&whole("gzip")), SizeHint::AtLeast(INNER_LEN));
}

#[test]
fn zstd_frame_header_gives_the_first_frame_size() {
    assert_eq!(zstd_size(&whole("zstd")), SizeHint::AtLeast(INNER_LEN));
}
