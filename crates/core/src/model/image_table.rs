//! The image list table's columns and what its cells say: which columns Glance can sort on,
//! how a header shows the current sort, and the texts of a row. Pure, so the table component
//! only lays them out.

use std::collections::HashMap;

use crate::i18n::Key;
use crate::model::filters::SortDir;
use crate::model::image::Image;
use crate::model::size::{grouped, human_size};

/// A column: its label, and the Glance sort key when sortable.
pub struct Column {
    /// The header's text.
    pub label: Key,
    /// Glance's `sort_key` for this column; `None` when Glance cannot sort on it.
    pub sort_key: Option<&'static str>,
    /// The class of its header and cells.
    pub class: &'static str,
}

/// The table's columns after the selection checkbox, in order.
pub const COLUMNS: [Column; 10] = [
    Column {
        label: Key::ColName,
        sort_key: Some("name"),
        class: "gp-col-name",
    },
    Column {
        label: Key::ColStatus,
        sort_key: Some("status"),
        class: "gp-col-status",
    },
    Column {
        label: Key::ColVisibility,
        sort_key: None,
        class: "gp-col-visibility",
    },
    Column {
        label: Key::ColDiskFormat,
        sort_key: Some("disk_format"),
        class: "gp-col-disk",
    },
    Column {
        label: Key::ColContainerFormat,
        sort_key: Some("container_format"),
        class: "gp-col-container",
    },
    Column {
        label: Key::ColSize,
        sort_key: Some("size"),
        class: "gp-col-size",
    },
    Column {
        label: Key::ColOwner,
        sort_key: None,
        class: "gp-col-owner",
    },
    Column {
        label: Key::ColCreated,
        sort_key: Some("created_at"),
        class: "gp-col-created",
    },
    Column {
        label: Key::ColUpdated,
        sort_key: Some("updated_at"),
        class: "gp-col-updated",
    },
    Column {
        label: Key::ColFlags,
        sort_key: None,
        class: "gp-col-flags",
    },
];

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
