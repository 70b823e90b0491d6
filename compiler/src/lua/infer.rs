//! Static types of the IR, and the checks that need them.
//!
//! A local's type is the union of everything assigned to it anywhere (flow-insensitive, computed
//! to a fixpoint). The checks refuse what the native code could not reproduce exactly: a call
//! whose argument types would make LuaJIT raise a library error, an index of something that may
//! not be a table, an operand that may raise an error LuaJIT names in a way not modelled here.

use super::ir::*;
use super::lower::{R, Reject};

fn reject<T>(reason: impl Into<String>, pos: Pos) -> R<T> {
    Err(Reject {
        reason: reason.into(),
        pos,
    })
}

/// Variables every request has (`runtime/src/var.rs` always finds them), so `ngx.var.uri` is a
/// string and `ngx.var.uri:sub(2)` needs no nil check.
const ALWAYS_SET: [&str; 8] = [
    "uri",
    "document_uri",
    "request_uri",
    "request",
    "request_method",
    "server_protocol",
    "scheme",
    "is_args",
];

/// The type of an expression given the locals' types.
fn ty(e: &Expr, locals: &[Local]) -> Ty {
    match &e.kind {
        ExprKind::Nil => Ty::NIL,
        ExprKind::Bool(_) => Ty::BOOL,
        ExprKind::Num(_) => Ty::NUM,
        ExprKind::Str(_) => Ty::STR,
        ExprKind::Local(id) => locals[*id].ty,
        ExprKind::Var(name) if ALWAYS_SET.contains(&name.to_ascii_lowercase().as_str()) => Ty::STR,
        ExprKind::Var(_) => Ty::STR.union(Ty::NIL),
        ExprKind::Status => Ty::NUM,
        ExprKind::Field { table, .. } => {
            let t = ty(table, locals);
            let mut out = Ty::NONE;
            if t.has(Ty::ARGS) {
                out = out.union(Ty::ARG_VALUE);
            }
            if t.has(Ty::HDRS) {
                out = out.union(Ty::HDR_VALUE);
            }
            if t.has(Ty::ARR) {
                out = out.union(Ty::NIL);
            }
            out
        }
        ExprKind::Arith { .. } | ExprKind::Neg { .. } | ExprKind::Len { .. } => Ty::NUM,
        ExprKind::Concat { .. } => Ty::STR,
        ExprKind::Cmp { .. } | ExprKind::Not(_) => Ty::BOOL,
        ExprKind::And(a, b) => {
            let ta = ty(a, locals);
            let mut out = ta.minus(Ty::NUM.union(Ty::STR).union(Ty::TABLES));
            if ta.minus(Ty::NIL) != Ty::NONE {
                out = out.union(ty(b, locals));
            }
            out
        }
        ExprKind::Or(a, b) => {
            let ta = ty(a, locals);
            let mut out = ta.minus(Ty::NIL);
            if ta.may_be_falsy() {
                out = out.union(ty(b, locals));
            }
            out
        }
        ExprKind::Call { f, .. } => result_ty(*f, 0),
    }
}

/// The type of the `n`-th result of a builtin.
pub fn result_ty(f: Builtin, n: usize) -> Ty {
    if n >= f.results() {
        return Ty::NIL;
    }
    match (f, n) {
        (Builtin::UriArgs, 0) => Ty::ARGS,
        (Builtin::ReqHeaders, 0) => Ty::HDRS,
        (Builtin::UriArgs | Builtin::ReqHeaders, _) => Ty::STR.union(Ty::NIL),
        (Builtin::ToNumber, _) | (Builtin::StrByte, _) | (Builtin::StrFind, _) => {
            Ty::NUM.union(Ty::NIL)
        }
        (
            Builtin::MathFloor
            | Builtin::MathCeil
            | Builtin::MathAbs
            | Builtin::MathSqrt
            | Builtin::MathMax
            | Builtin::MathMin
            | Builtin::StrLen
            | Builtin::Now
            | Builtin::Time,
            _,
        ) => Ty::NUM,
        _ => Ty::STR,
    }
}

