//! The `openstack` command (python-openstackclient 10.x) that does what the portal just did,
//! shown beside each action so users can script it. Every argument is quoted for a POSIX
//! shell, so the text can be pasted as is.
//!
//! Where the CLI has no equivalent (it cannot set a property to `null`, nor state a whole
//! tag list), the command says so in a trailing shell comment rather than pretend.

use serde_json::Value;

use crate::model::image::MemberStatus;
use crate::model::patch::PatchOp;
use crate::model::schema::display_value;

/// An action the portal performed, in the terms its CLI equivalent needs.
#[derive(Clone, Debug, PartialEq)]
pub enum CliAction {
    /// A JSON-patch of image properties.
    Update {
        /// The image.
        image_id: String,
        /// The operations sent.
        ops: Vec<PatchOp>,
    },
    /// `PUT /v2/images/{id}/tags/{tag}`.
    AddTag {
        /// The image.
        image_id: String,
        /// The tag.
        tag: String,
    },
    /// `DELETE /v2/images/{id}/tags/{tag}`.
    RemoveTag {
        /// The image.
        image_id: String,
        /// The tag.
        tag: String,
    },
    /// Sharing with a project.
    AddMember {
        /// The image.
        image_id: String,
        /// The member project.
        project_id: String,
    },
    /// Unsharing.
    RemoveMember {
        /// The image.
        image_id: String,
        /// The member project.
        project_id: String,
    },
    /// A member's answer.
    SetMemberStatus {
        /// The image.
        image_id: String,
        /// The member project.
        project_id: String,
        /// The answer.
        status: MemberStatus,
    },
    /// `POST …/actions/deactivate`.
    Deactivate {
        /// The image.
        image_id: String,
    },
    /// `POST …/actions/reactivate`.
    Reactivate {
        /// The image.
        image_id: String,
    },
    /// Deleting one or more images.
    Delete {
        /// The images.
        image_ids: Vec<String>,
    },
    /// `POST …/import` with `copy-image` into more stores (each may fail on its own).
    CopyImage {
        /// The image.
        image_id: String,
        /// Target store ids.
        stores: Vec<String>,
    },
}

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

/// The CLI equivalent of a patch. With `original_tags` (the image's tags before the patch), a
/// `/tags` replacement becomes `--tag` for each added tag and `openstack image unset --tag`
/// for each removed one; without them only the tags in the new list can be named, and a
/// comment points out that removals are not shown. Returns an empty string for no ops.
pub fn update_command(image_id: &str, ops: &[PatchOp], original_tags: Option<&[String]>) -> String {
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
        match (key.as_str(), value) {
            (_, Value::Null) => cleared.push(key.clone()),
            ("name", Value::String(name)) => set.push(option("--name", name)),
            ("min_ram", Value::Number(n)) => set.push(option("--min-ram", &n.to_string())),
            ("min_disk", Value::Number(n)) => set.push(option("--min-disk", &n.to_string())),
            ("protected", Value::Bool(b)) => {
                set.push(if *b { "--protected" } else { "--unprotected" }.into())
            }
            ("os_hidden", Value::Bool(b)) => {
                set.push(if *b { "--hidden" } else { "--unhidden" }.into())
            }
            ("visibility", Value::String(v))
                if ["public", "private", "shared", "community"].contains(&v.as_str()) =>
            {
                set.push(format!("--{v}"))
            }
            ("disk_format", Value::String(v)) if DISK_CHOICES.contains(&v.as_str()) => {
                set.push(option("--disk-format", v))
            }
            ("container_format", Value::String(v)) if CONTAINER_CHOICES.contains(&v.as_str()) => {
                set.push(option("--container-format", v))
            }
            // The CLI sets the owner with `--project` when no membership flag is given.
            ("owner", Value::String(v)) => set.push(option("--project", v)),
            ("tags", Value::Array(items)) => {
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
                        for tag in &new {
                            set.push(option("--tag", tag));
                        }
                        notes.push(
                            "tags not listed are removed too (openstack image unset --tag <tag>)"
                                .into(),
                        );
                    }
                }
            }
            _ => {
                // argparse splits `--property` at the first `=`: such a key has no equivalent.
                if key.contains('=') {
                    notes.push(format!("the openstack CLI cannot set the property {key:?}"));
                } else {
                    set.push(option(
                        "--property",
                        &format!("{key}={}", display_value(value)),
                    ));
                }
            }
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
    with_notes(commands, &notes)
}

