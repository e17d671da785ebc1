//! The create form for one file, and the `POST /v2/images` body it becomes: schema-typed
//! fields, tags and custom properties, each checked the way Glance will check it, plus the
//! format check that stops data Glance 33 would refuse (415) before gigabytes travel.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::i18n::{Key, Lang};
use crate::model::disk_sniff::{
    format_warning, glance_accepts, Compression, FormatWarning, SniffResult, Sniffed,
};
use crate::model::filters::split_quoted_list;
use crate::model::schema::{
    parse_input, validate, validate_custom_key, ImageSchema, KeyProblem, PatternMatcher,
    PropertySchema, Violation,
};
use crate::model::size::human_size;
use crate::model::tag::{check_tag, TagError};

/// Image name from a file name (or the last segment of a URL): without directories and the
/// last extension.
pub fn default_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => base.to_string(),
    }
}

/// The form keys offered first for every file, in order; each is rendered from the schema.
pub const MAIN_FIELDS: [&str; 6] = [
    "name",
    "disk_format",
    "container_format",
    "visibility",
    "min_disk",
    "min_ram",
];

/// The [`MAIN_FIELDS`] this cloud's schema has, in that order.
pub fn main_fields(schema: &ImageSchema) -> Vec<(String, PropertySchema)> {
    MAIN_FIELDS
        .iter()
        .filter_map(|k| schema.property(k).cloned().map(|p| (k.to_string(), p)))
        .collect()
}

/// The schema's other properties a user may set at creation, in the schema's order: not
/// read-only, not tags (their own field), not `locations`/`stores` (set by Glance).
pub fn more_fields(schema: &ImageSchema) -> Vec<(String, PropertySchema)> {
    schema
        .properties
        .iter()
        .filter(|(k, _)| {
            !MAIN_FIELDS.contains(&k.as_str()) && k != "tags" && !schema.is_read_only(k)
        })
        .cloned()
        .collect()
}

/// The `disk_format` values the schema offers (its enum), in its order; empty when it has
/// none.
pub fn offered_disk_formats(schema: &ImageSchema) -> Vec<String> {
    schema
        .property("disk_format")
        .map(|p| {
            p.enum_values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The upload speed assumed when warning that the token may run out: a conservative 20 MB/s.
const ASSUMED_BYTES_PER_SECOND: f64 = 20e6;

/// A transfer that would outlive the token fails at the end with a 401; say so before
/// starting (a conservative 20 MB/s plus a minute). `Some(minutes left on the token)` when
/// sending `total_bytes` may take longer than the `seconds_left`; `None` when it fits or
/// there is nothing to send.
pub fn token_minutes_short(total_bytes: f64, seconds_left: f64) -> Option<i64> {
    let needed = total_bytes / ASSUMED_BYTES_PER_SECOND + 60.0;
    (total_bytes > 0.0 && needed > seconds_left).then(|| (seconds_left / 60.0).max(0.0) as i64)
}

/// What reading a chosen file's first and last bytes gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Sniff {
    /// Still reading.
    Pending,
    /// Read and recognised (raw when nothing else matched).
    Done(SniffResult),
    /// The browser could not read the file (moved, permissions); the message says why.
    Failed(String),
}

impl Sniff {
    /// What was recognised, once read.
    pub fn result(&self) -> Option<SniffResult> {
        match self {
            Sniff::Done(sniffed) => Some(*sniffed),
            _ => None,
        }
    }

    /// How the file is compressed, when its bytes say it is.
    pub fn compression(&self) -> Option<Compression> {
        match self.result()?.format {
            Sniffed::Compressed(c) => Some(c),
            _ => None,
        }
    }

    /// The line under the file's name, in `lang`: the format found (and the virtual size a
    /// header gives), why the file could not be read, or that it is being read.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Sniff::Done(d) => {
                let mut text = lang.tf(Key::Detected, &[&d.format.label()]);
                if let Some(v) = d.virtual_size {
                    text.push_str(&format!(
                        ", {}",
                        lang.tf(Key::VirtualSize, &[&human_size(v)])
                    ));
                }
                text
            }
            Sniff::Failed(e) => lang.tf(Key::SniffFailed, &[e]),
            Sniff::Pending => lang.t(Key::Sniffing).to_string(),
        }
    }
}

