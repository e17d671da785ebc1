//! One page of Glance's image list and its `next` link (`/v2/images?marker=…&limit=…`); the
//! portal carries only the marker in its own URL and rebuilds the rest from its filters.

use serde::Deserialize;

use crate::model::image::Image;
use crate::model::query::parse_query;

/// One page of `GET /v2/images`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ImagePage {
    /// The images on this page.
    pub images: Vec<Image>,
    /// Link to the next page, absent on the last one.
    #[serde(default)]
    pub next: Option<String>,
}

impl ImagePage {
    /// Marker for the next page, if there is one.
    pub fn next_marker(&self) -> Option<String> {
        self.next.as_deref().and_then(marker_from_next)
    }
}

/// The `marker` value from a `next` link, if it has one.
pub fn marker_from_next(next: &str) -> Option<String> {
    let query = next.split_once('?')?.1;
    parse_query(query)
        .into_iter()
        .find(|(k, _)| k == "marker")
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_marker() {
        assert_eq!(
            marker_from_next("/v2/images?limit=2&sort_key=name&marker=6a1b%2Dx").as_deref(),
            Some("6a1b-x")
        );
        assert_eq!(marker_from_next("/v2/images?limit=2"), None);
        assert_eq!(marker_from_next("/v2/images"), None);
    }
}
