//! Golden files: the generated crate of every example, kept in `golden/<example>/` and reviewed in
//! diffs. The test regenerates them and fails with a unified diff; `cargo xtask bless` rewrites them.

use std::path::{Path, PathBuf};

/// The runtime path written into goldens' Cargo.toml (the real one is machine-specific).
pub const RUNTIME_PLACEHOLDER: &str = "<restyc runtime>";

/// Every example directory (those with an nginx.conf), sorted.
pub fn examples(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root.join("examples"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.join("nginx.conf").is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The generated files of one example, as the golden directory holds them.
pub fn generate(root: &Path, example: &Path) -> Result<Vec<(String, String)>, String> {
    let conf = example.join("nginx.conf");
    let mut front = crate::driver::front(&conf)
        .map_err(|(sources, diags)| crate::diag::render_text(&diags, &sources, false))?;
    let rel = conf.strip_prefix(root).unwrap_or(&conf);
    front.plan.conf_path = rel.display().to_string();
    crate::build::generate(
        &front,
        true,
        &crate::build::crate_name(&front.plan.conf_path),
        RUNTIME_PLACEHOLDER,
    )
}

/// Differences between the goldens and freshly generated files: (file, unified diff).
pub fn compare(root: &Path) -> Result<Vec<(String, String)>, String> {
    let mut diffs = vec![];
    for ex in examples(root) {
        let name = ex
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let dir = root.join("golden").join(&name);
        let files = generate(root, &ex)?;
        let mut expected_names: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
        for (rel, text) in &files {
            let path = dir.join(rel);
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            if &old != text {
                let d = similar::TextDiff::from_lines(&old, text)
                    .unified_diff()
                    .header(
                        &format!("golden/{name}/{rel}"),
                        &format!("generated/{name}/{rel}"),
                    )
                    .to_string();
                diffs.push((format!("golden/{name}/{rel}"), d));
            }
        }
        // Files in the golden dir that are no longer generated.
        expected_names.sort();
        for f in walk(&dir) {
            let rel = f.strip_prefix(&dir).unwrap_or(&f).display().to_string();
            if !expected_names.contains(&rel) {
                diffs.push((
                    format!("golden/{name}/{rel}"),
                    format!("golden/{name}/{rel} is no longer generated\n"),
                ));
            }
        }
    }
    Ok(diffs)
}

/// Rewrite every golden directory.
pub fn bless(root: &Path) -> Result<usize, String> {
    let mut n = 0;
    for ex in examples(root) {
        let name = ex
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let dir = root.join("golden").join(&name);
        let _ = std::fs::remove_dir_all(&dir);
        for (rel, text) in generate(root, &ex)? {
            let p = dir.join(&rel);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            std::fs::write(&p, text).map_err(|e| e.to_string())?;
            n += 1;
        }
    }
    Ok(n)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
