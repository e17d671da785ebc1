//! Running two futures at once on one thread, until both are done: what the upload flow
//! needs to verify an upload while it looks for duplicates, without a runtime's `join`.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

/// Awaits `a` and `b` together; each is polled whenever the task wakes, until both are
/// ready.
pub async fn both<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = pin!(a);
    let mut b = pin!(b);
    let mut out_a = None;
    let mut out_b = None;
    poll_fn(move |cx| {
        if out_a.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                out_a = Some(v);
            }
        }
        if out_b.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                out_b = Some(v);
            }
        }
        match (out_a.take(), out_b.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                out_a = a;
                out_b = b;
                Poll::Pending
            }
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll, Waker};

    use super::*;

    /// Pending for `n` polls, then ready with `v`.
    struct Later {
        n: Cell<u32>,
        v: u32,
    }

    impl Future for Later {
        type Output = u32;

        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u32> {
            match self.n.get() {
                0 => Poll::Ready(self.v),
                n => {
                    self.n.set(n - 1);
                    Poll::Pending
                }
            }
        }
    }

    #[test]
    fn both_outputs_come_back_whichever_finishes_first() {
        let slow = Later {
            n: Cell::new(3),
            v: 1,
        };
        let fast = Later {
            n: Cell::new(0),
            v: 2,
        };
        let mut joined = pin!(both(slow, fast));
        let mut cx = Context::from_waker(Waker::noop());
        let mut polls = 1;
        let out = loop {
            if let Poll::Ready(out) = joined.as_mut().poll(&mut cx) {
                break out;
            }
            polls += 1;
        };
        assert_eq!(out, (1, 2));
        assert_eq!(
            polls, 4,
            "ready on the poll after the slow one's third pending"
        );
    }
}
