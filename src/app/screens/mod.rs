//! Every screen and overlay, each in a folder of its own: its state in
//! `mod.rs`, its handler of actions in `update.rs`, its drawing in
//! `draw.rs` and its default keys in `keys.ron`. Each implements [`View`].
//!
//! A screen of the open assessment (a [`Pane`]) or something shown on top
//! (an [`Overlay`]) is registered by one line in the `slot!` lists below;
//! the app asks the slot for the mode, the handler, the drawing and the
//! hints, so nothing else needs to name it. The start screen, the cohort
//! screen and the note editor have slots of their own (`App::screen`,
//! `Workspace::editor`).

pub mod cohort;
pub mod editor;
pub mod marks;
pub mod start;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::App;
use crate::keys::{Action, Keymap, Mode};

/// What each screen and overlay gives the app.
pub trait View {
    /// Which key table applies while it shows.
    fn mode(&self) -> Mode;

    /// Apply one action while it shows. It is given the whole app (it
    /// finds its own state there) because an action may close it, open
    /// another, or change the assessment.
    fn update(app: &mut App, action: Action)
    where
        Self: Sized;

    /// Draw it into `area`, reading state only.
    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer);

    /// The keys worth knowing now, for the status line, as the keymap
    /// binds them. `narrow`: the status line is short, give the few that
    /// matter most. An overlay names its own keys: none by default.
    fn hints(&self, app: &App, narrow: bool) -> Vec<Hint> {
        let _ = (app, narrow);
        Vec::new()
    }

    /// One of it, over `app`'s open assessment: the tests check that
    /// every view has keys, a help section and (on a pane) hints.
    #[cfg(test)]
    fn example(app: &App) -> Self
    where
        Self: Sized;
}

impl<T: View> View for Box<T> {
    fn mode(&self) -> Mode {
        (**self).mode()
    }
    fn update(app: &mut App, action: Action) {
        T::update(app, action)
    }
    fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
        (**self).draw(app, area, buf)
    }
    fn hints(&self, app: &App, narrow: bool) -> Vec<Hint> {
        (**self).hints(app, narrow)
    }
    #[cfg(test)]
    fn example(app: &App) -> Self {
        Box::new(T::example(app))
    }
}

/// One hint for the status line: "e note". When not all fit, those with
/// the lowest `need` stay (0: the help, quitting, leaving).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub need: u8,
    pub text: String,
}

impl Hint {
    /// "KEY words" when the keymap binds `action` in `mode`, else nothing.
    pub fn key(keys: &Keymap, mode: Mode, action: Action, words: &str, need: u8) -> Option<Hint> {
        keys.key(mode, &action).map(|k| Hint {
            need,
            text: format!("{k} {words}"),
        })
    }

    /// `hints` (those the keymap binds), then the way back, to the help
    /// and to quit: a full view's hints.
    pub fn with_back(keys: &Keymap, mode: Mode, hints: Vec<Option<Hint>>) -> Vec<Hint> {
        let back = keys.either(mode, &Action::Back, 2).map(|k| Hint {
            need: 0,
            text: format!("{k} back"),
        });
        hints
            .into_iter()
            .chain([back])
            .flatten()
            .chain(Hint::help_and_quit(keys, mode))
            .collect()
    }

    /// The way to the help and to quit: every screen's first hints.
    pub fn help_and_quit(keys: &Keymap, mode: Mode) -> Vec<Hint> {
        [
            Hint::key(keys, mode, Action::ToggleHelp, "keys", 0),
            Hint::key(keys, mode, Action::Quit, "quit", 0),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// A slot holding one of several views, registered one line each as
/// `Variant(module: StateType)`: the module is declared, and the slot is
/// an enum of the views with the mode, handler, drawing and hints of
/// whichever it holds.
macro_rules! slot {
    (
        $(#[$meta:meta])*
        pub enum $slot:ident {
            $( $(#[$vmeta:meta])* $name:ident($module:ident: $state:ty), )*
        }
    ) => {
        $( pub mod $module; )*

        $(#[$meta])*
        pub enum $slot {
            $( $(#[$vmeta])* $name($state), )*
        }

        impl $slot {
            /// Which key table applies while it shows.
            pub fn mode(&self) -> Mode {
                match self {
                    $( $slot::$name(view) => view.mode(), )*
                }
            }

            /// Its handler of actions. A function, not a method, so that
            /// it can be given the whole app the slot is part of.
            pub fn handler(&self) -> fn(&mut App, Action) {
                match self {
                    $( $slot::$name(_) => <$state as View>::update, )*
                }
            }

            pub fn draw(&self, app: &App, area: Rect, buf: &mut Buffer) {
                match self {
                    $( $slot::$name(view) => view.draw(app, area, buf), )*
                }
            }

            pub fn hints(&self, app: &App, narrow: bool) -> Vec<Hint> {
                match self {
                    $( $slot::$name(view) => view.hints(app, narrow), )*
                }
            }

            /// One of every view the slot can hold.
            #[cfg(test)]
            pub fn examples(app: &App) -> Vec<$slot> {
                vec![ $( $slot::$name(<$state as View>::example(app)), )* ]
            }
        }
    };
}

slot! {
    /// The main area of an open assessment: the tree with the detail, or
    /// one of the full views.
    pub enum Pane {
        /// The tree of themes, stages and standards, and the detail.
        Tree(browse: browse::Browse),
        /// Progress since the review before the one being viewed.
        Compare(compare: compare::CompareView),
        /// Walking through the standards together, one at a time.
        Session(session: session::SessionView),
        /// The development plan.
        Plan(plan: plan::PlanView),
        /// Development offers.
        Offers(offers: offers::OffersView),
        /// The summary at a glance: heat map and charts.
        Summary(summary: summary::SummaryView),
    }
}

slot! {
    /// What is on top of the screen: it takes the keys while it shows.
    /// One at a time, by its type.
    pub enum Overlay {
        /// The keys.
        Help(help: help::Help),
        /// A question waiting for an answer.
        Confirm(confirm: confirm::Confirm),
        /// A line of text asked for (a review's title, a rater).
        Prompt(prompt: Box<prompt::Prompt>),
        /// What to search for, typed: the tree follows as it is typed.
        Search(search: Box<search::SearchBox>),
        /// The tree's filters, to tick.
        Filters(filters: filters::FilterMenu),
        /// Who rates in the review.
        Raters(raters: raters::RaterList),
        /// An objective or action being written.
        Form(form: Box<form::Form>),
    }
}

#[cfg(test)]
mod tests;
