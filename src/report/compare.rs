//! Progress since the last review, as text: each theme and stage's rated
//! count and mean level before and now, then each standard's level before
//! and now. The same figures as the app's compare view.

use crate::model::compare::{Change, Comparison, PairChange, TallyChange};
use crate::model::{Assessment, Framework, Rating};

use super::summary::{NO_MEAN, heading, mean, review_dates};
use super::table::{Align, Table};

/// How long a standard's text may be in the list before it is cut with `…`.
pub const TEXT_WIDTH: usize = 60;

/// Review `index` (0-based) of `assessment` compared with the review before
/// it; `None` when `index` is the first review (or not a review).
///
/// With `changed_only`, rows where nothing moved are left out of both tables.
///
/// ```text
/// Alex Example, Director of Place
/// Test framework, version 0.1
/// Review 2 of 2: 2027 annual, opened 2027-03-01
/// compared with review 1: 2026 mid-year, opened 2026-03-01, closed 2027-03-01
///
/// Theme and stage    Rated before  Rated now  Change  Mean before  Mean now  Change
/// ---------------------------------------------------------------------------------
/// Place
///   Knowledge                 2/2        1/2      -1          3.0       4.0    +1.0
/// ...
/// ```
pub fn render(
    framework: &Framework,
    assessment: &Assessment,
    index: usize,
    changed_only: bool,
) -> Option<String> {
    render_within(framework, assessment, index, changed_only, None)
}

/// [`render`] with its tables fitted to `width` columns where they can be
/// (the terminal's), their widest text cut with "…".
pub fn render_within(
    framework: &Framework,
    assessment: &Assessment,
    index: usize,
    changed_only: bool,
    width: Option<usize>,
) -> Option<String> {
    let comparison = assessment.compare_with_previous(framework, index)?;
    let mut out = heading(framework, assessment);
    out.push_str(&format!(
        "Review {} of {}: {}\ncompared with review {index}: {}\n\n",
        index + 1,
        assessment.reviews.len(),
        review_dates(&assessment.reviews[index]),
        review_dates(&assessment.reviews[index - 1]),
    ));
    out.push_str(&themes_table(framework, &comparison, changed_only, width));
    out.push_str(
        "\nRated: standards and stages with a level or \"not applicable\".\n\
         Mean level: \"not applicable\" never counts. Change in mean: between the\n\
         means as shown; – when either review has none.\n\n",
    );
    out.push_str(&counts_line(&comparison));
    out.push_str("\n\n");
    out.push_str(&standards_table(
        framework,
        &comparison,
        changed_only,
        width,
    ));
    Some(out)
}

/// The theme-by-stage table: one row per theme and stage, a row for all of
/// the theme's stages, then the same for all themes together.
pub fn themes_table(
    framework: &Framework,
    comparison: &Comparison,
    changed_only: bool,
    width: Option<usize>,
) -> String {
    let mut table = Table::new([
        ("Theme and stage", Align::Left),
        ("Rated before", Align::Right),
        ("Rated now", Align::Right),
        ("Change", Align::Right),
        ("Mean before", Align::Right),
        ("Mean now", Align::Right),
        ("Change", Align::Right),
    ]);
    table.rule();
    let group = |table: &mut Table, title: &str, stages: &[TallyChange], total: &TallyChange| {
        let rows: Vec<(String, &TallyChange)> = framework
            .stages
            .iter()
            .zip(stages)
            .filter(|(_, cell)| cell.current.total > 0)
            .map(|(stage, cell)| (stage.name.clone(), cell))
            .chain([("All stages".to_owned(), total)])
            .filter(|(_, cell)| !changed_only || cell.is_change())
            .collect();
        if rows.is_empty() {
            return;
        }
        table.row([title]);
        for (name, cell) in rows {
            table.row([
                format!("  {name}"),
                ratio(&cell.previous),
                ratio(&cell.current),
                signed(cell.rated_change()),
                mean(&cell.previous),
                mean(&cell.current),
                cell.mean_change_tenths()
                    .map_or_else(|| NO_MEAN.to_owned(), signed_tenths),
            ]);
        }
    };
    for theme in &comparison.themes {
        group(
            &mut table,
            &framework.themes[theme.theme].title,
            &theme.stages,
            &theme.total,
        );
    }
    table.rule();
    group(
        &mut table,
        "All themes",
        &comparison.stages,
        &comparison.total,
    );
    table.render_within(width)
}

