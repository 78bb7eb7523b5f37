//! NDJSON, as FHIR bulk data uses it: one resource in compact JSON per line.
//!
//! - [`NdjsonReader`] reads any [`BufRead`] line by line and yields, for every line that
//!   is not blank, its line number and the value read from it or a [`LineError`]; a bad
//!   line does not stop the reading.
//! - [`ParallelReader`] does the same on several threads: one thread cuts the input into
//!   chunks of lines, worker threads parse them, and the results come back to the calling
//!   thread **in line order**. The channels between the threads are bounded and only a
//!   fixed number of chunks is in flight, so memory stays flat whatever the input size.
//! - [`NdjsonWriter`] writes values one per line.
//!
//! What the reader accepts: lines end with `\n` or `\r\n`; the last line may have no line
//! ending; blank lines (spaces, tabs, `\r` only) are skipped but counted; a UTF-8 byte
//! order mark at the very start of the input is skipped. A line longer than
//! [`NdjsonOptions::max_line_len`] is an error for that line: its bytes are counted and
//! dropped as they are read, never held in memory, and reading carries on with the next
//! line.
//!
//! ```
//! use careconnect_stu3::rt::ndjson::{NdjsonOptions, NdjsonReader, NdjsonWriter, ParallelReader};
//! use careconnect_stu3::stu3::Resource;
//!
//! let input = concat!(
//!     "{\"resourceType\":\"Patient\",\"id\":\"a\"}\r\n",
//!     "\n",
//!     "{\"resourceType\":\"Patient\",\"birthDate\":\"1974-13-01\"}\n",
//!     "{\"resourceType\":\"Observation\",\"id\":\"b\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}",
//! );
//!
//! // One thread: an iterator of (line number, result).
//! let mut ok = Vec::new();
//! let mut errors = Vec::new();
//! for (line, result) in NdjsonReader::<_, Resource>::new(input.as_bytes(), NdjsonOptions::default()) {
//!     match result {
//!         Ok(resource) => ok.push((line, resource.resource_type())),
//!         Err(e) => errors.push(e.to_string()),
//!     }
//! }
//! assert_eq!(ok, [(1, "Patient"), (4, "Observation")]);
//! assert_eq!(
//!     errors,
//!     ["line 3: Patient.birthDate: invalid date: month 13 is out of range (01-12) at byte 5 (column 39)"]
//! );
//!
//! // Two worker threads; the callback sees the lines in order, and writes them back.
//! let mut out = NdjsonWriter::new(Vec::new());
//! let summary = ParallelReader::new(input.as_bytes(), NdjsonOptions::default())
//!     .threads(2)
//!     .for_each(|_line, result: Result<Resource, _>| {
//!         if let Ok(resource) = result {
//!             out.write(&resource).expect("writing to a Vec does not fail");
//!         }
//!     });
//! assert_eq!((summary.lines, summary.records, summary.ok, summary.errors), (4, 3, 2, 1));
//! let written = String::from_utf8(out.into_inner()).expect("NDJSON is UTF-8");
//! assert_eq!(written.lines().count(), 2);
//! assert!(written.starts_with("{\"resourceType\":\"Patient\",\"id\":\"a\"}\n"));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, BufRead, Write};
use std::marker::PhantomData;
use std::sync::{Mutex, PoisonError, mpsc};

use crate::rt::error::{Error, Issue};
use crate::rt::json::{MissingRequired, ReadOptions, UnknownElements, from_slice};
use crate::rt::value::FhirValue;

/// The UTF-8 encoding of U+FEFF.
const BOM: &[u8; 3] = b"\xEF\xBB\xBF";

/// Options for reading NDJSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NdjsonOptions {
    /// How each line is read. `unknown_elements` and `missing_required` are decided by
    /// the item type instead: reading into `T` fails on an unknown element or an absent
    /// required one, reading into [`Lenient<T>`] reports each as an [`Issue`], so that
    /// nothing is dropped unseen.
    pub read: ReadOptions,
    /// The longest line accepted, in bytes, without its line ending (default 64 MiB).
    /// Longer lines are [`LineErrorKind::TooLong`] errors and are never held in memory.
    pub max_line_len: usize,
}

impl NdjsonOptions {
    /// The default longest line: 64 MiB.
    pub const DEFAULT_MAX_LINE_LEN: usize = 64 * 1024 * 1024;

    /// The same options with another longest line.
    pub fn max_line_len(self, max_line_len: usize) -> Self {
        NdjsonOptions {
            max_line_len,
            ..self
        }
    }
}

impl Default for NdjsonOptions {
    fn default() -> Self {
        NdjsonOptions {
            read: ReadOptions::default(),
            max_line_len: Self::DEFAULT_MAX_LINE_LEN,
        }
    }
}

/// A value read leniently ([`ReadOptions::lenient`]: unknown elements skipped, absent
/// required elements left empty), and the [`Issue`] recorded for each.
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient<T> {
    pub value: T,
    /// Issue positions are within the line (`line 1`); the line number comes with the
    /// value.
    pub issues: Vec<Issue>,
}

/// What one NDJSON line can be read into: every FHIR value (strictly) and [`Lenient`].
pub trait FromNdjsonLine: Sized {
    /// Reads one line's bytes (no line ending).
    fn from_line(line: &[u8], options: ReadOptions) -> Result<Self, Error>;
}

impl<T: FhirValue> FromNdjsonLine for T {
    fn from_line(line: &[u8], options: ReadOptions) -> Result<Self, Error> {
        let options = ReadOptions {
            unknown_elements: UnknownElements::Error,
            missing_required: MissingRequired::Error,
            ..options
        };
        from_slice(line, options).map(|(value, _)| value)
    }
}

impl<T: FhirValue> FromNdjsonLine for Lenient<T> {
    fn from_line(line: &[u8], options: ReadOptions) -> Result<Self, Error> {
        let options = ReadOptions {
            unknown_elements: UnknownElements::Report,
            missing_required: MissingRequired::Report,
            ..options
        };
        from_slice(line, options).map(|(value, issues)| Lenient { value, issues })
    }
}

/// Why a line gave no value.
#[derive(Debug)]
#[non_exhaustive]
pub enum LineErrorKind {
    /// The line is not a valid value: the error has the FHIR path, and a position within
    /// the line (line 1, the column in characters, the byte offset from the line start).
    Read(Error),
    /// The line is longer than [`NdjsonOptions::max_line_len`].
    TooLong { limit: usize, length: u64 },
    /// Reading the input failed in this line; nothing after it is read.
    Io(io::Error),
}

/// An error for one line of NDJSON: its line number, where the line starts and what was
/// wrong.
///
/// Displays as `line 12: Patient.birthDate: invalid date: ... (column 39)`;
/// [`LineError::message`] is the same without the leading line number.
#[derive(Debug)]
pub struct LineError {
    line: u64,
    line_offset: u64,
    kind: LineErrorKind,
}

