//! The `Content-MD5` header of a download, in Glance's spelling (hex) and RFC 1864's
//! (base64).

use super::hashing::hex;

/// A `Content-MD5` value as lowercase hex: 32 hex digits as Glance sends them, or base64 of
/// the 16 digest bytes as RFC 1864 has it. `None` for anything else.
pub fn content_md5_hex(header: &str) -> Option<String> {
    let value = header.trim();
    if value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(value.to_ascii_lowercase());
    }
    let bytes = decode_base64(value)?;
    (bytes.len() == 16).then(|| hex(&bytes))
}

/// Standard-alphabet base64 with optional padding; `None` on any stray character. Small
/// enough that a crate for one header is not worth it.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A lone sixth-bit group cannot end valid base64.
    (bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checksum::test_support::{image, ABC_MD5};
    use crate::model::checksum::{verify_download, LocalDigests, Verification};

    #[test]
    fn content_md5_accepts_hex_and_base64() {
        // RFC 1864 base64 of md5("abc").
        assert_eq!(
            content_md5_hex("kAFQmDzST7DWlj99KOF/cg==").as_deref(),
            Some(ABC_MD5)
        );
        assert_eq!(
            content_md5_hex("kAFQmDzST7DWlj99KOF/cg").as_deref(),
            Some(ABC_MD5)
        );
        assert_eq!(
            content_md5_hex(" 900150983CD24FB0D6963F7D28E17F72 ").as_deref(),
            Some(ABC_MD5)
        );
        let local = LocalDigests::of(b"abc");
        let none = image(None, None, None);
        assert!(matches!(
            verify_download(&local, &none, Some("kAFQmDzST7DWlj99KOF/cg==")),
            Verification::Verified { algorithm } if algorithm == "md5"
        ));
    }
}
