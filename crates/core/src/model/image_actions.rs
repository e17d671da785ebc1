//! The Actions tab's rules that need no browser: which lifecycle step an image offers, which
//! of its data actions its status allows, and the request a flag toggle sends. The tab itself
//! (`pages/image_detail/actions_tab.rs`) adds the policy and renders the buttons.

use serde_json::Value;

use crate::i18n::Key;
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::model::patch::PatchOp;
use crate::model::policy::Action;

/// Sets one boolean property of an image (`protected`, `os_hidden`) with a single replace.
pub fn set_flag(image_id: &str, key: &str, value: bool) -> Operation {
    Operation::Update {
        image_id: image_id.to_string(),
        ops: vec![PatchOp::Replace {
            path: format!("/{key}"),
            value: Value::Bool(value),
        }],
    }
}

/// The lifecycle step an image offers: a deactivated image can be reactivated, any other
/// deactivated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    /// Hide the data from everyone but admins.
    Deactivate,
    /// Give the data back.
    Reactivate,
}

impl Lifecycle {
    /// The step `image` offers.
    pub fn of(image: &Image) -> Self {
        if image.status.as_str() == "deactivated" {
            Lifecycle::Reactivate
        } else {
            Lifecycle::Deactivate
        }
    }

    /// The policy action that decides whether the user may take the step. Glance 33 lets
    /// the owner's members deactivate and reactivate (the api-ref's "admins only" is older
    /// than the code); the cloud's policy decides, not a role name.
    pub fn action(self) -> Action {
        match self {
            Lifecycle::Deactivate => Action::Deactivate,
            Lifecycle::Reactivate => Action::Reactivate,
        }
    }

    /// The button's label (also what the policy hint names).
    pub fn label(self) -> Key {
        match self {
            Lifecycle::Deactivate => Key::Deactivate,
            Lifecycle::Reactivate => Key::Reactivate,
        }
    }

    /// The request that takes the step.
    pub fn operation(self, image_id: String) -> Operation {
        match self {
            Lifecycle::Deactivate => Operation::Deactivate { image_id },
            Lifecycle::Reactivate => Operation::Reactivate { image_id },
        }
    }
}

/// Whether Glance serves the image's data: only an active image has data to download (a
/// deactivated one refuses, a queued one has none yet).
pub fn has_downloadable_data(image: &Image) -> bool {
    image.status.as_str() == "active"
}

/// Whether the image is still waiting for its data (created, nothing uploaded or imported).
pub fn awaits_data(image: &Image) -> bool {
    image.status.as_str() == "queued"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::image::ImageStatus;

    fn image(status: &str) -> Image {
        let mut image: Image =
            serde_json::from_str(include_str!("../../tests/fixtures/glance_image.json")).unwrap();
        image.status = ImageStatus::from(status);
        image
    }

    #[test]
    fn a_flag_is_one_boolean_replace() {
        assert_eq!(
            set_flag("abc", "os_hidden", true),
            Operation::Update {
                image_id: "abc".into(),
                ops: vec![PatchOp::Replace {
                    path: "/os_hidden".into(),
                    value: Value::Bool(true)
                }]
            }
        );
        match set_flag("abc", "protected", false) {
            Operation::Update { ops, .. } => assert_eq!(
                ops,
                vec![PatchOp::Replace {
                    path: "/protected".into(),
                    value: Value::Bool(false)
                }]
            ),
            other => panic!("expected an update, got {other:?}"),
        }
    }

    #[test]
    fn only_a_deactivated_image_offers_reactivation() {
        let step = Lifecycle::of(&image("deactivated"));
        assert_eq!(step, Lifecycle::Reactivate);
        assert_eq!(step.action(), Action::Reactivate);
        assert_eq!(step.label(), Key::Reactivate);
        assert_eq!(
            step.operation("abc".into()),
            Operation::Reactivate {
                image_id: "abc".into()
            }
        );
        for status in ["active", "queued", "importing", "killed"] {
            let step = Lifecycle::of(&image(status));
            assert_eq!(step, Lifecycle::Deactivate, "{status}");
            assert_eq!(step.action(), Action::Deactivate);
            assert_eq!(step.label(), Key::Deactivate);
            assert_eq!(
                step.operation("abc".into()),
                Operation::Deactivate {
                    image_id: "abc".into()
                }
            );
        }
    }

    #[test]
    fn data_is_downloadable_only_when_active_and_awaited_only_when_queued() {
        assert!(has_downloadable_data(&image("active")));
        for status in ["deactivated", "queued", "saving", "importing"] {
            assert!(!has_downloadable_data(&image(status)), "{status}");
        }
        assert!(awaits_data(&image("queued")));
        for status in ["active", "saving", "uploading", "killed"] {
            assert!(!awaits_data(&image(status)), "{status}");
        }
    }
}
