//! `/images/:id`: the image, generated from the cloud's schema, in tabs deep-linked with
//! `?tab=`: details, edit, tags, sharing, actions. Every change goes to Glance as the smallest
//! request that does it, and shows the equivalent `openstack` command. The image's import
//! tasks are read beside it: the Details tab lists them, and the integrity verdict uses them
//! to tell a cloud's conversion from a mismatch.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use serde_json::{Map, Value};

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::glance::images::get_image;
use crate::api::glance::imports::get_image_tasks;
use crate::api::glance::members::{get_member, Member};
use crate::api::transport::Transport;
use crate::components::cli_hint::CliHint;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_view::ErrorView;
use crate::components::import_history::ImportHistory;
use crate::components::member_editor::{answer_label, member_status_label, MemberEditor};
use crate::components::policy_hint::PolicyHint;
use crate::components::property_field::PropertyField;
use crate::components::queued_upload::QueuedUpload;
use crate::components::schema_panel::{SchemaPanel, SECTIONS};
use crate::components::status_badge::StatusBadge;
use crate::components::store_copy::StoreCopy;
use crate::components::tag_editor::TagEditor;
use crate::components::verification_view::{VerificationView, VerifiedWhat};
use crate::components::web_download::WebDownloadImport;
use crate::flows::save_edit::{image_map, save_edit, SaveOutcome};
use crate::i18n::{Key, Text};
use crate::model::checksum::verify_recorded;
use crate::model::cli_equivalent::cli_command;
use crate::model::image::{is_image_id, member_answers, Image, MemberStatus};
use crate::model::image_edit::{property_schema, EditDraft};
use crate::model::import_task::ImageTasks;
use crate::model::operation::Operation;
use crate::model::patch::PatchOp;
use crate::model::policy::{editor_schema, Action};
use crate::model::schema::{display_value, section_of, ImageSchema, Section};
use crate::model::tag::is_url_safe;
use crate::routes::{self, ImageTab};
use crate::state::browser_regexp::BrowserPatterns;
use crate::state::download::{download, pick_target, Downloaded, SaveMethod};
use crate::state::drafts::use_drafts;
use crate::state::policy::use_policy;
use crate::state::preferences::use_lang;
use crate::state::schema_cache::{use_member_schema, use_schema_cache};
use crate::state::session::use_session;
use crate::state::toasts::{use_toasts, ToastKind};

/// The tabs, in the order shown, with their labels.
const TABS: [(ImageTab, Key); 5] = [
    (ImageTab::Details, Key::TabDetails),
    (ImageTab::Edit, Key::TabEdit),
    (ImageTab::Tags, Key::TabTags),
    (ImageTab::Sharing, Key::TabSharing),
    (ImageTab::Actions, Key::TabActions),
];

/// A value as the user typed or sees it (not as JSON: no quotes, no escapes); a dash for
/// "not set".
fn shown(value: &Value) -> String {
    match display_value(value) {
        text if text.is_empty() => "—".to_string(),
        text => text,
    }
}

/// What a mutation shares with the page: run it, report errors, show its CLI equivalent.
#[derive(Clone, Copy)]
struct Mutator {
    busy: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    cli: RwSignal<Option<String>>,
    image: LocalResource<Result<Image, ApiError>>,
}

impl Mutator {
    fn run(&self, op: Operation) {
        self.run_then(op, || {});
    }

    /// Like `run`, and `after_success` once Glance has accepted the change (reloading a
    /// resource before that would show the old state). The request and the CLI line shown
    /// after it both come from `op`.
    fn run_then(&self, op: Operation, after_success: impl FnOnce() + 'static) {
        let this = *self;
        let session = use_session();
        let cli = cli_command(&op);
        this.busy.set(true);
        spawn_local(async move {
            match session.client_untracked().perform(&op).await {
                Ok(_) => {
                    this.error.set(None);
                    this.cli.set(Some(cli));
                    this.image.refetch();
                    after_success();
                }
                Err(e) => {
                    this.error.set(Some(e));
                }
            }
            this.busy.set(false);
        });
    }
}

