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

/// Every role on screen, one line each: the `Theme` struct with a style
/// per role, its list by name (`Theme::roles`, `role_mut`), and the
/// `theme.ron` a user writes to change them.
macro_rules! roles {
    ( $( $(#[$doc:meta])* $role:ident, )* ) => {
        /// The styles of every role on screen.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Theme {
            pub name: &'static str,
            $( $(#[$doc])* pub $role: Style, )*
        }

        impl Theme {
            /// Every role, by the name a theme file uses.
            pub fn roles(&self) -> [(&'static str, Style); [$(stringify!($role)),*].len()] {
                [ $( (stringify!($role), self.$role), )* ]
            }

            fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
                match name {
                    $( stringify!($role) => Some(&mut self.$role), )*
                    _ => None,
                }
            }
        }

        /// A user's `theme.ron`: a base theme and roles to change.
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields, rename = "theme")]
        struct ThemeFile {
            base: Option<BaseName>,
            $( $role: Option<RoleSpec>, )*
        }

        impl ThemeFile {
            fn roles(&self) -> Vec<(&'static str, &Option<RoleSpec>)> {
                vec![ $( (stringify!($role), &self.$role), )* ]
            }
        }
    };
}

roles! {
    /// Ordinary text.
    text,
    /// Headings, the standard's wording.
    heading,
    /// What matters less: descriptions, hints.
    dim,
    /// Panel borders.
    border,
    /// The border of what has the keys.
    focus,
    /// The selected row.
    selection,
    /// The stage being rated, among the stage tabs.
    current_stage,
    /// The level set, on the scale.
    current_level,
    /// The stage being rated, in a tree row.
    stage_mark,
    /// Wording that is not the published framework's; unsaved changes.
    caveat,
    /// A standard to discuss (⚑).
    flag,
    /// What went wrong; what went down.
    error,
    /// Saved; what went up.
    ok,
    /// What a search found, in the tree and the detail.
    found,
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
            found: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
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
            found: Style::new()
                .fg(Color::Black)
                .bg(Color::Indexed(220))
                .add_modifier(Modifier::BOLD),
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
            found: Style::new().add_modifier(Modifier::UNDERLINED.union(Modifier::BOLD)),
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
