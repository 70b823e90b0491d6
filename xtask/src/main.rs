//! `cargo xtask …`: project automation (differential runs, test dependencies; the lead adds
//! `bless`, `bench`, `test`).

mod bench;
mod deps;
mod diff;
mod floor;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  diff [--filter REGEX] [--target run|nginx|binary PATH|build] [--examples] [--verbose] [--keep] [--no-build]
        differential conformance suite: every case in xtask/cases/*.t (and every example)
        against real nginx + lua module and against restyc
  deps [--redis] [--mysql] [--wrk]
        install what the tests need from Debian (nginx, libnginx-mod-http-lua, lua-nginx-redis)
  test [--quick]
        the whole suite (what the README and CI run): installs nginx + lua module when missing,
        cargo test --workspace, the differential suite, and every example built as a binary
  bench [--scenario NAME] [--duration S] [--runs N] [--profile release|max] [--build-times]
        restyc against nginx + lua module side by side; writes BENCHMARKS.md
  bless
        regenerate golden/ from the examples (review the diff)
  help  this text
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let code = match cmd.as_str() {
        "diff" => diff::main(rest),
        "deps" => deps::main(rest),
        "test" => test::main(rest),
        "bless" => bless(),
        "bench" => bench::main(rest),
        // (the bench's floor server, started by `bench` itself)
        "bench-floor" => floor::main(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            0
        }
        other => {
            eprintln!("xtask: unknown command `{other}`\n");
            eprint!("{USAGE}");
            2
        }
    };
    ExitCode::from(code)
}

/// `cargo xtask bless`: rewrite golden/ from the examples.
fn bless() -> u8 {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(std::path::Path::new("."));
    match restyc::golden::bless(root) {
        Ok(n) => {
            println!("bless: wrote {n} golden files; review them with `git diff golden/`");
            0
        }
        Err(e) => {
            eprintln!("bless: {e}");
            1
        }
    }
}
