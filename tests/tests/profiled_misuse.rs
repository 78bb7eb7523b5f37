//! Mistakes in `#[derive(Profiled)]`: each case in `tests/ui-profiled/` makes one and must
//! fail to compile with the message in its `.stderr`, spanned on the field or struct it is
//! about.

#[test]
fn each_profiled_mistake_is_a_compile_error() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui-profiled/*.rs");
}
