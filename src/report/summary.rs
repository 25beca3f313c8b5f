//! The summary: who, which framework, which review, then a table of theme by
//! stage with how much is rated and the mean level.

use crate::model::progress::{Tally, framework_tally, theme_tally};
use crate::model::{Assessment, Framework, Review};

use super::table::{Align, Table};

/// Shown for a mean when nothing has a level.
pub const NO_MEAN: &str = "–";

/// The summary of the current review of `assessment`.
///
/// ```text
/// Alex Example, Director of Place
/// Test framework, version 0.1
/// Review: 2026 mid-year, opened 2026-03-01
///
/// Theme                  Knowledge    Experience    Judgement       Total
/// -----------------------------------------------------------------------
/// Place                   2/2  2.5      1/2  –       0/2  –      3/6  2.5
/// People, and culture     0/1  –        0/1  –       1/1  2.0    1/3  2.0
/// -----------------------------------------------------------------------
/// Total                   2/3  2.5      1/3  –       1/3  2.0    4/9  2.3
/// ```
pub fn render(framework: &Framework, assessment: &Assessment) -> String {
    let review = assessment.current();
    let person = &assessment.person;
    let mut out = String::new();

    let who: Vec<&str> = [&person.name, &person.role, &person.organisation]
        .into_iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    out.push_str(&who.join(", "));
    out.push('\n');

    out.push_str(&format!(
        "{}, version {}",
        framework.title, framework.version
    ));
    if assessment.framework.version != framework.version {
        out.push_str(&format!(
            " (assessment made against version {})",
            assessment.framework.version
        ));
    }
    out.push('\n');

    out.push_str(&format!("Review: {}, opened {}", review.title, review.date));
    if let Some(closed) = review.frozen {
        out.push_str(&format!(", closed {closed}"));
    }
    out.push_str("\n\n");

    out.push_str(&table(framework, review));
    out.push_str(
        "\nEach cell: rated/total, then the mean level (– when nothing has a level).\n\
         \"Not applicable\" counts as rated but not towards the mean.\n",
    );
    out
}

/// The theme-by-stage table alone, with a total row and column.
pub fn table(framework: &Framework, review: &Review) -> String {
    // Tallies first, so every cell can be padded to the same inner widths.
    let rows: Vec<(&str, Vec<Tally>, Tally)> = framework
        .themes
        .iter()
        .map(|theme| {
            let stages = framework
                .stages
                .iter()
                .map(|s| theme_tally(framework, review, theme, Some(&s.id)))
                .collect();
            (
                theme.title.as_str(),
                stages,
                theme_tally(framework, review, theme, None),
            )
        })
        .collect();
    let stage_totals: Vec<Tally> = (0..framework.stages.len())
        .map(|i| {
            let mut total = Tally::default();
            for (_, stages, _) in &rows {
                total.merge(&stages[i]);
            }
            total
        })
        .collect();
    let grand = framework_tally(framework, review);

    let all = rows
        .iter()
        .flat_map(|(_, stages, total)| stages.iter().chain([total]))
        .chain(&stage_totals)
        .chain([&grand]);
    let (mut ratio_w, mut mean_w) = (0, NO_MEAN.chars().count());
    for t in all {
        ratio_w = ratio_w.max(ratio(t).len());
        mean_w = mean_w.max(mean(t).chars().count());
    }
    let cell = |t: &Tally| {
        let m = mean(t);
        let pad = mean_w - m.chars().count();
        format!("{:>ratio_w$}  {m}{}", ratio(t), " ".repeat(pad))
    };

    let mut table = Table::new(
        std::iter::once(("Theme".to_owned(), Align::Left))
            .chain(
                framework
                    .stages
                    .iter()
                    .map(|s| (s.name.clone(), Align::Right)),
            )
            .chain([("Total".to_owned(), Align::Right)]),
    );
    table.gap(4).rule();
    for (title, stages, total) in &rows {
        table.row(
            std::iter::once(title.to_string())
                .chain(stages.iter().map(cell))
                .chain([cell(total)]),
        );
    }
    table.rule();
    table.row(
        std::iter::once("Total".to_owned())
            .chain(stage_totals.iter().map(cell))
            .chain([cell(&grand)]),
    );
    table.render()
}

