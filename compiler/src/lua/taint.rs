//! Which globals the configuration's Lua code may change. Native code binds `ngx.say`,
//! `tostring`, `string.upper`... at build time; that is only right when no chunk (of any phase)
//! and no baked module replaces them. The scan is conservative: a construct that could reach
//! the global tables in a way the scan does not follow taints everything.

use std::collections::HashSet;

use full_moon::ast::{self, Expression, FunctionArgs, Index, Prefix, Stmt, Suffix, Var};
use full_moon::node::Node;

/// The outcome of the scan.
#[derive(Clone, Debug, Default)]
pub struct Taint {
    /// Everything may have changed: why, and where (`"calls setmetatable", "nginx.conf:3:5"`).
    pub all: Option<(String, String)>,
    /// Paths assigned somewhere: `tostring`, `ngx.say`, `string.upper`, `ngx.req`.
    pub paths: HashSet<String>,
}

impl Taint {
    /// Whether a global path (`ngx.req.get_method`) may not be the original.
    pub fn touches(&self, path: &str) -> bool {
        if self.all.is_some() {
            return true;
        }
        let mut p = String::new();
        for seg in path.split('.') {
            if !p.is_empty() {
                p.push('.');
            }
            p.push_str(seg);
            if self.paths.contains(&p) {
                return true;
            }
        }
        false
    }
}

/// Functions and tables whose mere use may change globals behind the scan's back.
const DANGEROUS: [&str; 13] = [
    "rawset",
    "setmetatable",
    "getmetatable",
    "debug",
    "_G",
    "setfenv",
    "getfenv",
    "loadstring",
    "load",
    "dofile",
    "loadfile",
    "module",
    "package",
];

/// Tables that the transpiler relies on; using them as plain values (aliasing) taints everything.
const BUILTIN_TABLES: [&str; 3] = ["ngx", "string", "math"];

/// Fields of `ngx` that Lua code writes as part of the API (not replacing it).
const NGX_WRITABLE: [&str; 2] = ["status", "ctx"];

/// Modules that ship with restyc and do not touch globals.
const TRUSTED_MODULES: [&str; 5] = [
    "cjson",
    "cjson.safe",
    "resty.core",
    "resty.core.base",
    "resty.core.regex",
];

pub struct Scanner<'a> {
    pub taint: Taint,
    /// Modules baked into the plan (they are scanned too).
    pub baked: &'a HashSet<String>,
    /// Where the current source is (`nginx.conf:12:9`-style prefix for positions).
    pub locate: &'a dyn Fn(usize, usize) -> String,
    scopes: Vec<Vec<String>>,
}

impl<'a> Scanner<'a> {
    pub fn new(baked: &'a HashSet<String>, locate: &'a dyn Fn(usize, usize) -> String) -> Self {
        Scanner {
            taint: Taint::default(),
            baked,
            locate,
            scopes: vec![vec![]],
        }
    }

    /// Scan one chunk (a parse error scans nothing: the chunk cannot run at all).
    pub fn scan(&mut self, src: &str) {
        if super::too_deep(src).is_some() {
            return;
        }
        let Ok(ast) = full_moon::parse_fallible(src, full_moon::LuaVersion::luajit()).into_result()
        else {
            return;
        };
        self.scopes = vec![vec![]];
        self.block(ast.nodes());
    }

    fn all(&mut self, why: impl Into<String>, node: &dyn NodePos) {
        if self.taint.all.is_none() {
            let (l, c) = node.pos();
            self.taint.all = Some((why.into(), (self.locate)(l, c)));
        }
    }

