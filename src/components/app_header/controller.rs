//! The header's work: the project switcher's choices, rescoping to another project, and
//! logging out, each failure reported as a toast (the header has no room for an error box).

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::i18n::{Key, Text};
use crate::model::filters::first_page_url;
use crate::model::project::{switcher_choices, ProjectChoice};
use crate::state::my_projects::use_my_projects;
use crate::state::session::{use_session, SessionContext};
use crate::state::toasts::{use_toasts, ToastKind, ToastText};

/// The header's state and actions.
#[derive(Clone, Copy)]
pub(super) struct HeaderController {
    session: SessionContext,
    /// What the switcher offers, the current project included.
    pub(super) choices: Memo<Vec<ProjectChoice>>,
    /// Rescoping; pending = the switcher is disabled.
    switch: Action<String, ()>,
    /// Logging out; pending = the button is busy, so a second click cannot race the first.
    log_out: Action<(), ()>,
}

impl HeaderController {
    /// The header's controller, for the session of the moment.
    pub(super) fn new() -> Self {
        let session = use_session();
        let toasts = use_toasts();
        let my_projects = use_my_projects().0;
        let choices = Memo::new(move |_| {
            let (id, name) = session
                .current
                .with(|s| {
                    s.as_ref()
                        .map(|s| (s.project_id.clone(), s.project_name.clone()))
                })
                .unwrap_or_default();
            let list = my_projects.get().and_then(Result::ok);
            switcher_choices(list.as_ref(), &id, &name)
        });
        // The project list feeds only the switcher, so its failure would go unnoticed: say
        // so. A 401 needs no toast; the login is already back.
        Effect::new(move |_| {
            if let Some(Err(e)) = my_projects.get() {
                if !e.is_unauthorized() {
                    toasts.push(
                        ToastKind::Error,
                        ToastText::failure(Text::new(Key::ProjectListFailed, &[]), e),
                    );
                }
            }
        });
        let location = use_location();
        let navigate = StoredValue::new(use_navigate());
        let switch = Action::new_local(move |id: &String| {
            let id = id.clone();
            async move {
                match session.switch_project(&id).await {
                    // The list restarts at its first page: a marker is an image of the old
                    // project's view, which Glance refuses (400) in the new one.
                    Ok(()) => {
                        let path = location.pathname.get_untracked();
                        let search = location.search.get_untracked();
                        if let Some(url) = first_page_url(&path, &search) {
                            let options = NavigateOptions {
                                replace: true,
                                ..NavigateOptions::default()
                            };
                            navigate.with_value(|nav| nav(&url, options));
                        }
                    }
                    // The old project stays in use.
                    Err(e) => toasts.push(
                        ToastKind::Error,
                        ToastText::failure(Text::new(Key::ProjectSwitchFailed, &[]), e),
                    ),
                }
            }
        });
        // Logging out revokes every token of the session.
        let log_out = Action::new_local(move |_: &()| async move {
            match session.log_out().await {
                Ok(()) => toasts.push(ToastKind::Info, Text::new(Key::LoggedOut, &[])),
                Err(e) => toasts.push(
                    ToastKind::Error,
                    ToastText::failure(Text::new(Key::LogoutFailed, &[]), e),
                ),
            }
        });
        HeaderController {
            session,
            choices,
            switch,
            log_out,
        }
    }

    /// Whether someone is logged in.
    pub(super) fn logged_in(&self) -> bool {
        self.session.current.with(|s| s.is_some())
    }

    /// The current project's id.
    pub(super) fn current_project(&self) -> String {
        self.session
            .current
            .with(|s| s.as_ref().map(|s| s.project_id.clone()))
            .unwrap_or_default()
    }

    /// The logged-in user's name.
    pub(super) fn user_name(&self) -> String {
        self.session
            .current
            .with(|s| s.as_ref().map(|s| s.user_name.clone()))
            .unwrap_or_default()
    }

    /// Rescopes to project `id`, unless it is the current one.
    pub(super) fn choose_project(&self, id: String) {
        if self
            .session
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.project_id == id))
            == Some(true)
        {
            return;
        }
        self.switch.dispatch_local(id);
    }

    /// Whether a rescope is running.
    pub(super) fn switching(&self) -> Signal<bool> {
        self.switch.pending().into()
    }

    /// Logs out.
    pub(super) fn log_out(&self) {
        self.log_out.dispatch_local(());
    }

    /// Whether the logout is running.
    pub(super) fn logging_out(&self) -> Signal<bool> {
        self.log_out.pending().into()
    }
}
