//! The IR → Rust tokens: one function body per handler, over `restyc_runtime::native`.
//!
//! Every Lua value is a `V`; operators that can raise go through `ctx` (which words the error as
//! LuaJIT does), with the line and operand names settled by `lower`. Constant output is folded
//! into the bytes `ngx.say` would send. Each statement is preceded by `__lua!("...")`, which
//! `codegen::handlers` prints as a `// lua:` comment.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use restyc_runtime::native::num;
use restyc_runtime::plan::LogLevel;

use super::ir::*;

pub struct Emit<'a> {
    h: &'a Handler,
    tmp: usize,
}

/// The function body for a handler.
pub fn handler(h: &Handler) -> TokenStream {
    let mut e = Emit { h, tmp: 0 };
    let body = e.stmts(&h.body);
    let ends_with_return = matches!(
        h.body.last().map(|s| &s.kind),
        Some(StmtKind::Return(_) | StmtKind::Exit { .. } | StmtKind::Redirect { .. })
    );
    if ends_with_return {
        body
    } else {
        quote! { #body Ok(()) }
    }
}

fn num_lit(n: f64) -> TokenStream {
    if n.is_infinite() {
        return if n > 0.0 {
            quote!(f64::INFINITY)
        } else {
            quote!(f64::NEG_INFINITY)
        };
    }
    if n == 0.0 && n.is_sign_negative() {
        return quote!(-0.0);
    }
    let l = Literal::f64_unsuffixed(n.abs());
    if n < 0.0 { quote!(-#l) } else { quote!(#l) }
}

fn line_lit(l: u32) -> TokenStream {
    let l = Literal::u32_unsuffixed(l);
    quote!(#l)
}

fn bytes_lit(b: &[u8]) -> TokenStream {
    let l = Literal::byte_string(b);
    quote!(#l)
}

fn level_tokens(l: LogLevel) -> TokenStream {
    match l {
        LogLevel::Stderr => quote!(LogLevel::Stderr),
        LogLevel::Emerg => quote!(LogLevel::Emerg),
        LogLevel::Alert => quote!(LogLevel::Alert),
        LogLevel::Crit => quote!(LogLevel::Crit),
        LogLevel::Error => quote!(LogLevel::Error),
        LogLevel::Warn => quote!(LogLevel::Warn),
        LogLevel::Notice => quote!(LogLevel::Notice),
        LogLevel::Info => quote!(LogLevel::Info),
        LogLevel::Debug => quote!(LogLevel::Debug),
    }
}

/// Whether a handler's output is the same for every request: it only says literals (and may end
/// with a bare `return`). Nothing it does can fail, read the request or change the status.
pub fn constant_output(h: &Handler) -> bool {
    let (last, rest) = match h.body.split_last() {
        Some((l, rest)) if matches!(&l.kind, StmtKind::Return(v) if v.is_empty()) => (None, rest),
        Some((l, rest)) => (Some(l), rest),
        None => (None, &[][..]),
    };
    rest.iter().chain(last).all(|s| match &s.kind {
        StmtKind::Say { args, .. } => args.iter().all(|a| say_const(a, &mut vec![])),
        _ => false,
    })
}

/// The bytes `ngx.say` sends for a constant argument, if it is one.
fn say_const(e: &Expr, out: &mut Vec<u8>) -> bool {
    match &e.kind {
        ExprKind::Neg { e: x, .. } if matches!(x.kind, ExprKind::Num(n) if !n.is_nan()) => {
            let ExprKind::Num(n) = x.kind else {
                return false;
            };
            num::write_say(out, -n)
        }
        ExprKind::Str(s) => out.extend_from_slice(s),
        ExprKind::Num(n) => num::write_say(out, *n),
        ExprKind::Nil => out.extend_from_slice(b"nil"),
        ExprKind::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        _ => return false,
    }
    true
}

/// An operand whose evaluation can neither fail nor be observed (so operands may be evaluated
/// in either order around it).
fn simple(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Nil
            | ExprKind::Bool(_)
            | ExprKind::Num(_)
            | ExprKind::Str(_)
            | ExprKind::Local(_)
            | ExprKind::Var(_)
            | ExprKind::Status
    )
}

/// The string a constant operand of `..` gives.
fn concat_const(e: &Expr) -> Option<Vec<u8>> {
    match &e.kind {
        ExprKind::Str(s) => Some(s.clone()),
        ExprKind::Num(n) => Some(num::tostring(*n).into_bytes()),
        _ => None,
    }
}

impl Emit<'_> {
    fn local(&self, id: LocalId) -> TokenStream {
        let i = format_ident!("{}", self.h.locals[id].rust);
        quote!(#i)
    }

    fn fresh(&mut self, what: &str) -> proc_macro2::Ident {
        self.tmp += 1;
        format_ident!("__r_{}{}", what, self.tmp)
    }

    fn stmts(&mut self, ss: &[Stmt]) -> TokenStream {
        let mut out = TokenStream::new();
        for s in ss {
            for line in &s.src {
                out.extend(quote! { __lua!(#line); });
            }
            out.extend(self.stmt(s));
        }
        out
    }

    fn stmt(&mut self, s: &Stmt) -> TokenStream {
        match &s.kind {
            StmtKind::Local { vars, vals, expand } => {
                let mut out = TokenStream::new();
                let n = vars.len().max(vals.len());
                let multi = self.multi_call(vals, *expand, vars.len());
                for i in 0..n {
                    if multi.is_some() && i + 1 == vals.len() {
                        // The last value is a call whose extra results fill the rest.
                        let (call, count) = multi.clone().unwrap_or_default();
                        let names: Vec<TokenStream> = (i..i + count)
                            .map(|k| match vars.get(k) {
                                Some(id) => {
                                    let v = self.local(*id);
                                    let m = if self.h.locals[*id].mutated {
                                        quote!(mut)
                                    } else {
                                        quote!()
                                    };
                                    quote!(#m #v)
                                }
                                None => quote!(_),
                            })
                            .collect();
                        out.extend(quote! { let (#(#names),*) = #call; });
                        for id in vars.iter().skip(i + count) {
                            let v = self.local(*id);
                            let m = if self.h.locals[*id].mutated {
                                quote!(mut)
                            } else {
                                quote!()
                            };
                            out.extend(quote! { let #m #v = V::Nil; });
                        }
                        break;
                    }
                    let val = match vals.get(i) {
                        Some(e) => self.val(e),
                        None => quote!(V::Nil),
                    };
                    match vars.get(i) {
                        Some(id) => {
                            let v = self.local(*id);
                            let m = if self.h.locals[*id].mutated {
                                quote!(mut)
                            } else {
                                quote!()
                            };
                            out.extend(quote! { let #m #v = #val; });
                        }
                        None => out.extend(quote! { let _ = #val; }),
                    }
                }
                out
            }
            StmtKind::Assign {
                targets,
                vals,
                expand,
            } => {
                let multi = self.multi_call(vals, *expand, targets.len());
                let mut out = TokenStream::new();
                let mut temps = vec![];
                let n = targets.len().max(vals.len());
                for i in 0..n {
                    if multi.is_some() && i + 1 == vals.len() {
                        let (call, count) = multi.clone().unwrap_or_default();
                        let ts: Vec<proc_macro2::Ident> =
                            (0..count).map(|_| self.fresh("v")).collect();
                        out.extend(quote! { let (#(#ts),*) = #call; });
                        temps.extend(ts.into_iter().map(|t| quote!(#t)));
                        break;
                    }
                    let val = match vals.get(i) {
                        Some(e) => self.val(e),
                        None => quote!(V::Nil),
                    };
                    if targets.len() == 1 && vals.len() == 1 {
                        temps.push(val);
                        continue;
                    }
                    let t = self.fresh("v");
                    out.extend(quote! { let #t = #val; });
                    temps.push(quote!(#t));
                }
                for (k, t) in targets.iter().enumerate() {
                    let v = temps.get(k).cloned().unwrap_or_else(|| quote!(V::Nil));
                    out.extend(match t {
                        Target::Local(id) => {
                            let l = self.local(*id);
                            quote! { #l = #v; }
                        }
                        Target::Status { line } => {
                            let line = line_lit(*line);
                            quote! { ctx.set_status(#line, &#v)?; }
                        }
                        Target::Header { name, line } => {
                            let line = line_lit(*line);
                            quote! { ctx.set_header(#line, #name, &#v)?; }
                        }
                        Target::Var { name, line } => {
                            let line = line_lit(*line);
                            quote! { ctx.set_var(#line, #name, &#v)?; }
                        }
                    });
                }
                out
            }
            StmtKind::Say { args, newline } => {
                let mut bytes = vec![];
                if args.iter().all(|a| say_const(a, &mut bytes)) {
                    if *newline {
                        bytes.push(b'\n');
                    }
                    let b = bytes_lit(&bytes);
                    return quote! { ctx.say_bytes(#b); };
                }
                let refs: Vec<TokenStream> = args.iter().map(|a| self.refv(a)).collect();
                quote! { ctx.say(&[#(#refs),*], #newline); }
            }
            StmtKind::Log { level, line, args } => {
                let line = line_lit(*line);
                let refs: Vec<TokenStream> = args.iter().map(|a| self.refv(a)).collect();
                let lv = level_tokens(*level);
                quote! { ctx.log(#lv, #line, &[#(#refs),*]); }
            }
            StmtKind::Exit { code } => {
                let c = self.refv(code);
                quote! { return Err(ctx.exit(#c)); }
            }
            StmtKind::Redirect { uri, code, line } => {
                let line = line_lit(*line);
                let code = Literal::i64_unsuffixed(*code);
                let u = self.refv(uri);
                quote! { return Err(ctx.redirect(#line, #u, #code)); }
            }
            StmtKind::Eval(e) => {
                let v = self.val(e);
                quote! { let _ = #v; }
            }
            StmtKind::If { arms, els } => {
                let mut out = TokenStream::new();
                for (i, (c, b, src)) in arms.iter().enumerate() {
                    let cond = self.cond(c);
                    let body = self.stmts(b);
                    // An `elseif` line is a comment at the top of its branch.
                    let head: TokenStream = src.iter().map(|l| quote! { __lua!(#l); }).collect();
                    if i == 0 {
                        out.extend(quote! { if #cond { #head #body } });
                    } else {
                        out.extend(quote! { else if #cond { #head #body } });
                    }
                }
                if let Some(b) = els {
                    let body = self.stmts(b);
                    out.extend(quote! { else { #body } });
                }
                out
            }
            StmtKind::While { cond, body } => {
                let c = self.cond(cond);
                let b = self.stmts(body);
                quote! { while #c { #b } }
            }
            StmtKind::Repeat { body, cond } => {
                let b = self.stmts(body);
                let c = self.cond(cond);
                quote! { loop { #b if #c { break; } } }
            }
            StmtKind::NumFor {
                var,
                start,
                limit,
                step,
                line,
                body,
            } => {
                let line = line_lit(*line);
                let (i, lim, st) = (self.fresh("i"), self.fresh("limit"), self.fresh("step"));
                let s0 = self.val(start);
                let l0 = self.val(limit);
                let st0 = match step {
                    Some(e) => self.val(e),
                    None => quote!(V::Num(1.0)),
                };
                let v = self.local(*var);
                let m = if self.h.locals[*var].mutated {
                    quote!(mut)
                } else {
                    quote!()
                };
                let b = self.stmts(body);
                quote! {
                    let (#i, #lim, #st) = (#s0, #l0, #st0);
                    let mut #i = ctx.for_num(#line, &#i, "initial value")?;
                    let #lim = ctx.for_num(#line, &#lim, "limit")?;
                    let #st = ctx.for_num(#line, &#st, "step")?;
                    while for_continue(#i, #lim, #st) {
                        let #m #v = V::Num(#i);
                        #b
                        #i += #st;
                    }
                }
            }
            StmtKind::Do(b) => {
                let b = self.stmts(b);
                quote! { { #b } }
            }
            StmtKind::Break => quote! { break; },
            StmtKind::Return(vals) => {
                let vs: Vec<TokenStream> = vals.iter().map(|v| self.val(v)).collect();
                quote! { #(let _ = #vs;)* return Ok(()); }
            }
        }
    }

    /// For `local a, b = f()` with a multi-result call last: the call's tuple and its arity.
    fn multi_call(
        &mut self,
        vals: &[Expr],
        expand: bool,
        _targets: usize,
    ) -> Option<(TokenStream, usize)> {
        if !expand {
            return None;
        }
        match vals.last().map(|v| &v.kind) {
            Some(ExprKind::Call {
                f: Builtin::UriArgs,
                ..
            }) => Some((quote!(ctx.uri_args()), 2)),
            Some(ExprKind::Call {
                f: Builtin::ReqHeaders,
                ..
            }) => Some((quote!(ctx.req_headers()), 2)),
            Some(ExprKind::Call {
                f: Builtin::StrFind,
                args,
                ..
            }) => Some((self.find_call(args), 2)),
            _ => None,
        }
    }

    /// `string.find` as a plain search: the (start, end) pair.
    fn find_call(&mut self, args: &[Expr]) -> TokenStream {
        let s = self.refv(&args[0]);
        let p = self.refv(&args[1]);
        let init = match args.get(2) {
            Some(Expr {
                kind: ExprKind::Nil,
                ..
            })
            | None => quote!(None),
            Some(i) => {
                let i = self.refv(i);
                quote!(Some(V::num(#i)))
            }
        };
        // A fourth argument is a constant (checked): nothing to evaluate.
        quote!(restyc_runtime::native::strlib::find(&V::bytes(#s), &V::bytes(#p), #init))
    }

    /// A `&V` for an operand.
    fn refv(&mut self, e: &Expr) -> TokenStream {
        match &e.kind {
            ExprKind::Local(id) => {
                let l = self.local(*id);
                quote!(&#l)
            }
            _ => {
                let v = self.val(e);
                quote!(&#v)
            }
        }
    }

    /// A condition (`bool`).
    fn cond(&mut self, e: &Expr) -> TokenStream {
        match &e.kind {
            ExprKind::Cmp { .. } => self.cmp(e),
            ExprKind::Not(x) => {
                let c = self.cond(x);
                quote!(!(#c))
            }
            ExprKind::And(a, b) => {
                let (a, b) = (self.cond(a), self.cond(b));
                quote!((#a && #b))
            }
            ExprKind::Or(a, b) => {
                let (a, b) = (self.cond(a), self.cond(b));
                quote!((#a || #b))
            }
            ExprKind::Bool(b) => quote!(#b),
            ExprKind::Nil => quote!(false),
            ExprKind::Num(_) | ExprKind::Str(_) => quote!(true),
            ExprKind::Local(id) => {
                let l = self.local(*id);
                quote!(#l.truthy())
            }
            _ => {
                let v = self.val(e);
                quote!(#v.truthy())
            }
        }
    }

    fn cmp(&mut self, e: &Expr) -> TokenStream {
        let ExprKind::Cmp { op, l, r, line } = &e.kind else {
            return quote!(false);
        };
        let line = line_lit(*line);
        match op {
            CmpOp::Eq | CmpOp::Ne => {
                let t = match (&l.kind, &r.kind) {
                    (_, ExprKind::Str(s)) => {
                        let a = self.refv(l);
                        let b = bytes_lit(s);
                        quote!(V::eq_str(#a, #b))
                    }
                    (ExprKind::Str(s), _) => {
                        let a = self.refv(r);
                        let b = bytes_lit(s);
                        quote!(V::eq_str(#a, #b))
                    }
                    _ => {
                        let (a, b) = (self.refv(l), self.refv(r));
                        quote!(restyc_runtime::native::value::eq(#a, #b))
                    }
                };
                if *op == CmpOp::Eq { t } else { quote!(!#t) }
            }
            // `a > b` is `b < a` for LuaJIT (and its error message).
            CmpOp::Lt | CmpOp::Le => {
                let (a, b) = (self.refv(l), self.refv(r));
                let f = if *op == CmpOp::Lt {
                    quote!(lt)
                } else {
                    quote!(le)
                };
                quote!(ctx.#f(#line, #a, #b)?)
            }
            CmpOp::Gt | CmpOp::Ge => {
                let f = if *op == CmpOp::Gt {
                    quote!(lt)
                } else {
                    quote!(le)
                };
                if simple(l) || simple(r) {
                    let (a, b) = (self.refv(r), self.refv(l));
                    quote!(ctx.#f(#line, #a, #b)?)
                } else {
                    // The left operand is evaluated first, as in Lua.
                    let t = self.fresh("lhs");
                    let va = self.val(l);
                    let b = self.refv(r);
                    quote!({ let #t = #va; ctx.#f(#line, #b, &#t)? })
                }
            }
        }
    }

    /// An owned `V`.
    fn val(&mut self, e: &Expr) -> TokenStream {
        match &e.kind {
            ExprKind::Nil => quote!(V::Nil),
            ExprKind::Bool(b) => quote!(V::Bool(#b)),
            ExprKind::Num(n) => {
                let l = num_lit(*n);
                quote!(V::Num(#l))
            }
            ExprKind::Str(s) => {
                let b = bytes_lit(s);
                quote!(V::lit(#b))
            }
            ExprKind::Local(id) => {
                let l = self.local(*id);
                quote!(#l.clone())
            }
            ExprKind::Var(name) => quote!(ctx.var(#name)),
            ExprKind::Status => quote!(ctx.status()),
            ExprKind::Field { table, key } => {
                let t = self.refv(table);
                let k = bytes_lit(key);
                quote!(V::field(#t, #k))
            }
            ExprKind::Arith {
                op,
                l,
                r,
                names,
                line,
            } => {
                if let (ExprKind::Num(a), ExprKind::Num(b)) = (&l.kind, &r.kind) {
                    let v = restyc_runtime::native::value::fold(arith_op(*op), *a, *b);
                    if !v.is_nan() {
                        let l = num_lit(v);
                        return quote!(V::Num(#l));
                    }
                }
                let (a, b) = (self.refv(l), self.refv(r));
                let line = line_lit(*line);
                let o = arith_tokens(*op);
                let (n0, n1) = (&names[0], &names[1]);
                quote!(ctx.arith(#line, #o, #a, #b, [#n0, #n1])?)
            }
            ExprKind::Neg { e: x, name, line } => {
                // LuaJIT keeps `-0` for run time; the value is the same.
                if let ExprKind::Num(n) = x.kind {
                    if !n.is_nan() {
                        let l = num_lit(-n);
                        return quote!(V::Num(#l));
                    }
                }
                let line = line_lit(*line);
                let a = self.refv(x);
                quote!(ctx.neg(#line, #a, #name)?)
            }
            ExprKind::Len { e: x, name, line } => {
                if let ExprKind::Str(s) = &x.kind {
                    let l = num_lit(s.len() as f64);
                    return quote!(V::Num(#l));
                }
                let line = line_lit(*line);
                let a = self.refv(x);
                quote!(ctx.len(#line, #a, #name)?)
            }
            ExprKind::Concat { parts, names, line } => {
                let consts: Option<Vec<Vec<u8>>> = parts.iter().map(concat_const).collect();
                if let Some(cs) = consts {
                    let b = bytes_lit(&cs.concat());
                    return quote!(V::lit(#b));
                }
                let line = line_lit(*line);
                let refs: Vec<TokenStream> = parts.iter().map(|p| self.refv(p)).collect();
                quote!(ctx.concat(#line, &[#(#refs),*], &[#(#names),*])?)
            }
            ExprKind::Cmp { .. } => {
                let c = self.cmp(e);
                quote!(V::Bool(#c))
            }
            ExprKind::Not(x) => {
                let c = self.cond(x);
                quote!(V::Bool(!(#c)))
            }
            ExprKind::And(a, b) => {
                let t = self.fresh("and");
                let va = self.val(a);
                let vb = self.val(b);
                quote!({ let #t = #va; if #t.truthy() { #vb } else { #t } })
            }
            ExprKind::Or(a, b) => {
                let t = self.fresh("or");
                let va = self.val(a);
                let vb = self.val(b);
                quote!({ let #t = #va; if #t.truthy() { #t } else { #vb } })
            }
            ExprKind::Call { f, args, .. } => self.call(*f, args),
        }
    }

    fn call(&mut self, f: Builtin, args: &[Expr]) -> TokenStream {
        let mut a: Vec<TokenStream> = args.iter().map(|x| self.refv(x)).collect();
        let arg = |i: usize, a: &mut Vec<TokenStream>| {
            a.get(i).cloned().unwrap_or_else(|| quote!(&V::Nil))
        };
        let s = quote!(restyc_runtime::native::strlib);
        match f {
            Builtin::ToString => {
                let x = arg(0, &mut a);
                quote!(V::tostring(#x))
            }
            Builtin::ToNumber => {
                let x = arg(0, &mut a);
                quote!(V::tonumber(#x))
            }
            Builtin::Type => {
                let x = arg(0, &mut a);
                quote!(V::lit(V::type_name(#x).as_bytes()))
            }
            Builtin::StrLen => {
                let x = arg(0, &mut a);
                quote!(V::Num(V::bytes(#x).len() as f64))
            }
            Builtin::StrSub => {
                let (x, i) = (arg(0, &mut a), arg(1, &mut a));
                let j = if args.len() > 2 {
                    let j = arg(2, &mut a);
                    quote!(Some(V::num(#j)))
                } else {
                    quote!(None)
                };
                quote!(V::Str(#s::sub(&V::bytes(#x), V::num(#i), #j)))
            }
            Builtin::StrUpper => {
                let x = arg(0, &mut a);
                quote!(V::Str(#s::upper(&V::bytes(#x))))
            }
            Builtin::StrLower => {
                let x = arg(0, &mut a);
                quote!(V::Str(#s::lower(&V::bytes(#x))))
            }
            Builtin::StrReverse => {
                let x = arg(0, &mut a);
                quote!(V::Str(#s::reverse(&V::bytes(#x))))
            }
            Builtin::StrFind => {
                let c = self.find_call(args);
                quote!(#c.0)
            }
            Builtin::StrFormat => {
                let fmt = match args.first().map(|x| &x.kind) {
                    Some(ExprKind::Str(f)) => bytes_lit(f),
                    _ => quote!(b""),
                };
                let rest = &a[1..];
                quote!(ctx.format(#fmt, &[#(#rest),*]))
            }
            Builtin::StrRep => {
                let (x, n) = (arg(0, &mut a), arg(1, &mut a));
                let sep = if args.len() > 2 {
                    let sp = arg(2, &mut a);
                    quote!(&V::bytes(#sp))
                } else {
                    quote!(b"")
                };
                quote!(V::Str(#s::rep(&V::bytes(#x), V::num(#n), #sep)))
            }
            Builtin::StrByte => {
                let x = arg(0, &mut a);
                let i = if args.len() > 1 {
                    let i = arg(1, &mut a);
                    quote!(Some(V::num(#i)))
                } else {
                    quote!(None)
                };
                quote!(V::opt_num(#s::byte(&V::bytes(#x), #i)))
            }
            Builtin::MathFloor | Builtin::MathCeil | Builtin::MathAbs | Builtin::MathSqrt => {
                let x = arg(0, &mut a);
                let name = format_ident!(
                    "{}",
                    match f {
                        Builtin::MathFloor => "floor",
                        Builtin::MathCeil => "ceil",
                        Builtin::MathAbs => "abs",
                        _ => "sqrt",
                    }
                );
                quote!(V::Num(#s::#name(V::num(#x))))
            }
            Builtin::MathMax | Builtin::MathMin => {
                let name = format_ident!("{}", if f == Builtin::MathMax { "max" } else { "min" });
                quote!(V::Num(#s::#name(&[#(V::num(#a)),*])))
            }
            Builtin::GetMethod => quote!(ctx.method()),
            Builtin::UriArgs => quote!(ctx.uri_args().0),
            Builtin::ReqHeaders => quote!(ctx.req_headers().0),
            Builtin::Now => quote!(ctx.now()),
            Builtin::Time => quote!(ctx.time()),
            Builtin::Today => quote!(ctx.today()),
            Builtin::LocalTime => quote!(ctx.localtime()),
            Builtin::UtcTime => quote!(ctx.utctime()),
            Builtin::HttpTime => {
                let x = arg(0, &mut a);
                quote!(ctx.http_time(#x))
            }
        }
    }
}

fn arith_op(op: ArOp) -> restyc_runtime::native::Arith {
    use restyc_runtime::native::Arith;
    match op {
        ArOp::Add => Arith::Add,
        ArOp::Sub => Arith::Sub,
        ArOp::Mul => Arith::Mul,
        ArOp::Div => Arith::Div,
        ArOp::Mod => Arith::Mod,
        ArOp::Pow => Arith::Pow,
    }
}

fn arith_tokens(op: ArOp) -> TokenStream {
    match op {
        ArOp::Add => quote!(Arith::Add),
        ArOp::Sub => quote!(Arith::Sub),
        ArOp::Mul => quote!(Arith::Mul),
        ArOp::Div => quote!(Arith::Div),
        ArOp::Mod => quote!(Arith::Mod),
        ArOp::Pow => quote!(Arith::Pow),
    }
}
