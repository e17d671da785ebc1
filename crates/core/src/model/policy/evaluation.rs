//! A cloud's policy — Glance's defaults with the operator's overrides — evaluated with
//! oslo.policy's semantics: rule references, roles, credentials, literals and `%(key)s`
//! substitution from the target.

use std::collections::BTreeMap;
use std::fmt;

use super::action::Action;
use super::check::{Check, ParseError};
use super::context::{Credentials, Target};
use super::glance_defaults::GLANCE_DEFAULTS;

/// The outcome of evaluating a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Glance will allow it.
    Allowed,
    /// Glance will refuse it (403).
    Denied,
    /// The rule uses a check the portal cannot evaluate; only Glance knows.
    Unknown,
}

impl Decision {
    /// Whether the portal should offer the control: yes unless it knows Glance refuses.
    pub fn offered(self) -> bool {
        self != Decision::Denied
    }

    fn not(self) -> Decision {
        match self {
            Decision::Allowed => Decision::Denied,
            Decision::Denied => Decision::Allowed,
            Decision::Unknown => Decision::Unknown,
        }
    }
}

/// A cloud's policy: Glance's defaults with the operator's overrides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    rules: BTreeMap<String, (String, Check)>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy::glance_defaults()
    }
}

/// An override in `config.json`'s `policy` that cannot be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverrideError {
    /// The rule it was meant to replace.
    pub rule: String,
    /// Why its check string is not valid.
    pub error: ParseError,
}

impl fmt::Display for OverrideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "policy rule \"{}\": {}", self.rule, self.error)
    }
}

/// How deep `rule:` references may nest: a cycle in an operator's rules must not hang the page.
const MAX_DEPTH: usize = 32;

impl Policy {
    /// Glance 33's default policy.
    pub fn glance_defaults() -> Self {
        let rules = GLANCE_DEFAULTS
            .iter()
            .map(|(name, text)| {
                let check = Check::parse(text).expect("Glance's default rules parse");
                (name.to_string(), (text.to_string(), check))
            })
            .collect();
        Policy { rules }
    }

    /// The defaults with `overrides` (rule → check string, as in Glance's `policy.yaml`).
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> Result<Self, OverrideError> {
        let mut policy = Policy::glance_defaults();
        for (rule, text) in overrides {
            let check = Check::parse(text).map_err(|error| OverrideError {
                rule: rule.clone(),
                error,
            })?;
            policy.rules.insert(rule.clone(), (text.clone(), check));
        }
        Ok(policy)
    }

    /// The check string the portal holds for `rule` (the `default` rule's when it has none,
    /// as oslo.policy falls back).
    pub fn check_string(&self, rule: &str) -> &str {
        self.lookup(rule)
            .map(|(text, _)| text.as_str())
            .unwrap_or("")
    }

    fn lookup(&self, rule: &str) -> Option<&(String, Check)> {
        self.rules.get(rule).or_else(|| self.rules.get("default"))
    }

    /// Evaluates `action`'s rule for `creds` on `target`.
    pub fn decide(&self, action: Action, creds: &Credentials, target: &Target) -> Decision {
        match action {
            // Glance checks the visibility rule and then modify_image.
            Action::Publicize | Action::Communitize => {
                let own = self.enforce(action.rule(), creds, target);
                let modify = self.enforce(Action::ModifyImage.rule(), creds, target);
                both(own, modify)
            }
            _ => self.enforce(action.rule(), creds, target),
        }
    }

    /// Shorthand: whether the control for `action` should be offered.
    pub fn allows(&self, action: Action, creds: &Credentials, target: &Target) -> bool {
        self.decide(action, creds, target).offered()
    }

    /// Evaluates a named rule, as oslo.policy's `Enforcer.enforce` does.
    pub fn enforce(&self, rule: &str, creds: &Credentials, target: &Target) -> Decision {
        match self.lookup(rule) {
            Some((_, check)) => self.eval(check, creds, target, 0),
            // No such rule and no default: oslo.policy refuses.
            None => Decision::Denied,
        }
    }

