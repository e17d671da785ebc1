//! Why a control is not offered: the cloud's policy rule that refuses it, named with the check
//! string the portal holds for it, so a user can ask the operator about that exact rule.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::model::policy::Action;
use crate::state::policy::use_policy;
use crate::state::preferences::use_lang;

/// Renders "what: not offered, rule … (check) does not allow it".
#[component]
pub fn PolicyHint(
    /// What is not offered, already in the user's language ("Deactivate", "visibility public").
    #[prop(into)]
    what: Signal<String>,
    /// The action whose rule refuses it.
    action: Action,
) -> impl IntoView {
    let lang = use_lang();
    let check = use_policy().check_string(action);
    let check = if check.trim().is_empty() {
        "@".to_string()
    } else {
        check
    };
    view! {
        <p class="gp-field__hint gp-policy-hint" data-rule=action.rule()>
            {move || lang.get().tf(Key::PolicyWithheld, &[&what.get(), action.rule(), &check])}
        </p>
    }
}
