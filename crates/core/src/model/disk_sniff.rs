//! Recognising a disk image's format from its bytes before it is uploaded.
//!
//! Glance 33 inspects every upload to a `bare` container and answers **415** when the data
//! does not match the image's `disk_format` ("Image disk_format qcow2 does not match stream
//! data raw") — after the whole file has crossed the network. The portal reads the first
//! [`HEAD_BYTES`] and last [`TAIL_BYTES`] of the chosen file, calls [`sniff`], and warns
//! ([`format_warning`]) before a byte is sent.
//!
//! The rules mirror what Glance's inspector (`oslo_utils.imageutils.format_inspector`) and
//! its upload check (`glance/location.py`) do, because agreeing with Glance is the point:
//! - every format is recognised from fixed offsets in the head, except a *fixed* VHD, whose
//!   only header is a footer in the last 512 bytes. Glance reads the stream from the start
//!   and never sees that footer, so it takes a fixed VHD for raw data;
//! - data Glance recognises as nothing in particular is `raw`, and Glance accepts it for
//!   formats it cannot inspect (`ami`, `aki`, `ari`, `ploop`, …);
//! - a raw disk with a partition table is `gpt` to Glance: fine as `raw`, refused as `ami`;
//! - choosing `raw` is accepted whatever the data is, except a qcow2 that fails Glance's
//!   safety checks (a backing file, an ancient version).
//!
//! Compressed files are recognised as such (not looked into): Glance has no idea they are
//! compressed and would store the compressed bytes as a raw disk.
//!
//! Not modelled: Glance's further checks of an MBR's partition entries (a boot signature
//! without a valid partition is refused) and of VMDK descriptors, and formats nested in a
//! fixed VHD (Glance sees the inner disk's format where this module says "VHD (fixed)").

use std::fmt;

use crate::i18n::{Key, Lang};

/// How many leading bytes [`sniff`] wants: an ISO 9660 volume descriptor starts at 32 KiB
/// and is 2 KiB long; 64 KiB leaves room and is still one cheap `Blob::slice`.
pub const HEAD_BYTES: usize = 64 * 1024;

/// How many trailing bytes [`sniff`] wants: a fixed VHD has only its 512-byte footer, at
/// the very end.
pub const TAIL_BYTES: usize = 512;

/// A compression container recognised by its magic number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Compression {
    /// gzip (`.gz`).
    Gzip,
    /// xz (`.xz`).
    Xz,
    /// Zstandard (`.zst`).
    Zstd,
    /// bzip2 (`.bz2`).
    Bzip2,
}

impl Compression {
    /// The tool's usual name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Xz => "xz",
            Compression::Zstd => "zstd",
            Compression::Bzip2 => "bzip2",
        }
    }
}

/// What the bytes say the file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sniffed {
    /// QEMU copy-on-write. `version` is 2 or 3 for anything current (1 is the ancient qcow
    /// layout, which shares the magic and which Glance refuses).
    Qcow2 {
        /// Header version.
        version: u32,
        /// The image is an overlay naming a backing file; Glance refuses those.
        backing_file: bool,
    },
    /// VMware sparse extent (`KDMV`: monolithicSparse or streamOptimized).
    Vmdk,
    /// Microsoft VHD (QEMU's `vpc`).
    Vhd {
        /// A fixed VHD (raw data plus a footer at the end) rather than a dynamic one (with a
        /// copy of the footer at the start).
        fixed: bool,
    },
    /// Microsoft VHDX.
    Vhdx,
    /// VirtualBox disk image.
    Vdi,
    /// ISO 9660 (or UDF) optical disc image.
    Iso,
    /// A raw disk that starts with a partition table: an MBR, or a GPT's protective MBR.
    /// Its `disk_format` is `raw`, but Glance's inspector calls it `gpt` and so refuses it
    /// under the formats it cannot inspect (`ami`, `aki`, …).
    Partitioned,
    /// Nothing recognised: raw data (a bare filesystem, or any other bytes).
    Raw,
    /// A compressed file; what is inside is not looked at.
    Compressed(Compression),
}

