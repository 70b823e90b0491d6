//! The `restyc` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use restyc::diag;

/// Compile an OpenResty nginx.conf into one native server binary.
#[derive(Parser)]
#[command(name = "restyc", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile a configuration into one self-contained server binary.
    Build {
        /// The nginx.conf to compile.
        conf: PathBuf,
        /// Where to write the server binary.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Keep the generated Cargo project in this directory.
        #[arg(long)]
        emit_dir: Option<PathBuf>,
        /// Optimization profile: release (default, fast rebuilds), max (fat LTO), dev.
        #[arg(long, value_enum, default_value_t = Profile::Release)]
        profile: Profile,
        /// Print, for each Lua handler, whether it runs native or on LuaJIT, and why.
        #[arg(long)]
        explain: bool,
        /// Run every handler on LuaJIT (no transpiled handlers).
        #[arg(long)]
        no_native: bool,
    },
    /// Test a configuration, like `nginx -t`, with exact positions.
    Check {
        conf: PathBuf,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the generated Cargo project only.
    Emit {
        conf: PathBuf,
        /// Directory for the generated project.
        #[arg(long)]
        out: PathBuf,
        /// Run every handler on LuaJIT (no transpiled handlers).
        #[arg(long)]
        no_native: bool,
    },
    /// Print the resolved route table of every server, with lints.
    Routes { conf: PathBuf },
    /// Serve a configuration at once, every handler on LuaJIT (no compile step).
    Run {
        conf: PathBuf,
        /// The prefix for logs/ and relative paths (like nginx -p); default: current directory.
        #[arg(short = 'p', long = "prefix")]
        prefix: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Profile {
    Release,
    Max,
    Dev,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Run { .. }) {
        // A closed pipe (`restyc check … | head`) ends the command quietly, as it ends other
        // Unix tools, rather than as a panic in a print. `run` serves: it keeps SIGPIPE
        // ignored, and its sockets report EPIPE instead.
        // SAFETY: setting a signal's disposition to the default, before any thread starts.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    } else {
        // The server's signals are taken by its sigwait, in the thread below: every thread
        // must block them, this one included.
        restyc_runtime::serve::block_signals();
    }
    // The parsers recurse with the nesting of the config and of the Lua in it: a deep stack
    // (reserved, used only as deep as the input goes) keeps hostile nesting from overflowing.
    let worker = std::thread::Builder::new()
        .name("restyc".into())
        .stack_size(1 << 30)
        .spawn(move || run(cli));
    let outcome = match worker {
        Ok(h) => h
            .join()
            .unwrap_or_else(|_| Err("restyc stopped unexpectedly".into())),
        Err(e) => Err(format!("cannot start: {e}")),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("restyc: internal error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Print diagnostics to stderr; returns whether there was an error.
fn report(sources: &restyc::conf::ast::SourceMap, diags: &[diag::Diagnostic]) -> bool {
    if !diags.is_empty() {
        let color = std::io::IsTerminal::is_terminal(&std::io::stderr());
        eprint!("{}", diag::render_text(diags, sources, color));
    }
    diags.iter().any(|d| d.is_error())
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check { conf, format } => {
            // Everything a build would report: parse, registry checks, lints, and lowering (regexes,
            // listen addresses, ...).
            let (sources, diags) = match restyc::driver::front(&conf) {
                Ok(f) => (f.config.sources, f.warnings),
                Err(e) => e,
            };
            let failed = diags.iter().any(|d| d.is_error());
            match format {
                Format::Json => println!("{}", diag::render_json(&diags, &sources)),
                Format::Text => {
                    report(&sources, &diags);
                    if !failed {
                        eprintln!(
                            "restyc: configuration file {} test is successful",
                            conf.display()
                        );
                    } else {
                        eprintln!("restyc: configuration file {} test failed", conf.display());
                    }
                }
            }
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Run { conf, prefix } => {
            let front = match restyc::driver::front(&conf) {
                Ok(f) => f,
                Err((sources, diags)) => {
                    report(&sources, &diags);
                    return Ok(ExitCode::from(1));
                }
            };
            report(&front.config.sources, &front.warnings);
            let prefix = prefix
                .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
            let opts = restyc_runtime::serve::Options { prefix };
            let mut plan = front.plan;
            restyc::plan::anchor_paths(&mut plan, &restyc::lint::config_dir(&front.config));
            // Through plan.json and back, as a built server reads it: `run` answers as the
            // binary does (a field the JSON loses would otherwise only show in built servers).
            let plan = serde_json::to_string(&plan)
                .and_then(|j| serde_json::from_str(&j))
                .map_err(|e| format!("plan: {e}"))?;
            match restyc_runtime::serve::run(std::sync::Arc::new(plan), opts, &[]) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(e) => {
                    eprintln!("restyc: [emerg] {e}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Routes { conf } => {
            let front = match restyc::driver::front(&conf) {
                Ok(f) => f,
                Err((sources, diags)) => {
                    report(&sources, &diags);
                    return Ok(ExitCode::from(1));
                }
            };
            report(&front.config.sources, &front.warnings);
            print!(
                "{}",
                restyc::routes::table(&front.plan, Some(&front.config.sources))
            );
            for l in restyc::routes::lints(&front.plan) {
                eprintln!("{l}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Emit {
            conf,
            out,
            no_native,
        } => {
            let front = match restyc::driver::front(&conf) {
                Ok(f) => f,
                Err((sources, diags)) => {
                    report(&sources, &diags);
                    return Ok(ExitCode::from(1));
                }
            };
            report(&front.config.sources, &front.warnings);
            restyc::build::emit(&front, &out, !no_native)?;
            eprintln!("restyc: wrote the generated crate to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Build {
            conf,
            output,
            emit_dir,
            profile,
            explain,
            no_native,
        } => {
            let front = match restyc::driver::front(&conf) {
                Ok(f) => f,
                Err((sources, diags)) => {
                    report(&sources, &diags);
                    return Ok(ExitCode::from(1));
                }
            };
            report(&front.config.sources, &front.warnings);
            let profile = match profile {
                Profile::Release => restyc::build::Profile::Release,
                Profile::Max => restyc::build::Profile::Max,
                Profile::Dev => restyc::build::Profile::Dev,
            };
            let opts = restyc::build::Options {
                output,
                emit_dir,
                profile,
                explain,
                native: !no_native,
            };
            match restyc::build::build(&front, &opts) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(restyc::build::BuildError::User(m)) => {
                    eprintln!("restyc: {m}");
                    Ok(ExitCode::from(1))
                }
                Err(restyc::build::BuildError::Internal(m)) => Err(m),
            }
        }
    }
}
