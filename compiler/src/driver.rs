//! The front half of every command: load, check, lint and lower a configuration.

use std::path::Path;

use restyc_runtime::plan::Plan;

use crate::conf::ast::{Config, SourceMap};
use crate::diag::Diagnostic;

/// A configuration that passed every check, and its plan.
pub struct Front {
    pub config: Config,
    pub plan: Plan,
    pub warnings: Vec<Diagnostic>,
}

/// Everything `restyc check` reports, then the plan. Err carries at least one error.
pub fn front(path: &Path) -> Result<Front, (SourceMap, Vec<Diagnostic>)> {
    let (config, mut diags) = crate::conf::load(path)?;
    diags.extend(crate::conf::check(&config));
    diags.extend(crate::lint::run(&config));
    crate::conf::sort_diagnostics(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err((config.sources, diags));
    }
    let plan = match crate::plan::lower(&config, &path.display().to_string()) {
        Ok((p, mut warnings)) => {
            diags.append(&mut warnings);
            crate::conf::sort_diagnostics(&mut diags);
            p
        }
        Err(mut errs) => {
            diags.append(&mut errs);
            crate::conf::sort_diagnostics(&mut diags);
            return Err((config.sources, diags));
        }
    };
    Ok(Front {
        config,
        plan,
        warnings: diags,
    })
}