impl Sniffed {
    /// The Glance `disk_format` the data is; `None` for compressed data, which no disk
    /// format describes.
    pub fn disk_format(&self) -> Option<&'static str> {
        match self {
            Sniffed::Qcow2 { .. } => Some("qcow2"),
            Sniffed::Vmdk => Some("vmdk"),
            Sniffed::Vhd { .. } => Some("vhd"),
            Sniffed::Vhdx => Some("vhdx"),
            Sniffed::Vdi => Some("vdi"),
            Sniffed::Iso => Some("iso"),
            Sniffed::Partitioned | Sniffed::Raw => Some("raw"),
            Sniffed::Compressed(_) => None,
        }
    }

    /// The format Glance's own inspector reports for the same bytes. It differs from
    /// [`Sniffed::disk_format`] for a fixed VHD, whose footer Glance never reads (`raw`), for
    /// compressed files (`raw`) and for partitioned disks (`gpt`).
    pub fn glance_view(&self) -> &'static str {
        match self {
            Sniffed::Vhd { fixed: true } | Sniffed::Compressed(_) => "raw",
            Sniffed::Partitioned => "gpt",
            other => other.disk_format().unwrap_or("raw"),
        }
    }

    /// The `disk_format` to choose so that Glance accepts the data and stores what it is:
    /// [`Sniffed::disk_format`], except `raw` for a fixed VHD (whose data is a raw disk plus a
    /// trailing footer sector, and which Glance refuses as `vhd`).
    pub fn suggested_disk_format(&self) -> Option<&'static str> {
        match self {
            Sniffed::Vhd { fixed: true } => Some("raw"),
            other => other.disk_format(),
        }
    }

    /// A short name for messages: `"qcow2 (v3)"`, `"VHD (fixed)"`, `"gzip-compressed"`.
    pub fn label(&self) -> String {
        match self {
            Sniffed::Qcow2 { version, .. } => format!("qcow2 (v{version})"),
            Sniffed::Vmdk => "VMDK".into(),
            Sniffed::Vhd { fixed: true } => "VHD (fixed)".into(),
            Sniffed::Vhd { fixed: false } => "VHD (dynamic)".into(),
            Sniffed::Vhdx => "VHDX".into(),
            Sniffed::Vdi => "VDI".into(),
            Sniffed::Iso => "ISO 9660".into(),
            Sniffed::Partitioned => "raw (partitioned)".into(),
            Sniffed::Raw => "raw".into(),
            Sniffed::Compressed(c) => format!("{}-compressed", c.name()),
        }
    }
}

/// The outcome of [`sniff`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SniffResult {
    /// The recognised format.
    pub format: Sniffed,
    /// The disk's size as a guest sees it, in bytes, when the header says so: qcow2, VMDK,
    /// VHD, VDI and ISO carry it within the bytes read; a raw or partitioned disk is the
    /// file's length. `None` for VHDX (its size sits in a metadata region usually 1–2 MiB into
    /// the file, beyond [`HEAD_BYTES`]) and for compressed files.
    pub virtual_size: Option<u64>,
}

/// Recognises the format of a file of `file_len` bytes from its first bytes (`head`, up to
/// [`HEAD_BYTES`]) and its last bytes (`tail`, up to [`TAIL_BYTES`]). For a file shorter
/// than those, pass the whole file as both. Short input never fails: a field beyond its end
/// is simply not found (an empty file is raw, a truncated qcow2 header has no size).
pub fn sniff(head: &[u8], tail: &[u8], file_len: u64) -> SniffResult {
    let (format, virtual_size) = detect(head, tail, file_len);
    SniffResult {
        format,
        virtual_size,
    }
}

/// Offset of the first ISO 9660 volume descriptor: sixteen 2 KiB sectors of system area.
const ISO_DESCRIPTOR: usize = 32 * 1024;
/// VDI keeps its signature after a 64-byte text banner.
const VDI_SIGNATURE: u32 = 0xbeda_107f;

