//! The note editor: the standard and what is being written above, when
//! there is room for three lines of the note beneath.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Borders;

use super::NoteEditor;
use crate::app::Workspace;
use crate::keys::{Action, Keymap, Mode};
use crate::ui::layout::take_top;
use crate::ui::{paint, style};

pub(super) fn render(
    ws: &Workspace,
    keys: &Keymap,
    editor: &NoteEditor,
    area: Rect,
    buf: &mut Buffer,
) {
    let fw = ws.framework();
    let standard = &fw.themes[editor.theme].standards[editor.standard];
    let stage = &fw.stages[editor.stage];
    // The note comes first: the heading (the standard, what is written)
    // only when at least three lines of the note fit beneath it.
    let head_rows = if area.height >= 4 + 5 { 4 } else { 0 };
    let (head, body) = take_top(area, head_rows);
    let head_text = Text::from(vec![
        Line::from(Span::styled(standard.text.as_str(), style::heading())),
        Line::from(Span::styled(
            format!(
                "{} at {}",
                editor.field.label(ws.review()),
                stage.name.to_lowercase()
            ),
            style::dim(),
        )),
    ]);
    let inner = paint::panel_with(
        head,
        Borders::TOP | Borders::LEFT | Borders::RIGHT,
        "",
        style::border(),
        buf,
    );
    paint::wrapped(&head_text, inner, 0, buf);
    let label = editor.field.label(ws.review());
    let title = match keys.key(Mode::Editor, &Action::Back) {
        Some(key) => format!(" {label} · {key} keeps it and leaves "),
        None => format!(" {label} "),
    };
    let inner = paint::panel(body, &title, style::focus_border(), buf);
    editor.text.render(inner, buf);
}
