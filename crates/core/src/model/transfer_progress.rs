//! The figures a transfer row shows while an upload runs: how far sending and hashing are,
//! the rate, and the time left, worked out from the byte counts and the clock so that the
//! panel only renders them.

use crate::model::size::human_size;

/// Rate in bytes/s and seconds left, from progress so far.
pub fn rate_and_eta(done: u64, total: u64, elapsed_ms: f64) -> (f64, Option<f64>) {
    if elapsed_ms <= 0.0 || done == 0 {
        return (0.0, None);
    }
    let rate = done as f64 / (elapsed_ms / 1000.0);
    let left = total.saturating_sub(done) as f64 / rate;
    (rate, Some(left))
}

/// How much of `total` `part` is, in percent, at most 100; an empty file is all done.
pub fn percent(part: u64, total: u64) -> f64 {
    if total == 0 {
        100.0
    } else {
        (part as f64 * 100.0 / total as f64).min(100.0)
    }
}

/// A percentage as the progress bars label it.
pub fn percent_text(percent: f64) -> String {
    format!("{percent:.0}%")
}

/// What a transfer row shows of its progress at one moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TransferFigures {
    /// Sent, in percent.
    pub sent_percent: f64,
    /// Hashed, in percent.
    pub hashed_percent: f64,
    /// Bytes per second sent so far.
    pub rate: u64,
    /// Whole seconds left; only while the transfer is active.
    pub eta_seconds: Option<u64>,
}

impl TransferFigures {
    /// The figures of a transfer that has sent `sent` and hashed `hashed` of `total` bytes in
    /// `elapsed_ms`; `active` while it runs or verifies (a finished one has no time left).
    pub fn new(sent: u64, hashed: u64, total: u64, elapsed_ms: f64, active: bool) -> Self {
        let (rate, eta) = rate_and_eta(sent, total, elapsed_ms);
        TransferFigures {
            sent_percent: percent(sent, total),
            hashed_percent: percent(hashed, total),
            rate: rate as u64,
            eta_seconds: eta.filter(|_| active).map(|s| s.round() as u64),
        }
    }

    /// The rate line: "12.0 MiB/s", and " · ETA 7 s" while there is time left to tell.
    pub fn rate_text(&self) -> String {
        let mut text = format!("{}/s", human_size(self.rate));
        if let Some(eta) = self.eta_seconds {
            text.push_str(&format!(" · ETA {eta} s"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_and_eta_from_progress() {
        let (rate, eta) = rate_and_eta(50, 100, 1000.0);
        assert_eq!(rate, 50.0);
        assert_eq!(eta, Some(1.0));
        assert_eq!(rate_and_eta(0, 100, 1000.0), (0.0, None));
        assert_eq!(rate_and_eta(10, 100, 0.0), (0.0, None));
        assert_eq!(percent(1, 0), 100.0);
        assert_eq!(percent(150, 100), 100.0);
        assert_eq!(percent(25, 100), 25.0);
    }

    #[test]
    fn percentages_are_labelled_whole() {
        assert_eq!(percent_text(0.0), "0%");
        assert_eq!(percent_text(33.333), "33%");
        assert_eq!(percent_text(99.6), "100%");
    }

    #[test]
    fn a_running_transfer_tells_the_time_left() {
        let figures = TransferFigures::new(512, 1024, 2048, 2000.0, true);
        assert_eq!(
            figures,
            TransferFigures {
                sent_percent: 25.0,
                hashed_percent: 50.0,
                rate: 256,
                eta_seconds: Some(6),
            }
        );
        assert_eq!(figures.rate_text(), "256 B/s · ETA 6 s");
    }

    #[test]
    fn a_finished_transfer_tells_only_its_rate() {
        let figures = TransferFigures::new(2048, 2048, 2048, 1000.0, false);
        assert_eq!(figures.eta_seconds, None);
        assert_eq!(figures.rate_text(), format!("{}/s", human_size(2048)));
        let not_started = TransferFigures::new(0, 0, 2048, 1000.0, true);
        assert_eq!(not_started.rate_text(), "0 B/s");
    }
}
