//! The hashing seam: what computes a transfer's md5 and sha512 beside its sending. In the
//! browser two Web Workers read the `File` (`state/hashing.rs`); in a test the bytes are
//! hashed at once. The upload flow only starts a job, then finishes or abandons it.

use crate::model::checksum::LocalDigests;
use crate::problem::Refusal;

/// How far a hashing job has come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HashProgress {
    /// Bytes hashed by the slower of the digests.
    pub hashed: u64,
    /// Memory the hashing holds (the workers' wasm memory), in bytes.
    pub memory: u64,
}

/// Starts hashing jobs over a transfer's body.
pub trait Hasher {
    /// What is hashed: the same body the transport sends.
    type Body;
    /// One running job.
    type Job: HashTask;

    /// Starts hashing `body`, reporting to `on_progress` as it goes.
    fn start(
        &self,
        body: &Self::Body,
        on_progress: Box<dyn Fn(HashProgress)>,
    ) -> Result<Self::Job, Refusal>;
}

/// One running hashing job.
#[allow(async_fn_in_trait)]
pub trait HashTask {
    /// Waits for both digests.
    async fn finish(self) -> Result<LocalDigests, Refusal>;

    /// Stops the job: its digests are no longer wanted (the data did not arrive).
    fn abandon(self);
}