/// What the user filled in for one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewImageForm {
    /// Schema properties by key, as typed (empty = not sent).
    pub fields: BTreeMap<String, String>,
    /// Tags as typed: comma separated, `"a,b"` quoted when a tag has a comma.
    pub tags: String,
    /// Custom properties in the order added: (row id, key, value).
    pub custom: Vec<(u64, String, String)>,
}

/// Why a form cannot be sent yet.
#[derive(Clone, Debug, PartialEq)]
pub enum FormProblem {
    /// The file's data does not match the chosen `disk_format`; Glance would answer 415.
    Format(FormatWarning),
    /// A schema field's text is not a valid value.
    Field {
        /// The property.
        key: String,
        /// What is wrong.
        violation: Violation,
    },
    /// A tag Glance would refuse.
    Tag {
        /// The tag.
        tag: String,
        /// What is wrong.
        problem: TagError,
    },
    /// A custom property name Glance would refuse.
    CustomKey {
        /// The name as typed.
        key: String,
        /// What is wrong.
        problem: KeyProblem,
    },
    /// Two custom properties with one name.
    DuplicateKey(String),
    /// The file has no bytes: there is no disk image in it. Glance would take it and make an
    /// `active` image of size 0, which boots nothing.
    EmptyFile,
}

impl FormProblem {
    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FormProblem::Format(warning) => warning.message(lang),
            FormProblem::Field { key, violation } => {
                lang.tf(Key::FormFieldProblem, &[key, &violation.message(lang)])
            }
            FormProblem::Tag { tag, problem } => lang.tf(
                Key::FormTagProblem,
                &[&format!("{tag:?}"), &problem.message(lang)],
            ),
            FormProblem::CustomKey { key, problem } => lang.tf(
                Key::FormFieldProblem,
                &[&format!("{key:?}"), &problem.message(lang)],
            ),
            FormProblem::EmptyFile => lang.t(Key::FormEmptyFile).to_string(),
            FormProblem::DuplicateKey(key) => {
                lang.tf(Key::FormDuplicateKey, &[&format!("{key:?}")])
            }
        }
    }
}

/// English, for logs and tests; the UI uses [`FormProblem::message`].
impl fmt::Display for FormProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl NewImageForm {
    /// The form a chosen file starts with: named after the file (without its extension), a
    /// `bare` container, `private`; the disk format waits for the file's header.
    pub fn for_file(file_name: &str) -> Self {
        let mut form = NewImageForm::default();
        form.fields
            .insert("name".to_string(), default_name(file_name));
        form.fields
            .insert("container_format".to_string(), "bare".to_string());
        form.fields
            .insert("visibility".to_string(), "private".to_string());
        form
    }

    /// Takes the disk format the file's header suggests, when it suggests one.
    pub fn take_detected_format(&mut self, sniffed: &SniffResult) {
        if let Some(format) = sniffed.format.suggested_disk_format() {
            self.fields.insert("disk_format".into(), format.to_string());
        }
    }

    /// The tags as they will be sent.
    pub fn tag_list(&self) -> Vec<String> {
        split_quoted_list(&self.tags)
    }

    /// The problem with custom row `row`, if any (for inline display).
    pub fn custom_key_problem(&self, row: u64, schema: &ImageSchema) -> Option<FormProblem> {
        let (_, key, _) = self.custom.iter().find(|(id, _, _)| *id == row)?;
        if key.is_empty() {
            return None; // an untouched row is not an error until sent
        }
        if let Err(problem) = validate_custom_key(key, schema) {
            return Some(FormProblem::CustomKey {
                key: key.clone(),
                problem,
            });
        }
        let first = self
            .custom
            .iter()
            .find(|(_, k, _)| k == key)
            .map(|(id, ..)| *id);
        (first != Some(row)).then(|| FormProblem::DuplicateKey(key.clone()))
    }

    /// What is wrong with the schema field `key` as typed, checked as Glance will check it
    /// (type, then the schema's length, enum, bounds and pattern), so the field can say so
    /// before anything is sent; `None` when it is fine or empty.
    pub fn field_problem(
        &self,
        key: &str,
        schema: &ImageSchema,
        patterns: &dyn PatternMatcher,
    ) -> Option<Violation> {
        let text = self.fields.get(key)?;
        let prop = schema.property(key)?;
        if text.trim().is_empty() {
            return None;
        }
        parse_input(prop, text)
            .and_then(|value| validate(prop, &value, patterns))
            .err()
    }

