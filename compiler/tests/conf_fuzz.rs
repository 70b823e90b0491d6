//! Fuzz-style property tests: random bytes and mutated real configs go through the whole front
//! end (parse, includes, check, lint, both renderers) and nothing may panic. A few seconds.

use std::path::Path;

use proptest::prelude::*;
use restyc::{conf, diag, lint};

/// A path whose directory does not exist, so that relative includes and Lua files resolve to
/// nothing on disk.
const FAKE: &str = "/nonexistent-restyc-fuzz/nginx.conf";

fn run_all(text: &str) {
    match conf::parse_str(FAKE, text) {
        Ok((config, mut diags)) => {
            diags.extend(conf::check(&config));
            diags.extend(lint::run(&config));
            let _ = diag::render_text(&diags, &config.sources, false);
            let _ = diag::render_json(&diags, &config.sources);
        }
        Err((sources, diags)) => {
            assert!(diags.iter().any(|d| d.is_error()), "Err without an error");
            let _ = diag::render_text(&diags, &sources, true);
            let _ = diag::render_json(&diags, &sources);
        }
    }
}

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conf");
    let mut out = Vec::new();
    for sub in ["ok", "err"] {
        if let Ok(rd) = std::fs::read_dir(dir.join(sub)) {
            for e in rd.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    out.push(t);
                }
            }
        }
    }
    out.sort();
    out
}

/// One edit: delete a range, insert a syntax-heavy fragment, or duplicate a range.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let fragment = prop::collection::vec(
        prop::sample::select(vec![
            "{",
            "}",
            ";",
            "\"",
            "'",
            "\\",
            "$",
            "${",
            "#",
            "\n",
            " ",
            "[[",
            "]]",
            "[==[",
            "--",
            "--[[",
            "(",
            ")",
            "location",
            "server",
            "content_by_lua_block",
            "if",
            "include",
            "é",
            "\t",
            "\0",
        ]),
        1..6,
    )
    .prop_map(|v| v.concat());
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
        (any::<usize>(), fragment).prop_map(|(a, s)| Edit::Insert(a, s)),
        (any::<usize>(), 0usize..80).prop_map(|(a, n)| Edit::Duplicate(a, n)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut b = text.as_bytes().to_vec();
    for e in edits {
        let len = b.len().max(1);
        match e {
            Edit::Delete(a, n) => {
                let s = a % len;
                let end = (s + n).min(b.len());
                if s < end {
                    b.drain(s..end);
                }
            }
            Edit::Insert(a, frag) => {
                let s = (a % len).min(b.len());
                b.splice(s..s, frag.bytes());
            }
            Edit::Duplicate(a, n) => {
                let s = (a % len).min(b.len());
                let end = (s + n).min(b.len());
                let piece = b[s..end].to_vec();
                b.splice(end..end, piece);
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        run_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_syntax_soup_never_panics(parts in prop::collection::vec(
        prop::sample::select(vec!["a", "b c", ";", "{", "}", "\"x\"", "'y'", "\\", "$v", "${v}", "#c\n", "\n",
            "http", "server", "location /", "listen 80", "content_by_lua_block", "[[", "]]", "--", "\"", "'"]),
        0..60)) {
        run_all(&parts.concat());
    }

    #[test]
    fn mutated_configs_never_panic(seed in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..6)) {
        let seeds = seeds();
        prop_assume!(!seeds.is_empty());
        let text = &seeds[seed.index(seeds.len())];
        run_all(&apply(text, &edits));
    }
}
