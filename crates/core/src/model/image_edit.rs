//! The image editor's draft: the text of every mutable property as the user typed it, turned
//! into validated JSON and then a minimal JSON-patch. Kept apart from the view so that an edit
//! survives navigation (the draft lives in a context) and so the rules are tested natively.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::model::patch::{diff, PatchOp};
use crate::model::schema::{
    display_value, parse_input, section_of, validate, validate_custom_key, ImageSchema, KeyProblem,
    PatternMatcher, PropertySchema, Section, Violation,
};

/// Keys the editor never offers: tags have their own editor, and these are Glance's
/// bookkeeping even where a schema forgets to mark them read-only.
const NOT_EDITED_HERE: [&str; 4] = ["tags", "self", "file", "schema"];

/// An image being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct EditDraft {
    /// The image as loaded (every property).
    pub base: Map<String, Value>,
    /// Text per editable key (schema properties that are not read-only, and custom ones).
    pub texts: BTreeMap<String, String>,
    /// Custom keys the user removed.
    pub removed: BTreeSet<String>,
    initial: BTreeMap<String, String>,
}

/// A field's problem, for inline display.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// The property.
    pub key: String,
    /// What is wrong.
    pub violation: Violation,
}

/// What saving the draft comes to.
#[derive(Clone, Debug, PartialEq)]
pub enum SavePlan {
    /// Some fields are invalid: nothing is sent, and every problem is shown at its field.
    Invalid(Vec<FieldError>),
    /// The draft changes nothing: nothing is sent.
    NoChanges,
    /// The minimal patch to send.
    Send(Vec<PatchOp>),
}

fn editable(key: &str, schema: &ImageSchema) -> bool {
    !NOT_EDITED_HERE.contains(&key) && !schema.is_read_only(key)
}

fn texts_of(base: &Map<String, Value>, schema: &ImageSchema) -> BTreeMap<String, String> {
    let mut texts = BTreeMap::new();
    for (key, _) in &schema.properties {
        if editable(key, schema) {
            let value = base.get(key).cloned().unwrap_or(Value::Null);
            texts.insert(key.clone(), display_value(&value));
        }
    }
    for (key, value) in base {
        if schema.is_custom(key) && editable(key, schema) {
            texts.insert(key.clone(), display_value(value));
        }
    }
    texts
}

/// A value as the user typed or sees it (not as JSON: no quotes, no escapes); a dash for
/// "not set".
pub fn shown_value(value: &Value) -> String {
    match display_value(value) {
        text if text.is_empty() => "—".to_string(),
        text => text,
    }
}

/// The schema a key's value must satisfy: its own, or `additionalProperties` for custom keys.
pub fn property_schema<'a>(key: &str, schema: &'a ImageSchema) -> Option<&'a PropertySchema> {
    schema
        .property(key)
        .or(schema.additional_properties.as_ref())
}

impl EditDraft {
    /// A draft with nothing changed.
    pub fn new(base: Map<String, Value>, schema: &ImageSchema) -> Self {
        let texts = texts_of(&base, schema);
        EditDraft {
            base,
            initial: texts.clone(),
            texts,
            removed: BTreeSet::new(),
        }
    }

    /// `updated_at` of the image the draft started from (for conflict detection).
    pub fn base_updated_at(&self) -> Option<&str> {
        self.base.get("updated_at").and_then(Value::as_str)
    }

