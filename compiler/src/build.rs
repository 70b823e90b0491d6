//! `restyc emit` and `restyc build`: write the generated crate, then drive cargo.
//!
//! The runtime's sources travel inside restyc (include_dir) with the workspace's Cargo.lock, and
//! are unpacked once into the cache (`$XDG_CACHE_HOME/restyc`, else `~/.cache/restyc`). Every
//! generated crate builds in one shared target dir there, so the runtime compiles once and a
//! config change recompiles only the small generated crate.

use std::path::{Path, PathBuf};
use std::process::Command;

use include_dir::{Dir, include_dir};

use crate::driver::Front;

static RUNTIME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../runtime");
static LOCKFILE: &str = include_str!("../../Cargo.lock");

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Release,
    Max,
    Dev,
}

impl Profile {
    fn cargo_name(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Max => "max",
            Profile::Dev => "dev",
        }
    }
    fn dir(self) -> &'static str {
        match self {
            Profile::Release => "release",
            Profile::Max => "max",
            Profile::Dev => "debug",
        }
    }
}

pub struct Options {
    pub output: PathBuf,
    pub emit_dir: Option<PathBuf>,
    pub profile: Profile,
    pub explain: bool,
    pub native: bool,
}

pub enum BuildError {
    /// Something the user can fix (a config error, cargo missing, the output path).
    User(String),
    Internal(String),
}

/// restyc's cache directory.
pub fn cache_dir() -> PathBuf {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(x).join("restyc");
    }
    if let Some(h) = std::env::var_os("HOME") {
        return PathBuf::from(h).join(".cache/restyc");
    }
    std::env::temp_dir().join("restyc-cache")
}

/// A short digest of the embedded runtime, so different restyc versions never share sources.
fn runtime_digest() -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    fn walk(d: &Dir, h: &mut Sha256) {
        for f in d.files() {
            h.update(f.path().display().to_string().as_bytes());
            h.update(f.contents());
        }
        for sub in d.dirs() {
            walk(sub, h);
        }
    }
    walk(&RUNTIME, &mut h);
    h.update(LOCKFILE.as_bytes());
    h.finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Unpack the runtime sources into the cache (once per restyc build); returns their directory.
fn unpack_runtime() -> Result<PathBuf, String> {
    let dir = cache_dir().join(format!(
        "runtime-{}-{}",
        env!("CARGO_PKG_VERSION"),
        runtime_digest()
    ));
    if dir.join(".complete").exists() {
        return Ok(dir);
    }
    // Unpacked beside, under a name of this process's own, then renamed into place: builds that
    // run at the same time never see each other's half-written copy.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = cache_dir().join(format!(
        ".{}.tmp-{}-{nanos}",
        dir.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    RUNTIME
        .extract(&tmp)
        .map_err(|e| format!("cannot unpack the runtime into {}: {e}", tmp.display()))?;
    // The runtime's manifest inherits from restyc's workspace; make it standalone.
    let manifest = tmp.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    let text = text
        .replace(
            "version.workspace = true",
            &format!("version = \"{}\"", env!("CARGO_PKG_VERSION")),
        )
        .replace("edition.workspace = true", "edition = \"2024\"")
        .replace(
            "license.workspace = true",
            "license = \"MIT OR Apache-2.0\"",
        );
    std::fs::write(&manifest, text).map_err(|e| e.to_string())?;
    std::fs::write(tmp.join(".complete"), "").map_err(|e| e.to_string())?;
    if dir.exists() && !dir.join(".complete").exists() {
        // Left half-done by an older restyc that unpacked in place.
        let _ = std::fs::remove_dir_all(&dir);
    }
    if let Err(e) = std::fs::rename(&tmp, &dir) {
        let _ = std::fs::remove_dir_all(&tmp);
        // Another build put its copy in place first: use that one.
        if !dir.join(".complete").exists() {
            return Err(format!("cannot move {} into place: {e}", tmp.display()));
        }
    }
    Ok(dir)
}

/// A crate name from the config file's directory (`examples/hello/nginx.conf` → `hello`).
pub fn crate_name(conf_path: &str) -> String {
    let p = Path::new(conf_path);
    let stem = p
        .parent()
        .and_then(|d| d.file_name())
        .map(|s| s.to_string_lossy().to_string())
        .filter(|s| !s.is_empty() && s != ".")
        .unwrap_or_else(|| {
            p.file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or("server".into())
        });
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("restyc-server-{}", clean.trim_matches('-'))
}

/// The generated crate's files (for `emit`, `build` and the golden tests), for a crate named
/// `crate_name`. `runtime_path` is written into Cargo.toml as the runtime dependency.
pub fn generate(
    front: &Front,
    native: bool,
    crate_name: &str,
    runtime_path: &str,
) -> Result<Vec<(String, String)>, String> {
    let mut plan = front.plan.clone();
    let handlers = if native {
        crate::lua::transpile(&mut plan, Some(&front.config.sources))
    } else {
        vec![]
    };
    let handlers_rs = crate::codegen::handlers::render(&plan.conf_path, &handlers)?;
    crate::codegen::project::files(&plan, handlers_rs, crate_name, runtime_path)
}

