//! Messages and a progress line on stderr: the progress line is drawn only when stderr is
//! a terminal, and cleared before a message is printed, so messages never mix with it.

use std::io::{self, BufWriter, IsTerminal, Stderr, Write};
use std::time::{Duration, Instant};

/// How often the progress line is redrawn.
const REDRAW: Duration = Duration::from_millis(200);

/// Erases the current terminal line.
const CLEAR_LINE: &str = "\r\x1b[2K";

pub struct Progress {
    /// Not locked for the whole run: a panicking thread must be able to print.
    err: BufWriter<Stderr>,
    /// Whether a progress line is drawn at all (stderr is a terminal).
    enabled: bool,
    /// Whether a progress line is on screen now.
    shown: bool,
    total: Option<u64>,
    started: Instant,
    last_draw: Instant,
}

impl Progress {
    /// Progress over `total` bytes (unknown for a pipe).
    pub fn new(total: Option<u64>) -> Self {
        let stderr = io::stderr();
        let enabled = stderr.is_terminal();
        let now = Instant::now();
        Progress {
            err: BufWriter::new(stderr),
            enabled,
            shown: false,
            total,
            started: now,
            last_draw: now,
        }
    }

    /// Prints one message line (the progress line is cleared first).
    pub fn message(&mut self, line: &str) {
        if self.shown {
            let _ = write!(self.err, "{CLEAR_LINE}");
            self.shown = false;
        }
        let _ = writeln!(self.err, "{line}");
    }

    /// Notes that `done` bytes are processed; redraws the line now and then.
    pub fn update(&mut self, done: u64) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.last_draw) < REDRAW {
            return;
        }
        self.last_draw = now;
        let seconds = now.duration_since(self.started).as_secs_f64();
        let mb = done as f64 / 1e6;
        let rate = if seconds > 0.0 { mb / seconds } else { 0.0 };
        let line = match self.total {
            Some(total) if total > 0 => format!(
                "{mb:.1} / {:.1} MB ({:.0}%), {rate:.1} MB/s",
                total as f64 / 1e6,
                (done as f64 / total as f64 * 100.0).min(100.0)
            ),
            _ => format!("{mb:.1} MB, {rate:.1} MB/s"),
        };
        let _ = write!(self.err, "{CLEAR_LINE}{line}");
        let _ = self.err.flush();
        self.shown = true;
    }

    /// Clears the progress line and flushes the messages.
    pub fn finish(&mut self) {
        if self.shown {
            let _ = write!(self.err, "{CLEAR_LINE}");
            self.shown = false;
        }
        let _ = self.err.flush();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
