//! The Markdown report: a summary of the figures that have goals, then sections of
//! tables. Everything is gathered in memory and printed at the end, so progress messages
//! (on stderr) never interleave with it.

use std::time::Duration;

use crate::measure::Timing;

/// One headline figure: what it is, its value, and the goal it is held to (if any).
pub struct Headline {
    pub figure: String,
    pub value: String,
    pub goal: String,
}

#[derive(Default)]
pub struct Report {
    pub headlines: Vec<Headline>,
    body: String,
}

impl Report {
    /// Adds a line of text to the body.
    pub fn line(&mut self, text: impl AsRef<str>) {
        self.body.push_str(text.as_ref());
        self.body.push('\n');
    }

    /// Adds a section heading.
    pub fn section(&mut self, title: &str) {
        self.line("");
        self.line(format!("## {title}"));
        self.line("");
    }

    /// Adds a Markdown table; columns of figures are right-aligned.
    pub fn table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        self.line(format!("| {} |", header.join(" | ")));
        let align: String = (0..header.len())
            .map(|i| {
                let figures = i > 0
                    && !rows.is_empty()
                    && rows.iter().all(|r| r.get(i).is_some_and(|c| is_figure(c)));
                if figures { "---:|" } else { "---|" }
            })
            .collect();
        self.line(format!("|{align}"));
        for row in rows {
            self.line(format!("| {} |", row.join(" | ")));
        }
        self.line("");
    }

    pub fn headline(&mut self, figure: impl Into<String>, value: String, goal: &str) {
        self.headlines.push(Headline {
            figure: figure.into(),
            value,
            goal: goal.to_owned(),
        });
    }

    /// The whole report: `preamble`, the headline table, then the body.
    pub fn render(&self, preamble: &str) -> String {
        let mut out = String::from(preamble);
        out.push_str("\n## Summary\n\n| figure | value | goal |\n|---|---:|---|\n");
        for h in &self.headlines {
            out.push_str(&format!("| {} | {} | {} |\n", h.figure, h.value, h.goal));
        }
        out.push_str(&self.body);
        out
    }
}

/// Whether a table cell is a figure (a number, ratio, share, or a dash for none).
fn is_figure(cell: &str) -> bool {
    let rest = cell.trim_start_matches(['-', '≥', ' ']);
    rest.starts_with(|c: char| c.is_ascii_digit()) || cell == "–" || cell == "n/a"
}

/// Megabytes (10^6 bytes) per second.
pub fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / time.as_secs_f64() / 1e6
}

/// Items per second.
pub fn per_s(count: usize, time: Duration) -> f64 {
    count as f64 / time.as_secs_f64()
}

/// A rate or ratio with three significant digits or so.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let a = x.abs();
    if a >= 10_000.0 {
        grouped(x.round() as i64)
    } else if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A ratio, as `1.23×`.
pub fn ratio(x: f64) -> String {
    format!("{}×", num(x))
}

/// An integer with thousands separators.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Bytes as MB (10^6 bytes).
pub fn mb(bytes: usize) -> String {
    let mb = bytes as f64 / 1e6;
    if mb < 0.1 {
        format!("{mb:.3}")
    } else {
        format!("{mb:.2}")
    }
}

/// A duration per pass in convenient units.
pub fn duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

/// The noise of a timing, as a percentage.
pub fn spread(t: &Timing) -> String {
    format!("{:.0}%", t.spread() * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_rounded() {
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(-1_000), "-1,000");
        assert_eq!(grouped(999), "999");
        assert_eq!(num(123_456.7), "123,457");
        assert_eq!(num(123.4), "123");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(1.234), "1.23");
        assert_eq!(num(f64::NAN), "n/a");
    }

    #[test]
    fn tables_right_align_columns_of_figures() {
        let mut r = Report::default();
        r.table(
            &["what", "who", "MB/s", "share"],
            &[
                vec!["parse".into(), "ours".into(), "12.3".into(), "–".into()],
                vec![
                    "write".into(),
                    "Value".into(),
                    "≥ 4096".into(),
                    "1.5%".into(),
                ],
            ],
        );
        assert_eq!(
            r.body,
            "| what | who | MB/s | share |\n|---|---|---:|---:|\n\
             | parse | ours | 12.3 | – |\n| write | Value | ≥ 4096 | 1.5% |\n\n"
        );
    }
}
