//! The cloud's image schema, fetched once per session and shared by every page that renders or
//! validates image properties.

use leptos::prelude::*;

use crate::api::error::ApiError;
use crate::api::glance::schemas::get_image_schema;
use crate::i18n::{Key, Text};
use crate::model::schema::ImageSchema;
use crate::state::session::use_session;

/// The schema resource: `None` while loading.
#[derive(Clone, Copy)]
pub struct SchemaCache(pub LocalResource<Result<ImageSchema, ApiError>>);

/// Provides the schema cache; it refetches only when the session (token) changes.
pub fn provide_schema_cache() -> SchemaCache {
    let session = use_session();
    let token = Memo::new(move |_| {
        session
            .current
            .with(|s| s.as_ref().map(|s| s.token.clone()))
    });
    let resource = LocalResource::new(move || {
        let logged_in = token.get().is_some();
        let client = session.client_untracked();
        async move {
            if !logged_in {
                return Err(ApiError::portal(
                    crate::api::error::ApiErrorKind::Unauthorized,
                    Text::new(Key::ErrNotLoggedIn, &[]),
                ));
            }
            // Decoded straight from the text: going through serde_json::Value would sort the
            // properties, and the editor shows them in the schema's own order.
            client.json::<ImageSchema>(&get_image_schema()).await
        }
    });
    let cache = SchemaCache(resource);
    provide_context(cache);
    cache
}

/// The schema cache.
pub fn use_schema_cache() -> SchemaCache {
    expect_context::<SchemaCache>()
}
