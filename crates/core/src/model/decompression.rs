//! Compressed disk images (`.raw.xz`, `.qcow2.gz`, `.img.zst`, `.bz2`) made ready to upload:
//! the name the decompressed file gets, how large it will be as far as the file's own headers
//! say (so that too small a storage quota is explained before anything is written), and the
//! progress of the two steps, decompressing then uploading.
//!
//! Glance stores the bytes it is sent. Sent compressed, a disk would be stored compressed as a
//! "raw" disk nothing can boot, so the portal decompresses it in the browser first (into the
//! Origin Private File System), and the image's digests then describe the disk Glance stores.

use crate::i18n::{Key, Lang};
use crate::model::disk_sniff::Compression;
use crate::model::size::human_size;
use crate::problem::{Refusal, RefusalReason};

/// What a compressed file's own headers say of its size once decompressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeHint {
    /// The size, from an index that lists every block (xz).
    Exact(u64),
    /// At least this much: gzip keeps the size modulo 4 GiB, zstd the first frame's size.
    AtLeast(u64),
    /// The format does not say (bzip2; a zstd frame without its size).
    Unknown,
}

impl SizeHint {
    /// The fewest bytes the decompressed file can take; `compressed` stands in when the
    /// format does not say (a disk image does not shrink when decompressed in practice, and
    /// the check must not pass a file that certainly cannot fit).
    pub fn lower_bound(self, compressed: u64) -> u64 {
        match self {
            SizeHint::Exact(n) | SizeHint::AtLeast(n) => n,
            SizeHint::Unknown => compressed,
        }
    }

    /// The size to show and to measure progress against, when known exactly.
    pub fn exact(self) -> Option<u64> {
        match self {
            SizeHint::Exact(n) => Some(n),
            _ => None,
        }
    }
}

/// The name the decompressed file gets: the compression's suffix dropped (`disk.qcow2.xz` →
/// `disk.qcow2`), or `.raw` put in its place when nothing is left to say what it is
/// (`disk.gz` → `disk`); a name without the usual suffix is kept whole.
pub fn decompressed_name(name: &str, compression: Compression) -> String {
    let suffixes: &[&str] = match compression {
        Compression::Gzip => &[".gz", ".gzip"],
        Compression::Xz => &[".xz"],
        Compression::Zstd => &[".zst", ".zstd"],
        Compression::Bzip2 => &[".bz2", ".bzip2"],
    };
    let lower = name.to_ascii_lowercase();
    suffixes
        .iter()
        .find(|s| lower.ends_with(*s) && lower.len() > s.len())
        .map(|s| name[..name.len() - s.len()].to_string())
        .unwrap_or_else(|| name.to_string())
}

/// gzip's trailer ends with ISIZE, the data's length modulo 2^32: a lower bound.
pub fn gzip_size(tail: &[u8]) -> SizeHint {
    match tail.len().checked_sub(4).map(|at| &tail[at..]) {
        Some(isize) if tail.len() >= 18 => SizeHint::AtLeast(u64::from(u32::from_le_bytes([
            isize[0], isize[1], isize[2], isize[3],
        ]))),
        _ => SizeHint::Unknown,
    }
}

/// A zstd frame header's Frame_Content_Size (RFC 8878 §3.1.1.1), when it has one. Only the
/// first frame's size is known this way: more frames may follow.
pub fn zstd_size(head: &[u8]) -> SizeHint {
    const MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];
    if head.len() < 5 || head[..4] != MAGIC {
        return SizeHint::Unknown;
    }
    let descriptor = head[4];
    let single_segment = descriptor & 0x20 != 0;
    let fcs_len = match descriptor >> 6 {
        0 if single_segment => 1,
        0 => return SizeHint::Unknown,
        1 => 2,
        2 => 4,
        _ => 8,
    };
    let dict_len = [0, 1, 2, 4][usize::from(descriptor & 0x03)];
    let at = 5 + usize::from(!single_segment) + dict_len;
    let Some(field) = head.get(at..at + fcs_len) else {
        return SizeHint::Unknown;
    };
    let mut bytes = [0u8; 8];
    bytes[..fcs_len].copy_from_slice(field);
    let size = u64::from_le_bytes(bytes);
    // The two-byte field counts from 256 (the spec's offset).
    SizeHint::AtLeast(if fcs_len == 2 { size + 256 } else { size })
}

/// The length of an xz stream footer: CRC32, Backward Size, Stream Flags, `YZ`.
pub const XZ_FOOTER: usize = 12;

