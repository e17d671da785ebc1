//! Glance's authorization policy, as data the portal can evaluate before it offers an action.
//!
//! Glance decides every request with oslo.policy: a named rule (`deactivate`,
//! `publicize_image`, …) holds a *check string* such as
//! `rule:context_is_admin or (role:member and project_id:%(project_id)s)`, evaluated against
//! the caller's credentials (roles, project) and a target (the image: owner, visibility, …).
//! Operators change these rules, so the portal does not hard-code "admin only": it keeps
//! Glance 33's defaults as check strings ([`GLANCE_DEFAULTS`]), lets `config.json`'s `policy`
//! replace any of them with the cloud's own (the same syntax as Glance's `policy.yaml`), and
//! evaluates them with the same semantics as oslo.policy. What Glance still refuses (a rule
//! the portal was not told about) comes back as a 403 that names the rule it expected.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::model::schema::ImageSchema;

/// Glance 33.0.0's default rules (`glance/policies/*.py`, secure RBAC defaults), as
/// `(rule, check string)`. Only the rules the portal consults and the ones they refer to.
pub const GLANCE_DEFAULTS: &[(&str, &str)] = &[
    ("default", ""),
    ("context_is_admin", "role:admin"),
    ("service_api", "role:service or role:admin"),
    (
        "add_image",
        "rule:context_is_admin or (role:member and project_id:%(project_id)s and project_id:%(owner)s)",
    ),
    ("delete_image", ADMIN_OR_PROJECT_MEMBER),
    (
        "get_image",
        "rule:context_is_admin or (role:reader and (project_id:%(project_id)s or project_id:%(member_id)s or 'community':%(visibility)s or 'public':%(visibility)s or 'shared':%(visibility)s))",
    ),
    ("modify_image", ADMIN_OR_PROJECT_MEMBER),
    ("publicize_image", "rule:context_is_admin"),
    ("communitize_image", ADMIN_OR_PROJECT_MEMBER),
    ("download_image", ADMIN_OR_MEMBER_DOWNLOAD),
    ("upload_image", ADMIN_OR_PROJECT_MEMBER),
    ("add_member", ADMIN_OR_PROJECT_MEMBER),
    ("delete_member", ADMIN_OR_PROJECT_MEMBER),
    (
        "get_members",
        "rule:context_is_admin or role:reader and (project_id:%(project_id)s or project_id:%(member_id)s)",
    ),
    (
        "modify_member",
        "rule:context_is_admin or (role:member and project_id:%(member_id)s)",
    ),
    ("deactivate", ADMIN_OR_PROJECT_MEMBER),
    ("reactivate", ADMIN_OR_PROJECT_MEMBER),
    ("copy_image", "rule:context_is_admin"),
];

const ADMIN_OR_PROJECT_MEMBER: &str =
    "rule:context_is_admin or (role:member and project_id:%(project_id)s)";
const ADMIN_OR_MEMBER_DOWNLOAD: &str = "rule:context_is_admin or (role:member and (project_id:%(project_id)s or project_id:%(member_id)s or 'community':%(visibility)s or 'public':%(visibility)s or 'shared':%(visibility)s))";

/// What the portal asks the policy before offering a control; each maps to the Glance rule
/// that decides the request the control would send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// Create an image owned by the caller's project.
    CreateImage,
    /// Change an image's properties or tags (`PATCH`).
    ModifyImage,
    /// Make an image `public` (checked as well as [`Action::ModifyImage`]).
    Publicize,
    /// Make an image `community`.
    Communitize,
    /// Change an image's `owner`: Glance allows it to admins only, in code rather than policy
    /// ("Owner can't be updated by non admin"), so it follows `context_is_admin`.
    ChangeOwner,
    /// Delete an image.
    DeleteImage,
    /// Send data (`PUT …/file`, stage, import).
    UploadImage,
    /// Read an image's data.
    DownloadImage,
    /// Add a member to an image.
    AddMember,
    /// Remove a member.
    DeleteMember,
    /// List an image's members.
    GetMembers,
    /// Answer an image shared with the caller's project (accept, reject).
    ModifyMember,
    /// Deactivate an image.
    Deactivate,
    /// Reactivate an image.
    Reactivate,
    /// Copy an image's data into more stores (`copy-image`).
    CopyImage,
}