impl LineError {
    /// The 1-based line number.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The byte offset of the start of the line in the input (a skipped byte order mark
    /// counts).
    pub fn line_offset(&self) -> u64 {
        self.line_offset
    }

    pub fn kind(&self) -> &LineErrorKind {
        &self.kind
    }

    pub fn into_kind(self) -> LineErrorKind {
        self.kind
    }

    /// The read error, with its FHIR path, if the line was read and found invalid.
    pub fn read_error(&self) -> Option<&Error> {
        match &self.kind {
            LineErrorKind::Read(e) => Some(e),
            _ => None,
        }
    }

    /// The column (in characters, 1-based) of a read error within the line.
    pub fn column(&self) -> Option<usize> {
        self.read_error()?.position().map(|p| p.column)
    }

    /// The byte offset of a read error in the whole input.
    pub fn offset(&self) -> Option<u64> {
        let p = self.read_error()?.position()?;
        Some(self.line_offset + p.offset as u64)
    }

    /// What went wrong, without the line number: the FHIR path, the error and the column
    /// (`Patient.birthDate: invalid date: ... (column 39)`).
    pub fn message(&self) -> String {
        match &self.kind {
            LineErrorKind::Read(e) => {
                let path = e.path_string();
                let mut s = String::new();
                if !path.is_empty() {
                    s.push_str(&path);
                    s.push_str(": ");
                }
                s.push_str(&e.kind().to_string());
                if let Some(p) = e.position() {
                    s.push_str(&format!(" (column {})", p.column));
                }
                s
            }
            LineErrorKind::TooLong { limit, length } => {
                format!("line of {length} bytes exceeds the limit of {limit} bytes")
            }
            LineErrorKind::Io(e) => format!("read error: {e}"),
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message())
    }
}

impl std::error::Error for LineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            LineErrorKind::Read(e) => Some(e),
            LineErrorKind::TooLong { .. } => None,
            LineErrorKind::Io(e) => Some(e),
        }
    }
}

/// Counts for a whole input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Lines in the input, blank ones included (a final line ending does not start a
    /// line).
    pub lines: u64,
    /// Lines that were not blank: each gave a value or an error.
    pub records: u64,
    pub ok: u64,
    pub errors: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// One line cut from the input, before it is read.
#[derive(Debug)]
struct Entry {
    line: u64,
    offset: u64,
    kind: EntryKind,
}

#[derive(Debug)]
enum EntryKind {
    /// The line's bytes are `buf[start..end]` of the buffer it was cut into.
    Text {
        start: usize,
        end: usize,
    },
    TooLong {
        length: u64,
    },
    Io(io::Error),
}

impl Entry {
    /// Reads the entry's line into `T`.
    fn read<'a, T: FromNdjsonLine>(
        self,
        buf: &'a [u8],
        options: &NdjsonOptions,
    ) -> ParsedLine<'a, T> {
        match self.kind {
            EntryKind::Text { start, end } => {
                read_line(self.line, self.offset, &buf[start..end], options)
            }
            EntryKind::TooLong { length } => failed(
                self.line,
                self.offset,
                LineErrorKind::TooLong {
                    limit: options.max_line_len,
                    length,
                },
            ),
            EntryKind::Io(e) => failed(self.line, self.offset, LineErrorKind::Io(e)),
        }
    }
}

/// Reads one line's content into `T`.
fn read_line<'a, T: FromNdjsonLine>(
    line: u64,
    offset: u64,
    bytes: &'a [u8],
    options: &NdjsonOptions,
) -> ParsedLine<'a, T> {
    let result = T::from_line(bytes, options.read).map_err(|e| LineError {
        line,
        line_offset: offset,
        kind: LineErrorKind::Read(e),
    });
    ParsedLine {
        line,
        offset,
        bytes,
        result,
    }
}

/// A line that gave no content to read.
fn failed<'a, T>(line: u64, offset: u64, kind: LineErrorKind) -> ParsedLine<'a, T> {
    ParsedLine {
        line,
        offset,
        bytes: &[],
        result: Err(LineError {
            line,
            line_offset: offset,
            kind,
        }),
    }
}

/// Whether a line (without its `\n`) has only spaces, tabs and carriage returns.
fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// Consumes a byte order mark at the start of `input`, adding the bytes consumed to
/// `consumed`; the bytes of a partial one belong to the first line and are returned.
fn skip_bom(input: &mut impl BufRead, consumed: &mut u64) -> io::Result<&'static [u8]> {
    let mut matched = 0;
    while matched < BOM.len() {
        let next = match input.fill_buf() {
            Ok(avail) => avail.first().copied(),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if next != Some(BOM[matched]) {
            break;
        }
        input.consume(1);
        *consumed += 1;
        matched += 1;
    }
    Ok(if matched < BOM.len() {
        &BOM[..matched]
    } else {
        &[]
    })
}

/// Cuts a byte stream into lines, skipping blank ones, with bounded memory.
struct Splitter<R> {
    input: R,
    max_line_len: usize,
    /// The number of the last line started.
    line: u64,
    /// Bytes consumed from the input.
    offset: u64,
    /// Whether the byte order mark check at the start is still to be done.
    at_start: bool,
    /// Bytes of a partial byte order mark, which belong to the first line.
    carry: &'static [u8],
    finished: bool,
}

impl<R: BufRead> Splitter<R> {
    fn new(input: R, max_line_len: usize) -> Self {
        Splitter {
            input,
            max_line_len,
            line: 0,
            offset: 0,
            at_start: true,
            carry: &[],
            finished: false,
        }
    }

    /// Cuts the next line that is not blank, appending its bytes (without the line
    /// ending) to `buf`; `None` at the end of the input.
    fn next_into(&mut self, buf: &mut Vec<u8>) -> Option<Entry> {
        loop {
            if self.finished {
                return None;
            }
            let line = self.line + 1;
            if self.at_start {
                self.at_start = false;
                match skip_bom(&mut self.input, &mut self.offset) {
                    Ok(carry) => self.carry = carry,
                    Err(e) => return Some(self.fail(line, 0, e)),
                }
            }
            // A partial byte order mark is the start of the line.
            let line_offset = self.offset - self.carry.len() as u64;
            let start = buf.len();
            // A `\r` before the `\n` may take the content one byte over the limit.
            let keep = self.max_line_len.saturating_add(1);
            let mut length: u64 = 0;
            let mut too_long = false;
            let mut last = None;
            let mut started = false;
            if !self.carry.is_empty() {
                buf.extend_from_slice(self.carry);
                length += self.carry.len() as u64;
                last = self.carry.last().copied();
                self.carry = &[];
                started = true;
            }
            loop {
                let avail = match self.input.fill_buf() {
                    Ok(avail) => avail,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        buf.truncate(start);
                        return Some(self.fail(line, line_offset, e));
                    }
                };
                if avail.is_empty() {
                    self.finished = true;
                    break;
                }
                started = true;
                let (part, used, ends) = match find_newline(avail) {
                    Some(i) => (&avail[..i], i + 1, true),
                    None => (avail, avail.len(), false),
                };
                if let Some(&b) = part.last() {
                    last = Some(b);
                }
                length += part.len() as u64;
                if !too_long {
                    if buf.len() - start + part.len() > keep {
                        too_long = true;
                        buf.truncate(start);
                    } else {
                        buf.extend_from_slice(part);
                    }
                }
                self.input.consume(used);
                self.offset += used as u64;
                if ends {
                    break;
                }
            }
            if !started {
                return None;
            }
            self.line = line;
            if last == Some(b'\r') {
                length -= 1;
                if !too_long {
                    buf.pop();
                }
            }
            if too_long || length > self.max_line_len as u64 {
                buf.truncate(start);
                return Some(Entry {
                    line,
                    offset: line_offset,
                    kind: EntryKind::TooLong { length },
                });
            }
            if is_blank(&buf[start..]) {
                buf.truncate(start);
                continue;
            }
            return Some(Entry {
                line,
                offset: line_offset,
                kind: EntryKind::Text {
                    start,
                    end: buf.len(),
                },
            });
        }
    }

    fn fail(&mut self, line: u64, offset: u64, e: io::Error) -> Entry {
        self.finished = true;
        self.line = line;
        Entry {
            line,
            offset,
            kind: EntryKind::Io(e),
        }
    }
}

