//! The appraisal pack written out: a [`Pack`] through a minijinja template,
//! the built-in one or the user's own (`<config>/reflect/templates/`).
//!
//! HTML templates escape every value (autoescape); only the charts' SVG,
//! written by [`super::chart`] with every text escaped, goes in as it is
//! (`| safe`). Markdown templates have filters of their own ([`md`],
//! [`cell`], [`lines`]) so a note cannot turn into a heading, a table
//! column or a link.

use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use super::pack::Pack;

/// The two ways to write a pack.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PackFormat {
    /// One self-contained HTML file (inline CSS and SVG, no script), to open in a browser and print
    #[default]
    Html,
    /// Markdown: plain text that renders in common viewers
    Md,
}

impl PackFormat {
    pub fn extension(self) -> &'static str {
        match self {
            PackFormat::Html => "html",
            PackFormat::Md => "md",
        }
    }

    /// The template's file name, built in and in `<config>/reflect/templates/`.
    pub fn template_name(self) -> &'static str {
        match self {
            PackFormat::Html => "report.html",
            PackFormat::Md => "report.md",
        }
    }

    /// The built-in template.
    pub fn builtin(self) -> &'static str {
        match self {
            PackFormat::Html => include_str!("templates/report.html.j2"),
            PackFormat::Md => include_str!("templates/report.md.j2"),
        }
    }
}

/// Escape Markdown's inline marks so text reads as written: `\`, `*`,
/// `_`, `` ` ``, `[`, `]`, `<`, `>`, `|`, and `#` or a list mark where it
/// could start a line. Line breaks become spaces.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    // At the start of a line, "- ", "+ " or "1. " would start a list.
    let marker = out.find(' ').map_or(out.as_str(), |space| &out[..space]);
    if matches!(marker, "-" | "+") {
        out.insert(0, '\\');
    } else if let Some(digits) = marker.strip_suffix(['.', ')'])
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
    {
        out.insert(digits.len(), '\\');
    }
    out
}

/// [`md`] for a table cell: nothing may end the row or the cell.
pub fn cell(text: &str) -> String {
    md(text.trim())
}

/// [`md`] for several lines inside a list item: each line is kept (a hard
/// line break), a blank line starts a new paragraph, all indented under
/// the item.
pub fn lines(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n  ");
        } else if !out.is_empty() {
            out.push_str("  \n  ");
        }
        blank = false;
        out.push_str(&md(line));
    }
    out
}

/// A template's error as "ORIGIN line N: kind: detail".
fn explain(origin: &str, e: &minijinja::Error) -> String {
    let mut text = origin.to_owned();
    if let Some(line) = e.line() {
        text.push_str(&format!(" line {line}"));
    }
    text.push_str(&format!(": {}", e.kind()));
    if let Some(detail) = e.detail() {
        text.push_str(&format!(": {detail}"));
    }
    text
}

/// The environment with `source` as the template of `format`.
fn environment(format: PackFormat, source: &str) -> Result<Environment<'_>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(move |_| match format {
        PackFormat::Html => AutoEscape::Html,
        PackFormat::Md => AutoEscape::None,
    });
    env.set_keep_trailing_newline(true);
    env.add_filter("md", |s: String| md(&s));
    env.add_filter("cell", |s: String| cell(&s));
    env.add_filter("lines", |s: String| lines(&s));
    env.add_template(format.template_name(), source)?;
    Ok(env)
}

/// Render `pack` in `format` with the built-in template, or `custom`
/// (the user's own template's text, named `origin` in messages).
///
/// An error names the template and line: "report.html line 12: ...".
pub fn render(
    pack: &Pack,
    format: PackFormat,
    custom: Option<(&str, &str)>,
) -> Result<String, String> {
    let (source, origin) = match custom {
        Some((text, origin)) => (text, origin.to_owned()),
        None => (
            format.builtin(),
            format!("built-in {}", format.template_name()),
        ),
    };
    let explain = |e: minijinja::Error| explain(&origin, &e);
    let env = environment(format, source).map_err(explain)?;
    let template = env.get_template(format.template_name()).map_err(explain)?;
    template
        .render(minijinja::Value::from_serialize(pack))
        .map_err(explain)
}

/// Render `context` through an HTML template: `builtin` (named `name`),
/// or `custom` (the user's own text, named `origin` in messages). The
/// same rules as the pack's HTML: every value escaped, errors with the
/// template's line.
pub fn render_value(
    name: &str,
    builtin: &str,
    custom: Option<(&str, &str)>,
    context: minijinja::Value,
) -> Result<String, String> {
    let (source, origin) = match custom {
        Some((text, origin)) => (text, origin.to_owned()),
        None => (builtin, format!("built-in {name}")),
    };
    let explain = |e: minijinja::Error| explain(&origin, &e);
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_keep_trailing_newline(true);
    env.add_template(name, source).map_err(explain)?;
    let template = env.get_template(name).map_err(explain)?;
    template.render(context).map_err(explain)
}
