//! full_moon's AST → the IR of the subset, or the first construct that keeps the handler on
//! LuaJIT (with its position in the chunk).
//!
//! Besides the shape of the code, lowering settles what LuaJIT's messages would say: the line
//! of each instruction that can raise (the line of the last token of its right operand, where
//! the parser emits it; the line of `(` for calls) and the names LuaJIT gives operands
//! (`lj_debug_slotname`: `local 'x'` for a local, `field 'k'` for `t.k` / `t["k"]`, `global
//! 'g'`, nothing for constants, calls and results of other operators).

use full_moon::ast::{self, BinOp, Expression, FunctionArgs, Index, Prefix, Suffix, UnOp, Var};
use full_moon::node::Node;
use full_moon::tokenizer::{StringLiteralQuoteType, TokenReference, TokenType};
use restyc_runtime::plan::LogLevel;

use super::ir::*;
use super::taint::Taint;

/// Why a handler stays on LuaJIT, and where (chunk position).
#[derive(Clone, Debug)]
pub struct Reject {
    pub reason: String,
    pub pos: Pos,
}

pub type R<T> = Result<T, Reject>;

fn reject<T>(reason: impl Into<String>, pos: Pos) -> R<T> {
    Err(Reject {
        reason: reason.into(),
        pos,
    })
}

fn pos_of(n: &dyn Node) -> Pos {
    n.start_position()
        .map(|p| Pos {
            line: p.line() as u32,
            col: p.character() as u32,
        })
        .unwrap_or(Pos { line: 1, col: 1 })
}

fn end_line(n: &dyn Node) -> u32 {
    n.end_position().map(|p| p.line() as u32).unwrap_or(1)
}

fn tok_str(t: &TokenReference) -> String {
    t.token().to_string()
}

/// The `ngx.*` number constants (`ngx_http_lua_inject_core_consts`, `_http_consts`, log levels).
pub fn ngx_constant(name: &str) -> Option<f64> {
    let v: i64 = match name {
        "OK" => 0,
        "ERROR" => -1,
        "AGAIN" => -2,
        "DONE" => -4,
        "DECLINED" => -5,
        "HTTP_GET" => 2,
        "HTTP_HEAD" => 4,
        "HTTP_POST" => 8,
        "HTTP_PUT" => 16,
        "HTTP_DELETE" => 32,
        "HTTP_MKCOL" => 64,
        "HTTP_COPY" => 128,
        "HTTP_MOVE" => 256,
        "HTTP_OPTIONS" => 512,
        "HTTP_PROPFIND" => 1024,
        "HTTP_PROPPATCH" => 2048,
        "HTTP_LOCK" => 4096,
        "HTTP_UNLOCK" => 8192,
        "HTTP_PATCH" => 16384,
        "HTTP_TRACE" => 32768,
        "HTTP_CONTINUE" => 100,
        "HTTP_SWITCHING_PROTOCOLS" => 101,
        "HTTP_OK" => 200,
        "HTTP_CREATED" => 201,
        "HTTP_ACCEPTED" => 202,
        "HTTP_NO_CONTENT" => 204,
        "HTTP_PARTIAL_CONTENT" => 206,
        "HTTP_SPECIAL_RESPONSE" => 300,
        "HTTP_MOVED_PERMANENTLY" => 301,
        "HTTP_MOVED_TEMPORARILY" => 302,
        "HTTP_SEE_OTHER" => 303,
        "HTTP_NOT_MODIFIED" => 304,
        "HTTP_TEMPORARY_REDIRECT" => 307,
        "HTTP_PERMANENT_REDIRECT" => 308,
        "HTTP_BAD_REQUEST" => 400,
        "HTTP_UNAUTHORIZED" => 401,
        "HTTP_PAYMENT_REQUIRED" => 402,
        "HTTP_FORBIDDEN" => 403,
        "HTTP_NOT_FOUND" => 404,
        "HTTP_NOT_ALLOWED" => 405,
        "HTTP_NOT_ACCEPTABLE" => 406,
        "HTTP_REQUEST_TIMEOUT" => 408,
        "HTTP_CONFLICT" => 409,
        "HTTP_GONE" => 410,
        "HTTP_UPGRADE_REQUIRED" => 426,
        "HTTP_TOO_MANY_REQUESTS" => 429,
        "HTTP_CLOSE" => 444,
        "HTTP_ILLEGAL" => 451,
        "HTTP_INTERNAL_SERVER_ERROR" => 500,
        "HTTP_METHOD_NOT_IMPLEMENTED" => 501,
        "HTTP_BAD_GATEWAY" => 502,
        "HTTP_SERVICE_UNAVAILABLE" => 503,
        "HTTP_GATEWAY_TIMEOUT" => 504,
        "HTTP_VERSION_NOT_SUPPORTED" => 505,
        "HTTP_INSUFFICIENT_STORAGE" => 507,
        "STDERR" => 0,
        "EMERG" => 1,
        "ALERT" => 2,
        "CRIT" => 3,
        "ERR" => 4,
        "WARN" => 5,
        "NOTICE" => 6,
        "INFO" => 7,
        "DEBUG" => 8,
        _ => return None,
    };
    Some(v as f64)
}

