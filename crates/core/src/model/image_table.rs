//! The image list table's columns and what its cells say: which columns Glance can sort on,
//! how a header shows the current sort, and the texts of a row. Pure, so the table component
//! only lays them out.

use std::collections::HashMap;

use crate::i18n::Key;
use crate::model::filters::SortDir;
use crate::model::image::Image;
use crate::model::size::{grouped, human_size};

/// Which column: the user chooses among them, and a row's cell is picked by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnId {
    /// The name link with the tags (always shown).
    Name,
    /// The status badge.
    Status,
    /// Who can see the image.
    Visibility,
    /// The OS inside (`os_distro`, `os_version`, `architecture`).
    Os,
    /// The disk format.
    DiskFormat,
    /// The container format.
    ContainerFormat,
    /// The stored size.
    Size,
    /// `min_disk` in GiB.
    MinDisk,
    /// `min_ram` in MiB.
    MinRam,
    /// The secure hash, shortened.
    Hash,
    /// The owning project.
    Owner,
    /// When created.
    Created,
    /// When last changed.
    Updated,
    /// Protected and hidden marks.
    Flags,
}

/// A column: its label, and the Glance sort key when sortable.
pub struct Column {
    /// Which column.
    pub id: ColumnId,
    /// The header's text.
    pub label: Key,
    /// Glance's `sort_key` for this column; `None` when Glance cannot sort on it.
    pub sort_key: Option<&'static str>,
    /// The class of its header and cells.
    pub class: &'static str,
    /// Its name in the stored choice (`gp.columns`).
    pub name: &'static str,
}

const fn column(
    id: ColumnId,
    label: Key,
    sort_key: Option<&'static str>,
    class: &'static str,
    name: &'static str,
) -> Column {
    Column {
        id,
        label,
        sort_key,
        class,
        name,
    }
}

/// Every column after the selection checkbox, in table order.
pub const COLUMNS: [Column; 14] = [
    column(
        ColumnId::Name,
        Key::ColName,
        Some("name"),
        "gp-col-name",
        "name",
    ),
    column(
        ColumnId::Status,
        Key::ColStatus,
        Some("status"),
        "gp-col-status",
        "status",
    ),
    column(
        ColumnId::Visibility,
        Key::ColVisibility,
        None,
        "gp-col-visibility",
        "visibility",
    ),
    column(ColumnId::Os, Key::ColOs, None, "gp-col-os", "os"),
    column(
        ColumnId::DiskFormat,
        Key::ColDiskFormat,
        Some("disk_format"),
        "gp-col-disk",
        "disk_format",
    ),
    column(
        ColumnId::ContainerFormat,
        Key::ColContainerFormat,
        Some("container_format"),
        "gp-col-container",
        "container_format",
    ),
    column(
        ColumnId::Size,
        Key::ColSize,
        Some("size"),
        "gp-col-size",
        "size",
    ),
    column(
        ColumnId::MinDisk,
        Key::ColMinDisk,
        None,
        "gp-col-min-disk",
        "min_disk",
    ),
    column(
        ColumnId::MinRam,
        Key::ColMinRam,
        None,
        "gp-col-min-ram",
        "min_ram",
    ),
    column(ColumnId::Hash, Key::ColHash, None, "gp-col-hash", "hash"),
    column(
        ColumnId::Owner,
        Key::ColOwner,
        None,
        "gp-col-owner",
        "owner",
    ),
    column(
        ColumnId::Created,
        Key::ColCreated,
        Some("created_at"),
        "gp-col-created",
        "created_at",
    ),
    column(
        ColumnId::Updated,
        Key::ColUpdated,
        Some("updated_at"),
        "gp-col-updated",
        "updated_at",
    ),
    column(
        ColumnId::Flags,
        Key::ColFlags,
        None,
        "gp-col-flags",
        "flags",
    ),
];

/// The columns shown until the user chooses: what tells images apart at a glance. The
/// container format is nearly always `bare`, and the update time follows the creation time
/// for most images.
pub const DEFAULT_COLUMNS: [ColumnId; 9] = [
    ColumnId::Name,
    ColumnId::Status,
    ColumnId::Visibility,
    ColumnId::Os,
    ColumnId::DiskFormat,
    ColumnId::Size,
    ColumnId::Owner,
    ColumnId::Created,
    ColumnId::Flags,
];

