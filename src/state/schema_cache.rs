//! The cloud's image and member schemas, fetched once per session (token) and shared by every
//! page that renders or validates image properties or member answers.

use leptos::prelude::*;

use crate::api::glance::schemas::{get_image_schema, get_member_schema};
use crate::model::schema::ImageSchema;
use crate::problem::Problem;
use crate::state::portal_scope::use_or_provide;
use crate::state::session::use_session;

/// The schema resource: `None` while loading.
#[derive(Clone, Copy)]
pub struct SchemaCache(pub LocalResource<Result<ImageSchema, Problem>>);

/// The member schema resource (`/v2/schemas/member`): `None` while loading. Its `status`
/// enum is the set of answers this cloud takes.
#[derive(Clone, Copy)]
pub struct MemberSchemaCache(pub LocalResource<Result<ImageSchema, Problem>>);

/// Provides both schema caches; they refetch only when the session (token) changes. Made on
/// the first page that needs a schema (`state/portal_scope.rs`), not at login.
/// The properties keep the schema's own order (serde_json's `preserve_order`), which is the
/// order the editor shows them in.
fn provide_schema_cache() -> SchemaCache {
    let session = use_session();
    let cache = SchemaCache(session.token_resource(get_image_schema));
    provide_context(cache);
    provide_context(MemberSchemaCache(session.token_resource(get_member_schema)));
    cache
}

/// The schema cache.
pub fn use_schema_cache() -> SchemaCache {
    use_or_provide(provide_schema_cache)
}

/// The member schema cache (made with the image schema's, by [`use_schema_cache`]).
pub fn use_member_schema() -> MemberSchemaCache {
    use_schema_cache();
    expect_context::<MemberSchemaCache>()
}