/// Global functions of the subset, by path.
fn builtin(path: &str) -> Option<Builtin> {
    Some(match path {
        "tostring" => Builtin::ToString,
        "tonumber" => Builtin::ToNumber,
        "type" => Builtin::Type,
        "string.len" => Builtin::StrLen,
        "string.sub" => Builtin::StrSub,
        "string.upper" => Builtin::StrUpper,
        "string.lower" => Builtin::StrLower,
        "string.rep" => Builtin::StrRep,
        "string.byte" => Builtin::StrByte,
        "string.reverse" => Builtin::StrReverse,
        "string.format" => Builtin::StrFormat,
        "string.find" => Builtin::StrFind,
        "math.floor" => Builtin::MathFloor,
        "math.ceil" => Builtin::MathCeil,
        "math.abs" => Builtin::MathAbs,
        "math.sqrt" => Builtin::MathSqrt,
        "math.max" => Builtin::MathMax,
        "math.min" => Builtin::MathMin,
        "ngx.req.get_method" => Builtin::GetMethod,
        "ngx.req.get_uri_args" => Builtin::UriArgs,
        "ngx.req.get_headers" => Builtin::ReqHeaders,
        "ngx.now" => Builtin::Now,
        "ngx.time" => Builtin::Time,
        "ngx.today" => Builtin::Today,
        "ngx.localtime" => Builtin::LocalTime,
        "ngx.utctime" => Builtin::UtcTime,
        "ngx.http_time" => Builtin::HttpTime,
        _ => return None,
    })
}

/// String methods (`s:upper()`), by name.
fn string_method(name: &str) -> Option<Builtin> {
    builtin(&format!("string.{name}"))
}

/// Allowed argument counts of each builtin (LuaJIT raises on missing ones).
fn arity(f: Builtin) -> (usize, usize) {
    match f {
        Builtin::ToString | Builtin::ToNumber | Builtin::Type => (1, 1),
        Builtin::StrLen | Builtin::StrUpper | Builtin::StrLower | Builtin::StrReverse => (1, 1),
        Builtin::StrFormat => (1, 64),
        Builtin::StrFind => (2, 4),
        Builtin::StrSub => (2, 3),
        Builtin::StrRep => (2, 3),
        Builtin::StrByte => (1, 2),
        Builtin::MathFloor | Builtin::MathCeil | Builtin::MathAbs | Builtin::MathSqrt => (1, 1),
        Builtin::MathMax | Builtin::MathMin => (1, 8),
        Builtin::GetMethod
        | Builtin::Now
        | Builtin::Time
        | Builtin::Today
        | Builtin::LocalTime
        | Builtin::UtcTime => (0, 0),
        Builtin::UriArgs | Builtin::ReqHeaders => (0, 0),
        Builtin::HttpTime => (1, 1),
    }
}

/// A callee or global read recognised by its path from a global root.
enum Path {
    /// A path of constant names from a global: `ngx.req.get_method`.
    Global(Vec<String>),
    /// Something else (a local's field, a computed key...).
    Other,
}

struct Scope {
    names: Vec<(String, LocalId)>,
}

pub struct Lower<'a> {
    src_lines: Vec<&'a str>,
    taint: &'a Taint,
    scopes: Vec<Scope>,
    locals: Vec<Local>,
    loops: usize,
}

impl<'a> Lower<'a> {
    pub fn new(src: &'a str, taint: &'a Taint) -> Self {
        Lower {
            src_lines: src.lines().collect(),
            taint,
            scopes: vec![Scope { names: vec![] }],
            locals: vec![],
            loops: 0,
        }
    }

    pub fn handler(mut self, src: &str) -> R<Handler> {
        if super::too_deep(src).is_some() {
            return reject("nests deeper than LuaJIT accepts", Pos { line: 1, col: 1 });
        }
        let ast =
            match full_moon::parse_fallible(src, full_moon::LuaVersion::luajit()).into_result() {
                Ok(a) => a,
                Err(errs) => {
                    let pos = errs
                        .first()
                        .map(|e| {
                            let (s, _) = e.range();
                            Pos {
                                line: s.line() as u32,
                                col: s.character() as u32,
                            }
                        })
                        .unwrap_or_default();
                    return reject("has a Lua syntax error", pos);
                }
            };
        let body = self.block(ast.nodes())?;
        if self.locals.len() > 200 {
            return reject("has more than 200 locals", Pos { line: 1, col: 1 });
        }
        Ok(Handler {
            locals: self.locals,
            body,
        })
    }

