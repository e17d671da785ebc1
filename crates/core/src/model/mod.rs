//! Pure domain types and rules: images, list filters, the session, display helpers.
//! No browser or Leptos imports, so all of it is tested natively.

pub mod batch_delete;
pub mod checksum;
pub mod cli_equivalent;
pub mod conversion;
pub mod disk_sniff;
pub mod filters;
pub mod image;
pub mod image_edit;
pub mod image_page;
pub mod image_table;
pub mod import;
pub mod import_task;
pub mod list_empty_state;
pub mod member;
pub mod new_image;
pub mod open_enum;
pub mod operation;
pub mod page_search;
pub mod patch;
pub mod policy;
pub mod project;
pub mod query;
pub mod schema;
pub mod session;
pub mod size;
pub mod tag;
pub mod time;
pub mod token;
pub mod token_ledger;
pub mod web_download;
