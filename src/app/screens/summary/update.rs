//! The summary's keys: whose levels, which stage's chart, scrolling, and
//! writing the appraisal pack.

use super::super::Pane;
use super::super::browse::Browse;
use super::super::confirm::Confirm;
use super::{Grid, lenses};
use crate::app::{Action, App, Overlay, Screen};
use crate::report::pack::{self, Audience, Options};
use crate::report::render::{PackFormat, render};
use crate::store;

pub(super) fn update(app: &mut App, action: Action) {
    let rows = app.tree_rows().max(1);
    // The summary's own rows: the whole body (tree and detail) in a border.
    let areas = crate::ui::layout::Areas::new(app.size);
    let height = usize::from(areas.tree.union(areas.detail).height.saturating_sub(2));
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    let Pane::Summary(view) = &mut ws.pane else {
        return;
    };
    let stages = ws.doc.framework.stages.len().max(1);
    match action {
        Action::Quit => return app.quit(),
        Action::Back | Action::Close => {
            ws.pane = Pane::Tree(Browse);
            return;
        }
        Action::Compare => {
            if let Err(e) = ws.open_compare() {
                app.message = Some(e);
            }
            return;
        }
        Action::Plan => return ws.open_plan(&app.home),
        Action::WritePack => {
            app.overlay = Some(Overlay::Confirm(Confirm::WritePack));
            return;
        }
        Action::Whose => {
            let count = lenses(&ws.doc.assessment, &ws.doc.assessment.reviews[ws.viewing]).len();
            view.whose = (view.whose + 1) % count;
        }
        Action::NextStage => view.stage = (view.stage + 1) % stages,
        Action::PrevStage => view.stage = (view.stage + stages - 1) % stages,
        Action::Down => view.scroll += 1,
        Action::Up => view.scroll = view.scroll.saturating_sub(1),
        Action::Wheel(_, _, true) => view.scroll += 3,
        Action::Wheel(_, _, false) => view.scroll = view.scroll.saturating_sub(3),
        Action::PageDown => view.scroll += rows,
        Action::PageUp => view.scroll = view.scroll.saturating_sub(rows),
        Action::First => view.scroll = 0,
        Action::Last => view.scroll = usize::MAX / 2,
        _ => {}
    }
    // Never past the end (the drawing stops there), so ↑ acts at once.
    let (_, total) = super::draw::layout(ws.doc.framework.themes.len(), height);
    view.scroll = view.scroll.min(total.saturating_sub(height));
    // The numbers again: the lens may have changed, or the file.
    view.grid = Grid::of(&ws.doc.framework, &ws.doc.assessment, ws.viewing, view.whose);
}

/// Write the appraisal pack of the review shown, as HTML beside the
/// assessment, for `audience`: private notes left out. Says where it went.
pub(crate) fn write_pack(app: &mut App, audience: Audience) {
    let today = app.clock.today();
    let Screen::Assess(ws) = &mut app.screen else {
        return;
    };
    if let Err(e) = ws.need_earlier() {
        app.message = Some(e);
        return;
    }
    let offers = ws.load_offers(&app.home).list.clone();
    let options = Options {
        audience,
        include_private: false,
        prepared: today,
    };
    let assessment = &ws.doc.assessment;
    let index = ws.viewing.min(assessment.reviews.len() - 1);
    let built = pack::build(&ws.doc.framework, assessment, index, &offers, options);
    let custom = app.pack_template.as_ref();
    let text = match render(
        &built,
        PackFormat::Html,
        custom.map(|(t, o)| (t.as_str(), o.as_str())),
    ) {
        Ok(text) => text,
        Err(e) => {
            app.overlay = Some(Overlay::Confirm(Confirm::PackWritten {
                text: format!("The pack was not written: {e}"),
            }));
            return;
        }
    };
    let path = store::free_pack_path(&store::pack_path(
        &ws.doc.path,
        &assessment.reviews[index].title,
        audience.id(),
        PackFormat::Html.extension(),
    ));
    let text = match store::write_private(&path, &text) {
        Ok(()) => format!(
            "The appraisal pack {} is in {} (private notes left out). Open it in a browser to \
             read it, or print it to PDF from there.",
            audience.phrase(),
            path.display()
        ),
        Err(e) => format!("The pack was not written to {}: {e}", path.display()),
    };
    // In a box, not the status line: the whole path must show.
    app.message = None;
    app.overlay = Some(Overlay::Confirm(Confirm::PackWritten { text }));
}
