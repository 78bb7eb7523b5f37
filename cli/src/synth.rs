//! `careconnect synth`: writes a folder of synthetic Care Connect data (Patients, their
//! Encounters and vital-sign Observations) as bulk NDJSON, the same bytes for the same seed.
//!
//! Every resource is built through its profile type's constructor and written by the
//! profile's own JSON writer, so what the profile fixes (codes, units, status) comes from
//! the generated types, not from this file. Patients are generated in chunks on all cores;
//! each patient's data depends only on the seed and the patient's index, and the chunks are
//! written in order, so the output does not depend on the number of threads.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::Instant;

use careconnect_models::careconnect::codes::{
    AdministrativeGender, CareConnectEthnicCategory, CareConnectNhsNumberVerificationStatus,
};
use careconnect_models::careconnect::targets::{
    CarePlanOrDeviceRequestOrImmunizationRecommendationOrMedicationRequestOrNutritionOrderOrProcedureRequestOrReferralRequest as HeartRateBasis,
    EncounterOrEpisodeOfCare, Patient as PatientTarget,
};
use careconnect_models::careconnect::{
    CareConnectBloodPressureObservation, CareConnectBloodPressureObservationDiastolicComponent,
    CareConnectBloodPressureObservationEffective,
    CareConnectBloodPressureObservationSystolicComponent, CareConnectBodyTemperatureObservation,
    CareConnectBodyTemperatureObservationEffective,
    CareConnectBodyTemperatureObservationValueQuantity, CareConnectEncounter,
    CareConnectEncounterType, CareConnectHeartRateObservation,
    CareConnectHeartRateObservationEffective, CareConnectMinQuantity, CareConnectMmHgQuantity,
    CareConnectOxygenSaturationObservation, CareConnectOxygenSaturationObservationEffective,
    CareConnectOxygenSaturationObservationValueQuantity, CareConnectPatient,
    CareConnectPatientNhsNumber, CareConnectPatientOfficial, CareConnectRespiratoryRateObservation,
    CareConnectRespiratoryRateObservationEffective, CareConnectSnomedCtDescriptionIdSctCoding,
    EthnicCategory, NhsNumberVerificationStatus,
};
use careconnect_models::rt::datetime::{ParseError, ValueError};
use careconnect_models::rt::profile::{BoundConcept, Profile, Ref, Violation};
use careconnect_models::rt::{Date, DateTime, Decimal, Offset, Primitive, Time};
use careconnect_models::stu3::codes::{AddressUse, EncounterStatus};
use careconnect_models::stu3::{Address, Coding, Meta, Period};

use clap::ValueHint;

use crate::Status;

/// The most patients one run writes: the NHS numbers come from the range reserved for test
/// data (999 000 0000 to 999 999 9999), nine numbers from each block of ten candidates.
const MAX_PATIENTS: u32 = 900_000;

/// Write a folder of synthetic Care Connect data as bulk NDJSON
///
/// Writes DIR/Patient.ndjson (Care Connect Patients with NHS numbers from the test range
/// 999 000 0000 to 999 999 9999), DIR/Encounter.ndjson (their Encounters) and
/// DIR/Observation.ndjson (their vital signs: blood pressure, heart rate, respiratory rate,
/// body temperature and oxygen saturation, each of its Care Connect profile), one resource
/// a line, every resource declaring its profile in meta.profile. Times fall in 2025, in UK
/// local time. The same options and seed give the same bytes. DIR is created if absent;
/// files of those names in it are replaced. A summary is printed on stderr.
#[derive(Debug, clap::Args)]
#[command(
    verbatim_doc_comment,
    after_help = "Exit status: 0 on success, 1 when DIR or a file in it cannot be created or\n\
                  written, 2 for a usage error."
)]
pub struct SynthArgs {
    /// The folder to write the NDJSON files into
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    out: PathBuf,
    /// How many patients (at most 900000)
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1000,
        value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_PATIENTS))
    )]
    patients: u32,
    /// Vital-sign observations per patient (at most 10000)
    #[arg(
        long,
        value_name = "K",
        default_value_t = 20,
        value_parser = clap::value_parser!(u32).range(0..=10_000)
    )]
    observations_per_patient: u32,
    /// Encounters per patient (at most 1000)
    #[arg(
        long,
        value_name = "E",
        default_value_t = 2,
        value_parser = clap::value_parser!(u32).range(0..=1_000)
    )]
    encounters_per_patient: u32,
    /// The seed of the generator: the same seed and options give the same files
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
}

/// The three files, in the order of [`Chunk::bytes`].
const FILES: [&str; 3] = ["Patient.ndjson", "Encounter.ndjson", "Observation.ndjson"];

/// Writes the three files into `--out`, reporting on stderr; never panics on I/O.
pub fn run(args: &SynthArgs) -> Status {
    let started = Instant::now();
    let plan = Plan::new(args);
    let dir = args.out.as_path();
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!(
            "careconnect: synth: cannot create the folder {}: {e}",
            dir.display()
        );
        return Status::Errors;
    }
    let mut outputs = Vec::with_capacity(FILES.len());
    for name in FILES {
        let path = dir.join(name);
        match File::create(&path) {
            Ok(file) => outputs.push(Output {
                writer: BufWriter::with_capacity(1 << 20, file),
                path,
                bytes: 0,
            }),
            Err(e) => {
                eprintln!("careconnect: synth: cannot create {}: {e}", path.display());
                return Status::Errors;
            }
        }
    }
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    match generate(&plan, threads, &mut outputs) {
        Ok(()) => {}
        Err(Failure::Write(path, e)) => {
            eprintln!("careconnect: synth: cannot write {}: {e}", path.display());
            return Status::Errors;
        }
        Err(Failure::Internal(Internal(message))) => {
            eprintln!("careconnect: synth: internal error: {message}");
            return Status::Errors;
        }
    }
    let patients = u64::from(plan.patients);
    let bytes: u64 = outputs.iter().map(|o| o.bytes).sum();
    eprintln!(
        "careconnect: synth: wrote {patients} patients, {} encounters, {} observations \
         ({bytes} bytes) to {} in {:.2} s",
        patients * u64::from(plan.encounters),
        patients * u64::from(plan.observations),
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Status::Clean
}

