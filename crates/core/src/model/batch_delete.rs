//! Deleting the images selected on the list in one go: the operations, the command line the
//! confirmation shows, and the names it lists. Pure, so the list page only runs them.

use std::collections::{HashMap, HashSet};

use crate::model::cli_equivalent::steps_command;
use crate::model::image::Image;
use crate::model::operation::Operation;

/// One delete operation per image, in order.
pub fn deletes(image_ids: Vec<String>) -> Vec<Operation> {
    image_ids
        .into_iter()
        .map(|image_id| Operation::Delete { image_id })
        .collect()
}

/// The `openstack` command the confirmation shows for deleting `image_ids`, ids sorted so the
/// line does not change order from one look to the next (a selection is a set).
pub fn batch_delete_command(image_ids: impl IntoIterator<Item = String>) -> String {
    let mut image_ids: Vec<String> = image_ids.into_iter().collect();
    image_ids.sort();
    steps_command(&deletes(image_ids))
}

/// Image id → the name the page shows for it, to report a failed delete by name.
pub fn names_by_id(images: &[Image]) -> HashMap<String, String> {
    images
        .iter()
        .map(|i| (i.id.clone(), i.display_name().to_string()))
        .collect()
}

/// How a failed delete names its image: by name when the page knew it, else by id.
pub fn name_or_id(names: &HashMap<String, String>, image_id: &str) -> String {
    names
        .get(image_id)
        .cloned()
        .unwrap_or_else(|| image_id.to_string())
}

/// What the batch would delete, as the confirmation names it: the selected images by name
/// (id when the page does not know it), in page order; ids the page does not hold follow.
pub fn confirm_names(page: &[Image], picked: &HashSet<String>) -> Vec<String> {
    let loaded: Vec<(String, String)> = page
        .iter()
        .filter(|i| picked.contains(&i.id))
        .map(|i| (i.id.clone(), i.display_name().to_string()))
        .collect();
    let mut names: Vec<String> = loaded.iter().map(|(_, n)| n.clone()).collect();
    names.extend(
        picked
            .iter()
            .filter(|id| !loaded.iter().any(|(l, _)| l == *id))
            .cloned(),
    );
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(id: &str, name: Option<&str>) -> Image {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "status": "active", "visibility": "private",
            "tags": [], "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }))
        .unwrap()
    }

    fn set(ids: &[&str]) -> HashSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn one_delete_per_image_in_order() {
        assert_eq!(
            deletes(vec!["b".into(), "a".into()]),
            vec![
                Operation::Delete {
                    image_id: "b".into()
                },
                Operation::Delete {
                    image_id: "a".into()
                }
            ]
        );
        assert!(deletes(Vec::new()).is_empty());
    }

    #[test]
    fn the_command_names_the_ids_sorted_and_quoted() {
        assert_eq!(
            batch_delete_command(set(&["b c", "a"])),
            "openstack image delete a 'b c'"
        );
    }

    #[test]
    fn failures_are_named_by_name_else_by_id() {
        let names = names_by_id(&[image("1", Some("Ubuntu")), image("2", None)]);
        assert_eq!(name_or_id(&names, "1"), "Ubuntu");
        // No name: the page shows the id, and so does the report.
        assert_eq!(name_or_id(&names, "2"), "2");
        assert_eq!(name_or_id(&names, "gone"), "gone");
    }

    #[test]
    fn confirmation_lists_names_in_page_order_then_unknown_ids() {
        let page = [
            image("1", Some("Ubuntu")),
            image("2", Some("Debian")),
            image("3", None),
        ];
        assert_eq!(
            confirm_names(&page, &set(&["3", "elsewhere", "1"])),
            vec!["Ubuntu", "3", "elsewhere"]
        );
        assert_eq!(confirm_names(&[], &set(&["x"])), vec!["x"]);
        assert!(confirm_names(&page, &HashSet::new()).is_empty());
    }
}
