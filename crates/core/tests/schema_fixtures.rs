//! The schema model against real schemas: the dev cloud's Glance 33 (`tests/fixtures/glance_*`)
//! and Huawei IMS's published list schema (`ims_schema_images.json`), which names other
//! properties, flags read-only fields only in descriptions and spells a type `"String"`.

use glance_portal_core::model::patch::{diff, PatchOp};
use glance_portal_core::model::schema::{
    display_value, parse_input, section_of, validate, ImageSchema, JsonType, PatternMatcher,
    Section, Violation,
};
use serde_json::{json, Map, Value};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json_fixture(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

fn dev_schema() -> ImageSchema {
    ImageSchema::parse_str(&fixture("glance_schema_image.json")).unwrap()
}

fn ims_schema() -> ImageSchema {
    ImageSchema::from_list_schema(&json_fixture("ims_schema_images.json")).unwrap()
}

fn image() -> Map<String, Value> {
    match json_fixture("glance_image.json") {
        Value::Object(m) => m,
        _ => panic!("image is not an object"),
    }
}

/// ECMA patterns through the `regex` crate; the schemas' patterns use only the common subset.
struct Regex;
impl PatternMatcher for Regex {
    fn is_match(&self, pattern: &str, value: &str) -> Option<bool> {
        regex::Regex::new(pattern).ok().map(|re| re.is_match(value))
    }
}

fn keys(schema: &ImageSchema) -> Vec<&str> {
    schema.properties.iter().map(|(k, _)| k.as_str()).collect()
}

#[test]
fn dev_image_schema_parses_in_glance_order() {
    let s = dev_schema();
    assert_eq!(s.name, "image");
    assert_eq!(s.properties.len(), 25);
    assert_eq!(keys(&s)[..4], ["id", "name", "status", "visibility"]);
    assert_eq!(keys(&s).last(), Some(&"locations"));
    let extra = s.additional_properties.as_ref().unwrap();
    assert_eq!(extra.types, vec![JsonType::String]);
    let rels: Vec<&str> = s.links.iter().map(|l| l.rel.as_str()).collect();
    assert_eq!(rels, ["self", "enclosure", "describedby"]);
    assert_eq!(s.links[0].href, "{self}");
    // Through a serde_json::Value the same schema, in the same order (preserve_order).
    let via_value = ImageSchema::parse(&json_fixture("glance_schema_image.json")).unwrap();
    assert_eq!(keys(&via_value), keys(&s));
    assert_eq!(via_value, s);
}

#[test]
fn dev_list_schema_items_equal_the_image_schema() {
    let from_list =
        ImageSchema::from_list_schema_str(&fixture("glance_schema_images.json")).unwrap();
    assert_eq!(from_list, dev_schema());
}

#[test]
fn dev_schema_property_details() {
    let s = dev_schema();
    let name = s.property("name").unwrap();
    assert!(name.nullable());
    assert_eq!(name.primary_type(), JsonType::String);
    assert_eq!(name.max_length, Some(255));
    let disk = s.property("disk_format").unwrap();
    assert_eq!(disk.enum_values.first(), Some(&Value::Null));
    assert!(disk.enum_values.contains(&json!("ploop")));
    let tags = s.property("tags").unwrap();
    assert_eq!(tags.items.as_ref().unwrap().max_length, Some(255));
    let size = s.property("size").unwrap();
    assert_eq!(size.types, vec![JsonType::Null, JsonType::Integer]);
    assert!(size.read_only);
    assert!(s.properties.iter().all(|(_, p)| p.is_base));
}

#[test]
fn read_only_on_real_fields() {
    let s = dev_schema();
    for key in [
        "id",
        "status",
        "checksum",
        "os_hash_algo",
        "os_hash_value",
        "size",
        "virtual_size",
        "created_at",
        "updated_at",
        "direct_url",
        "self",
        "file",
        "schema",
        "stores",
        "locations",
    ] {
        assert!(s.is_read_only(key), "{key} should be read-only");
    }
    for key in [
        "name",
        "visibility",
        "protected",
        "os_hidden",
        "owner",
        "disk_format",
        "container_format",
        "min_ram",
        "min_disk",
        "tags",
        "os_distro",
    ] {
        assert!(!s.is_read_only(key), "{key} should be writable");
    }
    // The schema alone calls `id` writable; Glance's PATCH refuses it.
    assert!(!s.property("id").unwrap().read_only);
}

#[test]
fn ims_list_schema_parses_with_its_own_properties() {
    let s = ims_schema();
    assert_eq!(s.name, "image");
    for key in [
        "kernel_id",
        "ramdisk_id",
        "instance_uuid",
        "os_distro",
        "os_version",
        "architecture",
        "locations",
    ] {
        assert!(s.property(key).is_some(), "{key} missing");
        assert!(!s.is_custom(key));
    }
    // Glance 33 properties IMS does not publish.
    for key in ["os_hidden", "os_hash_algo", "stores"] {
        assert!(s.is_custom(key), "{key}");
    }
    // `"type": "String"` is a string all the same.
    assert_eq!(
        s.additional_properties.as_ref().unwrap().types,
        vec![JsonType::String]
    );
    assert_eq!(s.links.len(), 3);
    let kernel = s.property("kernel_id").unwrap();
    assert!(!kernel.is_base);
    assert!(kernel.pattern.is_some());
    assert!(s.property("name").is_some_and(|p| !p.nullable()));
}

#[test]
fn ims_read_only_comes_from_descriptions() {
    let s = ims_schema();
    for key in [
        "status",
        "updated_at",
        "created_at",
        "file",
        "self",
        "schema",
        "size",
        "virtual_size",
        "checksum",
        "direct_url",
    ] {
        assert!(s.property(key).unwrap().read_only, "{key}");
        assert!(s.is_read_only(key), "{key}");
    }
    assert!(!s.property("id").unwrap().read_only);
    assert!(s.is_read_only("id"));
    assert!(!s.is_read_only("kernel_id"));
    assert!(!s.is_read_only("name"));
}

#[test]
fn validation_of_real_constraints() {
    let s = dev_schema();
    let name = s.property("name").unwrap();
    assert_eq!(validate(name, &json!("x".repeat(255)), &Regex), Ok(()));
    assert_eq!(
        validate(name, &json!("x".repeat(256)), &Regex),
        Err(Violation::TooLong { max: 255 })
    );
    assert_eq!(validate(name, &Value::Null, &Regex), Ok(()));

    let min_ram = s.property("min_ram").unwrap();
    assert_eq!(parse_input(min_ram, "2048"), Ok(json!(2048)));
    assert!(parse_input(min_ram, "2 GB").is_err());
    assert_eq!(
        validate(min_ram, &json!(1.5), &Regex),
        Err(Violation::WrongType {
            expected: vec![JsonType::Integer]
        })
    );

    let disk = s.property("disk_format").unwrap();
    assert_eq!(parse_input(disk, ""), Ok(Value::Null));
    assert_eq!(validate(disk, &Value::Null, &Regex), Ok(()));
    assert_eq!(validate(disk, &json!("qcow2"), &Regex), Ok(()));
    match validate(disk, &json!("zvhd2"), &Regex) {
        Err(Violation::NotInEnum { allowed }) => {
            assert_eq!(allowed.len(), 12);
            assert_eq!(allowed[0], "null");
        }
        other => panic!("{other:?}"),
    }

    let id = s.property("id").unwrap();
    assert_eq!(
        validate(id, &json!("734533aa-2869-4896-a728-9574bc666407"), &Regex),
        Ok(())
    );
    assert!(matches!(
        validate(id, &json!("734533aa-2869-4896-a728"), &Regex),
        Err(Violation::PatternMismatch { .. })
    ));

    let tags = s.property("tags").unwrap();
    let long_tag = parse_input(tags, &format!("ok, {}", "t".repeat(256))).unwrap();
    assert_eq!(
        validate(tags, &long_tag, &Regex),
        Err(Violation::Item {
            index: 1,
            violation: Box::new(Violation::TooLong { max: 255 })
        })
    );
    assert_eq!(
        validate(s.property("status").unwrap(), &json!("active"), &Regex),
        Err(Violation::ReadOnly)
    );
}

#[test]
fn ims_validation_differs_where_its_schema_does() {
    let s = ims_schema();
    // IMS's disk_format enum has no null and no ploop.
    let disk = s.property("disk_format").unwrap();
    assert!(validate(disk, &Value::Null, &Regex).is_err());
    assert!(validate(disk, &json!("ploop"), &Regex).is_err());
    assert_eq!(validate(disk, &json!("vhd"), &Regex), Ok(()));
    // Its name is not nullable: an empty field is the empty string.
    assert_eq!(parse_input(s.property("name").unwrap(), ""), Ok(json!("")));
    let kernel = s.property("kernel_id").unwrap();
    assert!(validate(kernel, &json!("not-an-id"), &Regex).is_err());
    assert_eq!(
        validate(
            kernel,
            &json!("734533AA-2869-4896-a728-9574bc666407"),
            &Regex
        ),
        Ok(())
    );
}

#[test]
fn member_schemas_parse() {
    let member = ImageSchema::parse(&json_fixture("glance_schema_member.json")).unwrap();
    assert_eq!(member.name, "member");
    assert_eq!(member.additional_properties, None);
    let status = member.property("status").unwrap();
    assert_eq!(
        status.enum_values,
        vec![json!("pending"), json!("accepted"), json!("rejected")]
    );
    assert!(member.property("schema").unwrap().read_only);
    assert!(member.property("image_id").unwrap().pattern.is_some());

    let members = json_fixture("glance_schema_members.json");
    let list = ImageSchema::parse(&members).unwrap();
    assert_eq!(list.name, "members");
    assert_eq!(
        list.property("members").unwrap().primary_type(),
        JsonType::Array
    );
    let item = ImageSchema::parse(&members["properties"]["members"]["items"]).unwrap();
    assert_eq!(item, member);
}

#[test]
fn sections_of_the_real_image() {
    let s = dev_schema();
    let img = image();
    let expected = [
        ("id", Section::Identity),
        ("name", Section::Identity),
        ("owner", Section::Identity),
        ("visibility", Section::Identity),
        ("status", Section::State),
        ("protected", Section::State),
        ("os_hidden", Section::State),
        ("size", Section::Data),
        ("virtual_size", Section::Data),
        ("checksum", Section::Data),
        ("os_hash_algo", Section::Data),
        ("os_hash_value", Section::Data),
        ("stores", Section::Data),
        ("disk_format", Section::Data),
        ("container_format", Section::Data),
        ("min_disk", Section::Requirements),
        ("min_ram", Section::Requirements),
        ("created_at", Section::Timestamps),
        ("updated_at", Section::Timestamps),
        ("tags", Section::Base),
        ("self", Section::Base),
        ("file", Section::Base),
        ("schema", Section::Base),
        ("os_distro", Section::Custom),
    ];
    assert_eq!(img.len(), expected.len(), "fixture keys changed");
    for (key, section) in expected {
        assert!(img.contains_key(key), "{key}");
        assert_eq!(section_of(key, &s), section, "{key}");
    }
    // Under IMS's schema os_distro is a schema property.
    assert_eq!(section_of("os_distro", &ims_schema()), Section::Base);
}

#[test]
fn untouched_form_round_trip_gives_no_patch() {
    let s = dev_schema();
    let original = image();
    let mut edited = original.clone();
    for (key, value) in &original {
        if s.is_read_only(key) {
            continue;
        }
        let prop = s
            .property(key)
            .or(s.additional_properties.as_ref())
            .unwrap();
        let back = parse_input(prop, &display_value(value)).unwrap();
        validate(prop, &back, &Regex).unwrap();
        edited.insert(key.clone(), back);
    }
    assert_eq!(diff(&original, &edited, &s), vec![]);
}

#[test]
fn diff_on_the_real_image() {
    let s = dev_schema();
    let original = image();
    let mut edited = original.clone();
    edited.insert("name".into(), json!("renamed"));
    edited.insert("disk_format".into(), Value::Null);
    edited.insert("min_ram".into(), json!(512));
    edited.insert("tags".into(), json!(["new"]));
    edited.insert("status".into(), json!("deactivated")); // read-only: ignored
    edited.insert("checksum".into(), json!("0")); // read-only: ignored
    edited.insert("hw_disk_bus".into(), json!("scsi"));
    edited.insert("a/b~c".into(), json!("x"));
    edited.remove("os_distro");
    edited.remove("owner"); // nullable base property: cleared, not removed
    edited.remove("min_disk"); // not nullable: left alone
    assert_eq!(
        diff(&original, &edited, &s),
        vec![
            PatchOp::Replace {
                path: "/name".into(),
                value: json!("renamed")
            },
            PatchOp::Replace {
                path: "/owner".into(),
                value: Value::Null
            },
            PatchOp::Replace {
                path: "/disk_format".into(),
                value: Value::Null
            },
            PatchOp::Replace {
                path: "/tags".into(),
                value: json!(["new"])
            },
            PatchOp::Replace {
                path: "/min_ram".into(),
                value: json!(512)
            },
            PatchOp::Add {
                path: "/a~1b~0c".into(),
                value: json!("x")
            },
            PatchOp::Add {
                path: "/hw_disk_bus".into(),
                value: json!("scsi")
            },
            PatchOp::Remove {
                path: "/os_distro".into()
            },
        ]
    );
}