    /// The `POST /v2/images` body, or the first problem. `sniffed` is what the file's bytes
    /// look like; Glance inspects only `bare` containers, so only those are checked. A file of
    /// `file_size` 0 is refused: it holds no image.
    pub fn body(
        &self,
        schema: &ImageSchema,
        sniffed: Option<&SniffResult>,
        file_size: u64,
        patterns: &dyn PatternMatcher,
    ) -> Result<Value, FormProblem> {
        if file_size == 0 {
            return Err(FormProblem::EmptyFile);
        }
        let chosen = self.fields.get("disk_format").cloned().unwrap_or_default();
        let bare = self.fields.get("container_format").map(String::as_str) == Some("bare");
        if let Some(sniffed) = sniffed {
            if bare && !chosen.is_empty() && !glance_accepts(&chosen, sniffed) {
                return Err(FormProblem::Format(
                    format_warning(&chosen, sniffed).unwrap_or(FormatWarning::Refused {
                        chosen,
                        detected: sniffed.format,
                    }),
                ));
            }
        }
        let mut body = Map::new();
        for (key, text) in &self.fields {
            if text.trim().is_empty() {
                continue;
            }
            let value = match schema.property(key) {
                Some(prop) => parse_input(prop, text)
                    .and_then(|value| validate(prop, &value, patterns).map(|()| value))
                    .map_err(|violation| FormProblem::Field {
                        key: key.clone(),
                        violation,
                    })?,
                None => Value::String(text.clone()),
            };
            body.insert(key.clone(), value);
        }
        let tags = self.tag_list();
        for tag in &tags {
            check_tag(tag).map_err(|problem| FormProblem::Tag {
                tag: tag.clone(),
                problem,
            })?;
        }
        if !tags.is_empty() {
            body.insert("tags".into(), Value::from(tags));
        }
        for (row, key, value) in &self.custom {
            if key.is_empty() && value.is_empty() {
                continue;
            }
            let problem = match validate_custom_key(key, schema) {
                Err(problem) => Some(FormProblem::CustomKey {
                    key: key.clone(),
                    problem,
                }),
                Ok(()) => self.custom_key_problem(*row, schema),
            };
            if let Some(problem) = problem {
                return Err(problem);
            }
            // Glance stores custom properties as strings whatever JSON type is sent.
            body.insert(key.clone(), Value::String(value.clone()));
        }
        Ok(Value::Object(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::disk_sniff::{sniff, Compression, Sniffed};
    use serde_json::json;

    #[test]
    fn names_default_from_files() {
        assert_eq!(default_name("ubuntu-24.04.qcow2"), "ubuntu-24.04");
        assert_eq!(default_name("C:\\images\\win.vhdx"), "win");
        assert_eq!(default_name(".hidden"), ".hidden");
        assert_eq!(default_name("noext"), "noext");
    }

    /// Patterns unevaluated (the browser's RegExp is not here); the fixture's schema has none.
    struct NoPatterns;
    impl PatternMatcher for NoPatterns {
        fn is_match(&self, _: &str, _: &str) -> Option<bool> {
            None
        }
    }

    #[test]
    fn a_name_too_long_or_an_empty_file_is_refused_before_sending() {
        let s = schema();
        let f = form(&[("name", &"n".repeat(256)), ("disk_format", "raw")]);
        assert_eq!(
            f.field_problem("name", &s, &NoPatterns),
            Some(Violation::TooLong { max: 255 })
        );
        assert!(matches!(
            f.body(&s, None, 1, &NoPatterns),
            Err(FormProblem::Field { key, violation: Violation::TooLong { max: 255 } }) if key == "name"
        ));
        let fine = form(&[("name", &"镜".repeat(255))]);
        assert_eq!(fine.field_problem("name", &s, &NoPatterns), None);
        assert!(fine.body(&s, None, 1, &NoPatterns).is_ok());
        assert_eq!(
            fine.body(&s, None, 0, &NoPatterns),
            Err(FormProblem::EmptyFile)
        );
        assert_eq!(
            FormProblem::EmptyFile.message(Lang::En),
            "This file is empty (0 bytes): it holds no disk image, so no image is created from it."
        );
    }

    fn schema() -> ImageSchema {
        ImageSchema::parse_str(include_str!(
            "../../tests/fixtures/glance_schema_image.json"
        ))
        .unwrap()
    }

    fn form(fields: &[(&str, &str)]) -> NewImageForm {
        NewImageForm {
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn fields_are_typed_by_the_schema_and_blanks_left_out() {
        let mut f = form(&[
            ("name", "cirros"),
            ("min_ram", "512"),
            ("min_disk", " "),
            ("disk_format", "qcow2"),
            ("container_format", "bare"),
        ]);
        f.tags = "a, \"b,c\" ,".into();
        f.custom = vec![
            (1, "hw_disk_bus".into(), "virtio".into()),
            (2, String::new(), String::new()),
        ];
        assert_eq!(
            f.body(&schema(), None, 1, &NoPatterns).unwrap(),
            json!({"name": "cirros", "min_ram": 512, "disk_format": "qcow2",
                   "container_format": "bare", "tags": ["a", "b,c"], "hw_disk_bus": "virtio"})
        );
    }

    #[test]
    fn bad_values_names_and_tags_are_refused_before_sending() {
        let s = schema();
        let f = form(&[("min_ram", "lots")]);
        assert!(
            matches!(f.body(&s, None, 1, &NoPatterns), Err(FormProblem::Field { key, .. }) if key == "min_ram")
        );

        let mut f = form(&[]);
        f.tags = "x".repeat(256);
        assert!(matches!(
            f.body(&s, None, 1, &NoPatterns),
            Err(FormProblem::Tag {
                problem: TagError::TooLong { len: 256 },
                ..
            })
        ));

        for (key, problem) in [
            ("min_ram", KeyProblem::IsSchemaProperty),
            ("os_glance_x", KeyProblem::Reserved),
            (" padded", KeyProblem::SurroundingWhitespace),
        ] {
            let mut f = form(&[]);
            f.custom = vec![(1, key.into(), "v".into())];
            assert_eq!(
                f.body(&s, None, 1, &NoPatterns),
                Err(FormProblem::CustomKey {
                    key: key.into(),
                    problem: problem.clone()
                })
            );
            assert_eq!(
                f.custom_key_problem(1, &s),
                Some(FormProblem::CustomKey {
                    key: key.into(),
                    problem
                })
            );
        }

        let mut f = form(&[]);
        f.custom = vec![(1, "k".into(), "a".into()), (2, "k".into(), "b".into())];
        assert_eq!(f.custom_key_problem(1, &s), None);
        assert_eq!(
            f.custom_key_problem(2, &s),
            Some(FormProblem::DuplicateKey("k".into()))
        );
        assert_eq!(
            f.body(&s, None, 1, &NoPatterns),
            Err(FormProblem::DuplicateKey("k".into()))
        );
    }

    #[test]
    fn a_chosen_file_starts_named_after_it_bare_and_private_until_its_header_says_more() {
        let mut f = NewImageForm::for_file("ubuntu-24.04.qcow2");
        assert_eq!(
            f,
            form(&[
                ("name", "ubuntu-24.04"),
                ("container_format", "bare"),
                ("visibility", "private"),
            ])
        );
        let compressed = SniffResult {
            format: Sniffed::Compressed(Compression::Gzip),
            virtual_size: None,
        };
        f.take_detected_format(&compressed);
        assert_eq!(f.fields.get("disk_format"), None);
        assert_eq!(
            Sniff::Done(compressed).compression(),
            Some(Compression::Gzip)
        );
        assert_eq!(Sniff::Pending.compression(), None);
        let fixed_vhd = SniffResult {
            format: Sniffed::Vhd { fixed: true },
            virtual_size: Some(1 << 20),
        };
        f.take_detected_format(&fixed_vhd);
        assert_eq!(f.fields.get("disk_format").map(String::as_str), Some("raw"));
        f.take_detected_format(&sniff(
            include_bytes!("../../tests/fixtures/disks/qcow2-v3.head"),
            &[],
            1 << 30,
        ));
        assert_eq!(
            f.fields.get("disk_format").map(String::as_str),
            Some("qcow2")
        );
    }

    #[test]
    fn main_fields_come_first_in_their_order_and_more_are_the_other_writable_ones() {
        let s = schema();
        let main: Vec<String> = main_fields(&s).into_iter().map(|(k, _)| k).collect();
        assert_eq!(main, MAIN_FIELDS.map(str::to_string).to_vec());
        let keys: Vec<String> = more_fields(&s).into_iter().map(|(k, _)| k).collect();
        assert!(keys.contains(&"protected".to_string()), "{keys:?}");
        assert!(keys.contains(&"os_hidden".to_string()));
        for gone in [
            "name",
            "tags",
            "id",
            "status",
            "checksum",
            "locations",
            "stores",
            "size",
        ] {
            assert!(!keys.iter().any(|k| k == gone), "{gone} in {keys:?}");
        }
    }

    #[test]
    fn the_offered_disk_formats_are_the_schemas_enum() {
        let formats = offered_disk_formats(&schema());
        assert!(formats.contains(&"qcow2".to_string()), "{formats:?}");
        assert!(formats.contains(&"raw".to_string()));
        let mut bare = schema();
        bare.properties.retain(|(k, _)| k != "disk_format");
        assert!(offered_disk_formats(&bare).is_empty());
    }

    #[test]
    fn the_token_is_short_when_the_upload_may_outlast_it() {
        // 20 GB at 20 MB/s is 1000 s, plus a minute: 1060 s needed.
        assert_eq!(token_minutes_short(20e9, 1059.0), Some(17));
        assert_eq!(token_minutes_short(20e9, 1061.0), None);
        // Even a small file needs the minute.
        assert_eq!(token_minutes_short(1.0, 30.0), Some(0));
        // Nothing to send, nothing to say; an expired token says 0, not a negative.
        assert_eq!(token_minutes_short(0.0, 10.0), None);
        assert_eq!(token_minutes_short(1e6, -300.0), Some(0));
    }

    #[test]
    fn the_header_line_says_what_was_found_why_it_failed_or_that_it_is_reading() {
        let qcow2 = Sniff::Done(SniffResult {
            format: Sniffed::Qcow2 {
                version: 3,
                backing_file: false,
            },
            virtual_size: Some(1 << 30),
        });
        assert_eq!(
            qcow2.describe(Lang::En),
            "Detected: qcow2 (v3), virtual size 1.0 GiB"
        );
        assert_eq!(
            qcow2.result().map(|r| r.format.disk_format()),
            Some(Some("qcow2"))
        );
        let vhdx = Sniff::Done(SniffResult {
            format: Sniffed::Vhdx,
            virtual_size: None,
        });
        assert_eq!(vhdx.describe(Lang::En), "Detected: VHDX");
        let failed = Sniff::Failed("NotReadableError".into());
        assert_eq!(
            failed.describe(Lang::En),
            "Could not read the file to check its format: NotReadableError"
        );
        assert_eq!(failed.result(), None);
        assert_eq!(
            Sniff::Pending.describe(Lang::En),
            "Reading the file's header…"
        );
        assert_eq!(Sniff::Pending.describe(Lang::ZhCn), "正在读取文件头…");
    }

    #[test]
    fn data_glance_would_refuse_stops_the_form_only_for_bare_containers() {
        let qcow2_head = include_bytes!("../../tests/fixtures/disks/qcow2-v3.head");
        let sniffed = sniff(qcow2_head, &[], 1 << 30);
        let s = schema();
        let as_vmdk = form(&[("disk_format", "vmdk"), ("container_format", "bare")]);
        assert!(matches!(
            as_vmdk.body(&s, Some(&sniffed), 1, &NoPatterns),
            Err(FormProblem::Format(_))
        ));
        let as_qcow2 = form(&[("disk_format", "qcow2"), ("container_format", "bare")]);
        assert!(as_qcow2.body(&s, Some(&sniffed), 1, &NoPatterns).is_ok());
        let in_ova = form(&[("disk_format", "vmdk"), ("container_format", "ova")]);
        assert!(in_ova.body(&s, Some(&sniffed), 1, &NoPatterns).is_ok());
    }
}
