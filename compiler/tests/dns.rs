//! `require "resty.dns.resolver"` with no copy on lua_package_path: restyc's bundled
//! resolver, compared with nginx running Debian's lua-resty-dns (lua-nginx-dns) on the same
//! config, both asking a tiny DNS server of this test (UDP and TCP on one port) that answers
//! fixed records.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, UdpSocket};
use std::path::Path;

use common::{free_port, get_status_body, on_nginx_with, on_restyc};

const DEBIAN_DNS: &str = "/usr/share/lua/5.1/nginx/dns/resolver.lua";

fn name(n: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in n.split('.').filter(|l| !l.is_empty()) {
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    out
}

/// One resource record: name (a pointer to the question when None), type, ttl, rdata.
fn rr(owner: Option<&str>, typ: u16, ttl: u32, rdata: &[u8]) -> Vec<u8> {
    let mut out = match owner {
        Some(n) => name(n),
        None => vec![0xc0, 12],
    };
    out.extend_from_slice(&typ.to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes());
    out.extend_from_slice(&ttl.to_be_bytes());
    out.extend_from_slice(&(rdata.len() as u16).to_be_bytes());
    out.extend_from_slice(rdata);
    out
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The answer to `query` (None: no answer at all).
fn answer(query: &[u8], tcp: bool) -> Vec<Vec<u8>> {
    if query.len() < 17 {
        return vec![];
    }
    let id = [query[0], query[1]];
    let mut p = 12;
    let mut labels = Vec::new();
    while p < query.len() && query[p] != 0 {
        let n = query[p] as usize;
        labels.push(String::from_utf8_lossy(&query[p + 1..p + 1 + n]).into_owned());
        p += n + 1;
    }
    let qname = labels.join(".");
    let question = &query[12..p + 5];
    let qtype = u16::from_be_bytes([query[p + 1], query[p + 2]]);
    let rd = query[2] & 1;
    // (answers, authority, additional, rcode, truncated)
    let mut an: Vec<Vec<u8>> = Vec::new();
    let mut ns: Vec<Vec<u8>> = Vec::new();
    let mut ar: Vec<Vec<u8>> = Vec::new();
    let mut rcode = 0u8;
    let mut tc = false;
    let soa = cat(&[
        &name("ns1.test"),
        &name("admin.test"),
        &7u32.to_be_bytes(),
        &3600u32.to_be_bytes(),
        &600u32.to_be_bytes(),
        &86400u32.to_be_bytes(),
        &300u32.to_be_bytes(),
    ]);
    match (qname.as_str(), qtype) {
        ("a.test", 1) => {
            an.push(rr(None, 1, 300, &[1, 2, 3, 4]));
            an.push(rr(None, 1, 60, &[5, 6, 7, 8]));
        }
        ("a.test", 28) => {
            let mut v6 = [0u8; 16];
            v6[0] = 0x20;
            v6[1] = 0x01;
            v6[2] = 0x0d;
            v6[3] = 0xb8;
            v6[15] = 1;
            v6[10] = 0xab;
            an.push(rr(None, 28, 30, &v6));
        }
        ("www.test", 1) => {
            an.push(rr(None, 5, 100, &name("a.test")));
            an.push(rr(Some("a.test"), 1, 300, &[1, 2, 3, 4]));
        }
        ("mx.test", 15) => {
            an.push(rr(
                None,
                15,
                10,
                &cat(&[&10u16.to_be_bytes(), &name("mail.test")]),
            ));
            an.push(rr(
                None,
                15,
                10,
                &cat(&[&20u16.to_be_bytes(), &name("mail2.test")]),
            ));
        }
        ("txt.test", 16) => {
            an.push(rr(None, 16, 5, b"\x05hello"));
            an.push(rr(None, 16, 5, b"\x05hello\x05world\x00"));
        }
        ("srv.test", 33) => {
            an.push(rr(
                None,
                33,
                5,
                &cat(&[
                    &1u16.to_be_bytes(),
                    &2u16.to_be_bytes(),
                    &8080u16.to_be_bytes(),
                    &name("a.test"),
                ]),
            ));
        }
        ("ns.test", 2) => an.push(rr(None, 2, 5, &name("ns1.test"))),
        ("soa.test", 6) => ns.push(rr(None, 6, 5, &soa)),
        ("4.3.2.1.in-addr.arpa", 12) => an.push(rr(None, 12, 5, &name("a.test"))),
        ("auth.test", 1) => {
            an.push(rr(None, 1, 1, &[9, 9, 9, 9]));
            ns.push(rr(Some("test"), 2, 2, &name("ns1.test")));
            ar.push(rr(Some("ns1.test"), 1, 3, &[10, 0, 0, 1]));
        }
        ("other.test", _) => an.push(rr(None, 99, 5, b"\x03spf")),
        ("raw.test", _) => an.push(rr(None, 250, 5, b"\x01\x02\x03")),
        ("nx.test", _) => {
            rcode = 3;
            ns.push(rr(Some("test"), 6, 5, &soa));
        }
        ("refused.test", _) => rcode = 5,
        ("weird.test", _) => rcode = 9,
        ("big.test", 1) if !tcp => tc = true,
        ("big.test", 1) => {
            for i in 0..40u8 {
                an.push(rr(None, 1, 5, &[10, 1, 0, i]));
            }
        }
        ("bad.test", _) => an.push(rr(None, 1, 5, &[1, 2, 3])),
        ("silent.test", _) => return vec![],
        ("mismatch.test", _) => {
            let wrong = answer_bytes([id[0] ^ 0xff, id[1]], question, rd, 0, false, &[], &[], &[]);
            an.push(rr(None, 1, 5, &[7, 7, 7, 7]));
            let right = answer_bytes(id, question, rd, 0, false, &an, &ns, &ar);
            return vec![wrong, right];
        }
        ("recurse.test", _) => an.push(rr(None, 1, 5, &[0, 0, 0, rd])),
        _ => rcode = 3,
    }
    vec![answer_bytes(id, question, rd, rcode, tc, &an, &ns, &ar)]
}

#[allow(clippy::too_many_arguments)]
fn answer_bytes(
    id: [u8; 2],
    question: &[u8],
    rd: u8,
    rcode: u8,
    tc: bool,
    an: &[Vec<u8>],
    ns: &[Vec<u8>],
    ar: &[Vec<u8>],
) -> Vec<u8> {
    let mut out = id.to_vec();
    out.push(0x80 | if tc { 0x02 } else { 0 } | rd);
    out.push(0x80 | rcode);
    out.extend_from_slice(&1u16.to_be_bytes());
    for n in [an.len(), ns.len(), ar.len()] {
        out.extend_from_slice(&(n as u16).to_be_bytes());
    }
    out.extend_from_slice(question);
    for r in an.iter().chain(ns).chain(ar) {
        out.extend_from_slice(r);
    }
    out
}

/// The test's DNS server on `port` (UDP and TCP), for as long as the test runs.
fn serve_dns(port: u16) {
    let udp = UdpSocket::bind(("127.0.0.1", port)).expect("bind udp");
    std::thread::spawn(move || {
        let mut buf = [0u8; 1500];
        while let Ok((n, peer)) = udp.recv_from(&mut buf) {
            for a in answer(&buf[..n], false) {
                let _ = udp.send_to(&a, peer);
            }
        }
    });
    let tcp = TcpListener::bind(("127.0.0.1", port)).expect("bind tcp");
    std::thread::spawn(move || {
        for mut s in tcp.incoming().flatten() {
            let mut len = [0u8; 2];
            if s.read_exact(&mut len).is_err() {
                continue;
            }
            let mut q = vec![0u8; u16::from_be_bytes(len) as usize];
            if s.read_exact(&mut q).is_err() {
                continue;
            }
            for a in answer(&q, true) {
                let _ = s.write_all(&(a.len() as u16).to_be_bytes());
                let _ = s.write_all(&a);
            }
        }
    });
}

fn config(port: u16, dns: u16, lua_path: &str) -> String {
    format!(
        r##"worker_processes 1;
error_log logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    {lua_path}
    server {{
        listen 127.0.0.1:{port};
        location /dns {{
            content_by_lua_block {{
                local resolver = require "resty.dns.resolver"
                local FIELDS = {{ "name", "type", "class", "ttl", "section", "address", "cname",
                    "preference", "exchange", "priority", "weight", "port", "target", "nsdname",
                    "ptrdname", "mname", "rname", "serial", "refresh", "retry", "expire", "rdata" }}
                local function show(tag, answers, err)
                    if not answers then
                        ngx.say(tag, ": error: ", err)
                        return
                    end
                    local out = {{}}
                    if answers.errcode then
                        out[1] = "errcode=" .. answers.errcode .. " errstr=" .. answers.errstr
                    end
                    for _, a in ipairs(answers) do
                        local parts = {{}}
                        for _, f in ipairs(FIELDS) do
                            if a[f] ~= nil then parts[#parts + 1] = f .. "=" .. tostring(a[f]) end
                        end
                        for _, f in ipairs({{ "txt", "spf" }}) do
                            local v = a[f]
                            if type(v) == "table" then v = "[" .. table.concat(v, ",") .. "]" end
                            if v ~= nil then parts[#parts + 1] = f .. "=" .. v end
                        end
                        out[#out + 1] = "{{" .. table.concat(parts, " ") .. "}}"
                    end
                    ngx.say(tag, ": ", #answers, " ", table.concat(out, " "))
                end
                ngx.say(resolver:new())
                ngx.say(resolver:new{{ nameservers = {{}} }})
                local r = assert(resolver:new{{ nameservers = {{ {{"127.0.0.1", {dns}}} }}, retrans = 2, timeout = 1000 }})
                show("a", r:query("a.test"))
                show("aaaa", r:query("a.test", {{ qtype = r.TYPE_AAAA }}))
                show("cname", r:query("www.test"))
                show("mx", r:query("mx.test", {{ qtype = r.TYPE_MX }}))
                show("txt", r:query("txt.test", {{ qtype = r.TYPE_TXT }}))
                show("srv", r:query("srv.test", {{ qtype = r.TYPE_SRV }}))
                show("ns", r:query("ns.test", {{ qtype = r.TYPE_NS }}))
                show("soa", r:query("soa.test", {{ qtype = r.TYPE_SOA }}))
                show("ptr", r:reverse_query("1.2.3.4"))
                show("auth", r:query("auth.test"))
                show("auth+ns", r:query("auth.test", {{ authority_section = true }}))
                show("auth+ar", r:query("auth.test", {{ additional_section = true }}))
                show("auth+both", r:query("auth.test", {{ authority_section = true, additional_section = true }}))
                show("spf", r:query("other.test", {{ qtype = r.TYPE_SPF }}))
                show("raw", r:query("raw.test"))
                show("nx", r:query("nx.test"))
                show("nx+ns", r:query("nx.test", {{ authority_section = true }}))
                show("refused", r:query("refused.test"))
                show("weird", r:query("weird.test"))
                show("big", r:query("big.test"))
                show("tcp", r:tcp_query("a.test"))
                show("bad", r:query("bad.test"))
                show("mismatch", r:query("mismatch.test"))
                show("dot", r:query(".a.test"))
                show("trailing dot", r:query("a.test."))
                show("recurse", r:query("recurse.test"))
                local nr = assert(resolver:new{{ nameservers = {{ {{"127.0.0.1", {dns}}} }}, no_recurse = true }})
                show("no recurse", nr:query("recurse.test"))
                r:set_timeout(100)
                show("silent", r:query("silent.test"))
                ngx.say("set_timeout: ", r:set_timeout(1000))
                local down = assert(resolver:new{{ nameservers = {{ {{"127.0.0.1", 1}} }}, retrans = 1, timeout = 200 }})
                show("tcp down", down:tcp_query("a.test"))
                local bare = setmetatable({{}}, {{ __index = resolver }})
                ngx.say(bare:query("a.test"))
                ngx.say(bare:tcp_query("a.test"))
                ngx.say(bare:set_timeout(1))
                for _, a in ipairs({{ "2001:db8:0:0:0:0:0:1", "0:0:0:0:0:0:0:1", "1:0:0:0:0:0:0:0",
                                     "0:0:0:0:0:0:0:0", "1:2:3:4:5:6:7:8" }}) do
                    ngx.say("compress ", a, " ", resolver.compress_ipv6_addr(a))
                end
                for _, a in ipairs({{ "2001:db8::1", "::1", "1::", "::", "1:2:3:4:5:6:7:8", "fe80::1:2" }}) do
                    ngx.say("expand ", a, " ", resolver.expand_ipv6_addr(a))
                end
                for _, a in ipairs({{ "1.2.3.4", "2001:db8::1", "::1" }}) do
                    ngx.say("arpa ", a, " ", resolver.arpa_str(a))
                end
                ngx.say(r.TYPE_A, " ", r.TYPE_NS, " ", r.TYPE_CNAME, " ", r.TYPE_SOA, " ", r.TYPE_PTR, " ",
                    r.TYPE_MX, " ", r.TYPE_TXT, " ", r.TYPE_AAAA, " ", r.TYPE_SRV, " ", r.TYPE_SPF, " ",
                    r.CLASS_IN, " ", r.SECTION_AN, " ", r.SECTION_NS, " ", r.SECTION_AR)
            }}
        }}
    }}
}}
"##
    )
}

#[test]
fn bundled_dns_resolver_answers_as_lua_resty_dns() {
    assert!(
        Path::new(DEBIAN_DNS).exists(),
        "this test needs Debian's lua-nginx-dns: run `cargo xtask deps`"
    );
    let dns = free_port();
    serve_dns(dns);
    let ask = |port| get_status_body(port, "/dns", 20);
    let nginx_config = |port, lua_path: &str| config(port, dns, lua_path);
    let expected = on_nginx_with((DEBIAN_DNS, "resty/dns/resolver.lua"), nginx_config, ask);
    let got = on_restyc(|port| config(port, dns, ""), ask);
    assert!(
        expected.contains("address=1.2.3.4"),
        "nginx's answer: {expected}"
    );
    assert_eq!(got, expected);
}
