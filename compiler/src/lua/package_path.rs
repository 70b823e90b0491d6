//! `package.path = …` in Lua code, read at build time where its value is settled: string
//! literals, `package.path` itself and `ngx.config.prefix()` (or locals bound to them) joined
//! with `..`. restyc resolves every `require` at build time, so the templates such an assignment
//! adds (`package.path = prefix .. "app/?.lua;" .. package.path`, common in init_by_lua) are
//! searched as lua_package_path's are.

use std::collections::HashMap;

use full_moon::ast::{self, BinOp, Call, Expression, FunctionArgs, Prefix, Suffix, Var};
use full_moon::tokenizer::TokenType;
use full_moon::visitors::Visitor;

/// A settled value: text, with where the old `package.path` goes in it.
#[derive(Clone, Debug, PartialEq)]
enum Part {
    Text(String),
    Old,
}

/// lua_package_path's `setting` with what the chunks' `package.path` assignments add before
/// and after it, in lua_package_path's own syntax (`$prefix` for `ngx.config.prefix()`, an
/// empty entry for the defaults); None when no chunk assigns a settled value.
pub fn effective<'a>(
    setting: Option<&str>,
    chunks: impl Iterator<Item = &'a str>,
) -> Option<String> {
    let (mut before, mut after) = (vec![], vec![]);
    // (code nested deeper than LuaJIT accepts is refused elsewhere; full_moon would recurse)
    for src in chunks.filter(|s| super::too_deep(s).is_none()) {
        let Ok(ast) = full_moon::parse_fallible(src, full_moon::LuaVersion::luajit()).into_result()
        else {
            continue;
        };
        let mut v = Assignments::default();
        v.visit_ast(&ast);
        for value in v.values {
            let old = value.iter().position(|p| *p == Part::Old);
            for (i, part) in value.iter().enumerate() {
                let Part::Text(t) = part else { continue };
                let templates = t.split(';').filter(|t| !t.is_empty()).map(str::to_string);
                if old.is_some_and(|o| i > o) {
                    after.extend(templates);
                } else {
                    before.extend(templates);
                }
            }
        }
    }
    if before.is_empty() && after.is_empty() {
        return None;
    }
    let parts = [
        before.join(";"),
        setting.unwrap_or(";;").to_string(),
        after.join(";"),
    ];
    Some(
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(";"),
    )
}

#[derive(Default)]
struct Assignments {
    /// Locals (by name, scopes ignored) bound to a settled value.
    locals: HashMap<String, Vec<Part>>,
    /// The settled values assigned to `package.path`.
    values: Vec<Vec<Part>>,
}

impl Visitor for Assignments {
    fn visit_local_assignment(&mut self, node: &ast::LocalAssignment) {
        for (name, e) in node.names().iter().zip(node.expressions().iter()) {
            match self.value(e) {
                Some(v) => self.locals.insert(name.token().to_string(), v),
                None => self.locals.remove(&name.token().to_string()),
            };
        }
    }

    fn visit_assignment(&mut self, node: &ast::Assignment) {
        for (var, e) in node.variables().iter().zip(node.expressions().iter()) {
            if is_package_path(var) {
                if let Some(v) = self.value(e) {
                    self.values.push(v);
                }
            }
        }
    }
}

impl Assignments {
    fn value(&self, e: &Expression) -> Option<Vec<Part>> {
        match e {
            Expression::String(t) => match t.token_type() {
                TokenType::StringLiteral { literal, .. } => {
                    Some(vec![Part::Text(literal.to_string())])
                }
                _ => None,
            },
            Expression::BinaryOperator {
                lhs,
                binop: BinOp::TwoDots(_),
                rhs,
            } => {
                let mut v = self.value(lhs)?;
                for p in self.value(rhs)? {
                    match (v.last_mut(), p) {
                        (Some(Part::Text(a)), Part::Text(b)) => a.push_str(&b),
                        (_, p) => v.push(p),
                    }
                }
                Some(v)
            }
            Expression::Parentheses { expression, .. } => self.value(expression),
            Expression::Var(Var::Name(t)) => self.locals.get(&t.token().to_string()).cloned(),
            Expression::Var(var) if is_package_path(var) => Some(vec![Part::Old]),
            Expression::FunctionCall(call) if is_prefix_call(call) => {
                Some(vec![Part::Text("$prefix".into())])
            }
            _ => None,
        }
    }
}

fn is_package_path(var: &Var) -> bool {
    dotted(var).is_some_and(|names| names == ["package", "path"])
}

/// `a.b.c` as its names.
fn dotted(var: &Var) -> Option<Vec<String>> {
    let Var::Expression(ve) = var else {
        return None;
    };
    let Prefix::Name(head) = ve.prefix() else {
        return None;
    };
    let mut names = vec![head.token().to_string()];
    for s in ve.suffixes() {
        match s {
            Suffix::Index(ast::Index::Dot { name, .. }) => names.push(name.token().to_string()),
            _ => return None,
        }
    }
    Some(names)
}

/// `ngx.config.prefix()`: the prefix, with its trailing `/` (as lua_package_path's `$prefix`).
fn is_prefix_call(call: &ast::FunctionCall) -> bool {
    let Prefix::Name(head) = call.prefix() else {
        return false;
    };
    let mut names = vec![head.token().to_string()];
    let mut called = false;
    for s in call.suffixes() {
        match s {
            Suffix::Index(ast::Index::Dot { name, .. }) if !called => {
                names.push(name.token().to_string())
            }
            Suffix::Call(Call::AnonymousCall(args))
                if !called
                    && matches!(&**args, FunctionArgs::Parentheses { arguments, .. }
                        if arguments.is_empty()) =>
            {
                called = true
            }
            _ => return false,
        }
    }
    called && names == ["ngx", "config", "prefix"]
}

#[cfg(test)]
mod tests {
    use super::effective;

    #[test]
    fn settled_assignments_add_their_templates() {
        let init = r#"
            local conf_path = ngx.config.prefix()
            package.path = conf_path .. "/app/?.lua;" .. conf_path .. "/lib/?.lua;" .. package.path
            package.path = package.path .. ";/opt/extra/?.lua"
        "#;
        assert_eq!(
            effective(Some("$prefix/lua/?.lua;;"), [init].into_iter()).as_deref(),
            Some("$prefix/app/?.lua;$prefix/lib/?.lua;$prefix/lua/?.lua;;;/opt/extra/?.lua")
        );
        // Without lua_package_path: the defaults stand where the old value does.
        assert_eq!(
            effective(
                None,
                [r#"package.path = "/x/?.lua;" .. package.path"#].into_iter()
            )
            .as_deref(),
            Some("/x/?.lua;;;")
        );
    }

    #[test]
    fn unsettled_values_add_nothing() {
        let src = r#"
            package.path = os.getenv("APP") .. "/?.lua;" .. package.path
            local p = get_path()
            package.path = p
            package.cpath = "/x/?.so;" .. package.cpath
        "#;
        assert_eq!(effective(Some("/a/?.lua"), [src].into_iter()), None);
    }
}
