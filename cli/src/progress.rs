//! Messages and a progress bar on stderr: the bar is drawn only when stderr is a terminal
//! (indicatif hides it otherwise), and set aside while a message is printed, so messages
//! never mix with it.

use std::io::{self, BufWriter, Stderr, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often the bar is redrawn, at most (per second).
const REDRAW_HZ: u8 = 5;

/// While the bar is drawn, messages are printed in batches at most this often (or when
/// this many bytes wait): setting the bar aside and redrawing it for every message made a
/// file with an error on each of its 200,000 lines take 3.3–4.1 s instead of 0.5 s on a
/// terminal, writing 55 MB to it for 14 MB of messages.
const MESSAGE_BATCH: Duration = Duration::from_millis(100);
const MESSAGE_BATCH_BYTES: usize = 1 << 16;

pub struct Progress {
    bar: ProgressBar,
    /// Whether the bar is drawn (stderr is a terminal); when not, messages go through the
    /// buffer without the bar's lock, and positions are not recorded.
    drawn: bool,
    /// Not locked for the whole run: a panicking thread must be able to print.
    err: BufWriter<Stderr>,
    /// Messages not yet printed (while the bar is drawn).
    pending: String,
    last_batch: Instant,
}

impl Progress {
    /// Progress over `total` bytes (unknown for a pipe).
    pub fn new(total: Option<u64>) -> Self {
        let target = ProgressDrawTarget::stderr_with_hz(REDRAW_HZ);
        let (bar, template) = match total {
            Some(total) if total > 0 => (
                ProgressBar::with_draw_target(Some(total), target),
                "{decimal_bytes} / {decimal_total_bytes} ({percent}%), {decimal_bytes_per_sec} \
                 {wide_bar}",
            ),
            _ => (
                ProgressBar::with_draw_target(None, target),
                "{decimal_bytes}, {decimal_bytes_per_sec}",
            ),
        };
        // The templates are constants; a mistake in one shows as the default style.
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        let drawn = !bar.is_hidden();
        if drawn {
            // Redraws the rate while a long line is being parsed.
            bar.enable_steady_tick(Duration::from_millis(1000 / u64::from(REDRAW_HZ)));
        }
        Progress {
            bar,
            drawn,
            err: BufWriter::new(io::stderr()),
            pending: String::new(),
            last_batch: Instant::now(),
        }
    }

    /// Prints one message line: at once without the bar; with it, in the next batch (the
    /// bar is set aside, the batch printed, the bar redrawn).
    pub fn message(&mut self, line: &str) {
        if self.drawn {
            self.pending.push_str(line);
            self.pending.push('\n');
            self.print_batch_if_due();
        } else {
            let _ = writeln!(self.err, "{line}");
        }
    }

    /// Notes that `done` bytes are processed.
    pub fn update(&mut self, done: u64) {
        if self.drawn {
            self.bar.set_position(done);
            self.print_batch_if_due();
        }
    }

    fn print_batch_if_due(&mut self) {
        if !self.pending.is_empty()
            && (self.pending.len() >= MESSAGE_BATCH_BYTES
                || self.last_batch.elapsed() >= MESSAGE_BATCH)
        {
            self.print_batch();
        }
    }

    fn print_batch(&mut self) {
        let (err, pending) = (&mut self.err, &mut self.pending);
        self.bar.suspend(|| {
            let _ = err.write_all(pending.as_bytes());
            let _ = err.flush();
        });
        pending.clear();
        self.last_batch = Instant::now();
    }

    /// Prints the messages waiting, clears the bar and flushes.
    pub fn finish(&mut self) {
        if !self.pending.is_empty() {
            self.print_batch();
        }
        self.bar.finish_and_clear();
        let _ = self.err.flush();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