/// Where an xz file's index is, from its footer (the file's last [`XZ_FOOTER`] bytes) and
/// its length: `(start, end)` in the file, or `None` when the footer is not an xz footer
/// (stream padding after it, or not xz at all).
pub fn xz_index_range(footer: &[u8], file_len: u64) -> Option<(u64, u64)> {
    if footer.len() != XZ_FOOTER || footer[10..] != *b"YZ" {
        return None;
    }
    let backward = u32::from_le_bytes([footer[4], footer[5], footer[6], footer[7]]);
    let index_len = (u64::from(backward) + 1) * 4;
    let end = file_len.checked_sub(XZ_FOOTER as u64)?;
    Some((end.checked_sub(index_len)?, end))
}

/// The sum of the uncompressed sizes an xz index lists (xz format §4): exact for a file of
/// one stream, which is what `xz` writes; concatenated streams make it a lower bound, and
/// the index says nothing of them, so it is called exact only when it is whole.
pub fn xz_size(index: &[u8]) -> SizeHint {
    fn varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
        let mut value = 0u64;
        for i in 0..9 {
            let b = *bytes.get(*at)?;
            *at += 1;
            value |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
    let parse = || -> Option<u64> {
        if *index.first()? != 0 {
            return None;
        }
        let mut at = 1;
        let records = varint(index, &mut at)?;
        let mut total = 0u64;
        for _ in 0..records {
            let _unpadded = varint(index, &mut at)?;
            total = total.checked_add(varint(index, &mut at)?)?;
        }
        Some(total)
    };
    parse().map_or(SizeHint::Unknown, SizeHint::Exact)
}

/// Glance's import plugin that unpacks an import's data in staging.
pub const IMAGE_DECOMPRESSION: &str = "image_decompression";

/// Whether the cloud would unpack this file itself, so that it can be sent compressed (a
/// smaller transfer): its `image_decompression` plugin runs on `glance-direct` imports and
/// knows gzip (and zip, lha), not xz, zstd or bzip2, whose bytes it stores as they are
/// (measured, docs/measured-facts.md). `plugins` is what config.json names.
pub fn cloud_decompresses(
    compression: Compression,
    plugins: &[String],
    glance_direct: bool,
) -> bool {
    compression == Compression::Gzip
        && glance_direct
        && plugins.iter().any(|p| p == IMAGE_DECOMPRESSION)
}

/// Too little room in the browser's storage for the decompressed file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpaceShort {
    /// The fewest bytes the decompressed file takes.
    pub needed: u64,
    /// What the origin's quota leaves free.
    pub available: u64,
}

/// Whether the decompressed file can fit in what the browser's quota leaves free (`None`
/// when the browser does not say: the write itself will then tell).
pub fn check_space(
    hint: SizeHint,
    compressed: u64,
    available: Option<u64>,
) -> Result<(), SpaceShort> {
    let needed = hint.lower_bound(compressed);
    match available {
        Some(available) if available < needed => Err(SpaceShort { needed, available }),
        _ => Ok(()),
    }
}

/// How far a decompression has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unpacked {
    /// Compressed bytes read.
    pub read: u64,
    /// Of how many.
    pub total: u64,
    /// Decompressed bytes written.
    pub written: u64,
}

impl Unpacked {
    /// The share done, 0–100, by the compressed bytes read (the only total known for every
    /// format).
    pub fn percent(self) -> u8 {
        if self.total == 0 {
            return 100;
        }
        ((self.read.min(self.total) as f64 / self.total as f64) * 100.0).floor() as u8
    }
}

impl SpaceShort {
    /// The refusal shown before anything is written.
    pub fn refusal(self) -> Refusal {
        Refusal::new(
            RefusalReason::Browser,
            Key::ErrUnpackSpace,
            &[&human_size(self.needed), &human_size(self.available)],
        )
    }
}

/// Where a chosen file's decompression stands on the create page.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum UnpackState {
    /// The file is not compressed (or its header is still being read).
    #[default]
    NotNeeded,
    /// Reading its size and the room the browser has.
    Checking(Compression),
    /// Decompressing.
    Running(Compression, Unpacked),
    /// Decompressed: the entry's file is now the disk inside.
    Done {
        /// The compressed file's name.
        from: String,
        /// How it was compressed.
        compression: Compression,
        /// Its size.
        compressed: u64,
    },
    /// Stopped; the compressed file is kept, and can be decompressed again.
    Failed(Refusal),
    /// The user cancelled; the compressed file is kept.
    Cancelled,
    /// This browser cannot decompress here (no Origin Private File System).
    Unavailable(Compression),
    /// Sent compressed, with `glance-direct`, for the cloud's `image_decompression` to
    /// unpack ([`cloud_decompresses`]).
    ToCloud(Compression),
}

impl UnpackState {
    /// Whether the file cannot be created and uploaded as it is now: its disk is not out
    /// yet, and the compressed bytes would be stored as a disk nothing boots.
    pub fn blocks_create(&self) -> bool {
        !matches!(
            self,
            UnpackState::NotNeeded | UnpackState::Done { .. } | UnpackState::ToCloud(_)
        )
    }

