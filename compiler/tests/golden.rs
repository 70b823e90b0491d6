//! The generated crate of every example must match `golden/` byte for byte.
//! On a difference: review the diff, then `cargo xtask bless`.

use std::path::Path;

#[test]
fn generated_code_matches_goldens() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let diffs = restyc::golden::compare(root).expect("examples generate");
    if !diffs.is_empty() {
        let mut msg = String::new();
        for (_, d) in &diffs {
            msg.push_str(d);
        }
        panic!(
            "{} generated file(s) differ from golden/ (run `cargo xtask bless` if intended):\n{msg}",
            diffs.len()
        );
    }
    assert!(
        !restyc::golden::examples(root).is_empty(),
        "no examples found"
    );
}
