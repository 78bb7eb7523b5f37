//! Profile rules the compiler enforces: each case in `tests/ui/` must fail to compile with
//! the error in its `.stderr` file.

#[test]
fn profile_rules_are_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
}