/// One output file and what was written to it.
struct Output {
    writer: BufWriter<File>,
    path: PathBuf,
    bytes: u64,
}

/// Why a run stopped.
enum Failure {
    /// A file could not be written.
    Write(PathBuf, io::Error),
    Internal(Internal),
}

/// A value the generator built was refused by its type: a bug, as every value is chosen
/// inside its valid range. Reported, not a panic.
struct Internal(String);

impl From<Internal> for Failure {
    fn from(e: Internal) -> Failure {
        Failure::Internal(e)
    }
}

impl From<ValueError> for Internal {
    fn from(e: ValueError) -> Internal {
        Internal(e.to_string())
    }
}

impl From<Violation> for Internal {
    fn from(e: Violation) -> Internal {
        Internal(e.to_string())
    }
}

impl From<ParseError> for Internal {
    fn from(e: ParseError) -> Internal {
        Internal(e.to_string())
    }
}

/// What to generate: the options, and what follows from the seed for the whole run.
struct Plan {
    patients: u32,
    observations: u32,
    encounters: u32,
    seed: u64,
    /// Patients per chunk: about 4096 resources, a few MB of JSON per file buffer.
    chunk_patients: u32,
    /// NHS numbers: patient `i` takes number `(stride * i + start) mod MAX_PATIENTS` of
    /// the test range, a permutation (the stride is prime to 900000), so that numbers are
    /// distinct in a run but scattered over the range, and differ from seed to seed.
    nhs_stride: u64,
    nhs_start: u64,
}

impl Plan {
    fn new(args: &SynthArgs) -> Plan {
        let per_patient = 1 + args.encounters_per_patient + args.observations_per_patient;
        let mut seeded = Rng::new(mix(args.seed ^ 0x6e68_735f_6e75_6d62));
        let numbers = u64::from(MAX_PATIENTS);
        // 900000 is 2^5 * 3^2 * 5^5: an odd stride that 3 and 5 do not divide is prime to it
        // (adding 2 keeps it odd; subtracting 900000 keeps it prime).
        let mut stride = seeded.below(numbers) | 1;
        while stride.is_multiple_of(3) || stride.is_multiple_of(5) {
            stride += 2;
        }
        Plan {
            patients: args.patients,
            observations: args.observations_per_patient,
            encounters: args.encounters_per_patient,
            seed: args.seed,
            chunk_patients: (4096 / per_patient).clamp(1, 512),
            nhs_stride: stride % numbers,
            nhs_start: seeded.below(numbers),
        }
    }

    fn chunks(&self) -> u64 {
        u64::from(self.patients).div_ceil(u64::from(self.chunk_patients))
    }

    /// The NHS number of patient `index` (below [`MAX_PATIENTS`]): a candidate from the test
    /// range whose check digit is not 10.
    fn nhs_number(&self, index: u64) -> Option<u64> {
        let n = (self.nhs_stride * index + self.nhs_start) % u64::from(MAX_PATIENTS);
        // Number `n` is the `n % 9`-th valid one of the ten candidates of block `n / 9`:
        // the 8-digit prefixes 9990 0000 to 9999 9999.
        let prefix = 99_900_000 + n / 9;
        let mut wanted = n % 9;
        // At most one last digit of the ten gives check digit 10 (2 * digit takes ten
        // different values mod 11): skipping it leaves at least nine.
        for last in 0..10 {
            let candidate = prefix * 10 + last;
            if let Some(check) = nhs_check_digit(candidate) {
                if wanted == 0 {
                    return Some(candidate * 10 + u64::from(check));
                }
                wanted -= 1;
            }
        }
        // Not reached: nine candidates of ten always pass.
        None
    }
}

/// The modulus-11 check digit of a 9-digit NHS number stem, or `None` when it would be 10
/// (no number has that stem).
fn nhs_check_digit(stem: u64) -> Option<u8> {
    let mut sum = 0;
    let mut rest = stem;
    // From the last digit (weight 2) to the first (weight 10).
    for weight in 2..=10 {
        sum += (rest % 10) * weight;
        rest /= 10;
    }
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => u8::try_from(check).ok(),
    }
}

/// splitmix64's finaliser: a bijection on `u64` that scatters nearby inputs.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// splitmix64: small, fast, and the same numbers on every platform.
struct Rng(u64);

impl Rng {
    fn new(state: u64) -> Rng {
        Rng(state)
    }

