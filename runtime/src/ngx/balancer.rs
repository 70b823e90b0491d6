//! `ngx.balancer` (lua-resty-core 0.1.25's `ngx/balancer.lua`) for `balancer_by_lua*`: the
//! peer a try goes to, more tries, the last failure and per-request timeouts.
//!
//! The state of one proxied request's balancing ([`State`]) hangs on the request; the proxy
//! (`proxy.rs`) resets the per-try fields before each run of the handler and reads them after,
//! as `ngx_http_lua_balancer_get_peer` does.

use mlua::{Function, Lua, MultiValue, Table, Value};

use crate::phase::{self, Phase};
use crate::proxy::PeerAddr;

/// `ngx_http_lua_balancer_peer_data_t`, plus the request's timeouts overrides.
#[derive(Debug, Default)]
pub struct State {
    /// set_current_peer's address for this try (None: the upstream's servers, round-robin).
    pub peer: Option<PeerAddr>,
    /// set_more_tries of this try.
    pub more_tries: usize,
    /// Runs of the handler so far (this one included).
    pub total_tries: usize,
    /// `u->peer.tries` when the handler runs.
    pub tries: usize,
    /// `proxy_next_upstream_tries` (0 stands for 3 here, as in lua-nginx-module).
    pub max_tries: usize,
    /// How the last Lua-chosen peer ended: 0 none, 2 next, 4 failed (NGX_PEER_*).
    pub last_state: i32,
    /// The status of the previous try (`$upstream_status`'s entry before this one's).
    pub last_status: i64,
    /// set_timeouts, in milliseconds (None: keep the location's).
    pub connect_ms: Option<u64>,
    pub send_ms: Option<u64>,
    pub read_ms: Option<u64>,
}

/// Run `f` on the current request's balancer state, with lua-nginx-module's errors.
fn with_state<T>(f: impl FnOnce(&mut State) -> T) -> Result<T, String> {
    let (_, r) = crate::lua::current_request()?;
    let mut rq = r.borrow_mut();
    if rq.upstream.is_none() {
        return Err("no upstream found".into());
    }
    if phase::current() != Phase::Balancer {
        return Err("API disabled in the current context".into());
    }
    match rq.balancer.as_mut() {
        Some(st) => Ok(f(st)),
        None => Err("no upstream peer data found".into()),
    }
}

/// `ngx_parse_url` with `no_resolve` as set_current_peer calls it: an address with an
/// optional port (else `port`), `[v6]`, or `unix:path`; a host name is "no host allowed".
pub fn parse_peer(addr: &str, port: i64) -> Result<PeerAddr, String> {
    if let Some(path) = addr.strip_prefix("unix:") {
        if path.is_empty() {
            return Err("no path in the unix domain socket".into());
        }
        return Ok(PeerAddr::Unix(path.to_string()));
    }
    let port_of = |p: &str| -> Result<u16, String> {
        match p.parse::<u32>() {
            Ok(n) if (1..=65535).contains(&n) => Ok(n as u16),
            _ => Err("invalid port".into()),
        }
    };
    let default_port =
        || -> Result<u16, String> { u16::try_from(port).map_err(|_| "invalid port".to_string()) };
    let (host, port) = if let Some(rest) = addr.strip_prefix('[') {
        let Some((h, after)) = rest.split_once(']') else {
            return Err("invalid host".into());
        };
        let port = match after.strip_prefix(':') {
            Some(p) => port_of(p)?,
            None if after.is_empty() => default_port()?,
            None => return Err("invalid host".into()),
        };
        let ip: std::net::Ipv6Addr = h.parse().map_err(|_| "invalid IPv6 address".to_string())?;
        (std::net::IpAddr::V6(ip), port)
    } else {
        let (h, port) = match addr.rsplit_once(':') {
            Some((h, p)) => (h, port_of(p)?),
            None => (addr, default_port()?),
        };
        if h.is_empty() {
            return Err("no host".into());
        }
        match h.parse::<std::net::Ipv4Addr>() {
            Ok(ip) => (std::net::IpAddr::V4(ip), port),
            Err(_) => return Err("no host allowed".into()),
        }
    };
    Ok(PeerAddr::Inet(std::net::SocketAddr::new(host, port)))
}

