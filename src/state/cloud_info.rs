//! What the cloud offers for getting data in: the import methods (`/v2/info/import`) and the
//! stores (`/v2/info/stores`), fetched once per token and shared by the create page, the
//! web-download form and the copy-to-stores action.

use leptos::prelude::*;

use crate::api::glance::imports::{get_import_info, get_stores_info};
use crate::model::import::{ImportInfo, StoreInfo, StoresInfo};
use crate::model::operation::ImportMethod;
use crate::problem::Problem;
use crate::state::portal_scope::use_or_provide;
use crate::state::session::use_session;

/// The two resources (`None` while loading).
#[derive(Clone, Copy)]
pub struct CloudInfo {
    /// `/v2/info/import`.
    pub import: LocalResource<Result<ImportInfo, Problem>>,
    /// `/v2/info/stores`. A cloud without multiple stores answers 404 here, which simply
    /// means there is nothing to choose.
    pub stores: LocalResource<Result<StoresInfo, Problem>>,
}

impl CloudInfo {
    /// Whether the cloud enables `method` (false while loading or on error).
    pub fn supports(&self, method: &ImportMethod) -> bool {
        self.import
            .get()
            .and_then(|r| r.ok())
            .is_some_and(|i| i.supports(method))
    }

    /// The stores data can be written to (not the read-only `http` ones); empty while
    /// loading and on a single-store cloud.
    pub fn writable_stores(&self) -> Vec<StoreInfo> {
        self.stores
            .get()
            .and_then(|r| r.ok())
            .map(|s| s.stores.into_iter().filter(|s| !s.read_only).collect())
            .unwrap_or_default()
    }

    /// Whether there is a choice of store to offer.
    pub fn multi_store(&self) -> bool {
        self.writable_stores().len() > 1
    }
}

/// Provides the context; it refetches only when the token changes. Made on the first page
/// that needs it (`state/portal_scope.rs`), not at login.
fn provide_cloud_info() -> CloudInfo {
    let session = use_session();
    let info = CloudInfo {
        import: session.token_resource(get_import_info),
        stores: session.token_resource(get_stores_info),
    };
    provide_context(info);
    info
}

/// The cloud info context.
pub fn use_cloud_info() -> CloudInfo {
    use_or_provide(provide_cloud_info)
}