/// The `openstack` command line equivalent to `action`.
pub fn cli_command(action: &CliAction) -> String {
    match action {
        CliAction::Update { image_id, ops } => update_command(image_id, ops, None),
        CliAction::AddTag { image_id, tag } => command(
            &["openstack", "image", "set"],
            &[option("--tag", tag)],
            image_id,
        ),
        CliAction::RemoveTag { image_id, tag } => command(
            &["openstack", "image", "unset"],
            &[option("--tag", tag)],
            image_id,
        ),
        CliAction::AddMember {
            image_id,
            project_id,
        } => format!(
            "openstack image add project {} {}",
            shell_quote(image_id),
            shell_quote(project_id)
        ),
        CliAction::RemoveMember {
            image_id,
            project_id,
        } => format!(
            "openstack image remove project {} {}",
            shell_quote(image_id),
            shell_quote(project_id)
        ),
        CliAction::SetMemberStatus {
            image_id,
            project_id,
            status,
        } => {
            let flag = match status {
                MemberStatus::Accepted => "--accept",
                MemberStatus::Rejected => "--reject",
                MemberStatus::Pending => "--pending",
                other => {
                    return with_notes(
                        Vec::new(),
                        &[format!(
                            "the openstack CLI cannot set a member status of {:?}",
                            other.as_str()
                        )],
                    )
                }
            };
            command(
                &["openstack", "image", "set"],
                &[flag.to_string(), option("--project", project_id)],
                image_id,
            )
        }
        CliAction::Deactivate { image_id } => command(
            &["openstack", "image", "set"],
            &["--deactivate".into()],
            image_id,
        ),
        CliAction::Reactivate { image_id } => command(
            &["openstack", "image", "set"],
            &["--activate".into()],
            image_id,
        ),
        CliAction::Delete { image_ids } => {
            let ids: Vec<String> = image_ids.iter().map(|id| shell_quote(id)).collect();
            format!("openstack image delete {}", ids.join(" "))
        }
        CliAction::CopyImage { image_id, stores } => {
            // `--store` takes every store after it (argparse `nargs='*'`; a second
            // `--store` would replace the first list), so the next option ends the list.
            let mut line = String::from("openstack image import --method copy-image --store");
            for store in stores {
                line.push(' ');
                line.push_str(&shell_quote(store));
            }
            line.push_str(" --allow-failure ");
            line.push_str(&shell_quote(image_id));
            line
        }
    }
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
        cli_command(&CliAction::Update {
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
            cli_command(&CliAction::AddTag {
                image_id: ID.into(),
                tag: "it's".into()
            }),
            format!("openstack image set --tag 'it'\\''s' {ID}")
        );
        assert_eq!(
            cli_command(&CliAction::RemoveTag {
                image_id: ID.into(),
                tag: "--x".into()
            }),
            format!("openstack image unset --tag=--x {ID}")
        );
        assert_eq!(
            cli_command(&CliAction::AddMember {
                image_id: ID.into(),
                project_id: "p1".into()
            }),
            format!("openstack image add project {ID} p1")
        );
        assert_eq!(
            cli_command(&CliAction::RemoveMember {
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
                cli_command(&CliAction::SetMemberStatus {
                    image_id: ID.into(),
                    project_id: "p1".into(),
                    status
                }),
                format!("openstack image set {flag} --project p1 {ID}")
            );
        }
        assert!(cli_command(&CliAction::SetMemberStatus {
            image_id: ID.into(),
            project_id: "p1".into(),
            status: MemberStatus::All
        })
        .starts_with("# "));
        assert_eq!(
            cli_command(&CliAction::Deactivate {
                image_id: ID.into()
            }),
            format!("openstack image set --deactivate {ID}")
        );
        assert_eq!(
            cli_command(&CliAction::Reactivate {
                image_id: ID.into()
            }),
            format!("openstack image set --activate {ID}")
        );
        assert_eq!(
            cli_command(&CliAction::Delete {
                image_ids: vec!["a".into(), "b c".into()]
            }),
            "openstack image delete a 'b c'"
        );
        assert_eq!(
            cli_command(&CliAction::CopyImage {
                image_id: "i d".into(),
                stores: vec!["archive".into(), "ceph-2".into()]
            }),
            "openstack image import --method copy-image --store archive ceph-2 \
             --allow-failure 'i d'"
        );
    }
}