/// The types the values of a list give its `n` targets.
fn list_tys(vals: &[Expr], n: usize, expand: bool, locals: &[Local]) -> Vec<Ty> {
    let mut out: Vec<Ty> = vals.iter().map(|v| ty(v, locals)).collect();
    if expand {
        if let Some(Expr {
            kind: ExprKind::Call { f, .. },
            ..
        }) = vals.last()
        {
            for k in 1..=n.saturating_sub(vals.len()) {
                out.push(result_ty(*f, k));
            }
        }
    }
    while out.len() < n {
        out.push(Ty::NIL);
    }
    out
}

fn collect(ss: &[Stmt], locals: &mut Vec<Local>) -> bool {
    let mut changed = false;
    fn widen(locals: &mut [Local], id: LocalId, t: Ty) -> bool {
        let nt = locals[id].ty.union(t);
        let c = nt != locals[id].ty;
        locals[id].ty = nt;
        c
    }
    for s in ss {
        match &s.kind {
            StmtKind::Local { vars, vals, expand } => {
                let tys = list_tys(vals, vars.len(), *expand, locals);
                for (id, t) in vars.iter().zip(tys) {
                    changed |= widen(locals, *id, t);
                }
            }
            StmtKind::Assign {
                targets,
                vals,
                expand,
            } => {
                let tys = list_tys(vals, targets.len(), *expand, locals);
                for (t, tv) in targets.iter().zip(tys) {
                    if let Target::Local(id) = t {
                        changed |= widen(locals, *id, tv);
                    }
                }
            }
            StmtKind::NumFor { var, body, .. } => {
                changed |= widen(locals, *var, Ty::NUM);
                changed |= collect(body, locals);
            }
            StmtKind::If { arms, els } => {
                for (_, b, _) in arms {
                    changed |= collect(b, locals);
                }
                if let Some(b) = els {
                    changed |= collect(b, locals);
                }
            }
            StmtKind::While { body, .. } | StmtKind::Repeat { body, .. } | StmtKind::Do(body) => {
                changed |= collect(body, locals);
            }
            _ => {}
        }
    }
    changed
}

/// Type the handler and check what needs types.
pub fn infer(h: &mut Handler) -> R<()> {
    while collect(&h.body, &mut h.locals) {}
    let locals = h.locals.clone();
    check_stmts(&mut h.body, &locals)
}

fn check_stmts(ss: &mut [Stmt], locals: &[Local]) -> R<()> {
    for s in ss {
        match &mut s.kind {
            StmtKind::Local { vals, .. } | StmtKind::Return(vals) => {
                for v in vals {
                    check(v, locals)?;
                }
            }
            StmtKind::Assign { vals, .. } => {
                for v in vals {
                    check(v, locals)?;
                }
            }
            StmtKind::Say { args, .. } => {
                for a in args.iter_mut() {
                    check(a, locals)?;
                    if a.ty.has(Ty::ARGS.union(Ty::HDRS)) {
                        return reject("passes a table that may not be an array to ngx.say", a.pos);
                    }
                }
            }
            StmtKind::Log { args, .. } => {
                for a in args.iter_mut() {
                    check(a, locals)?;
                    if a.ty.has(Ty::TABLES) {
                        return reject("passes a table to ngx.log", a.pos);
                    }
                }
            }
            StmtKind::Exit { code } => {
                check(code, locals)?;
                if !code.ty.within(Ty::NUM) {
                    return reject(
                        format!(
                            "calls ngx.exit with a {} (only numbers are transpiled)",
                            code.ty.describe()
                        ),
                        code.pos,
                    );
                }
            }
            StmtKind::Redirect { uri, .. } => {
                check(uri, locals)?;
                if !uri.ty.within(Ty::STR) {
                    return reject(
                        format!("calls ngx.redirect with a {} URI", uri.ty.describe()),
                        uri.pos,
                    );
                }
            }
            StmtKind::Eval(e) => check(e, locals)?,
            StmtKind::If { arms, els } => {
                for (c, b, _) in arms {
                    check(c, locals)?;
                    check_stmts(b, locals)?;
                }
                if let Some(b) = els {
                    check_stmts(b, locals)?;
                }
            }
            StmtKind::While { cond, body } | StmtKind::Repeat { body, cond } => {
                check(cond, locals)?;
                check_stmts(body, locals)?;
            }
            StmtKind::NumFor {
                start,
                limit,
                step,
                body,
                ..
            } => {
                check(start, locals)?;
                check(limit, locals)?;
                if let Some(st) = step {
                    check(st, locals)?;
                }
                check_stmts(body, locals)?;
            }
            StmtKind::Do(b) => check_stmts(b, locals)?,
            StmtKind::Break => {}
        }
    }
    Ok(())
}