impl Action {
    /// The oslo.policy rule Glance enforces for this action.
    pub fn rule(self) -> &'static str {
        match self {
            Action::CreateImage => "add_image",
            Action::ModifyImage => "modify_image",
            Action::Publicize => "publicize_image",
            Action::Communitize => "communitize_image",
            Action::ChangeOwner => "context_is_admin",
            Action::DeleteImage => "delete_image",
            Action::UploadImage => "upload_image",
            Action::DownloadImage => "download_image",
            Action::AddMember => "add_member",
            Action::DeleteMember => "delete_member",
            Action::GetMembers => "get_members",
            Action::ModifyMember => "modify_member",
            Action::Deactivate => "deactivate",
            Action::Reactivate => "reactivate",
            Action::CopyImage => "copy_image",
        }
    }
}

/// The caller as Glance's request context describes it to oslo.policy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    /// Role names on the token's project.
    pub roles: Vec<String>,
    /// The token's project.
    pub project_id: String,
    /// The token's user.
    pub user_id: String,
}

/// The object a rule is checked against: the `%(key)s` values of check strings, already in
/// the string form oslo.policy compares (Python's `str()`: `True`, `None`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target(BTreeMap<String, String>);

impl Target {
    /// An empty target (rules about the caller only, such as `context_is_admin`).
    pub fn new() -> Self {
        Target::default()
    }

    /// Sets one key.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.0.insert(key.to_string(), value.into());
        self
    }

    /// The target Glance builds from an image (`ImageTarget`): every top-level property,
    /// with `project_id` standing for `owner`, and `member_id` for the caller's project when
    /// it is a member of the image (`None` when unknown, as Glance reads a missing member).
    pub fn image(image: &serde_json::Value, member_project: Option<&str>) -> Self {
        let mut map = BTreeMap::new();
        if let Some(obj) = image.as_object() {
            for (key, value) in obj {
                if let Some(text) = python_str(value) {
                    map.insert(key.clone(), text);
                }
            }
        }
        let owner = map.get("owner").cloned().unwrap_or_else(|| "None".into());
        map.insert("owner".into(), owner.clone());
        map.insert("project_id".into(), owner);
        if let Some(id) = map.get("id").cloned() {
            map.insert("image_id".into(), id);
        }
        map.insert(
            "member_id".into(),
            member_project.unwrap_or("None").to_string(),
        );
        Target(map)
    }
}

/// A JSON scalar as Python's `str()` renders it, which is what oslo.policy compares.
fn python_str(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Bool(true) => Some("True".into()),
        serde_json::Value::Bool(false) => Some("False".into()),
        serde_json::Value::Null => Some("None".into()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A parsed check string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// `@`, or an empty string: always passes.
    Always,
    /// `!`: never passes.
    Never,
    /// `rule:<name>`: another rule.
    Rule(String),
    /// `role:<name>`: the caller holds the role (case-insensitive; may use `%(key)s`).
    Role(String),
    /// `<credential or 'literal'>:<value or %(target_key)s>`.
    Generic {
        /// A credential name (`project_id`, `user_id`, `roles`…) or a quoted literal.
        kind: String,
        /// The value to compare, possibly with `%(key)s` substitutions from the target.
        value: String,
    },
    /// A check kind the portal cannot evaluate (`http:`, a custom plugin): the outcome is
    /// left to Glance.
    Opaque(String),
    /// `not <check>`.
    Not(Box<Check>),
    /// `<check> and <check> …`.
    And(Vec<Check>),
    /// `<check> or <check> …`.
    Or(Vec<Check>),
}

/// A check string that cannot be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The check string.
    pub input: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in \"{}\"", self.problem, self.input)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Check(String),
}

/// Splits like oslo.policy's `_parse_tokenize`: whitespace separates tokens, and parentheses
/// at either end of a word are tokens of their own.
fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for word in input.split_whitespace() {
        let mut word = word;
        while let Some(rest) = word.strip_prefix('(') {
            tokens.push(Token::Open);
            word = rest;
        }
        let mut closes = 0;
        while let Some(rest) = word.strip_suffix(')') {
            closes += 1;
            word = rest;
        }
        match word {
            "" => {}
            w if w.eq_ignore_ascii_case("and") => tokens.push(Token::And),
            w if w.eq_ignore_ascii_case("or") => tokens.push(Token::Or),
            w if w.eq_ignore_ascii_case("not") => tokens.push(Token::Not),
            w => tokens.push(Token::Check(w.to_string())),
        }
        tokens.extend(std::iter::repeat_n(Token::Close, closes));
    }
    tokens
}

