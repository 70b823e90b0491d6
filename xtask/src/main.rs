//! `cargo xtask …`: project automation (differential runs, test dependencies; the lead adds
//! `bless`, `bench`, `test`).

mod deps;
mod diff;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  diff [--filter REGEX] [--target run|nginx|binary PATH|build] [--examples] [--verbose] [--keep] [--no-build]
        differential conformance suite: every case in xtask/cases/*.t (and every example)
        against real nginx + lua module and against restyc
  deps [--redis] [--wrk]
        install what the tests need from Debian (nginx, libnginx-mod-http-lua, lua-nginx-redis)
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
