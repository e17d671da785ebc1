//! "Which images already hold this data": the query that finds them and the answer without
//! the image being checked.

use super::list_query::ImageListQuery;
use super::values::normalize_digest;

/// The query for "which images already hold this data": every image the user can see
/// (`visibility=all`: public, community, shared and the project's own; hidden ones are left
/// out, as Glance lists them only on request) whose `os_hash_value` is `digest`. One page of
/// 100 is plenty to tell the user; more would only repeat the point.
pub fn same_data_query(digest: &str) -> ImageListQuery {
    ImageListQuery {
        os_hash_value: normalize_digest(digest),
        visibility: Some("all".into()),
        limit: 100,
        ..ImageListQuery::default()
    }
}

/// The images in `found` other than `own_id` (the upload's own image holds the same data by
/// definition), as `(id, name)`, where the name falls back to the id.
pub fn other_images(found: &[crate::model::image::Image], own_id: &str) -> Vec<(String, String)> {
    found
        .iter()
        .filter(|i| i.id != own_id)
        .map(|i| (i.id.clone(), i.display_name().to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::query::build_query;

    #[test]
    fn same_data_lookup_asks_every_visible_image_and_skips_the_own_one() {
        let q = same_data_query("ABCD");
        assert_eq!(
            build_query(&q.to_glance_pairs()),
            "visibility=all&os_hash_value=abcd&limit=100&sort=created_at%3Adesc"
        );
        let image = |id: &str, name: Option<&str>| -> crate::model::image::Image {
            serde_json::from_value(serde_json::json!({
                "id": id, "name": name, "status": "active", "visibility": "private",
                "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
            }))
            .unwrap()
        };
        let found = [
            image("own", Some("new")),
            image("a", Some("old")),
            image("b", None),
        ];
        assert_eq!(
            other_images(&found, "own"),
            vec![
                ("a".to_string(), "old".to_string()),
                ("b".to_string(), "b".to_string())
            ]
        );
    }
}
