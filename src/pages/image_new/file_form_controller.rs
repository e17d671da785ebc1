//! One file's form state on the create page, apart from its markup: every value is read from
//! and written to the file's entry in the page's list, so the form is built once per file and
//! keeps focus while the user types.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::model::decompression::cloud_decompresses;
use crate::model::decompression::UnpackState;
use crate::model::disk_sniff::Compression;
use crate::model::disk_sniff::{format_warning, FormatWarning, SniffResult};
use crate::model::new_image::{FormProblem, NewImageForm, Sniff};
use crate::model::operation::ImportMethod;
use crate::model::schema::{ImageSchema, Violation};
use crate::state::browser_regexp::BrowserPatterns;
use crate::state::cloud_info::use_cloud_info;
use crate::state::session::use_session;

use super::controller::{unpack, update_entry, Entry, EntryError};

/// One file's form: reads and edits the entry `key` of the page's list.
#[derive(Clone, Copy)]
pub(super) struct FileFormController {
    key: u64,
    entries: RwSignal<Vec<Entry>, LocalStorage>,
    schema: StoredValue<ImageSchema>,
    next_row: StoredValue<u64>,
    /// What reading the file's header gave (`None` once the file is removed).
    sniff: Memo<Option<Sniff>>,
    /// The cloud unpacks gzip on `glance-direct` imports (config.json names its
    /// `image_decompression` plugin, and the cloud offers the method).
    cloud_unpacks_gzip: Signal<bool>,
}

impl FileFormController {
    /// The form of the entry `key`, checked against `schema`.
    pub(super) fn new(
        key: u64,
        entries: RwSignal<Vec<Entry>, LocalStorage>,
        schema: ImageSchema,
    ) -> Self {
        let sniff = Memo::new(move |_| {
            entries.with(|v| v.iter().find(|e| e.key == key).map(|e| e.sniff.clone()))
        });
        let plugins = use_session()
            .config
            .with_value(|c| c.import_plugins.clone());
        let cloud = use_cloud_info();
        let cloud_unpacks_gzip = Signal::derive(move || {
            cloud_decompresses(
                Compression::Gzip,
                &plugins,
                cloud.supports(&ImportMethod::GlanceDirect),
            )
        });
        FileFormController {
            key,
            entries,
            schema: StoredValue::new(schema),
            next_row: StoredValue::new(1u64),
            sniff,
            cloud_unpacks_gzip,
        }
    }

    /// The file's key in the page's list.
    pub(super) fn key(self) -> u64 {
        self.key
    }

    /// The chosen file's name and the size of the entry's file now, read once (`None` when
    /// the entry is gone).
    pub(super) fn file_untracked(self) -> Option<(String, u64)> {
        self.entries.with_untracked(|v| {
            v.iter()
                .find(|e| e.key == self.key)
                .map(|e| (e.chosen_name.clone(), e.file.size() as u64))
        })
    }

    fn with_entry<R>(self, f: impl FnOnce(&Entry) -> Option<R>) -> Option<R> {
        self.entries
            .with(|v| v.iter().find(|e| e.key == self.key).and_then(f))
    }

    fn edit(self, f: impl FnOnce(&mut NewImageForm)) {
        self.entries.update(|v| {
            if let Some(e) = v.iter_mut().find(|e| e.key == self.key) {
                f(&mut e.form);
            }
        })
    }

    /// The schema field `k` as typed.
    pub(super) fn field(self, k: &str) -> String {
        self.with_entry(|e| e.form.fields.get(k).cloned())
            .unwrap_or_default()
    }

    /// Sets the schema field `k`.
    pub(super) fn set_field(self, k: String, text: String) {
        self.edit(move |f| {
            f.fields.insert(k, text);
        })
    }

    /// What is wrong with the schema field `k`, checked as Glance will check it.
    pub(super) fn field_problem(self, k: &str) -> Option<Violation> {
        self.with_entry(|e| {
            self.schema
                .with_value(|s| e.form.field_problem(k, s, &BrowserPatterns))
        })
    }

    /// What reading the file's header gave (`None` once the file is removed).
    pub(super) fn sniff(self) -> Option<Sniff> {
        self.sniff.get()
    }

    /// What the file's header was recognised as, once read.
    pub(super) fn detected(self) -> Option<SniffResult> {
        self.sniff.get().and_then(|s| s.result())
    }

    /// The file's name and size now (the disk's, once decompressed).
    pub(super) fn file(self) -> Option<(String, u64)> {
        self.with_entry(|e| Some((e.file.name(), e.file.size() as u64)))
    }

    /// Where its decompression stands.
    pub(super) fn unpack_state(self) -> UnpackState {
        self.with_entry(|e| Some(e.unpack.clone()))
            .unwrap_or_default()
    }

