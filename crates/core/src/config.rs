//! `public/config.json`: where Keystone is and how to pick Glance, read at start-up so operators
//! configure a built `dist/` without rebuilding.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::i18n::{Key, Text};
use crate::model::policy::Policy;

/// Why `config.json` cannot be used: worded for the operator in the user's language, with
/// the parser's own detail (which names the line and column, or the unknown key) as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The browser got no file (`detail` is its reason).
    NotLoaded(String),
    /// The server answered with this HTTP status instead of the file.
    Status(u16),
    /// Not JSON, or JSON the portal does not know (a misspelt key).
    Invalid(String),
    /// `keystone_url` is empty.
    NoKeystone,
    /// `interface` is none of public, internal, admin.
    BadInterface(String),
    /// A `policy` rule that is not an oslo.policy check string.
    BadPolicy(String),
}

impl ConfigProblem {
    /// The message, for the user's language.
    pub fn text(&self) -> Text {
        match self {
            ConfigProblem::NotLoaded(detail) => Text::new(Key::ConfigNotLoaded, &[detail]),
            ConfigProblem::Status(status) => Text::new(Key::ConfigStatus, &[&status.to_string()]),
            ConfigProblem::Invalid(detail) => Text::new(Key::ConfigInvalid, &[detail]),
            ConfigProblem::NoKeystone => Text::new(Key::ConfigNoKeystone, &[]),
            ConfigProblem::BadInterface(found) => Text::new(Key::ConfigBadInterface, &[found]),
            ConfigProblem::BadPolicy(detail) => Text::new(Key::ConfigBadPolicy, &[detail]),
        }
    }
}

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
    /// The import plugins the cloud's Glance runs (`image_import_plugins` in its
    /// `glance-image-import.conf`), which no API publishes: with `image_decompression`, the
    /// create page offers to send a gzip file compressed, for the cloud to unpack.
    #[serde(default)]
    pub import_plugins: Vec<String>,
}

fn default_interface() -> String {
    "public".into()
}

fn default_domain() -> String {
    "Default".into()
}

impl PortalConfig {
    /// Parses and checks the file; the message names the problem for the operator.
    pub fn parse(text: &str) -> Result<Self, ConfigProblem> {
        let config: PortalConfig =
            serde_json::from_str(text).map_err(|e| ConfigProblem::Invalid(e.to_string()))?;
        if config.keystone_url.trim().is_empty() {
            return Err(ConfigProblem::NoKeystone);
        }
        if !["public", "internal", "admin"].contains(&config.interface.as_str()) {
            return Err(ConfigProblem::BadInterface(config.interface));
        }
        Policy::with_overrides(&config.policy)
            .map_err(|e| ConfigProblem::BadPolicy(e.to_string()))?;
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
    use crate::i18n::Lang;

    #[test]
    fn parses_the_shipped_config() {
        let c = PortalConfig::parse(include_str!("../../../public/config.json")).unwrap();
        assert_eq!(c.interface, "public");
        assert!(c.keystone_base().ends_with("/v3"));
        assert!(
            c.import_plugins.is_empty(),
            "no plugin unless the operator names it"
        );
    }

    #[test]
    fn names_the_clouds_import_plugins() {
        let c = PortalConfig::parse(
            r#"{"keystone_url":"/v3","import_plugins":["image_decompression","image_conversion"]}"#,
        )
        .unwrap();
        assert_eq!(
            c.import_plugins,
            ["image_decompression", "image_conversion"]
        );
        let wrong =
            PortalConfig::parse(r#"{"keystone_url":"/v3","import_plugins":"image_decompression"}"#);
        assert!(matches!(wrong, Err(ConfigProblem::Invalid(_))), "{wrong:?}");
    }

    #[test]
    fn rejects_typos_and_bad_interfaces() {
        let typo = PortalConfig::parse(r#"{"keystone_url":"/v3","regoin":"x"}"#).unwrap_err();
        assert!(
            matches!(&typo, ConfigProblem::Invalid(d) if d.contains("regoin")),
            "{typo:?}"
        );
        assert_eq!(
            PortalConfig::parse(r#"{"keystone_url":"/v3","interface":"private"}"#),
            Err(ConfigProblem::BadInterface("private".into()))
        );
        assert_eq!(
            PortalConfig::parse(r#"{"keystone_url":" "}"#),
            Err(ConfigProblem::NoKeystone)
        );
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
        assert!(
            matches!(&err, ConfigProblem::BadPolicy(d) if d.contains("\"deactivate\"")),
            "{err:?}"
        );
    }

    #[test]
    fn problems_are_worded_in_both_languages_with_the_parser_detail_kept() {
        let broken = PortalConfig::parse("{\"keystone_url\": \"/v3\",\n").unwrap_err();
        let en = Lang::En.text(&broken.text());
        assert!(en.starts_with("config.json: "), "{en}");
        assert!(en.contains("line 2 column 0"), "{en}");
        let zh = Lang::ZhCn.text(&broken.text());
        assert!(zh.contains("line 2 column 0") && zh != en, "{zh}");
        let interface = Lang::ZhCn.text(&ConfigProblem::BadInterface("private".into()).text());
        assert!(interface.contains("private"), "{interface}");
    }
}
