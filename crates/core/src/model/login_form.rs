//! The login form as typed, and what of it the browser keeps between visits: the non-secret
//! fields only, so that a returning user finds their name, domains and project filled in while
//! a password, an application credential's secret or a token is never stored. Turning the form
//! into credentials is the login flow's input (`flows::login::form_credentials`).

use serde::{Deserialize, Serialize};

/// The `localStorage` key the remembered fields are stored under.
pub const REMEMBER_KEY: &str = "gp.login";

/// How the user logs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginMethod {
    /// User name, password, domains and an optional project.
    Password,
    /// An application credential's id and secret.
    AppCredential,
    /// A token obtained elsewhere.
    Token,
}

/// Every field of the login form, as the user typed it (nothing trimmed yet).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoginForm {
    /// Keystone's address.
    pub auth_url: String,
    /// User name.
    pub user: String,
    /// Password.
    pub password: String,
    /// The user's domain, by name.
    pub user_domain: String,
    /// The project to scope to, by name; empty = the user's default project.
    pub project: String,
    /// The project's domain, by name.
    pub project_domain: String,
    /// Application credential id.
    pub cred_id: String,
    /// Application credential secret.
    pub cred_secret: String,
    /// A pasted token.
    pub token: String,
}

/// Login fields worth remembering between visits (no secrets). The field names are the
/// stored JSON's: renaming one would forget what users stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RememberedLogin {
    /// Keystone's address; empty when it was the configured default (see
    /// [`remembered_auth_url`]).
    pub auth_url: String,
    /// User name.
    pub user: String,
    /// The user's domain.
    pub user_domain: String,
    /// The project.
    pub project: String,
    /// The project's domain.
    pub project_domain: String,
}

impl RememberedLogin {
    /// What was stored; nothing, when there is nothing or it cannot be read.
    pub fn from_stored(stored: Option<&str>) -> Self {
        stored
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    }

    /// The JSON to store.
    pub fn to_stored(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }

    /// What to remember of `form`: its non-secret fields as typed, the auth URL only when it
    /// is not `default_auth_url`.
    pub fn of_form(form: &LoginForm, default_auth_url: &str) -> Self {
        RememberedLogin {
            auth_url: remembered_auth_url(&form.auth_url, default_auth_url),
            user: form.user.clone(),
            user_domain: form.user_domain.clone(),
            project: form.project.clone(),
            project_domain: form.project_domain.clone(),
        }
    }

    /// The form a visit starts with: what was remembered, else the configured Keystone and
    /// domain; secrets empty.
    pub fn prefill(&self, default_auth_url: &str, default_domain: &str) -> LoginForm {
        let or = |v: &str, d: &str| {
            if v.is_empty() {
                d.to_string()
            } else {
                v.to_string()
            }
        };
        LoginForm {
            auth_url: or(
                &remembered_auth_url(&self.auth_url, default_auth_url),
                default_auth_url,
            ),
            user: self.user.clone(),
            user_domain: or(&self.user_domain, default_domain),
            project: self.project.clone(),
            project_domain: or(&self.project_domain, default_domain),
            ..LoginForm::default()
        }
    }
}

/// The auth URL worth storing: none when it is the configured default, so that a later change
/// of `config.json` reaches users who never chose another Keystone (a stored copy of the old
/// default would override it forever).
pub fn remembered_auth_url(url: &str, default: &str) -> String {
    let url = url.trim();
    if url.trim_end_matches('/') == default.trim_end_matches('/') {
        String::new()
    } else {
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_auth_url_is_not_remembered() {
        let default = "/identity/v3";
        assert_eq!(remembered_auth_url("/identity/v3", default), "");
        assert_eq!(remembered_auth_url(" /identity/v3/ ", default), "");
        assert_eq!(
            remembered_auth_url("https://other.example/v3", default),
            "https://other.example/v3"
        );
    }

    fn typed() -> LoginForm {
        LoginForm {
            auth_url: "https://other.example/v3".into(),
            user: " alice ".into(),
            password: "s3cret".into(),
            user_domain: "Default".into(),
            project: "demo".into(),
            project_domain: "Default".into(),
            cred_id: "id".into(),
            cred_secret: "secret".into(),
            token: "gAAAA".into(),
        }
    }

    #[test]
    fn no_secret_is_remembered() {
        let json = RememberedLogin::of_form(&typed(), "/identity/v3")
            .to_stored()
            .unwrap();
        for secret in ["s3cret", "secret", "gAAAA"] {
            assert!(!json.contains(secret), "{json}");
        }
        assert_eq!(
            json,
            r#"{"auth_url":"https://other.example/v3","user":" alice ","user_domain":"Default","project":"demo","project_domain":"Default"}"#
        );
    }

    #[test]
    fn a_remembered_form_comes_back_without_its_secrets() {
        let stored = RememberedLogin::of_form(&typed(), "/identity/v3").to_stored();
        let form = RememberedLogin::from_stored(stored.as_deref()).prefill("/identity/v3", "x");
        assert_eq!(
            form,
            LoginForm {
                password: String::new(),
                cred_id: String::new(),
                cred_secret: String::new(),
                token: String::new(),
                ..typed()
            }
        );
    }

    #[test]
    fn a_first_visit_starts_from_the_config() {
        for stored in [None, Some("not json"), Some("{}")] {
            let form = RememberedLogin::from_stored(stored).prefill("/identity/v3", "Default");
            assert_eq!(
                form,
                LoginForm {
                    auth_url: "/identity/v3".into(),
                    user_domain: "Default".into(),
                    project_domain: "Default".into(),
                    ..LoginForm::default()
                }
            );
        }
    }

    #[test]
    fn a_remembered_copy_of_an_old_default_gives_way_to_the_new_one() {
        let remembered = RememberedLogin {
            auth_url: "/identity/v3/".into(),
            ..RememberedLogin::default()
        };
        assert_eq!(
            remembered.prefill("/identity/v3", "d").auth_url,
            "/identity/v3"
        );
        let remembered = RememberedLogin {
            auth_url: "https://elsewhere/v3".into(),
            ..RememberedLogin::default()
        };
        assert_eq!(
            remembered.prefill("/identity/v3", "d").auth_url,
            "https://elsewhere/v3"
        );
    }
}
