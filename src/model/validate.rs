//! Checking a framework file: every problem, each with the line and column
//! it is at, so `reflect validate FILE` can print `PATH:LINE:COL: message`.
//!
//! Two passes. The text is parsed as a [`Framework`] (a syntax or shape
//! error stops there: it is the one problem reported). A parsed framework
//! is then checked for what serde cannot see ([`check`]): duplicate ids,
//! unknown stages, empty wording, an unusable scale, renames that lead
//! nowhere. Those problems name a place in the framework (a path such as
//! `themes[2].standards[0].stage`); only when there are problems is the
//! text scanned, token by token, to turn the paths into positions, so a
//! valid file costs one parse.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use super::framework::Framework;

/// One problem in a framework file, at a 1-based line and column
/// (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

/// Every problem in a framework file's text, in the order they appear;
/// empty when the framework is valid.
pub fn validate(text: &str) -> Vec<Problem> {
    match parse_framework(text) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}

/// Parse and check a framework file: the framework when it is valid, else
/// every problem found (never an empty list).
pub fn parse_framework(text: &str) -> Result<Framework, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let framework = crate::store::parse_ron::<Framework>(text).map_err(|at| {
        vec![Problem {
            line: at.line,
            col: at.col,
            message: at.message,
        }]
    })?;
    let issues = check(&framework);
    if issues.is_empty() {
        return Ok(framework);
    }
    Err(locate(text, issues))
}

/// A step on the way to a place in a framework file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A struct's field.
    Field(&'static str),
    /// A list's item.
    Index(usize),
    /// A map's key (`renames: {"old": ...}`).
    Key(String),
    /// The value under a map's key.
    Value(String),
}

/// A problem in a parsed framework, at a path rather than a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub at: Vec<Seg>,
    pub message: String,
    /// Where the same id was first used, for duplicates: located and
    /// added to the message as `(first at LINE:COL)`.
    pub first: Option<Vec<Seg>>,
}

