//! `cargo run -p restyc --example conf_check -- <nginx.conf>...`: load, check and lint each
//! config and print the diagnostics (a stand-in for `restyc check` while the CLI is wired).

fn main() {
    let mut failed = false;
    for arg in std::env::args().skip(1) {
        let path = std::path::Path::new(&arg);
        let (sources, diags) = restyc::conf::check_file(path);
        print!("{}", restyc::diag::render_text(&diags, &sources, false));
        if diags.iter().any(|d| d.is_error()) {
            failed = true;
        } else {
            println!(
                "restyc: configuration file {} test is successful",
                path.display()
            );
        }
    }
    std::process::exit(i32::from(failed));
}
