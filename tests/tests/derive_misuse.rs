//! Misuse of the derives: each case in `tests/ui-derive/` makes one mistake and must fail to
//! compile with exactly the one error in its `.stderr` file. The cases also use the broken
//! type (read it, write it, hold it in another struct), so a single error proves that the
//! derive's stub impls kept every use of the type quiet.

#[test]
fn each_derive_misuse_is_one_error() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui-derive/*.rs");
}