impl ColumnId {
    /// The column's definition.
    pub fn column(self) -> &'static Column {
        COLUMNS.iter().find(|c| c.id == self).unwrap_or(&COLUMNS[0])
    }
}

/// The user's stored choice (`"status,os,size"`) as columns; names it does not know are
/// dropped (a choice stored by a newer portal), and no usable name at all means the defaults.
/// The name column is always in.
pub fn chosen_columns(stored: Option<&str>) -> Vec<ColumnId> {
    let mut chosen: Vec<ColumnId> = stored
        .unwrap_or_default()
        .split(',')
        .filter_map(|name| COLUMNS.iter().find(|c| c.name == name.trim()))
        .map(|c| c.id)
        .collect();
    if chosen.is_empty() {
        return DEFAULT_COLUMNS.to_vec();
    }
    if !chosen.contains(&ColumnId::Name) {
        chosen.insert(0, ColumnId::Name);
    }
    chosen
}

/// `chosen` as it is stored.
pub fn stored_choice(chosen: &[ColumnId]) -> String {
    COLUMNS
        .iter()
        .filter(|c| chosen.contains(&c.id))
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(",")
}

/// The chosen columns in table order, without those that would be empty on this page: no
/// image states an OS, a hash, a minimum or a flag. A table of blank cells only takes room.
pub fn shown_columns(chosen: &[ColumnId], images: &[Image]) -> Vec<&'static Column> {
    let any = |has: &dyn Fn(&Image) -> bool| images.iter().any(has);
    COLUMNS
        .iter()
        .filter(|c| chosen.contains(&c.id))
        .filter(|c| match c.id {
            ColumnId::Os => any(&|i| os_line(i).is_some()),
            ColumnId::MinDisk => any(&|i| i.min_disk.unwrap_or(0) > 0),
            ColumnId::MinRam => any(&|i| i.min_ram.unwrap_or(0) > 0),
            ColumnId::Hash => any(&|i| i.os_hash_value.as_deref().is_some_and(|h| !h.is_empty())),
            ColumnId::Flags => any(&|i| i.protected || i.os_hidden),
            _ => true,
        })
        .collect()
}

/// "ubuntu 24.04 · x86_64", short for a table cell; `None` when the image states no OS.
pub fn os_line(image: &Image) -> Option<String> {
    let text = |key: &str| image.text_property(key);
    let parts: Vec<&str> = [text("os_distro"), text("os_version"), text("architecture")]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// How a sortable header shows the list's primary sort.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderSort {
    /// The list is sorted by another column.
    Unsorted,
    /// Sorted by this column, ascending.
    Ascending,
    /// Sorted by this column, descending.
    Descending,
}

impl HeaderSort {
    /// The header of `column_key` when the list's primary sort is `sort_key` in `dir`.
    pub fn of(column_key: &str, sort_key: &str, dir: SortDir) -> Self {
        match (column_key == sort_key, dir) {
            (false, _) => HeaderSort::Unsorted,
            (true, SortDir::Asc) => HeaderSort::Ascending,
            (true, SortDir::Desc) => HeaderSort::Descending,
        }
    }

    /// The header's `aria-sort` value.
    pub fn aria_sort(self) -> &'static str {
        match self {
            HeaderSort::Unsorted => "none",
            HeaderSort::Ascending => "ascending",
            HeaderSort::Descending => "descending",
        }
    }

    /// The arrow after the label (with its leading space), empty when unsorted.
    pub fn arrow(self) -> &'static str {
        match self {
            HeaderSort::Unsorted => "",
            HeaderSort::Ascending => " ▲",
            HeaderSort::Descending => " ▼",
        }
    }
}

/// What the owner cell says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnerCell {
    /// The session's own project (worded in the current language).
    ThisProject,
    /// Another project whose name the user can see.
    Name(String),
    /// The first characters of the owner's id (its full id is the cell's title).
    ShortId(String),
}

