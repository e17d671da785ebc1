//! What the portal asks the policy before offering a control, and which Glance rule decides
//! each.

/// What the portal asks the policy before offering a control; each maps to the Glance rule
/// that decides the request the control would send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// Create an image owned by the caller's project.
    CreateImage,
    /// Change an image's properties or tags (`PATCH`).
    ModifyImage,
    /// Make an image `public` (checked as well as [`Action::ModifyImage`]).
    Publicize,
    /// Make an image `community`.
    Communitize,
    /// Change an image's `owner`: Glance allows it to admins only, in code rather than policy
    /// ("Owner can't be updated by non admin"), so it follows `context_is_admin`.
    ChangeOwner,
    /// Delete an image.
    DeleteImage,
    /// Send data (`PUT …/file`, stage, import).
    UploadImage,
    /// Read an image's data.
    DownloadImage,
    /// Add a member to an image.
    AddMember,
    /// Remove a member.
    DeleteMember,
    /// List an image's members.
    GetMembers,
    /// Answer an image shared with the caller's project (accept, reject).
    ModifyMember,
    /// Deactivate an image.
    Deactivate,
    /// Reactivate an image.
    Reactivate,
    /// Copy an image's data into more stores (`copy-image`).
    CopyImage,
}

impl Action {
    /// The oslo.policy rule Glance enforces for this action.
    pub fn rule(self) -> &'static str {
        match self {
            Action::CreateImage => "add_image",
            Action::ModifyImage => "modify_image",
            Action::Publicize => "publicize_image",
            Action::Communitize => "communitize_image",
            Action::ChangeOwner => "context_is_admin",
            Action::DeleteImage => "delete_image",
            Action::UploadImage => "upload_image",
            Action::DownloadImage => "download_image",
            Action::AddMember => "add_member",
            Action::DeleteMember => "delete_member",
            Action::GetMembers => "get_members",
            Action::ModifyMember => "modify_member",
            Action::Deactivate => "deactivate",
            Action::Reactivate => "reactivate",
            Action::CopyImage => "copy_image",
        }
    }
}
