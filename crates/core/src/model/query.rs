//! Percent-encoding and query-string parsing (RFC 3986), small enough to keep out of the bundle's
//! dependency list and exact about what Glance expects. A model rule rather than an API one,
//! because the portal's own URLs (the list filters in the address bar) encode the same way as
//! requests to Glance do.

/// Percent-encodes everything but RFC 3986 unreserved characters, so a value can sit in a query
/// string or a single path segment (a tag containing `/` or `?` stays one segment).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes and, as forms do, `+` as a space. Invalid escapes are kept literally
/// and invalid UTF-8 is replaced, because a URL typed by a person must never panic the app.
pub fn decode_component(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Builds `a=1&b=2` from pairs, encoding keys and values.
pub fn build_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Parses a query string (with or without the leading `?`) into ordered pairs; repeated keys
/// are kept, because Glance filters such as `tag` may repeat.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((k, v)) => (decode_component(k), decode_component(v)),
            None => (decode_component(part), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_unicode() {
        assert_eq!(encode_component("a b/c?d"), "a%20b%2Fc%3Fd");
        assert_eq!(encode_component("镜像"), "%E9%95%9C%E5%83%8F");
        assert_eq!(encode_component("in:a,b"), "in%3Aa%2Cb");
    }

    #[test]
    fn decode_round_trips_and_tolerates_garbage() {
        for s in ["a b/c?d", "镜像", "x=1&y", "100%"] {
            assert_eq!(decode_component(&encode_component(s)), s);
        }
        assert_eq!(decode_component("50%zz"), "50%zz");
        assert_eq!(decode_component("a+b"), "a b");
        assert_eq!(decode_component("%"), "%");
    }

    #[test]
    fn query_keeps_repeated_keys_in_order() {
        let q = parse_query("?tag=a&tag=b%20c&empty&x=");
        assert_eq!(
            q,
            vec![
                ("tag".into(), "a".into()),
                ("tag".into(), "b c".into()),
                ("empty".into(), "".into()),
                ("x".into(), "".into())
            ]
        );
        assert_eq!(build_query(&q), "tag=a&tag=b%20c&empty=&x=");
    }
}