/// The index of the first `\n` in `bytes`.
///
/// Blocks of 32 bytes are tested whole (no early exit inside a block, so the compiler
/// turns the test into a few vector instructions); the block that has one is searched.
#[inline]
fn find_newline(bytes: &[u8]) -> Option<usize> {
    let (blocks, rest) = bytes.as_chunks::<32>();
    for (i, block) in blocks.iter().enumerate() {
        if block.iter().fold(false, |found, &b| found | (b == b'\n')) {
            return block.iter().position(|&b| b == b'\n').map(|j| i * 32 + j);
        }
    }
    rest.iter()
        .position(|&b| b == b'\n')
        .map(|j| blocks.len() * 32 + j)
}

/// The number of `\n` in `bytes` (32 bytes at a time, summed in vector lanes).
fn count_newlines(bytes: &[u8]) -> u64 {
    let (blocks, rest) = bytes.as_chunks::<32>();
    let mut n = 0;
    for block in blocks {
        n += u64::from(block.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>());
    }
    n + rest.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Reads NDJSON on the calling thread: an iterator of `(line number, result)` for every
/// line that is not blank. After an I/O error (yielded as [`LineErrorKind::Io`]) the
/// iterator ends.
pub struct NdjsonReader<R, T> {
    splitter: Splitter<R>,
    options: NdjsonOptions,
    buf: Vec<u8>,
    summary: Summary,
    _item: PhantomData<fn() -> T>,
}

impl<R: BufRead, T: FromNdjsonLine> NdjsonReader<R, T> {
    pub fn new(input: R, options: NdjsonOptions) -> Self {
        NdjsonReader {
            splitter: Splitter::new(input, options.max_line_len),
            options,
            buf: Vec::new(),
            summary: Summary::default(),
            _item: PhantomData,
        }
    }

    /// The counts so far (complete once the iterator has ended).
    pub fn summary(&self) -> Summary {
        Summary {
            lines: self.splitter.line,
            bytes: self.splitter.offset,
            ..self.summary
        }
    }

    /// The input, positioned after the last line read.
    pub fn into_inner(self) -> R {
        self.splitter.input
    }
}

impl<R: BufRead, T: FromNdjsonLine> Iterator for NdjsonReader<R, T> {
    type Item = (u64, Result<T, LineError>);

    fn next(&mut self) -> Option<Self::Item> {
        self.buf.clear();
        let entry = self.splitter.next_into(&mut self.buf)?;
        let parsed = entry.read::<T>(&self.buf, &self.options);
        self.summary.records += 1;
        match parsed.result {
            Ok(_) => self.summary.ok += 1,
            Err(_) => self.summary.errors += 1,
        }
        Some((parsed.line, parsed.result))
    }
}

/// One line after it was read, as a worker of [`ParallelReader`] hands it to the map
/// function.
#[derive(Debug)]
pub struct ParsedLine<'a, T> {
    /// The 1-based line number.
    pub line: u64,
    /// The byte offset of the line's start in the input.
    pub offset: u64,
    /// The line's bytes, without the line ending (empty for a line too long to keep and
    /// for an I/O error).
    pub bytes: &'a [u8],
    pub result: Result<T, LineError>,
}

impl<T> ParsedLine<'_, T> {
    /// The byte offset just after the line's content in the input (for progress).
    pub fn end_offset(&self) -> u64 {
        self.offset + self.bytes.len() as u64
    }
}

/// Reads NDJSON on several threads and hands the results back in line order.
///
/// One thread reads the input and cuts it into chunks of whole lines (about
/// [`chunk_bytes`](ParallelReader::chunk_bytes) each); [`threads`](ParallelReader::threads)
/// workers read the lines of a chunk and run the map function on each; the calling thread
/// gets the mapped values in line order. At most
/// [`chunks_in_flight`](ParallelReader::chunks_in_flight) chunks exist at a time (being
/// filled, parsed, or waiting for an earlier chunk), and their buffers are reused, so
/// memory is bounded by about `chunks_in_flight × max(chunk_bytes, max_line_len)` plus
/// the values of those chunks, whatever the size of the input.
pub struct ParallelReader<R> {
    input: R,
    options: NdjsonOptions,
    threads: usize,
    chunk_bytes: usize,
    chunks_in_flight: usize,
}

impl<R: BufRead + Send> ParallelReader<R> {
    /// A reader with one worker per available core, 1 MiB chunks and four chunks in
    /// flight per worker.
    pub fn new(input: R, options: NdjsonOptions) -> Self {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        ParallelReader {
            input,
            options,
            threads,
            chunk_bytes: 1024 * 1024,
            chunks_in_flight: 4 * threads,
        }
    }

