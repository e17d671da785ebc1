//! Every change the portal asks Glance for, as one value. The request is built from it
//! ([`crate::api::glance::operation::request`]) and so is the `openstack` command shown
//! beside it ([`crate::model::cli_equivalent::cli_command`]): a call site describes an
//! operation once, and the two descriptions cannot drift apart.

use serde_json::Value;

use crate::model::member::MemberStatus;
use crate::model::patch::PatchOp;

/// How `POST /v2/images/{id}/import` gets the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportMethod {
    /// From the staging area, after [`Operation::Stage`]; the image must be `uploading`.
    GlanceDirect,
    /// Glance fetches the URI itself; the image must be `queued`.
    WebDownload {
        /// An `http(s)` URL Glance can reach (the operator may restrict hosts and ports).
        uri: String,
    },
    /// Copies an `active` image's data into more stores.
    CopyImage,
}

impl ImportMethod {
    /// The method's name as `/v2/info/import` and the `method.name` field spell it.
    pub fn wire_name(&self) -> &'static str {
        match self {
            ImportMethod::GlanceDirect => "glance-direct",
            ImportMethod::WebDownload { .. } => "web-download",
            ImportMethod::CopyImage => "copy-image",
        }
    }
}

/// Which stores an import writes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreSelection {
    /// The cloud's default store; no store fields are sent, which is also the only choice
    /// that works on a cloud without multiple stores (Glance rejects
    /// `all_stores_must_succeed: false` there).
    Default,
    /// The named stores (ids from `/v2/info/stores`; should not be empty).
    Stores {
        /// Store ids.
        ids: Vec<String>,
        /// When false, the image becomes active as soon as one store has it, and failures
        /// are listed in `os_glance_failed_import`; when true, one failure fails the import.
        all_must_succeed: bool,
    },
    /// Every store the cloud has (for copy-image, every store that lacks the image).
    AllStores {
        /// As in [`StoreSelection::Stores`].
        all_must_succeed: bool,
    },
}

/// How an upload reaches Glance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UploadMethod {
    /// `PUT /v2/images/{id}/file`: one step.
    #[default]
    Direct,
    /// `PUT …/stage` then `POST …/import` with `glance-direct` (the interoperable import).
    GlanceDirect,
}

impl UploadMethod {
    /// The value a form control carries for it.
    pub fn form_value(self) -> &'static str {
        match self {
            UploadMethod::Direct => "direct",
            UploadMethod::GlanceDirect => "glance-direct",
        }
    }

    /// From a form control's value; anything else is the one-step upload.
    pub fn from_form_value(value: &str) -> Self {
        match value {
            "glance-direct" => UploadMethod::GlanceDirect,
            _ => UploadMethod::Direct,
        }
    }
}

/// The local file whose bytes an upload or a stage sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataFile {
    /// Its name as the browser gives it (no directory), for the CLI line.
    pub name: String,
    /// Its length in bytes, sent as `x-openstack-image-size`.
    pub size: u64,
}