    fn eval(&self, check: &Check, creds: &Credentials, target: &Target, depth: usize) -> Decision {
        if depth > MAX_DEPTH {
            return Decision::Unknown;
        }
        let verdict = |b: bool| {
            if b {
                Decision::Allowed
            } else {
                Decision::Denied
            }
        };
        match check {
            Check::Always => Decision::Allowed,
            Check::Never => Decision::Denied,
            Check::Opaque(_) => Decision::Unknown,
            Check::Rule(name) => match self.lookup(name) {
                Some((_, inner)) => self.eval(inner, creds, target, depth + 1),
                None => Decision::Denied,
            },
            Check::Role(role) => match substitute(role, target) {
                Some(role) => verdict(creds.roles.iter().any(|r| r.eq_ignore_ascii_case(&role))),
                None => Decision::Denied,
            },
            Check::Generic { kind, value } => match substitute(value, target) {
                Some(value) => match literal(kind) {
                    Some(lit) => verdict(lit == value),
                    None => match self.credential(creds, kind, depth) {
                        Some(values) => verdict(values.contains(&value)),
                        None => Decision::Denied,
                    },
                },
                None => Decision::Denied,
            },
            Check::Not(inner) => self.eval(inner, creds, target, depth + 1).not(),
            Check::And(parts) => parts.iter().fold(Decision::Allowed, |acc, part| {
                both(acc, self.eval(part, creds, target, depth + 1))
            }),
            Check::Or(parts) => parts.iter().fold(Decision::Denied, |acc, part| {
                match (acc, self.eval(part, creds, target, depth + 1)) {
                    (Decision::Allowed, _) | (_, Decision::Allowed) => Decision::Allowed,
                    (Decision::Unknown, _) | (_, Decision::Unknown) => Decision::Unknown,
                    _ => Decision::Denied,
                }
            }),
        }
    }
}

fn both(a: Decision, b: Decision) -> Decision {
    match (a, b) {
        (Decision::Denied, _) | (_, Decision::Denied) => Decision::Denied,
        (Decision::Unknown, _) | (_, Decision::Unknown) => Decision::Unknown,
        _ => Decision::Allowed,
    }
}

/// Python's `text % target` for `%(key)s` placeholders; `None` when a key is missing (oslo
/// then fails the check).
fn substitute(text: &str, target: &Target) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("%(") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find(")s")?;
        out.push_str(target.0.get(&after[..end])?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Some(out)
}

/// The value of a quoted (or Python-literal) left side: `'public'`, `True`, `42`.
fn literal(kind: &str) -> Option<String> {
    let quoted = |q: char| kind.len() >= 2 && kind.starts_with(q) && kind.ends_with(q);
    if quoted('\'') || quoted('"') {
        return Some(kind[1..kind.len() - 1].to_string());
    }
    if kind == "True" || kind == "False" || kind == "None" || kind.parse::<f64>().is_ok() {
        return Some(kind.to_string());
    }
    None
}

