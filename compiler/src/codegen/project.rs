//! The generated crate's files, as (relative path, contents) pairs.

use askama::Template;
use restyc_runtime::plan::Plan;

#[derive(Template)]
#[template(path = "Cargo.toml.j2", escape = "none")]
struct CargoToml<'a> {
    version: &'a str,
    conf_path: &'a str,
    crate_name: &'a str,
    runtime_path: &'a str,
}

#[derive(Template)]
#[template(path = "main.rs.j2", escape = "none")]
struct MainRs<'a> {
    version: &'a str,
    conf_path: &'a str,
    conf_hash: &'a str,
}

/// The files of the generated crate. `runtime_path` is where the runtime's sources are.
pub fn files(
    plan: &Plan,
    handlers_rs: String,
    crate_name: &str,
    runtime_path: &str,
) -> Result<Vec<(String, String)>, String> {
    let version = env!("CARGO_PKG_VERSION");
    let cargo = CargoToml {
        version,
        conf_path: &plan.conf_path,
        crate_name,
        runtime_path,
    }
    .render()
    .map_err(|e| format!("template Cargo.toml: {e}"))?;
    let main = MainRs {
        version,
        conf_path: &plan.conf_path,
        conf_hash: &plan.conf_hash,
    }
    .render()
    .map_err(|e| format!("template main.rs: {e}"))?;
    let plan_json = serde_json::to_string_pretty(plan).map_err(|e| format!("plan: {e}"))?;
    Ok(vec![
        ("Cargo.toml".into(), ensure_newline(cargo)),
        ("src/main.rs".into(), ensure_newline(main)),
        ("src/handlers.rs".into(), handlers_rs),
        ("plan.json".into(), ensure_newline(plan_json)),
    ])
}

fn ensure_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}