/// An operand that may raise, whose name LuaJIT derives from bytecode restyc does not model.
fn unnamed(name: &str, t: Ty, ok: Ty, pos: Pos) -> R<()> {
    if name == "?" && !t.within(ok) {
        return reject(
            "has an operand that may raise an error whose wording is not settled (an and/or result)",
            pos,
        );
    }
    Ok(())
}

fn check(e: &mut Expr, locals: &[Local]) -> R<()> {
    e.ty = ty(e, locals);
    let pos = e.pos;
    match &mut e.kind {
        ExprKind::Field { table, .. } => {
            check(table, locals)?;
            if table.ty == Ty::NONE || !table.ty.within(Ty::TABLES) {
                return reject(
                    format!(
                        "indexes a {} value (only tables from ngx.req are transpiled)",
                        table.ty.describe()
                    ),
                    pos,
                );
            }
        }
        ExprKind::Arith { l, r, names, .. } => {
            check(l, locals)?;
            check(r, locals)?;
            unnamed(&names[0], l.ty, Ty::NUM, l.pos)?;
            unnamed(&names[1], r.ty, Ty::NUM, r.pos)?;
        }
        ExprKind::Neg { e: x, name, .. } => {
            check(x, locals)?;
            unnamed(name, x.ty, Ty::NUM, x.pos)?;
        }
        ExprKind::Len { e: x, name, .. } => {
            check(x, locals)?;
            unnamed(name, x.ty, Ty::STR.union(Ty::TABLES), x.pos)?;
        }
        ExprKind::Concat { parts, names, .. } => {
            for (p, n) in parts.iter_mut().zip(names.iter()) {
                check(p, locals)?;
                unnamed(n, p.ty, Ty::STR.union(Ty::NUM), p.pos)?;
            }
        }
        ExprKind::Cmp { l, r, .. } | ExprKind::And(l, r) | ExprKind::Or(l, r) => {
            check(l, locals)?;
            check(r, locals)?;
        }
        ExprKind::Not(x) => check(x, locals)?,
        ExprKind::Call { f, args, method } => {
            for a in args.iter_mut() {
                check(a, locals)?;
            }
            let f = *f;
            let strish = Ty::STR.union(Ty::NUM);
            let need = |i: usize, t: Ty, what: &str| -> R<()> {
                match args.get(i) {
                    Some(a) if !a.ty.within(t) => reject(
                        format!(
                            "passes a {} where {what} is expected (to {})",
                            a.ty.describe(),
                            f.lua_name()
                        ),
                        a.pos,
                    ),
                    _ => Ok(()),
                }
            };
            if *method {
                if let Some(r) = args.first() {
                    if !r.ty.within(Ty::STR) {
                        return reject(
                            format!("calls a string method on a {} value", r.ty.describe()),
                            r.pos,
                        );
                    }
                }
            }
            match f {
                Builtin::ToString => {
                    if args[0].ty.has(Ty::TABLES) {
                        return reject(
                            "calls tostring on a value that may be a table (its text is an address)",
                            args[0].pos,
                        );
                    }
                }
                Builtin::ToNumber | Builtin::Type => {}
                Builtin::StrLen | Builtin::StrUpper | Builtin::StrLower | Builtin::StrReverse => {
                    need(0, strish, "a string")?
                }
                Builtin::StrFormat => {
                    use restyc_runtime::native::strlib::{Conv, Piece, parse_format};
                    let Some(ExprKind::Str(fmt)) = args.first().map(|a| &a.kind) else {
                        return reject(
                            "calls string.format with a format that is not a constant",
                            pos,
                        );
                    };
                    let pieces = match parse_format(fmt) {
                        Ok(p) => p,
                        Err(m) => {
                            return reject(
                                format!("calls string.format with a bad format ({m})"),
                                pos,
                            );
                        }
                    };
                    let specs: Vec<Conv> = pieces
                        .iter()
                        .filter_map(|p| match p {
                            Piece::Spec(s) => Some(s.conv),
                            Piece::Lit(_) => None,
                        })
                        .collect();
                    if args.len() - 1 < specs.len() {
                        return reject(
                            "calls string.format with fewer arguments than its format takes",
                            pos,
                        );
                    }
                    for (i, c) in specs.iter().enumerate() {
                        match c {
                            Conv::Int
                            | Conv::Uint(_)
                            | Conv::Float(b'e' | b'f' | b'g')
                            | Conv::Char => need(i + 1, Ty::NUM, "a number")?,
                            Conv::Str | Conv::Quoted => {
                                if args[i + 1].ty.has(Ty::TABLES) {
                                    return reject(
                                        "formats a value that may be a table with %s",
                                        args[i + 1].pos,
                                    );
                                }
                            }
                            Conv::Float(_) | Conv::Ptr => {
                                return reject("calls string.format with %a or %p", pos);
                            }
                        }
                    }
                }
                Builtin::StrFind => {
                    need(0, strish, "a string")?;
                    need(1, strish, "a string")?;
                    if let Some(i) = args.get(2) {
                        if !matches!(i.kind, ExprKind::Nil) {
                            need(2, Ty::NUM, "a number")?;
                        }
                    }
                    // Only LuaJIT's fixed-string search: a truthy constant `plain`, or a
                    // constant pattern without magic characters.
                    let plain_flag = match args.get(3).map(|a| &a.kind) {
                        None | Some(ExprKind::Nil) | Some(ExprKind::Bool(false)) => false,
                        Some(ExprKind::Bool(true))
                        | Some(ExprKind::Num(_))
                        | Some(ExprKind::Str(_)) => true,
                        Some(_) => {
                            return reject(
                                "calls string.find with a plain flag that is not a constant",
                                pos,
                            );
                        }
                    };
                    let plain_pattern = match &args[1].kind {
                        ExprKind::Str(p) => !restyc_runtime::native::strlib::has_pattern(p),
                        _ => false,
                    };
                    if !plain_flag && !plain_pattern {
                        return reject(
                            "calls string.find with a Lua pattern (only plain searches are transpiled)",
                            pos,
                        );
                    }
                }
                Builtin::StrSub => {
                    need(0, strish, "a string")?;
                    need(1, Ty::NUM, "a number")?;
                    need(2, Ty::NUM, "a number")?;
                }
                Builtin::StrByte => {
                    need(0, strish, "a string")?;
                    need(1, Ty::NUM, "a number")?;
                }
                Builtin::StrRep => {
                    need(0, strish, "a string")?;
                    need(2, strish, "a string")?;
                    match args.get(1).map(|a| &a.kind) {
                        Some(ExprKind::Num(n)) if *n <= 10000.0 => {}
                        _ => {
                            return reject(
                                "calls string.rep with a count that is not a constant up to 10000",
                                pos,
                            );
                        }
                    }
                }
                Builtin::MathFloor
                | Builtin::MathCeil
                | Builtin::MathAbs
                | Builtin::MathSqrt
                | Builtin::MathMax
                | Builtin::MathMin
                | Builtin::HttpTime => {
                    for i in 0..args.len() {
                        need(i, Ty::NUM, "a number")?;
                    }
                }
                Builtin::GetMethod
                | Builtin::UriArgs
                | Builtin::ReqHeaders
                | Builtin::Now
                | Builtin::Time
                | Builtin::Today
                | Builtin::LocalTime
                | Builtin::UtcTime => {}
            }
        }
        _ => {}
    }
    Ok(())
}
