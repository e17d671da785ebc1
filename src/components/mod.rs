//! Views: they render what they are given and emit events; pages do the I/O.

pub mod app_header;
pub mod cli_hint;
pub mod confirm_dialog;
pub mod copy_button;
pub mod error_view;
pub mod image_filters;
pub mod image_table;
pub mod import_history;
pub mod lazy_page;
pub mod member_status;
pub mod outage_banner;
pub mod pager;
pub mod policy_hint;
pub mod property_field;
pub mod relative_time;
pub mod resource_view;
pub mod schema_panel;
pub mod status_badge;
pub mod store_select;
pub mod tag_editor;
pub mod toast;
pub mod transfers_panel;
pub mod upload_method_select;
pub mod verification_view;
