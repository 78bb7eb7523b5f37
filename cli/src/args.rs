//! A small command-line parser: positional arguments, flags and options with a value
//! (`--name value` or `--name=value`), `--` to end the options, `-h`/`--help`.
//!
//! Hand-written: the three commands take a handful of options, which does not justify a
//! dependency.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;

/// What a command accepts.
pub struct Spec {
    /// Options without a value (`--lenient`).
    pub flags: &'static [&'static str],
    /// Options that take a value (`--threads`).
    pub options: &'static [&'static str],
}

/// A parsed command line.
#[derive(Debug, Default)]
pub struct Args {
    pub positional: Vec<OsString>,
    flags: BTreeSet<&'static str>,
    values: BTreeMap<&'static str, String>,
}

impl Args {
    pub fn flag(&self, name: &str) -> bool {
        self.flags.contains(name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }
}

/// The outcome of parsing.
#[derive(Debug)]
pub enum Parsed {
    Args(Args),
    /// `-h` or `--help` was given.
    Help,
}

/// Parses `args` (the arguments after the command name) against `spec`; the error is a
/// message for the user.
pub fn parse(args: impl IntoIterator<Item = OsString>, spec: &Spec) -> Result<Parsed, String> {
    let mut out = Args::default();
    let mut args = args.into_iter();
    let mut options_done = false;
    while let Some(arg) = args.next() {
        let text = arg.to_str();
        let is_option = !options_done && text.is_some_and(|t| t.starts_with('-') && t.len() > 1);
        if !is_option {
            out.positional.push(arg);
            continue;
        }
        let text = text.unwrap_or_default();
        if text == "--" {
            options_done = true;
            continue;
        }
        if text == "-h" || text == "--help" {
            return Ok(Parsed::Help);
        }
        let (name, inline) = match text.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (text, None),
        };
        if let Some(&flag) = spec.flags.iter().find(|f| **f == name) {
            if inline.is_some() {
                return Err(format!("option '{flag}' takes no value"));
            }
            if !out.flags.insert(flag) {
                return Err(format!("option '{flag}' is given twice"));
            }
        } else if let Some(&option) = spec.options.iter().find(|o| **o == name) {
            let value = match inline {
                Some(v) => v,
                None => match args.next() {
                    Some(v) => v
                        .into_string()
                        .map_err(|_| format!("the value of '{option}' is not valid UTF-8"))?,
                    None => return Err(format!("option '{option}' needs a value")),
                },
            };
            if out.values.insert(option, value).is_some() {
                return Err(format!("option '{option}' is given twice"));
            }
        } else {
            return Err(format!("unknown option '{name}'"));
        }
    }
    Ok(Parsed::Args(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: Spec = Spec {
        flags: &["--pretty"],
        options: &["--to", "--threads"],
    };

    fn run(args: &[&str]) -> Result<Parsed, String> {
        parse(args.iter().map(OsString::from), &SPEC)
    }

    fn args(args: &[&str]) -> Args {
        match run(args) {
            Ok(Parsed::Args(a)) => a,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn flags_options_and_positionals_in_any_order() {
        let a = args(&["in.json", "--to", "xml", "--pretty", "-", "--threads=3"]);
        assert_eq!(a.positional, ["in.json", "-"]);
        assert!(a.flag("--pretty"));
        assert_eq!(a.value("--to"), Some("xml"));
        assert_eq!(a.value("--threads"), Some("3"));
        assert_eq!(a.value("--out"), None);
    }

    #[test]
    fn double_dash_ends_the_options() {
        let a = args(&["--", "--pretty", "-h"]);
        assert_eq!(a.positional, ["--pretty", "-h"]);
        assert!(!a.flag("--pretty"));
    }

    #[test]
    fn help_stops_the_parsing_where_it_stands() {
        assert!(run(&["x", "--bogus=1", "-h"]).is_err());
        assert!(matches!(run(&["x", "--help", "--bogus"]), Ok(Parsed::Help)));
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(
            run(&["--bogus"]).map(|_| ()),
            Err("unknown option '--bogus'".into())
        );
        assert_eq!(
            run(&["--to"]).map(|_| ()),
            Err("option '--to' needs a value".into())
        );
        assert_eq!(
            run(&["--pretty=yes"]).map(|_| ()),
            Err("option '--pretty' takes no value".into())
        );
        assert_eq!(
            run(&["--to", "xml", "--to=json"]).map(|_| ()),
            Err("option '--to' is given twice".into())
        );
    }
}
