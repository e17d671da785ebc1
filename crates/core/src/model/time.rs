//! Timestamps as Glance and Keystone write them (ISO 8601, UTC) and relative ages for display.

/// Seconds since the Unix epoch for `YYYY-MM-DDTHH:MM:SS[.ffffff][Z|+00:00]`; `None` when the
/// text is not such a timestamp. Offsets other than UTC are applied.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(|c| c.is_ascii_digit()).count();
        rest = &frac[digits..];
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        tz if (tz.starts_with('+') || tz.starts_with('-')) && tz.len() == 6 => {
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let h: i64 = tz.get(1..3)?.parse().ok()?;
            let m: i64 = tz.get(4..6)?.parse().ok()?;
            sign * (h * 3600 + m * 60)
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's civil-from-days inverse).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An age in the largest whole unit, for "3 hours ago"; the browser's
/// `Intl.RelativeTimeFormat` words it from [`Age::relative`], with the plurals and word order
/// of the user's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Age {
    /// Under a minute (or in the future by clock skew).
    JustNow,
    /// Minutes.
    Minutes(i64),
    /// Hours.
    Hours(i64),
    /// Days.
    Days(i64),
    /// Months (30 days).
    Months(i64),
    /// Years (365 days).
    Years(i64),
}

impl Age {
    /// The value and unit `Intl.RelativeTimeFormat.format` takes: `(-3, "hour")` is "3 hours
    /// ago"; `(0, "second")` is "now" with `numeric: "auto"`.
    pub fn relative(self) -> (i64, &'static str) {
        match self {
            Age::JustNow => (0, "second"),
            Age::Minutes(n) => (-n, "minute"),
            Age::Hours(n) => (-n, "hour"),
            Age::Days(n) => (-n, "day"),
            Age::Months(n) => (-n, "month"),
            Age::Years(n) => (-n, "year"),
        }
    }
}

/// The age of `then` at `now` (both epoch seconds).
pub fn age(now: i64, then: i64) -> Age {
    let secs = now - then;
    match secs {
        s if s < 60 => Age::JustNow,
        s if s < 3600 => Age::Minutes(s / 60),
        s if s < 86_400 => Age::Hours(s / 3600),
        s if s < 30 * 86_400 => Age::Days(s / 86_400),
        s if s < 365 * 86_400 => Age::Months(s / (30 * 86_400)),
        s => Age::Years(s / (365 * 86_400)),
    }
}

/// Normalises a `datetime-local` input (`2026-01-31T12:00`, taken as UTC) to Glance's form.
pub fn local_input_to_utc(value: &str) -> Option<String> {
    let candidate = match value.len() {
        16 => format!("{value}:00Z"),
        19 => format!("{value}Z"),
        _ => value.to_string(),
    };
    parse_timestamp(&candidate).map(|_| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_glance_and_keystone_forms() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_timestamp("2026-11-23T17:56:44Z"), Some(1_795_456_604));
        assert_eq!(
            parse_timestamp("2026-11-23T18:56:44.000000Z"),
            parse_timestamp("2026-11-23T17:56:44-01:00")
        );
        assert_eq!(parse_timestamp("2024-02-29T00:00:00"), Some(1_709_164_800));
        for bad in [
            "2023-02-29T00:00:00Z",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-01-01",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn ages() {
        assert_eq!(age(100, 90), Age::JustNow);
        assert_eq!(age(3 * 3600 + 5, 0), Age::Hours(3));
        assert_eq!(age(400 * 86_400, 0), Age::Years(1));
        assert_eq!(age(0, 100), Age::JustNow);
    }

    #[test]
    fn ages_are_past_values_in_intl_units() {
        assert_eq!(Age::Hours(3).relative(), (-3, "hour"));
        assert_eq!(Age::Days(1).relative(), (-1, "day"));
        assert_eq!(Age::Years(2).relative(), (-2, "year"));
        assert_eq!(Age::JustNow.relative(), (0, "second"));
    }

    #[test]
    fn datetime_local_becomes_utc() {
        assert_eq!(
            local_input_to_utc("2026-01-31T12:00").as_deref(),
            Some("2026-01-31T12:00:00Z")
        );
        assert_eq!(local_input_to_utc("nope"), None);
    }
}
