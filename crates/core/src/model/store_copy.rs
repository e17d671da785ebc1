//! Copying an active image's data into more stores with Glance's `copy-image` import: the
//! request, the stores worth offering, how each is named, and what a finished copy did. The
//! form that uses them is `pages/image_detail/store_copy.rs`.

use crate::model::image::Image;
use crate::model::import::{import_progress, StoreInfo};
use crate::model::operation::{ImportMethod, Operation, StoreSelection};

/// What a finished copy did: the stores that hold the image now, and those that failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyDone {
    /// Stores holding the data.
    pub stores: Vec<String>,
    /// Stores the copy failed for.
    pub failed: Vec<String>,
}

impl CopyDone {
    /// Read from the image Glance returned once the copy settled.
    pub fn of(image: &Image) -> Self {
        let progress = import_progress(image);
        CopyDone {
            stores: progress.stores,
            failed: progress.failed,
        }
    }
}

/// The copy-image import of `image_id` into `ids`. All-or-nothing is not asked: each store
/// succeeds or fails on its own, and the failed ones are listed.
pub fn copy_operation(image_id: String, ids: Vec<String>) -> Operation {
    Operation::Import {
        image_id,
        method: ImportMethod::CopyImage,
        stores: StoreSelection::Stores {
            ids,
            all_must_succeed: false,
        },
    }
}

/// Whether Glance can copy the image: only an active image has data to copy.
pub fn can_be_copied(image: &Image) -> bool {
    image.status.as_str() == "active"
}

/// The writable stores that do not hold the image yet, in the cloud's order.
pub fn stores_to_offer(writable: Vec<StoreInfo>, held: &[String]) -> Vec<StoreInfo> {
    writable
        .into_iter()
        .filter(|s| !held.contains(&s.id))
        .collect()
}

/// A store's checkbox label: its id, and the operator's description when there is one.
pub fn store_label(store: &StoreInfo) -> String {
    match &store.description {
        Some(d) if !d.is_empty() => format!("{} — {}", store.id, d),
        _ => store.id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::image::ImageStatus;
    use serde_json::Value;

    fn store(id: &str, description: Option<&str>) -> StoreInfo {
        StoreInfo {
            id: id.into(),
            description: description.map(str::to_string),
            default: false,
            read_only: false,
        }
    }

    fn image() -> Image {
        serde_json::from_str(include_str!("../../tests/fixtures/glance_image.json")).unwrap()
    }

    #[test]
    fn a_copy_lets_each_store_succeed_on_its_own() {
        assert_eq!(
            copy_operation("i1".into(), vec!["fast".into(), "cold".into()]),
            Operation::Import {
                image_id: "i1".into(),
                method: ImportMethod::CopyImage,
                stores: StoreSelection::Stores {
                    ids: vec!["fast".into(), "cold".into()],
                    all_must_succeed: false,
                },
            }
        );
    }

    #[test]
    fn stores_holding_the_image_are_not_offered() {
        let offered = stores_to_offer(
            vec![store("a", None), store("b", None), store("c", None)],
            &["b".to_string()],
        );
        let ids: Vec<&str> = offered.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "c"]);
        assert!(stores_to_offer(vec![store("a", None)], &["a".to_string()]).is_empty());
    }

    #[test]
    fn a_store_is_labelled_with_its_description_when_it_has_one() {
        assert_eq!(
            store_label(&store("fast", Some("SSD pool"))),
            "fast — SSD pool"
        );
        assert_eq!(store_label(&store("fast", Some(""))), "fast");
        assert_eq!(store_label(&store("fast", None)), "fast");
    }

    #[test]
    fn only_active_images_can_be_copied() {
        let mut img = image();
        img.status = ImageStatus::Active;
        assert!(can_be_copied(&img));
        for status in ["queued", "importing", "deactivated"] {
            img.status = ImageStatus::from(status);
            assert!(!can_be_copied(&img), "{status}");
        }
    }

    #[test]
    fn a_finished_copy_lists_the_stores_that_hold_it_and_those_that_failed() {
        let mut img = image();
        img.extra.insert("stores".into(), Value::from("fast,cold"));
        img.extra
            .insert("os_glance_failed_import".into(), Value::from("remote"));
        assert_eq!(
            CopyDone::of(&img),
            CopyDone {
                stores: vec!["fast".into(), "cold".into()],
                failed: vec!["remote".into()],
            }
        );
    }
}