    /// How the file is compressed, once known to be.
    pub fn compression(&self) -> Option<Compression> {
        match self {
            UnpackState::Checking(c)
            | UnpackState::Running(c, _)
            | UnpackState::Done { compression: c, .. }
            | UnpackState::Unavailable(c)
            | UnpackState::ToCloud(c) => Some(*c),
            UnpackState::NotNeeded | UnpackState::Failed(_) | UnpackState::Cancelled => None,
        }
    }

    /// Whether it is under way (Cancel applies).
    pub fn is_running(&self) -> bool {
        matches!(self, UnpackState::Checking(_) | UnpackState::Running(..))
    }

    /// Whether it stopped short and can be started again.
    pub fn can_retry(&self) -> bool {
        matches!(self, UnpackState::Failed(_) | UnpackState::Cancelled)
    }

    /// The line shown under the file's name, in `lang` (`None` when nothing is to say; a
    /// failure is shown by the refusal's own view).
    pub fn describe(&self, lang: Lang) -> Option<String> {
        Some(match self {
            UnpackState::NotNeeded | UnpackState::Failed(_) => return None,
            UnpackState::Checking(c) => lang.tf(Key::UnpackChecking, &[c.name()]),
            UnpackState::Running(c, p) => lang.tf(
                Key::UnpackRunning,
                &[
                    c.name(),
                    &p.percent().to_string(),
                    &human_size(p.read),
                    &human_size(p.total),
                    &human_size(p.written),
                ],
            ),
            UnpackState::Done {
                from,
                compression,
                compressed,
            } => lang.tf(
                Key::UnpackDone,
                &[from, compression.name(), &human_size(*compressed)],
            ),
            UnpackState::Cancelled => lang.t(Key::UnpackCancelled).to_string(),
            UnpackState::Unavailable(c) => lang.tf(Key::UnpackUnavailable, &[c.name()]),
            UnpackState::ToCloud(c) => lang.tf(Key::UnpackToCloud, &[c.name()]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_the_compression_suffix_only() {
        assert_eq!(
            decompressed_name("noble.qcow2.xz", Compression::Xz),
            "noble.qcow2"
        );
        assert_eq!(
            decompressed_name("disk.raw.GZ", Compression::Gzip),
            "disk.raw"
        );
        assert_eq!(
            decompressed_name("disk.img.zst", Compression::Zstd),
            "disk.img"
        );
        assert_eq!(decompressed_name("a.bz2", Compression::Bzip2), "a");
        // The bytes said gzip, the name did not: nothing to drop.
        assert_eq!(decompressed_name("disk.img", Compression::Gzip), "disk.img");
        assert_eq!(decompressed_name(".xz", Compression::Xz), ".xz");
    }

    #[test]
    fn gzip_isize_is_a_lower_bound() {
        let mut tail = vec![0u8; 20];
        tail[16..].copy_from_slice(&(5_000_000u32).to_le_bytes());
        assert_eq!(gzip_size(&tail), SizeHint::AtLeast(5_000_000));
        assert_eq!(gzip_size(&[1, 2, 3]), SizeHint::Unknown);
    }

    #[test]
    fn zstd_frame_content_size_in_each_field_width() {
        // Single segment, FCS flag 0: one byte.
        assert_eq!(
            zstd_size(&[0x28, 0xb5, 0x2f, 0xfd, 0x20, 200]),
            SizeHint::AtLeast(200)
        );
        // FCS flag 1, window byte present: two bytes counted from 256.
        assert_eq!(
            zstd_size(&[0x28, 0xb5, 0x2f, 0xfd, 0x40, 0x58, 0x10, 0x00]),
            SizeHint::AtLeast(0x10 + 256)
        );
        // FCS flag 2, single segment, one-byte dictionary id: four bytes after it.
        let mut h = vec![0x28, 0xb5, 0x2f, 0xfd, 0xa1, 7];
        h.extend_from_slice(&(1u32 << 30).to_le_bytes());
        assert_eq!(zstd_size(&h), SizeHint::AtLeast(1 << 30));
        // FCS flag 3: eight bytes.
        let mut h = vec![0x28, 0xb5, 0x2f, 0xfd, 0xc0, 0x58];
        h.extend_from_slice(&(6u64 << 32).to_le_bytes());
        assert_eq!(zstd_size(&h), SizeHint::AtLeast(6 << 32));
        // No size written, or not zstd.
        assert_eq!(
            zstd_size(&[0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58]),
            SizeHint::Unknown
        );
        assert_eq!(zstd_size(b"QFI\xfb\0\0\0\x03"), SizeHint::Unknown);
    }

    #[test]
    fn xz_index_sums_its_records() {
        // Footer: CRC32, Backward Size 1 (→ an 8-byte index), flags, "YZ".
        let footer = [0, 0, 0, 0, 1, 0, 0, 0, 0, 4, b'Y', b'Z'];
        assert_eq!(xz_index_range(&footer, 1000), Some((980, 988)));
        assert_eq!(xz_index_range(&[0; 12], 1000), None);
        assert_eq!(xz_index_range(&footer, 10), None);
        // Index: indicator, 2 records of (unpadded, uncompressed), padding, CRC32.
        // 300 = 0xac 0x02 as a multibyte integer.
        let index = [0x00, 0x02, 0x10, 0xac, 0x02, 0x10, 0x7f, 0x00, 0, 0, 0, 0];
        assert_eq!(xz_size(&index), SizeHint::Exact(300 + 127));
        assert_eq!(xz_size(&[0x01, 0x00]), SizeHint::Unknown);
        assert_eq!(xz_size(&[0x00, 0x05, 0x10]), SizeHint::Unknown);
    }

    #[test]
    fn space_is_checked_against_the_lower_bound() {
        assert_eq!(
            check_space(SizeHint::Exact(10 << 30), 1 << 30, Some(4 << 30)),
            Err(SpaceShort {
                needed: 10 << 30,
                available: 4 << 30
            })
        );
        assert!(check_space(SizeHint::AtLeast(100), 50, Some(100)).is_ok());
        // bzip2 says nothing: the compressed size stands in.
        assert!(check_space(SizeHint::Unknown, 200, Some(100)).is_err());
        // The browser says nothing: the write will tell.
        assert!(check_space(SizeHint::Exact(u64::MAX), 1, None).is_ok());
    }

    #[test]
    fn only_a_file_with_its_disk_out_may_be_created() {
        let running = UnpackState::Running(Compression::Xz, Unpacked::default());
        assert!(running.blocks_create() && running.is_running());
        assert!(UnpackState::Checking(Compression::Gzip).blocks_create());
        assert!(UnpackState::Cancelled.blocks_create() && UnpackState::Cancelled.can_retry());
        assert!(UnpackState::Unavailable(Compression::Zstd).blocks_create());
        let short = SpaceShort {
            needed: 1 << 30,
            available: 1 << 20,
        };
        let failed = UnpackState::Failed(short.refusal());
        assert!(failed.blocks_create() && failed.can_retry() && !failed.is_running());
        assert!(!UnpackState::NotNeeded.blocks_create());
        let done = UnpackState::Done {
            from: "d.qcow2.xz".into(),
            compression: Compression::Xz,
            compressed: 300,
        };
        assert!(!done.blocks_create() && !done.can_retry());
    }

    #[test]
    fn each_state_is_worded_in_both_languages() {
        let running = UnpackState::Running(
            Compression::Xz,
            Unpacked {
                read: 1 << 20,
                total: 4 << 20,
                written: 3 << 20,
            },
        );
        assert_eq!(
            running.describe(Lang::En).unwrap(),
            "Decompressing (xz): 25% — 1.0 MiB of 4.0 MiB read, 3.0 MiB written."
        );
        assert!(running.describe(Lang::ZhCn).unwrap().contains("25%"));
        let short = SpaceShort {
            needed: 10 << 30,
            available: 2 << 30,
        };
        assert!(Lang::En.text(&short.refusal().text).starts_with(
            "Decompressing needs at least 10 GiB of the browser's storage, and 2.0 GiB"
        ));
        assert_eq!(UnpackState::NotNeeded.describe(Lang::En), None);
    }

    #[test]
    fn only_gzip_is_left_to_the_clouds_plugin_and_only_with_glance_direct() {
        let plugins = vec!["image_decompression".to_string(), "image_conversion".into()];
        assert!(cloud_decompresses(Compression::Gzip, &plugins, true));
        assert!(!cloud_decompresses(Compression::Gzip, &plugins, false));
        assert!(!cloud_decompresses(Compression::Xz, &plugins, true));
        assert!(!cloud_decompresses(Compression::Gzip, &plugins[1..], true));
        let to_cloud = UnpackState::ToCloud(Compression::Gzip);
        assert!(!to_cloud.blocks_create());
        assert_eq!(to_cloud.compression(), Some(Compression::Gzip));
        assert!(to_cloud
            .describe(Lang::En)
            .unwrap()
            .contains("image_decompression"));
    }

    #[test]
    fn progress_counts_the_compressed_bytes_read() {
        let p = Unpacked {
            read: 50,
            total: 200,
            written: 900,
        };
        assert_eq!(p.percent(), 25);
        assert_eq!(Unpacked::default().percent(), 100);
    }
}
