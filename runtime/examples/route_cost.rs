//! Matching cost of nginx's server and location selection for a built plan, in-process:
//! `route_cost PLAN.json HOST URI [ROUNDS]` prints the median nanoseconds per match over
//! ROUNDS rounds (`cargo xtask bench` runs it for the 500- and 5-location configs).
//!
//! Whole-server CPU per request is dominated by the kernel's TCP work, so it cannot show a
//! difference of a few percent in matching; this measures the matcher alone.

use std::hint::black_box;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: route_cost PLAN.json HOST URI [ROUNDS]");
        std::process::exit(2);
    }
    let json = std::fs::read_to_string(&args[1]).unwrap_or_else(|e| {
        eprintln!("route_cost: {}: {e}", args[1]);
        std::process::exit(1)
    });
    let plan: restyc_runtime::plan::Plan = serde_json::from_str(&json).unwrap_or_else(|e| {
        eprintln!("route_cost: {}: {e}", args[1]);
        std::process::exit(1)
    });
    let router = restyc_runtime::route::Router::build(&plan).unwrap_or_else(|e| {
        eprintln!("route_cost: {e}");
        std::process::exit(1)
    });
    let (host, uri) = (&args[2], &args[3]);
    let rounds: usize = args.get(4).and_then(|r| r.parse().ok()).unwrap_or(15);
    let one = || {
        let (server, _) = router.find_server(0, black_box(host.as_bytes()));
        let found = router.find_location(&plan, server, black_box(uri.as_bytes()));
        black_box(found.map(|f| f.map(|f| f.loc)).ok());
    };
    // Warm the regex caches, then size a round to ~50 ms.
    for _ in 0..10_000 {
        one();
    }
    let t = Instant::now();
    for _ in 0..10_000 {
        one();
    }
    let per = t.elapsed().as_secs_f64() / 10_000.0;
    let n = ((0.05 / per.max(1e-9)) as usize).max(1000);
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                one();
            }
            t.elapsed().as_secs_f64() * 1e9 / n as f64
        })
        .collect();
    samples.sort_by(|a, b| a.total_cmp(b));
    println!("{:.1}", samples[samples.len() / 2]);
}