    /// The generator of one patient: distinct patients start from distinct states (`mix`
    /// and the odd multiplier are bijections).
    fn for_patient(seed: u64, index: u64) -> Rng {
        Rng(mix(mix(seed) ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// A number in `0..n` (`n` > 0), by the high half of a 128-bit product: the bias is
    /// below 2^-40 for the small `n` used here.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi.abs_diff(lo) + 1;
        lo + i64::try_from(self.below(span)).unwrap_or(0)
    }

    /// A small number in `-spread..=spread`, most often near 0 (the sum of two uniform
    /// draws): readings scatter around a patient's usual value.
    fn jitter(&mut self, spread: i64) -> i64 {
        self.between(-spread, spread) / 2 + self.between(-spread, spread) / 2
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let len = u64::try_from(items.len()).unwrap_or(1);
        let i = usize::try_from(self.below(len)).unwrap_or(0);
        &items[i]
    }

    /// An item by weight: `items` holds (weight, item).
    fn weighted<'a, T>(&mut self, items: &'a [(u64, T)]) -> &'a T {
        let total: u64 = items.iter().map(|(w, _)| w).sum();
        weighted_at(items, self.below(total.max(1)))
    }

    /// A random (version 4) UUID, lower case: resource ids unique across runs and seeds.
    fn uuid(&mut self) -> String {
        let hi = (self.next() & !0xf000) | 0x4000;
        let lo = (self.next() & !(0b11 << 62)) | (0b10 << 62);
        let mut out = String::with_capacity(36);
        let hex = |out: &mut String, v: u64, digits: u32| {
            for i in (0..digits).rev() {
                let d = ((v >> (i * 4)) & 0xf) as u8;
                out.push(char::from(if d < 10 { b'0' + d } else { b'a' + d - 10 }));
            }
        };
        hex(&mut out, hi >> 32, 8);
        out.push('-');
        hex(&mut out, hi >> 16, 4);
        out.push('-');
        hex(&mut out, hi, 4);
        out.push('-');
        hex(&mut out, lo >> 48, 4);
        out.push('-');
        hex(&mut out, lo, 12);
        out
    }
}

/// One chunk of patients, generated by a worker and written in order; its buffers go back
/// to the pool and are filled again (no new allocation once they have grown).
#[derive(Default)]
struct Chunk {
    index: u64,
    /// Patient, Encounter and Observation lines ([`FILES`]).
    bytes: [Vec<u8>; 3],
    failed: Option<Internal>,
}

