//! Benchmark (not a timed test): a 10,000-line config through parse + check (+ lint).
//! Run with `cargo test -p restyc --test conf_bench -- --ignored --nocapture`.

use std::time::Instant;

use restyc::{conf, lint};

fn big_config(lines: usize) -> String {
    let mut s =
        String::from("worker_processes auto;\nevents { worker_connections 1024; }\nhttp {\n");
    s.push_str("    lua_shared_dict cache 10m;\n    upstream backend { server 127.0.0.1:8001; server 127.0.0.1:8002; }\n");
    let mut n = 0;
    let mut server = 0;
    while s.lines().count() < lines {
        server += 1;
        s.push_str(&format!(
            "    server {{\n        listen {};\n        server_name s{server}.example.com;\n",
            10000 + server % 50000
        ));
        for i in 0..20 {
            n += 1;
            s.push_str(&format!(
                "        location /p{n} {{\n            # route {i}\n            add_header X-Route \"{n}\";\n            proxy_set_header Host $host;\n            proxy_pass http://backend;\n        }}\n"
            ));
            if i % 5 == 0 {
                s.push_str(&format!(
                    "        location = /lua{n} {{\n            content_by_lua_block {{\n                local v = ngx.shared.cache:get(\"k{n}\")\n                ngx.say(v or \"miss\", \" {{}}\")\n            }}\n        }}\n"
                ));
            }
        }
        s.push_str("    }\n");
    }
    s.push_str("}\n");
    s
}

#[test]
#[ignore]
fn ten_thousand_lines() {
    let text = big_config(10_000);
    let lines = text.lines().count();
    let mut best = [f64::MAX; 3];
    for _ in 0..5 {
        let t0 = Instant::now();
        let (config, _) = conf::parse_str("/bench/nginx.conf", &text).expect("bench config parses");
        let t1 = Instant::now();
        let diags = conf::check(&config);
        let t2 = Instant::now();
        let lint = lint::run(&config);
        let t3 = Instant::now();
        assert!(!diags.iter().chain(lint.iter()).any(|d| d.is_error()));
        for (b, d) in best.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2]) {
            *b = b.min(d.as_secs_f64() * 1000.0);
        }
    }
    println!(
        "{lines} lines: parse {:.1} ms, check {:.1} ms, parse+check {:.1} ms, lint {:.1} ms (best of 5)",
        best[0],
        best[1],
        best[0] + best[1],
        best[2]
    );
}