/// "Standards and stages: 1 up, 0 down, ...".
fn counts_line(comparison: &Comparison) -> String {
    let c = comparison.counts();
    let carried = comparison
        .pairs
        .iter()
        .filter(|p| p.change == Change::Same && p.carried)
        .count();
    // Three short lines, so it reads in any terminal.
    format!(
        "Standards and stages: {} up, {} down, {} new, {} dropped,\n\
         {} between a level and \"not applicable\",\n\
         {} the same ({carried} carried forward untouched), {} unrated in both.",
        c.up, c.down, c.new, c.dropped, c.switched, c.same, c.unrated
    )
}

/// One row per (standard, stage), grouped by theme.
pub fn standards_table(
    framework: &Framework,
    comparison: &Comparison,
    changed_only: bool,
    width: Option<usize>,
) -> String {
    let rows: Vec<&PairChange> = comparison
        .pairs
        .iter()
        .filter(|p| !changed_only || p.change.is_change())
        .collect();
    if rows.is_empty() {
        return if changed_only {
            "No level changed.\n".to_owned()
        } else {
            "The framework has no standards.\n".to_owned()
        };
    }
    let mut table = Table::new([
        ("Standard", Align::Left),
        ("Stage", Align::Left),
        ("Before", Align::Right),
        ("Now", Align::Right),
        ("Change", Align::Left),
        ("Text", Align::Left),
    ]);
    table.rule();
    let mut theme = None;
    for p in rows {
        if theme != Some(p.theme) {
            theme = Some(p.theme);
            table.row([framework.themes[p.theme].title.as_str()]);
        }
        let standard = &framework.themes[p.theme].standards[p.standard];
        let mut change = p.change.label();
        if p.change == Change::Same && p.carried {
            change.push_str(", carried");
        }
        table.row([
            format!("  {}", standard.id),
            framework.stages[p.stage].name.clone(),
            rating(p.previous),
            rating(p.current),
            change,
            cut(&standard.text, TEXT_WIDTH),
        ]);
    }
    table.render_within(width)
}

fn ratio(t: &crate::model::progress::Tally) -> String {
    format!("{}/{}", t.rated, t.total)
}

/// A level, `n/a`, or `–` for unrated.
pub fn rating(r: Rating) -> String {
    match r {
        Rating::Level(v) => v.to_string(),
        Rating::NotApplicable => "n/a".into(),
        Rating::Unrated => NO_MEAN.into(),
    }
}

/// `+2`, `-1`, `0`.
fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// Tenths as `+0.5`, `-1.2`, `0.0`.
fn signed_tenths(t: i64) -> String {
    let sign = match t.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    let a = t.unsigned_abs();
    format!("{sign}{}.{}", a / 10, a % 10)
}

