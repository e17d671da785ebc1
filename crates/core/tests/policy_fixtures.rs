//! The portal's policy evaluator against oslo.policy itself: every decision Glance 33's own
//! enforcer made in `tests/fixtures/glance_policy_decisions.json` (see the fixtures' README),
//! with Glance's defaults and with operator overrides, must come out the same.

use std::collections::BTreeMap;

use glance_portal_core::model::policy::{
    Check, Credentials, Decision, Policy, Target, GLANCE_DEFAULTS,
};
use serde_json::Value;

fn fixture() -> Value {
    let path = format!(
        "{}/tests/fixtures/glance_policy_decisions.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn callers(f: &Value) -> BTreeMap<String, Credentials> {
    f["callers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, c)| {
            let creds = Credentials {
                roles: c["roles"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_string())
                    .collect(),
                project_id: c["project_id"].as_str().unwrap().to_string(),
                user_id: c["user_id"].as_str().unwrap().to_string(),
            };
            (name.clone(), creds)
        })
        .collect()
}

fn images(f: &Value) -> BTreeMap<String, Target> {
    f["images"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, t)| {
            let target = t
                .as_object()
                .unwrap()
                .iter()
                .fold(Target::new(), |acc, (k, v)| {
                    acc.with(k, v.as_str().unwrap())
                });
            (name.clone(), target)
        })
        .collect()
}

fn check_all(policy: &Policy, decisions: &Value, f: &Value) -> usize {
    let (callers, images) = (callers(f), images(f));
    let mut wrong = Vec::new();
    let all = decisions.as_array().unwrap();
    for d in all {
        let rule = d["rule"].as_str().unwrap();
        let (caller, image) = (d["caller"].as_str().unwrap(), d["image"].as_str().unwrap());
        let want = if d["allowed"].as_bool().unwrap() {
            Decision::Allowed
        } else {
            Decision::Denied
        };
        let got = policy.enforce(rule, &callers[caller], &images[image]);
        if got != want {
            wrong.push(format!(
                "{rule} for {caller} on {image}: oslo {want:?}, portal {got:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n")
    );
    all.len()
}

#[test]
fn default_check_strings_are_glance_33s() {
    let f = fixture();
    assert_eq!(f["glance"], "33.0.0");
    for (rule, oslo) in f["defaults"].as_object().unwrap() {
        let ours = GLANCE_DEFAULTS
            .iter()
            .find(|(name, _)| name == rule)
            .unwrap_or_else(|| panic!("no default for {rule}"))
            .1;
        // oslo prints its parsed tree with extra parentheses: compare parsed trees.
        assert_eq!(
            Check::parse(ours).unwrap(),
            Check::parse(oslo.as_str().unwrap()).unwrap(),
            "{rule}"
        );
    }
}

#[test]
fn every_default_decision_matches_oslo_policy() {
    let f = fixture();
    let n = check_all(&Policy::glance_defaults(), &f["decisions_default"], &f);
    assert_eq!(n, 448);
}

#[test]
fn every_decision_under_operator_overrides_matches_oslo_policy() {
    let f = fixture();
    let overrides: BTreeMap<String, String> =
        serde_json::from_value(f["overrides"].clone()).unwrap();
    let policy = Policy::with_overrides(&overrides).unwrap();
    let n = check_all(&policy, &f["decisions_overridden"], &f);
    assert_eq!(n, 448);
}
