//! The tool's help, per-command help and usage errors.

mod common;

use common::{careconnect, scratch};

#[test]
fn help_lists_the_commands_and_exits_zero() {
    let dir = scratch("usage-help");
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let run = careconnect(&dir, args);
        assert_eq!(run.code, Some(0));
        assert!(
            run.stdout.starts_with("careconnect: FHIR STU3"),
            "{}",
            run.stdout
        );
        for command in ["check FILE...", "ndjson FILE", "convert IN OUT"] {
            assert!(run.stdout.contains(command), "help lacks {command}");
        }
    }
    for command in ["check", "ndjson", "convert"] {
        for flag in ["--help", "-h"] {
            let run = careconnect(&dir, &[command, flag]);
            assert_eq!(run.code, Some(0));
            assert!(
                run.stdout
                    .contains(&format!("\nUsage: careconnect {command} ")),
                "{command} {flag}: {}",
                run.stdout
            );
            assert!(run.stdout.contains("Exit status: 0 "), "{command}");
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
    for (args, message) in [
        (&[][..], "careconnect: no command given"),
        (&["validate"], "careconnect: unknown command 'validate'"),
        (&["--check"], "careconnect: unknown command '--check'"),
    ] {
        let run = careconnect(&dir, args);
        assert_eq!(run.code, Some(2), "{args:?}");
        assert_eq!(
            run.stderr,
            format!(
                "{message}\nUsage: careconnect check|ndjson|convert ... (careconnect --help)\n\
                 Run 'careconnect --help' for more.\n"
            )
        );
        assert_eq!(run.stdout, "");
    }
}