/// Generates every chunk on `threads` threads and writes them to `outputs` in order.
fn generate(plan: &Plan, threads: usize, outputs: &mut [Output]) -> Result<(), Failure> {
    let chunks = plan.chunks();
    let threads = threads.clamp(1, usize::try_from(chunks).unwrap_or(1).max(1));
    let shared = Shared::new()?;
    let next = AtomicU64::new(0);
    // A fixed pool of buffers bounds memory: a worker takes a free chunk before it claims
    // an index, so the lowest chunk not yet written always has its buffers and the writer
    // never waits for a chunk that cannot be made.
    let (free_tx, free_rx) = mpsc::channel::<Chunk>();
    for _ in 0..threads * 2 {
        let _ = free_tx.send(Chunk::default());
    }
    let free_rx = Mutex::new(free_rx);
    let (done_tx, done_rx) = mpsc::channel::<Chunk>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let (free_rx, next, shared) = (&free_rx, &next, &shared);
            s.spawn(move || {
                let mut generator = Generator::new(plan, shared);
                loop {
                    let taken = match free_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    // The writer has stopped (done or failed) when the pool is closed.
                    let Ok(mut chunk) = taken else { break };
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= chunks {
                        break;
                    }
                    generator.fill(index, &mut chunk);
                    if done_tx.send(chunk).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // Returning drops `free_tx`: the workers waiting for a buffer stop.
        write_in_order(chunks, &done_rx, free_tx, outputs)
    })?;
    for output in outputs.iter_mut() {
        output
            .writer
            .flush()
            .map_err(|e| Failure::Write(output.path.clone(), e))?;
    }
    Ok(())
}

/// Receives chunks in any order and writes them in index order.
fn write_in_order(
    chunks: u64,
    done: &mpsc::Receiver<Chunk>,
    free: mpsc::Sender<Chunk>,
    outputs: &mut [Output],
) -> Result<(), Failure> {
    let mut waiting = BTreeMap::new();
    let mut wanted = 0;
    while wanted < chunks {
        let Ok(chunk) = done.recv() else {
            return Err(Internal("the generating threads stopped early".into()).into());
        };
        waiting.insert(chunk.index, chunk);
        while let Some(mut chunk) = waiting.remove(&wanted) {
            if let Some(failed) = chunk.failed.take() {
                return Err(failed.into());
            }
            for (output, bytes) in outputs.iter_mut().zip(&chunk.bytes) {
                output
                    .writer
                    .write_all(bytes)
                    .map_err(|e| Failure::Write(output.path.clone(), e))?;
                output.bytes += bytes.len() as u64;
            }
            wanted += 1;
            // A send fails only when every worker has stopped, and then nothing needs it.
            let _ = free.send(chunk);
        }
    }
    Ok(())
}

/// Values every worker uses, built once.
struct Shared {
    /// Offsets of UK local time in 2025: GMT and British Summer Time.
    gmt: Offset,
    bst: Offset,
    /// The heart-rate profile requires `basedOn` (1..1), and no request or plan is in the
    /// folder: every heart rate names the monitoring it was taken under by display alone
    /// (a logical reference that a server loading the folder does not try to resolve).
    heart_rate_basis: Ref<HeartRateBasis>,
    verified: NhsNumberVerificationStatus,
}

impl Shared {
    fn new() -> Result<Shared, Internal> {
        // An empty reference text names no resource type, so `Ref::new` has nothing to
        // check; the text is then taken away and the display put in.
        let mut heart_rate_basis = Ref::new("")?;
        let reference = heart_rate_basis.reference_mut();
        reference.reference = None;
        reference.display = Some(Primitive::from("Routine vital signs monitoring"));
        Ok(Shared {
            gmt: Offset::from_minutes(0)?,
            bst: Offset::from_minutes(60)?,
            heart_rate_basis,
            verified: NhsNumberVerificationStatus::new(BoundConcept::new(
                CareConnectNhsNumberVerificationStatus::NumberPresentAndVerified,
            )),
        })
    }
}

/// The year every encounter and observation falls in.
const YEAR: u16 = 2025;

/// Days in each month of [`YEAR`] (not a leap year).
const MONTH_DAYS: [u8; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// A moment of [`YEAR`] in UK local time.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct When {
    day_of_year: u16,
    /// Seconds since local midnight.
    second_of_day: u32,
}

impl When {
    /// A random moment of a random day, from `first_hour`:00 to before `last_hour`:00.
    fn random(rng: &mut Rng, first_hour: u32, last_hour: u32) -> When {
        let days = MONTH_DAYS.iter().map(|&d| u64::from(d)).sum();
        let seconds = u64::from((last_hour - first_hour) * 3600);
        When {
            day_of_year: u16::try_from(rng.below(days)).unwrap_or(0),
            second_of_day: first_hour * 3600 + u32::try_from(rng.below(seconds)).unwrap_or(0),
        }
    }

    /// This moment plus `minutes`, the same day (callers keep within it).
    fn plus_minutes(self, minutes: u32) -> When {
        When {
            day_of_year: self.day_of_year,
            second_of_day: (self.second_of_day + minutes * 60).min(24 * 3600 - 1),
        }
    }

    fn month_day(self) -> (u8, u8) {
        let mut day = self.day_of_year;
        for (month, &length) in (1u8..).zip(&MONTH_DAYS) {
            if day < u16::from(length) {
                return (month, u8::try_from(day).unwrap_or(0) + 1);
            }
            day -= u16::from(length);
        }
        (12, 31)
    }

    /// The dateTime with its UK offset. British Summer Time in 2025 runs from 30 March to
    /// 26 October, changing at 01:00 UTC; every moment generated is after 06:00 local time,
    /// so the date alone decides (and no local time is skipped or repeated).
    fn to_datetime(self, shared: &Shared) -> Result<DateTime, Internal> {
        let (month, day) = self.month_day();
        let summer = (month, day) >= (3, 30) && (month, day) < (10, 26);
        let s = self.second_of_day;
        let time = Time::from_hms(
            u8::try_from(s / 3600).unwrap_or(0),
            u8::try_from(s / 60 % 60).unwrap_or(0),
            u8::try_from(s % 60).unwrap_or(0),
        )?;
        let offset = if summer { shared.bst } else { shared.gmt };
        Ok(DateTime::from_parts(
            Date::from_ymd(YEAR, month, day)?,
            time,
            offset,
        )?)
    }
}

/// A kind of encounter: its class (v3 ActCode), its SNOMED CT type and how long it lasts.
struct EncounterKind {
    class: &'static str,
    class_display: &'static str,
    snomed: &'static str,
    snomed_display: &'static str,
    minutes: (i64, i64),
}

const ACT_CODE: &str = "http://hl7.org/fhir/v3/ActCode";

const ENCOUNTER_KINDS: [(u64, EncounterKind); 4] = [
    (
        50,
        EncounterKind {
            class: "AMB",
            class_display: "ambulatory",
            snomed: "11429006",
            snomed_display: "Consultation",
            minutes: (10, 40),
        },
    ),
    (
        30,
        EncounterKind {
            class: "AMB",
            class_display: "ambulatory",
            snomed: "390906007",
            snomed_display: "Follow-up encounter",
            minutes: (10, 30),
        },
    ),
    (
        10,
        EncounterKind {
            class: "HH",
            class_display: "home health",
            snomed: "439708006",
            snomed_display: "Home visit",
            minutes: (20, 60),
        },
    ),
    (
        10,
        EncounterKind {
            class: "EMER",
            class_display: "emergency",
            snomed: "50849002",
            snomed_display: "Emergency room admission",
            minutes: (60, 360),
        },
    ),
];

/// A patient's usual vital signs, around which each reading scatters.
struct Baseline {
    systolic: i64,
    diastolic: i64,
    heart_rate: i64,
    respiratory_rate: i64,
    /// Tenths of a degree Celsius.
    temperature: i64,
    saturation: i64,
}

/// The vital signs, one observation each, taken together as a set.
const VITALS: u32 = 5;

/// One worker's generator, with buffers reused from patient to patient.
struct Generator<'a> {
    plan: &'a Plan,
    shared: &'a Shared,
    /// Encounter times of the current patient, and references to the encounters.
    encounter_times: Vec<(When, u32)>,
    encounter_refs: Vec<Ref<EncounterOrEpisodeOfCare>>,
    /// Text of a decimal being built.
    decimal: String,
}