    fn src_of(&self, from: u32, to: u32) -> Vec<String> {
        (from..=to.max(from))
            .filter_map(|l| self.src_lines.get(l as usize - 1))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    fn lookup(&self, name: &str) -> Option<LocalId> {
        self.scopes.iter().rev().find_map(|s| {
            s.names
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, id)| *id)
        })
    }

    fn new_local(&mut self, name: &str) -> LocalId {
        let id = self.locals.len();
        let base: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let mut rust = match base.as_str() {
            "_" => "__r_".to_string(),
            // Names the generated code uses as values, or that patterns would take for variants.
            "ctx" | "self" | "Self" | "super" | "crate" | "None" | "Some" | "Ok" | "Err"
            | "for_continue" => {
                format!("{base}_")
            }
            b if syn::parse_str::<syn::Ident>(b).is_err() => format!("{base}_"),
            _ => base.clone(),
        };
        if rust.starts_with("__r_") && base != "_" {
            rust = format!("l_{rust}");
        }
        let taken = |r: &str, ls: &[Local]| ls.iter().any(|l| l.rust == r);
        if taken(&rust, &self.locals) {
            let mut n = 1;
            while taken(&format!("{rust}_{n}"), &self.locals) {
                n += 1;
            }
            rust = format!("{rust}_{n}");
        }
        self.locals.push(Local {
            name: name.to_string(),
            rust,
            ty: Ty::NONE,
            mutated: false,
        });
        id
    }

    fn activate(&mut self, name: &str, id: LocalId) {
        if let Some(s) = self.scopes.last_mut() {
            s.names.push((name.to_string(), id));
        }
    }

    fn scoped<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        self.scopes.push(Scope { names: vec![] });
        let r = f(self);
        self.scopes.pop();
        r
    }

    fn block(&mut self, b: &ast::Block) -> R<Vec<Stmt>> {
        self.scoped(|this| this.block_stmts(b))
    }

    fn block_stmts(&mut self, b: &ast::Block) -> R<Vec<Stmt>> {
        let mut out = vec![];
        for s in b.stmts() {
            out.push(self.stmt(s)?);
        }
        if let Some(last) = b.last_stmt() {
            let pos = pos_of(last);
            let src = self.src_of(pos.line, end_line(last));
            match last {
                ast::LastStmt::Break(t) => {
                    if self.loops == 0 {
                        return reject("has a break outside a loop", pos_of(t));
                    }
                    out.push(Stmt {
                        pos,
                        src,
                        kind: StmtKind::Break,
                    });
                }
                ast::LastStmt::Return(r) => {
                    let exprs: Vec<&Expression> = r.returns().iter().collect();
                    // `return ngx.exit(code)` is the usual way to end a handler.
                    if exprs.len() == 1 {
                        if let Expression::FunctionCall(c) = exprs[0] {
                            if let Some(kind) = self.api_statement(c)? {
                                if matches!(kind, StmtKind::Redirect { .. }) {
                                    return reject(
                                        "tail-calls ngx.redirect (the error traceback of a tail call is not reproduced)",
                                        pos_of(c),
                                    );
                                }
                                out.push(Stmt {
                                    pos,
                                    src: src.clone(),
                                    kind,
                                });
                                out.push(Stmt {
                                    pos,
                                    src: vec![],
                                    kind: StmtKind::Return(vec![]),
                                });
                                return Ok(out);
                            }
                        }
                    }
                    let mut vals = vec![];
                    for e in &exprs {
                        vals.push(self.expr(e)?);
                    }
                    out.push(Stmt {
                        pos,
                        src,
                        kind: StmtKind::Return(vals),
                    });
                }
                _ => return reject("uses an unsupported statement", pos),
            }
        }
        Ok(out)
    }

    fn stmt(&mut self, s: &ast::Stmt) -> R<Stmt> {
        let pos = pos_of(s);
        let header_end = match s {
            ast::Stmt::If(i) => end_line(i.then_token()),
            ast::Stmt::While(w) => end_line(w.do_token()),
            ast::Stmt::NumericFor(f) => end_line(f.do_token()),
            ast::Stmt::Do(d) => end_line(d.do_token()),
            ast::Stmt::Repeat(r) => end_line(r.repeat_token()),
            _ => end_line(s),
        };
        let src = self.src_of(pos.line, header_end);
        let kind = match s {
            ast::Stmt::LocalAssignment(a) => {
                let names: Vec<&TokenReference> = a.names().iter().collect();
                let exprs: Vec<&Expression> = a.expressions().iter().collect();
                let (vals, expand) = self.expr_list(&exprs, names.len())?;
                let mut vars = vec![];
                for n in &names {
                    vars.push(self.new_local(&tok_str(n)));
                }
                for (n, id) in names.iter().zip(&vars) {
                    self.activate(&tok_str(n), *id);
                }
                StmtKind::Local { vars, vals, expand }
            }
            ast::Stmt::Assignment(a) => self.assignment(a)?,
            ast::Stmt::FunctionCall(c) => match self.api_statement(c)? {
                Some(k) => k,
                None => StmtKind::Eval(self.call_expr(c)?),
            },
            ast::Stmt::Do(d) => StmtKind::Do(self.block(d.block())?),
            ast::Stmt::If(i) => {
                let mut arms = vec![(self.expr(i.condition())?, self.block(i.block())?, vec![])];
                for ei in i.else_if().into_iter().flatten() {
                    let head = self.src_of(pos_of(ei).line, end_line(ei.then_token()));
                    arms.push((self.expr(ei.condition())?, self.block(ei.block())?, head));
                }
                let els = match i.else_block() {
                    Some(b) => Some(self.block(b)?),
                    None => None,
                };
                StmtKind::If { arms, els }
            }
            ast::Stmt::While(w) => {
                let cond = self.expr(w.condition())?;
                self.loops += 1;
                let body = self.block(w.block());
                self.loops -= 1;
                StmtKind::While { cond, body: body? }
            }
            ast::Stmt::Repeat(r) => {
                self.loops += 1;
                let res = self.scoped(|this| {
                    let body = this.block_stmts(r.block())?;
                    let cond = this.expr(r.until())?;
                    Ok((body, cond))
                });
                self.loops -= 1;
                let (body, cond) = res?;
                StmtKind::Repeat { body, cond }
            }
            ast::Stmt::NumericFor(f) => {
                let start = self.expr(f.start())?;
                let limit = self.expr(f.end())?;
                let step = match f.step() {
                    Some(e) => Some(self.expr(e)?),
                    None => None,
                };
                let name = tok_str(f.index_variable());
                let var = self.new_local(&name);
                self.loops += 1;
                let body = self.scoped(|this| {
                    this.activate(&name, var);
                    this.block_stmts(f.block())
                });
                self.loops -= 1;
                StmtKind::NumFor {
                    var,
                    start,
                    limit,
                    step,
                    line: end_line(f.do_token()),
                    body: body?,
                }
            }
            ast::Stmt::GenericFor(_) => return reject("uses a generic for loop", pos),
            ast::Stmt::FunctionDeclaration(_) | ast::Stmt::LocalFunction(_) => {
                return reject("defines a function", pos);
            }
            _ => return reject("uses an unsupported statement (goto or label)", pos),
        };
        Ok(Stmt { pos, src, kind })
    }

    /// An expression list assigned to `n` targets; whether the last expression is a call whose
    /// further results fill the targets left over.
    fn expr_list(&mut self, exprs: &[&Expression], n: usize) -> R<(Vec<Expr>, bool)> {
        let mut vals = vec![];
        let mut expand = false;
        for (i, e) in exprs.iter().enumerate() {
            let v = self.expr(e)?;
            if i + 1 == exprs.len() && n > exprs.len() {
                if let ExprKind::Call { f, .. } = &v.kind {
                    expand = f.results() > 1 && matches!(e, Expression::FunctionCall(_));
                }
            }
            vals.push(v);
        }
        Ok((vals, expand))
    }

    fn assignment(&mut self, a: &ast::Assignment) -> R<StmtKind> {
        let vars: Vec<&Var> = a.variables().iter().collect();
        let exprs: Vec<&Expression> = a.expressions().iter().collect();
        let mut targets = vec![];
        for v in &vars {
            targets.push(self.target(v, end_line(a))?);
        }
        if targets.len() > 1 {
            let mut seen = vec![];
            for (t, v) in targets.iter().zip(&vars) {
                match t {
                    Target::Local(id) if !seen.contains(id) => seen.push(*id),
                    Target::Local(_) => return reject("assigns the same local twice", pos_of(*v)),
                    _ => return reject("assigns ngx fields in a multiple assignment", pos_of(*v)),
                }
            }
        }
        let (vals, expand) = self.expr_list(&exprs, targets.len())?;
        for t in &targets {
            if let Target::Local(id) = t {
                self.locals[*id].mutated = true;
            }
        }
        Ok(StmtKind::Assign {
            targets,
            vals,
            expand,
        })
    }

    /// An assignment target; `line` is where LuaJIT stores into it (the end of the statement).
    fn target(&mut self, v: &Var, line: u32) -> R<Target> {
        let pos = pos_of(v);
        match v {
            Var::Name(n) => {
                let name = tok_str(n);
                match self.lookup(&name) {
                    Some(id) => Ok(Target::Local(id)),
                    None => reject(format!("assigns the global '{name}'"), pos),
                }
            }
            Var::Expression(ve) => {
                let suffixes: Vec<&Suffix> = ve.suffixes().collect();
                match self.path(ve.prefix(), &suffixes)? {
                    Path::Global(p) if p.len() == 2 && p[0] == "ngx" && p[1] == "status" => {
                        self.check_taint("ngx.status", pos)?;
                        Ok(Target::Status { line })
                    }
                    Path::Global(p) if p.len() == 3 && p[0] == "ngx" && p[1] == "header" => {
                        self.check_taint("ngx.header", pos)?;
                        Ok(Target::Header {
                            name: p[2].clone(),
                            line,
                        })
                    }
                    Path::Global(p) if p.len() == 3 && p[0] == "ngx" && p[1] == "var" => {
                        self.check_taint("ngx.var", pos)?;
                        Ok(Target::Var {
                            name: p[2].clone(),
                            line,
                        })
                    }
                    Path::Global(p) if p.len() >= 2 && p[0] == "ngx" && p[1] == "var" => {
                        reject("assigns ngx.var", pos)
                    }
                    Path::Global(p) => reject(format!("assigns {}", p.join(".")), pos),
                    Path::Other => reject("assigns a table field", pos),
                }
            }
            _ => reject("assigns an unsupported target", pos),
        }
    }

    fn check_taint(&self, path: &str, pos: Pos) -> R<()> {
        if let Some((why, at)) = &self.taint.all {
            return reject(
                format!("uses {path}, and the configuration {why} (at {at})"),
                pos,
            );
        }
        if self.taint.touches(path) {
            return reject(
                format!("uses {path}, which the configuration reassigns"),
                pos,
            );
        }
        Ok(())
    }

    /// The constant-name path of a prefix + index suffixes when its root is a global.
    fn path(&mut self, prefix: &Prefix, suffixes: &[&Suffix]) -> R<Path> {
        let Prefix::Name(n) = prefix else {
            return Ok(Path::Other);
        };
        let root = tok_str(n);
        if self.lookup(&root).is_some() {
            return Ok(Path::Other);
        }
        let mut p = vec![root];
        for s in suffixes {
            match s {
                Suffix::Index(Index::Dot { name, .. }) => p.push(tok_str(name)),
                Suffix::Index(Index::Brackets { expression, .. }) => match &**expression {
                    Expression::String(t) => match string_lit(t) {
                        Some(v) => match String::from_utf8(v) {
                            Ok(s) => p.push(s),
                            Err(_) => return reject("indexes with a non-UTF-8 key", pos_of(*s)),
                        },
                        None => return reject("has a malformed string literal", pos_of(t)),
                    },
                    // ngx.var[1]: a regex capture.
                    Expression::Number(t) if p.len() == 2 && p[0] == "ngx" && p[1] == "var" => {
                        match super::lex::number_value(&tok_str(t)) {
                            Some(n) if n >= 0.0 && n == n.trunc() && n < 1e9 => {
                                p.push(format!("{}", n as i64))
                            }
                            _ => {
                                return reject(
                                    "indexes ngx.var with a number that is not a capture index",
                                    pos_of(*s),
                                );
                            }
                        }
                    }
                    _ => return reject("indexes a global table with a computed key", pos_of(*s)),
                },
                _ => return reject("uses an unsupported suffix", pos_of(*s)),
            }
        }
        Ok(Path::Global(p))
    }

    /// `ngx.say(...)` and the other calls that are statements rather than values.
    fn api_statement(&mut self, c: &ast::FunctionCall) -> R<Option<StmtKind>> {
        let suffixes: Vec<&Suffix> = c.suffixes().collect();
        let Some((Suffix::Call(ast::Call::AnonymousCall(args)), head)) = suffixes.split_last()
        else {
            return Ok(None);
        };
        let Path::Global(p) = self.path(c.prefix(), head)? else {
            return Ok(None);
        };
        let path = p.join(".");
        let pos = pos_of(c);
        let call_line = args_line(args);
        let kind = match path.as_str() {
            "ngx.say" | "ngx.print" => {
                self.check_taint(&path, pos)?;
                StmtKind::Say {
                    args: self.call_args(args, true)?,
                    newline: path == "ngx.say",
                }
            }
            "print" => {
                self.check_taint(&path, pos)?;
                StmtKind::Log {
                    level: LogLevel::Notice,
                    line: call_line,
                    args: self.call_args(args, true)?,
                }
            }
            "ngx.log" => {
                self.check_taint(&path, pos)?;
                let mut a = self.call_args(args, true)?;
                if a.is_empty() {
                    return reject("calls ngx.log without a level", pos);
                }
                let lv = a.remove(0);
                let level = match lv.kind {
                    ExprKind::Num(n) => LogLevel::from_number(n as i64),
                    _ => {
                        return reject("calls ngx.log with a level that is not a constant", lv.pos);
                    }
                };
                let Some(level) = level else {
                    return reject("calls ngx.log with a bad level", lv.pos);
                };
                StmtKind::Log {
                    level,
                    line: call_line,
                    args: a,
                }
            }
            "ngx.exit" => {
                self.check_taint(&path, pos)?;
                let mut a = self.call_args(args, false)?;
                if a.len() != 1 {
                    return reject("calls ngx.exit without exactly one argument", pos);
                }
                StmtKind::Exit { code: a.remove(0) }
            }
            "ngx.redirect" => {
                self.check_taint(&path, pos)?;
                let mut a = self.call_args(args, false)?;
                if a.is_empty() || a.len() > 2 {
                    return reject("calls ngx.redirect with an unsupported argument list", pos);
                }
                let code = match a.get(1).map(|e| &e.kind) {
                    None | Some(ExprKind::Nil) => 302,
                    Some(ExprKind::Num(n)) if matches!(*n as i64, 301 | 302 | 303 | 307 | 308) => {
                        *n as i64
                    }
                    _ => {
                        return reject(
                            "calls ngx.redirect with a status that is not a constant redirect code",
                            pos,
                        );
                    }
                };
                StmtKind::Redirect {
                    uri: a.remove(0),
                    code,
                    line: call_line,
                }
            }
            _ => return Ok(None),
        };
        Ok(Some(kind))
    }

    /// Call arguments; `expand`: whether the last one may pass all its values (calls whose
    /// extra values would be visible are refused).
    fn call_args(&mut self, args: &FunctionArgs, _expand: bool) -> R<Vec<Expr>> {
        match args {
            FunctionArgs::Parentheses { arguments, .. } => {
                let exprs: Vec<&Expression> = arguments.iter().collect();
                let mut out = vec![];
                for (i, e) in exprs.iter().enumerate() {
                    let v = self.expr(e)?;
                    if i + 1 == exprs.len() {
                        if let (ExprKind::Call { f, .. }, Expression::FunctionCall(_)) =
                            (&v.kind, e)
                        {
                            if f.results() > 1 {
                                return reject(
                                    "passes all results of a call returning several values",
                                    v.pos,
                                );
                            }
                        }
                    }
                    out.push(v);
                }
                Ok(out)
            }
            FunctionArgs::String(t) => match string_lit(t) {
                Some(v) => Ok(vec![Expr::new(ExprKind::Str(v), pos_of(t))]),
                None => reject("has a malformed string literal", pos_of(t)),
            },
            FunctionArgs::TableConstructor(t) => reject("has a table constructor", pos_of(&**t)),
            _ => reject("uses unsupported call arguments", Pos::default()),
        }
    }

    /// A call used as a value.
    fn call_expr(&mut self, c: &ast::FunctionCall) -> R<Expr> {
        let pos = pos_of(c);
        let suffixes: Vec<&Suffix> = c.suffixes().collect();
        let Some((last, head)) = suffixes.split_last() else {
            return reject("uses an unsupported call", pos);
        };
        match last {
            Suffix::Call(ast::Call::AnonymousCall(args)) => {
                let path = match self.path(c.prefix(), head)? {
                    Path::Global(p) => p.join("."),
                    Path::Other => {
                        return reject("calls a value that is not a known library function", pos);
                    }
                };
                match path.as_str() {
                    "ngx.say" | "ngx.print" | "ngx.log" | "ngx.exit" | "ngx.redirect" | "print" => {
                        return reject(format!("uses the results of {path}"), pos);
                    }
                    // string.char of constant codes: the string is known at build time.
                    "string.char" => {
                        self.check_taint(&path, pos)?;
                        let a = self.call_args(args, false)?;
                        let mut bytes = vec![];
                        for e in &a {
                            let code = match e.kind {
                                ExprKind::Num(n) => restyc_runtime::native::num::to_int(n),
                                _ => {
                                    return reject(
                                        "calls string.char with codes that are not constants",
                                        e.pos,
                                    );
                                }
                            };
                            if !(0..=255).contains(&code) {
                                return reject(
                                    "calls string.char with a code out of 0..255",
                                    e.pos,
                                );
                            }
                            bytes.push(code as u8);
                        }
                        return Ok(Expr::new(ExprKind::Str(bytes), pos));
                    }
                    _ => {}
                }
                let Some(f) = builtin(&path) else {
                    return reject(format!("calls {path}"), pos);
                };
                self.check_taint(&path, pos)?;
                let a = self.call_args(args, true)?;
                let (lo, hi) = arity(f);
                if a.len() < lo || a.len() > hi {
                    return reject(format!("calls {path} with {} arguments", a.len()), pos);
                }
                Ok(Expr::new(
                    ExprKind::Call {
                        f,
                        args: a,
                        method: false,
                    },
                    pos,
                ))
            }
            Suffix::Call(ast::Call::MethodCall(m)) => {
                let name = tok_str(m.name());
                let Some(f) = string_method(&name) else {
                    return reject(format!("calls the method :{name}()"), pos);
                };
                self.check_taint(&format!("string.{name}"), pos)?;
                // The receiver: a local, a parenthesized expression, or a path.
                let recv = match (c.prefix(), head.is_empty()) {
                    (Prefix::Name(n), true) => self.name(n)?,
                    (Prefix::Expression(e), true) => self.expr(e)?,
                    _ => {
                        let ve_expr = self.index_chain(c.prefix(), head, pos)?;
                        ve_expr
                    }
                };
                let mut a = vec![recv];
                a.extend(self.call_args(m.args(), true)?);
                let (lo, hi) = arity(f);
                if a.len() < lo || a.len() > hi {
                    return reject(
                        format!("calls :{name}() with {} arguments", a.len() - 1),
                        pos,
                    );
                }
                Ok(Expr::new(
                    ExprKind::Call {
                        f,
                        args: a,
                        method: true,
                    },
                    pos,
                ))
            }
            _ => reject("uses an unsupported call", pos),
        }
    }

    fn name(&mut self, n: &TokenReference) -> R<Expr> {
        let name = tok_str(n);
        let pos = pos_of(n);
        match self.lookup(&name) {
            Some(id) => Ok(Expr::new(ExprKind::Local(id), pos)),
            None => reject(format!("reads the global '{name}'"), pos),
        }
    }

    /// `prefix.suffix...` as a value (no call at the end).
    fn index_chain(&mut self, prefix: &Prefix, suffixes: &[&Suffix], pos: Pos) -> R<Expr> {
        if let Path::Global(p) = self.path(prefix, suffixes)? {
            return self.global_value(&p, pos);
        }
        // A local (or parenthesized expression) followed by constant-key indexes.
        let mut e = match prefix {
            Prefix::Name(n) => self.name(n)?,
            Prefix::Expression(x) => self.expr(x)?,
            _ => return reject("uses an unsupported expression", pos),
        };
        for s in suffixes {
            let key = match s {
                Suffix::Index(Index::Dot { name, .. }) => tok_str(name).into_bytes(),
                Suffix::Index(Index::Brackets { expression, .. }) => match &**expression {
                    Expression::String(t) => match string_lit(t) {
                        Some(v) => v,
                        None => return reject("has a malformed string literal", pos_of(t)),
                    },
                    _ => return reject("indexes a table with a computed key", pos_of(*s)),
                },
                Suffix::Call(_) => return reject("calls the result of an expression", pos_of(*s)),
                _ => return reject("uses an unsupported suffix", pos_of(*s)),
            };
            let p = e.pos;
            e = Expr::new(
                ExprKind::Field {
                    table: Box::new(e),
                    key,
                },
                p,
            );
        }
        Ok(e)
    }

    /// A global path read as a value: `ngx.var.uri`, `ngx.HTTP_OK`, `ngx.status`, `math.huge`.
    fn global_value(&mut self, p: &[String], pos: Pos) -> R<Expr> {
        let path = p.join(".");
        match p.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["ngx", "var", name] => {
                self.check_taint("ngx.var", pos)?;
                Ok(Expr::new(ExprKind::Var(name.to_string()), pos))
            }
            ["ngx", "status"] => {
                self.check_taint("ngx.status", pos)?;
                Ok(Expr::new(ExprKind::Status, pos))
            }
            ["ngx", c] if ngx_constant(c).is_some() => {
                self.check_taint(&path, pos)?;
                Ok(Expr::new(
                    ExprKind::Num(ngx_constant(c).unwrap_or(0.0)),
                    pos,
                ))
            }
            ["math", "huge"] => {
                self.check_taint(&path, pos)?;
                Ok(Expr::new(ExprKind::Num(f64::INFINITY), pos))
            }
            ["math", "pi"] => {
                self.check_taint(&path, pos)?;
                Ok(Expr::new(ExprKind::Num(std::f64::consts::PI), pos))
            }
            [g] => reject(format!("reads the global '{g}'"), pos),
            _ => reject(format!("reads {path}"), pos),
        }
    }

    /// LuaJIT's name for the register an operand ends up in (`None`: not settled, e.g. the
    /// result of `and` / `or`, whose register several instructions write).
    fn slot_name(&self, e: &Expression) -> Option<String> {
        match e {
            Expression::Parentheses { expression, .. } => self.slot_name(expression),
            Expression::Var(Var::Name(n)) => {
                let name = tok_str(n);
                Some(if self.lookup(&name).is_some() {
                    format!("local '{name}'")
                } else {
                    format!("global '{name}'")
                })
            }
            Expression::Var(Var::Expression(ve)) => match ve.suffixes().last() {
                Some(Suffix::Index(Index::Dot { name, .. })) => {
                    Some(format!("field '{}'", tok_str(name)))
                }
                Some(Suffix::Index(Index::Brackets { expression, .. })) => match &**expression {
                    Expression::String(t) => string_lit(t)
                        .and_then(|v| String::from_utf8(v).ok())
                        .map(|k| format!("field '{k}'")),
                    _ => Some(String::new()),
                },
                _ => Some(String::new()),
            },
            Expression::BinaryOperator {
                binop: BinOp::And(_) | BinOp::Or(_),
                ..
            } => None,
            _ => Some(String::new()),
        }
    }

    pub fn expr(&mut self, e: &Expression) -> R<Expr> {
        let pos = pos_of(e);
        match e {
            Expression::Number(t) => {
                let text = tok_str(t);
                match super::lex::number_value(&text) {
                    Some(n) => Ok(Expr::new(ExprKind::Num(n), pos)),
                    None => reject(format!("has the number literal {text}"), pos),
                }
            }
            Expression::String(t) => match string_lit(t) {
                Some(v) => Ok(Expr::new(ExprKind::Str(v), pos)),
                None => reject("has a malformed string literal", pos),
            },
            Expression::Symbol(t) => match tok_str(t).as_str() {
                "nil" => Ok(Expr::new(ExprKind::Nil, pos)),
                "true" => Ok(Expr::new(ExprKind::Bool(true), pos)),
                "false" => Ok(Expr::new(ExprKind::Bool(false), pos)),
                "..." => reject("uses '...'", pos),
                s => reject(format!("uses '{s}'"), pos),
            },
            Expression::Parentheses { expression, .. } => {
                let mut e = self.expr(expression)?;
                e.pos = pos;
                Ok(e)
            }
            Expression::UnaryOperator { unop, expression } => {
                let line = end_line(&**expression);
                match unop {
                    UnOp::Not(_) => Ok(Expr::new(
                        ExprKind::Not(Box::new(self.expr(expression)?)),
                        pos,
                    )),
                    UnOp::Minus(_) => {
                        let inner = self.expr(expression)?;
                        // LuaJIT folds the negation of a number constant other than zero.
                        if let ExprKind::Num(n) = inner.kind {
                            if n != 0.0 && !n.is_nan() {
                                return Ok(Expr::new(ExprKind::Num(-n), pos));
                            }
                        }
                        let name = self.slot_name(expression);
                        Ok(Expr::new(
                            ExprKind::Neg {
                                e: Box::new(inner),
                                name: name.unwrap_or_else(|| "?".into()),
                                line,
                            },
                            pos,
                        ))
                    }
                    UnOp::Hash(_) => {
                        let inner = self.expr(expression)?;
                        let name = self.slot_name(expression);
                        Ok(Expr::new(
                            ExprKind::Len {
                                e: Box::new(inner),
                                name: name.unwrap_or_else(|| "?".into()),
                                line,
                            },
                            pos,
                        ))
                    }
                    _ => reject("uses an unsupported operator", pos),
                }
            }
            Expression::BinaryOperator { lhs, binop, rhs } => self.binop(lhs, binop, rhs, pos),
            Expression::FunctionCall(c) => self.call_expr(c),
            Expression::Var(Var::Name(n)) => self.name(n),
            Expression::Var(Var::Expression(ve)) => {
                let suffixes: Vec<&Suffix> = ve.suffixes().collect();
                self.index_chain(ve.prefix(), &suffixes, pos)
            }
            Expression::TableConstructor(_) => reject("has a table constructor", pos),
            Expression::Function(_) => reject("defines a function", pos),
            _ => reject("uses an unsupported expression", pos),
        }
    }

    fn binop(&mut self, lhs: &Expression, op: &BinOp, rhs: &Expression, pos: Pos) -> R<Expr> {
        let line = end_line(rhs);
        let ar = match op {
            BinOp::Plus(_) => Some(ArOp::Add),
            BinOp::Minus(_) => Some(ArOp::Sub),
            BinOp::Star(_) => Some(ArOp::Mul),
            BinOp::Slash(_) => Some(ArOp::Div),
            BinOp::Percent(_) => Some(ArOp::Mod),
            BinOp::Caret(_) => Some(ArOp::Pow),
            _ => None,
        };
        if let Some(op) = ar {
            let l = self.expr(lhs)?;
            let r = self.expr(rhs)?;
            let names = [
                self.slot_name(lhs).unwrap_or_else(|| "?".into()),
                self.slot_name(rhs).unwrap_or_else(|| "?".into()),
            ];
            return Ok(Expr::new(
                ExprKind::Arith {
                    op,
                    l: Box::new(l),
                    r: Box::new(r),
                    names,
                    line,
                },
                pos,
            ));
        }
        let cmp = match op {
            BinOp::TwoEqual(_) => Some(CmpOp::Eq),
            BinOp::TildeEqual(_) => Some(CmpOp::Ne),
            BinOp::LessThan(_) => Some(CmpOp::Lt),
            BinOp::LessThanEqual(_) => Some(CmpOp::Le),
            BinOp::GreaterThan(_) => Some(CmpOp::Gt),
            BinOp::GreaterThanEqual(_) => Some(CmpOp::Ge),
            _ => None,
        };
        if let Some(op) = cmp {
            let l = self.expr(lhs)?;
            let r = self.expr(rhs)?;
            return Ok(Expr::new(
                ExprKind::Cmp {
                    op,
                    l: Box::new(l),
                    r: Box::new(r),
                    line,
                },
                pos,
            ));
        }
        match op {
            BinOp::And(_) => Ok(Expr::new(
                ExprKind::And(Box::new(self.expr(lhs)?), Box::new(self.expr(rhs)?)),
                pos,
            )),
            BinOp::Or(_) => Ok(Expr::new(
                ExprKind::Or(Box::new(self.expr(lhs)?), Box::new(self.expr(rhs)?)),
                pos,
            )),
            BinOp::TwoDots(_) => {
                // A right-leaning chain is one BC_CAT; its line is that of the last operand.
                let mut parts = vec![lhs];
                let mut cur = rhs;
                loop {
                    match strip_parens(cur) {
                        Expression::BinaryOperator {
                            lhs: l2,
                            binop: BinOp::TwoDots(_),
                            rhs: r2,
                        } => {
                            parts.push(l2);
                            cur = r2;
                        }
                        _ => {
                            parts.push(cur);
                            break;
                        }
                    }
                }
                let line = end_line(strip_parens_deep(parts[parts.len() - 1]));
                let mut ps = vec![];
                let mut names = vec![];
                for p in &parts {
                    ps.push(self.expr(p)?);
                    names.push(self.slot_name(p).unwrap_or_else(|| "?".into()));
                }
                Ok(Expr::new(
                    ExprKind::Concat {
                        parts: ps,
                        names,
                        line,
                    },
                    pos,
                ))
            }
            _ => reject("uses an unsupported operator", pos),
        }
    }
}

fn strip_parens(e: &Expression) -> &Expression {
    match e {
        Expression::Parentheses { expression, .. } => strip_parens(expression),
        e => e,
    }
}

/// The innermost operand whose last token the CAT instruction follows.
fn strip_parens_deep(e: &Expression) -> &Expression {
    e
}

/// The line LuaJIT gives a call instruction: that of `(` (or of the string / table argument).
fn args_line(a: &FunctionArgs) -> u32 {
    match a {
        FunctionArgs::Parentheses { parentheses, .. } => {
            let (open, _) = parentheses.tokens();
            pos_of(open).line
        }
        other => pos_of(other).line,
    }
}

/// The bytes of a string literal token.
pub fn string_lit(t: &TokenReference) -> Option<Vec<u8>> {
    match t.token_type() {
        TokenType::StringLiteral {
            literal,
            quote_type,
            ..
        } => super::lex::string_value(literal, *quote_type == StringLiteralQuoteType::Brackets),
        _ => None,
    }
}
