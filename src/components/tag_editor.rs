//! Tags as chips: Enter adds, Delete/Backspace on a focused chip removes, each chip links to
//! the list filtered by that tag. It emits add/remove; the page talks to Glance.

use leptos::prelude::*;

use crate::components::button::Button;
use crate::i18n::Key;
use crate::model::tag::{check_tag, TagError};
use crate::routes;
use crate::state::preferences::use_lang;

/// Renders the tag editor.
#[component]
pub fn TagEditor(
    /// Current tags.
    tags: Vec<String>,
    /// Whether a request is in flight (controls disable).
    #[prop(into)]
    busy: Signal<bool>,
    /// Emitted with a tag to add.
    #[prop(into)]
    on_add: Callback<String>,
    /// Emitted with a tag to remove.
    #[prop(into)]
    on_remove: Callback<String>,
) -> impl IntoView {
    let lang = use_lang();
    let draft = RwSignal::new(String::new());
    // Kept typed, worded when shown: it follows a language switch.
    let problem = RwSignal::new(None::<TagError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tag = draft.get_untracked();
        let tag = tag.trim();
        if tag.is_empty() {
            return;
        }
        // Refused here, the text stays in the box for the user to shorten.
        match check_tag(tag) {
            // The text stays until Glance has the tag: the page re-renders the editor with
            // the new list, empty, on success; a refusal (a 413 past Glance's 128 tags) leaves
            // what was typed in the box beside the error.
            Ok(()) => {
                problem.set(None);
                on_add.run(tag.to_string());
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    let mut sorted = tags;
    sorted.sort();
    let empty = sorted.is_empty();
    view! {
        <div class="gp-tag-editor">
            {empty
                .then(|| view! { <p class="gp-empty__hint">{move || lang.t(Key::TagsEmpty)}</p> })}
            <ul class="gp-tag-editor__chips">
                {sorted
                    .into_iter()
                    .map(|tag| {
                        let t_remove = tag.clone();
                        let t_key = tag.clone();
                        let t_label = tag.clone();
                        let href = routes::images_tagged(&tag);
                        view! {
                            <li
                                class="gp-chip"
                                data-tag=tag.clone()
                                tabindex="0"
                                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                    if ev.key() == "Delete" || ev.key() == "Backspace" {
                                        ev.prevent_default();
                                        on_remove.run(t_key.clone());
                                    }
                                }
                            >
                                <a
                                    class="gp-chip__link"
                                    href=href
                                    title=move || lang.get().tf(Key::TagFilterLink, &[&t_label])
                                >
                                    {tag.clone()}
                                </a>
                                <button
                                    type="button"
                                    class="gp-chip__remove"
                                    disabled=move || busy.get()
                                    aria-label=move || lang.get().tf(Key::TagRemove, &[&t_remove])
                                    on:click={
                                        let t = tag.clone();
                                        move |_| on_remove.run(t.clone())
                                    }
                                >
                                    "×"
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul> <form class="gp-tag-editor__add" on:submit=submit>
                <label class="gp-visually-hidden" for="gp-tag-new">
                    {move || lang.t(Key::TagNew)}
                </label>
                // No maxlength: it would cut a paste silently (and counts UTF-16 units, not the
                // characters Glance counts); check_tag says what is wrong instead.
                <input
                    class="gp-input"
                    id="gp-tag-new"
                    placeholder=move || lang.t(Key::TagNew)
                    aria-invalid=move || problem.get().is_some().to_string()
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
                <Button submit=true busy=busy>
                    {move || lang.t(Key::TagAdd)}
                </Button>
            </form>
            {move || {
                problem
                    .get()
                    .map(|e| {
                        view! {
                            <p class="gp-field__error gp-tag-editor__error" role="alert">
                                {move || e.message(lang.get())}
                            </p>
                        }
                    })
            }} <p class="gp-field__hint">{move || lang.t(Key::TagsKeyboardHint)}</p>
        </div>
    }
}