fn detect(head: &[u8], tail: &[u8], file_len: u64) -> (Sniffed, Option<u64>) {
    if head.starts_with(b"QFI\xfb") {
        let version = be_u32(head, 4).unwrap_or(0);
        let backing_file = be_u64(head, 8).is_some_and(|offset| offset != 0);
        // The size field is at 24 in qcow v1 as well as in v2/v3.
        return (
            Sniffed::Qcow2 {
                version,
                backing_file,
            },
            be_u64(head, 24),
        );
    }
    if head.starts_with(b"KDMV") {
        let capacity_sectors = le_u64(head, 12);
        return (
            Sniffed::Vmdk,
            capacity_sectors.and_then(|s| s.checked_mul(512)),
        );
    }
    if head.starts_with(b"vhdxfile") {
        return (Sniffed::Vhdx, None);
    }
    if head.starts_with(b"conectix") {
        return (Sniffed::Vhd { fixed: false }, vhd_current_size(head));
    }
    if le_u32(head, 0x40) == Some(VDI_SIGNATURE) {
        return (Sniffed::Vdi, le_u64(head, 0x170));
    }
    if let Some(compression) = compression(head) {
        return (Sniffed::Compressed(compression), None);
    }
    if tail.len() == TAIL_BYTES && tail.starts_with(b"conectix") {
        return (Sniffed::Vhd { fixed: true }, vhd_current_size(tail));
    }
    if let Some(descriptor) = head.get(ISO_DESCRIPTOR..ISO_DESCRIPTOR + 2048) {
        // Glance also takes UDF's NSR0x here; only an ISO 9660 primary descriptor (type 1)
        // states the volume size.
        let id = &descriptor[1..6];
        if id == b"CD001" || id == b"NSR02" || id == b"NSR03" {
            let size = if descriptor[0] == 1 && id == b"CD001" {
                // Both fields are stored little- then big-endian; the first half suffices.
                let blocks = u64::from(le_u32(descriptor, 80).unwrap_or(0));
                let block_size = u64::from(le_u16(descriptor, 128).unwrap_or(0));
                Some(blocks * block_size)
            } else {
                None
            };
            return (Sniffed::Iso, size);
        }
    }
    // After ISO: hybrid ISOs carry an MBR too, and Glance lets ISO win that tie.
    if is_partition_table(head) {
        return (Sniffed::Partitioned, Some(file_len));
    }
    (Sniffed::Raw, Some(file_len))
}

/// Glance's test for an MBR: the boot signature, unless the sector is a FAT filesystem's
/// boot record (two FATs, fixed-disk media byte), which ends in the same signature.
fn is_partition_table(head: &[u8]) -> bool {
    let Some(sector) = head.get(..512) else {
        return false;
    };
    let fat = sector[0x10] == 2 && sector[0x15] == 0xf8;
    sector[510..] == [0x55, 0xaa] && !fat
}

/// VHD's "current size" (offset 48 of the footer), which QEMU-made, Hyper-V and most other
/// VHDs agree with their CHS geometry on.
fn vhd_current_size(footer: &[u8]) -> Option<u64> {
    be_u64(footer, 48)
}

fn compression(head: &[u8]) -> Option<Compression> {
    if head.starts_with(&[0x1f, 0x8b, 0x08]) {
        Some(Compression::Gzip)
    } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
        Some(Compression::Xz)
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Some(Compression::Zstd)
    } else if head.len() >= 10
        && head.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&head[3])
        // "BZh9" alone is plausible text; a block (π) or end-of-stream (√π) magic must follow.
        && (head[4..10] == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
            || head[4..10] == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
    {
        Some(Compression::Bzip2)
    } else {
        None
    }
}

fn field<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    field(bytes, at).map(u32::from_be_bytes)
}

fn be_u64(bytes: &[u8], at: usize) -> Option<u64> {
    field(bytes, at).map(u64::from_be_bytes)
}

fn le_u16(bytes: &[u8], at: usize) -> Option<u16> {
    field(bytes, at).map(u16::from_le_bytes)
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    field(bytes, at).map(u32::from_le_bytes)
}

fn le_u64(bytes: &[u8], at: usize) -> Option<u64> {
    field(bytes, at).map(u64::from_le_bytes)
}

/// The disk formats Glance's inspector knows. Any other `disk_format` (`ami`, `aki`, `ari`,
/// `ploop`, a cloud's own) is accepted for data it sees as raw.
const INSPECTABLE: &[&str] = &[
    "raw", "qcow2", "vhd", "vhdx", "vmdk", "vdi", "qed", "iso", "gpt", "luks",
];

