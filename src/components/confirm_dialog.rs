//! A modal confirmation (`<dialog>`), used before anything irreversible. The question names
//! exactly what will happen (optionally listing what it touches, and the equivalent
//! `openstack` command), and Cancel has the initial focus.

use leptos::html::Dialog;
use leptos::prelude::*;

use crate::components::button::{Button, ButtonKind};
use crate::components::cli_hint::CliHint;
use crate::i18n::Key;
use crate::state::preferences::use_lang;

/// Renders a confirmation dialog, open while `open` is true.
#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is showing.
    open: RwSignal<bool>,
    /// The question.
    #[prop(into)]
    question: Signal<String>,
    /// Called when the user confirms.
    #[prop(into)]
    on_confirm: Callback<()>,
    /// What the action touches, listed under the question (e.g. image names).
    #[prop(optional, into)]
    items: Option<Signal<Vec<String>>>,
    /// The equivalent `openstack` command, shown with a copy button.
    #[prop(optional, into)]
    command: Option<Signal<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            if open.get() {
                if !d.open() {
                    let _ = d.show_modal();
                }
            } else if d.open() {
                d.close();
            }
        }
    });
    view! {
        <dialog node_ref=dialog class="gp-dialog" on:close=move |_| open.set(false)>
            <p class="gp-dialog__question">{move || question.get()}</p>
            {items
                .map(|items| {
                    view! {
                        <ul class="gp-dialog__items">
                            {move || {
                                items
                                    .get()
                                    .into_iter()
                                    .map(|i| view! { <li>{i}</li> })
                                    .collect_view()
                            }}
                        </ul>
                    }
                })}
            {command.map(|c| move || view! { <CliHint command=c.get() /> })}
            <div class="gp-dialog__actions">
                <button
                    type="button"
                    class="gp-btn"
                    autofocus=true
                    on:click=move |_| open.set(false)
                >
                    {move || lang.t(Key::Cancel)}
                </button>
                <Button
                    kind=ButtonKind::Danger
                    class="gp-dialog__confirm"
                    on_click=Callback::new(move |_| {
                        open.set(false);
                        on_confirm.run(());
                    })
                >
                    {move || lang.t(Key::Confirm)}
                </Button>
            </div>
        </dialog>
    }
}