impl<'a> Generator<'a> {
    fn new(plan: &'a Plan, shared: &'a Shared) -> Generator<'a> {
        Generator {
            plan,
            shared,
            encounter_times: Vec::new(),
            encounter_refs: Vec::new(),
            decimal: String::new(),
        }
    }

    /// Fills `chunk` with the patients of chunk `index` (its buffers are cleared first).
    fn fill(&mut self, index: u64, chunk: &mut Chunk) {
        chunk.index = index;
        chunk.failed = None;
        for bytes in &mut chunk.bytes {
            bytes.clear();
        }
        let per_chunk = u64::from(self.plan.chunk_patients);
        let first = index * per_chunk;
        let end = (first + per_chunk).min(u64::from(self.plan.patients));
        for patient in first..end {
            if let Err(e) = self.patient(patient, chunk) {
                chunk.failed = Some(e);
                return;
            }
        }
    }

    /// Writes patient `index`, its encounters and its observations.
    fn patient(&mut self, index: u64, chunk: &mut Chunk) -> Result<(), Internal> {
        let mut rng = Rng::for_patient(self.plan.seed, index);
        let patient = self.build_patient(&mut rng, index)?;
        write_line(&patient, &mut chunk.bytes[0]);
        let Some(subject) = Ref::<PatientTarget>::to(&patient) else {
            return Err(Internal("a patient without an id".into()));
        };

        // Encounters, in time order, during working hours.
        self.encounter_times.clear();
        self.encounter_refs.clear();
        for _ in 0..self.plan.encounters {
            let when = When::random(&mut rng, 8, 18);
            let kind = u32::try_from(rng.below(1000)).unwrap_or(0);
            self.encounter_times.push((when, kind));
        }
        self.encounter_times.sort_unstable();
        for i in 0..self.encounter_times.len() {
            let (start, pick) = self.encounter_times[i];
            let encounter = self.build_encounter(&mut rng, &patient, start, pick)?;
            write_line(&encounter, &mut chunk.bytes[1]);
            let Some(reference) = Ref::to(&encounter) else {
                return Err(Internal("an encounter without an id".into()));
            };
            self.encounter_refs.push(reference);
        }

        // Vital signs in sets of five taken together: the first sets during the encounters
        // (a few minutes after they start), the others at any time of day (home readings).
        let baseline = Baseline {
            systolic: rng.between(105, 150),
            diastolic: rng.between(65, 92),
            heart_rate: rng.between(58, 88),
            respiratory_rate: rng.between(12, 18),
            temperature: rng.between(363, 371),
            saturation: rng.between(94, 99),
        };
        let observations = self.plan.observations;
        for set in 0..observations.div_ceil(VITALS) {
            let at_encounter = usize::try_from(set).ok().and_then(|s| {
                let (start, _) = self.encounter_times.get(s)?;
                Some((*start, self.encounter_refs.get(s)?.clone()))
            });
            let (time, context) = match at_encounter {
                Some((start, encounter)) => {
                    let minutes = u32::try_from(rng.between(2, 9)).unwrap_or(2);
                    (start.plus_minutes(minutes), Some(encounter))
                }
                None => (When::random(&mut rng, 6, 22), None),
            };
            let effective = time.to_datetime(self.shared)?;
            // The last set is cut short when K is not a multiple of five.
            for kind in 0..VITALS.min(observations - set * VITALS) {
                let reading = Reading {
                    id: rng.uuid(),
                    subject: subject.clone(),
                    effective,
                    context: context.clone(),
                };
                let out = &mut chunk.bytes[2];
                match kind {
                    0 => write_line(&self.blood_pressure(&mut rng, &baseline, reading), out),
                    1 => write_line(&self.heart_rate(&mut rng, &baseline, reading), out),
                    2 => write_line(&self.respiratory_rate(&mut rng, &baseline, reading), out),
                    3 => write_line(&self.temperature(&mut rng, &baseline, reading)?, out),
                    _ => write_line(&self.saturation(&mut rng, &baseline, reading), out),
                }
            }
        }
        Ok(())
    }

    fn build_patient(&self, rng: &mut Rng, index: u64) -> Result<CareConnectPatient, Internal> {
        let gender = *rng.weighted(&[
            (490, AdministrativeGender::Female),
            (490, AdministrativeGender::Male),
            (10, AdministrativeGender::Other),
            (10, AdministrativeGender::Unknown),
        ]);
        let given_names: &[&str] = match gender {
            AdministrativeGender::Female => &FEMALE_NAMES,
            AdministrativeGender::Male => &MALE_NAMES,
            _ if rng.chance(500) => &FEMALE_NAMES,
            _ => &MALE_NAMES,
        };
        let mut official =
            CareConnectPatientOfficial::new(Primitive::from(*rng.pick(&FAMILY_NAMES)));
        official.given.push(Primitive::from(*rng.pick(given_names)));
        if rng.chance(400) {
            official.given.push(Primitive::from(*rng.pick(given_names)));
        }
        let title = match gender {
            AdministrativeGender::Female => *rng.pick(&["Mrs", "Ms", "Miss"]),
            AdministrativeGender::Male => "Mr",
            _ => "Mx",
        };
        official.prefix.push(Primitive::from(title));

        let mut patient = CareConnectPatient::new(official);
        patient.id = Some(Primitive::from(rng.uuid()));
        patient.meta = Some(profile_meta(CareConnectPatient::URL));
        let Some(nhs_number) = self.plan.nhs_number(index) else {
            return Err(Internal(format!("no NHS number for patient {index}")));
        };
        let nhs_number = format!("{nhs_number:010}");
        patient.nhs_number = Some(CareConnectPatientNhsNumber::new(
            self.shared.verified.clone(),
            Primitive::from(nhs_number),
        ));
        patient.active = Some(Primitive::from(true));
        patient.gender = Some(Primitive::from(gender));
        // Adults, 18 to 95 all through 2025: the vital-sign ranges are adult ones.
        let year = u16::try_from(rng.between(1930, 2006)).unwrap_or(1970);
        let month = u8::try_from(rng.between(1, 12)).unwrap_or(1);
        let day = u8::try_from(rng.between(1, i64::from(days_in_month(year, month)))).unwrap_or(1);
        patient.birth_date = Some(Primitive::from(Date::from_ymd(year, month, day)?));
        patient.ethnic_category = Some(EthnicCategory::new(BoundConcept::new(
            *rng.weighted(&ETHNIC_CATEGORIES),
        )));
        patient.address.push(Self::address(rng));
        Ok(patient)
    }

    /// A home address in an English city, with a postcode of the city's area.
    fn address(rng: &mut Rng) -> Address {
        let (city, area) = *rng.pick(&CITIES);
        let mut line = String::new();
        let _ = write!(
            line,
            "{} {} {}",
            rng.between(1, 180),
            rng.pick(&STREETS),
            rng.pick(&STREET_KINDS)
        );
        // Postcode inward codes leave out letters that look like digits or one another.
        const INWARD: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
        let mut postcode = String::new();
        let _ = write!(
            postcode,
            "{area}{} {}{}{}",
            rng.between(1, 20),
            rng.between(0, 9),
            char::from(*rng.pick(INWARD)),
            char::from(*rng.pick(INWARD))
        );
        Address {
            use_: Some(Primitive::from(AddressUse::Home)),
            line: vec![Primitive::from(line)],
            city: Some(Primitive::from(city)),
            postal_code: Some(Primitive::from(postcode)),
            ..Address::default()
        }
    }

    fn build_encounter(
        &self,
        rng: &mut Rng,
        patient: &CareConnectPatient,
        start: When,
        pick: u32,
    ) -> Result<CareConnectEncounter, Internal> {
        let kind = weighted_at(&ENCOUNTER_KINDS, u64::from(pick));
        let mut encounter = CareConnectEncounter::new(Primitive::from(EncounterStatus::Finished));
        encounter.id = Some(Primitive::from(rng.uuid()));
        encounter.meta = Some(profile_meta(CareConnectEncounter::URL));
        encounter.class = Some(Box::new(Coding {
            system: Some(Primitive::from(ACT_CODE)),
            code: Some(Primitive::from(kind.class)),
            display: Some(Primitive::from(kind.class_display)),
            ..Coding::default()
        }));
        let mut type_ = CareConnectEncounterType::new();
        type_
            .snomed_ct
            .push(CareConnectSnomedCtDescriptionIdSctCoding::new(
                Primitive::from(kind.snomed),
                Primitive::from(kind.snomed_display),
            ));
        encounter.type_.push(type_);
        encounter.subject = Ref::to(patient);
        // Starts end by 18:00 and the longest lasts six hours: the end is the same day.
        let minutes = u32::try_from(rng.between(kind.minutes.0, kind.minutes.1)).unwrap_or(10);
        encounter.period = Some(Box::new(Period {
            start: Some(Primitive::from(start.to_datetime(self.shared)?)),
            end: Some(Primitive::from(
                start.plus_minutes(minutes).to_datetime(self.shared)?,
            )),
            ..Period::default()
        }));
        Ok(encounter)
    }

    /// Systolic 90–180 and diastolic 50–110 mmHg, the diastolic at least 20 below.
    fn blood_pressure(
        &self,
        rng: &mut Rng,
        base: &Baseline,
        reading: Reading,
    ) -> CareConnectBloodPressureObservation {
        let systolic = (base.systolic + rng.jitter(16)).clamp(90, 180);
        let diastolic = (base.diastolic + rng.jitter(10))
            .clamp(50, 110)
            .min(systolic - 20);
        let mut bp = CareConnectBloodPressureObservation::new(
            reading.subject,
            CareConnectBloodPressureObservationEffective::DateTime(Primitive::from(
                reading.effective,
            )),
        );
        bp.id = Some(Primitive::from(reading.id));
        bp.meta = Some(profile_meta(CareConnectBloodPressureObservation::URL));
        bp.context = reading.context;
        let mut systolic_component = CareConnectBloodPressureObservationSystolicComponent::new();
        systolic_component.value = Some(CareConnectMmHgQuantity::new(
            Primitive::from(Decimal::from(systolic)),
            Primitive::from("mmHg"),
        ));
        bp.systolic_component.push(systolic_component);
        let mut diastolic_component = CareConnectBloodPressureObservationDiastolicComponent::new();
        diastolic_component.value = Some(CareConnectMmHgQuantity::new(
            Primitive::from(Decimal::from(diastolic)),
            Primitive::from("mmHg"),
        ));
        bp.diastolic_component.push(diastolic_component);
        bp
    }

    /// 40–140 beats a minute.
    fn heart_rate(
        &self,
        rng: &mut Rng,
        base: &Baseline,
        reading: Reading,
    ) -> CareConnectHeartRateObservation {
        let rate = (base.heart_rate + rng.jitter(14)).clamp(40, 140);
        let mut hr = CareConnectHeartRateObservation::new(
            self.shared.heart_rate_basis.clone(),
            reading.subject,
            CareConnectHeartRateObservationEffective::DateTime(Primitive::from(reading.effective)),
        );
        hr.id = Some(Primitive::from(reading.id));
        hr.meta = Some(profile_meta(CareConnectHeartRateObservation::URL));
        hr.context = reading.context;
        hr.value = Some(CareConnectMinQuantity::new(
            Primitive::from(Decimal::from(rate)),
            Primitive::from("beats/minute"),
        ));
        hr
    }

    /// 8–30 breaths a minute.
    fn respiratory_rate(
        &self,
        rng: &mut Rng,
        base: &Baseline,
        reading: Reading,
    ) -> CareConnectRespiratoryRateObservation {
        let rate = (base.respiratory_rate + rng.jitter(3)).clamp(8, 30);
        let mut rr = CareConnectRespiratoryRateObservation::new(
            reading.subject,
            CareConnectRespiratoryRateObservationEffective::DateTime(Primitive::from(
                reading.effective,
            )),
        );
        rr.id = Some(Primitive::from(reading.id));
        rr.meta = Some(profile_meta(CareConnectRespiratoryRateObservation::URL));
        rr.context = reading.context;
        rr.value = Some(CareConnectMinQuantity::new(
            Primitive::from(Decimal::from(rate)),
            Primitive::from("breaths/minute"),
        ));
        rr
    }

    /// 35.0–40.5 °C, to a tenth of a degree; now and then a fever.
    fn temperature(
        &mut self,
        rng: &mut Rng,
        base: &Baseline,
        reading: Reading,
    ) -> Result<CareConnectBodyTemperatureObservation, Internal> {
        let fever = if rng.chance(30) {
            rng.between(10, 25)
        } else {
            0
        };
        let tenths = (base.temperature + rng.jitter(4) + fever).clamp(350, 405);
        // Written with its tenths ("37.0", not "37"): the precision of the reading.
        self.decimal.clear();
        let _ = write!(self.decimal, "{}.{}", tenths / 10, tenths % 10);
        let value: Decimal = self.decimal.parse()?;
        let mut temperature = CareConnectBodyTemperatureObservation::new(
            reading.subject,
            CareConnectBodyTemperatureObservationEffective::DateTime(Primitive::from(
                reading.effective,
            )),
        );
        temperature.id = Some(Primitive::from(reading.id));
        temperature.meta = Some(profile_meta(CareConnectBodyTemperatureObservation::URL));
        temperature.context = reading.context;
        temperature.value = Some(CareConnectBodyTemperatureObservationValueQuantity::new(
            Primitive::from(value),
            Primitive::from("°C"),
        ));
        Ok(temperature)
    }

    /// 85–100 %.
    fn saturation(
        &self,
        rng: &mut Rng,
        base: &Baseline,
        reading: Reading,
    ) -> CareConnectOxygenSaturationObservation {
        let percent = (base.saturation + rng.jitter(2)).clamp(85, 100);
        let mut spo2 = CareConnectOxygenSaturationObservation::new(
            reading.subject,
            CareConnectOxygenSaturationObservationEffective::DateTime(Primitive::from(
                reading.effective,
            )),
        );
        spo2.id = Some(Primitive::from(reading.id));
        spo2.meta = Some(profile_meta(CareConnectOxygenSaturationObservation::URL));
        spo2.context = reading.context;
        spo2.value = Some(CareConnectOxygenSaturationObservationValueQuantity::new(
            Primitive::from(Decimal::from(percent)),
            Primitive::from("%"),
        ));
        spo2
    }
}

