//! One labelled control (`gp-field`): the label tied to the control by its id, an optional
//! hint, and the validation message as an alert under it. The control itself is the child,
//! so any input, select or textarea fits; it carries the same `id`, and may name the hint
//! (`aria-describedby="{id}-hint"`).

use leptos::prelude::*;
use leptos::text_prop::TextProp;

/// A label, its control (the children), a hint and a validation message.
#[component]
pub fn Field(
    /// The control's id, which the label's `for` names.
    id: &'static str,
    /// The label.
    #[prop(into)]
    label: TextProp,
    /// A line of help under the control.
    #[prop(optional, into)]
    hint: Option<TextProp>,
    /// The validation message, worded in the current language; none when the value is fine.
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    /// An extra BEM class for the field's place (`gp-field--name`).
    #[prop(optional)]
    class: &'static str,
    /// The control.
    children: Children,
) -> impl IntoView {
    let class = if class.is_empty() {
        "gp-field".to_string()
    } else {
        format!("gp-field {class}")
    };
    let hint = hint.map(|hint| {
        view! {
            <p class="gp-field__hint" id=format!("{id}-hint")>
                {move || hint.get()}
            </p>
        }
    });
    let error = error.map(|error| {
        move || {
            error.get().map(|message| {
                view! {
                    <p class="gp-field__error" role="alert">
                        {message}
                    </p>
                }
            })
        }
    });
    view! {
        <div class=class>
            <label class="gp-field__label" for=id>
                {move || label.get()}
            </label>
            {children()}
            {hint}
            {error}
        </div>
    }
}
