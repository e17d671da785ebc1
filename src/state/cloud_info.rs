//! What the cloud offers for getting data in: the import methods (`/v2/info/import`) and the
//! stores (`/v2/info/stores`), fetched once per token and shared by the create page, the
//! web-download form and the copy-to-stores action.

use leptos::prelude::*;

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::glance::imports::{
    get_import_info, get_stores_info, ImportInfo, ImportMethod, StoreInfo, StoresInfo,
};
use crate::api::request::ApiRequest;
use crate::i18n::{Key, Text};
use crate::state::session::use_session;
use serde::de::DeserializeOwned;

/// The two resources (`None` while loading).
#[derive(Clone, Copy)]
pub struct CloudInfo {
    /// `/v2/info/import`.
    pub import: LocalResource<Result<ImportInfo, ApiError>>,
    /// `/v2/info/stores`. A cloud without multiple stores answers 404 here, which simply
    /// means there is nothing to choose.
    pub stores: LocalResource<Result<StoresInfo, ApiError>>,
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

/// Provides the context; it refetches only when the token changes.
pub fn provide_cloud_info() -> CloudInfo {
    let session = use_session();
    let token = Memo::new(move |_| {
        session
            .current
            .with(|s| s.as_ref().map(|s| s.token.clone()))
    });
    let import = info_resource(token, get_import_info);
    let stores = info_resource(token, get_stores_info);
    let info = CloudInfo { import, stores };
    provide_context(info);
    info
}

/// One `/v2/info/*` document, fetched again only when the token changes.
fn info_resource<T: DeserializeOwned + 'static>(
    token: Memo<Option<String>>,
    request: fn() -> ApiRequest,
) -> LocalResource<Result<T, ApiError>> {
    let session = use_session();
    LocalResource::new(move || {
        let logged_in = token.get().is_some();
        let client = session.client_untracked();
        async move {
            if !logged_in {
                return Err(ApiError::portal(
                    ApiErrorKind::Unauthorized,
                    Text::new(Key::ErrNotLoggedIn, &[]),
                ));
            }
            client.json::<T>(&request()).await
        }
    })
}

/// The cloud info context.
pub fn use_cloud_info() -> CloudInfo {
    expect_context::<CloudInfo>()
}
