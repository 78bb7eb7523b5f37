//! Interleaved timing: every contender of a workload runs once per round, in an order that
//! rotates from round to round, so a slow moment on a shared machine hits all of them
//! rather than one. Figures are medians over the rounds; comparisons are ratios of
//! medians taken in the same run.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One way of doing a workload: `pass` goes once over all of its input.
pub struct Contender<'a> {
    pub name: String,
    pass: Box<dyn FnMut() + 'a>,
}

impl<'a> Contender<'a> {
    pub fn new(name: impl Into<String>, pass: impl FnMut() + 'a) -> Self {
        Contender {
            name: name.into(),
            pass: Box::new(pass),
        }
    }
}

/// How long to measure.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Rounds; each contender gives one sample per round.
    pub rounds: usize,
    /// A sample repeats the pass until it lasts at least this long (the repeat count is
    /// set once per workload, from the fastest contender, and is the same for all).
    pub min_sample: Duration,
}

/// The samples of one contender: time per pass.
#[derive(Debug, Clone)]
pub struct Timing {
    pub median: Duration,
    pub min: Duration,
    pub max: Duration,
    /// Passes per sample.
    pub passes: usize,
}

impl Timing {
    /// `(max - min) / median`: how noisy the rounds were.
    pub fn spread(&self) -> f64 {
        (self.max.as_secs_f64() - self.min.as_secs_f64()) / self.median.as_secs_f64()
    }
}

/// Runs the contenders round-robin and returns their timings, in the given order.
pub fn run(contenders: &mut [Contender<'_>], plan: Plan) -> Vec<Timing> {
    // One warm-up pass each (caches, allocator pools, lazily built tables), which also
    // gives the time to size the samples by.
    let fastest = contenders
        .iter_mut()
        .map(|c| {
            let start = Instant::now();
            (c.pass)();
            start.elapsed()
        })
        .min()
        .unwrap_or(Duration::ZERO)
        .max(Duration::from_nanos(1));
    let passes = usize::try_from(plan.min_sample.as_nanos().div_ceil(fastest.as_nanos()))
        .unwrap_or(usize::MAX)
        .max(1);

    let n = contenders.len();
    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(plan.rounds); n];
    for round in 0..plan.rounds.max(1) {
        for k in 0..n {
            let i = (round + k) % n;
            let pass = &mut contenders[i].pass;
            let start = Instant::now();
            for _ in 0..passes {
                pass();
            }
            let elapsed = black_box(start.elapsed());
            samples[i].push(elapsed / u32::try_from(passes).unwrap_or(u32::MAX));
        }
    }
    samples
        .into_iter()
        .map(|mut s| {
            s.sort();
            Timing {
                median: median(&s),
                min: s.first().copied().unwrap_or_default(),
                max: s.last().copied().unwrap_or_default(),
                passes,
            }
        })
        .collect()
}

/// The median of sorted durations (the mean of the middle two for an even count).
fn median(sorted: &[Duration]) -> Duration {
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(1), ms(2), ms(9)]), ms(2));
        assert_eq!(median(&[ms(1), ms(2), ms(4), ms(9)]), ms(3));
    }

    #[test]
    fn rounds_rotate_the_order_of_the_contenders() {
        let log = RefCell::new(Vec::new());
        let mut contenders = vec![
            Contender::new("a", || log.borrow_mut().push('a')),
            Contender::new("b", || log.borrow_mut().push('b')),
            Contender::new("c", || log.borrow_mut().push('c')),
        ];
        let plan = Plan {
            rounds: 3,
            min_sample: Duration::ZERO,
        };
        let timings = run(&mut contenders, plan);
        drop(contenders);
        assert_eq!(timings.len(), 3);
        assert!(timings.iter().all(|t| t.passes == 1));
        // The warm-up pass of each, then rounds starting at a, b and c in turn.
        let order: String = log.into_inner().into_iter().collect();
        assert_eq!(order, "abcabcbcacab");
    }
}