/// What every observation of a reading has.
struct Reading {
    id: String,
    subject: Ref<PatientTarget>,
    effective: DateTime,
    context: Option<Ref<EncounterOrEpisodeOfCare>>,
}

/// The item of a weighted table at `at` (taken mod the total weight).
fn weighted_at<T>(items: &[(u64, T)], at: u64) -> &T {
    let total: u64 = items.iter().map(|(w, _)| w).sum();
    let mut at = at % total.max(1);
    for (w, item) in items {
        if at < *w {
            return item;
        }
        at -= w;
    }
    &items[items.len() - 1].1
}

/// `meta` declaring the profile, so that `careconnect check` and `ndjson --check-profiles`
/// check each line against it.
fn profile_meta(url: &str) -> Box<Meta> {
    Box::new(Meta {
        profile: vec![Primitive::from(url)],
        ..Meta::default()
    })
}

/// Appends the value as compact FHIR JSON (written by the profile's writer) and a newline.
fn write_line<P: Profile>(value: &P, out: &mut Vec<u8>) {
    value.write_json(out);
    out.push(b'\n');
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        m => MONTH_DAYS[usize::from(m.clamp(1, 12)) - 1],
    }
}

/// Given names of women and girls.
const FEMALE_NAMES: [&str; 40] = [
    "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophia", "Grace", "Mia", "Poppy", "Ella", "Lily",
    "Evie", "Isabella", "Sophie", "Ivy", "Freya", "Chloe", "Jessica", "Sarah", "Emma", "Hannah",
    "Laura", "Rebecca", "Rachel", "Claire", "Helen", "Susan", "Margaret", "Patricia", "Eleanor",
    "Mary", "Jennifer", "Karen", "Julie", "Fatima", "Aisha", "Priya", "Zara", "Niamh", "Siobhan",
];

