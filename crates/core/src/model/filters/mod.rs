//! The image list's state — filters, sort, page size and paging trail — as one value that
//! round-trips through the portal's URL and turns into Glance's query parameters.
//!
//! Keeping it in the URL makes reload, back/forward and shared links reproduce the view.
//!
//! One job per file: `list_query.rs` (the view as one value: its methods, re-sorting
//! included, and the pairs it sends), `from_url.rs` (reading it back from the portal's URL),
//! `sort.rs` (Glance's sort keys and their syntax), `values.rs` (the text syntax of filter values: names, `in:` lists,
//! time comparisons, digests), `property_keys.rs` (which keys are property filters),
//! `draft.rs` (the filter form's fields), `chips.rs` (the active filters as removable chips) and `same_data.rs` (which images hold the same data).

mod chips;
mod draft;
mod from_url;
mod list_query;
mod property_keys;
mod same_data;
mod sort;
mod values;

pub use chips::{filter_chips, ChipLabel, ChipValue, FilterChip};
pub use draft::{DraftError, FilterDraft};
pub use from_url::{first_page_url, list_query_from_url, QueryProblem};
pub use list_query::{
    ImageListQuery, API_LIMIT_MAX, DEFAULT_PAGE_SIZE, MEMBER_STATUS_FILTERS, PAGE_SIZES,
    VISIBILITY_FILTERS,
};
pub use property_keys::{is_property_key, property_keys, RESERVED_KEYS};
pub use same_data::{other_images, same_data_query};
pub use sort::{sort_param, SortDir, SortKey, SORT_KEYS};
pub use values::{
    any_of_param, normalize_digest, normalize_md5, parse_any_of, split_quoted_list, NameFilter,
    TimeFilter, TimeOp,
};
