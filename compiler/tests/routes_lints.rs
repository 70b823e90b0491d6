//! `restyc routes` lints on a sample config: each lint fires once, at the right location.

use std::path::Path;

#[test]
fn every_route_lint_fires_on_the_sample() {
    let conf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/routes/lints.conf");
    let front = restyc::driver::front(&conf).unwrap_or_else(|_| panic!("sample config loads"));
    let lints = restyc::routes::lints(&front.plan);
    let expect = [
        ("lints.conf:6:9:", "can never match"),
        ("lints.conf:10:9:", "can never be chosen"),
        ("lints.conf:7:9:", "alias traversal"),
        ("lints.conf:8:9:", "uses $1 but its regex captures 0 groups"),
        ("lints.conf:9:9:", "rewrite loop"),
    ];
    for (pos, what) in expect {
        assert!(
            lints.iter().any(|l| l.contains(pos) && l.contains(what)),
            "missing lint {pos} {what}; got:\n{}",
            lints.join("\n")
        );
    }
    assert_eq!(
        lints.len(),
        expect.len(),
        "unexpected lints:\n{}",
        lints.join("\n")
    );
}

#[test]
fn examples_have_no_route_lints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for ex in restyc::golden::examples(root) {
        let front = restyc::driver::front(&ex.join("nginx.conf"))
            .unwrap_or_else(|_| panic!("{} loads", ex.display()));
        assert!(
            restyc::routes::lints(&front.plan).is_empty(),
            "{}",
            ex.display()
        );
    }
}
