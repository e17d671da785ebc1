//! What the image list says when a loaded page holds no image, and whether it can page on:
//! Glance answers "no images" for three different reasons, and each gets its own words.

use crate::model::filters::ImageListQuery;

/// Why a loaded page of the list is empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmptyList {
    /// Paged past the last image.
    NoMore,
    /// The server-side filters match nothing.
    NoMatch,
    /// The project has no image at all (no filter set).
    NoImages,
}

/// Glance links a next page whenever a page is exactly full, so the page after the last full
/// one is empty: that is the end of the list, not an empty project.
pub fn past_the_end(images_on_page: usize, loaded: &ImageListQuery) -> bool {
    images_on_page == 0 && loaded.marker.is_some()
}

/// The empty state of a loaded page, `None` when it holds images (the page search is not a
/// reason here: it only hides rows of a page that has some).
pub fn empty_list(images_on_page: usize, loaded: &ImageListQuery) -> Option<EmptyList> {
    if past_the_end(images_on_page, loaded) {
        Some(EmptyList::NoMore)
    } else if images_on_page == 0 {
        Some(if loaded.has_filters() {
            EmptyList::NoMatch
        } else {
            EmptyList::NoImages
        })
    } else {
        None
    }
}

/// Whether "Next" leads anywhere: Glance announced a next page and this one is not already
/// past the end.
pub fn has_next_page(next_marker: Option<&str>, past_the_end: bool) -> bool {
    next_marker.is_some() && !past_the_end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::filters::list_query_from_url;

    fn query(url: &str) -> ImageListQuery {
        list_query_from_url(url).0
    }

    #[test]
    fn an_empty_page_after_a_marker_is_the_end_of_the_list() {
        let paged = query("marker=abc");
        assert!(past_the_end(0, &paged));
        assert!(!past_the_end(3, &paged));
        assert!(!past_the_end(0, &query("")));
        assert_eq!(empty_list(0, &paged), Some(EmptyList::NoMore));
    }

    #[test]
    fn an_empty_first_page_says_whether_filters_are_to_blame() {
        assert_eq!(empty_list(0, &query("")), Some(EmptyList::NoImages));
        assert_eq!(
            empty_list(0, &query("status=active")),
            Some(EmptyList::NoMatch)
        );
        // The page search is not sent to Glance, so it is not a filter that emptied the page.
        assert_eq!(empty_list(0, &query("q=ubuntu")), Some(EmptyList::NoImages));
    }

    #[test]
    fn a_page_with_images_has_no_empty_state() {
        assert_eq!(empty_list(1, &query("status=active&q=zzz")), None);
    }

    #[test]
    fn next_needs_a_marker_and_a_page_before_the_end() {
        assert!(has_next_page(Some("m"), false));
        assert!(!has_next_page(Some("m"), true));
        assert!(!has_next_page(None, false));
    }
}
