//! Service URLs: a catalog base joined with a request path. Encoding lives in
//! [`crate::model::query`], which the portal's own URLs share.

/// Joins a base URL and a path without doubling or dropping the `/` between them.
pub fn join(base: &str, path: &str) -> String {
    match (base.ends_with('/'), path.starts_with('/')) {
        (true, true) => format!("{}{}", base, &path[1..]),
        (false, false) if !path.is_empty() => format!("{base}/{path}"),
        _ => format!("{base}{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_handles_slashes() {
        assert_eq!(join("http://h/v3/", "/auth"), "http://h/v3/auth");
        assert_eq!(join("http://h/v3", "auth"), "http://h/v3/auth");
        assert_eq!(join("/image", "/v2/images"), "/image/v2/images");
    }
}
