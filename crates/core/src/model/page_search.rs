//! The image list's "search this page" box: a case-insensitive filter over the images of the
//! page already loaded. It is never sent to Glance, so typing narrows the rows on screen
//! without a request.

use crate::model::image::Image;

/// Case-insensitive substring match over name, id and tags: the "search this page" box.
pub fn matches_search(image: &Image, needle: &str) -> bool {
    let needle = needle.trim().to_lowercase();
    if needle.is_empty() {
        return true;
    }
    image.display_name().to_lowercase().contains(&needle)
        || image.id.to_lowercase().contains(&needle)
        || image
            .tags
            .iter()
            .any(|t| t.to_lowercase().contains(&needle))
}

/// The positions, in page order, of the images `needle` matches: the rows the table shows.
/// Positions rather than images, so comparing two answers (did a keystroke change the rows?)
/// costs no image comparison.
pub fn matching_rows(images: &[Image], needle: &str) -> Vec<usize> {
    images
        .iter()
        .enumerate()
        .filter(|(_, image)| matches_search(image, needle))
        .map(|(at, _)| at)
        .collect()
}

/// The search a page on screen filters by. While a newer page loads the one on screen is
/// stale and stays as it was (the rows of an old answer are not re-filtered); otherwise, and
/// for a page just shown, it is the search box's.
pub fn search_on_screen(shown_before: Option<&str>, typed: &str, stale: bool) -> String {
    match shown_before {
        Some(before) if stale => before.to_string(),
        _ => typed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(id: &str, name: &str, tags: &[&str]) -> Image {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "status": "active", "visibility": "private",
            "tags": tags, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn search_matches_name_id_and_tags_case_insensitively() {
        let img = image("0b7d-ID", "Ubuntu 24.04", &["LTS"]);
        for needle in ["ubuntu", "24.0", "0B7D", "lts", "  "] {
            assert!(matches_search(&img, needle), "{needle}");
        }
        assert!(!matches_search(&img, "debian"));
    }

    #[test]
    fn search_trims_the_needle_and_falls_back_to_the_id_for_blank_names() {
        let img = image("a1b2", "  ", &[]);
        assert!(matches_search(&img, "  A1B2 "));
        assert!(!matches_search(&img, "ubuntu"));
    }

    #[test]
    fn matching_rows_keeps_page_order() {
        let page = [
            image("1", "Ubuntu 22.04", &[]),
            image("2", "Debian 12", &["ubuntu-like"]),
            image("3", "Fedora", &[]),
            image("4", "ubuntu minimal", &[]),
        ];
        assert_eq!(matching_rows(&page, "UBUNTU"), vec![0, 1, 3]);
        assert_eq!(matching_rows(&page, ""), vec![0, 1, 2, 3]);
        assert_eq!(matching_rows(&page, "arch"), Vec::<usize>::new());
        assert_eq!(matching_rows(&[], "x"), Vec::<usize>::new());
    }

    #[test]
    fn a_stale_page_keeps_the_search_it_was_shown_with() {
        assert_eq!(search_on_screen(Some("ubu"), "ubuntu", true), "ubu");
        assert_eq!(search_on_screen(Some("ubu"), "ubuntu", false), "ubuntu");
        // A page just shown takes the box's search even if still marked busy.
        assert_eq!(search_on_screen(None, "deb", true), "deb");
        assert_eq!(search_on_screen(None, "", false), "");
    }
}