    /// The number of worker threads (at least 1); also sets the chunks in flight to four
    /// per worker.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self.chunks_in_flight = 4 * self.threads;
        self
    }

    /// The size a chunk is filled to before it is handed to a worker (at least one line).
    pub fn chunk_bytes(mut self, chunk_bytes: usize) -> Self {
        self.chunk_bytes = chunk_bytes.max(1);
        self
    }

    /// The most chunks that exist at a time (at least 1).
    pub fn chunks_in_flight(mut self, chunks: usize) -> Self {
        self.chunks_in_flight = chunks.max(1);
        self
    }

    /// Reads every line into `T` on the workers and calls `f` with each line's number
    /// and result, in line order, on the calling thread.
    pub fn for_each<T, F>(self, mut f: F) -> Summary
    where
        T: FromNdjsonLine + Send,
        F: FnMut(u64, Result<T, LineError>),
    {
        let run = self.for_each_mapped(
            |p: ParsedLine<'_, T>| (p.line, p.result),
            |(line, result)| {
                f(line, result);
                Ok::<(), std::convert::Infallible>(())
            },
        );
        match run {
            Ok(summary) => summary,
            Err(never) => match never {},
        }
    }

    /// Reads every line into `T` and runs `map` on it, both on the workers; `consume`
    /// gets the mapped values in line order on the calling thread. When `consume`
    /// returns an error, reading stops and the error is returned.
    ///
    /// `map` is where per-line work beyond reading belongs (checking, writing the value
    /// back as bytes), so that it runs in parallel too.
    pub fn for_each_mapped<T, U, E, M, C>(self, map: M, mut consume: C) -> Result<Summary, E>
    where
        T: FromNdjsonLine,
        U: Send,
        M: Fn(ParsedLine<'_, T>) -> U + Sync,
        C: FnMut(U) -> Result<(), E>,
    {
        let ParallelReader {
            input,
            options,
            threads,
            chunk_bytes,
            chunks_in_flight,
        } = self;
        let (work_tx, work_rx) = mpsc::sync_channel::<Chunk>(chunks_in_flight);
        let work_rx = Mutex::new(work_rx);
        let (done_tx, done_rx) = mpsc::sync_channel::<Message<U>>(chunks_in_flight);
        let (spare_tx, spare_rx) = mpsc::sync_channel::<Spare>(chunks_in_flight);
        for _ in 0..chunks_in_flight {
            // The channel holds exactly this many: the sends cannot fail or block.
            let _ = spare_tx.send(Spare::default());
        }
        let (options, map, work_rx) = (&options, &map, &work_rx);
        std::thread::scope(|scope| {
            let reader = {
                let done = PanicGuard(done_tx.clone());
                scope.spawn(move || {
                    let summary = cut_chunks(input, options, chunk_bytes, &spare_rx, &work_tx);
                    drop(done);
                    summary
                })
            };
            for _ in 0..threads {
                let done = PanicGuard(done_tx.clone());
                scope.spawn(move || parse_chunks(work_rx, &done.0, options, map));
            }
            // Only the threads hold senders now: the loop below ends when all are done.
            drop(done_tx);

            let mut summary = Summary::default();
            let mut waiting: BTreeMap<u64, Done<U>> = BTreeMap::new();
            let mut next_seq = 0;
            for message in &done_rx {
                let done = match message {
                    Message::Done(done) => done,
                    // Return (closing the channels, so every thread stops); the scope
                    // then propagates the panic.
                    Message::Panicked => return Ok(summary),
                };
                waiting.insert(done.seq, done);
                while let Some(done) = waiting.remove(&next_seq) {
                    next_seq += 1;
                    summary.records += done.results.len() as u64;
                    summary.ok += done.ok;
                    summary.errors += done.results.len() as u64 - done.ok;
                    for value in done.results {
                        consume(value)?;
                    }
                    // Fails only once the reading thread has finished.
                    let _ = spare_tx.send(done.spare);
                }
            }
            drop(spare_tx);
            match reader.join() {
                Ok((lines, bytes)) => {
                    summary.lines = lines;
                    summary.bytes = bytes;
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
            Ok(summary)
        })
    }
}

/// Whole lines cut from the input: `buf` starts at a line start and ends after a `\n`
/// (or at the end of the input).
struct Chunk {
    seq: u64,
    /// The number of the line `buf` starts with.
    first_line: u64,
    /// The input offset of `buf[0]`.
    offset: u64,
    buf: Vec<u8>,
    /// A line after those in `buf` that is not in it: too long to keep, or cut short by an
    /// I/O error.
    tail: Option<Entry>,
}

/// A chunk's buffer, back for reuse.
#[derive(Default)]
struct Spare {
    buf: Vec<u8>,
}

/// A chunk's mapped values.
struct Done<U> {
    seq: u64,
    results: Vec<U>,
    ok: u64,
    spare: Spare,
}

enum Message<U> {
    Done(Done<U>),
    Panicked,
}

/// Tells the consumer when its thread panics, so that it stops waiting for a chunk that
/// will never come.
struct PanicGuard<U>(mpsc::SyncSender<Message<U>>);

impl<U> Drop for PanicGuard<U> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = self.0.send(Message::Panicked);
        }
    }
}

/// Cuts the input into chunks of whole lines for the workers.
///
/// It copies blocks and looks only for the last line break of each chunk (and counts the
/// line breaks, for line numbers, which is cheap); finding each line is left to the
/// workers, so that the one reading thread keeps up with many of them.
struct Cutter<R> {
    input: R,
    max_line_len: usize,
    chunk_bytes: usize,
    /// The number of the line the next chunk starts with.
    next_line: u64,
    /// Bytes consumed from the input.
    consumed: u64,
    /// The start of a line consumed but not yet in a chunk; it starts the next one.
    carry: Vec<u8>,
    at_start: bool,
    finished: bool,
}

impl<R: BufRead> Cutter<R> {
    fn new(input: R, max_line_len: usize, chunk_bytes: usize) -> Self {
        Cutter {
            input,
            max_line_len,
            chunk_bytes,
            next_line: 1,
            consumed: 0,
            carry: Vec::new(),
            at_start: true,
            finished: false,
        }
    }

    /// Fills `chunk` with the next lines: about `chunk_bytes`, or one longer line.
    fn fill(&mut self, chunk: &mut Chunk) {
        chunk.buf.clear();
        chunk.tail = None;
        chunk.first_line = self.next_line;
        chunk.offset = self.consumed;
        if self.at_start {
            self.at_start = false;
            match skip_bom(&mut self.input, &mut self.consumed) {
                Ok(partial) => self.carry.extend_from_slice(partial),
                Err(e) => return self.fail(chunk, e),
            }
        }
        chunk.offset = self.consumed - self.carry.len() as u64;
        chunk.buf.append(&mut self.carry);
        while chunk.buf.len() < self.chunk_bytes {
            match self.read(&mut chunk.buf, false) {
                Ok((0, _)) => {
                    self.finished = true;
                    break;
                }
                Ok(_) => {}
                Err(e) => return self.fail(chunk, e),
            }
        }
        if !self.finished {
            match chunk.buf.iter().rposition(|&b| b == b'\n') {
                Some(i) => {
                    self.carry.extend_from_slice(&chunk.buf[i + 1..]);
                    chunk.buf.truncate(i + 1);
                }
                None => {
                    if let Err(e) = self.finish_line(chunk) {
                        return self.fail(chunk, e);
                    }
                }
            }
        }
        let unterminated = chunk.buf.last().is_some_and(|&b| b != b'\n');
        self.next_line = chunk.first_line
            + count_newlines(&chunk.buf)
            + u64::from(unterminated)
            + u64::from(chunk.tail.is_some());
    }