fn functions(lua: &Lua) -> mlua::Result<Table> {
    let t = lua.create_table()?;
    // Each returns (rc, err): rc as the FFI function's, err a string or nil.
    t.raw_set(
        "set_current_peer",
        lua.create_function(|lua, (addr, port): (mlua::LuaString, i64)| {
            let addr = addr.to_string_lossy().to_string();
            let res = parse_peer(&addr, port).and_then(|p| with_state(|st| st.peer = Some(p)));
            rc(lua, res.map(|_| (0, None)))
        })?,
    )?;
    t.raw_set(
        "set_more_tries",
        lua.create_function(|lua, count: i64| {
            let res = with_state(|st| {
                let count = count.max(0) as usize;
                let max = if st.max_tries == 0 { 3 } else { st.max_tries };
                let total = st.total_tries + st.tries - 1;
                if total + count > max {
                    st.more_tries = max.saturating_sub(total);
                    (0, Some("reduced tries due to limit"))
                } else {
                    st.more_tries = count;
                    (0, None)
                }
            });
            rc(lua, res)
        })?,
    )?;
    t.raw_set(
        "get_last_failure",
        lua.create_function(
            |lua, ()| match with_state(|st| (st.last_state, st.last_status)) {
                Ok((state, status)) => Ok(MultiValue::from_iter([
                    Value::Integer(state as i64),
                    Value::Integer(status),
                ])),
                Err(e) => Ok(MultiValue::from_iter([
                    Value::Integer(-1),
                    Value::Nil,
                    Value::String(lua.create_string(&e)?),
                ])),
            },
        )?,
    )?;
    t.raw_set(
        "set_timeouts",
        lua.create_function(|lua, (c, s, r): (f64, f64, f64)| {
            let ms = |v: f64| (v > 0.0).then_some(v as u64);
            let res = with_state(|st| {
                if let Some(v) = ms(c) {
                    st.connect_ms = Some(v);
                }
                if let Some(v) = ms(s) {
                    st.send_ms = Some(v);
                }
                if let Some(v) = ms(r) {
                    st.read_ms = Some(v);
                }
                (0, None)
            });
            rc(lua, res)
        })?,
    )?;
    t.raw_set(
        "recreate_request",
        lua.create_function(|lua, ()| {
            // The request to the upstream is made anew for every try in restyc.
            rc(lua, with_state(|_| (0, None)))
        })?,
    )?;
    Ok(t)
}

fn rc(lua: &Lua, res: Result<(i64, Option<&str>), String>) -> mlua::Result<MultiValue> {
    let (code, err) = match res {
        Ok((c, e)) => (c, e.map(str::to_string)),
        Err(e) => (-1, Some(e)),
    };
    let err = match err {
        Some(e) => Value::String(lua.create_string(&e)?),
        None => Value::Nil,
    };
    Ok(MultiValue::from_iter([Value::Integer(code), err]))
}

/// Put `ngx.balancer` in `package.preload`: lua-resty-core's Lua over these functions.
pub fn preload(lua: &Lua, preload: &Table) -> mlua::Result<()> {
    let make: Function = lua
        .load(
            r#"
local C = ...
local error, type, tonumber = error, type, tonumber
local function req()
    if not C.has_request() then
        error("no request found")
    end
end
return function()
    local peer_state_names = { [1] = "keepalive", [2] = "next", [4] = "failed" }
    local _M = { version = "0.1.25" }
    function _M.set_current_peer(addr, port)
        req()
        if not port then
            port = 0
        elseif type(port) ~= "number" then
            port = tonumber(port)
        end
        local _ = #addr
        local rc, err = C.set_current_peer(addr, port or 0)
        if rc == 0 then return true end
        return nil, err
    end
    function _M.set_more_tries(count)
        req()
        local rc, err = C.set_more_tries(count)
        if rc == 0 then
            if err == nil then return true end
            return true, err
        end
        return nil, err
    end
    function _M.get_last_failure()
        req()
        local state, status, err = C.get_last_failure()
        if state == 0 then return nil end
        if state == -1 then return nil, nil, err end
        return peer_state_names[state] or "unknown", status
    end
    function _M.set_timeouts(connect_timeout, send_timeout, read_timeout)
        req()
        if not connect_timeout then
            connect_timeout = 0
        elseif type(connect_timeout) ~= "number" or connect_timeout <= 0 then
            error("bad connect timeout", 2)
        else
            connect_timeout = connect_timeout * 1000
        end
        if not send_timeout then
            send_timeout = 0
        elseif type(send_timeout) ~= "number" or send_timeout <= 0 then
            error("bad send timeout", 2)
        else
            send_timeout = send_timeout * 1000
        end
        if not read_timeout then
            read_timeout = 0
        elseif type(read_timeout) ~= "number" or read_timeout <= 0 then
            error("bad read timeout", 2)
        else
            read_timeout = read_timeout * 1000
        end
        local rc, err = C.set_timeouts(connect_timeout, send_timeout, read_timeout)
        if rc == 0 then return true end
        return false, err
    end
    function _M.recreate_request()
        req()
        local rc, err = C.recreate_request()
        if rc == 0 then return true end
        if err ~= nil then return nil, err end
        return nil, "failed to recreate the upstream request"
    end
    return _M
end
"#,
        )
        .set_name("=[restyc ngx.balancer]")
        .call({
            let t = functions(lua)?;
            t.raw_set(
                "has_request",
                lua.create_function(|_, ()| Ok(crate::lua::current().is_some()))?,
            )?;
            t
        })?;
    preload.raw_set("ngx.balancer", make)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peers_like_ngx_parse_url() {
        assert_eq!(
            parse_peer("127.0.0.1", 8080).unwrap().to_string(),
            "127.0.0.1:8080"
        );
        assert_eq!(
            parse_peer("127.0.0.1:81", 8080).unwrap().to_string(),
            "127.0.0.1:81"
        );
        assert_eq!(parse_peer("[::1]:82", 0).unwrap().to_string(), "[::1]:82");
        assert_eq!(
            parse_peer("example.com", 80).unwrap_err(),
            "no host allowed"
        );
        assert_eq!(parse_peer("127.0.0.1:x", 80).unwrap_err(), "invalid port");
        assert!(matches!(
            parse_peer("unix:/tmp/s", 0),
            Ok(PeerAddr::Unix(_))
        ));
    }
}