fn ratio(t: &Tally) -> String {
    format!("{}/{}", t.rated, t.total)
}

/// The mean level to one decimal, halves rounded up, or [`NO_MEAN`].
///
/// Worked in integers from the sum and count, so 2.25 shows as 2.3 and not
/// as whatever the nearest binary fraction rounds to.
pub fn mean(t: &Tally) -> String {
    if t.level_count == 0 {
        return NO_MEAN.to_owned();
    }
    let (sum, count) = (u64::from(t.level_sum), u64::from(t.level_count));
    let tenths = (20 * sum + count) / (2 * count);
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rating;
    use crate::report::fixture;

    fn tally(levels: &[u8]) -> Tally {
        let mut t = Tally::default();
        for &v in levels {
            t.add(Rating::Level(v));
        }
        t
    }

    #[test]
    fn mean_rounds_half_up_to_one_decimal() {
        assert_eq!(mean(&Tally::default()), "–");
        assert_eq!(mean(&tally(&[3])), "3.0");
        assert_eq!(mean(&tally(&[2, 2, 2, 3])), "2.3"); // 2.25
        assert_eq!(mean(&tally(&[1, 2])), "1.5");
        assert_eq!(mean(&tally(&[1, 1, 2])), "1.3"); // 1.333
        assert_eq!(mean(&tally(&[2, 2, 1])), "1.7"); // 1.667
        assert_eq!(mean(&tally(&[5, 5, 5, 5, 4, 5, 5, 5])), "4.9"); // 4.875
        let mut na = Tally::default();
        na.add(Rating::NotApplicable);
        assert_eq!(mean(&na), "–");
    }

    #[test]
    fn table_counts_and_means() {
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        let r = a.current_mut();
        r.mark_mut("t.place.1", "knowledge").rating = Rating::Level(4);
        r.mark_mut("t.place.2", "knowledge").rating = Rating::Level(1);
        r.mark_mut("t.place.1", "experience").rating = Rating::NotApplicable;
        r.mark_mut("t.people.j", "judgement").rating = Rating::Level(2);
        r.mark_mut("t.people.k", "knowledge").note = "a note, not a rating".into();

        let text = render(&fw, &a);
        let expected = "\
Alex Example, Director of Place
Test framework, version 0.1
Review: 2026 mid-year, opened 2026-03-01

Theme                  Knowledge    Experience    Judgement       Total
-----------------------------------------------------------------------
Place                   2/2  2.5      1/2  –       0/2  –      3/6  2.5
People, and culture     0/1  –        0/1  –       1/1  2.0    1/3  2.0
-----------------------------------------------------------------------
Total                   2/3  2.5      1/3  –       1/3  2.0    4/9  2.3
";
        assert!(text.starts_with(expected), "got:\n{text}");
    }

    #[test]
    fn header_notes_version_drift_and_closed_review() {
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        a.framework.version = "0.0".into();
        a.person.role.clear();
        a.person.organisation = "Borsetshire".into();
        a.current_mut().frozen = Some(jiff::civil::date(2026, 4, 1));
        let text = render(&fw, &a);
        let head: Vec<&str> = text.lines().take(3).collect();
        assert_eq!(
            head,
            [
                "Alex Example, Borsetshire",
                "Test framework, version 0.1 (assessment made against version 0.0)",
                "Review: 2026 mid-year, opened 2026-03-01, closed 2026-04-01",
            ]
        );
        assert!(
            text.contains(
                "\nTotal                     0/3  –        0/3  –       0/3  –    0/9  –\n"
            ),
            "got:\n{text}"
        );
    }
}
