//! A Keystone token as the portal reads it: who, which project, until when, and the service
//! catalog, with the rule for picking an endpoint out of it. Model, not API, because the
//! session ([`crate::model::session`]) is derived from it; the API layer only decodes it.

use serde::{Deserialize, Serialize};

/// A `{id, name}` reference with an optional domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRef {
    /// Id.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Domain, when Keystone includes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<Box<NamedRef>>,
}

/// One endpoint of a catalog service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// `public`, `internal` or `admin`.
    pub interface: String,
    /// Region name (legacy field).
    #[serde(default)]
    pub region: Option<String>,
    /// Region id.
    #[serde(default)]
    pub region_id: Option<String>,
    /// Base URL.
    pub url: String,
}

/// One service in the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogService {
    /// Service type, e.g. `image`.
    #[serde(rename = "type")]
    pub service_type: String,
    /// Service name, e.g. `glance`.
    #[serde(default)]
    pub name: String,
    /// Its endpoints.
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
}

/// The part of a token body the portal uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// Expiry (ISO 8601).
    pub expires_at: String,
    /// The user.
    pub user: NamedRef,
    /// The scoped project, if project-scoped.
    #[serde(default)]
    pub project: Option<NamedRef>,
    /// Roles on that project.
    #[serde(default)]
    pub roles: Vec<NamedRef>,
    /// Service catalog (absent on unscoped tokens).
    #[serde(default)]
    pub catalog: Vec<CatalogService>,
}

/// Why no endpoint could be chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogError {
    /// No service of the type at all (e.g. an unscoped token has no catalog).
    NoService(String),
    /// The service exists but not with this interface in this region; lists what exists.
    NoEndpoint {
        /// Service type.
        service_type: String,
        /// Wanted interface.
        interface: String,
        /// Wanted region, if any.
        region: Option<String>,
        /// `interface@region` pairs that do exist.
        available: Vec<String>,
    },
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CatalogError::NoService(t) => {
                write!(
                    f,
                    "the token's catalog has no '{t}' service; is the token project-scoped?"
                )
            }
            CatalogError::NoEndpoint {
                service_type,
                interface,
                region,
                available,
            } => write!(
                f,
                "no {interface} '{service_type}' endpoint in region {}; the catalog has: {}",
                region.as_deref().unwrap_or("(any)"),
                available.join(", ")
            ),
        }
    }
}

/// Picks the endpoint of `service_type` for `interface` in `region` (any region when `None`).
/// The trailing slash is dropped so paths join cleanly.
pub fn select_endpoint(
    catalog: &[CatalogService],
    service_type: &str,
    region: Option<&str>,
    interface: &str,
) -> Result<String, CatalogError> {
    let service = catalog
        .iter()
        .find(|s| s.service_type == service_type)
        .ok_or_else(|| CatalogError::NoService(service_type.to_string()))?;
    let region_matches = |e: &Endpoint| match region {
        None => true,
        Some(r) => e.region_id.as_deref() == Some(r) || e.region.as_deref() == Some(r),
    };
    service
        .endpoints
        .iter()
        .find(|e| e.interface == interface && region_matches(e))
        .map(|e| e.url.trim_end_matches('/').to_string())
        .ok_or_else(|| CatalogError::NoEndpoint {
            service_type: service_type.to_string(),
            interface: interface.to_string(),
            region: region.map(str::to_string),
            available: service
                .endpoints
                .iter()
                .map(|e| {
                    format!(
                        "{}@{}",
                        e.interface,
                        e.region_id
                            .as_deref()
                            .or(e.region.as_deref())
                            .unwrap_or("?")
                    )
                })
                .collect(),
        })
}

/// `{"token": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenBody {
    /// The token.
    pub token: Token,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn catalog() -> Vec<CatalogService> {
        serde_json::from_value(json!([
            {"type": "identity", "name": "keystone", "endpoints": [
                {"interface": "public", "region_id": "RegionOne", "region": "RegionOne", "url": "http://k/v3/"}]},
            {"type": "image", "name": "glance", "endpoints": [
                {"interface": "public", "region_id": "RegionOne", "region": "RegionOne", "url": "http://g1/"},
                {"interface": "internal", "region_id": "RegionOne", "region": "RegionOne", "url": "http://g1i"},
                {"interface": "public", "region_id": "RegionTwo", "region": "RegionTwo", "url": "http://g2"}]}
        ]))
        .unwrap()
    }

    #[test]
    fn selects_by_region_and_interface() {
        let c = catalog();
        assert_eq!(
            select_endpoint(&c, "image", Some("RegionTwo"), "public").unwrap(),
            "http://g2"
        );
        assert_eq!(
            select_endpoint(&c, "image", Some("RegionOne"), "internal").unwrap(),
            "http://g1i"
        );
        assert_eq!(
            select_endpoint(&c, "image", None, "public").unwrap(),
            "http://g1"
        );
    }

    #[test]
    fn explains_missing_endpoints() {
        let c = catalog();
        let err = select_endpoint(&c, "image", Some("RegionThree"), "public").unwrap_err();
        assert!(err
            .to_string()
            .contains("public@RegionOne, internal@RegionOne, public@RegionTwo"));
        assert_eq!(
            select_endpoint(&[], "image", None, "public").unwrap_err(),
            CatalogError::NoService("image".into())
        );
    }
}
