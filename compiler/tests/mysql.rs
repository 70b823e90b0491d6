//! `require "resty.mysql"` with no copy on lua_package_path: restyc's bundled resty.mysql
//! against a real MariaDB server. Debian ships no lua-resty-mysql to run nginx with, so the
//! expected answers are the rows this test inserts, in lua-resty-mysql's documented shapes,
//! and the server's own error texts as the `mariadb` client reports them.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Killed, free_port, get_body, restyc_run};

fn wait_for(what: &str, ready: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready() {
        assert!(Instant::now() < deadline, "{what} did not come up");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The `mariadb` client's error line for `sql` run as `args`: (errno, sqlstate, message).
fn client_error(args: &[&str], sql: &str) -> (String, String, String) {
    let out = Command::new("mariadb")
        .arg("--no-defaults")
        .args(args)
        .args(["-e", sql])
        .output()
        .expect("run mariadb");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    // ERROR 1054 (42S22) at line 1: Unknown column ... (after any warning lines)
    let rest = err
        .lines()
        .find_map(|l| l.strip_prefix("ERROR "))
        .unwrap_or_else(|| panic!("no error: {err}"));
    let (errno, rest) = rest.split_once(" (").unwrap();
    let (state, rest) = rest.split_once(')').unwrap();
    let msg = rest.split_once(": ").map(|x| x.1).unwrap_or(rest);
    (errno.into(), state.into(), msg.into())
}

#[test]
fn bundled_resty_mysql_talks_to_mariadb() {
    assert!(
        Path::new("/usr/sbin/mariadbd").exists(),
        "this test needs a MariaDB server: run `cargo xtask deps --mysql` (Debian: mariadb-server)"
    );
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let sock = dir.path().join("mysql.sock");
    let status = Command::new("mariadb-install-db")
        .args([
            "--no-defaults",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
        ])
        .arg(format!("--datadir={}", data.display()))
        .arg("--user=root")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run mariadb-install-db");
    assert!(status.success(), "mariadb-install-db failed");
    let db_port = free_port();
    let _db = Killed(
        Command::new("mariadbd")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", sock.display()))
            .arg(format!("--port={db_port}"))
            .args(["--bind-address=127.0.0.1", "--user=root", "--skip-log-bin"])
            .arg(format!(
                "--pid-file={}",
                dir.path().join("db.pid").display()
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mariadbd"),
    );
    wait_for("mariadbd", || sock.exists());
    let socket_arg = format!("--socket={}", sock.display());
    let root = ["-uroot", socket_arg.as_str()];
    let setup = "CREATE DATABASE test_db; \
        CREATE USER 'test_user'@'127.0.0.1' IDENTIFIED BY 'test_pass'; \
        GRANT ALL ON test_db.* TO 'test_user'@'127.0.0.1'; \
        CREATE TABLE test_db.users (id INT PRIMARY KEY, name VARCHAR(20), score DOUBLE, \
            big BIGINT, note TEXT); \
        INSERT INTO test_db.users VALUES (1, 'alice', 9.5, 12345678901, NULL), (2, '', 0, -1, 'x');";
    let ok = Command::new("mariadb")
        .arg("--no-defaults")
        .args(root)
        .args(["-e", setup])
        .status()
        .expect("run mariadb");
    assert!(ok.success(), "database setup failed");
    let port_arg = format!("-P{db_port}");
    let unknown = client_error(
        &[
            "-utest_user",
            "-ptest_pass",
            "-h127.0.0.1",
            &port_arg,
            "test_db",
        ],
        "SELECT nosuch FROM users",
    );
    let denied = client_error(
        &["-utest_user", "-pbad", "-h127.0.0.1", &port_arg],
        "SELECT 1",
    );

    let port = free_port();
    let conf = format!(
        r##"worker_processes 1;
error_log logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    server {{
        listen 127.0.0.1:{port};
        location /users {{
            content_by_lua_block {{
                local mysql = require "resty.mysql"
                local db = assert(mysql:new())
                db:set_timeout(2000)
                local ok, err, errno, sqlstate = db:connect{{
                    host = "127.0.0.1", port = {db_port}, database = "test_db",
                    user = "test_user", password = "test_pass", charset = "utf8",
                    max_packet_size = 1048576,
                }}
                if not ok then
                    ngx.say("Failed to connect: ", err, ": ", errno, " ", sqlstate)
                    return
                end
                local res = assert(db:query("SELECT * FROM users ORDER BY id"))
                for _, r in ipairs(res) do
                    ngx.say(r.id, " ", type(r.id), " [", r.name, "] ", r.score, " ", r.big, " ",
                            type(r.big), " ", r.note == ngx.null and "null" or r.note)
                end
                res = assert(db:query("UPDATE users SET score = score + 1"))
                ngx.say("affected ", res.affected_rows, " insert_id ", res.insert_id,
                        " warnings ", res.warning_count)
                res = assert(db:query("INSERT INTO users (id, name) VALUES (7, 'bob')"))
                ngx.say("inserted ", res.affected_rows)
                ngx.say(db:query("SELECT nosuch FROM users"))
                local res, err = db:query("SELECT 1 AS a; SELECT 'two' AS b")
                ngx.say(res[1].a, " ", err)
                res, err = db:read_result()
                ngx.say(res[1].b, " ", tostring(err))
                db:set_compact_arrays(true)
                res = assert(db:query("SELECT id, name FROM users WHERE id = 7"))
                ngx.say(res[1][1], " ", res[1][2])
                ngx.say(type(db:server_ver()))
                ngx.say(db:set_keepalive(10000, 100))
                local again = assert(mysql:new())
                ngx.say(again:connect{{ host = "127.0.0.1", port = {db_port}, database = "test_db",
                                        user = "test_user", password = "test_pass" }})
                ngx.say(again:get_reused_times())
                local bad = assert(mysql:new())
                ngx.say(bad:connect{{ host = "127.0.0.1", port = {db_port}, user = "test_user",
                                      password = "bad", pool = "fresh" }})
            }}
        }}
    }}
}}
"##
    );
    std::fs::create_dir_all(dir.path().join("srv/logs")).unwrap();
    let conf_path = dir.path().join("srv/nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let _server = restyc_run(&dir.path().join("srv"), port);
    let (u_errno, u_state, u_msg) = unknown;
    let (d_errno, d_state, d_msg) = denied;
    let expected = format!(
        "1 number [alice] 9.5 12345678901 string null\n\
         2 number [] 0 -1 string x\n\
         affected 2 insert_id 0 warnings 0\n\
         inserted 1\n\
         nil{u_msg}{u_errno}{u_state}\n\
         1 again\n\
         two nil\n\
         7 bob\n\
         string\n\
         1\n\
         1\n\
         1\n\
         nil{d_msg}{d_errno}{d_state}\n"
    );
    assert_eq!(get_body(port, "/users"), expected);
}