fn write_files(dir: &Path, files: &[(String, String)]) -> Result<(), String> {
    for (rel, text) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // Unchanged files keep their mtime, so cargo has nothing to redo.
        if std::fs::read_to_string(&p).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        std::fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }
    Ok(())
}

/// `restyc emit`: the generated crate, ready for `cargo build`.
pub fn emit(front: &Front, out: &Path, native: bool) -> Result<(), String> {
    let runtime = unpack_runtime()?;
    let name = crate_name(&front.plan.conf_path);
    let files = generate(front, native, &name, &runtime.display().to_string())?;
    write_files(out, &files)?;
    std::fs::write(out.join("Cargo.lock"), LOCKFILE).map_err(|e| e.to_string())?;
    Ok(())
}

/// `restyc build`: emit, compile in the shared target dir, copy the binary to `-o`.
pub fn build(front: &Front, opts: &Options) -> Result<(), BuildError> {
    // Refuse before compiling: the binary must not replace a source of the config, and a
    // directory cannot be replaced by it.
    if opts.output.is_dir() {
        return Err(BuildError::User(format!(
            "-o {}: is a directory; give the path of the binary to write",
            opts.output.display()
        )));
    }
    let out = std::fs::canonicalize(&opts.output).ok();
    if let Some(f) = front
        .config
        .sources
        .files
        .iter()
        .find(|f| out.is_some() && std::fs::canonicalize(&f.path).ok() == out)
    {
        return Err(BuildError::User(format!(
            "-o {}: is the configuration file {}; give another path for the binary",
            opts.output.display(),
            f.path.display()
        )));
    }
    let runtime = unpack_runtime().map_err(BuildError::Internal)?;
    if opts.explain {
        eprint!(
            "{}",
            crate::lua::explain(&front.plan, Some(&front.config.sources), opts.native)
        );
    }
    // Every project builds in one shared target dir, where a binary is found by its crate name:
    // the name is unique per config and mode, or a build whose crate is already fresh would copy
    // the binary another config left under the same name (cargo re-links only what it compiles).
    let name = format!(
        "{}-{}{}",
        crate_name(&front.plan.conf_path),
        &front.plan.conf_hash[..8.min(front.plan.conf_hash.len())],
        if opts.native { "" } else { "-luajit" }
    );
    let dir = match &opts.emit_dir {
        Some(d) => d.clone(),
        None => cache_dir().join("projects").join(&name),
    };
    let files = generate(front, opts.native, &name, &runtime.display().to_string())
        .map_err(BuildError::Internal)?;
    write_files(&dir, &files).map_err(BuildError::Internal)?;
    // Start from restyc's own lock every time, so the server builds with the versions restyc was
    // tested with (cargo then prunes it to what the generated crate uses).
    std::fs::write(dir.join("Cargo.lock"), LOCKFILE)
        .map_err(|e| BuildError::Internal(e.to_string()))?;
    let target_dir = cache_dir().join("target");
    let triple = "x86_64-unknown-linux-gnu";
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!(
        "restyc: compiling {} ({} profile) in {}{}",
        name,
        opts.profile.cargo_name(),
        target_dir.display(),
        if target_dir
            .join(triple)
            .join(opts.profile.dir())
            .join("deps")
            .exists()
        {
            ""
        } else {
            " — the first build compiles the runtime and LuaJIT, this takes a few minutes"
        }
    );
    let run = |offline: bool| -> Result<std::process::ExitStatus, BuildError> {
        let mut cmd = Command::new(&cargo);
        cmd.arg("build")
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"));
        cmd.args(["--profile", opts.profile.cargo_name(), "--target", triple]);
        if offline {
            cmd.arg("--offline");
        }
        cmd.env("CARGO_TARGET_DIR", &target_dir);
        // One static binary: glibc linked statically (static-pie).
        cmd.env("RUSTFLAGS", "-C target-feature=+crt-static");
        cmd.env("PCRE2_SYS_STATIC", "1");
        cmd.env_remove("CARGO_ENCODED_RUSTFLAGS");
        cmd.status().map_err(|e| {
            BuildError::User(format!(
                "cannot run cargo ({e}); restyc needs a Rust toolchain to build servers"
            ))
        })
    };
    let status = run(true)?;
    let status = if status.success() {
        status
    } else {
        eprintln!(
            "restyc: offline build failed; retrying with the network to fetch missing crates"
        );
        run(false)?
    };
    if !status.success() {
        return Err(BuildError::Internal(format!(
            "cargo failed to build the generated crate in {}",
            dir.display()
        )));
    }
    let bin = target_dir.join(triple).join(opts.profile.dir()).join(&name);
    if let Some(parent) = opts.output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| BuildError::User(format!("cannot create {}: {e}", parent.display())))?;
    }
    let tmp = opts.output.with_extension("restyc-tmp");
    std::fs::copy(&bin, &tmp)
        .map_err(|e| BuildError::User(format!("cannot write {}: {e}", opts.output.display())))?;
    std::fs::rename(&tmp, &opts.output)
        .map_err(|e| BuildError::User(format!("cannot write {}: {e}", opts.output.display())))?;
    eprintln!("restyc: wrote {}", opts.output.display());
    Ok(())
}
