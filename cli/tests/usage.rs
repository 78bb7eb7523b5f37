//! The tool's help, per-command help, usage errors and shell completions.

mod common;

use common::{careconnect, scratch};

const COMMANDS: [&str; 6] = [
    "check",
    "ndjson",
    "export",
    "synth",
    "convert",
    "completions",
];

#[test]
fn help_lists_the_commands_and_exits_zero() {
    let dir = scratch("usage-help");
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let run = careconnect(&dir, args);
        assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""), "{args:?}");
        assert!(
            run.stdout
                .starts_with("FHIR STU3 and NHS Care Connect from the command line\n"),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("\nUsage: careconnect <COMMAND>\n"));
        for command in COMMANDS {
            assert!(
                run.stdout.contains(&format!("\n  {command} ")),
                "help lacks {command}"
            );
        }
        assert!(run.stdout.contains("Exit status: 0 "), "{args:?}");
    }
    for command in COMMANDS {
        for args in [[command, "--help"], [command, "-h"], ["help", command]] {
            let run = careconnect(&dir, &args);
            assert_eq!(run.code, Some(0), "{args:?}");
            assert!(
                run.stdout
                    .contains(&format!("\nUsage: careconnect {command} ")),
                "{args:?}: {}",
                run.stdout
            );
            if command != "completions" {
                assert!(run.stdout.contains("Exit status: 0 "), "{args:?}");
            }
        }
    }
    let run = careconnect(&dir, &["--version"]);
    assert_eq!(
        run.stdout,
        format!("careconnect {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_missing_or_unknown_command_exits_two() {
    let dir = scratch("usage-errors");
    // No command: the help, on stderr.
    let run = careconnect(&dir, &[]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("\nUsage: careconnect <COMMAND>\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    for (args, message) in [
        (
            &["validate"][..],
            "error: unrecognized subcommand 'validate'\n",
        ),
        (&["--check"], "error: unexpected argument '--check' found\n"),
        // A near miss is named.
        (&["chek"], "error: unrecognized subcommand 'chek'\n"),
    ] {
        let run = careconnect(&dir, args);
        assert_eq!(run.code, Some(2), "{args:?}");
        assert!(run.stderr.starts_with(message), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("\nUsage: careconnect <COMMAND>\n"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
    let run = careconnect(&dir, &["chek"]);
    assert!(
        run.stderr.contains("a similar subcommand exists: 'check'"),
        "{}",
        run.stderr
    );
}

#[test]
fn completions_cover_every_command_and_option() {
    let dir = scratch("usage-completions");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = careconnect(&dir, &["completions", shell]);
        assert_eq!((run.code, run.stderr.as_str()), (Some(0), ""), "{shell}");
        // Without dashes: fish names long options as `-l profile`.
        for word in [
            "check",
            "ndjson",
            "export",
            "synth",
            "convert",
            "batch-rows",
            "profile",
            "quiet",
            "force",
            "max-line-bytes",
        ] {
            assert!(run.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    let run = careconnect(&dir, &["completions", "tcsh"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("error: invalid value 'tcsh' for '<SHELL>'\n"),
        "{}",
        run.stderr
    );
}
