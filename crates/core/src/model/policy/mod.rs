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
//!
//! One job per file: `glance_defaults.rs` (Glance 33's rules), `action.rs` (what the portal
//! asks, and the rule deciding each), `check.rs` (the check-string parser), `context.rs`
//! (the caller and the target a rule is checked against), `evaluation.rs` (a cloud's policy
//! and oslo.policy's semantics) and `editor_schema.rs` (the image schema as this caller may
//! edit it).

mod action;
mod check;
mod context;
mod editor_schema;
mod evaluation;
mod glance_defaults;
#[cfg(test)]
mod test_support;

pub use action::Action;
pub use check::{Check, ParseError};
pub use context::{Credentials, Target};
pub use editor_schema::{editor_schema, Withheld};
pub use evaluation::{Decision, OverrideError, Policy};
pub use glance_defaults::GLANCE_DEFAULTS;