impl Policy {
    /// The caller's values for a credential name, as strings (a list for `roles`).
    /// `is_admin` is what Glance's context derives from this policy's `context_is_admin`.
    fn credential(&self, creds: &Credentials, kind: &str, depth: usize) -> Option<Vec<String>> {
        match kind {
            "project_id" | "tenant" | "tenant_id" | "owner" => Some(vec![creds.project_id.clone()]),
            "user_id" | "user" => Some(vec![creds.user_id.clone()]),
            "roles" => Some(creds.roles.clone()),
            "is_admin" => {
                let admin = self
                    .lookup("context_is_admin")
                    .map(|(_, check)| self.eval(check, creds, &Target::new(), depth + 1));
                let is = admin == Some(Decision::Allowed);
                Some(vec![if is { "True" } else { "False" }.to_string()])
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::test_support::{admin, image, member};
    use serde_json::json;

    #[test]
    fn owners_members_may_deactivate_and_reactivate_under_glance_33_defaults() {
        let policy = Policy::glance_defaults();
        let own = image("p-demo", "private");
        assert_eq!(
            policy.decide(Action::Deactivate, &member("p-demo"), &own),
            Decision::Allowed
        );
        assert_eq!(
            policy.decide(Action::Reactivate, &member("p-demo"), &own),
            Decision::Allowed
        );
        assert_eq!(
            policy.decide(Action::Deactivate, &member("p-alt"), &own),
            Decision::Denied
        );
        assert_eq!(
            policy.decide(Action::Deactivate, &admin(), &own),
            Decision::Allowed
        );
    }

    #[test]
    fn public_is_admin_only_and_community_is_the_owners() {
        let policy = Policy::glance_defaults();
        let own = image("p-demo", "private");
        assert!(!policy.allows(Action::Publicize, &member("p-demo"), &own));
        assert!(policy.allows(Action::Communitize, &member("p-demo"), &own));
        assert!(policy.allows(Action::Publicize, &admin(), &own));
        assert!(!policy.allows(Action::ChangeOwner, &member("p-demo"), &own));
        assert!(policy.allows(Action::ChangeOwner, &admin(), &own));
        assert!(!policy.allows(Action::CopyImage, &member("p-demo"), &own));
    }

    #[test]
    fn a_project_that_does_not_own_the_image_may_read_download_and_answer() {
        let policy = Policy::glance_defaults();
        let shared = Target::image(
            &json!({"id": "i1", "owner": "p-demo", "visibility": "shared"}),
            Some("p-alt"),
        );
        let alt = member("p-alt");
        for action in [
            Action::ModifyImage,
            Action::DeleteImage,
            Action::AddMember,
            Action::Deactivate,
        ] {
            assert!(!policy.allows(action, &alt, &shared), "{action:?}");
        }
        assert!(policy.allows(Action::DownloadImage, &alt, &shared));
        assert!(policy.allows(Action::ModifyMember, &alt, &shared));
        // A reader-only user may look but not download (download needs the member role).
        let reader = Credentials {
            roles: vec!["reader".into()],
            ..member("p-alt")
        };
        assert!(!policy.allows(Action::DownloadImage, &reader, &shared));
    }

    #[test]
    fn overrides_replace_rules_and_name_bad_ones() {
        let overrides = BTreeMap::from([("deactivate".to_string(), "role:admin".to_string())]);
        let policy = Policy::with_overrides(&overrides).unwrap();
        let own = image("p-demo", "private");
        assert!(!policy.allows(Action::Deactivate, &member("p-demo"), &own));
        assert!(policy.allows(Action::Reactivate, &member("p-demo"), &own));
        assert_eq!(policy.check_string("deactivate"), "role:admin");
        let bad = BTreeMap::from([("modify_image".to_string(), "(role:admin".to_string())]);
        let err = Policy::with_overrides(&bad).unwrap_err();
        assert_eq!(err.rule, "modify_image");
        assert!(err.to_string().contains("not closed"), "{err}");
    }

    #[test]
    fn literals_credentials_and_missing_keys_behave_as_oslo_policy() {
        let policy = Policy::with_overrides(&BTreeMap::from([
            ("a".to_string(), "'shared':%(visibility)s".to_string()),
            ("b".to_string(), "is_admin:True".to_string()),
            ("c".to_string(), "user_id:%(no_such_key)s".to_string()),
            ("d".to_string(), "True:%(protected)s".to_string()),
            ("loop".to_string(), "rule:loop".to_string()),
            (
                "opaque".to_string(),
                "http://policy.example/check or role:nobody".to_string(),
            ),
        ]))
        .unwrap();
        let shared = image("p", "shared");
        assert_eq!(
            policy.enforce("a", &member("p"), &shared),
            Decision::Allowed
        );
        assert_eq!(
            policy.enforce("a", &member("p"), &image("p", "public")),
            Decision::Denied
        );
        assert_eq!(policy.enforce("b", &admin(), &shared), Decision::Allowed);
        assert_eq!(policy.enforce("b", &member("p"), &shared), Decision::Denied);
        assert_eq!(policy.enforce("c", &member("p"), &shared), Decision::Denied);
        assert_eq!(policy.enforce("d", &member("p"), &shared), Decision::Denied);
        assert_eq!(
            policy.enforce("loop", &member("p"), &shared),
            Decision::Unknown
        );
        assert_eq!(
            policy.enforce("opaque", &member("p"), &shared),
            Decision::Unknown
        );
        assert!(Decision::Unknown.offered());
        // An unknown rule name falls back to `default`, which Glance 33 leaves empty.
        assert_eq!(
            policy.enforce("no_such_rule", &member("p"), &shared),
            Decision::Allowed
        );
    }

    #[test]
    fn roles_match_case_insensitively() {
        let creds = Credentials {
            roles: vec!["Admin".into()],
            ..member("p")
        };
        assert!(Policy::glance_defaults().allows(Action::CopyImage, &creds, &Target::new()));
    }
}