impl Check {
    /// Parses a check string (oslo.policy's syntax: `and` binds tighter than `or`, `not`
    /// tighter than both).
    pub fn parse(input: &str) -> Result<Check, ParseError> {
        let tokens = tokenize(input);
        if tokens.is_empty() {
            return Ok(Check::Always);
        }
        let error = |problem: &str| ParseError {
            input: input.to_string(),
            problem: problem.to_string(),
        };
        let mut parser = Parser { tokens, at: 0 };
        let check = parser.or().map_err(|p| error(&p))?;
        if parser.at != parser.tokens.len() {
            return Err(error("unexpected text after the end of the rule"));
        }
        Ok(check)
    }

    fn atom(text: &str) -> Check {
        match text {
            "@" => return Check::Always,
            "!" => return Check::Never,
            _ => {}
        }
        let Some((kind, value)) = text.split_once(':') else {
            return Check::Opaque(text.to_string());
        };
        match kind {
            "rule" => Check::Rule(value.to_string()),
            "role" => Check::Role(value.to_string()),
            "http" | "https" => Check::Opaque(text.to_string()),
            _ => Check::Generic {
                kind: kind.to_string(),
                value: value.to_string(),
            },
        }
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Result<Check, String> {
        self.chain(Token::Or, Self::and, Check::Or)
    }

    fn and(&mut self) -> Result<Check, String> {
        self.chain(Token::And, Self::not, Check::And)
    }

    /// `operand (op operand)*`, folded into `join` when there is more than one operand.
    fn chain(
        &mut self,
        op: Token,
        operand: fn(&mut Self) -> Result<Check, String>,
        join: fn(Vec<Check>) -> Check,
    ) -> Result<Check, String> {
        let mut parts = vec![operand(self)?];
        while self.peek() == Some(&op) {
            self.at += 1;
            parts.push(operand(self)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            join(parts)
        })
    }

    fn not(&mut self) -> Result<Check, String> {
        if self.peek() == Some(&Token::Not) {
            self.at += 1;
            return Ok(Check::Not(Box::new(self.not()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Check, String> {
        match self.tokens.get(self.at).cloned() {
            Some(Token::Open) => {
                self.at += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return Err("a \"(\" is not closed".into());
                }
                self.at += 1;
                Ok(inner)
            }
            Some(Token::Check(text)) => {
                self.at += 1;
                Ok(Check::atom(&text))
            }
            Some(Token::Close) => Err("a \")\" has no \"(\"".into()),
            Some(Token::And | Token::Or | Token::Not) => {
                Err("an operator is missing its check".into())
            }
            None => Err("the rule ends where a check was expected".into()),
        }
    }
}

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

/// Something the editor does not offer because the policy refuses it, for the hint that says
/// so (and which rule decided).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withheld {
    /// The property.
    pub key: String,
    /// The value withheld (`public`), or `None` when the whole property is.
    pub value: Option<String>,
    /// What decided it.
    pub action: Action,
}

/// The image schema as this caller may edit it: visibility values the policy refuses are
/// dropped (the image's current value stays, so nothing is changed behind the user's back),
/// and `owner` becomes read-only unless the caller may change it.
pub fn editor_schema(
    schema: &ImageSchema,
    current: &Map<String, Value>,
    allows: impl Fn(Action) -> bool,
) -> (ImageSchema, Vec<Withheld>) {
    let mut schema = schema.clone();
    let mut withheld = Vec::new();
    let visibility_now = current.get("visibility").and_then(Value::as_str);
    for (key, prop) in schema.properties.iter_mut() {
        match key.as_str() {
            "visibility" => prop.enum_values.retain(|v| {
                let action = match v.as_str() {
                    Some("public") => Action::Publicize,
                    Some("community") => Action::Communitize,
                    _ => return true,
                };
                let keep = allows(action) || v.as_str() == visibility_now;
                if !keep {
                    withheld.push(Withheld {
                        key: key.clone(),
                        value: v.as_str().map(str::to_string),
                        action,
                    });
                }
                keep
            }),
            "owner" if !prop.read_only && !allows(Action::ChangeOwner) => {
                prop.read_only = true;
                withheld.push(Withheld {
                    key: key.clone(),
                    value: None,
                    action: Action::ChangeOwner,
                });
            }
            _ => {}
        }
    }
    (schema, withheld)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn member(project: &str) -> Credentials {
        Credentials {
            roles: vec!["member".into(), "reader".into()],
            project_id: project.into(),
            user_id: "u1".into(),
        }
    }

    fn admin() -> Credentials {
        Credentials {
            roles: vec!["admin".into(), "member".into(), "reader".into()],
            project_id: "p-admin".into(),
            user_id: "u0".into(),
        }
    }

    fn image(owner: &str, visibility: &str) -> Target {
        Target::image(
            &json!({"id": "i1", "owner": owner, "visibility": visibility, "protected": false}),
            None,
        )
    }

    #[test]
    fn every_default_rule_parses() {
        for (name, text) in GLANCE_DEFAULTS {
            assert!(Check::parse(text).is_ok(), "{name}: {text}");
        }
    }

    #[test]
    fn parses_precedence_and_parentheses() {
        assert_eq!(
            Check::parse("role:a or role:b and not role:c").unwrap(),
            Check::Or(vec![
                Check::Role("a".into()),
                Check::And(vec![
                    Check::Role("b".into()),
                    Check::Not(Box::new(Check::Role("c".into())))
                ])
            ])
        );
        assert_eq!(Check::parse("((role:a))").unwrap(), Check::Role("a".into()));
        assert_eq!(Check::parse("  ").unwrap(), Check::Always);
        assert_eq!(Check::parse("!").unwrap(), Check::Never);
        assert!(matches!(
            Check::parse("http://x").unwrap(),
            Check::Opaque(_)
        ));
    }

    #[test]
    fn refuses_malformed_check_strings() {
        for bad in [
            "(role:a",
            "role:a)",
            "role:a or",
            "and role:a",
            "role:a role:b",
        ] {
            assert!(Check::parse(bad).is_err(), "{bad}");
        }
    }

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
    fn the_editor_withholds_public_and_owner_from_members_but_keeps_the_current_value() {
        let schema = ImageSchema::parse(&json!({
            "name": "image",
            "properties": {
                "visibility": {"type": "string", "enum": ["community", "public", "private", "shared"]},
                "owner": {"type": ["null", "string"], "maxLength": 255},
                "name": {"type": ["null", "string"]}
            }
        }))
        .unwrap();
        let policy = Policy::glance_defaults();
        let image = json!({"id": "i", "owner": "p-demo", "visibility": "private"});
        let target = Target::image(&image, None);
        let demo = member("p-demo");
        let current = image.as_object().unwrap().clone();
        let (edited, withheld) =
            editor_schema(&schema, &current, |a| policy.allows(a, &demo, &target));
        let visibility = edited.property("visibility").unwrap();
        assert_eq!(
            visibility.enum_values,
            vec![json!("community"), json!("private"), json!("shared")]
        );
        assert!(edited.property("owner").unwrap().read_only);
        assert_eq!(
            withheld
                .iter()
                .map(|w| (w.key.as_str(), w.action))
                .collect::<Vec<_>>(),
            // In the schema's property order (alphabetical from a parsed Value).
            vec![
                ("owner", Action::ChangeOwner),
                ("visibility", Action::Publicize)
            ]
        );
        // An admin is offered everything.
        let (edited, withheld) =
            editor_schema(&schema, &current, |a| policy.allows(a, &admin(), &target));
        assert_eq!(edited.property("visibility").unwrap().enum_values.len(), 4);
        assert!(!edited.property("owner").unwrap().read_only && withheld.is_empty());
        // An image an admin made public stays public in a member's form until changed.
        let public = json!({"id": "i", "owner": "p-demo", "visibility": "public"});
        let (edited, _) = editor_schema(&schema, public.as_object().unwrap(), |a| {
            policy.allows(a, &demo, &Target::image(&public, None))
        });
        assert!(edited
            .property("visibility")
            .unwrap()
            .enum_values
            .contains(&json!("public")));
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