    /// Stops its decompression.
    pub(super) fn cancel_unpack(self) {
        let job = self.entries.with_untracked(|v| {
            v.iter()
                .find(|e| e.key == self.key)
                .and_then(|e| e.unpacking.clone())
        });
        if let Some(job) = job {
            job.cancel();
        }
    }

    /// Whether it may be sent compressed instead, for the cloud to unpack.
    pub(super) fn offers_cloud(self) -> bool {
        let state = self.unpack_state();
        !matches!(state, UnpackState::ToCloud(_))
            && self.compression() == Some(Compression::Gzip)
            && self.cloud_unpacks_gzip.get()
    }

    /// How the chosen file is compressed, if it is.
    fn compression(self) -> Option<Compression> {
        self.with_entry(|e| e.unpack.compression().or(e.sniff.compression()))
    }

    /// Sends the file compressed, for the cloud to unpack: a decompression under way is
    /// stopped, and the disk this browser decompressed is let go.
    pub(super) fn send_compressed(self) {
        let Some(c) = self.compression() else { return };
        update_entry(self.entries, self.key, |e| {
            e.let_go();
            e.unpacking = None;
            e.temp = None;
            if let Some(file) = e.compressed.take() {
                e.file = file;
            }
            e.unpack = UnpackState::ToCloud(c);
        });
    }

    /// Decompresses its file (again, after a failure or a cancel; or here after all, when it
    /// was to be sent compressed).
    pub(super) fn unpack_again(self) {
        let entries = self.entries;
        let file = entries
            .with_untracked(|v| v.iter().find(|e| e.key == self.key).map(|e| e.file.clone()));
        let compression = untrack(|| self.compression());
        if let (Some(file), Some(c)) = (file, compression) {
            spawn_local(unpack(entries, self.key, file, c));
        }
    }

    /// The chosen disk format does not fit what the header says. Not said of a compressed
    /// file the page decompresses (or explains it cannot).
    pub(super) fn format_warning(self) -> Option<FormatWarning> {
        if self.unpack_state() != UnpackState::NotNeeded {
            return None;
        }
        let chosen = self.field("disk_format");
        self.detected().and_then(|s| format_warning(&chosen, &s))
    }

    /// The tags as typed.
    pub(super) fn tags(self) -> String {
        self.with_entry(|e| Some(e.form.tags.clone()))
            .unwrap_or_default()
    }

    /// Sets the tags as typed.
    pub(super) fn set_tags(self, tags: String) {
        self.edit(move |f| f.tags = tags)
    }

    /// The custom properties' row ids, in the order added.
    pub(super) fn custom_rows(self) -> Vec<u64> {
        self.with_entry(|e| Some(e.form.custom.iter().map(|(id, ..)| *id).collect()))
            .unwrap_or_default()
    }

    /// Adds an empty custom property row.
    pub(super) fn add_custom_row(self) {
        let row = self.next_row.get_value();
        self.next_row.set_value(row + 1);
        self.edit(move |f| f.custom.push((row, String::new(), String::new())))
    }

    /// Custom row `row`'s name (`is_key`) or value, as typed.
    pub(super) fn custom_cell(self, row: u64, is_key: bool) -> String {
        self.with_entry(|e| {
            e.form.custom.iter().find(|c| c.0 == row).map(|c| {
                if is_key {
                    c.1.clone()
                } else {
                    c.2.clone()
                }
            })
        })
        .unwrap_or_default()
    }

    /// Sets custom row `row`'s name (`is_key`) or value.
    pub(super) fn set_custom_cell(self, row: u64, value: String, is_key: bool) {
        self.edit(move |f| {
            if let Some(c) = f.custom.iter_mut().find(|c| c.0 == row) {
                if is_key {
                    c.1 = value;
                } else {
                    c.2 = value;
                }
            }
        })
    }

    /// Removes custom row `row`.
    pub(super) fn remove_custom_row(self, row: u64) {
        self.edit(move |f| f.custom.retain(|c| c.0 != row))
    }

    /// What is wrong with custom row `row`'s name, if anything.
    pub(super) fn custom_problem(self, row: u64) -> Option<FormProblem> {
        self.with_entry(|e| {
            self.schema
                .with_value(|s| e.form.custom_key_problem(row, s))
        })
    }

    /// Removes the file from the page (its decompression stopped, its decompressed copy
    /// removed).
    pub(super) fn remove_file(self) {
        let key = self.key;
        self.entries.update(|v| {
            v.iter().filter(|e| e.key == key).for_each(Entry::let_go);
            v.retain(|e| e.key != key)
        })
    }

    /// Why the file's image was not created, if it was tried.
    pub(super) fn error(self) -> Option<EntryError> {
        self.with_entry(|e| e.error.clone())
    }

    /// The id of the image made for the file, once created.
    pub(super) fn created(self) -> Option<String> {
        self.with_entry(|e| e.created.clone())
    }
}