/// Given names of men and boys.
const MALE_NAMES: [&str; 40] = [
    "Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Muhammad", "Thomas", "Oscar",
    "William", "James", "Henry", "Leo", "Alfie", "Joshua", "Freddie", "Archie", "Ethan", "Isaac",
    "Adam", "Joseph", "Edward", "Samuel", "Daniel", "Arthur", "David", "John", "Michael", "Peter",
    "Paul", "Robert", "Richard", "Stephen", "Andrew", "Mark", "Luke", "Ian", "Rajesh", "Connor",
];

/// Family names common in England.
const FAMILY_NAMES: [&str; 60] = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell",
    "Rose", "Davis", "Cox", "Morris", "Hughes", "Edwards", "Turner", "Hill", "Moore", "Cooper",
    "Ward", "Morgan", "King", "Baker", "Harrison", "Martin", "Allen", "Young", "Scott", "Clark",
    "Begum", "Ali", "Hussain", "Shah", "Ahmed", "Singh", "Kaur", "Murphy", "Kelly", "O'Brien",
    "Campbell", "Stewart", "Okafor",
];

/// English cities and a postcode area of each.
const CITIES: [(&str, &str); 20] = [
    ("Leeds", "LS"),
    ("Manchester", "M"),
    ("Birmingham", "B"),
    ("Bristol", "BS"),
    ("Sheffield", "S"),
    ("Liverpool", "L"),
    ("Newcastle upon Tyne", "NE"),
    ("Nottingham", "NG"),
    ("Leicester", "LE"),
    ("Norwich", "NR"),
    ("Exeter", "EX"),
    ("York", "YO"),
    ("Bradford", "BD"),
    ("Coventry", "CV"),
    ("Plymouth", "PL"),
    ("Southampton", "SO"),
    ("London", "SE"),
    ("London", "N"),
    ("Cambridge", "CB"),
    ("Oxford", "OX"),
];

