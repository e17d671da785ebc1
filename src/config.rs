//! `public/config.json`: where Keystone is and how to pick Glance, read at start-up so operators
//! configure a built `dist/` without rebuilding.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::policy::Policy;

/// The portal's runtime configuration.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortalConfig {
    /// Keystone v3 base URL, e.g. `https://cloud.example.com/identity/v3` or `/identity/v3`.
    pub keystone_url: String,
    /// Region to take endpoints from; `None` takes the first matching any region.
    #[serde(default)]
    pub region: Option<String>,
    /// Catalog interface: `public` (default), `internal` or `admin`.
    #[serde(default = "default_interface")]
    pub interface: String,
    /// Service type → base URL, overriding the catalog (e.g. `{"image": "/image"}` to go
    /// through a same-origin reverse proxy).
    #[serde(default)]
    pub endpoint_overrides: BTreeMap<String, String>,
    /// Default user domain on the login form.
    #[serde(default = "default_domain")]
    pub default_domain: String,
    /// The cloud's Glance policy where it differs from Glance's defaults: rule name → check
    /// string, exactly as in the cloud's `policy.yaml` (e.g. `{"deactivate": "role:admin"}`).
    /// The portal offers only what these rules allow.
    #[serde(default)]
    pub policy: BTreeMap<String, String>,
}

fn default_interface() -> String {
    "public".into()
}

fn default_domain() -> String {
    "Default".into()
}

impl PortalConfig {
    /// Parses and checks the file; the message names the problem for the operator.
    pub fn parse(text: &str) -> Result<Self, String> {
        let config: PortalConfig =
            serde_json::from_str(text).map_err(|e| format!("config.json: {e}"))?;
        if config.keystone_url.trim().is_empty() {
            return Err("config.json: keystone_url is empty".into());
        }
        if !["public", "internal", "admin"].contains(&config.interface.as_str()) {
            return Err(format!(
                "config.json: interface must be public, internal or admin, not '{}'",
                config.interface
            ));
        }
        Policy::with_overrides(&config.policy).map_err(|e| format!("config.json: {e}"))?;
        Ok(config)
    }

    /// Glance's default policy with this cloud's overrides (checked by [`PortalConfig::parse`]).
    pub fn policy(&self) -> Policy {
        Policy::with_overrides(&self.policy).unwrap_or_default()
    }

    /// Keystone's base without a trailing slash.
    pub fn keystone_base(&self) -> &str {
        self.keystone_url.trim_end_matches('/')
    }

    /// The override for a service type, if configured.
    pub fn endpoint_override(&self, service_type: &str) -> Option<&str> {
        self.endpoint_overrides
            .get(service_type)
            .map(String::as_str)
            .filter(|s| !s.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_shipped_config() {
        let c = PortalConfig::parse(include_str!("../public/config.json")).unwrap();
        assert_eq!(c.interface, "public");
        assert!(c.keystone_base().ends_with("/v3"));
    }

    #[test]
    fn rejects_typos_and_bad_interfaces() {
        assert!(
            PortalConfig::parse(r#"{"keystone_url":"/v3","regoin":"x"}"#)
                .unwrap_err()
                .contains("regoin")
        );
        assert!(PortalConfig::parse(r#"{"keystone_url":"/v3","interface":"private"}"#).is_err());
        assert!(PortalConfig::parse(r#"{"keystone_url":" "}"#).is_err());
        let c = PortalConfig::parse(r#"{"keystone_url":"/v3/","endpoint_overrides":{"image":""}}"#)
            .unwrap();
        assert_eq!(
            (c.keystone_base(), c.endpoint_override("image")),
            ("/v3", None)
        );
    }

    #[test]
    fn policy_overrides_are_parsed_and_bad_ones_named() {
        let c =
            PortalConfig::parse(r#"{"keystone_url":"/v3","policy":{"deactivate":"role:admin"}}"#)
                .unwrap();
        assert_eq!(c.policy().check_string("deactivate"), "role:admin");
        let err = PortalConfig::parse(
            r#"{"keystone_url":"/v3","policy":{"deactivate":"role:admin or"}}"#,
        )
        .unwrap_err();
        assert!(err.contains("\"deactivate\""), "{err}");
    }
}