    fn is_local(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s.iter().any(|n| n == name))
    }

    fn declare(&mut self, name: &str) {
        if let Some(s) = self.scopes.last_mut() {
            s.push(name.to_string());
        }
    }

    fn block(&mut self, b: &ast::Block) {
        self.scopes.push(vec![]);
        for s in b.stmts() {
            self.stmt(s);
        }
        if let Some(ast::LastStmt::Return(r)) = b.last_stmt() {
            for e in r.returns().iter() {
                self.expr(e);
            }
        }
        self.scopes.pop();
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::Assignment(a) => {
                for e in a.expressions().iter() {
                    self.expr(e);
                }
                for v in a.variables().iter() {
                    self.assigned_var(v);
                }
            }
            Stmt::LocalAssignment(a) => {
                for e in a.expressions().iter() {
                    self.expr(e);
                }
                for n in a.names().iter() {
                    self.declare(&n.token().to_string());
                }
            }
            Stmt::FunctionCall(c) => self.call(c),
            Stmt::Do(d) => self.block(d.block()),
            Stmt::While(w) => {
                self.expr(w.condition());
                self.block(w.block());
            }
            Stmt::Repeat(r) => {
                self.scopes.push(vec![]);
                for s in r.block().stmts() {
                    self.stmt(s);
                }
                self.expr(r.until());
                self.scopes.pop();
            }
            Stmt::If(i) => {
                self.expr(i.condition());
                self.block(i.block());
                for ei in i.else_if().into_iter().flatten() {
                    self.expr(ei.condition());
                    self.block(ei.block());
                }
                if let Some(b) = i.else_block() {
                    self.block(b);
                }
            }
            Stmt::NumericFor(f) => {
                self.expr(f.start());
                self.expr(f.end());
                if let Some(s) = f.step() {
                    self.expr(s);
                }
                self.scopes
                    .push(vec![f.index_variable().token().to_string()]);
                self.block(f.block());
                self.scopes.pop();
            }
            Stmt::GenericFor(f) => {
                for e in f.expressions().iter() {
                    self.expr(e);
                }
                self.scopes
                    .push(f.names().iter().map(|n| n.token().to_string()).collect());
                self.block(f.block());
                self.scopes.pop();
            }
            Stmt::LocalFunction(f) => {
                self.declare(&f.name().token().to_string());
                self.function_body(f.body());
            }
            Stmt::FunctionDeclaration(f) => {
                let name = f.name();
                let parts: Vec<String> =
                    name.names().iter().map(|n| n.token().to_string()).collect();
                let root = parts.first().cloned().unwrap_or_default();
                if name.method_name().is_some() || parts.len() > 1 {
                    if !self.is_local(&root) {
                        self.global_field_write(&parts, f);
                    }
                } else if !self.is_local(&root) {
                    self.taint.paths.insert(root);
                }
                self.function_body(f.body());
            }
            _ => {}
        }
    }

    fn function_body(&mut self, body: &ast::FunctionBody) {
        let params: Vec<String> = body
            .parameters()
            .iter()
            .filter_map(|p| match p {
                ast::Parameter::Name(n) => Some(n.token().to_string()),
                _ => None,
            })
            .collect();
        self.scopes.push(params);
        self.block(body.block());
        self.scopes.pop();
    }

    /// A field write `a.b.c = v` whose root `a` is a global.
    fn global_field_write(&mut self, path: &[String], node: &dyn NodePos) {
        let root = path[0].as_str();
        if DANGEROUS.contains(&root) {
            self.all(format!("writes to {root}"), node);
            return;
        }
        if root == "ngx" && path.len() >= 2 {
            // ngx.status = v, ngx.ctx.x = v, ngx.header.X = v, ngx.var.x = v are API uses.
            if NGX_WRITABLE.contains(&path[1].as_str())
                || (path.len() >= 3 && matches!(path[1].as_str(), "header" | "var" | "ctx"))
            {
                return;
            }
        }
        self.taint.paths.insert(path.join("."));
    }

    /// `path` of a var (global root and constant fields), if it has that shape.
    fn static_path(prefix: &Prefix, suffixes: &[&Suffix]) -> Option<Vec<String>> {
        let Prefix::Name(n) = prefix else { return None };
        let mut p = vec![n.token().to_string()];
        for s in suffixes {
            match s {
                Suffix::Index(Index::Dot { name, .. }) => p.push(name.token().to_string()),
                Suffix::Index(Index::Brackets { expression, .. }) => match &**expression {
                    Expression::String(t) => p.push(string_token(t)?),
                    _ => return None,
                },
                _ => return None,
            }
        }
        Some(p)
    }

    fn assigned_var(&mut self, v: &Var) {
        match v {
            Var::Name(n) => {
                let name = n.token().to_string();
                if !self.is_local(&name) {
                    if DANGEROUS.contains(&name.as_str()) || BUILTIN_TABLES.contains(&name.as_str())
                    {
                        self.taint.paths.insert(name.clone());
                    }
                    self.taint.paths.insert(name);
                }
            }
            Var::Expression(ve) => {
                let suffixes: Vec<&Suffix> = ve.suffixes().collect();
                self.prefix(ve.prefix(), !suffixes.is_empty());
                for s in &suffixes {
                    self.suffix(s);
                }
                if let Prefix::Name(n) = ve.prefix() {
                    let root = n.token().to_string();
                    if !self.is_local(&root) {
                        match Self::static_path(ve.prefix(), &suffixes) {
                            Some(path) => self.global_field_write(&path, v),
                            None => {
                                if BUILTIN_TABLES.contains(&root.as_str())
                                    || DANGEROUS.contains(&root.as_str())
                                {
                                    self.all(format!("writes a computed field of {root}"), v);
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn prefix(&mut self, p: &Prefix, has_suffix: bool) {
        match p {
            Prefix::Name(n) => self.name_use(n, has_suffix),
            Prefix::Expression(e) => self.expr(e),
            _ => {}
        }
    }

    fn suffix(&mut self, s: &Suffix) {
        match s {
            Suffix::Index(Index::Brackets { expression, .. }) => self.expr(expression),
            Suffix::Call(ast::Call::AnonymousCall(a)) => self.args(a),
            Suffix::Call(ast::Call::MethodCall(m)) => self.args(m.args()),
            _ => {}
        }
    }

    fn args(&mut self, a: &FunctionArgs) {
        match a {
            FunctionArgs::Parentheses { arguments, .. } => {
                for e in arguments.iter() {
                    self.expr(e);
                }
            }
            FunctionArgs::TableConstructor(t) => self.table(t),
            _ => {}
        }
    }

    fn table(&mut self, t: &ast::TableConstructor) {
        for f in t.fields().iter() {
            match f {
                ast::Field::ExpressionKey { key, value, .. } => {
                    self.expr(key);
                    self.expr(value);
                }
                ast::Field::NameKey { value, .. } => self.expr(value),
                ast::Field::NoKey(e) => self.expr(e),
                _ => {}
            }
        }
    }

    /// A global name read: dangerous ones taint everything; builtin tables only as a prefix.
    fn name_use(&mut self, n: &full_moon::tokenizer::TokenReference, has_suffix: bool) {
        let name = n.token().to_string();
        if self.is_local(&name) {
            return;
        }
        if DANGEROUS.contains(&name.as_str()) {
            self.all(format!("uses {name}"), n);
        } else if !has_suffix && BUILTIN_TABLES.contains(&name.as_str()) {
            self.all(format!("uses {name} as a value"), n);
        }
    }

    fn call(&mut self, c: &ast::FunctionCall) {
        let suffixes: Vec<&Suffix> = c.suffixes().collect();
        // require "mod": baked modules are scanned on their own; others may do anything.
        if let Prefix::Name(n) = c.prefix() {
            let name = n.token().to_string();
            if name == "require" && !self.is_local(&name) {
                let arg = match suffixes.first() {
                    Some(Suffix::Call(ast::Call::AnonymousCall(a))) => match &**a {
                        FunctionArgs::String(t) => string_token(t),
                        FunctionArgs::Parentheses { arguments, .. } if arguments.len() == 1 => {
                            match arguments.iter().next() {
                                Some(Expression::String(t)) => string_token(t),
                                _ => None,
                            }
                        }
                        _ => None,
                    },
                    _ => None,
                };
                match arg {
                    Some(m) if self.baked.contains(&m) || TRUSTED_MODULES.contains(&m.as_str()) => {
                    }
                    Some(m) if BUILTIN_TABLES.contains(&m.as_str()) || m == "_G" => {
                        self.all(format!("requires \"{m}\""), c)
                    }
                    Some(m) => self.all(format!("requires \"{m}\", which restyc cannot see"), c),
                    None => self.all("calls require with a computed name", c),
                }
            }
        }
        self.prefix(c.prefix(), !suffixes.is_empty());
        for s in &suffixes {
            self.suffix(s);
        }
    }

    fn expr(&mut self, e: &Expression) {
        match e {
            Expression::BinaryOperator { lhs, rhs, .. } => {
                self.expr(lhs);
                self.expr(rhs);
            }
            Expression::Parentheses { expression, .. } => self.expr(expression),
            Expression::UnaryOperator { expression, .. } => self.expr(expression),
            Expression::Function(f) => self.function_body(f.body()),
            Expression::FunctionCall(c) => self.call(c),
            Expression::TableConstructor(t) => self.table(t),
            Expression::Var(Var::Name(n)) => self.name_use(n, false),
            Expression::Var(Var::Expression(ve)) => {
                let suffixes: Vec<&Suffix> = ve.suffixes().collect();
                self.prefix(ve.prefix(), !suffixes.is_empty());
                for s in &suffixes {
                    self.suffix(s);
                }
                // `local r = ngx.req` aliases a builtin table.
                if let Some(p) = Self::static_path(ve.prefix(), &suffixes) {
                    if !self.is_local(&p[0]) && p.len() == 2 && p[0] == "ngx" && p[1] == "req" {
                        self.all("uses ngx.req as a value", ve.as_ref());
                    }
                }
            }
            _ => {}
        }
    }
}

/// The value of a string token (`"x"`, `'x'`, `[[x]]`).
pub fn string_token(t: &full_moon::tokenizer::TokenReference) -> Option<String> {
    match t.token_type() {
        full_moon::tokenizer::TokenType::StringLiteral {
            literal,
            multi_line_depth,
            ..
        } => {
            let v = super::lex::string_value(literal, *multi_line_depth > 0 || is_long(t))?;
            String::from_utf8(v).ok()
        }
        _ => None,
    }
}

fn is_long(t: &full_moon::tokenizer::TokenReference) -> bool {
    matches!(
        t.token_type(),
        full_moon::tokenizer::TokenType::StringLiteral {
            quote_type: full_moon::tokenizer::StringLiteralQuoteType::Brackets,
            ..
        }
    )
}

/// Start position of a node as (line, column).
pub trait NodePos {
    fn pos(&self) -> (usize, usize);
}

impl<T: Node> NodePos for T {
    fn pos(&self) -> (usize, usize) {
        self.start_position()
            .map(|p| (p.line(), p.character()))
            .unwrap_or((1, 1))
    }
}
