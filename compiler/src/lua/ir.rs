//! The typed IR of the transpiled subset: what `lower` builds from full_moon's AST, `infer`
//! types, and `emit` turns into Rust.
//!
//! Every node that can raise a Lua error carries the chunk line LuaJIT would report and, for
//! operands, the name LuaJIT's message gives them (`local 'x'`, `field 'k'`, or none).

use restyc_runtime::plan::LogLevel;

/// Index into [`Handler::locals`].
pub type LocalId = usize;

/// A position in the chunk: 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A set of Lua types (the static type of an expression or a local).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ty(pub u8);

impl Ty {
    pub const NONE: Ty = Ty(0);
    pub const NIL: Ty = Ty(1);
    pub const BOOL: Ty = Ty(2);
    pub const NUM: Ty = Ty(4);
    pub const STR: Ty = Ty(8);
    /// The table `ngx.req.get_uri_args()` returns.
    pub const ARGS: Ty = Ty(16);
    /// The table `ngx.req.get_headers()` returns.
    pub const HDRS: Ty = Ty(32);
    /// An array of strings / `true` (a repeated argument or header).
    pub const ARR: Ty = Ty(64);
    pub const TABLES: Ty = Ty(16 | 32 | 64);
    /// What a field of an argument table can be.
    pub const ARG_VALUE: Ty = Ty(1 | 2 | 8 | 64);
    pub const HDR_VALUE: Ty = Ty(1 | 8 | 64);

    pub fn union(self, o: Ty) -> Ty {
        Ty(self.0 | o.0)
    }
    pub fn within(self, o: Ty) -> bool {
        self.0 & !o.0 == 0
    }
    pub fn has(self, o: Ty) -> bool {
        self.0 & o.0 != 0
    }
    pub fn minus(self, o: Ty) -> Ty {
        Ty(self.0 & !o.0)
    }
    /// Types a value of which can be falsy (nil, false).
    pub fn may_be_falsy(self) -> bool {
        self.has(Ty::NIL.union(Ty::BOOL))
    }
    /// Human words for explanations: `nil|string`.
    pub fn describe(self) -> String {
        let names = [
            (1, "nil"),
            (2, "boolean"),
            (4, "number"),
            (8, "string"),
            (16, "table"),
            (32, "table"),
            (64, "table"),
        ];
        let mut v: Vec<&str> = names
            .iter()
            .filter(|(b, _)| self.0 & b != 0)
            .map(|(_, n)| *n)
            .collect();
        v.dedup();
        v.join("|")
    }
}

/// A local variable of the handler.
#[derive(Clone, Debug)]
pub struct Local {
    pub name: String,
    /// The Rust identifier it gets (unique within the handler).
    pub rust: String,
    pub ty: Ty,
    /// Assigned after its declaration (needs `let mut`).
    pub mutated: bool,
}

/// A whole handler.
#[derive(Clone, Debug)]
pub struct Handler {
    pub locals: Vec<Local>,
    pub body: Vec<Stmt>,
}

/// One statement with the Lua text it came from (for the comment above the Rust).
#[derive(Clone, Debug)]
pub struct Stmt {
    pub pos: Pos,
    pub src: Vec<String>,
    pub kind: StmtKind,
}