/// Renders the image detail page.
#[component]
pub fn ImageDetailPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let policy = use_policy();
    let schema = use_schema_cache().0;
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let tab = Memo::new(move |_| {
        query
            .with(|q| q.get("tab"))
            .and_then(|t| ImageTab::from_param(&t))
            .unwrap_or(ImageTab::Details)
    });
    // An address that cannot name an image is answered here: sent on, it could name another
    // resource of Glance's once nginx has decoded it (see `is_image_id`).
    let not_an_id = move |id: &str| {
        ApiError::portal(
            ApiErrorKind::BadRequest,
            Text::new(Key::NotAnImageId, &[id]),
        )
    };
    let image = LocalResource::new(move || {
        let client = session.client();
        let id = id.get();
        async move {
            if !is_image_id(&id) {
                return Err(not_an_id(&id));
            }
            client.json::<Image>(&get_image(&id)).await
        }
    });
    let tasks = LocalResource::new(move || {
        let client = session.client();
        let id = id.get();
        async move {
            if !is_image_id(&id) {
                return Err(not_an_id(&id));
            }
            client.json::<ImageTasks>(&get_image_tasks(&id)).await
        }
    });
    let mutator = Mutator {
        busy: RwSignal::new(false),
        error: RwSignal::new(None),
        cli: RwSignal::new(None),
        image,
    };
    // A new tab starts without the previous tab's outcome.
    Effect::new(move |_| {
        tab.track();
        mutator.error.set(None);
        mutator.cli.set(None);
    });

    view! {
        <section class="gp-page gp-detail">
            <a class="gp-back" href=routes::images()>{move || lang.t(Key::BackToImages)}</a>
            {move || match (image.get(), schema.get()) {
                (None, _) | (_, None) => view! { <p class="gp-loading" role="status">{move || lang.t(Key::Loading)}</p> }.into_any(),
                (Some(Err(e)), _) => view! { <ErrorView error=e on_retry=Callback::new(move |_| image.refetch())/> }.into_any(),
                (_, Some(Err(e))) => view! { <ErrorView error=e on_retry=Callback::new(move |_| schema.refetch())/> }.into_any(),
                // Navigating from one image to another keeps the old answer until the new one
                // arrives: never show (or take edits for) an image under another's URL.
                (Some(Ok(img)), _) if img.id != id.get() => view! { <p class="gp-loading" role="status">{move || lang.t(Key::Loading)}</p> }.into_any(),
                (Some(Ok(img)), Some(Ok(sch))) => {
                    // Edit and Tags only where Glance would take the change: an image of
                    // another project (or a rule the operator tightened) gets no edit controls.
                    let may_modify = policy.allows(Action::ModifyImage, &img);
                    let offered = |t: &ImageTab| may_modify || !matches!(t, ImageTab::Edit | ImageTab::Tags);
                    let requested = tab.get();
                    let current = if offered(&requested) { requested } else { ImageTab::Details };
                    let tabs = TABS.iter().filter(|(name, _)| offered(name)).map(|(name, label)| {
                        let href = routes::image_tab(&img.id, *name);
                        let selected = *name == current;
                        let label = *label;
                        view! {
                            <a class="gp-tabs__tab" href=href role="tab" data-tab=name.as_str()
                                aria-selected=selected.to_string()
                                class:gp-tabs__tab--active=selected>{move || lang.t(label)}</a>
                        }
                    }).collect_view();
                    let body = match current {
                        ImageTab::Edit => view! { <EditTab image=img.clone() schema=sch mutator=mutator/> }.into_any(),
                        ImageTab::Tags => view! { <TagsTab image=img.clone() mutator=mutator/> }.into_any(),
                        ImageTab::Sharing => view! { <SharingTab image=img.clone() mutator=mutator/> }.into_any(),
                        ImageTab::Actions => view! { <ActionsTab image=img.clone() mutator=mutator/> }.into_any(),
                        ImageTab::Details => view! {
                            <SchemaPanel image=image_map(&img) schema=sch/>
                            <ImportHistory tasks=Signal::derive(move || tasks.get()) on_retry=Callback::new(move |_| tasks.refetch())/>
                        }.into_any(),
                    };
                    view! {
                        <div class="gp-page__head">
                            <h1 class="gp-detail__name">{img.display_name().to_string()}</h1>
                            <StatusBadge status=img.status.as_str().to_string()/>
                        </div>
                        // The uploader's recorded digests against Glance's: shown on every tab,
                        // because a mismatch is the one thing nobody should miss. It waits for the
                        // import tasks, which can show the disagreement is a conversion (a task
                        // that cannot be read leaves only the image's own record).
                        {move || tasks.get().and_then(|t| verify_recorded(&img, t.ok().as_ref())).map(|v| view! {
                            <div class="gp-detail__integrity"><VerificationView verification=v what=VerifiedWhat::Recorded/></div>
                        })}
                        <nav class="gp-tabs" role="tablist">{tabs}</nav>
                        <div class="gp-tabs__panel" role="tabpanel" data-tab=current.as_str()>{body}</div>
                    }.into_any()
                }
            }}
            {move || mutator.error.get().map(|e| view! { <ErrorView error=e/> })}
            {move || mutator.cli.get().map(|c| view! { <CliHint command=c/> })}
        </section>
    }
}

