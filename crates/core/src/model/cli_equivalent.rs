//! The `openstack` command (python-openstackclient 10.x) that does what the portal just did,
//! shown beside each action so users can script it. Every argument is quoted for a POSIX
//! shell, so the text can be pasted as is. The line is derived from the same
//! [`Operation`] value the request is built from, so the two say the same thing.
//!
//! Where the CLI has no equivalent (it cannot set a property to `null`, state a whole tag
//! list, or upload into an image that already exists), the command says so in a trailing
//! shell comment rather than pretend.

use serde_json::Value;

use crate::model::member::MemberStatus;
use crate::model::operation::{DataFile, ImportMethod, Operation, StoreSelection};
use crate::model::patch::PatchOp;
use crate::model::schema::display_value;

/// `--disk-format` choices of `openstack image set` (argparse rejects any other value).
const DISK_CHOICES: [&str; 11] = [
    "ami", "ari", "aki", "vhd", "vmdk", "raw", "qcow2", "vhdx", "vdi", "iso", "ploop",
];
/// `--container-format` choices (`compressed` is missing from the CLI's list).
const CONTAINER_CHOICES: [&str; 7] = ["ami", "ari", "aki", "bare", "docker", "ova", "ovf"];

/// Quotes one argument for a POSIX shell: left bare when it holds only characters no shell
/// (bash, zsh, dash) expands, otherwise in single quotes with `'` written as `'\''`.
pub fn shell_quote(arg: &str) -> String {
    let safe = !arg.is_empty()
        // zsh expands a word starting with `=` (command path); `~` starts a home directory.
        && !arg.starts_with('=')
        && arg.bytes().all(|b| {
            b.is_ascii_alphanumeric() || b"_-./:,@+=%".contains(&b)
        });
    if safe {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// `--opt value`, or `--opt=value` when the value starts with `-` (argparse would otherwise
/// read it as an option).
fn option(name: &str, value: &str) -> String {
    if value.starts_with('-') {
        shell_quote(&format!("{name}={value}"))
    } else {
        format!("{name} {}", shell_quote(value))
    }
}

fn command(words: &[&str], args: &[String], image_id: &str) -> String {
    let mut parts: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    parts.extend(args.iter().cloned());
    parts.push(shell_quote(image_id));
    parts.join(" ")
}

fn with_notes(commands: Vec<String>, notes: &[String]) -> String {
    let mut text = commands.join(" && ");
    if !notes.is_empty() {
        if !text.is_empty() {
            text.push(' ');
        }
        // A comment must not contain a newline, or the rest would run as a command.
        let notes = notes.join("; ").replace(['\n', '\r'], " ");
        text.push_str(&format!("# {notes}"));
    }
    text
}

/// How one image property is said on the command line.
enum Flag {
    /// Option words for `openstack image set` / `create`.
    Args(Vec<String>),
    /// A `null`, which no command can express.
    Null,
    /// What the CLI cannot do, as a note.
    Impossible(String),
}

/// The flag for `key: value`. `creating` selects `openstack image create`'s spelling, which
/// takes the name as its positional argument and has no `--hidden`.
fn property_flag(key: &str, value: &Value, creating: bool) -> Flag {
    let one = |s: String| Flag::Args(vec![s]);
    match (key, value) {
        (_, Value::Null) => Flag::Null,
        ("name", Value::String(name)) => one(option("--name", name)),
        ("min_ram", Value::Number(n)) => one(option("--min-ram", &n.to_string())),
        ("min_disk", Value::Number(n)) => one(option("--min-disk", &n.to_string())),
        ("protected", Value::Bool(b)) => {
            one(if *b { "--protected" } else { "--unprotected" }.into())
        }
        ("os_hidden", Value::Bool(b)) if creating => Flag::Impossible(format!(
            "openstack image create has no --{}: set it afterwards with openstack image set",
            if *b { "hidden" } else { "unhidden" }
        )),
        ("os_hidden", Value::Bool(b)) => one(if *b { "--hidden" } else { "--unhidden" }.into()),
        ("visibility", Value::String(v))
            if ["public", "private", "shared", "community"].contains(&v.as_str()) =>
        {
            one(format!("--{v}"))
        }
        ("disk_format", Value::String(v)) if DISK_CHOICES.contains(&v.as_str()) => {
            one(option("--disk-format", v))
        }
        ("container_format", Value::String(v)) if CONTAINER_CHOICES.contains(&v.as_str()) => {
            one(option("--container-format", v))
        }
        // The CLI sets the owner with `--project` when no membership flag is given.
        ("owner", Value::String(v)) => one(option("--project", v)),
        ("id", Value::String(v)) if creating => one(option("--id", v)),
        ("tags", Value::Array(items)) => Flag::Args(
            items
                .iter()
                .map(|t| option("--tag", &display_value(t)))
                .collect(),
        ),
        // argparse splits `--property` at the first `=`: such a key has no equivalent.
        _ if key.contains('=') => {
            Flag::Impossible(format!("the openstack CLI cannot set the property {key:?}"))
        }
        _ => one(option(
            "--property",
            &format!("{key}={}", display_value(value)),
        )),
    }
}

/// The CLI equivalent of a patch. With `original_tags` (the image's tags before the patch), a
/// `/tags` replacement becomes `--tag` for each added tag and `openstack image unset --tag`
/// for each removed one; without them only the tags in the new list can be named, and a
/// comment points out that removals are not shown. Returns an empty string for no ops.
pub fn update_command(image_id: &str, ops: &[PatchOp], original_tags: Option<&[String]>) -> String {
    let (commands, notes) = update_parts(image_id, ops, original_tags);
    with_notes(commands, &notes)
}

fn update_parts(
    image_id: &str,
    ops: &[PatchOp],
    original_tags: Option<&[String]>,
) -> (Vec<String>, Vec<String>) {
    let mut set: Vec<String> = Vec::new();
    let mut unset: Vec<String> = Vec::new();
    let mut cleared: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for op in ops {
        let key = op.key();
        let Some(value) = op.value() else {
            unset.push(option("--property", &key));
            continue;
        };
        if let ("tags", Value::Array(items)) = (key.as_str(), value) {
            let new: Vec<String> = items.iter().map(display_value).collect();
            match original_tags {
                Some(old) => {
                    for tag in new.iter().filter(|t| !old.contains(t)) {
                        set.push(option("--tag", tag));
                    }
                    for tag in old.iter().filter(|t| !new.contains(t)) {
                        unset.push(option("--tag", tag));
                    }
                }
                None => {
                    set.extend(new.iter().map(|tag| option("--tag", tag)));
                    notes.push(
                        "tags not listed are removed too (openstack image unset --tag <tag>)"
                            .into(),
                    );
                }
            }
            continue;
        }
        match property_flag(&key, value, false) {
            Flag::Args(args) => set.extend(args),
            Flag::Null => cleared.push(key.clone()),
            Flag::Impossible(note) => notes.push(note),
        }
    }
    if !cleared.is_empty() {
        notes.push(format!(
            "the openstack CLI cannot set to null: {}",
            cleared.join(", ")
        ));
    }
    let mut commands = Vec::new();
    if !set.is_empty() {
        commands.push(command(&["openstack", "image", "set"], &set, image_id));
    }
    if !unset.is_empty() {
        commands.push(command(&["openstack", "image", "unset"], &unset, image_id));
    }
    (commands, notes)
}

/// `openstack image create` for the properties of a `POST /v2/images`, with `extra` options
/// (`--file`, `--import`) before the name, and the notes on what it cannot say.
fn create_parts(properties: &Value, extra: &[String]) -> (String, Vec<String>) {
    let mut args: Vec<String> = Vec::new();
    let mut cleared: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut name = String::new();
    if let Value::Object(map) = properties {
        for (key, value) in map {
            if let ("name", Value::String(n)) = (key.as_str(), value) {
                name = n.clone();
                continue;
            }
            match property_flag(key, value, true) {
                Flag::Args(more) => args.extend(more),
                Flag::Null => cleared.push(key.clone()),
                Flag::Impossible(note) => notes.push(note),
            }
        }
    }
    if !cleared.is_empty() {
        notes.push(format!(
            "the openstack CLI cannot set to null: {}",
            cleared.join(", ")
        ));
    }
    args.extend(extra.iter().cloned());
    // The name is the positional argument; one starting with `-` would be read as an
    // option, so `--` ends the options first.
    let name = if name.starts_with('-') {
        format!("-- {}", shell_quote(&name))
    } else {
        shell_quote(&name)
    };
    let mut line = String::from("openstack image create");
    for arg in args {
        line.push(' ');
        line.push_str(&arg);
    }
    line.push(' ');
    line.push_str(&name);
    (line, notes)
}

fn file_option(file: &DataFile) -> String {
    option("--file", &file.name)
}

/// `openstack image import` for `method` into `stores`.
fn import_command(image_id: &str, method: &ImportMethod, stores: &StoreSelection) -> String {
    let mut args = vec![option("--method", method.wire_name())];
    if let ImportMethod::WebDownload { uri } = method {
        args.push(option("--uri", uri));
    }
    let all_must_succeed = match stores {
        StoreSelection::Default => None,
        StoreSelection::Stores {
            ids,
            all_must_succeed,
        } => {
            // `--store` takes every store after it (argparse `nargs='*'`; a second `--store`
            // would replace the first list), so the next option ends the list.
            let mut store = String::from("--store");
            for id in ids {
                store.push(' ');
                store.push_str(&shell_quote(id));
            }
            args.push(store);
            Some(*all_must_succeed)
        }
        StoreSelection::AllStores { all_must_succeed } => {
            args.push("--all-stores".into());
            Some(*all_must_succeed)
        }
    };
    match all_must_succeed {
        Some(true) => args.push("--disallow-failure".into()),
        Some(false) => args.push("--allow-failure".into()),
        None => {}
    }
    command(&["openstack", "image", "import"], &args, image_id)
}

/// The `openstack` command line equivalent to `op`.
pub fn cli_command(op: &Operation) -> String {
    let (commands, notes) = cli_parts(op);
    with_notes(commands, &notes)
}

/// The commands and the notes (what the CLI cannot say) for `op`.
fn cli_parts(op: &Operation) -> (Vec<String>, Vec<String>) {
    let just = |line: String| (vec![line], Vec::new());
    match op {
        Operation::Create { properties } => {
            let (line, notes) = create_parts(properties, &[]);
            (vec![line], notes)
        }
        Operation::Update { image_id, ops } => update_parts(image_id, ops, None),
        Operation::ReplaceTags {
            image_id,
            tags,
            before,
        } => update_parts(
            image_id,
            &[PatchOp::Replace {
                path: "/tags".into(),
                value: tags.clone().into(),
            }],
            Some(before),
        ),
        Operation::AddTag { image_id, tag } => just(command(
            &["openstack", "image", "set"],
            &[option("--tag", tag)],
            image_id,
        )),
        Operation::RemoveTag { image_id, tag } => just(command(
            &["openstack", "image", "unset"],
            &[option("--tag", tag)],
            image_id,
        )),
        Operation::AddMember {
            image_id,
            project_id,
        } => just(format!(
            "openstack image add project {} {}",
            shell_quote(image_id),
            shell_quote(project_id)
        )),
        Operation::RemoveMember {
            image_id,
            project_id,
        } => just(format!(
            "openstack image remove project {} {}",
            shell_quote(image_id),
            shell_quote(project_id)
        )),
        Operation::SetMemberStatus {
            image_id,
            project_id,
            status,
        } => {
            let flag = match status {
                MemberStatus::Accepted => "--accept",
                MemberStatus::Rejected => "--reject",
                MemberStatus::Pending => "--pending",
                other => {
                    return (
                        Vec::new(),
                        vec![format!(
                            "the openstack CLI cannot set a member status of {:?}",
                            other.as_str()
                        )],
                    )
                }
            };
            just(command(
                &["openstack", "image", "set"],
                &[flag.to_string(), option("--project", project_id)],
                image_id,
            ))
        }
        Operation::Deactivate { image_id } => just(command(
            &["openstack", "image", "set"],
            &["--deactivate".into()],
            image_id,
        )),
        Operation::Reactivate { image_id } => just(command(
            &["openstack", "image", "set"],
            &["--activate".into()],
            image_id,
        )),
        Operation::Delete { image_id } => {
            just(format!("openstack image delete {}", shell_quote(image_id)))
        }
        Operation::Upload { .. } => (
            Vec::new(),
            vec![
                "the openstack CLI uploads data only while creating an image \
               (openstack image create --file); into an existing image it can stage and \
               import (openstack image stage, openstack image import --method glance-direct)"
                    .into(),
            ],
        ),
        Operation::Stage { image_id, file } => just(command(
            &["openstack", "image", "stage"],
            &[file_option(file)],
            image_id,
        )),
        Operation::Import {
            image_id,
            method,
            stores,
        } => just(import_command(image_id, method, stores)),
        Operation::Download {
            image_id,
            file_name,
        } => just(command(
            &["openstack", "image", "save"],
            &[option("--file", file_name)],
            image_id,
        )),
    }
}

/// The command line for several operations done as one step, in order: a create followed
/// by the upload of its data is one `openstack image create --file` (or `--file --import`
/// for a stage and a glance-direct import into the default store), as a user would type it;
/// consecutive deletes become one `openstack image delete`; anything else is joined with
/// `&&`.
pub fn steps_command(ops: &[Operation]) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut rest = ops;
    while let Some((first, tail)) = rest.split_first() {
        match (first, tail) {
            (
                Operation::Create { properties },
                [Operation::Upload {
                    file, store: None, ..
                }, after @ ..],
            ) => {
                let (line, more) = create_parts(properties, &[file_option(file)]);
                lines.push(line);
                notes.extend(more);
                rest = after;
            }
            (
                Operation::Create { properties },
                [Operation::Stage { file, .. }, Operation::Import {
                    method: ImportMethod::GlanceDirect,
                    stores: StoreSelection::Default,
                    ..
                }, after @ ..],
            ) => {
                let (line, more) =
                    create_parts(properties, &[file_option(file), "--import".into()]);
                lines.push(line);
                notes.extend(more);
                rest = after;
            }
            (Operation::Delete { .. }, _) => {
                let count = rest
                    .iter()
                    .take_while(|op| matches!(op, Operation::Delete { .. }))
                    .count();
                let ids: Vec<String> = rest[..count]
                    .iter()
                    .filter_map(|op| op.image_id().map(shell_quote))
                    .collect();
                lines.push(format!("openstack image delete {}", ids.join(" ")));
                rest = &rest[count..];
            }
            _ => {
                // Notes gather at the end, so the commands stay one runnable line.
                let (commands, more) = cli_parts(first);
                lines.extend(commands);
                notes.extend(more);
                rest = tail;
            }
        }
    }
    with_notes(lines, &notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "734533aa-2869-4896-a728-9574bc666407";

    /// Splits a command the way a POSIX shell does for the quoting used here (bare words and
    /// single quotes), stopping at a comment; proves the quoting round-trips.
    fn shell_words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word: Option<String> = None;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                ' ' => words.extend(word.take()),
                '#' if word.is_none() => break,
                '\'' => {
                    let w = word.get_or_insert_with(String::new);
                    for q in chars.by_ref() {
                        if q == '\'' {
                            break;
                        }
                        w.push(q);
                    }
                }
                '\\' => word.get_or_insert_with(String::new).extend(chars.next()),
                other => word.get_or_insert_with(String::new).push(other),
            }
        }
        words.extend(word);
        words
    }

    fn update(ops: Vec<PatchOp>) -> String {
        cli_command(&Operation::Update {
            image_id: ID.into(),
            ops,
        })
    }

    fn replace(key: &str, value: Value) -> PatchOp {
        PatchOp::Replace {
            path: crate::model::patch::json_pointer(key),
            value,
        }
    }

    #[test]
    fn quoting_is_minimal_and_round_trips() {
        assert_eq!(shell_quote("abc-1.2_x/y:z"), "abc-1.2_x/y:z");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$HOME"), "'$HOME'");
        assert_eq!(shell_quote("~x"), "'~x'");
        assert_eq!(shell_quote("=ls"), "'=ls'");
        assert_eq!(shell_quote("镜像"), "'镜像'");
        for s in [
            "it's",
            "a'b'c",
            "'",
            "x y\tz",
            "$(rm -rf /)",
            "`id`",
            "a\nb",
            "*",
            "!x",
        ] {
            assert_eq!(shell_words(&shell_quote(s)), vec![s.to_string()], "{s:?}");
        }
    }

    #[test]
    fn update_maps_base_properties_to_their_flags() {
        let cmd = update(vec![
            replace("name", json!("Ubuntu 24.04")),
            replace("min_ram", json!(512)),
            replace("min_disk", json!(10)),
            replace("protected", json!(true)),
            replace("visibility", json!("community")),
            replace("os_hidden", json!(false)),
            replace("disk_format", json!("qcow2")),
            replace("container_format", json!("bare")),
            replace("owner", json!("89b1469f0f1440e98c7477215f9c0b9b")),
        ]);
        assert_eq!(
            cmd,
            format!(
                "openstack image set --name 'Ubuntu 24.04' --min-ram 512 --min-disk 10 \
                 --protected --community --unhidden --disk-format qcow2 \
                 --container-format bare --project 89b1469f0f1440e98c7477215f9c0b9b {ID}"
            )
        );
        assert_eq!(
            update(vec![
                replace("protected", json!(false)),
                replace("os_hidden", json!(true))
            ]),
            format!("openstack image set --unprotected --hidden {ID}")
        );
    }

    #[test]
    fn formats_the_cli_refuses_become_properties() {
        assert_eq!(
            update(vec![
                replace("disk_format", json!("zvhd2")),
                replace("container_format", json!("compressed")),
                replace("visibility", json!("internal")),
            ]),
            format!(
                "openstack image set --property disk_format=zvhd2 \
                 --property container_format=compressed --property visibility=internal {ID}"
            )
        );
    }

    #[test]
    fn custom_properties_set_and_unset_in_two_commands() {
        let cmd = update(vec![
            PatchOp::Add {
                path: "/hw_disk_bus".into(),
                value: json!("scsi"),
            },
            replace("note", json!("it's $5")),
            PatchOp::Remove {
                path: "/a~1b".into(),
            },
            PatchOp::Remove {
                path: "/old".into(),
            },
        ]);
        assert_eq!(
            cmd,
            format!(
                "openstack image set --property hw_disk_bus=scsi --property 'note=it'\\''s $5' {ID} \
                 && openstack image unset --property a/b --property old {ID}"
            )
        );
        let set = cmd.split(" && ").next().unwrap();
        assert_eq!(shell_words(set)[6], "note=it's $5");
    }

    #[test]
    fn values_starting_with_a_dash_use_the_equals_form() {
        assert_eq!(
            update(vec![
                replace("name", json!("-x")),
                replace("k", json!("-1"))
            ]),
            format!("openstack image set --name=-x --property k=-1 {ID}")
        );
    }

    #[test]
    fn nulls_and_impossible_keys_are_stated_not_dropped() {
        assert_eq!(
            update(vec![
                replace("name", Value::Null),
                replace("min_ram", json!(1))
            ]),
            format!(
                "openstack image set --min-ram 1 {ID} # the openstack CLI cannot set to null: name"
            )
        );
        assert_eq!(
            update(vec![replace("disk_format", Value::Null)]),
            "# the openstack CLI cannot set to null: disk_format"
        );
        assert_eq!(
            update(vec![replace("a=b", json!("c"))]),
            "# the openstack CLI cannot set the property \"a=b\""
        );
        assert_eq!(update(vec![]), "");
    }

    #[test]
    fn tag_lists_use_set_and_unset_when_the_original_is_known() {
        let ops = vec![replace("tags", json!(["keep", "new tag"]))];
        let old = vec!["keep".to_string(), "gone".to_string()];
        assert_eq!(
            update_command(ID, &ops, Some(&old)),
            format!(
                "openstack image set --tag 'new tag' {ID} && openstack image unset --tag gone {ID}"
            )
        );
        assert_eq!(
            update_command(ID, &ops, None),
            format!(
                "openstack image set --tag keep --tag 'new tag' {ID} \
                 # tags not listed are removed too (openstack image unset --tag <tag>)"
            )
        );
    }

    #[test]
    fn tag_member_lifecycle_and_delete_commands() {
        assert_eq!(
            cli_command(&Operation::AddTag {
                image_id: ID.into(),
                tag: "it's".into()
            }),
            format!("openstack image set --tag 'it'\\''s' {ID}")
        );
        assert_eq!(
            cli_command(&Operation::RemoveTag {
                image_id: ID.into(),
                tag: "--x".into()
            }),
            format!("openstack image unset --tag=--x {ID}")
        );
        assert_eq!(
            cli_command(&Operation::AddMember {
                image_id: ID.into(),
                project_id: "p1".into()
            }),
            format!("openstack image add project {ID} p1")
        );
        assert_eq!(
            cli_command(&Operation::RemoveMember {
                image_id: ID.into(),
                project_id: "p 1".into()
            }),
            format!("openstack image remove project {ID} 'p 1'")
        );
        for (status, flag) in [
            (MemberStatus::Accepted, "--accept"),
            (MemberStatus::Rejected, "--reject"),
            (MemberStatus::Pending, "--pending"),
        ] {
            assert_eq!(
                cli_command(&Operation::SetMemberStatus {
                    image_id: ID.into(),
                    project_id: "p1".into(),
                    status
                }),
                format!("openstack image set {flag} --project p1 {ID}")
            );
        }
        assert!(cli_command(&Operation::SetMemberStatus {
            image_id: ID.into(),
            project_id: "p1".into(),
            status: MemberStatus::All
        })
        .starts_with("# "));
        assert_eq!(
            cli_command(&Operation::Deactivate {
                image_id: ID.into()
            }),
            format!("openstack image set --deactivate {ID}")
        );
        assert_eq!(
            cli_command(&Operation::Reactivate {
                image_id: ID.into()
            }),
            format!("openstack image set --activate {ID}")
        );
        assert_eq!(
            steps_command(&[
                Operation::Delete {
                    image_id: "a".into()
                },
                Operation::Delete {
                    image_id: "b c".into()
                }
            ]),
            "openstack image delete a 'b c'"
        );
        assert_eq!(
            cli_command(&Operation::Import {
                image_id: "i d".into(),
                method: ImportMethod::CopyImage,
                stores: StoreSelection::Stores {
                    ids: vec!["archive".into(), "ceph-2".into()],
                    all_must_succeed: false
                }
            }),
            "openstack image import --method copy-image --store archive ceph-2 \
             --allow-failure 'i d'"
        );
    }

    fn data(name: &str) -> DataFile {
        DataFile {
            name: name.into(),
            size: 10,
        }
    }

    fn new_image() -> Value {
        json!({
            "name": "Ubuntu 24.04",
            "disk_format": "qcow2",
            "container_format": "bare",
            "visibility": "shared",
            "min_ram": 512,
            "tags": ["lts", "it's"],
            "os_distro": "ubuntu",
        })
    }

    #[test]
    fn create_names_the_image_last_and_maps_its_properties() {
        let line = cli_command(&Operation::Create {
            properties: new_image(),
        });
        let words = shell_words(&line);
        assert_eq!(&words[..3], ["openstack", "image", "create"]);
        assert_eq!(words.last().unwrap(), "Ubuntu 24.04");
        for pair in [
            ["--disk-format", "qcow2"],
            ["--container-format", "bare"],
            ["--min-ram", "512"],
            ["--tag", "lts"],
            ["--tag", "it's"],
            ["--property", "os_distro=ubuntu"],
        ] {
            assert!(words.windows(2).any(|w| w == pair), "{pair:?} in {line}");
        }
        assert!(words.contains(&"--shared".to_string()), "{line}");
        assert!(!line.contains('#'), "nothing unsaid: {line}");
    }

    #[test]
    fn create_states_what_its_cli_cannot_set() {
        let line = cli_command(&Operation::Create {
            properties: json!({"name": "-x", "os_hidden": true, "kernel_id": null}),
        });
        assert!(
            line.starts_with("openstack image create -- -x # "),
            "{line}"
        );
        assert!(line.contains("no --hidden"), "{line}");
        assert!(line.contains("cannot set to null: kernel_id"), "{line}");
    }

    #[test]
    fn create_and_upload_is_one_create_with_file() {
        let create = Operation::Create {
            properties: json!({"name": "n", "disk_format": "raw"}),
        };
        let upload = Operation::Upload {
            image_id: ID.into(),
            file: data("disk 1.raw"),
            store: None,
        };
        assert_eq!(
            steps_command(&[create.clone(), upload.clone()]),
            "openstack image create --disk-format raw --file 'disk 1.raw' n"
        );
        // Alone, an upload into an existing image has no CLI command, and says so.
        assert!(cli_command(&upload).starts_with("# the openstack CLI uploads data only"));
        // With a store the create cannot name it: the steps are listed, with the note.
        let to_store = Operation::Upload {
            image_id: ID.into(),
            file: data("disk 1.raw"),
            store: Some("fast".into()),
        };
        let line = steps_command(&[create, to_store]);
        assert!(
            line.starts_with("openstack image create --disk-format raw n # "),
            "{line}"
        );
    }

    #[test]
    fn glance_direct_is_create_file_import_or_stage_then_import() {
        let create = Operation::Create {
            properties: json!({"name": "n"}),
        };
        let stage = Operation::Stage {
            image_id: ID.into(),
            file: data("a.qcow2"),
        };
        let import = |stores| Operation::Import {
            image_id: ID.into(),
            method: ImportMethod::GlanceDirect,
            stores,
        };
        assert_eq!(
            steps_command(&[
                create.clone(),
                stage.clone(),
                import(StoreSelection::Default)
            ]),
            "openstack image create --file a.qcow2 --import n"
        );
        assert_eq!(
            steps_command(&[
                stage,
                import(StoreSelection::Stores {
                    ids: vec!["fast".into()],
                    all_must_succeed: true
                })
            ]),
            format!(
                "openstack image stage --file a.qcow2 {ID} && openstack image import \
                 --method glance-direct --store fast --disallow-failure {ID}"
            )
        );
    }

    #[test]
    fn web_download_and_download_commands() {
        assert_eq!(
            cli_command(&Operation::Import {
                image_id: ID.into(),
                method: ImportMethod::WebDownload {
                    uri: "http://example.com/a b.img".into()
                },
                stores: StoreSelection::AllStores {
                    all_must_succeed: false
                },
            }),
            format!(
                "openstack image import --method web-download --uri \
                 'http://example.com/a b.img' --all-stores --allow-failure {ID}"
            )
        );
        assert_eq!(
            cli_command(&Operation::Download {
                image_id: ID.into(),
                file_name: "cirros.img".into()
            }),
            format!("openstack image save --file cirros.img {ID}")
        );
    }

    #[test]
    fn replacing_tags_names_additions_and_removals() {
        assert_eq!(
            cli_command(&Operation::ReplaceTags {
                image_id: ID.into(),
                tags: vec!["a/b".into(), "keep".into()],
                before: vec!["keep".into(), "gone".into()],
            }),
            format!("openstack image set --tag a/b {ID} && openstack image unset --tag gone {ID}")
        );
    }
}
