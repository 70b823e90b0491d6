//! Diagnostics: one model, rendered as text (codespan-reporting) or JSON.
//!
//! A diagnostic is data: a stable code, a severity, one sentence (nginx's own words where nginx
//! has them), a primary span, optional secondary labels and a help line.

use crate::conf::ast::{SourceMap, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span: Some(span),
            labels: vec![],
            help: None,
        }
    }
    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Warning,
            message: message.into(),
            span: Some(span),
            labels: vec![],
            help: None,
        }
    }
    /// An error with no position in any source file.
    pub fn global(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span: None,
            labels: vec![],
            help: None,
        }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
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

// ---- rendering ------------------------------------------------------------------------------

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor};

/// The `SourceMap` seen through codespan-reporting's `Files` trait.
struct SourceFiles<'a>(&'a SourceMap);

impl<'a> Files<'a> for SourceFiles<'a> {
    type FileId = u32;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: u32) -> Result<String, FilesError> {
        let f = self
            .0
            .files
            .get(id as usize)
            .ok_or(FilesError::FileMissing)?;
        Ok(f.path.display().to_string())
    }
    fn source(&'a self, id: u32) -> Result<&'a str, FilesError> {
        let f = self
            .0
            .files
            .get(id as usize)
            .ok_or(FilesError::FileMissing)?;
        Ok(f.text.as_str())
    }
    fn line_index(&'a self, id: u32, byte_index: usize) -> Result<usize, FilesError> {
        let f = self
            .0
            .files
            .get(id as usize)
            .ok_or(FilesError::FileMissing)?;
        Ok(match f.line_starts.binary_search(&(byte_index as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        })
    }
    fn line_range(
        &'a self,
        id: u32,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        let f = self
            .0
            .files
            .get(id as usize)
            .ok_or(FilesError::FileMissing)?;
        let start = *f
            .line_starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: f.line_starts.len().saturating_sub(1),
            })? as usize;
        let end = f
            .line_starts
            .get(line_index + 1)
            .map(|&e| e as usize)
            .unwrap_or(f.text.len());
        Ok(start..end)
    }
}

/// A span clamped to its file, so that a stale or out-of-range span never breaks rendering.
fn clamp(sources: &SourceMap, span: Span) -> Option<std::ops::Range<usize>> {
    let f = sources.files.get(span.file.0 as usize)?;
    let len = f.text.len();
    let mut start = (span.start as usize).min(len);
    let mut end = (span.end as usize).clamp(start, len);
    while start > 0 && !f.text.is_char_boundary(start) {
        start -= 1;
    }
    while end < len && !f.text.is_char_boundary(end) {
        end += 1;
    }
    Some(start..end)
}

fn to_codespan(d: &Diagnostic, sources: &SourceMap) -> cs::Diagnostic<u32> {
    let sev = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels = Vec::new();
    if let Some(s) = d.span
        && let Some(r) = clamp(sources, s)
    {
        labels.push(cs::Label::primary(s.file.0, r));
    }
    for l in &d.labels {
        if let Some(r) = clamp(sources, l.span) {
            labels.push(cs::Label::secondary(l.span.file.0, r).with_message(l.message.clone()));
        }
    }
    let notes = d.help.iter().map(|h| format!("help: {h}")).collect();
    cs::Diagnostic::new(sev)
        .with_code(d.code)
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Diagnostics as a person reads them: `error[code]: message`, the file and line, the offending
/// token underlined, related places labelled, and the hint. `color` adds ANSI colours.
pub fn render_text(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let config = term::Config::default();
    let files = SourceFiles(sources);
    let mut out = termcolor::Buffer::no_color();
    let mut colored = termcolor::Buffer::ansi();
    let styles = term::Styles::default();
    for d in diags {
        let cd = to_codespan(d, sources);
        let res = if color {
            let mut w = term::StylesWriter::new(&mut colored, &styles);
            term::emit_to_write_style(&mut w, &config, &files, &cd)
        } else {
            term::emit_to_io_write(&mut out, &config, &files, &cd)
        };
        if res.is_err() {
            // Rendering failed (a span outside its file): fall back to the one-line form.
            let buf = if color { &mut colored } else { &mut out };
            let _ = std::io::Write::write_all(buf, format!("{}\n", d.one_line(sources)).as_bytes());
        }
    }
    let bytes = if color {
        colored.into_inner()
    } else {
        out.into_inner()
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Diagnostics for editors and CI: a JSON array of
/// `{"severity","code","message","file","line","column","end_line","end_column","help"}`;
/// positions are 1-based, `file`/`line`/... are `null` for a diagnostic without a span.
pub fn render_json(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let sev = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let pos = d.span.and_then(|s| {
                let f = sources.files.get(s.file.0 as usize)?;
                let (l, c) = f.line_col(s.start.min(f.text.len() as u32));
                let (el, ec) = f.line_col(s.end.min(f.text.len() as u32));
                Some((f.path.display().to_string(), l, c, el, ec))
            });
            let (file, line, column, end_line, end_column) = match pos {
                Some((f, l, c, el, ec)) => (Some(f), Some(l), Some(c), Some(el), Some(ec)),
                None => (None, None, None, None, None),
            };
            serde_json::json!({
                "severity": sev,
                "code": d.code,
                "message": d.message,
                "file": file,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "help": d.help,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}