/// The form over every mutable property, custom properties included.
#[component]
fn EditTab(image: Image, schema: ImageSchema, mutator: Mutator) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let drafts = use_drafts();
    let toasts = use_toasts();
    let image_id = image.id.clone();
    let base = image_map(&image);
    // What this user may not set (public, owner) is not offered; the hints say which rule.
    let policy = use_policy();
    let (schema, withheld) = editor_schema(&schema, &base, |a| policy.allows(a, &image));
    let schema = StoredValue::new(schema);
    let initial = drafts
        .get(&image_id)
        .unwrap_or_else(|| schema.with_value(|s| EditDraft::new(base.clone(), s)));
    let draft = RwSignal::new(initial);
    let id_for_keep = image_id.clone();
    Effect::new(move |_| {
        let d = draft.get();
        drafts.put(&id_for_keep, d);
    });
    let errors = RwSignal::new(std::collections::HashMap::<String, String>::new());
    let notice = RwSignal::new(None::<Key>);
    let conflict = RwSignal::new(None::<Map<String, Value>>);
    let new_key = RwSignal::new(String::new());
    let new_value = RwSignal::new(String::new());
    let key_error = RwSignal::new(None::<String>);

    let check = move |key: &str| {
        let result = draft
            .with_untracked(|d| schema.with_value(|s| d.check_field(key, s, &BrowserPatterns)));
        errors.update(|e| match result {
            Ok(_) => {
                e.remove(key);
            }
            Err(v) => {
                e.insert(key.to_string(), v.message(lang.get_untracked()));
            }
        });
    };

    let field = move |key: String| {
        let prop = schema.with_value(|s| property_schema(&key, s).cloned());
        let removable = draft.with_untracked(|d| schema.with_value(|s| d.can_remove(&key, s)));
        let prop = prop.unwrap_or_default();
        let k_value = key.clone();
        let k_error = key.clone();
        let k_input = key.clone();
        let k_remove = key.clone();
        let on_remove = removable.then(|| {
            Callback::new(move |_: ()| {
                draft.update(|d| d.remove(&k_remove));
                errors.update(|e| {
                    e.remove(&k_remove);
                });
            })
        });
        view! {
            <PropertyField key=key prop=prop
                value=Signal::derive(move || draft.with(|d| d.texts.get(&k_value).cloned().unwrap_or_default()))
                error=Signal::derive(move || errors.with(|e| e.get(&k_error).cloned()))
                on_input=Callback::new(move |text: String| {
                    draft.update(|d| d.set(&k_input, text));
                    check(&k_input);
                })
                on_remove=on_remove/>
        }
    };

    let sections = SECTIONS
        .iter()
        .filter(|(section, _)| *section != Section::Custom)
        .filter_map(|(section, heading)| {
            let keys: Vec<String> = draft.with_untracked(|d| {
                schema.with_value(|s| {
                    s.properties
                        .iter()
                        .map(|(k, _)| k.clone())
                        .filter(|k| d.texts.contains_key(k) && section_of(k, s) == *section)
                        .collect()
                })
            });
            if keys.is_empty() {
                return None;
            }
            let heading = *heading;
            Some(view! {
                <fieldset class="gp-edit__section">
                    <legend>{move || lang.t(heading)}</legend>
                    {keys.into_iter().map(field).collect_view()}
                </fieldset>
            })
        })
        .collect_view();

    let add_custom = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = new_key.get_untracked();
        let mut outcome = Ok(());
        draft.update(|d| {
            outcome = schema.with_value(|s| d.add_custom(&key, new_value.get_untracked(), s))
        });
        match outcome {
            Ok(()) => {
                key_error.set(None);
                check(key.trim());
                new_key.set(String::new());
                new_value.set(String::new());
            }
            Err(problem) => key_error.set(Some(problem.message(lang.get_untracked()))),
        }
    };

    let save_id = image_id.clone();
    let save = move |_| {
        notice.set(None);
        let ops = draft.with_untracked(|d| schema.with_value(|s| d.ops(s, &BrowserPatterns)));
        let ops: Vec<PatchOp> = match ops {
            Ok(ops) => ops,
            Err(field_errors) => {
                errors.set(
                    field_errors
                        .into_iter()
                        .map(|f| (f.key, f.violation.message(lang.get_untracked())))
                        .collect(),
                );
                notice.set(Some(Key::FixErrors));
                return;
            }
        };
        if ops.is_empty() {
            notice.set(Some(Key::NoChanges));
            return;
        }
        let id = save_id.clone();
        mutator.busy.set(true);
        spawn_local(async move {
            let client = session.client_untracked();
            // Saving over someone else's change must be the user's decision.
            let base_time = draft.with_untracked(|d| d.base_updated_at().map(str::to_string));
            match save_edit(&client, &id, ops, base_time.as_deref()).await {
                Ok(SaveOutcome::Conflict(remote)) => conflict.set(Some(remote)),
                Ok(SaveOutcome::Saved(op)) => {
                    drafts.forget(&id);
                    mutator.error.set(None);
                    mutator.cli.set(Some(cli_command(&op)));
                    toasts.push(ToastKind::Info, lang.get_untracked().t(Key::Saved));
                    mutator.image.refetch();
                }
                Err(e) => {
                    mutator.error.set(Some(e));
                }
            }
            mutator.busy.set(false);
        });
    };
    let discard_id = image_id.clone();
    let discard_base = base.clone();
    let discard = move |_| {
        drafts.forget(&discard_id);
        errors.set(Default::default());
        notice.set(None);
        draft.set(schema.with_value(|s| EditDraft::new(discard_base.clone(), s)));
    };
    let keep_mine = move |_| {
        if let Some(remote) = conflict.get_untracked() {
            draft.update(|d| *d = schema.with_value(|s| d.rebase(remote, s)));
            conflict.set(None);
        }
    };
    let take_theirs_id = image_id.clone();
    let take_theirs = move |_| {
        if let Some(remote) = conflict.get_untracked() {
            drafts.forget(&take_theirs_id);
            draft.set(schema.with_value(|s| EditDraft::new(remote, s)));
            conflict.set(None);
            mutator.image.refetch();
        }
    };

    view! {
        <div class="gp-edit">
            <Show when=move || draft.with(EditDraft::is_dirty)>
                <p class="gp-notice gp-notice--warn gp-edit__dirty" role="status">{move || lang.t(Key::UnsavedChanges)}</p>
            </Show>
            {move || conflict.get().map(|remote| {
                let changes = draft.with_untracked(|d| d.remote_changes(&remote));
                view! {
                    <div class="gp-conflict" role="alert">
                        <p class="gp-conflict__title">{move || lang.t(Key::ConflictTitle)}</p>
                        <table class="gp-table">
                            <thead><tr><th scope="col">{move || lang.t(Key::PropertyKey)}</th>
                                <th scope="col">{move || lang.t(Key::Ours)}</th><th scope="col">{move || lang.t(Key::Theirs)}</th></tr></thead>
                            <tbody>{changes.into_iter().map(|(k, ours, theirs)| view! {
                                <tr data-key=k.clone()><td><code>{k.clone()}</code></td><td>{shown(&ours)}</td><td>{shown(&theirs)}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                        <div class="gp-conflict__actions">
                            <button type="button" class="gp-btn gp-btn--primary" id="gp-keep-mine" on:click=keep_mine>{move || lang.t(Key::KeepMine)}</button>
                            <button type="button" class="gp-btn" id="gp-take-theirs" on:click=take_theirs.clone()>{move || lang.t(Key::TakeTheirs)}</button>
                        </div>
                    </div>
                }
            })}
            {sections}
            {withheld.into_iter().map(|w| {
                let what = Signal::derive(move || match &w.value {
                    Some(v) => lang.get().tf(Key::VisibilityValue, &[v]),
                    None => lang.t(Key::OwnerField).to_string(),
                });
                view! { <PolicyHint what=what action=w.action/> }
            }).collect_view()}
            <fieldset class="gp-edit__section gp-edit__custom">
                <legend>{move || lang.t(Key::SectionCustom)}</legend>
                {move || draft.with(|d| schema.with_value(|s| d.custom_keys(s))).into_iter().map(field).collect_view()}
                // A closed schema (`additionalProperties: false`) takes no new keys.
                <Show when=move || schema.with_value(|s| s.allows_custom)>
                <form class="gp-edit__add" on:submit=add_custom>
                    <input class="gp-input" id="gp-new-key" aria-label=move || lang.t(Key::PropertyKey)
                        placeholder=move || lang.t(Key::PropertyKey)
                        prop:value=move || new_key.get() on:input=move |ev| new_key.set(event_target_value(&ev))/>
                    <input class="gp-input" id="gp-new-value" aria-label=move || lang.t(Key::PropertyValue)
                        placeholder=move || lang.t(Key::PropertyValue)
                        prop:value=move || new_value.get() on:input=move |ev| new_value.set(event_target_value(&ev))/>
                    <button type="submit" class="gp-btn">{move || lang.t(Key::AddProperty)}</button>
                </form>
                </Show>
                {move || key_error.get().map(|e| view! { <p class="gp-field__error" role="alert">{e}</p> })}
            </fieldset>
            {move || notice.get().map(|k| view! { <p class="gp-notice gp-notice--warn gp-edit__notice" role="alert">{move || lang.t(k)}</p> })}
            <div class="gp-edit__actions">
                <button type="button" class="gp-btn gp-btn--primary" id="gp-save" disabled=move || mutator.busy.get() on:click=save>
                    {move || if mutator.busy.get() { lang.t(Key::Saving) } else { lang.t(Key::Save) }}
                </button>
                <button type="button" class="gp-btn" id="gp-discard" on:click=discard>{move || lang.t(Key::DiscardChanges)}</button>
            </div>
        </div>
    }
}

/// Tags: `PUT`/`DELETE /v2/images/{id}/tags/{tag}`.
#[component]
fn TagsTab(image: Image, mutator: Mutator) -> impl IntoView {
    let id = StoredValue::new(image.id.clone());
    let current = StoredValue::new(image.tags.clone());
    // Tags Glance cannot take in a URL path (non-ASCII, '/', '.', '..') go in one patch that
    // replaces the whole list instead; the mutator reports any other refusal.
    let change = move |tag: String, adding: bool| {
        let image_id = id.get_value();
        let before = current.get_value();
        let op = if is_url_safe(&tag) {
            if adding {
                Operation::AddTag { image_id, tag }
            } else {
                Operation::RemoveTag { image_id, tag }
            }
        } else {
            let mut tags: Vec<String> = before.iter().filter(|t| **t != tag).cloned().collect();
            if adding {
                tags.push(tag);
            }
            Operation::ReplaceTags {
                image_id,
                tags,
                before,
            }
        };
        mutator.run(op);
    };
    let on_add = Callback::new(move |tag: String| change(tag, true));
    let on_remove = Callback::new(move |tag: String| change(tag, false));
    view! { <TagEditor tags=image.tags busy=mutator.busy on_add=on_add on_remove=on_remove/> }
}

/// Sharing: the owner manages members; a member answers.
#[component]
fn SharingTab(image: Image, mutator: Mutator) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let project = session
        .current
        .with_untracked(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default());
    let owner = image.owner.clone().unwrap_or_default();
    let id = image.id.clone();
    // The owner's side when this user may manage members (the owner's members, or an admin);
    // otherwise the member's side: its own answer.
    if owner == project || use_policy().allows(Action::AddMember, &image) {
        let make_shared = Callback::new(move |_: ()| {
            let ops = vec![PatchOp::Replace {
                path: "/visibility".into(),
                value: Value::from("shared"),
            }];
            mutator.run(Operation::Update {
                image_id: id.clone(),
                ops,
            });
        });
        return view! {
            <MemberEditor image_id=image.id.clone() visibility=image.visibility.as_str().to_string() on_make_shared=make_shared/>
        }
        .into_any();
    }
    let me = project.clone();
    let member_id = id.clone();
    let mine = LocalResource::new(move || {
        let client = session.client();
        let (image_id, me) = (member_id.clone(), me.clone());
        async move { client.json::<Member>(&get_member(&image_id, &me)).await }
    });
    let member_schema = use_member_schema().0;
    let answer = move |status: MemberStatus| {
        let op = Operation::SetMemberStatus {
            image_id: id.clone(),
            project_id: project.clone(),
            status,
        };
        mutator.run_then(op, move || mine.refetch());
    };
    let answer = StoredValue::new(answer);
    view! {
        <div class="gp-sharing-member">
            <p class="gp-notice">{move || lang.t(Key::NotOwner)}</p>
            {move || member_schema.get().and_then(|r| r.err()).map(|e| view! {
                <ErrorView error=e on_retry=Callback::new(move |_| member_schema.refetch())/>
            })}
            {move || mine.get().map(|r| match r {
                Ok(m) => {
                    let status = m.status.clone();
                    let current = m.status.clone();
                    // The cloud's own list of answers (member schema), less the current one.
                    let answers: Vec<MemberStatus> = member_answers(
                        member_schema.get().and_then(|r| r.ok()).as_ref(),
                    )
                    .into_iter()
                    .filter(|a| *a != current)
                    .collect();
                    view! {
                        <p class="gp-sharing-member__status" data-status=m.status.as_str().to_string()>
                            {move || lang.get().tf(Key::YourAnswer, &[&member_status_label(lang.get(), &status)])}</p>
                        <div class="gp-actions">
                            {answers.into_iter().map(|a| {
                                let label = a.clone();
                                let wire = a.as_str().to_string();
                                view! {
                                    <button type="button" class="gp-btn" data-answer=wire
                                        disabled=move || mutator.busy.get()
                                        on:click=move |_| answer.with_value(|f| f(a.clone()))>
                                        {move || answer_label(lang.get(), &label)}
                                    </button>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any()
                }
                // Not a member (a public or community image): there is nothing to answer.
                Err(e) if e.kind == ApiErrorKind::NotFound => view! {
                    <p class="gp-field__hint gp-sharing-member__none">{move || lang.t(Key::NotAMember)}</p>
                }.into_any(),
                Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| mine.refetch())/> }.into_any(),
            })}
        </div>
    }
    .into_any()
}

/// Lifecycle: protect, hide, deactivate/reactivate (admins), delete.
#[component]
fn ActionsTab(image: Image, mutator: Mutator) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let policy = use_policy();
    let may = |action| policy.allows(action, &image);
    let may_modify = may(Action::ModifyImage);
    let may_delete = may(Action::DeleteImage);
    let may_copy = may(Action::CopyImage);
    let id = StoredValue::new(image.id.clone());
    let name = image.display_name().to_string();
    let protected = image.protected;
    let hidden = image.os_hidden;
    // A flag the cloud's schema does not have (an older Glance has no os_hidden) would only
    // earn a 403 or 409: offer just the ones it publishes. The page renders this tab only
    // once the schema has loaded.
    let schema_has = |key: &str| {
        use_schema_cache()
            .0
            .get_untracked()
            .and_then(|r| r.ok())
            .is_some_and(|s| s.property(key).is_some())
    };
    let can_protect = may_modify && schema_has("protected");
    let can_hide = may_modify && schema_has("os_hidden");
    let delete_op = StoredValue::new(Operation::Delete {
        image_id: image.id.clone(),
    });
    let delete_cli = delete_op.with_value(cli_command);
    let deactivated = image.status.as_str() == "deactivated";
    // Glance 33 lets the owner's members deactivate and reactivate (the api-ref's "admins
    // only" is older than the code); the cloud's policy decides, not a role name.
    let lifecycle = if deactivated {
        Action::Reactivate
    } else {
        Action::Deactivate
    };
    let may_lifecycle = may(lifecycle);
    let set_flag = move |key: &'static str, value: bool| {
        let ops = vec![PatchOp::Replace {
            path: format!("/{key}"),
            value: Value::Bool(value),
        }];
        mutator.run(Operation::Update {
            image_id: id.get_value(),
            ops,
        });
    };
    let confirm_open = RwSignal::new(false);
    let question_name = name.clone();
    let can_download = image.status.as_str() == "active" && may(Action::DownloadImage);
    let downloaded = RwSignal::new(None::<Downloaded>);
    let download_progress = RwSignal::new(None::<u64>);
    let download_image = StoredValue::new(image.clone());
    let copy_image = image.clone();
    let queued_image = image.clone();
    let queued = image.status.as_str() == "queued";
    let may_upload = may(Action::UploadImage);
    let start_download = move |_| {
        let image = download_image.get_value();
        downloaded.set(None);
        mutator.error.set(None);
        download_progress.set(Some(0));
        spawn_local(async move {
            // The save dialog needs the click's user activation: ask before any request.
            let result = match pick_target(image.display_name()).await {
                Ok(target) => {
                    download(&session.client_untracked(), &image, target, move |n| {
                        download_progress.set(Some(n))
                    })
                    .await
                }
                Err(e) => Err(e),
            };
            download_progress.set(None);
            match result {
                Ok(done) => downloaded.set(Some(done)),
                Err(e) => {
                    mutator.error.set(Some(e));
                }
            }
        });
    };
    let delete_now = Callback::new(move |_: ()| {
        let navigate = navigate.clone();
        let name = name.clone();
        mutator.busy.set(true);
        spawn_local(async move {
            match session
                .client_untracked()
                .perform(&delete_op.get_value())
                .await
            {
                Ok(_) => {
                    toasts.push(
                        ToastKind::Info,
                        lang.get_untracked().tf(Key::Deleted, &[&name]),
                    );
                    navigate(&routes::images(), NavigateOptions::default());
                }
                Err(e) => {
                    mutator.error.set(Some(e));
                }
            }
            mutator.busy.set(false);
        });
    });
    view! {
        <div class="gp-actions-tab">
            <div class="gp-actions">
                {can_protect.then(|| view! {
                    <button type="button" class="gp-btn" id="gp-toggle-protected" disabled=move || mutator.busy.get()
                        on:click=move |_| set_flag("protected", !protected)>
                        {move || if protected { lang.t(Key::ProtectOff) } else { lang.t(Key::ProtectOn) }}
                    </button>
                })}
                {can_hide.then(|| view! {
                    <button type="button" class="gp-btn" id="gp-toggle-hidden" disabled=move || mutator.busy.get()
                        on:click=move |_| set_flag("os_hidden", !hidden)>
                        {move || if hidden { lang.t(Key::HideOff) } else { lang.t(Key::HideOn) }}
                    </button>
                })}
                {may_lifecycle.then(|| if deactivated {
                    view! { <button type="button" class="gp-btn" id="gp-reactivate" on:click=move |_|
                        mutator.run(Operation::Reactivate { image_id: id.get_value() })>
                        {move || lang.t(Key::Reactivate)}</button> }.into_any()
                } else {
                    view! { <button type="button" class="gp-btn" id="gp-deactivate" on:click=move |_|
                        mutator.run(Operation::Deactivate { image_id: id.get_value() })>
                        {move || lang.t(Key::Deactivate)}</button> }.into_any()
                })}
                {can_download.then(|| view! {
                    <button type="button" class="gp-btn" id="gp-download" disabled=move || download_progress.get().is_some()
                        on:click=start_download>{move || lang.t(Key::DownloadVerify)}</button>
                })}
                {may_delete.then(|| view! {
                    <button type="button" class="gp-btn gp-btn--danger" id="gp-delete" disabled=move || protected || mutator.busy.get()
                        on:click=move |_| confirm_open.set(true)>{move || lang.t(Key::Delete)}</button>
                })}
            </div>
            {(!may_lifecycle).then(|| {
                let label = if deactivated { Key::Reactivate } else { Key::Deactivate };
                view! { <PolicyHint what=Signal::derive(move || lang.t(label).to_string()) action=lifecycle/> }
            })}
            {(!may_delete).then(|| view! { <PolicyHint what=Signal::derive(move || lang.t(Key::Delete).to_string()) action=Action::DeleteImage/> })}
            {move || download_progress.get().map(|n| view! {
                <p class="gp-download__progress" role="status">{move || lang.get().tf(Key::Downloading, &[&crate::model::size::human_size(n)])}</p>
            })}
            {move || downloaded.get().map(|d| {
                let saved = match d.method { SaveMethod::Streamed => Key::SavedStreamed, SaveMethod::InMemory => Key::SavedInMemory };
                let outcome = view! { <VerificationView verification=d.verification.clone() what=VerifiedWhat::Download/> };
                view! {
                    <div class="gp-download" data-bytes=d.bytes.to_string()>
                        {outcome}
                        <p class="gp-field__hint gp-download__method">{move || lang.t(saved)}</p>
                        <CliHint command=cli_command(&d.operation)/>
                    </div>
                }
            })}
            {(protected && may_delete).then(|| view! { <p class="gp-notice gp-notice--warn gp-actions__blocked">{move || lang.t(Key::DeleteBlocked)}</p> })}
            // A queued image has no data yet: offer to send it, where Glance would take it.
            {(queued && may_upload).then(|| view! {
                <QueuedUpload image=queued_image.clone()/>
                <WebDownloadImport disk_formats=Vec::new() into=queued_image.clone()/>
            })}
            <StoreCopy image=copy_image may_copy=may_copy/>
            <ConfirmDialog open=confirm_open
                question=Signal::derive(move || lang.get().tf(Key::DeleteConfirm, &[&question_name]))
                command=Signal::stored(delete_cli)
                on_confirm=delete_now/>
        </div>
    }
}