impl OwnerCell {
    /// The cell of `owner` (empty when the image has none) for a session scoped to
    /// `current_project`, with the project names the user can see.
    pub fn of(owner: &str, current_project: &str, owner_names: &HashMap<String, String>) -> Self {
        if owner == current_project && !owner.is_empty() {
            OwnerCell::ThisProject
        } else if let Some(name) = owner_names.get(owner).filter(|_| owner != current_project) {
            OwnerCell::Name(name.clone())
        } else {
            OwnerCell::ShortId(owner.chars().take(8).collect())
        }
    }
}

/// The texts of one table row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowCells {
    /// The name link's text (the id when the image has no name).
    pub name: String,
    /// The disk format, empty when unset.
    pub disk_format: String,
    /// The container format, empty when unset.
    pub container_format: String,
    /// The size, human-readable, or "—" when Glance has none yet.
    pub size: String,
    /// The exact size in bytes, digit-grouped, as the size cell's title.
    pub size_title: Option<String>,
    /// The owner cell.
    pub owner: OwnerCell,
    /// The owner's full id, as the owner cell's title.
    pub owner_title: String,
    /// The OS line, empty when the image states none.
    pub os: String,
    /// `min_disk` with its unit, empty when none.
    pub min_disk: String,
    /// `min_ram` with its unit, empty when none.
    pub min_ram: String,
    /// The secure hash's first 12 digits, empty when none; the whole is the cell's title.
    pub hash: String,
}