/// One request to Glance, described by what it does.
#[derive(Clone, Debug, PartialEq)]
pub enum Operation {
    /// `POST /v2/images` with these properties (a JSON object).
    Create {
        /// The new image's properties, as sent.
        properties: Value,
    },
    /// `PATCH /v2/images/{id}`: a JSON-patch of image properties.
    Update {
        /// The image.
        image_id: String,
        /// The operations sent.
        ops: Vec<PatchOp>,
    },
    /// `PUT /v2/images/{id}/tags/{tag}`.
    AddTag {
        /// The image.
        image_id: String,
        /// The tag.
        tag: String,
    },
    /// `DELETE /v2/images/{id}/tags/{tag}`.
    RemoveTag {
        /// The image.
        image_id: String,
        /// The tag.
        tag: String,
    },
    /// `PATCH /v2/images/{id}` replacing the whole tag list, for tags a URL path cannot
    /// carry.
    ReplaceTags {
        /// The image.
        image_id: String,
        /// The new list.
        tags: Vec<String>,
        /// The list before, so the CLI line can name what was added and removed.
        before: Vec<String>,
    },
    /// `POST /v2/images/{id}/members`: sharing with a project.
    AddMember {
        /// The image.
        image_id: String,
        /// The member project.
        project_id: String,
    },
    /// `DELETE /v2/images/{id}/members/{member}`: unsharing.
    RemoveMember {
        /// The image.
        image_id: String,
        /// The member project.
        project_id: String,
    },
    /// `PUT /v2/images/{id}/members/{member}`: a member's answer.
    SetMemberStatus {
        /// The image.
        image_id: String,
        /// The member project.
        project_id: String,
        /// The answer.
        status: MemberStatus,
    },
    /// `POST …/actions/deactivate`.
    Deactivate {
        /// The image.
        image_id: String,
    },
    /// `POST …/actions/reactivate`.
    Reactivate {
        /// The image.
        image_id: String,
    },
    /// `DELETE /v2/images/{id}`.
    Delete {
        /// The image.
        image_id: String,
    },
    /// `PUT /v2/images/{id}/file`: the data in one step (the image becomes `active`).
    Upload {
        /// The image (queued).
        image_id: String,
        /// What is sent.
        file: DataFile,
        /// The store to write to (multi-store clouds), sent as `X-Image-Meta-Store`.
        store: Option<String>,
    },
    /// `PUT /v2/images/{id}/stage`: glance-direct's first step (the image becomes
    /// `uploading`).
    Stage {
        /// The image (queued).
        image_id: String,
        /// What is sent.
        file: DataFile,
    },
    /// `POST /v2/images/{id}/import`.
    Import {
        /// The image.
        image_id: String,
        /// Where the data comes from.
        method: ImportMethod,
        /// Where it goes.
        stores: StoreSelection,
    },
    /// `GET /v2/images/{id}/file`, saved under a file name.
    Download {
        /// The image.
        image_id: String,
        /// The name the data is saved under.
        file_name: String,
    },
}

impl Operation {
    /// The glance-direct import of staged data into one chosen store, or the default. One store
    /// failing fails the import: the user asked for that store, so silently landing elsewhere
    /// would be wrong.
    pub fn glance_direct_import(image_id: &str, store: Option<&str>) -> Operation {
        Operation::Import {
            image_id: image_id.to_string(),
            method: ImportMethod::GlanceDirect,
            stores: match store {
                None => StoreSelection::Default,
                Some(id) => StoreSelection::Stores {
                    ids: vec![id.to_string()],
                    all_must_succeed: true,
                },
            },
        }
    }

    /// The image the operation acts on; `None` for a create, whose id Glance assigns.
    pub fn image_id(&self) -> Option<&str> {
        match self {
            Operation::Create { .. } => None,
            Operation::Update { image_id, .. }
            | Operation::AddTag { image_id, .. }
            | Operation::RemoveTag { image_id, .. }
            | Operation::ReplaceTags { image_id, .. }
            | Operation::AddMember { image_id, .. }
            | Operation::RemoveMember { image_id, .. }
            | Operation::SetMemberStatus { image_id, .. }
            | Operation::Deactivate { image_id }
            | Operation::Reactivate { image_id }
            | Operation::Delete { image_id }
            | Operation::Upload { image_id, .. }
            | Operation::Stage { image_id, .. }
            | Operation::Import { image_id, .. }
            | Operation::Download { image_id, .. } => Some(image_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_but_create_names_its_image() {
        let file = DataFile {
            name: "a.img".into(),
            size: 1,
        };
        let id = || "i".to_string();
        let ops = [
            Operation::Delete { image_id: id() },
            Operation::Upload {
                image_id: id(),
                file: file.clone(),
                store: None,
            },
            Operation::Stage {
                image_id: id(),
                file,
            },
            Operation::Download {
                image_id: id(),
                file_name: "x".into(),
            },
        ];
        for op in &ops {
            assert_eq!(op.image_id(), Some("i"), "{op:?}");
        }
        let create = Operation::Create {
            properties: serde_json::json!({"name": "n"}),
        };
        assert_eq!(create.image_id(), None);
    }

    #[test]
    fn upload_methods_round_trip_through_their_form_values() {
        for m in [UploadMethod::Direct, UploadMethod::GlanceDirect] {
            assert_eq!(UploadMethod::from_form_value(m.form_value()), m);
        }
        assert_eq!(UploadMethod::from_form_value(""), UploadMethod::Direct);
    }

    #[test]
    fn import_methods_have_glance_wire_names() {
        assert_eq!(ImportMethod::GlanceDirect.wire_name(), "glance-direct");
        assert_eq!(
            ImportMethod::WebDownload { uri: "u".into() }.wire_name(),
            "web-download"
        );
        assert_eq!(ImportMethod::CopyImage.wire_name(), "copy-image");
    }
}
