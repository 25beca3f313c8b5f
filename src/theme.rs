//! Colours as data: a theme gives each role on screen (text, dim, border,
//! the current stage, ...) its style.
//!
//! Three are built in: `dark` (the default), `light` and `mono`, which
//! sends no colour at all (meaning is carried by bold, reverse, underline
//! and markers such as `▶`). `NO_COLOR` (set and not empty) selects `mono`.
//! A user's `theme.ron` in the config folder picks one (`base: "light"`)
//! and overrides roles (`caveat: (fg: "#875f00", italic: true)`).
//!
//! Every colour of `dark` and `light` a user must read is checked against
//! the xterm, Tango and Solarized palettes for 3:1 contrast (the tests,
//! and the table in `docs/contrast.md`): none relies on the palette's dark
//! grey or on yellow on a light background.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use serde::de::{self, Deserializer};

use crate::format::{Located, parse_ron};

/// The styles of every role on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: &'static str,
    /// Ordinary text.
    pub text: Style,
    /// Headings, the standard's wording.
    pub heading: Style,
    /// What matters less: descriptions, hints.
    pub dim: Style,
    /// Panel borders.
    pub border: Style,
    /// The border of what has the keys.
    pub focus: Style,
    /// The selected row.
    pub selection: Style,
    /// The stage being rated, among the stage tabs.
    pub current_stage: Style,
    /// The level set, on the scale.
    pub current_level: Style,
    /// The stage being rated, in a tree row.
    pub stage_mark: Style,
    /// Wording that is not the published framework's; unsaved changes.
    pub caveat: Style,
    /// A standard to discuss (⚑).
    pub flag: Style,
    /// What went wrong; what went down.
    pub error: Style,
    /// Saved; what went up.
    pub ok: Style,
}

const fn fg(color: Color) -> Style {
    Style::new().fg(color)
}

impl Theme {
    pub const NAMES: [&'static str; 3] = ["dark", "light", "mono"];

    /// For a dark background: the default.
    pub fn dark() -> Theme {
        let grey = Color::Indexed(245);
        Theme {
            name: "dark",
            text: Style::new(),
            heading: Style::new().add_modifier(Modifier::BOLD),
            dim: fg(grey),
            border: fg(grey),
            focus: fg(Color::Cyan),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            current_stage: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            current_level: Style::new()
                .fg(Color::Black)
                .bg(Color::Green)
                .add_modifier(Modifier::BOLD),
            stage_mark: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
            caveat: fg(Color::Yellow).add_modifier(Modifier::ITALIC),
            flag: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            error: fg(Color::Indexed(203)).add_modifier(Modifier::BOLD),
            ok: fg(Color::Green),
        }
    }

    /// For a light background.
    pub fn light() -> Theme {
        let grey = Color::Indexed(240);
        let white = Color::Indexed(231);
        Theme {
            name: "light",
            dim: fg(grey),
            border: fg(grey),
            focus: fg(Color::Indexed(25)),
            current_stage: Style::new()
                .fg(white)
                .bg(Color::Indexed(25))
                .add_modifier(Modifier::BOLD),
            current_level: Style::new()
                .fg(white)
                .bg(Color::Indexed(28))
                .add_modifier(Modifier::BOLD),
            caveat: fg(Color::Indexed(94)).add_modifier(Modifier::ITALIC),
            flag: fg(Color::Indexed(130)).add_modifier(Modifier::BOLD),
            error: fg(Color::Indexed(124)).add_modifier(Modifier::BOLD),
            ok: fg(Color::Indexed(28)),
            ..Theme::dark()
        }
    }

    /// No colour at all: bold, reverse, underline and italic only.
    pub fn mono() -> Theme {
        let plain = Style::new();
        Theme {
            name: "mono",
            dim: plain,
            border: plain,
            focus: Style::new().add_modifier(Modifier::BOLD),
            current_stage: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
            current_level: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
            caveat: Style::new().add_modifier(Modifier::ITALIC),
            flag: Style::new().add_modifier(Modifier::BOLD),
            error: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
            ok: plain,
            ..Theme::dark()
        }
    }

    pub fn by_name(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            "mono" => Some(Theme::mono()),
            _ => None,
        }
    }

    /// Whether no role sends a colour.
    pub fn is_mono(&self) -> bool {
        self.roles()
            .iter()
            .all(|(_, s)| s.fg.is_none() && s.bg.is_none())
    }

