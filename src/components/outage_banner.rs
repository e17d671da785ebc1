//! The outage a 401 turned out to be: Keystone unreachable (or a service that could not check
//! the token), shown above the page with Keystone's answer, while the session is kept.

use leptos::prelude::*;

use crate::components::button::Button;
use crate::components::error_view::ErrorView;
use crate::i18n::Key;
use crate::state::preferences::use_lang;
use crate::state::session::{use_session, Outage};

/// Renders the current outage, if any, with "Check again".
#[component]
pub fn OutageBanner() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    view! {
        {move || {
            session
                .outage
                .get()
                .map(|outage| {
                    let (text, error) = match outage {
                        Outage::Keystone(e) => (Key::OutageKeystone, Some(e)),
                        Outage::TokenNotChecked => (Key::OutageTokenNotChecked, None),
                    };
                    view! {
                        <div class="gp-notice gp-notice--warn gp-outage" role="alert">
                            <p class="gp-outage__text">{move || lang.t(text)}</p>
                            {error.map(|e| view! { <ErrorView error=e title=Key::OutageTitle /> })}
                            <Button
                                class="gp-outage__check"
                                on_click=Callback::new(move |_| session.check_again())
                            >
                                {move || lang.t(Key::CheckAgain)}
                            </Button>
                        </div>
                    }
                })
        }}
    }
}
