//! The `careconnect-codegen` command line: help, usage errors (exit status 2) and shell
//! completions. Nothing here loads the definitions.

use std::process::Command;

/// Runs the binary; its exit code, stdout and stderr.
fn codegen(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_careconnect-codegen"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run careconnect-codegen {args:?}: {e}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const COMMANDS: [&str; 7] = [
    "generate",
    "include",
    "diff",
    "explain",
    "lock",
    "ir",
    "completions",
];

#[test]
fn help_lists_every_command_and_exits_zero() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let (code, stdout, stderr) = codegen(args);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{args:?}");
        for command in COMMANDS {
            assert!(
                stdout.contains(&format!("\n  {command} ")),
                "{args:?}: help lacks {command}"
            );
        }
    }
    for command in COMMANDS {
        let (code, stdout, _) = codegen(&[command, "--help"]);
        assert_eq!(code, Some(0), "{command}");
        assert!(
            stdout.contains(&format!("\nUsage: careconnect-codegen {command}")),
            "{command}: {stdout}"
        );
    }
}

#[test]
fn usage_errors_exit_two_and_name_the_argument() {
    for (args, message) in [
        (&[][..], "Usage: careconnect-codegen <COMMAND>"),
        (
            &["regenerate"],
            "error: unrecognized subcommand 'regenerate'",
        ),
        (
            &["generate", "--derive"],
            "error: unexpected argument '--derive' found",
        ),
        (
            &["include", "--package", "p"],
            "error: the following required arguments were not provided:\n  --out <DIR>",
        ),
        (
            &["diff", "--fail-on", "sometimes"],
            "error: invalid value 'sometimes' for '--fail-on <LEVEL>'\n  \
             [possible values: breaking, warning, info, never]",
        ),
        (
            &["diff", "--format", "yaml"],
            "error: invalid value 'yaml' for '--format <FORMAT>'",
        ),
        (
            &["explain"],
            "error: the following required arguments were not provided:\n  <URL[#ELEMENT-ID]|TYPE>",
        ),
    ] {
        let (code, stdout, stderr) = codegen(args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
    }
}

#[test]
fn completions_cover_the_commands_and_options() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, stdout, stderr) = codegen(&["completions", shell]);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{shell}");
        // Without dashes: fish names long options as `-l fail-on`.
        for word in [
            "generate", "include", "diff", "explain", "fail-on", "severity", "package",
        ] {
            assert!(stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
}
