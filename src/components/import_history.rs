//! An image's import history: the tasks of `GET /v2/images/{id}/tasks`, newest first, each
//! with its status, method, Glance's message, result, stores and times. Glance says why an
//! import failed nowhere else. A failure to read them is shown with status, message and
//! request id.

use leptos::prelude::*;

use crate::components::resource_view::{answer_of, ResourceView};
use crate::i18n::{Key, Lang};
use crate::model::import_task::{utc_text, ImageTasks, ImportTask, TaskStatus};
use crate::problem::Problem;
use crate::state::preferences::use_lang;

/// The label for a task status (an unknown one as Glance wrote it).
fn status_label(lang: Lang, status: &TaskStatus) -> String {
    let key = match status {
        TaskStatus::Pending => Key::TaskStatusPending,
        TaskStatus::Processing => Key::TaskStatusProcessing,
        TaskStatus::Success => Key::TaskStatusSuccess,
        TaskStatus::Failure => Key::TaskStatusFailure,
        TaskStatus::Unknown(s) => return s.clone(),
    };
    lang.t(key).to_string()
}

/// BEM modifier for a task status.
fn status_modifier(status: &TaskStatus) -> &'static str {
    match status {
        TaskStatus::Success => "gp-badge--ok",
        TaskStatus::Pending | TaskStatus::Processing => "gp-badge--busy",
        TaskStatus::Failure => "gp-badge--bad",
        TaskStatus::Unknown(_) => "gp-badge--unknown",
    }
}

/// Renders the history: "Loading…" until the tasks are read, then the list (or the error
/// reading them, with Retry).
#[component]
pub fn ImportHistory(
    /// The image's tasks.
    tasks: LocalResource<Result<ImageTasks, Problem>>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="gp-import-history" aria-labelledby="gp-import-history-title">
            <h2 id="gp-import-history-title" class="gp-import-history__title">
                {move || lang.t(Key::ImportHistory)}
            </h2>
            <p class="gp-field__hint">{move || lang.t(Key::ImportHistoryHint)}</p>
            <ResourceView
                load=move || answer_of(tasks)
                retry=Callback::new(move |_| tasks.refetch())
                let:list
            >
                {if list.tasks.is_empty() {
                    view! {
                        <p class="gp-import-history__empty">
                            {move || lang.t(Key::ImportHistoryEmpty)}
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <ol class="gp-import-history__list">
                            {list
                                .newest_first()
                                .into_iter()
                                .map(|t| view! { <TaskEntry task=t /> })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }}
            </ResourceView>
        </section>
    }
}

/// One task.
#[component]
fn TaskEntry(task: ImportTask) -> impl IntoView {
    let lang = use_lang();
    let status = task.status.clone();
    let badge = format!("gp-badge {}", status_modifier(&status));
    let method = task
        .method
        .clone()
        .unwrap_or_else(|| task.task_type.clone());
    let row = |label: Key, value: Option<String>, class: &'static str| {
        value.map(|v| {
            view! {
                <dt>{move || lang.t(label)}</dt>
                <dd class=class>{v}</dd>
            }
        })
    };
    let message = row(
        Key::TaskMessage,
        task.message.clone(),
        "gp-import-history__message",
    );
    let result = row(
        Key::TaskResult,
        task.result_text(),
        "gp-import-history__result",
    );
    let stores = row(
        Key::TaskStores,
        (!task.stores.is_empty()).then(|| task.stores.join(", ")),
        "gp-import-history__stores",
    );
    let uri = task
        .uri
        .clone()
        .map(|u| view! { <span class="gp-import-history__uri">{u}</span> });
    let started = row(
        Key::TaskStarted,
        task.created_at.as_deref().map(utc_text),
        "",
    );
    let updated = row(
        Key::TaskUpdated,
        task.updated_at.as_deref().map(utc_text),
        "",
    );
    let expires = row(
        Key::TaskExpires,
        task.expires_at.as_deref().map(utc_text),
        "",
    );
    let request = row(
        Key::RequestId,
        task.request_id.clone(),
        "gp-import-history__request",
    );
    let (status_attr, method_attr) = (status.as_str().to_string(), method.clone());
    view! {
        <li
            class="gp-import-history__task"
            data-task=task.id.clone()
            data-status=status_attr
            data-method=method_attr
        >
            <div class="gp-import-history__head">
                <span class=badge>{move || status_label(lang.get(), &status)}</span>
                <strong class="gp-import-history__method">{method}</strong>
                {uri}
            </div>
            <dl class="gp-import-history__fields">
                {message}{result}{stores}{started}{updated}{expires}{request}
            </dl>
        </li>
    }
}