    /// Reads the rest of the one line `chunk.buf` holds (a line longer than a chunk); a
    /// line longer than the limit is consumed without being kept and becomes the tail.
    fn finish_line(&mut self, chunk: &mut Chunk) -> io::Result<()> {
        // A `\r` before the `\n` may take the content one byte over the limit.
        let keep = self.max_line_len.saturating_add(1);
        loop {
            if chunk.buf.len() > keep {
                break;
            }
            let (n, ended) = self.read(&mut chunk.buf, true)?;
            if n == 0 {
                self.finished = true;
                return Ok(());
            }
            if ended {
                return Ok(());
            }
        }
        let mut length = chunk.buf.len() as u64;
        let mut last = chunk.buf.last().copied();
        chunk.buf.clear();
        loop {
            let avail = match self.input.fill_buf() {
                Ok(avail) => avail,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                self.finished = true;
                break;
            }
            let (part, used) = match find_newline(avail) {
                Some(i) => (&avail[..i], i + 1),
                None => (avail, avail.len()),
            };
            length += part.len() as u64;
            if let Some(&b) = part.last() {
                last = Some(b);
            }
            let ended = used > part.len();
            self.input.consume(used);
            self.consumed += used as u64;
            if ended {
                break;
            }
        }
        if last == Some(b'\r') {
            length -= 1;
        }
        chunk.tail = Some(Entry {
            line: chunk.first_line,
            offset: chunk.offset,
            kind: EntryKind::TooLong { length },
        });
        Ok(())
    }

    /// Appends what the input has buffered to `buf` (up to and including the first `\n`
    /// when `to_newline`); returns the bytes taken (0 at the end) and whether a `\n`
    /// ended them.
    fn read(&mut self, buf: &mut Vec<u8>, to_newline: bool) -> io::Result<(usize, bool)> {
        let avail = loop {
            match self.input.fill_buf() {
                Ok(avail) => break avail,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        let (n, ended) = match find_newline(avail).filter(|_| to_newline) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        buf.extend_from_slice(&avail[..n]);
        self.input.consume(n);
        self.consumed += n as u64;
        Ok((n, ended))
    }

    /// Ends the input at an I/O error: the complete lines before it stay in the chunk, the
    /// line it cut short is the tail.
    fn fail(&mut self, chunk: &mut Chunk, e: io::Error) {
        self.finished = true;
        let complete = chunk
            .buf
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        chunk.buf.truncate(complete);
        let line = chunk.first_line + count_newlines(&chunk.buf);
        chunk.tail = Some(Entry {
            line,
            offset: chunk.offset + complete as u64,
            kind: EntryKind::Io(e),
        });
        self.next_line = line + 1;
    }

    /// The lines and bytes read so far.
    fn counts(&self) -> (u64, u64) {
        (self.next_line - 1, self.consumed)
    }
}

/// The reading thread: fills a spare buffer with lines, sends it to the workers, until the
/// input ends or the consumer stops. Returns the lines and bytes read.
fn cut_chunks<R: BufRead>(
    input: R,
    options: &NdjsonOptions,
    chunk_bytes: usize,
    spare_rx: &mpsc::Receiver<Spare>,
    work_tx: &mpsc::SyncSender<Chunk>,
) -> (u64, u64) {
    let mut cutter = Cutter::new(input, options.max_line_len, chunk_bytes);
    let mut seq = 0;
    while !cutter.finished {
        let Ok(spare) = spare_rx.recv() else {
            break;
        };
        let mut chunk = Chunk {
            seq,
            first_line: 0,
            offset: 0,
            buf: spare.buf,
            tail: None,
        };
        cutter.fill(&mut chunk);
        if chunk.buf.is_empty() && chunk.tail.is_none() {
            break;
        }
        seq += 1;
        if work_tx.send(chunk).is_err() {
            break;
        }
    }
    cutter.counts()
}

/// A worker thread: reads and maps the lines of one chunk after another.
fn parse_chunks<T, U, M>(
    work_rx: &Mutex<mpsc::Receiver<Chunk>>,
    done_tx: &mpsc::SyncSender<Message<U>>,
    options: &NdjsonOptions,
    map: &M,
) where
    T: FromNdjsonLine,
    M: Fn(ParsedLine<'_, T>) -> U,
{
    loop {
        let next = work_rx
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        let Ok(chunk) = next else {
            return;
        };
        let mut results = Vec::new();
        let mut ok = 0;
        let mut push = |parsed: ParsedLine<'_, T>| {
            ok += u64::from(parsed.result.is_ok());
            results.push(map(parsed));
        };
        let buf = &chunk.buf[..];
        let (mut line, mut pos) = (chunk.first_line, 0);
        while pos < buf.len() {
            let end = find_newline(&buf[pos..]).map_or(buf.len(), |i| pos + i);
            let content = &buf[pos..end];
            let content = content.strip_suffix(b"\r").unwrap_or(content);
            if !is_blank(content) {
                let offset = chunk.offset + pos as u64;
                push(if content.len() > options.max_line_len {
                    let length = content.len() as u64;
                    let limit = options.max_line_len;
                    failed(line, offset, LineErrorKind::TooLong { limit, length })
                } else {
                    read_line(line, offset, content, options)
                });
            }
            line += 1;
            pos = end + 1;
        }
        if let Some(tail) = chunk.tail {
            push(tail.read(&[], options));
        }
        let done = Done {
            seq: chunk.seq,
            results,
            ok,
            spare: Spare { buf: chunk.buf },
        };
        if done_tx.send(Message::Done(done)).is_err() {
            return;
        }
    }
}

/// Writes values as NDJSON: compact FHIR JSON, one per line, each line ended by `\n`.
///
/// Compact FHIR JSON never contains a raw line break (line breaks in strings are
/// escaped), so every value is exactly one line.
pub struct NdjsonWriter<W: Write> {
    out: W,
    buf: Vec<u8>,
    lines: u64,
}

impl<W: Write> NdjsonWriter<W> {
    /// A writer into `out`; wrap a file in a [`std::io::BufWriter`].
    pub fn new(out: W) -> Self {
        NdjsonWriter {
            out,
            buf: Vec::new(),
            lines: 0,
        }
    }

    /// Writes one value as a line.
    pub fn write<T: FhirValue>(&mut self, value: &T) -> io::Result<()> {
        self.buf.clear();
        encode_line(value, &mut self.buf);
        self.out.write_all(&self.buf)?;
        self.lines += 1;
        Ok(())
    }

    /// Writes a line that [`encode_line`] made (on another thread, say). It must be one
    /// line ending in `\n`; anything else is refused with
    /// [`io::ErrorKind::InvalidInput`] and nothing is written.
    pub fn write_encoded(&mut self, line: &[u8]) -> io::Result<()> {
        match line.split_last() {
            Some((b'\n', content)) if find_newline(content).is_none() => {
                self.out.write_all(line)?;
                self.lines += 1;
                Ok(())
            }
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "an NDJSON line must end with its only line break",
            )),
        }
    }

