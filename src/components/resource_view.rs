//! The loading and error states every page shares, built on Leptos' own `Transition` and
//! `ErrorBoundary` instead of a hand-written `match` on `resource.get()` in each page.
//!
//! - Before the first answer: "Loading…" (a live `status`, so a screen reader hears it).
//! - A newer answer loading (a filter changed, a retry): the previous content stays and
//!   `pending` is set, so a page can mark it busy instead of blanking it.
//! - A failed load: the error with its status, message and request id, and Retry.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::error::{ApiError, ApiErrorKind};
use crate::components::error_view::ErrorView;
use crate::i18n::Key;
use crate::problem::Problem;
use crate::state::preferences::use_lang;

/// Awaits `resource`'s answer. One whose page is already gone (a re-render queued just before
/// the login replaced the page, say) never answers instead: awaiting a disposed resource
/// panics.
pub async fn answer_of<T: Clone + 'static>(resource: LocalResource<T>) -> T {
    if resource.is_disposed() {
        std::future::pending::<()>().await;
    }
    resource.await
}

/// Awaits a resource whose answer travels with the query it answers (a list page): the
/// query and the data, or the error (what `ResourceView` shows).
pub async fn answer_with_query<Q, T>(
    resource: LocalResource<(Q, Result<T, Problem>)>,
) -> Result<(Q, T), Problem>
where
    Q: Clone + 'static,
    T: Clone + 'static,
{
    let (query, result) = answer_of(resource).await;
    result.map(|data| (query, data))
}

/// The loading line every page shows before its first answer.
#[component]
pub fn LoadingLine() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="gp-loading" role="status">
            {move || lang.t(Key::Loading)}
        </p>
    }
}

/// Shows `children(answer)` once `load` has answered, "Loading…" before, and the error with
/// Retry when it fails.
///
/// `load` is called in a reactive scope: awaiting a `LocalResource` (or several) inside it is
/// what makes the view follow their refetches.
#[component]
pub fn ResourceView<T, E, Load, Fut, Render, V>(
    /// Awaits the answer, e.g. `move || answer_of(image)`.
    load: Load,
    /// Asks again: what Retry on the error does.
    retry: Callback<()>,
    /// Set while a newer answer loads and the previous content is still shown.
    #[prop(optional)]
    pending: Option<RwSignal<bool>>,
    /// Renders the answer.
    children: Render,
) -> impl IntoView
where
    T: Send + 'static,
    E: Into<Problem> + 'static,
    Load: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, E>> + Send + 'static,
    Render: Fn(T) -> V + Send + Sync + Clone + 'static,
    V: IntoView + 'static,
{
    // Only this thin layer is generic; the Transition and ErrorBoundary below are built once
    // for every page (each generic copy of them cost the first load several KiB).
    let answer: Answer = Arc::new(move || {
        let render = children.clone();
        let answer = load();
        Box::pin(async move {
            let value = answer.await.map_err(Into::into)?;
            Ok(Box::new(move || render(value).into_any()) as RenderAnswer)
        })
    });
    view! { <AnswerView answer=answer retry=retry pending=pending /> }
}

/// A section of a page that waits on a resource while the page's own live "Loading…" line
/// already speaks for it: a quiet loading line (no `status` role, so a screen reader hears
/// the wait once), the error with Retry, or `children(answer)`. No `Transition`: the section
/// is drawn again on each answer, which suits a resource that answers once per session (a
/// schema) and keeps what it renders keyed on its own.
#[component]
pub fn SectionView<T, E, Render, V>(
    /// The resource the section is built from.
    resource: LocalResource<Result<T, E>>,
    /// Asks again: what Retry on the error does.
    retry: Callback<()>,
    /// Renders the answer.
    children: Render,
) -> impl IntoView
where
    T: Clone + 'static,
    E: Clone + Into<Problem> + 'static,
    Render: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    move || match resource.get() {
        None => view! { <p class="gp-loading">{move || lang.t(Key::Loading)}</p> }.into_any(),
        Some(Err(e)) => view! { <ErrorView error=e.into() on_retry=retry /> }.into_any(),
        Some(Ok(answer)) => children(answer).into_any(),
    }
}

/// Renders an answer once it is in hand (inside the owner that keeps its reactive values).
type RenderAnswer = Box<dyn FnOnce() -> AnyView + Send>;

/// Awaits the answer: the view to render, or the error.
type Answer = Arc<
    dyn Fn() -> Pin<Box<dyn Future<Output = Result<RenderAnswer, Problem>> + Send>> + Send + Sync,
>;

/// `ResourceView` without its type parameters.
#[component]
fn AnswerView(
    answer: Answer,
    retry: Callback<()>,
    pending: Option<RwSignal<bool>>,
) -> impl IntoView {
    let set_pending = pending.map(SignalSetter::from);
    // What a rendered answer creates (derived signals, callbacks) must live as long as its
    // view is on screen. Left to the reactive closure's own owner, it would be disposed as
    // soon as a refetch starts, while `Transition` still shows that view, and the view would
    // read disposed values. So each answer's view gets an owner of its own, which goes when
    // the next answer's view replaces it (or this component goes).
    let parent = Owner::current().unwrap_or_default();
    let shown_owner = StoredValue::new(None::<Owner>);
    let body = move || {
        let answer = answer();
        let parent = parent.clone();
        Suspend::new(async move {
            let render = answer.await?;
            let owner = parent.child();
            let view = owner.with(render);
            shown_owner.set_value(Some(owner));
            Ok::<_, Problem>(view)
        })
    };
    view! {
        <Transition fallback=LoadingLine set_pending=set_pending.unwrap_or_default()>
            <ErrorBoundary fallback=move |errors| {
                view! { <ErrorList errors=errors retry=retry /> }
            }>{body}</ErrorBoundary>
        </Transition>
    }
}

/// What an `ErrorBoundary` caught, each shown by `ErrorView` (a `Problem` keeps its status
/// and request id, or its wording; anything else thrown is shown by its text).
#[component]
fn ErrorList(errors: ArcRwSignal<Errors>, retry: Callback<()>) -> impl IntoView {
    move || {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| {
                let error = error.downcast_ref::<Problem>().cloned().unwrap_or_else(|| {
                    ApiError::new(ApiErrorKind::OtherStatus, error.to_string()).into()
                });
                view! { <ErrorView error=error on_retry=retry /> }
            })
            .collect_view()
    }
}