    /// Every role, by the name a theme file uses.
    pub fn roles(&self) -> [(&'static str, Style); 13] {
        [
            ("text", self.text),
            ("heading", self.heading),
            ("dim", self.dim),
            ("border", self.border),
            ("focus", self.focus),
            ("selection", self.selection),
            ("current_stage", self.current_stage),
            ("current_level", self.current_level),
            ("stage_mark", self.stage_mark),
            ("caveat", self.caveat),
            ("flag", self.flag),
            ("error", self.error),
            ("ok", self.ok),
        ]
    }

    fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "text" => &mut self.text,
            "heading" => &mut self.heading,
            "dim" => &mut self.dim,
            "border" => &mut self.border,
            "focus" => &mut self.focus,
            "selection" => &mut self.selection,
            "current_stage" => &mut self.current_stage,
            "current_level" => &mut self.current_level,
            "stage_mark" => &mut self.stage_mark,
            "caveat" => &mut self.caveat,
            "flag" => &mut self.flag,
            "error" => &mut self.error,
            "ok" => &mut self.ok,
            _ => return None,
        })
    }

    /// The theme to use: `theme.ron`'s (if any) over its base, and `mono`
    /// with no colour at all whenever `no_color` (`NO_COLOR` is set).
    pub fn load(file: Option<&str>, no_color: bool) -> Result<Theme, Located> {
        let file: ThemeFile = match file {
            Some(text) => parse_ron(text)?,
            None => ThemeFile::default(),
        };
        let mut theme = match &file.base {
            Some(base) => Theme::by_name(&base.0).expect("checked when read"),
            None => Theme::dark(),
        };
        for (name, role) in file.roles() {
            if let Some(role) = role
                && let Some(style) = theme.role_mut(name)
            {
                *style = role.apply(*style);
            }
        }
        if no_color {
            theme = theme.without_colour();
        }
        Ok(theme)
    }

    /// The same theme with every colour taken out (NO_COLOR): each role
    /// keeps its emphasis, gains mono's, and a background becomes reverse
    /// video, so what colour marked stays marked.
    pub fn without_colour(&self) -> Theme {
        let mono = Theme::mono();
        let mut out = self.clone();
        for ((name, style), (_, plain)) in self.roles().into_iter().zip(mono.roles()) {
            let mut emphasis = style.add_modifier.union(plain.add_modifier);
            if style.bg.is_some() {
                emphasis = emphasis.union(Modifier::REVERSED);
            }
            *out.role_mut(name).expect("a role") = Style::new().add_modifier(emphasis);
        }
        out.name = "mono";
        out
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::dark()
    }
}

/// A user's `theme.ron`: a base theme and roles to change.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename = "theme")]
struct ThemeFile {
    base: Option<BaseName>,
    text: Option<RoleSpec>,
    heading: Option<RoleSpec>,
    dim: Option<RoleSpec>,
    border: Option<RoleSpec>,
    focus: Option<RoleSpec>,
    selection: Option<RoleSpec>,
    current_stage: Option<RoleSpec>,
    current_level: Option<RoleSpec>,
    stage_mark: Option<RoleSpec>,
    caveat: Option<RoleSpec>,
    flag: Option<RoleSpec>,
    error: Option<RoleSpec>,
    ok: Option<RoleSpec>,
}

impl ThemeFile {
    fn roles(&self) -> [(&'static str, &Option<RoleSpec>); 13] {
        [
            ("text", &self.text),
            ("heading", &self.heading),
            ("dim", &self.dim),
            ("border", &self.border),
            ("focus", &self.focus),
            ("selection", &self.selection),
            ("current_stage", &self.current_stage),
            ("current_level", &self.current_level),
            ("stage_mark", &self.stage_mark),
            ("caveat", &self.caveat),
            ("flag", &self.flag),
            ("error", &self.error),
            ("ok", &self.ok),
        ]
    }
}

/// A built-in theme's name.
#[derive(Debug)]
struct BaseName(String);

impl<'de> Deserialize<'de> for BaseName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        match Theme::by_name(&name) {
            Some(_) => Ok(BaseName(name)),
            None => Err(de::Error::custom(format!(
                "unknown theme {name:?}: the built-in ones are dark, light and mono"
            ))),
        }
    }
}

/// One role's style in a theme file: what is given replaces the base's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename = "role")]
struct RoleSpec {
    fg: Option<Colour>,
    bg: Option<Colour>,
    bold: Option<bool>,
    italic: Option<bool>,
    underline: Option<bool>,
    reversed: Option<bool>,
}

impl RoleSpec {
    fn apply(&self, mut style: Style) -> Style {
        if let Some(Colour(c)) = self.fg {
            style.fg = c;
        }
        if let Some(Colour(c)) = self.bg {
            style.bg = c;
        }
        for (set, modifier) in [
            (self.bold, Modifier::BOLD),
            (self.italic, Modifier::ITALIC),
            (self.underline, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
        ] {
            match set {
                Some(true) => style = style.add_modifier(modifier),
                Some(false) => style = style.remove_modifier(modifier),
                None => {}
            }
        }
        style
    }
}

/// A colour as a theme file writes it: a name (`"cyan"`, `"lightred"`),
/// `"#rrggbb"`, a 256-colour index (`"245"`), or `"none"` for the
/// terminal's own.
#[derive(Debug, Clone, Copy)]
struct Colour(Option<Color>);

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.eq_ignore_ascii_case("none") {
            return Ok(Colour(None));
        }
        Color::from_str(&text)
            .map(|c| Colour(Some(c)))
            .map_err(|_| {
                de::Error::custom(format!(
                    "unknown colour {text:?}: write a name (\"cyan\", \"lightred\"), \"#rrggbb\", \
                 a 256-colour number (\"245\") or \"none\""
                ))
            })
    }
}

#[cfg(test)]
mod tests;
