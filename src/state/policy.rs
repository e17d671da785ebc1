//! The cloud's policy as the pages ask it: "may the current user do this to this image?".
//! Glance's defaults with `config.json`'s overrides ([`crate::model::policy`]), evaluated for
//! the session's roles and project, so controls Glance would refuse are not offered.

use leptos::prelude::*;

use crate::model::image::Image;
use crate::model::policy::{Action, Credentials, Decision, Policy, Target};
use crate::model::session::Session;
use crate::state::session::use_session;

/// The policy context.
#[derive(Clone, Copy)]
pub struct PolicyContext {
    policy: StoredValue<Policy>,
}

/// The credentials oslo.policy sees for a session's token.
pub fn credentials(session: &Session) -> Credentials {
    Credentials {
        roles: session.roles.clone(),
        project_id: session.project_id.clone(),
        user_id: session.user_id.clone(),
    }
}

/// The policy target of an image; `member` is the caller's project when it is a member.
pub fn image_target(image: &Image, member: Option<&str>) -> Target {
    Target::image(&serde_json::to_value(image).unwrap_or_default(), member)
}

impl PolicyContext {
    /// The decision for `action` on `target` for the current session (tracked: a project
    /// switch re-decides). Without a session nothing is allowed.
    pub fn decide(&self, action: Action, target: &Target) -> Decision {
        let session = use_session();
        session.current.with(|s| match s {
            Some(s) => self
                .policy
                .with_value(|p| p.decide(action, &credentials(s), target)),
            None => Decision::Denied,
        })
    }

    /// Whether to offer `action` on `image` (the caller's own membership unknown).
    pub fn allows(&self, action: Action, image: &Image) -> bool {
        self.decide(action, &image_target(image, None)).offered()
    }

    /// Whether to offer `action` on an image the caller's project is a member of.
    pub fn allows_as_member(&self, action: Action, image: &Image, project: &str) -> bool {
        self.decide(action, &image_target(image, Some(project)))
            .offered()
    }

    /// The check string the portal holds for `action`'s rule, for hints and 403 explanations.
    pub fn check_string(&self, action: Action) -> String {
        self.rule_check_string(action.rule())
    }

    /// The check string the portal holds for a rule by name.
    pub fn rule_check_string(&self, rule: &str) -> String {
        self.policy.with_value(|p| p.check_string(rule).to_string())
    }
}

/// Provides the policy from the session's configuration.
pub fn provide_policy() -> PolicyContext {
    let policy = use_session().config.with_value(|c| c.policy());
    let ctx = PolicyContext {
        policy: StoredValue::new(policy),
    };
    provide_context(ctx);
    ctx
}

/// The policy context.
pub fn use_policy() -> PolicyContext {
    expect_context::<PolicyContext>()
}