    /// Keys whose text differs from the loaded value, plus added and removed custom keys.
    pub fn changed_keys(&self) -> BTreeSet<String> {
        let mut keys: BTreeSet<String> = self
            .texts
            .iter()
            .filter(|(k, v)| self.initial.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .collect();
        keys.extend(self.removed.iter().cloned());
        keys
    }

    /// Whether anything is unsaved.
    pub fn is_dirty(&self) -> bool {
        !self.changed_keys().is_empty()
    }

    /// Sets a field's text. Typing into a removed field brings the property back.
    pub fn set(&mut self, key: &str, text: String) {
        self.removed.remove(key);
        self.texts.insert(key.to_string(), text);
    }

    /// Adds (or re-adds) a custom property.
    pub fn add_custom(
        &mut self,
        key: &str,
        text: String,
        schema: &ImageSchema,
    ) -> Result<(), KeyProblem> {
        let key = key.trim();
        let exists_as_custom = self.texts.contains_key(key) && schema.is_custom(key);
        if !exists_as_custom || self.removed.contains(key) {
            validate_custom_key(key, schema)?;
        }
        self.removed.remove(key);
        self.texts.insert(key.to_string(), text);
        Ok(())
    }

    /// Whether the user may remove `key`: any custom property, or a schema property with
    /// `is_base: false` that the image has. Glance stores the latter as extra properties
    /// (IMS's `kernel_id`, `os_distro`), so they can be removed; removing one of Glance's own
    /// attributes is a 403, and removing a key the image lacks is a 409.
    pub fn can_remove(&self, key: &str, schema: &ImageSchema) -> bool {
        match schema.property(key) {
            None => true,
            Some(prop) => !prop.is_base && self.base.contains_key(key) && editable(key, schema),
        }
    }

    /// Removes a property (see [`EditDraft::can_remove`]). A removed schema property's field
    /// stays on screen, empty; typing into it again cancels the removal.
    pub fn remove(&mut self, key: &str) {
        if self.initial.contains_key(key) {
            self.removed.insert(key.to_string());
            if let Some(text) = self.texts.get_mut(key) {
                text.clear();
            }
        } else {
            self.texts.remove(key);
        }
    }

    /// Whether the user removed `key` (and has not typed into it since).
    pub fn is_removed(&self, key: &str) -> bool {
        self.removed.contains(key)
    }

    /// Custom keys currently in the draft (not removed), in order.
    pub fn custom_keys(&self, schema: &ImageSchema) -> Vec<String> {
        self.texts
            .keys()
            .filter(|k| schema.is_custom(k) && !self.removed.contains(*k))
            .cloned()
            .collect()
    }

    /// Validates one field as typed.
    pub fn check_field(
        &self,
        key: &str,
        schema: &ImageSchema,
        patterns: &dyn PatternMatcher,
    ) -> Result<Value, Violation> {
        let text = self.texts.get(key).map(String::as_str).unwrap_or("");
        match property_schema(key, schema) {
            Some(prop) => {
                let value = parse_input(prop, text)?;
                validate(prop, &value, patterns)?;
                Ok(value)
            }
            // A custom key the draft already holds came from the image: only a new value is
            // checked, and a closed schema takes none.
            None if !schema.allows_custom && schema.is_custom(key) => Err(Violation::NotAllowed),
            None => Ok(Value::String(text.to_string())),
        }
    }

    /// The image as edited, or every field's problem. Untouched fields keep their loaded
    /// value exactly (a text round trip must not rewrite e.g. `0` as `0.0`).
    pub fn build(
        &self,
        schema: &ImageSchema,
        patterns: &dyn PatternMatcher,
    ) -> Result<Map<String, Value>, Vec<FieldError>> {
        let mut edited = self.base.clone();
        let mut errors = Vec::new();
        let changed = self.changed_keys();
        for key in self.texts.keys() {
            if self.removed.contains(key) || !changed.contains(key) {
                continue;
            }
            match self.check_field(key, schema, patterns) {
                Ok(value) => {
                    edited.insert(key.clone(), value);
                }
                Err(violation) => errors.push(FieldError {
                    key: key.clone(),
                    violation,
                }),
            }
        }
        for key in &self.removed {
            edited.remove(key);
        }
        if errors.is_empty() {
            Ok(edited)
        } else {
            Err(errors)
        }
    }

    /// The minimal patch for this draft.
    pub fn ops(
        &self,
        schema: &ImageSchema,
        patterns: &dyn PatternMatcher,
    ) -> Result<Vec<PatchOp>, Vec<FieldError>> {
        Ok(diff(&self.base, &self.build(schema, patterns)?, schema))
    }

    /// What a save would do: refuse with every field's problem, send nothing, or send the
    /// minimal patch.
    pub fn save_plan(&self, schema: &ImageSchema, patterns: &dyn PatternMatcher) -> SavePlan {
        match self.ops(schema, patterns) {
            Err(errors) => SavePlan::Invalid(errors),
            Ok(ops) if ops.is_empty() => SavePlan::NoChanges,
            Ok(ops) => SavePlan::Send(ops),
        }
    }

    /// The schema's properties this draft edits that belong in `section`, in the schema's
    /// order. Custom keys are not among them: they have their own fieldset, which follows
    /// the draft as keys are added and removed.
    pub fn keys_in_section(&self, schema: &ImageSchema, section: Section) -> Vec<String> {
        schema
            .properties
            .iter()
            .map(|(k, _)| k.clone())
            .filter(|k| self.texts.contains_key(k) && section_of(k, schema) == section)
            .collect()
    }

    /// Properties that changed on the server since the draft's base: `(key, ours, theirs)`.
    pub fn remote_changes(&self, remote: &Map<String, Value>) -> Vec<(String, Value, Value)> {
        let keys: BTreeSet<&String> = self.base.keys().chain(remote.keys()).collect();
        keys.into_iter()
            .filter(|k| k.as_str() != "updated_at")
            .filter_map(|k| {
                let ours = self.base.get(k).cloned().unwrap_or(Value::Null);
                let theirs = remote.get(k).cloned().unwrap_or(Value::Null);
                (ours != theirs).then(|| (k.clone(), ours, theirs))
            })
            .collect()
    }

    /// "Keep mine": the same edits on top of the server's current image; fields the user did
    /// not touch take the server's values.
    pub fn rebase(&self, remote: Map<String, Value>, schema: &ImageSchema) -> Self {
        let mut next = EditDraft::new(remote, schema);
        for key in self.changed_keys() {
            if self.removed.contains(&key) {
                next.remove(&key);
            } else if let Some(text) = self.texts.get(&key) {
                next.texts.insert(key, text.clone());
            }
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::patch::PatchOp;

    struct NoPatterns;
    impl PatternMatcher for NoPatterns {
        fn is_match(&self, _: &str, _: &str) -> Option<bool> {
            None
        }
    }

    fn schema() -> ImageSchema {
        ImageSchema::parse_str(include_str!(
            "../../tests/fixtures/glance_schema_image.json"
        ))
        .unwrap()
    }

    fn image() -> Map<String, Value> {
        serde_json::from_str(include_str!("../../tests/fixtures/glance_image.json")).unwrap()
    }

    #[test]
    fn a_fresh_draft_is_clean_and_changes_nothing() {
        let s = schema();
        let d = EditDraft::new(image(), &s);
        assert!(!d.is_dirty());
        assert_eq!(d.ops(&s, &NoPatterns).unwrap(), vec![]);
        // Read-only and separately edited keys are not offered.
        for key in ["id", "status", "checksum", "created_at", "tags", "self"] {
            assert!(!d.texts.contains_key(key), "{key}");
        }
        assert!(
            d.texts.contains_key("os_distro"),
            "custom properties are editable"
        );
    }

    #[test]
    fn edits_become_typed_replace_add_and_remove_ops() {
        let s = schema();
        let mut d = EditDraft::new(image(), &s);
        d.set("name", "renamed".into());
        d.set("min_ram", "512".into());
        d.add_custom("owner_note", "hi".into(), &s).unwrap();
        d.remove("os_distro");
        let ops = d.ops(&s, &NoPatterns).unwrap();
        assert!(ops.contains(&PatchOp::Replace {
            path: "/name".into(),
            value: "renamed".into()
        }));
        assert!(ops.contains(&PatchOp::Replace {
            path: "/min_ram".into(),
            value: 512.into()
        }));
        assert!(ops.contains(&PatchOp::Add {
            path: "/owner_note".into(),
            value: "hi".into()
        }));
        assert!(ops.contains(&PatchOp::Remove {
            path: "/os_distro".into()
        }));
        assert_eq!(ops.len(), 4);
    }

    #[test]
    fn a_custom_property_added_then_removed_sends_nothing() {
        let s = schema();
        let mut d = EditDraft::new(image(), &s);
        d.add_custom("tmp", "x".into(), &s).unwrap();
        d.remove("tmp");
        assert!(!d.is_dirty());
        assert_eq!(
            d.add_custom("min_disk", "1".into(), &s),
            Err(KeyProblem::IsSchemaProperty)
        );
    }

    #[test]
    fn non_base_schema_properties_can_be_removed_base_ones_cannot() {
        let s = ImageSchema::from_list_schema_str(include_str!(
            "../../tests/fixtures/ims_schema_images.json"
        ))
        .unwrap();
        assert!(!s.property("kernel_id").unwrap().is_base);
        let mut base = image();
        base.insert("kernel_id".into(), "a1b2".into());
        let mut d = EditDraft::new(base, &s);
        assert!(d.can_remove("kernel_id", &s));
        assert!(
            !d.can_remove("ramdisk_id", &s),
            "the image does not have it"
        );
        assert!(!d.can_remove("name", &s), "a base property");
        assert!(!d.can_remove("min_ram", &s));
        assert!(d.can_remove("anything_custom", &s));
        d.remove("kernel_id");
        assert!(d.is_removed("kernel_id") && d.is_dirty());
        assert_eq!(d.texts["kernel_id"], "");
        assert_eq!(
            d.ops(&s, &NoPatterns).unwrap(),
            vec![PatchOp::Remove {
                path: "/kernel_id".into()
            }]
        );
        // Typing into the field again cancels the removal: the original value is no change.
        d.set("kernel_id", "a1b2".into());
        assert!(!d.is_removed("kernel_id") && !d.is_dirty());
    }

    #[test]
    fn a_closed_schema_refuses_new_custom_values_but_allows_removing_old_ones() {
        let mut s = schema();
        s.additional_properties = None;
        s.allows_custom = false;
        let mut d = EditDraft::new(image(), &s);
        assert_eq!(
            d.add_custom("owner_note", "x".into(), &s),
            Err(KeyProblem::NotAllowed)
        );
        // os_distro is on the image but not in this schema: editing it would be refused...
        d.set("os_distro", "debian".into());
        assert_eq!(
            d.check_field("os_distro", &s, &NoPatterns),
            Err(Violation::NotAllowed)
        );
        let errors = d.ops(&s, &NoPatterns).unwrap_err();
        assert_eq!(errors[0].violation, Violation::NotAllowed);
        // ...but removing it is what the schema asks for.
        d.remove("os_distro");
        assert_eq!(
            d.ops(&s, &NoPatterns).unwrap(),
            vec![PatchOp::Remove {
                path: "/os_distro".into()
            }]
        );
    }

    #[test]
    fn invalid_fields_are_all_reported() {
        let s = schema();
        let mut d = EditDraft::new(image(), &s);
        d.set("min_ram", "1.5".into());
        d.set("name", "x".repeat(256));
        let errors = d.ops(&s, &NoPatterns).unwrap_err();
        let keys: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, vec!["min_ram", "name"]);
    }

    #[test]
    fn a_save_plan_refuses_invalid_drafts_and_skips_clean_ones() {
        let s = schema();
        let mut d = EditDraft::new(image(), &s);
        assert_eq!(d.save_plan(&s, &NoPatterns), SavePlan::NoChanges);
        d.set("min_ram", "lots".into());
        match d.save_plan(&s, &NoPatterns) {
            SavePlan::Invalid(errors) => {
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].key, "min_ram");
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
        d.set("min_ram", "512".into());
        assert_eq!(
            d.save_plan(&s, &NoPatterns),
            SavePlan::Send(vec![PatchOp::Replace {
                path: "/min_ram".into(),
                value: 512.into()
            }])
        );
        // Typing the loaded value back is no change at all.
        d.set(
            "min_ram",
            EditDraft::new(image(), &s).texts["min_ram"].clone(),
        );
        assert_eq!(d.save_plan(&s, &NoPatterns), SavePlan::NoChanges);
    }

    #[test]
    fn sections_list_the_edited_schema_properties_in_schema_order() {
        let s = schema();
        let d = EditDraft::new(image(), &s);
        // The schema lists min_ram first: its order wins over the alphabet.
        assert_eq!(
            d.keys_in_section(&s, Section::Requirements),
            vec!["min_ram".to_string(), "min_disk".to_string()]
        );
        let identity = d.keys_in_section(&s, Section::Identity);
        assert!(identity.contains(&"name".to_string()));
        assert!(!identity.contains(&"id".to_string()), "read-only");
        assert!(
            d.keys_in_section(&s, Section::Timestamps).is_empty(),
            "Glance sets the timestamps"
        );
        // A custom key is in the draft, but in no section: it has its own fieldset.
        assert!(d.texts.contains_key("os_distro"));
        assert!(Section::ALL.iter().all(|section| !d
            .keys_in_section(&s, *section)
            .contains(&"os_distro".to_string())));
    }

    #[test]
    fn unset_values_are_shown_as_a_dash_and_others_as_typed() {
        assert_eq!(shown_value(&Value::Null), "—");
        assert_eq!(shown_value(&Value::String(String::new())), "—");
        assert_eq!(shown_value(&Value::String("debian".into())), "debian");
        assert_eq!(shown_value(&Value::from(512)), "512");
    }

    #[test]
    fn rebase_keeps_my_edits_and_takes_their_other_changes() {
        let s = schema();
        let mut d = EditDraft::new(image(), &s);
        d.set("name", "mine".into());
        let mut remote = image();
        remote.insert("os_distro".into(), "fedora".into());
        remote.insert("updated_at".into(), "2099-01-01T00:00:00Z".into());
        let changes = d.remote_changes(&remote);
        assert_eq!(changes.len(), 1, "updated_at is not a change to show");
        assert_eq!(changes[0].0, "os_distro");
        let rebased = d.rebase(remote, &s);
        assert_eq!(rebased.base_updated_at(), Some("2099-01-01T00:00:00Z"));
        let ops = rebased.ops(&s, &NoPatterns).unwrap();
        assert_eq!(
            ops,
            vec![PatchOp::Replace {
                path: "/name".into(),
                value: "mine".into()
            }]
        );
    }
}