impl RowCells {
    /// The texts of `image`'s row.
    pub fn of(image: &Image, current_project: &str, owner_names: &HashMap<String, String>) -> Self {
        let owner = image.owner.clone().unwrap_or_default();
        RowCells {
            name: image.display_name().to_string(),
            disk_format: image
                .disk_format
                .as_ref()
                .map(|d| d.as_str().to_string())
                .unwrap_or_default(),
            container_format: image
                .container_format
                .as_ref()
                .map(|c| c.as_str().to_string())
                .unwrap_or_default(),
            size: image.size.map(human_size).unwrap_or_else(|| "—".into()),
            size_title: image.size.map(|s| format!("{} B", grouped(s))),
            owner: OwnerCell::of(&owner, current_project, owner_names),
            owner_title: owner,
            os: os_line(image).unwrap_or_default(),
            min_disk: image
                .min_disk
                .filter(|n| *n > 0)
                .map(|n| format!("{} GiB", grouped(n)))
                .unwrap_or_default(),
            min_ram: image
                .min_ram
                .filter(|n| *n > 0)
                .map(|n| format!("{} MiB", grouped(n)))
                .unwrap_or_default(),
            hash: image
                .os_hash_value
                .as_deref()
                .map(|h| h.chars().take(12).collect())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> HashMap<String, String> {
        HashMap::from([
            ("p-own".to_string(), "mine".to_string()),
            ("p-other-project".to_string(), "theirs".to_string()),
        ])
    }

    #[test]
    fn only_the_primary_sort_column_shows_its_direction() {
        let asc = HeaderSort::of("name", "name", SortDir::Asc);
        assert_eq!((asc.aria_sort(), asc.arrow()), ("ascending", " ▲"));
        let desc = HeaderSort::of("size", "size", SortDir::Desc);
        assert_eq!((desc.aria_sort(), desc.arrow()), ("descending", " ▼"));
        let other = HeaderSort::of("size", "name", SortDir::Desc);
        assert_eq!((other.aria_sort(), other.arrow()), ("none", ""));
    }

    #[test]
    fn columns_sort_only_on_keys_glance_knows() {
        let sortable: Vec<&str> = COLUMNS.iter().filter_map(|c| c.sort_key).collect();
        assert_eq!(
            sortable,
            [
                "name",
                "status",
                "disk_format",
                "container_format",
                "size",
                "created_at",
                "updated_at"
            ]
        );
        assert_eq!(COLUMNS[0].class, "gp-col-name");
        // Each column has its own name, class and header.
        let names: std::collections::HashSet<_> = COLUMNS.iter().map(|c| c.name).collect();
        let classes: std::collections::HashSet<_> = COLUMNS.iter().map(|c| c.class).collect();
        assert_eq!((names.len(), classes.len()), (COLUMNS.len(), COLUMNS.len()));
    }

    use crate::model::image::test_image as image;

    #[test]
    fn the_stored_choice_round_trips_and_falls_back_to_the_defaults() {
        assert_eq!(chosen_columns(None), DEFAULT_COLUMNS);
        assert_eq!(chosen_columns(Some("")), DEFAULT_COLUMNS);
        assert_eq!(chosen_columns(Some("no-such,other")), DEFAULT_COLUMNS);
        let chosen = chosen_columns(Some("size, hash,unknown"));
        assert_eq!(chosen, [ColumnId::Name, ColumnId::Size, ColumnId::Hash]);
        assert_eq!(stored_choice(&chosen), "name,size,hash");
        assert_eq!(chosen_columns(Some(&stored_choice(&chosen))), chosen);
    }

    #[test]
    fn a_column_empty_on_the_page_is_not_shown() {
        let all: Vec<ColumnId> = COLUMNS.iter().map(|c| c.id).collect();
        let plain = [image(serde_json::json!({"min_disk": 0}))];
        let shown: Vec<ColumnId> = shown_columns(&all, &plain).iter().map(|c| c.id).collect();
        for gone in [
            ColumnId::Os,
            ColumnId::MinDisk,
            ColumnId::MinRam,
            ColumnId::Hash,
            ColumnId::Flags,
        ] {
            assert!(!shown.contains(&gone), "{gone:?}");
        }
        assert!(shown.contains(&ColumnId::Size) && shown.contains(&ColumnId::Owner));
        let rich = [
            image(serde_json::json!({})),
            image(serde_json::json!({
                "os_distro": "ubuntu", "architecture": "x86_64", "min_disk": 10,
                "min_ram": 512, "os_hash_value": "abc", "protected": true
            })),
        ];
        assert_eq!(shown_columns(&all, &rich).len(), COLUMNS.len());
        // Only what was chosen, in table order.
        let chosen = [ColumnId::Size, ColumnId::Name];
        let shown: Vec<ColumnId> = shown_columns(&chosen, &rich).iter().map(|c| c.id).collect();
        assert_eq!(shown, [ColumnId::Name, ColumnId::Size]);
        let cells = RowCells::of(&rich[1], "p", &HashMap::new());
        assert_eq!(
            (
                cells.os.as_str(),
                cells.min_disk.as_str(),
                cells.min_ram.as_str(),
                cells.hash.as_str()
            ),
            ("ubuntu x86_64", "10 GiB", "512 MiB", "abc")
        );
    }

    #[test]
    fn owner_cell_prefers_this_project_then_a_name_then_a_short_id() {
        let names = names();
        assert_eq!(
            OwnerCell::of("p-own", "p-own", &names),
            OwnerCell::ThisProject
        );
        assert_eq!(
            OwnerCell::of("p-other-project", "p-own", &names),
            OwnerCell::Name("theirs".into())
        );
        assert_eq!(
            OwnerCell::of("0123456789abcdef", "p-own", &names),
            OwnerCell::ShortId("01234567".into())
        );
        // No owner (and no scoped project) is not "this project".
        assert_eq!(
            OwnerCell::of("", "", &names),
            OwnerCell::ShortId(String::new())
        );
    }

    #[test]
    fn row_cells_spell_sizes_formats_and_owner() {
        let image: Image = serde_json::from_value(serde_json::json!({
            "id": "0b7d", "name": null, "status": "active", "visibility": "private",
            "owner": "p-other-project", "size": 1234567, "disk_format": "qcow2",
            "tags": [], "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }))
        .unwrap();
        let cells = RowCells::of(&image, "p-own", &names());
        assert_eq!(cells.name, "0b7d");
        assert_eq!(cells.disk_format, "qcow2");
        assert_eq!(cells.container_format, "");
        assert_eq!(cells.size, human_size(1234567));
        assert_eq!(cells.size_title.as_deref(), Some("1,234,567 B"));
        assert_eq!(cells.owner, OwnerCell::Name("theirs".into()));
        assert_eq!(cells.owner_title, "p-other-project");

        let queued: Image = serde_json::from_value(serde_json::json!({
            "id": "x", "name": "new", "status": "queued", "visibility": "private",
            "tags": [], "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }))
        .unwrap();
        let cells = RowCells::of(&queued, "p-own", &names());
        assert_eq!((cells.size.as_str(), cells.size_title), ("—", None));
        assert_eq!(cells.owner, OwnerCell::ShortId(String::new()));
    }
}
