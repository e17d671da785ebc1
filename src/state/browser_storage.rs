//! Thin access to `sessionStorage` / `localStorage`; failures (private mode, quota) degrade to
//! "not stored" because persistence is a convenience, never a requirement.

/// Which storage area.
#[derive(Clone, Copy, Debug)]
pub enum Area {
    /// Per tab, cleared when the tab closes: the only place a token may live.
    Session,
    /// Persistent: preferences and non-secret login fields.
    Local,
}

fn storage(area: Area) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match area {
        Area::Session => window.session_storage().ok().flatten(),
        Area::Local => window.local_storage().ok().flatten(),
    }
}

/// Reads a value.
pub fn get(area: Area, key: &str) -> Option<String> {
    storage(area)?.get_item(key).ok().flatten()
}

/// Writes a value.
pub fn set(area: Area, key: &str, value: &str) {
    if let Some(s) = storage(area) {
        let _ = s.set_item(key, value);
    }
}

/// Removes a value.
pub fn remove(area: Area, key: &str) {
    if let Some(s) = storage(area) {
        let _ = s.remove_item(key);
    }
}
