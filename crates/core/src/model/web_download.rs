//! What a web-download import asks Glance for: the URL Glance fetches itself, the image it
//! goes into (a new one, or a queued one), and the store. Built from the form on the create
//! page and on a queued image's Actions tab; the requests are the two operations below, sent
//! in that order.

use serde_json::json;

use crate::model::new_image::default_name;
use crate::model::operation::{ImportMethod, Operation, StoreSelection};

/// What the web-download form asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct WebDownload {
    /// The URL Glance fetches.
    pub uri: String,
    /// The name a new image is created with.
    pub image_name: String,
    /// The disk_format the image is created with (or the queued image has).
    pub sent_format: String,
    /// A queued image to import into, instead of creating one.
    pub into: Option<String>,
    /// The store to write to; `None` = the cloud's default.
    pub store: Option<String>,
}

/// A queued image the data goes into: its id and its `disk_format` (which stands).
pub type QueuedImage = (String, Option<String>);

impl WebDownload {
    /// What the form asks for, or `None` while the URL is blank. A blank name becomes the
    /// URL's last segment without its extension; into a queued image, its own disk_format is
    /// the one sent (the name and `chosen_format` typed here are not used).
    pub fn from_form(
        url: &str,
        typed_name: &str,
        chosen_format: String,
        into: Option<QueuedImage>,
        store: Option<String>,
    ) -> Option<Self> {
        let uri = url.trim().to_string();
        if uri.is_empty() {
            return None;
        }
        let image_name = match typed_name.trim() {
            "" => default_name(uri.rsplit('/').next().unwrap_or(&uri)),
            n => n.to_string(),
        };
        let sent_format = match &into {
            Some((_, format)) => format.clone().unwrap_or_default(),
            None => chosen_format,
        };
        Some(WebDownload {
            uri,
            image_name,
            sent_format,
            into: into.map(|(id, _)| id),
            store,
        })
    }

    /// The `POST /v2/images` that makes a new image for the data, `bare` and `private` (not
    /// sent when the data goes [`into`](WebDownload::into) a queued image).
    pub fn create(&self) -> Operation {
        let properties = json!({"name": self.image_name, "disk_format": self.sent_format, "container_format": "bare", "visibility": "private"});
        Operation::Create { properties }
    }

    /// The import call that asks Glance to fetch the URL into `image_id`: into the chosen
    /// store (which must succeed), or the cloud's default one.
    pub fn import(&self, image_id: &str) -> Operation {
        Operation::Import {
            image_id: image_id.to_string(),
            method: ImportMethod::WebDownload {
                uri: self.uri.clone(),
            },
            stores: match &self.store {
                None => StoreSelection::Default,
                Some(id) => StoreSelection::Stores {
                    ids: vec![id.clone()],
                    all_must_succeed: true,
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_url_asks_for_nothing() {
        assert_eq!(
            WebDownload::from_form("  ", "name", "raw".into(), None, None),
            None
        );
    }

    #[test]
    fn a_new_image_is_named_after_the_url_unless_named_and_takes_the_chosen_format() {
        let ask = WebDownload::from_form(
            " https://example.org/images/cirros-0.6.qcow2 ",
            " ",
            "qcow2".into(),
            None,
            Some("fast".into()),
        )
        .unwrap();
        assert_eq!(
            ask,
            WebDownload {
                uri: "https://example.org/images/cirros-0.6.qcow2".into(),
                image_name: "cirros-0.6".into(),
                sent_format: "qcow2".into(),
                into: None,
                store: Some("fast".into()),
            }
        );
        let named =
            WebDownload::from_form("https://x/y.raw", " mine ", "raw".into(), None, None).unwrap();
        assert_eq!(named.image_name, "mine");
    }

    #[test]
    fn into_a_queued_image_its_own_format_is_sent() {
        let ask = WebDownload::from_form(
            "https://x/disk.img",
            "ignored",
            "raw".into(),
            Some(("q1".into(), Some("vmdk".into()))),
            None,
        )
        .unwrap();
        assert_eq!(ask.into.as_deref(), Some("q1"));
        assert_eq!(ask.sent_format, "vmdk");
        let no_format = WebDownload::from_form(
            "https://x/disk.img",
            "",
            "raw".into(),
            Some(("q1".into(), None)),
            None,
        )
        .unwrap();
        assert_eq!(no_format.sent_format, "");
    }

    #[test]
    fn a_new_image_is_created_bare_and_private_with_the_sent_format() {
        let ask = WebDownload::from_form("https://x/a.iso", "a", "iso".into(), None, None).unwrap();
        assert_eq!(
            ask.create(),
            Operation::Create {
                properties: json!({"name": "a", "disk_format": "iso",
                                   "container_format": "bare", "visibility": "private"})
            }
        );
    }

    #[test]
    fn the_import_writes_to_the_default_store_or_must_succeed_in_the_chosen_one() {
        let default = WebDownload::from_form("https://x/a", "", "raw".into(), None, None).unwrap();
        assert_eq!(
            default.import("i1"),
            Operation::Import {
                image_id: "i1".into(),
                method: ImportMethod::WebDownload {
                    uri: "https://x/a".into()
                },
                stores: StoreSelection::Default,
            }
        );
        let chosen =
            WebDownload::from_form("https://x/a", "", "raw".into(), None, Some("s".into()))
                .unwrap();
        assert!(matches!(
            chosen.import("i1"),
            Operation::Import {
                stores: StoreSelection::Stores { ids, all_must_succeed: true },
                ..
            } if ids == vec!["s".to_string()]
        ));
    }
}
