//! `cargo xtask test`: the whole test suite, as the README and CI run it.
//!
//! 1. the test dependencies (nginx + lua module from Debian, installed when missing and root);
//! 2. `cargo test --workspace` (unit, config corpus, goldens, transpiler equivalence, the
//!    end-to-end build from outside the repository);
//! 3. the differential suite against `restyc run` (every case and every example);
//! 4. every example compiled with `restyc build` and run as a static binary, against nginx;
//! 5. the constant-answer cases (`xtask/cases/constant.t`) on one built binary.

use std::process::Command;

fn step(name: &str, cmd: &mut Command) -> bool {
    println!("\n==> {name}");
    match cmd.status() {
        Ok(s) if s.success() => true,
        Ok(s) => {
            eprintln!("xtask test: {name} failed ({s})");
            false
        }
        Err(e) => {
            eprintln!("xtask test: cannot run {name}: {e}");
            false
        }
    }
}

pub fn main(args: &[String]) -> u8 {
    let quick = args.iter().any(|a| a == "--quick");
    println!(
        "==> test dependencies (nginx with the lua module, redis-server, mariadb-server, from Debian)"
    );
    let extra = crate::deps::Extra {
        redis: true,
        mysql: true,
        ..Default::default()
    };
    if let Err(e) = crate::deps::ensure_test_deps(extra) {
        eprintln!("{e}");
        return 1;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut results: Vec<(&str, bool)> = vec![];
    let ok = step(
        "cargo test --workspace",
        Command::new(&cargo).args(["test", "--workspace", "--no-fail-fast"]),
    );
    results.push(("cargo test --workspace", ok));
    let ok = step(
        "differential suite (restyc run vs nginx)",
        Command::new(&cargo).args(["xtask", "diff"]),
    );
    results.push(("differential suite", ok));
    if !quick {
        let ok = step(
            "examples compiled with restyc build (static binaries vs nginx)",
            Command::new(&cargo).args(["xtask", "diff", "--examples", "--target", "build"]),
        );
        results.push(("examples as built binaries", ok));
        // `restyc run` has no native handlers: recorded constant answers exist only when built.
        let ok = step(
            "constant answers of a built binary (vs nginx)",
            Command::new(&cargo).args([
                "xtask",
                "diff",
                "--target",
                "build",
                "--combined",
                "--filter",
                "^constant/",
            ]),
        );
        results.push(("constant answers, built", ok));
    }
    let passed = results.iter().filter(|(_, ok)| *ok).count();
    let failed = results.len() - passed;
    println!();
    for (name, ok) in &results {
        println!("{} {name}", if *ok { "ok  " } else { "FAIL" });
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 { 0 } else { 1 }
}