fn issue(at: Vec<Seg>, message: String) -> Issue {
    Issue {
        at,
        message,
        first: None,
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What serde cannot check in a parsed framework. Empty when it is valid.
pub fn check(fw: &Framework) -> Vec<Issue> {
    use Seg::{Field, Index};
    let mut out = Vec::new();

    if blank(&fw.id) {
        out.push(issue(
            vec![Field("id")],
            "empty id: a framework needs an id, which assessments refer to".into(),
        ));
    }
    if blank(&fw.title) {
        out.push(issue(vec![Field("title")], "empty title".into()));
    }
    if blank(&fw.version) {
        out.push(issue(
            vec![Field("version")],
            "empty version: assessments record the version they were made against".into(),
        ));
    }

    // Stages.
    if fw.stages.is_empty() {
        out.push(issue(
            vec![Field("stages")],
            "no stages: a framework needs at least one stage".into(),
        ));
    }
    let mut stage_ids: HashMap<&str, usize> = HashMap::new();
    for (i, stage) in fw.stages.iter().enumerate() {
        let at = |field| vec![Field("stages"), Index(i), Field(field)];
        if blank(&stage.id) {
            out.push(issue(at("id"), format!("stage {} has an empty id", i + 1)));
        } else if let Some(&first) = stage_ids.get(stage.id.as_str()) {
            out.push(Issue {
                at: at("id"),
                message: format!("duplicate stage id \"{}\"", stage.id),
                first: Some(vec![Field("stages"), Index(first), Field("id")]),
            });
        } else {
            stage_ids.insert(&stage.id, i);
        }
        if blank(&stage.name) {
            out.push(issue(
                at("name"),
                format!("stage \"{}\" has an empty name", stage.id),
            ));
        }
    }

    // The scale: keys 1-9 set levels, so values are 1..=9.
    let levels = &fw.scale.levels;
    if levels.len() < 2 {
        out.push(issue(
            vec![Field("scale"), Field("levels")],
            format!("the scale needs at least 2 levels; it has {}", levels.len()),
        ));
    }
    let mut values: HashMap<u8, usize> = HashMap::new();
    for (i, level) in levels.iter().enumerate() {
        let at = |field| vec![Field("scale"), Field("levels"), Index(i), Field(field)];
        if !(1..=9).contains(&level.value) {
            out.push(issue(
                at("value"),
                format!(
                    "level value {} is out of range: values are 1 to 9 (the keys that set them)",
                    level.value
                ),
            ));
        } else if let Some(&first) = values.get(&level.value) {
            out.push(Issue {
                at: at("value"),
                message: format!("duplicate level value {}", level.value),
                first: Some(vec![
                    Field("scale"),
                    Field("levels"),
                    Index(first),
                    Field("value"),
                ]),
            });
        } else {
            values.insert(level.value, i);
        }
        if blank(&level.label) {
            out.push(issue(
                at("label"),
                format!("level {} has an empty label", level.value),
            ));
        }
    }

    // Themes and standards: one namespace of ids, so a tree node's id is unique.
    if fw.themes.is_empty() {
        out.push(issue(
            vec![Field("themes")],
            "no themes: a framework needs at least one theme".into(),
        ));
    }
    let mut ids: HashMap<String, Vec<Seg>> = HashMap::new();
    let mut note_id = |id: &str, at: Vec<Seg>, what: &str, out: &mut Vec<Issue>| {
        if blank(id) {
            out.push(issue(at, format!("{what} with an empty id")));
        } else if let Some(first) = ids.get(id) {
            out.push(Issue {
                at,
                message: format!("duplicate id \"{id}\""),
                first: Some(first.clone()),
            });
        } else {
            ids.insert(id.to_owned(), at);
        }
    };
    let stage_list = fw
        .stages
        .iter()
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    for (t, theme) in fw.themes.iter().enumerate() {
        let at = |field| vec![Field("themes"), Index(t), Field(field)];
        note_id(&theme.id, at("id"), "a theme", &mut out);
        if blank(&theme.title) {
            out.push(issue(
                at("title"),
                format!("theme \"{}\" has an empty title", theme.id),
            ));
        }
        if blank(&theme.definition) {
            out.push(issue(
                at("definition"),
                format!("theme \"{}\" has an empty definition", theme.id),
            ));
        }
        if theme.standards.is_empty() {
            out.push(issue(
                at("standards"),
                format!("theme \"{}\" has no standards", theme.id),
            ));
        }
        for (s, standard) in theme.standards.iter().enumerate() {
            let at = |field| {
                vec![
                    Field("themes"),
                    Index(t),
                    Field("standards"),
                    Index(s),
                    Field(field),
                ]
            };
            note_id(&standard.id, at("id"), "a standard", &mut out);
            if blank(&standard.text) {
                out.push(issue(
                    at("text"),
                    format!("standard \"{}\" has an empty text", standard.id),
                ));
            }
            if let Some(stage) = &standard.stage
                && !stage_ids.contains_key(stage.as_str())
            {
                out.push(issue(
                    at("stage"),
                    format!(
                        "standard \"{}\": unknown stage \"{stage}\" (the stages are: {stage_list})",
                        standard.id
                    ),
                ));
            }
        }
    }

    // Renames: old id to new id, possibly in a chain (a -> b in one
    // version, b -> c in the next) that must end at a standard.
    let standards: HashSet<&str> = fw.standards().map(|(_, s)| s.id.as_str()).collect();
    for (old, new) in &fw.renames {
        if standards.contains(old.as_str()) {
            out.push(issue(
                vec![Field("renames"), Seg::Key(old.clone())],
                format!(
                    "rename \"{old}\" -> \"{new}\": \"{old}\" is still a standard's id; \
                     a renamed id must not be used again"
                ),
            ));
            continue;
        }
        let at = vec![Field("renames"), Seg::Value(old.clone())];
        match follow(&fw.renames, &standards, new) {
            Ok(_) => {}
            Err(Unresolved::Cycle) => out.push(issue(
                at,
                format!("rename \"{old}\" -> \"{new}\": the renames go round in a circle"),
            )),
            Err(Unresolved::Unknown(last)) if last == *new => out.push(issue(
                at,
                format!("rename \"{old}\" -> \"{new}\": no standard has the id \"{new}\""),
            )),
            Err(Unresolved::Unknown(last)) => out.push(issue(
                at,
                format!(
                    "rename \"{old}\" -> \"{new}\": the renames lead to \"{last}\", and no \
                     standard has that id"
                ),
            )),
        }
    }
    out
}

enum Unresolved {
    Cycle,
    /// The last id reached, which is neither a standard nor renamed.
    Unknown(String),
}

/// Follow renames from `id` until a standard's id.
fn follow(
    renames: &std::collections::BTreeMap<String, String>,
    standards: &HashSet<&str>,
    id: &str,
) -> Result<String, Unresolved> {
    let mut seen = BTreeSet::new();
    let mut id = id;
    loop {
        if standards.contains(id) {
            return Ok(id.to_owned());
        }
        if !seen.insert(id) {
            return Err(Unresolved::Cycle);
        }
        match renames.get(id) {
            Some(next) => id = next,
            None => return Err(Unresolved::Unknown(id.to_owned())),
        }
    }
}

/// Give each issue the position of the place it names in `text`: the
/// nearest enclosing place that can be found, else 1:1. Sorted by position.
pub fn locate(text: &str, issues: Vec<Issue>) -> Vec<Problem> {
    let tree = outline(text);
    let pos = |at: &[Seg]| tree.as_ref().map_or((1, 1), |node| node.find(at));
    let mut problems: Vec<Problem> = issues
        .into_iter()
        .map(|issue| {
            let (line, col) = pos(&issue.at);
            let message = match &issue.first {
                Some(first) => {
                    let (l, c) = pos(first);
                    format!("{} (first at {l}:{c})", issue.message)
                }
                None => issue.message,
            };
            Problem { line, col, message }
        })
        .collect();
    problems.sort_by_key(|p| (p.line, p.col));
    problems
}

/// The framework's own id, read from the start of a framework file without
/// parsing the rest: the top-level `id: "..."`. `None` when it cannot be
/// found that way (the file is broken, or unusual).
pub fn scan_id(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lexer = Lexer::new(text);
    let mut next = || lexer.next_tok()?.ok();
    let mut tok = next()?;
    // Inner attributes (`#![enable(implicit_some)]`), then an optional struct name.
    while tok.kind == Kind::Attr {
        while tok.kind == Kind::Attr {
            tok = next()?;
        }
        let mut depth = 0usize;
        loop {
            match tok.kind {
                Kind::Open(_) => depth += 1,
                Kind::Close(_) => depth = depth.checked_sub(1)?,
                _ => {}
            }
            tok = next()?;
            if depth == 0 {
                break;
            }
        }
    }
    if matches!(tok.kind, Kind::Ident(_)) {
        tok = next()?;
    }
    if tok.kind != Kind::Open('(') {
        return None;
    }
    // Top-level fields: `name: value,` where a value may hold brackets.
    let mut depth = 1usize;
    let mut last: [Kind; 2] = [Kind::Comma, Kind::Open('(')];
    loop {
        let tok = next()?;
        match &tok.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            Kind::Str(s)
                if depth == 1 && last[0] == Kind::Ident("id".into()) && last[1] == Kind::Colon =>
            {
                return Some(s.clone());
            }
            _ => {}
        }
        last = [std::mem::replace(&mut last[1], Kind::Other), tok.kind];
    }
}

/// Where the token that holds the 1-based `line` and `col` starts, if one
/// does: ron reports an error found by a visitor (a key given twice, say)
/// from inside the string it had just read; this is that string's opening
/// quote. `None` when the position is between tokens or the text does not
/// lex that far.
pub(crate) fn token_start(text: &str, line: usize, col: usize) -> Option<(usize, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lexer = Lexer::new(text);
    while let Some(tok) = lexer.next_tok() {
        let tok = tok.ok()?;
        if (tok.line, tok.col) > (line, col) {
            return None;
        }
        if (lexer.line, lexer.col) > (line, col) {
            return Some((tok.line, tok.col));
        }
    }
    None
}

// ----------------------------------------------------------------- tokens

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Open(char),
    Close(char),
    Colon,
    Comma,
    /// `#` or `!`, as in `#![enable(implicit_some)]`.
    Attr,
    Str(String),
    Ident(String),
    /// A number, a char literal: a value whose text is never needed.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
struct Tok {
    kind: Kind,
    line: usize,
    col: usize,
}

/// Just enough of RON's lexical grammar to find where values start:
/// comments (nested block comments too), strings with escapes, raw
/// strings, chars, numbers, identifiers and punctuation. A string inside
/// another string, or inside a comment, is never mistaken for a token.
struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    rest: &'a str,
    line: usize,
    col: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            chars: text.chars().peekable(),
            rest: text,
            line: 1,
            col: 1,
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.rest.chars();
        it.next();
        it.next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        self.rest = &self.rest[c.len_utf8()..];
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// The next token; `Err` for text that is not RON as this lexer knows it.
    fn next_tok(&mut self) -> Option<Result<Tok, ()>> {
        loop {
            let c = self.peek()?;
            if c.is_whitespace() {
                self.bump();
                continue;
            }
            if c == '/' && self.peek2() == Some('/') {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.bump();
                }
                continue;
            }
            if c == '/' && self.peek2() == Some('*') {
                if self.block_comment().is_err() {
                    return Some(Err(()));
                }
                continue;
            }
            break;
        }
        let (line, col) = (self.line, self.col);
        let kind = match self.lex_one() {
            Ok(kind) => kind,
            Err(()) => return Some(Err(())),
        };
        Some(Ok(Tok { kind, line, col }))
    }

    fn block_comment(&mut self) -> Result<(), ()> {
        self.bump();
        self.bump();
        let mut depth = 1;
        while depth > 0 {
            match self.bump().ok_or(())? {
                '*' if self.peek() == Some('/') => {
                    self.bump();
                    depth -= 1;
                }
                '/' if self.peek() == Some('*') => {
                    self.bump();
                    depth += 1;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn lex_one(&mut self) -> Result<Kind, ()> {
        let c = self.peek().ok_or(())?;
        match c {
            '(' | '[' | '{' => {
                self.bump();
                Ok(Kind::Open(c))
            }
            ')' | ']' | '}' => {
                self.bump();
                Ok(Kind::Close(c))
            }
            ':' => {
                self.bump();
                Ok(Kind::Colon)
            }
            ',' => {
                self.bump();
                Ok(Kind::Comma)
            }
            '#' | '!' => {
                self.bump();
                Ok(Kind::Attr)
            }
            '"' => self.string().map(Kind::Str),
            '\'' => {
                self.bump();
                loop {
                    match self.bump().ok_or(())? {
                        '\\' => {
                            self.bump().ok_or(())?;
                        }
                        '\'' => return Ok(Kind::Other),
                        '\n' => return Err(()),
                        _ => {}
                    }
                }
            }
            'b' if matches!(self.peek2(), Some('"' | '\'')) => {
                self.bump();
                self.lex_one()
            }
            'b' if self.peek2() == Some('r') && self.raw_follows(2) => {
                self.bump();
                self.bump();
                self.raw_string().map(Kind::Str)
            }
            'r' if self.raw_follows(1) => {
                self.bump();
                self.raw_string().map(Kind::Str)
            }
            'r' if self.peek2() == Some('#') => {
                // A raw identifier: r#type.
                self.bump();
                self.bump();
                Ok(Kind::Ident(self.ident()))
            }
            c if c.is_alphabetic() || c == '_' => Ok(Kind::Ident(self.ident())),
            c if c.is_ascii_digit() || matches!(c, '-' | '+' | '.') => {
                let mut prev = self.bump().ok_or(())?;
                while let Some(c) = self.peek() {
                    let exponent_sign = matches!(c, '-' | '+') && matches!(prev, 'e' | 'E');
                    if c.is_alphanumeric() || c == '_' || c == '.' || exponent_sign {
                        prev = c;
                        self.bump();
                    } else {
                        break;
                    }
                }
                Ok(Kind::Other)
            }
            _ => Err(()),
        }
    }

    /// After `skip` characters, `#`* then `"`: a raw string starts here.
    fn raw_follows(&self, skip: usize) -> bool {
        let mut it = self.rest.chars().skip(skip);
        loop {
            match it.next() {
                Some('#') => continue,
                Some('"') => return true,
                _ => return false,
            }
        }
    }

    fn ident(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    fn string(&mut self) -> Result<String, ()> {
        self.bump();
        let mut s = String::new();
        loop {
            match self.bump().ok_or(())? {
                '"' => return Ok(s),
                '\\' => match self.bump().ok_or(())? {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    'r' => s.push('\r'),
                    '0' => s.push('\0'),
                    'u' if self.peek() == Some('{') => {
                        self.bump();
                        let mut hex = String::new();
                        loop {
                            match self.bump().ok_or(())? {
                                '}' => break,
                                c => hex.push(c),
                            }
                        }
                        let c = u32::from_str_radix(&hex, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .unwrap_or('\u{fffd}');
                        s.push(c);
                    }
                    // A line continuation: the newline and leading blanks vanish.
                    '\n' => {
                        while self.peek().is_some_and(char::is_whitespace) {
                            self.bump();
                        }
                    }
                    other => s.push(other),
                },
                c => s.push(c),
            }
        }
    }

    /// At the `#`s or `"` after `r`.
    fn raw_string(&mut self) -> Result<String, ()> {
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.bump() != Some('"') {
            return Err(());
        }
        let mut s = String::new();
        loop {
            let c = self.bump().ok_or(())?;
            if c == '"' {
                let closing = "#".repeat(hashes);
                if self.rest.starts_with(&closing) {
                    for _ in 0..hashes {
                        self.bump();
                    }
                    return Ok(s);
                }
            }
            s.push(c);
        }
    }
}

// ---------------------------------------------------------------- outline

/// The shape of a RON value with where each part starts.
#[derive(Debug)]
struct Node {
    line: usize,
    col: usize,
    body: Body,
}

#[derive(Debug)]
enum Body {
    /// `(name: value, ...)`, with where each field's name starts.
    Fields(Vec<(String, Node)>),
    /// `[a, b]`, or a tuple `(a, b)`, or `Some(a)`.
    Items(Vec<Node>),
    Map(Vec<(Node, Node)>),
    Str(String),
    Other,
}

impl Node {
    /// Where the place at `path` starts, or its nearest enclosing place.
    fn find(&self, path: &[Seg]) -> (usize, usize) {
        let Some((first, rest)) = path.split_first() else {
            return (self.line, self.col);
        };
        // `Some(x)` written out in full: look inside.
        if let Body::Items(items) = &self.body
            && items.len() == 1
            && !matches!(first, Seg::Index(_))
        {
            return items[0].find(path);
        }
        let next = match (first, &self.body) {
            (Seg::Field(name), Body::Fields(fields)) => {
                fields.iter().find(|(n, _)| n == name).map(|(_, node)| node)
            }
            (Seg::Index(i), Body::Items(items)) => items.get(*i),
            (Seg::Key(k), Body::Map(entries)) => entries
                .iter()
                .find(|(key, _)| matches!(&key.body, Body::Str(s) if s == k))
                .map(|(key, _)| key),
            (Seg::Value(k), Body::Map(entries)) => entries
                .iter()
                .find(|(key, _)| matches!(&key.body, Body::Str(s) if s == k))
                .map(|(_, value)| value),
            _ => None,
        };
        match next {
            Some(node) => node.find(rest),
            None => (self.line, self.col),
        }
    }
}

/// The outline of a whole RON document, or `None` if it does not lex or
/// parse as this reader knows RON.
fn outline(text: &str) -> Option<Node> {
    let mut lexer = Lexer::new(text);
    let mut toks = Vec::new();
    while let Some(tok) = lexer.next_tok() {
        toks.push(tok.ok()?);
    }
    let mut p = Parser { toks, at: 0 };
    // Inner attributes: #![enable(...)].
    while p.peek().is_some_and(|t| t.kind == Kind::Attr) {
        while p.peek().is_some_and(|t| t.kind == Kind::Attr) {
            p.at += 1;
        }
        p.skip_group()?;
    }
    p.value(0)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

/// Deeper than RON's own default recursion limit: a file that parsed is never this deep.
const MAX_DEPTH: usize = 256;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn peek_kind(&self, ahead: usize) -> Option<&Kind> {
        self.toks.get(self.at + ahead).map(|t| &t.kind)
    }

    fn next(&mut self) -> Option<Tok> {
        let tok = self.toks.get(self.at)?.clone();
        self.at += 1;
        Some(tok)
    }

    /// Skip a bracketed group, brackets included.
    fn skip_group(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.next()?.kind {
                Kind::Open(_) => depth += 1,
                Kind::Close(_) => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(());
                    }
                }
                _ if depth == 0 => return None,
                _ => {}
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let tok = self.next()?;
        let node = |body| {
            Some(Node {
                line: tok.line,
                col: tok.col,
                body,
            })
        };
        match &tok.kind {
            Kind::Str(s) => node(Body::Str(s.clone())),
            Kind::Other => node(Body::Other),
            Kind::Open('(') => node(self.parens(depth)?),
            Kind::Open('[') => node(Body::Items(self.items(']', depth)?)),
            Kind::Open('{') => node(self.map(depth)?),
            Kind::Ident(_) if self.peek_kind(0) == Some(&Kind::Open('(')) => {
                self.at += 1;
                node(self.parens(depth)?)
            }
            Kind::Ident(_) => node(Body::Other),
            _ => None,
        }
    }

    /// After `(`: a struct's fields, or a tuple's items.
    fn parens(&mut self, depth: usize) -> Option<Body> {
        let is_struct = matches!(self.peek_kind(0), Some(Kind::Ident(_)))
            && self.peek_kind(1) == Some(&Kind::Colon);
        if !is_struct {
            return Some(Body::Items(self.items(')', depth)?));
        }
        let mut fields = Vec::new();
        loop {
            match self.next()?.kind {
                Kind::Close(')') => return Some(Body::Fields(fields)),
                Kind::Ident(name) => {
                    if self.next()?.kind != Kind::Colon {
                        return None;
                    }
                    fields.push((name, self.value(depth + 1)?));
                    match self.next()?.kind {
                        Kind::Comma => {}
                        Kind::Close(')') => return Some(Body::Fields(fields)),
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    fn items(&mut self, close: char, depth: usize) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        loop {
            if self.peek_kind(0) == Some(&Kind::Close(close)) {
                self.at += 1;
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            match self.next()?.kind {
                Kind::Comma => {}
                Kind::Close(c) if c == close => return Some(items),
                _ => return None,
            }
        }
    }

    fn map(&mut self, depth: usize) -> Option<Body> {
        let mut entries = Vec::new();
        loop {
            if self.peek_kind(0) == Some(&Kind::Close('}')) {
                self.at += 1;
                return Some(Body::Map(entries));
            }
            let key = self.value(depth + 1)?;
            if self.next()?.kind != Kind::Colon {
                return None;
            }
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            match self.next()?.kind {
                Kind::Comma => {}
                Kind::Close('}') => return Some(Body::Map(entries)),
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"(
  id: "tiny",
  title: "Tiny",
  version: "1",
  source: (publisher: "Us", note: "Ours."),
  stages: [(id: "k", name: "Knowledge", description: "")],
  scale: (
    levels: [(value: 1, label: "One", descriptor: ""), (value: 2, label: "Two", descriptor: "")],
    not_applicable: "n/a",
  ),
  themes: [
    (id: "t", title: "T", definition: "D.", standards: [(id: "s", text: "S.", origin: Prompt)]),
  ],
)
"#;

    fn col(line: &str, needle: &str) -> usize {
        line[..line.find(needle).unwrap()].chars().count() + 1
    }

    #[test]
    fn a_good_framework_has_no_problems() {
        assert_eq!(validate(GOOD), []);
        assert!(parse_framework(GOOD).is_ok());
    }

    #[test]
    fn every_bundled_framework_is_valid() {
        for (name, text) in crate::model::bundled::SOURCES {
            assert_eq!(validate(text), [], "{name}");
            assert_eq!(
                scan_id(text).as_deref(),
                Some(name.trim_end_matches(".ron"))
            );
        }
    }

    #[test]
    fn a_syntax_error_is_the_one_problem() {
        let text = GOOD.replace("  title: \"Tiny\",", "  title: \"Tiny\"");
        let problems = validate(&text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 4);
    }

    #[test]
    fn a_quoted_id_inside_a_string_does_not_fool_the_positions() {
        // The title holds `id: "t"` and a comment holds another; the
        // duplicate is the standard on the last themes line.
        let text = GOOD
            .replace(
                "title: \"T\"",
                "title: \"the \\\"id: \\\"t\\\"\\\" theme\" /* id: \"t\" */",
            )
            .replace("(id: \"s\", text", "(id: \"t\", text");
        let problems = validate(&text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let line = text.lines().nth(11).unwrap();
        assert_eq!(problems[0].line, 12);
        assert_eq!(problems[0].col, col(line, "\"t\", text"));
        assert_eq!(
            problems[0].message,
            format!(
                "duplicate id \"t\" (first at 12:{})",
                col(line, "\"t\", title")
            )
        );
    }

    #[test]
    fn positions_fall_back_to_the_nearest_place_found() {
        let issues = vec![
            issue(
                vec![Seg::Field("themes"), Seg::Index(9), Seg::Field("id")],
                "x".into(),
            ),
            issue(vec![Seg::Field("nope")], "y".into()),
        ];
        let problems = locate(GOOD, issues);
        assert_eq!((problems[0].line, problems[0].col), (1, 1));
        assert_eq!((problems[1].line, problems[1].col), (11, 11));
        // Text this reader cannot follow: 1:1, never a panic.
        let problems = locate(
            "(id: \"x\" ¤",
            vec![issue(vec![Seg::Field("id")], "z".into())],
        );
        assert_eq!((problems[0].line, problems[0].col), (1, 1));
    }

    #[test]
    fn scan_id_reads_the_top_level_id_only() {
        assert_eq!(scan_id(GOOD).as_deref(), Some("tiny"));
        let text = "#![enable(implicit_some)]\n// id: \"no\"\nFramework(\n  source: (id: \"no\"),\n  title: \"id: \\\"no\\\"\",\n  r#id: r#\"yes\"#,\n)";
        assert_eq!(scan_id(text).as_deref(), Some("yes"));
        assert_eq!(scan_id("(title: \"x\")"), None);
        assert_eq!(scan_id("(id: \"x"), None);
        assert_eq!(scan_id("\u{feff}(id: \"bom\")").as_deref(), Some("bom"));
        assert_eq!(scan_id(""), None);
    }

    #[test]
    fn rename_chains_and_circles() {
        let mut fw = parse_framework(GOOD).unwrap();
        fw.renames.insert("a".into(), "b".into());
        fw.renames.insert("b".into(), "s".into());
        assert!(check(&fw).is_empty());
        fw.renames.insert("c".into(), "d".into());
        fw.renames.insert("d".into(), "c".into());
        fw.renames.insert("e".into(), "f".into());
        fw.renames.insert("g".into(), "a".into());
        fw.renames.insert("h".into(), "e".into());
        let messages: Vec<String> = check(&fw).into_iter().map(|i| i.message).collect();
        assert_eq!(
            messages,
            [
                "rename \"c\" -> \"d\": the renames go round in a circle",
                "rename \"d\" -> \"c\": the renames go round in a circle",
                "rename \"e\" -> \"f\": no standard has the id \"f\"",
                "rename \"h\" -> \"e\": the renames lead to \"f\", and no standard has that id",
            ]
        );
    }
}
