//! The image schema as this caller may edit it: what the policy refuses is withheld, and
//! said so.

use serde_json::{Map, Value};

use crate::model::schema::ImageSchema;

use super::action::Action;

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
    use crate::model::policy::test_support::{admin, member};
    use crate::model::policy::{Policy, Target};
    use serde_json::json;

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
            // In the schema's property order.
            vec![
                ("visibility", Action::Publicize),
                ("owner", Action::ChangeOwner)
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
}