/// Why the chosen `disk_format` and the file do not go together, worded in either language by
/// [`FormatWarning::message`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatWarning {
    /// The file is compressed: Glance would store the compressed bytes (and refuses any
    /// inspectable disk format other than raw for them).
    Compressed {
        /// The compression found.
        compression: Compression,
    },
    /// Glance refuses this qcow2 whatever disk format is chosen ("Image failed safety
    /// checks"): it has a backing file, or its version is not 2 or 3.
    UnsafeQcow2 {
        /// The qcow2 header version.
        version: u32,
        /// Whether it names a backing file.
        backing_file: bool,
    },
    /// A fixed VHD uploaded as `vhd`: Glance sees raw data and answers 415.
    FixedVhd,
    /// Glance will refuse the upload with 415: the data is not the chosen format.
    Refused {
        /// The user's `disk_format`.
        chosen: String,
        /// What the file is.
        detected: Sniffed,
    },
    /// `raw` was chosen for a file in a richer format: Glance accepts it, but the image
    /// would be the container file itself, so a guest sees the qcow2/VMDK/… structure
    /// instead of the disk inside it.
    RawHidesFormat {
        /// What the file is.
        detected: Sniffed,
    },
}

impl FormatWarning {
    /// What is wrong and what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FormatWarning::Compressed { compression } => {
                lang.tf(Key::SniffCompressed, &[compression.name()])
            }
            FormatWarning::UnsafeQcow2 {
                backing_file: true, ..
            } => lang.t(Key::SniffQcow2Backing).to_string(),
            FormatWarning::UnsafeQcow2 { version, .. } => {
                lang.tf(Key::SniffQcowVersion, &[&version.to_string()])
            }
            FormatWarning::FixedVhd => lang.t(Key::SniffFixedVhd).to_string(),
            FormatWarning::Refused { chosen, detected } => {
                let refused = lang.tf(Key::SniffRefused, &[&detected.label(), chosen]);
                match detected.suggested_disk_format() {
                    Some(format) => {
                        // Chinese sentences follow each other without a space.
                        let gap = if lang == Lang::ZhCn { "" } else { " " };
                        let choose = lang.tf(Key::SniffChooseFormat, &[format]);
                        format!("{refused}{gap}{choose}")
                    }
                    None => refused,
                }
            }
            FormatWarning::RawHidesFormat { detected } => lang.tf(
                Key::SniffRawHides,
                &[&detected.label(), detected.disk_format().unwrap_or("raw")],
            ),
        }
    }
}