/// `text` on one line, cut to `width` characters with `…` when longer.
fn cut(text: &str, width: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= width {
        one_line
    } else {
        let mut s: String = one_line.chars().take(width.saturating_sub(1)).collect();
        s.truncate(s.trim_end().len());
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::model::fixture;

    fn level(n: u8) -> Rating {
        Rating::Level(n)
    }

    #[test]
    fn signs_and_cuts() {
        assert_eq!(signed(2), "+2");
        assert_eq!(signed(-1), "-1");
        assert_eq!(signed(0), "0");
        assert_eq!(signed_tenths(5), "+0.5");
        assert_eq!(signed_tenths(-12), "-1.2");
        assert_eq!(signed_tenths(0), "0.0");
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("a  b\nc", 10), "a b c");
        assert_eq!(cut("0123456789abc", 10), "012345678…");
        assert_eq!(cut("abcd efgh ijkl", 10), "abcd efgh…");
        assert_eq!(rating(Rating::Unrated), "–");
        assert_eq!(rating(Rating::NotApplicable), "n/a");
    }

    #[test]
    fn the_first_review_has_nothing_to_compare_with() {
        let fw = fixture::framework();
        let a = fixture::assessment(&fw);
        assert_eq!(render(&fw, &a, 0, false), None);
        assert_eq!(render(&fw, &a, 1, false), None);
    }

    #[test]
    fn full_comparison() {
        let fw = fixture::framework();
        let a = fixture::two_reviews();
        let text = render(&fw, &a, 1, false).unwrap();
        let expected = "\
Alex Example, Director of Place
Test framework, version 0.1
Review 2 of 2: 2027 annual, opened 2027-03-01
compared with review 1: 2026 mid-year, opened 2026-03-01, closed 2027-03-01

Theme and stage  Rated before  Rated now  Change  Mean before  Mean now  Change
-------------------------------------------------------------------------------
Place
  Knowledge               2/2        1/2      -1          3.0       4.0    +1.0
  Experience              1/2        1/2       0          3.0       3.0     0.0
  Judgement               1/2        1/2       0            –       2.0       –
  All stages              4/6        3/6      -1          3.0       3.0     0.0
People, and culture
  Knowledge               1/1        1/1       0          1.0       1.0     0.0
  Experience              0/1        1/1      +1            –       5.0       –
  Judgement               0/1        0/1       0            –         –       –
  All stages              1/3        2/3      +1          1.0       3.0    +2.0
-------------------------------------------------------------------------------
All themes
  Knowledge               3/3        2/3      -1          2.3       2.5    +0.2
  Experience              1/3        2/3      +1          3.0       4.0    +1.0
  Judgement               1/3        1/3       0            –       2.0       –
  All stages              5/9        5/9       0          2.5       3.0    +0.5

Rated: standards and stages with a level or \"not applicable\".
Mean level: \"not applicable\" never counts. Change in mean: between the
means as shown; – when either review has none.

Standards and stages: 1 up, 0 down, 1 new, 1 dropped,
1 between a level and \"not applicable\",
2 the same (2 carried forward untouched), 3 unrated in both.

Standard      Stage       Before  Now  Change         Text
---------------------------------------------------------------------------
Place
  t.place.1   Knowledge        2    4  up 2           Knows the place
  t.place.1   Experience       3    3  same, carried  Knows the place
  t.place.1   Judgement      n/a    2  changed        Knows the place
  t.place.2   Knowledge        4    –  dropped        Leads \"with\" partners
  t.place.2   Experience       –    –  unrated        Leads \"with\" partners
  t.place.2   Judgement        –    –  unrated        Leads \"with\" partners
People, and culture
  t.people.k  Knowledge        1    1  same, carried  Understands culture
  t.people.e  Experience       –    5  new            Has changed culture
  t.people.j  Judgement        –    –  unrated        Judges when to push
";
        assert_eq!(text, expected, "got:\n{text}");
    }

    #[test]
    fn changed_only_leaves_out_what_did_not_move() {
        let fw = fixture::framework();
        let a = fixture::two_reviews();
        let text = render(&fw, &a, 1, true).unwrap();
        let tables = text.split("\n\n").collect::<Vec<_>>();
        let themes = tables[1];
        assert_eq!(
            themes,
            "\
Theme and stage  Rated before  Rated now  Change  Mean before  Mean now  Change
-------------------------------------------------------------------------------
Place
  Knowledge               2/2        1/2      -1          3.0       4.0    +1.0
  Judgement               1/2        1/2       0            –       2.0       –
  All stages              4/6        3/6      -1          3.0       3.0     0.0
People, and culture
  Experience              0/1        1/1      +1            –       5.0       –
  All stages              1/3        2/3      +1          1.0       3.0    +2.0
-------------------------------------------------------------------------------
All themes
  Knowledge               3/3        2/3      -1          2.3       2.5    +0.2
  Experience              1/3        2/3      +1          3.0       4.0    +1.0
  Judgement               1/3        1/3       0            –       2.0       –
  All stages              5/9        5/9       0          2.5       3.0    +0.5"
        );
        let standards = tables.last().unwrap();
        let ids: Vec<&str> = standards
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(ids, ["t.place.1", "t.place.1", "t.place.2", "t.people.e"]);
    }

    #[test]
    fn nothing_changed_says_so() {
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        a.current_mut()
            .set_rating("t.place.1", "knowledge", level(3))
            .unwrap();
        a.start_review("next", date(2026, 9, 1)).unwrap();
        let text = render(&fw, &a, 1, true).unwrap();
        assert!(text.ends_with("\nNo level changed.\n"), "{text}");
        assert!(
            text.contains("Theme and stage  Rated before  Rated now  Change  Mean before  Mean now  Change\n---"),
            "{text}"
        );
        assert!(!text.contains("\nPlace\n"), "{text}");
    }
}