#[derive(Clone, Debug)]
pub enum Target {
    Local(LocalId),
    /// `ngx.status = v`, raising a value that is no number at `line`.
    Status {
        line: u32,
    },
    /// `ngx.header.NAME = v` (the runtime turns `_` into `-` as the location says), raising a
    /// bad value at `line`.
    Header {
        name: String,
        line: u32,
    },
    /// `ngx.var.NAME = v`, stored at `line` (where its errors are raised).
    Var {
        name: String,
        line: u32,
    },
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    /// `local a, b = e1, e2`: values are evaluated first, then the locals come to life.
    /// `expand`: the last value is a call whose extra results fill the remaining locals.
    Local {
        vars: Vec<LocalId>,
        vals: Vec<Expr>,
        expand: bool,
    },
    /// `a, b = e1, e2` (distinct locals) or one `ngx.status` / `ngx.header.X` target.
    Assign {
        targets: Vec<Target>,
        vals: Vec<Expr>,
        expand: bool,
    },
    /// `ngx.say(...)` / `ngx.print(...)`.
    Say {
        args: Vec<Expr>,
        newline: bool,
    },
    /// `ngx.log(level, ...)` / `print(...)`, called at `line` (the `[lua] chunk:line:` prefix).
    Log {
        level: LogLevel,
        line: u32,
        args: Vec<Expr>,
    },
    /// `ngx.exit(code)`.
    Exit {
        code: Expr,
    },
    /// `ngx.redirect(uri [, code])`, called at `line`.
    Redirect {
        uri: Expr,
        code: i64,
        line: u32,
    },
    /// A call whose value is dropped (`tostring(x)` on its own).
    Eval(Expr),
    /// `if` / `elseif` arms (with the Lua text of each `elseif` header) and the `else` block.
    If {
        arms: Vec<(Expr, Vec<Stmt>, Vec<String>)>,
        els: Option<Vec<Stmt>>,
    },
    While {
        cond: Expr,
        body: Vec<Stmt>,
    },
    /// `repeat body until cond` (the condition sees the body's locals).
    Repeat {
        body: Vec<Stmt>,
        cond: Expr,
    },
    /// `for var = start, limit [, step] do body end`; `line` is the line of `do` (where LuaJIT
    /// checks the control values).
    NumFor {
        var: LocalId,
        start: Expr,
        limit: Expr,
        step: Option<Expr>,
        line: u32,
        body: Vec<Stmt>,
    },
    Do(Vec<Stmt>),
    Break,
    /// `return e...`: the values are evaluated and dropped (a handler's results are unused).
    Return(Vec<Expr>),
}

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Library functions of the subset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    ToString,
    ToNumber,
    Type,
    StrLen,
    StrSub,
    StrUpper,
    StrLower,
    StrRep,
    StrByte,
    StrReverse,
    /// `string.format(fmt, ...)` with a constant format.
    StrFormat,
    /// `string.find(s, p [, init [, plain]])` as a plain search: two values (start, end) or nil.
    StrFind,
    MathFloor,
    MathCeil,
    MathAbs,
    MathSqrt,
    MathMax,
    MathMin,
    GetMethod,
    /// `ngx.req.get_uri_args()`: two values (the table, `"truncated"` or nil).
    UriArgs,
    /// `ngx.req.get_headers()`: two values.
    ReqHeaders,
    Now,
    Time,
    Today,
    LocalTime,
    UtcTime,
    HttpTime,
}

impl Builtin {
    /// The name Lua code calls it by.
    pub fn lua_name(self) -> &'static str {
        match self {
            Builtin::ToString => "tostring",
            Builtin::ToNumber => "tonumber",
            Builtin::Type => "type",
            Builtin::StrLen => "string.len",
            Builtin::StrSub => "string.sub",
            Builtin::StrUpper => "string.upper",
            Builtin::StrLower => "string.lower",
            Builtin::StrRep => "string.rep",
            Builtin::StrByte => "string.byte",
            Builtin::StrReverse => "string.reverse",
            Builtin::StrFormat => "string.format",
            Builtin::StrFind => "string.find",
            Builtin::MathFloor => "math.floor",
            Builtin::MathCeil => "math.ceil",
            Builtin::MathAbs => "math.abs",
            Builtin::MathSqrt => "math.sqrt",
            Builtin::MathMax => "math.max",
            Builtin::MathMin => "math.min",
            Builtin::GetMethod => "ngx.req.get_method",
            Builtin::UriArgs => "ngx.req.get_uri_args",
            Builtin::ReqHeaders => "ngx.req.get_headers",
            Builtin::Now => "ngx.now",
            Builtin::Time => "ngx.time",
            Builtin::Today => "ngx.today",
            Builtin::LocalTime => "ngx.localtime",
            Builtin::UtcTime => "ngx.utctime",
            Builtin::HttpTime => "ngx.http_time",
        }
    }

    /// How many values a call returns (in a position that keeps all of them).
    pub fn results(self) -> usize {
        match self {
            Builtin::UriArgs | Builtin::ReqHeaders | Builtin::StrFind => 2,
            _ => 1,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub pos: Pos,
    /// Filled in by `infer`.
    pub ty: Ty,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Nil,
    Bool(bool),
    Num(f64),
    Str(Vec<u8>),
    Local(LocalId),
    /// `ngx.var.NAME`
    Var(String),
    /// `ngx.status`
    Status,
    /// `t.key` / `t["key"]` on an args or headers table (or an array).
    Field {
        table: Box<Expr>,
        key: Vec<u8>,
    },
    /// `l op r`; `names` are LuaJIT's names for the operands; `line` where it raises.
    Arith {
        op: ArOp,
        l: Box<Expr>,
        r: Box<Expr>,
        names: [String; 2],
        line: u32,
    },
    Cmp {
        op: CmpOp,
        l: Box<Expr>,
        r: Box<Expr>,
        line: u32,
    },
    /// One `BC_CAT` over all parts.
    Concat {
        parts: Vec<Expr>,
        names: Vec<String>,
        line: u32,
    },
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Neg {
        e: Box<Expr>,
        name: String,
        line: u32,
    },
    Len {
        e: Box<Expr>,
        name: String,
        line: u32,
    },
    /// A library call; `method`: written `recv:name(...)` (the receiver must be a string).
    Call {
        f: Builtin,
        args: Vec<Expr>,
        method: bool,
    },
}

impl Expr {
    pub fn new(kind: ExprKind, pos: Pos) -> Expr {
        Expr {
            kind,
            pos,
            ty: Ty::NONE,
        }
    }
}
