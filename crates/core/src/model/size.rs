//! Byte counts for people: binary units, since disk images are sized in GiB.

/// `1536` → `"1.5 KiB"`; exact bytes below 1 KiB.
///
/// Integer arithmetic only: Rust's float formatting (`{:.1}`) cost the first load about
/// 12 KB of wasm, and this runs in every row of the list.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let bytes = u128::from(bytes);
    let mut unit = 0;
    let mut scale: u128 = 1024;
    while bytes >= scale * 1024 && unit < UNITS.len() - 1 {
        scale *= 1024;
        unit += 1;
    }
    // Rounded to the nearest tenth below 10 units, to the nearest whole above.
    if bytes < 10 * scale {
        let tenths = (bytes * 10 + scale / 2) / scale;
        format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
    } else {
        format!("{} {}", (bytes + scale / 2) / scale, UNITS[unit])
    }
}

/// `1234567` → `"1,234,567"`, for the exact figure in a tooltip.
pub fn grouped(bytes: u64) -> String {
    let digits = bytes.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(200 * 1024 * 1024), "200 MiB");
        assert_eq!(human_size(5 * 1024 * 1024 * 1024 + 1), "5.0 GiB");
        assert_eq!(human_size(u64::MAX), "16 EiB");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(12), "12");
    }

    /// The float formula this replaced, for sizes that are not a tie between two roundings.
    fn float_reference(bytes: u64) -> String {
        const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        let mut value = bytes as f64 / 1024.0;
        let mut unit = 0;
        while value >= 1024.0 && unit < UNITS.len() - 1 {
            value /= 1024.0;
            unit += 1;
        }
        if value < 10.0 {
            format!("{:.1} {}", value, UNITS[unit])
        } else {
            format!("{:.0} {}", value, UNITS[unit])
        }
    }

    #[test]
    fn integer_rounding_matches_the_float_formula() {
        let mut checked = 0;
        let mut bytes: u64 = 1024;
        while bytes < u64::MAX / 12 {
            for candidate in [bytes, bytes + 1, bytes / 5 * 7, bytes / 10 * 99 + 3] {
                let reference = float_reference(candidate);
                // Away from 10.0, where the float formula printed "10.0" for 9.96.
                if !reference.starts_with("10.0") {
                    assert_eq!(human_size(candidate), reference, "{candidate} bytes");
                    checked += 1;
                }
            }
            bytes = bytes * 3 + 17;
        }
        assert!(checked > 100, "{checked}");
    }
}
