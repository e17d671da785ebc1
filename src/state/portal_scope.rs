//! State that only some pages need, created when one of them first asks for it: the image and
//! member schemas, what the cloud offers for imports and stores, the editor's drafts. Created
//! up front, they cost the list four requests at every login, and their code (the schema
//! model, the decoders) sat in the first load although only pages loaded on demand use them.
//!
//! Created lazily, they still live as long as the portal: they are made in the portal's own
//! reactive scope, not the page's, so navigating away keeps them (a schema is fetched once per
//! token, a draft survives a visit to the list).

use leptos::prelude::*;

/// The portal's reactive scope, where session-long state is created.
#[derive(Clone)]
struct PortalScope(Owner);

/// Marks the current reactive scope as the portal's (the root of everything behind the login).
pub fn provide_portal_scope() {
    if let Some(owner) = Owner::current() {
        provide_context(PortalScope(owner));
    }
}

/// The portal's scope, for work started later outside any (a prefetch that warms a page's
/// state once its code is here).
pub fn portal_scope() -> Option<Owner> {
    use_context::<PortalScope>().map(|PortalScope(owner)| owner)
}

/// The context `T`, made by `provide` (which provides it) in the portal's scope the first time
/// any page asks for it.
pub fn use_or_provide<T>(provide: fn() -> T) -> T
where
    T: Clone + Send + Sync + 'static,
{
    if let Some(value) = use_context::<T>() {
        return value;
    }
    match portal_scope() {
        // Untracked: a page may first ask from inside a reactive closure, which must not come
        // to depend on what the new state reads while it is set up.
        Some(owner) => owner.with(|| untrack(provide)),
        // A component mounted on its own (the in-browser tests) is its own portal.
        None => provide(),
    }
}