    /// The number of lines written.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The underlying writer (not flushed).
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// Appends `value` as one NDJSON line (compact FHIR JSON and `\n`) to `out`.
pub fn encode_line<T: FhirValue>(value: &T, out: &mut Vec<u8>) {
    crate::rt::json::FhirJson::write_json(value, out);
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rt::error::ErrorKind;
    use crate::stu3::{Patient, Resource};
    use std::io::{BufReader, Read};

    const P1: &str = r#"{"resourceType":"Patient","id":"p1"}"#;
    const P2: &str = r#"{"resourceType":"Patient","id":"p2"}"#;
    const P3: &str = r#"{"resourceType":"Patient","id":"p3"}"#;

    /// A line as the tests compare it: `(line, Ok(id))` or `(line, Err(message))`.
    type Item = (u64, Result<String, String>);

    /// A line as read, with the offset of its start when it is an error (to compare
    /// the readers).
    type Full = (Item, Option<u64>);

    fn full(line: u64, r: Result<Patient, LineError>) -> Full {
        let offset = r.as_ref().err().map(LineError::line_offset);
        let r = r
            .map(|p| p.id.and_then(|id| id.value).unwrap_or_default())
            .map_err(|e| e.message());
        ((line, r), offset)
    }

    /// Reads `input` with `options` on this thread, through a buffer of `capacity` bytes.
    fn sequential(input: &[u8], capacity: usize, options: NdjsonOptions) -> (Vec<Full>, Summary) {
        let mut reader =
            NdjsonReader::<_, Patient>::new(BufReader::with_capacity(capacity, input), options);
        let items = reader.by_ref().map(|(line, r)| full(line, r)).collect();
        (items, reader.summary())
    }

    /// Reads `input` with `options` on `threads` workers, in chunks of `chunk_bytes`.
    fn parallel(
        input: &[u8],
        capacity: usize,
        options: NdjsonOptions,
        threads: usize,
        chunk_bytes: usize,
    ) -> (Vec<Full>, Summary) {
        let mut items = Vec::new();
        let summary = ParallelReader::new(BufReader::with_capacity(capacity, input), options)
            .threads(threads)
            .chunk_bytes(chunk_bytes)
            .for_each(|line, r| items.push(full(line, r)));
        (items, summary)
    }

    /// Reads `input` every way there is: on this thread through buffers of several sizes
    /// (each cuts the input differently), and in parallel with several thread counts and
    /// chunk sizes. All must give the same lines, errors, error offsets and counts.
    fn read_all(input: &[u8], options: NdjsonOptions) -> (Vec<Item>, Summary) {
        let first = sequential(input, 8192, options);
        for capacity in [1, 2, 3, 7] {
            let other = sequential(input, capacity, options);
            assert_eq!(other, first, "sequential, buffer of {capacity} bytes");
        }
        for threads in [1, 3] {
            for chunk_bytes in [1, 5, 64, 8192] {
                for capacity in [1, 7, 8192] {
                    let other = parallel(input, capacity, options, threads, chunk_bytes);
                    assert_eq!(
                        other, first,
                        "{threads} threads, chunks of {chunk_bytes} bytes, buffer of {capacity}"
                    );
                }
            }
        }
        (first.0.into_iter().map(|(item, _)| item).collect(), first.1)
    }

    fn read(input: &str) -> Vec<Item> {
        read_all(input.as_bytes(), NdjsonOptions::default()).0
    }

    fn ok(line: u64, id: &str) -> Item {
        (line, Ok(id.to_string()))
    }

    #[test]
    fn crlf_line_endings_are_stripped() {
        let input = format!("{P1}\r\n{P2}\r\n");
        assert_eq!(read(&input), [ok(1, "p1"), ok(2, "p2")]);
    }

    #[test]
    fn last_line_without_a_line_ending_is_read() {
        let input = format!("{P1}\n{P2}");
        assert_eq!(read(&input), [ok(1, "p1"), ok(2, "p2")]);
        let input = format!("{P1}\n{P2}\r");
        assert_eq!(read(&input), [ok(1, "p1"), ok(2, "p2")]);
    }

    #[test]
    fn blank_lines_are_skipped_and_counted() {
        let input = format!("\n{P1}\n\n  \t\r\n\r\n{P2}\n\n");
        assert_eq!(read(&input), [ok(2, "p1"), ok(6, "p2")]);
        let (_, summary) = read_all(input.as_bytes(), NdjsonOptions::default());
        assert_eq!(
            summary,
            Summary {
                lines: 7,
                records: 2,
                ok: 2,
                errors: 0,
                bytes: input.len() as u64
            }
        );
    }

    #[test]
    fn empty_input_has_no_lines() {
        assert_eq!(read(""), []);
        let (_, summary) = read_all(b"", NdjsonOptions::default());
        assert_eq!(summary, Summary::default());
    }

    #[test]
    fn byte_order_mark_at_the_start_is_skipped() {
        let input = format!("\u{feff}{P1}\n{P2}\n");
        assert_eq!(read(&input), [ok(1, "p1"), ok(2, "p2")]);
        let input = format!("\u{feff}\n{P1}\n");
        assert_eq!(read(&input), [ok(2, "p1")]);
    }

    #[test]
    fn byte_order_mark_elsewhere_is_an_error_for_its_line() {
        let input = format!("{P1}\n\u{feff}{P2}\n{P3}\n");
        assert_eq!(
            read(&input),
            [
                ok(1, "p1"),
                (
                    2,
                    Err(
                        "Patient: the input starts with a byte order mark (U+FEFF) (column 1)"
                            .into()
                    )
                ),
                ok(3, "p3"),
            ]
        );
    }

    #[test]
    fn partial_byte_order_mark_stays_in_the_first_line() {
        // EF BB then a brace: not a byte order mark, so the line is not valid UTF-8.
        let mut input = b"\xEF\xBB".to_vec();
        input.extend_from_slice(format!("{P1}\n{P2}\n").as_bytes());
        let (items, _) = read_all(&input, NdjsonOptions::default());
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].0, 1);
        assert!(items[0].1.is_err(), "{:?}", items[0]);
        assert_eq!(items[1], ok(2, "p2"));
    }

    #[test]
    fn over_long_line_is_an_error_and_reading_carries_on() {
        let long = format!(r#"{{"resourceType":"Patient","id":"{}"}}"#, "x".repeat(100));
        let input = format!("{P1}\n{long}\r\n{P2}\n{long}");
        let options = NdjsonOptions::default().max_line_len(P1.len());
        let message = format!(
            "line of {} bytes exceeds the limit of {} bytes",
            long.len(),
            P1.len()
        );
        let (items, summary) = read_all(input.as_bytes(), options);
        assert_eq!(
            items,
            [
                ok(1, "p1"),
                (2, Err(message.clone())),
                ok(3, "p2"),
                (4, Err(message.clone())),
            ]
        );
        assert_eq!((summary.lines, summary.ok, summary.errors), (4, 2, 2));
        // Exactly at the limit, with or without `\r`, is accepted.
        let input = format!("{P1}\r\n{P2}\n");
        let (items, _) = read_all(input.as_bytes(), options);
        assert_eq!(items, [ok(1, "p1"), ok(2, "p2")]);
        let options = NdjsonOptions::default().max_line_len(P1.len() - 1);
        let (items, _) = read_all(input.as_bytes(), options);
        assert!(items.iter().all(|(_, r)| r.is_err()), "{items:?}");
        // Longer than a chunk and than the limit, at the end without a line ending.
        let options = NdjsonOptions::default().max_line_len(200);
        let input = format!("{P1}\n{}\n{P2}\n{}", "y".repeat(10_000), "z".repeat(10_000));
        let (items, summary) = read_all(input.as_bytes(), options);
        let message = "line of 10000 bytes exceeds the limit of 200 bytes".to_string();
        assert_eq!(
            items,
            [
                ok(1, "p1"),
                (2, Err(message.clone())),
                ok(3, "p2"),
                (4, Err(message))
            ]
        );
        assert_eq!(summary.lines, 4);
    }

    #[test]
    fn over_long_line_is_not_kept_in_memory() {
        // 64 MiB of one line, produced on the fly: the reader's buffer stays small.
        struct Endless(u64);
        impl Read for Endless {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = (out.len() as u64).min(self.0) as usize;
                out[..n].fill(b' ');
                self.0 -= n as u64;
                Ok(n)
            }
        }
        let len = 64 * 1024 * 1024;
        let rest = format!("\n{P1}\n");
        let input = BufReader::new(Endless(len)).chain(rest.as_bytes());
        let options = NdjsonOptions::default().max_line_len(1024);
        let mut reader = NdjsonReader::<_, Patient>::new(input, options);
        let (line, first) = reader.next().expect("a line");
        assert_eq!(line, 1);
        let err = first.expect_err("too long");
        assert!(
            matches!(err.kind(), LineErrorKind::TooLong { limit: 1024, length } if *length == len)
        );
        assert!(
            reader.buf.capacity() <= 4096,
            "buffer grew to {}",
            reader.buf.capacity()
        );
        assert_eq!(reader.next().map(|(l, r)| (l, r.is_ok())), Some((2, true)));

        // The parallel reader's cutter holds at most the limit (and one read) of it.
        let input = BufReader::new(Endless(len)).chain(rest.as_bytes());
        let mut cutter = Cutter::new(input, 1024, 4096);
        let mut chunk = Chunk {
            seq: 0,
            first_line: 0,
            offset: 0,
            buf: Vec::new(),
            tail: None,
        };
        cutter.fill(&mut chunk);
        assert!(chunk.buf.is_empty());
        assert!(
            matches!(&chunk.tail, Some(Entry { line: 1, offset: 0, kind: EntryKind::TooLong { length } }) if *length == len)
        );
        assert!(
            chunk.buf.capacity() <= 32 * 1024,
            "buffer grew to {}",
            chunk.buf.capacity()
        );
        cutter.fill(&mut chunk);
        assert_eq!((chunk.first_line, chunk.offset), (2, len + 1));
        assert_eq!(chunk.buf, format!("{P1}\n").as_bytes());
        assert!(chunk.tail.is_none());
    }

    #[test]
    fn read_errors_name_line_path_and_column() {
        let bad = r#"{"resourceType":"Patient","id":"p2","gender":"nope"}"#;
        let input = format!("{P1}\n\n{bad}\n{P3}\nnot json\n");
        let mut reader = NdjsonReader::<_, Patient>::new(input.as_bytes(), Default::default());
        let items: Vec<_> = reader.by_ref().collect();
        let errors: Vec<String> = items
            .iter()
            .filter_map(|(_, r)| r.as_ref().err().map(ToString::to_string))
            .collect();
        assert_eq!(
            errors,
            [
                "line 3: Patient.gender: code 'nope' is not in the required value set \
                 http://hl7.org/fhir/ValueSet/administrative-gender (column 46)",
                "line 5: Patient: expected an object, found null (column 1)",
            ]
        );
        let Some((3, Err(e))) = items.get(1) else {
            panic!("line 3 is the second item: {items:?}");
        };
        assert!(matches!(
            e.read_error().map(Error::kind),
            Some(ErrorKind::UnknownCode { .. })
        ));
        assert_eq!(e.line_offset(), (P1.len() + 2) as u64);
        assert_eq!(e.offset(), Some((P1.len() + 2 + 45) as u64));
        assert_eq!(reader.summary().errors, 2);
    }

    #[test]
    fn absent_required_elements_fail_strictly_and_are_issues_when_lenient() {
        let input = r#"{"resourceType":"Observation","status":"final"}"#;
        let options = NdjsonOptions {
            read: ReadOptions::lenient(),
            ..Default::default()
        };
        let strict: Vec<_> =
            NdjsonReader::<_, crate::stu3::Observation>::new(input.as_bytes(), options)
                .map(|(line, r)| (line, r.map(|_| ()).map_err(|e| e.message())))
                .collect();
        assert_eq!(
            strict,
            [(
                1,
                Err("Observation: missing required element 'code' (column 1)".into())
            )]
        );
        let lenient: Vec<_> = NdjsonReader::<_, Lenient<crate::stu3::Observation>>::new(
            input.as_bytes(),
            Default::default(),
        )
        .map(|(line, r)| {
            let issues = r.map(|l| l.issues.iter().map(ToString::to_string).collect());
            (line, issues.map_err(|e| e.message()))
        })
        .collect();
        assert_eq!(
            lenient,
            [(
                1,
                Ok(vec![
                    "Observation: missing required element 'code'; left empty (line 1, column 1)"
                        .to_string()
                ])
            )]
        );
    }

    #[test]
    fn unknown_elements_fail_strictly_and_are_issues_when_lenient() {
        let input = r#"{"resourceType":"Patient","id":"p1","colour":"blue"}"#;
        let strict: Vec<_> =
            NdjsonReader::<_, Patient>::new(input.as_bytes(), Default::default()).collect();
        assert!(
            matches!(&strict[..], [(1, Err(e))] if e.message() == "Patient: unknown element 'colour' (column 37)"),
            "{strict:?}"
        );
        // Lenient read options do not make the strict item type drop anything.
        let options = NdjsonOptions {
            read: ReadOptions::lenient(),
            ..Default::default()
        };
        let strict: Vec<_> = NdjsonReader::<_, Patient>::new(input.as_bytes(), options).collect();
        assert!(matches!(&strict[..], [(1, Err(_))]));
        let lenient: Vec<_> =
            NdjsonReader::<_, Lenient<Patient>>::new(input.as_bytes(), Default::default())
                .collect();
        let [(1, Ok(l))] = &lenient[..] else {
            panic!("{lenient:?}");
        };
        assert_eq!(
            l.issues.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["Patient: unknown element 'colour'; skipped (line 1, column 37)"]
        );
    }

    #[test]
    fn io_error_ends_the_reading_with_an_error_for_its_line() {
        struct Failing<'a>(&'a [u8]);
        impl Read for Failing<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() {
                    return Err(io::Error::other("disk on fire"));
                }
                let n = out.len().min(self.0.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let describe = |line: u64, r: Result<Patient, LineError>| {
            (
                line,
                r.map(|_| ()).map_err(|e| (e.to_string(), e.line_offset())),
            )
        };
        let input = format!("{P1}\n{P2}\n{P3}");
        let fail_at = P1.len() + 1 + 10;
        let expected = [
            (1, Ok(())),
            (
                2,
                Err((
                    "line 2: read error: disk on fire".to_string(),
                    P1.len() as u64 + 1,
                )),
            ),
        ];
        let reader = BufReader::with_capacity(4, Failing(&input.as_bytes()[..fail_at]));
        let items: Vec<_> = NdjsonReader::<_, Patient>::new(reader, Default::default())
            .map(|(line, r)| describe(line, r))
            .collect();
        assert_eq!(items, expected);
        for threads in [1, 2] {
            for chunk_bytes in [1, 5, 64] {
                let reader = BufReader::with_capacity(4, Failing(&input.as_bytes()[..fail_at]));
                let mut items = Vec::new();
                let summary = ParallelReader::new(reader, Default::default())
                    .threads(threads)
                    .chunk_bytes(chunk_bytes)
                    .for_each(|line, r| items.push(describe(line, r)));
                assert_eq!(items, expected, "{threads} threads, {chunk_bytes} bytes");
                assert_eq!((summary.lines, summary.bytes), (2, fail_at as u64));
            }
        }
        // Failing at once, where the byte order mark would be.
        let items: Vec<_> =
            NdjsonReader::<_, Patient>::new(BufReader::new(Failing(&[])), Default::default())
                .map(|(line, r)| describe(line, r))
                .collect();
        let at_once = [(1, Err(("line 1: read error: disk on fire".to_string(), 0)))];
        assert_eq!(items, at_once);
        let mut items = Vec::new();
        ParallelReader::new(BufReader::new(Failing(&[])), Default::default())
            .for_each(|line, r| items.push(describe(line, r)));
        assert_eq!(items, at_once);
    }

    /// `lines` Patients, every `bad`-th one invalid, as NDJSON.
    fn numbered(lines: usize, bad: usize) -> String {
        let mut s = String::new();
        for i in 1..=lines {
            if i % bad == 0 {
                s.push_str(&format!(
                    r#"{{"resourceType":"Patient","id":"n{i}","active":"yes"}}"#
                ));
            } else {
                s.push_str(&format!(r#"{{"resourceType":"Patient","id":"n{i}"}}"#));
            }
            s.push_str(if i % 3 == 0 { "\r\n" } else { "\n" });
            if i % 10 == 0 {
                s.push('\n');
            }
        }
        s
    }

    #[test]
    fn parallel_results_come_in_line_order_and_match_the_sequential_reader() {
        let input = numbered(2000, 7);
        let (first, summary) = sequential(input.as_bytes(), 8192, NdjsonOptions::default());
        assert_eq!(summary.errors, 2000 / 7);
        for threads in [1, 2, 5] {
            for chunk_bytes in [1, 100, 1 << 20] {
                let other = parallel(
                    input.as_bytes(),
                    8192,
                    NdjsonOptions::default(),
                    threads,
                    chunk_bytes,
                );
                assert_eq!(
                    other,
                    (first.clone(), summary),
                    "{threads} threads, {chunk_bytes} bytes"
                );
            }
        }
    }

    #[test]
    fn parallel_map_runs_on_workers_and_consumer_can_stop() {
        let input = numbered(500, 1000);
        let mut seen = Vec::new();
        let run = ParallelReader::new(input.as_bytes(), NdjsonOptions::default())
            .threads(3)
            .chunk_bytes(64)
            .for_each_mapped(
                |p: ParsedLine<'_, Resource>| (p.line, p.bytes.len(), p.result.is_ok()),
                |(line, len, ok)| {
                    seen.push((line, len, ok));
                    if line == 100 { Err(line) } else { Ok(()) }
                },
            );
        assert_eq!(run, Err(100));
        // A blank line follows every tenth resource: line 100 holds the 91st.
        assert_eq!(seen.len(), 91);
        assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(seen.iter().all(|&(_, len, ok)| ok && len > 30));
    }

    #[test]
    fn parallel_reader_propagates_a_panic_in_map() {
        let input = numbered(200, 1000);
        let run = std::panic::catch_unwind(|| {
            ParallelReader::new(input.as_bytes(), NdjsonOptions::default())
                .threads(2)
                .chunk_bytes(64)
                .for_each_mapped(
                    |p: ParsedLine<'_, Patient>| {
                        assert!(p.line != 50, "map fails on line 50");
                        p.line
                    },
                    |_| Ok::<(), ()>(()),
                )
        });
        assert!(run.is_err());
    }

    #[test]
    fn writer_writes_one_line_per_value_and_reads_back() {
        let mut patient =
            Patient::from_line(P1.as_bytes(), ReadOptions::default()).expect("valid patient");
        patient.text = Some(crate::stu3::Narrative {
            status: crate::stu3::codes::NarrativeStatus::Generated.into(),
            div: "<div xmlns=\"http://www.w3.org/1999/xhtml\">a\nb</div>".into(),
            ..Default::default()
        });
        let mut w = NdjsonWriter::new(Vec::new());
        w.write(&patient).expect("write to Vec");
        w.write(&patient).expect("write to Vec");
        assert_eq!(w.lines(), 2);
        let out = w.into_inner();
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 2);
        let back: Vec<_> = NdjsonReader::<_, Patient>::new(&out[..], Default::default())
            .map(|(line, r)| (line, r.expect("reads back")))
            .collect();
        assert_eq!(back, [(1, patient.clone()), (2, patient)]);
    }

    #[test]
    fn writer_refuses_encoded_lines_that_are_not_one_line() {
        let mut w = NdjsonWriter::new(Vec::new());
        for bad in [&b""[..], b"{}", b"{}\n{}\n", b"\n\n"] {
            let e = w.write_encoded(bad).expect_err("refused");
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        }
        w.write_encoded(b"{}\n").expect("one line");
        assert_eq!(w.into_inner(), b"{}\n");
    }

    #[test]
    fn newline_search_finds_the_first_one_at_any_position() {
        for len in 0..40 {
            for at in 0..len {
                let mut v = vec![b'a'; len];
                v[at] = b'\n';
                if at + 3 < len {
                    v[at + 3] = b'\n';
                }
                assert_eq!(find_newline(&v), Some(at), "len {len}, at {at}");
            }
            // Bytes that differ from `\n` by one bit or carry do not count.
            let v: Vec<u8> = (0..len).map(|i| [0x0B, 0x8A, 0x09, 0x00][i % 4]).collect();
            assert_eq!(find_newline(&v), None, "len {len}");
        }
    }
}
