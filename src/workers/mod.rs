//! Code the Web Workers run. The worker entry points are binaries (`src/workers/hasher.rs`,
//! built by trunk from index.html); what they compute lives here so it is tested in the
//! browser like the rest of the library.

pub mod blob_hash;
pub mod protocol;
pub mod unpack;
pub mod unpack_protocol;