/// English, for logs and tests; the UI uses [`FormatWarning::message`].
impl fmt::Display for FormatWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Whether Glance 33 will accept data like this under `disk_format` = `chosen` (container
/// `bare`), following `glance/location.py`: it accepts the format it sees, anything as `raw`,
/// and raw-looking data for formats it cannot inspect; it refuses everything else (415), and
/// a qcow2 with a backing file or an old version whatever was chosen.
pub fn glance_accepts(chosen_disk_format: &str, sniffed: &SniffResult) -> bool {
    if unsafe_qcow2(sniffed.format).is_some() {
        return false;
    }
    let seen = sniffed.format.glance_view();
    chosen_disk_format == seen
        || chosen_disk_format == "raw"
        || (seen == "raw" && !INSPECTABLE.contains(&chosen_disk_format))
}

fn unsafe_qcow2(format: Sniffed) -> Option<FormatWarning> {
    match format {
        // Glance runs its safety checks on the detected format even when "raw" was chosen.
        Sniffed::Qcow2 {
            version,
            backing_file,
        } if backing_file || !(2..=3).contains(&version) => Some(FormatWarning::UnsafeQcow2 {
            version,
            backing_file,
        }),
        _ => None,
    }
}

/// Checks the user's `disk_format` against the file, the way Glance 33 will when the image's
/// container format is `bare` (Glance does not inspect other containers). `None` means the
/// upload will be accepted and is what the user meant.
pub fn format_warning(chosen_disk_format: &str, sniffed: &SniffResult) -> Option<FormatWarning> {
    let detected = sniffed.format;
    if let Sniffed::Compressed(compression) = detected {
        return Some(FormatWarning::Compressed { compression });
    }
    if let Some(warning) = unsafe_qcow2(detected) {
        return Some(warning);
    }
    if !glance_accepts(chosen_disk_format, sniffed) {
        if detected == (Sniffed::Vhd { fixed: true }) && chosen_disk_format == "vhd" {
            return Some(FormatWarning::FixedVhd);
        }
        return Some(FormatWarning::Refused {
            chosen: chosen_disk_format.to_string(),
            detected,
        });
    }
    match detected {
        // A fixed VHD's data is a raw disk plus one trailing sector: fine as raw.
        Sniffed::Raw | Sniffed::Partitioned | Sniffed::Vhd { fixed: true } => None,
        _ if chosen_disk_format == "raw" => Some(FormatWarning::RawHidesFormat { detected }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qcow2_header(version: u32, backing_offset: u64, size: u64) -> Vec<u8> {
        let mut h = vec![0u8; 512];
        h[..4].copy_from_slice(b"QFI\xfb");
        h[4..8].copy_from_slice(&version.to_be_bytes());
        h[8..16].copy_from_slice(&backing_offset.to_be_bytes());
        h[24..32].copy_from_slice(&size.to_be_bytes());
        h
    }

    fn result(format: Sniffed) -> SniffResult {
        SniffResult {
            format,
            virtual_size: None,
        }
    }

    #[test]
    fn short_and_empty_input_is_raw_without_panicking() {
        assert_eq!(
            sniff(&[], &[], 0),
            SniffResult {
                format: Sniffed::Raw,
                virtual_size: Some(0)
            }
        );
        // A truncated qcow2 header is still qcow2, but its size is unknown.
        let r = sniff(b"QFI\xfb\0\0\0\x03", b"", 8);
        assert_eq!(
            r.format,
            Sniffed::Qcow2 {
                version: 3,
                backing_file: false
            }
        );
        assert_eq!(r.virtual_size, None);
        // An ISO descriptor cut off by the end of the head is not believed (nor by Glance).
        let mut cut = vec![0u8; 33_000];
        cut[32 * 1024..32 * 1024 + 6].copy_from_slice(b"\x01CD001");
        assert_eq!(
            sniff(&cut, &cut[cut.len() - 512..], 33_000).format,
            Sniffed::Raw
        );
        cut.resize(HEAD_BYTES, 0);
        assert_eq!(sniff(&cut, &[0; 512], 1 << 20).format, Sniffed::Iso);
    }

    #[test]
    fn qcow2_fields_are_big_endian() {
        let h = qcow2_header(2, 0x1_0000, (1 << 40) + 3);
        let r = sniff(&h, &h, 4096);
        assert_eq!(
            r.format,
            Sniffed::Qcow2 {
                version: 2,
                backing_file: true
            }
        );
        assert_eq!(r.virtual_size, Some((1 << 40) + 3));
    }

    #[test]
    fn bzip2_needs_its_block_magic_after_the_header() {
        assert_eq!(
            sniff(b"BZh9 is not compressed", b"", 22).format,
            Sniffed::Raw
        );
        let empty_stream = b"BZh9\x17\x72\x45\x38\x50\x90\0\0\0\0";
        assert_eq!(
            sniff(empty_stream, b"", 14).format,
            Sniffed::Compressed(Compression::Bzip2)
        );
    }

    #[test]
    fn the_vhd_footer_is_only_believed_in_a_full_tail() {
        let mut footer = vec![0u8; 512];
        footer[..8].copy_from_slice(b"conectix");
        footer[48..56].copy_from_slice(&(16u64 << 20).to_be_bytes());
        let r = sniff(&[0; 1024], &footer, (16 << 20) + 512);
        assert_eq!(r.format, Sniffed::Vhd { fixed: true });
        assert_eq!(r.virtual_size, Some(16 << 20));
        assert_eq!(sniff(&[0; 100], &footer[..100], 100).format, Sniffed::Raw);
    }

    #[test]
    fn a_fat_boot_sector_is_not_a_partition_table() {
        let mut sector = vec![0u8; 512];
        sector[510..].copy_from_slice(&[0x55, 0xaa]);
        assert_eq!(sniff(&sector, &sector, 512).format, Sniffed::Partitioned);
        // Two FATs on a fixed disk: a FAT filesystem's boot record, which Glance calls raw.
        sector[0x10] = 2;
        sector[0x15] = 0xf8;
        assert_eq!(sniff(&sector, &sector, 512).format, Sniffed::Raw);
    }

    #[test]
    fn matching_choices_give_no_warning() {
        let q = result(Sniffed::Qcow2 {
            version: 3,
            backing_file: false,
        });
        assert_eq!(format_warning("qcow2", &q), None);
        assert_eq!(
            format_warning("vhd", &result(Sniffed::Vhd { fixed: false })),
            None
        );
        assert_eq!(format_warning("raw", &result(Sniffed::Raw)), None);
        assert_eq!(format_warning("iso", &result(Sniffed::Iso)), None);
        // Glance cannot inspect AMI/ploop/custom formats and accepts anything raw-looking.
        assert_eq!(format_warning("ami", &result(Sniffed::Raw)), None);
        assert_eq!(format_warning("ploop", &result(Sniffed::Raw)), None);
        assert_eq!(format_warning("zvhd2", &result(Sniffed::Raw)), None);
        assert_eq!(
            format_warning("raw", &result(Sniffed::Vhd { fixed: true })),
            None
        );
        assert_eq!(format_warning("raw", &result(Sniffed::Partitioned)), None);
    }

    #[test]
    fn glance_refusals_are_predicted() {
        let w = format_warning("qcow2", &result(Sniffed::Raw)).unwrap();
        assert_eq!(
            w,
            FormatWarning::Refused {
                chosen: "qcow2".into(),
                detected: Sniffed::Raw
            }
        );
        assert_eq!(
            w.to_string(),
            "The file is raw data, not qcow2: Glance will refuse the upload. Choose disk format raw."
        );
        // An uninspectable format only tolerates raw-looking data.
        assert!(matches!(
            format_warning("ami", &result(Sniffed::Vmdk)),
            Some(FormatWarning::Refused { .. })
        ));
        assert!(matches!(
            format_warning("vmdk", &result(Sniffed::Vhdx)),
            Some(FormatWarning::Refused { .. })
        ));
        assert_eq!(
            format_warning("vhd", &result(Sniffed::Vhd { fixed: true })),
            Some(FormatWarning::FixedVhd)
        );
        assert_eq!(
            format_warning("ami", &result(Sniffed::Partitioned)).map(|w| w.to_string()),
            Some(
                "The file is raw (partitioned) data, not ami: Glance will refuse the upload. \
                 Choose disk format raw."
                    .to_string()
            )
        );
        // Worded in Chinese too, the same facts in it.
        let zh = format_warning("ami", &result(Sniffed::Partitioned))
            .unwrap()
            .message(Lang::ZhCn);
        assert_eq!(
            zh,
            "此文件是 raw (partitioned) 数据，而不是 ami：Glance 会拒绝此次上传。请选择磁盘格式 raw。"
        );
    }

    #[test]
    fn raw_over_a_rich_format_is_flagged() {
        let w = format_warning("raw", &result(Sniffed::Vmdk)).unwrap();
        assert_eq!(
            w,
            FormatWarning::RawHidesFormat {
                detected: Sniffed::Vmdk
            }
        );
        assert!(w.to_string().contains("Choose disk format vmdk."));
        assert!(format_warning("raw", &result(Sniffed::Iso)).is_some());
    }

    #[test]
    fn compression_and_unsafe_qcow2_warn_whatever_is_chosen() {
        for chosen in ["raw", "qcow2", "ami"] {
            let w = format_warning(chosen, &result(Sniffed::Compressed(Compression::Xz)));
            assert_eq!(
                w,
                Some(FormatWarning::Compressed {
                    compression: Compression::Xz
                })
            );
            let overlay = result(Sniffed::Qcow2 {
                version: 3,
                backing_file: true,
            });
            assert!(format_warning(chosen, &overlay)
                .unwrap()
                .to_string()
                .contains("backing file"));
        }
        let v1 = result(Sniffed::Qcow2 {
            version: 1,
            backing_file: false,
        });
        assert!(format_warning("qcow2", &v1)
            .unwrap()
            .to_string()
            .contains("version 1"));
        assert!(
            format_warning("raw", &result(Sniffed::Compressed(Compression::Gzip)))
                .unwrap()
                .to_string()
                .starts_with("This file is gzip-compressed.")
        );
    }

    #[test]
    fn disk_formats_and_glance_views() {
        assert_eq!(Sniffed::Vhd { fixed: true }.disk_format(), Some("vhd"));
        assert_eq!(Sniffed::Vhd { fixed: true }.glance_view(), "raw");
        assert_eq!(Sniffed::Compressed(Compression::Zstd).disk_format(), None);
        assert_eq!(Sniffed::Compressed(Compression::Zstd).glance_view(), "raw");
        assert_eq!(Sniffed::Vdi.glance_view(), "vdi");
    }
}
