//! Diagnostics: one model, rendered as text (codespan-reporting) or JSON.
//!
//! A diagnostic is data: a stable code, a severity, one sentence (nginx's own words where nginx
//! has them), a primary span, optional secondary labels and a help line.

use crate::conf::ast::{SourceMap, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Clone, Debug)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Stable kebab-case identifier, e.g. `unknown-directive`.
    pub code: &'static str,
    pub severity: Severity,
    /// One sentence, e.g. `unknown directive "foo"`.
    pub message: String,
    /// Where it happened. `None` only for errors with no source position (e.g. a missing file).
    pub span: Option<Span>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic { code, severity: Severity::Error, message: message.into(), span: Some(span), labels: vec![], help: None }
    }
    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic { code, severity: Severity::Warning, message: message.into(), span: Some(span), labels: vec![], help: None }
    }
    /// An error with no position in any source file.
    pub fn global(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { code, severity: Severity::Error, message: message.into(), span: None, labels: vec![], help: None }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label { span, message: message.into() });
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// `file:line:column: error: message` — the one-line form used in logs and tests.
    pub fn one_line(&self, sources: &SourceMap) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.span {
            Some(s) => format!("{}: {sev}: {}", sources.locate(s), self.message),
            None => format!("{sev}: {}", self.message),
        }
    }
}