/// Street names and kinds, for address lines.
const STREETS: [&str; 20] = [
    "Church", "Station", "Victoria", "Park", "Mill", "High", "Green", "Manor", "Kings", "Queens",
    "Grange", "School", "North", "Chapel", "Elm", "Windsor", "Richmond", "Albert", "Cedar",
    "Beech",
];

const STREET_KINDS: [&str; 8] = [
    "Road", "Street", "Lane", "Avenue", "Close", "Drive", "Crescent", "Way",
];

/// Ethnic categories, weighted roughly as in England's population.
const ETHNIC_CATEGORIES: [(u64, CareConnectEthnicCategory); 14] = [
    (740, CareConnectEthnicCategory::A),
    (10, CareConnectEthnicCategory::B),
    (60, CareConnectEthnicCategory::C),
    (10, CareConnectEthnicCategory::D),
    (10, CareConnectEthnicCategory::F),
    (30, CareConnectEthnicCategory::H),
    (25, CareConnectEthnicCategory::J),
    (10, CareConnectEthnicCategory::K),
    (10, CareConnectEthnicCategory::M),
    (25, CareConnectEthnicCategory::N),
    (8, CareConnectEthnicCategory::R),
    (12, CareConnectEthnicCategory::L),
    (20, CareConnectEthnicCategory::S),
    (30, CareConnectEthnicCategory::Z),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_match_known_numbers() {
        // The worked example of the NHS number's Wikipedia article, and the README's number.
        assert_eq!(nhs_check_digit(943_476_591), Some(9));
        assert_eq!(nhs_check_digit(900_000_000), Some(9));
        // 999 000 004: 9*10 + 9*9 + 9*8 + 4*2 = 251 = 22 * 11 + 9, and 11 - 9 = 2.
        assert_eq!(nhs_check_digit(999_000_004), Some(2));
        // 999 000 006: 255 = 23 * 11 + 2, and 11 - 2 = 9. 999 000 000: 243 = 22 * 11 + 1,
        // and 11 - 1 is 10: no number has that stem.
        assert_eq!(nhs_check_digit(999_000_006), Some(9));
        assert_eq!(nhs_check_digit(999_000_000), None);
    }

    fn args(patients: u32, seed: u64) -> SynthArgs {
        SynthArgs {
            out: PathBuf::new(),
            patients,
            observations_per_patient: 200,
            encounters_per_patient: 3,
            seed,
        }
    }

    #[test]
    fn nhs_numbers_are_a_permutation_of_the_test_range() {
        let plan = Plan::new(&args(MAX_PATIENTS, 3));
        let mut seen = vec![false; 9_000_000];
        for i in 0..u64::from(MAX_PATIENTS) {
            let number = plan.nhs_number(i).unwrap_or(0);
            assert!(
                (9_990_000_000..=9_999_999_999).contains(&number),
                "{number}"
            );
            assert_eq!(nhs_check_digit(number / 10), Some((number % 10) as u8));
            let slot = usize::try_from(number / 10 - 999_000_000).unwrap_or(usize::MAX);
            assert!(!seen[slot], "{number} twice");
            seen[slot] = true;
        }
    }

    /// The files of a run on `threads` threads, in a folder of the test's own.
    fn bytes_on(threads: usize, plan: &Plan, name: &str) -> Vec<Vec<u8>> {
        let dir = std::env::temp_dir().join(format!(
            "careconnect-synth-unit-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let mut outputs: Vec<Output> = FILES
            .iter()
            .map(|f| {
                let path = dir.join(f);
                let file = File::create(&path).unwrap_or_else(|e| panic!("{e}"));
                Output {
                    writer: BufWriter::new(file),
                    path,
                    bytes: 0,
                }
            })
            .collect();
        assert!(generate(plan, threads, &mut outputs).is_ok());
        drop(outputs);
        let files = FILES
            .iter()
            .map(|f| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{e}")))
            .collect();
        let _ = std::fs::remove_dir_all(&dir);
        files
    }

    #[test]
    fn the_bytes_do_not_depend_on_the_number_of_threads() {
        // 4096 / (1 + 3 + 200) = 20 patients a chunk: 7 chunks, finished out of order
        // on several threads.
        let plan = Plan::new(&args(130, 9));
        assert_eq!((plan.chunk_patients, plan.chunks()), (20, 7));
        let one = bytes_on(1, &plan, "one");
        assert_eq!(one[0].iter().filter(|&&b| b == b'\n').count(), 130);
        assert_eq!(one[2].iter().filter(|&&b| b == b'\n').count(), 130 * 200);
        assert!(one == bytes_on(3, &plan, "three"));
        assert!(one == bytes_on(8, &plan, "eight"));
    }
}
