//! Whether other images already hold an upload's data: looked up once the file is hashed,
//! shown under the transfer's outcome, with Retry when the lookup failed.

use leptos::prelude::*;

use crate::components::button::Button;
use crate::components::error_view::ErrorView;
use crate::components::notice::{Notice, NoticeTone};
use crate::i18n::Key;
use crate::model::transfer::Duplicates;
use crate::routes;
use crate::state::preferences::use_lang;

use super::row_controller::TransferRowController;

/// The duplicates lookup's state (nothing before the sha512 is known).
#[component]
pub(super) fn DuplicatesNote(ctl: TransferRowController) -> impl IntoView {
    let lang = use_lang();
    move || match ctl.duplicates.get() {
        Duplicates::NotYet => None,
        Duplicates::Checking => Some(
            view! {
                <p class="gp-field__hint gp-transfer__duplicates" data-duplicates="checking">
                    {move || lang.t(Key::DuplicatesChecking)}
                </p>
            }
            .into_any(),
        ),
        Duplicates::Found(list) if list.is_empty() => Some(
            view! {
                <p class="gp-field__hint gp-transfer__duplicates" data-duplicates="none">
                    {move || lang.t(Key::DuplicatesNone)}
                </p>
            }
            .into_any(),
        ),
        Duplicates::Found(list) => Some(view! { <DuplicatesFound list /> }.into_any()),
        Duplicates::Failed(e) => Some(
            view! {
                <div class="gp-transfer__duplicates" data-duplicates="failed">
                    <Notice tone=NoticeTone::Warn>{move || lang.t(Key::DuplicatesFailed)}</Notice>
                    <ErrorView error=e />
                    <Button
                        class="gp-transfer__duplicates-retry"
                        on_click=Callback::new(move |_| ctl.check_duplicates())
                    >
                        {move || lang.t(Key::Retry)}
                    </Button>
                </div>
            }
            .into_any(),
        ),
    }
}

/// The other images holding the same data, as `(id, name)`, each a link.
#[component]
fn DuplicatesFound(list: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="gp-notice gp-notice--warn gp-transfer__duplicates" data-duplicates="found">
            <p>{move || lang.t(Key::DuplicatesFound)}</p>
            <ul class="gp-transfer__duplicate-list">
                {list
                    .into_iter()
                    .map(|(image_id, name)| {
                        view! {
                            <li>
                                <a href=routes::image(&image_id) data-image=image_id.clone()>
                                    {name}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
