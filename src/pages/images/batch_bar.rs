//! The list's batch actions, shown once rows are selected: checking the selected images'
//! stored data (in the transfers panel), and deleting them, with a confirmation naming them
//! and the equivalent command; and what a finished delete reports (which stays once the
//! selection is gone).

use leptos::prelude::*;

use super::controller::ImagesController;
use crate::components::button::{Button, ButtonKind};
use crate::components::cli_hint::CliHint;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::i18n::Key;
use crate::state::preferences::use_lang;

/// Renders the selection's actions and the last batch's outcome.
#[component]
pub(super) fn BatchBar(
    /// The page's controller (its selection and batch action).
    ctl: ImagesController,
) -> impl IntoView {
    let lang = use_lang();
    let selected = ctl.selected;
    let batch = ctl.batch;
    let count = move || selected.with(|s| s.len());
    view! {
        <div class="gp-batch">
            <Show when=move || { count() > 0 }>
                <div
                    class="gp-batch__bar"
                    role="group"
                    aria-label=move || lang.t(Key::SelectedActions)
                >
                    <span class="gp-batch__count">
                        {move || lang.get().tf(Key::SelectedCount, &[&count().to_string()])}
                    </span>
                    <Button
                        kind=ButtonKind::Danger
                        id="gp-delete-selected"
                        disabled=Signal::derive(move || {
                            selected.with(|s| s.is_empty()) || batch.pending().get()
                        })
                        on_click=Callback::new(move |_| ctl.confirm_batch.set(true))
                    >
                        {move || {
                            lang.get()
                                .tf(Key::DeleteSelected, &[&selected.with(|s| s.len()).to_string()])
                        }}
                    </Button>
                    <Button
                        id="gp-verify-selected"
                        disabled=Signal::derive(move || selected.with(|s| s.is_empty()))
                        on_click=Callback::new(move |_| ctl.verify_selected())
                    >
                        {move || {
                            lang.get()
                                .tf(Key::VerifySelected, &[&selected.with(|s| s.len()).to_string()])
                        }}
                    </Button>
                    <button
                        type="button"
                        class="gp-btn gp-btn--small"
                        on:click=move |_| selected.set(Default::default())
                    >
                        {move || lang.t(Key::ClearSelection)}
                    </button>
                </div>
            </Show>
            <ConfirmDialog
                open=ctl.confirm_batch
                question=Signal::derive(move || {
                    lang.get()
                        .tf(Key::BatchDeleteConfirm, &[&selected.with(|s| s.len()).to_string()])
                })
                items=Signal::derive(move || ctl.selected_names())
                command=Signal::derive(move || ctl.selected_command())
                on_confirm=Callback::new(move |_: ()| ctl.delete_selected())
            />
            // The alert is a wrapper: a list may not take the role itself.
            <div role="alert">
                <ul class="gp-batch__failures">
                    {move || {
                        batch
                            .value()
                            .get()
                            .map(|b| b.failures)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(name, e)| {
                                view! {
                                    <li class="gp-notice gp-notice--error">
                                        {move || {
                                            let l = lang.get();
                                            l.tf(Key::BatchDeleteFailed, &[&name, &e.summary_in(l)])
                                        }}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
            {move || batch.value().get().map(|b| view! { <CliHint command=b.cli /> })}
        </div>
    }
}
