//! Positions in RON text: a small lexer and an outline of the text's
//! structure, to turn a place in a parsed value (a path such as
//! `themes[2].standards[0].stage`) into a line and column, and to read a
//! field from a file's head without parsing the rest.

use crate::model::validate::{Issue, Seg};

use super::Problem;

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
pub fn token_start(text: &str, line: usize, col: usize) -> Option<(usize, usize)> {
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
