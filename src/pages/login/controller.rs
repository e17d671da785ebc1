//! The login page's state and what it does: the form's fields (non-secret ones prefilled from
//! the last visit), the method chosen, the browser-style refusal of a form with a required
//! field left empty, and the login itself, whose pending state is the form's busy state and
//! whose value is Keystone's answer.

use leptos::prelude::*;

use crate::api::keystone::Credentials;
use crate::flows::login::form_credentials;
use crate::model::login_form::{LoginForm, LoginMethod, RememberedLogin, REMEMBER_KEY};
use crate::problem::Problem;
use crate::state::browser_storage::{self, Area};
use crate::state::session::use_session;

/// One signal per form field, bound to its input.
#[derive(Clone, Copy)]
pub(super) struct LoginFields {
    /// Keystone's address.
    pub(super) auth_url: RwSignal<String>,
    /// User name.
    pub(super) user: RwSignal<String>,
    /// Password (never stored).
    pub(super) password: RwSignal<String>,
    /// The user's domain.
    pub(super) user_domain: RwSignal<String>,
    /// The project.
    pub(super) project: RwSignal<String>,
    /// The project's domain.
    pub(super) project_domain: RwSignal<String>,
    /// Application credential id.
    pub(super) cred_id: RwSignal<String>,
    /// Application credential secret (never stored).
    pub(super) cred_secret: RwSignal<String>,
    /// A pasted token (never stored).
    pub(super) token: RwSignal<String>,
}

impl LoginFields {
    fn new(form: LoginForm) -> Self {
        LoginFields {
            auth_url: RwSignal::new(form.auth_url),
            user: RwSignal::new(form.user),
            password: RwSignal::new(form.password),
            user_domain: RwSignal::new(form.user_domain),
            project: RwSignal::new(form.project),
            project_domain: RwSignal::new(form.project_domain),
            cred_id: RwSignal::new(form.cred_id),
            cred_secret: RwSignal::new(form.cred_secret),
            token: RwSignal::new(form.token),
        }
    }

    /// The form as typed now.
    fn untracked(&self) -> LoginForm {
        LoginForm {
            auth_url: self.auth_url.get_untracked(),
            user: self.user.get_untracked(),
            password: self.password.get_untracked(),
            user_domain: self.user_domain.get_untracked(),
            project: self.project.get_untracked(),
            project_domain: self.project_domain.get_untracked(),
            cred_id: self.cred_id.get_untracked(),
            cred_secret: self.cred_secret.get_untracked(),
            token: self.token.get_untracked(),
        }
    }
}

/// The login page's controller.
#[derive(Clone, Copy)]
pub(super) struct LoginController {
    /// How the user logs in.
    pub(super) method: RwSignal<LoginMethod>,
    /// The form's fields.
    pub(super) fields: LoginFields,
    /// A form the browser refused (a required field left empty): nothing was sent.
    refused: RwSignal<Option<Problem>>,
    /// Logging in: pending = the form is busy; the value is Keystone's answer.
    log_in: Action<(String, Credentials), Result<(), Problem>>,
    /// Whether a login is on its way.
    busy: Memo<bool>,
    /// What the form shows: the newer of the browser's refusal and Keystone's answer.
    error: Memo<Option<Problem>>,
    /// The configured Keystone, which is not remembered (see `RememberedLogin::of_form`).
    default_auth_url: StoredValue<String>,
}

impl LoginController {
    /// The form as the last visit left it (non-secret fields only), else as configured.
    pub(super) fn new() -> Self {
        let session = use_session();
        let config = session.config.get_value();
        let default_auth_url = config.keystone_base().to_string();
        let remembered = RememberedLogin::from_stored(
            browser_storage::get(Area::Local, REMEMBER_KEY).as_deref(),
        );
        let fields =
            LoginFields::new(remembered.prefill(&default_auth_url, &config.default_domain));
        let refused = RwSignal::new(None::<Problem>);
        let password = fields.password;
        // The password is cleared only once it has worked.
        let log_in = Action::new_local(move |(url, credentials): &(String, Credentials)| {
            let (url, credentials) = (url.clone(), credentials.clone());
            async move {
                let result = session.log_in(url.trim(), credentials).await;
                if result.is_ok() {
                    password.set(String::new());
                }
                result
            }
        });
        let busy = log_in.pending();
        let error = Memo::new(move |_| {
            refused
                .get()
                .or_else(|| log_in.value().get().and_then(Result::err))
        });
        LoginController {
            method: RwSignal::new(LoginMethod::Password),
            fields,
            refused,
            log_in,
            busy,
            error,
            default_auth_url: StoredValue::new(default_auth_url),
        }
    }

    /// Switches the method; what the form said about the other one goes.
    pub(super) fn choose(&self, method: LoginMethod) {
        self.method.set(method);
        self.refused.set(None);
        self.log_in.clear();
    }

    /// Sends the form, or refuses it as the browser would when a required field is empty.
    /// The non-secret fields are remembered once the form is complete.
    pub(super) fn submit(&self) {
        let form = self.fields.untracked();
        let credentials = match form_credentials(self.method.get_untracked(), &form) {
            Ok(c) => c,
            Err(e) => {
                self.refused.set(Some(e.into()));
                return;
            }
        };
        self.refused.set(None);
        self.log_in.clear();
        let remember = self
            .default_auth_url
            .with_value(|default| RememberedLogin::of_form(&form, default));
        if let Some(json) = remember.to_stored() {
            browser_storage::set(Area::Local, REMEMBER_KEY, &json);
        }
        self.log_in.dispatch_local((form.auth_url, credentials));
    }

    /// Whether a login is on its way.
    pub(super) fn busy(&self) -> Signal<bool> {
        self.busy.into()
    }

    /// What the form shows as failed, if anything.
    pub(super) fn error(&self) -> Option<Problem> {
        self.error.get()
    }

    /// The Keystone address as typed now, trimmed: where the portal looked.
    pub(super) fn auth_url_untracked(&self) -> String {
        self.fields.auth_url.get_untracked().trim().to_string()
    }
}
