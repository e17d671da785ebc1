//! The portal's button: one look per kind (`gp-btn` and its modifiers), and a busy state
//! that comes from the work itself (an `Action`'s pending), so no page keeps its own flag.
//!
//! The id and the click handler are props the component puts on its own `<button>`, not
//! attributes forwarded to it (`attr:id`, `on:click` on the component): Leptos 0.8.23 keeps a
//! forwarded handler when the view is redrawn in place, so a list's Next button ran the
//! previous page's handler (docs/measured-facts.md).

use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::text_prop::TextProp;

/// How a button looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ButtonKind {
    /// An ordinary action.
    #[default]
    Plain,
    /// The one action the form or section is for.
    Primary,
    /// A minor action that should not draw the eye.
    Quiet,
    /// An action that destroys something.
    Danger,
}

impl ButtonKind {
    /// The BEM classes of this kind.
    pub fn class(self) -> &'static str {
        match self {
            ButtonKind::Plain => "gp-btn",
            ButtonKind::Primary => "gp-btn gp-btn--primary",
            ButtonKind::Quiet => "gp-btn gp-btn--quiet",
            ButtonKind::Danger => "gp-btn gp-btn--danger",
        }
    }
}

/// A button. While `busy` it is disabled, marked `aria-busy`, and says `busy_label` (when
/// given) instead of its children, so a second click cannot start the work twice.
#[component]
pub fn Button(
    /// The look.
    #[prop(optional)]
    kind: ButtonKind,
    /// A form's submit button (`type="submit"`); otherwise `type="button"`.
    #[prop(optional)]
    submit: bool,
    /// Whether the work the button starts is running.
    #[prop(optional, into)]
    busy: Signal<bool>,
    /// Whether the button cannot be used now, for another reason than being busy.
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// What the button says while busy ("Saving…").
    #[prop(optional, into)]
    busy_label: Option<TextProp>,
    /// An extra BEM class for the button's place (`gp-edit__save`).
    #[prop(optional)]
    class: &'static str,
    /// The element's id.
    #[prop(optional)]
    id: Option<&'static str>,
    /// A tooltip: what the button does beyond its label.
    #[prop(optional, into)]
    title: Option<TextProp>,
    /// What a click does (none for a form's submit button, whose form handles it).
    #[prop(optional, into)]
    on_click: Option<Callback<MouseEvent>>,
    /// What the button says.
    children: ChildrenFn,
) -> impl IntoView {
    let class = if class.is_empty() {
        kind.class().to_string()
    } else {
        format!("{} {class}", kind.class())
    };
    let label = move || match (&busy_label, busy.get()) {
        (Some(text), true) => text.get().into_any(),
        _ => children().into_any(),
    };
    view! {
        <button
            type=if submit { "submit" } else { "button" }
            id=id
            class=class
            title=move || title.as_ref().map(|t| t.get().to_string())
            on:click=move |ev| {
                if let Some(on_click) = on_click {
                    on_click.run(ev);
                }
            }
            disabled=move || busy.get() || disabled.get()
            aria-busy=move || busy.get().then_some("true")
        >
            {label}
        </button>
    }
}
