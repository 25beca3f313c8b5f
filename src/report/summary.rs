//! The summary: who, which framework, which review, then a table of theme by
//! stage with how much is rated and the mean level.

use crate::model::progress::{Tally, framework_tally, theme_tally};
use crate::model::review::{DISCUSS_RULE, to_discuss};
use crate::model::{Assessment, Framework, Review};

use super::table::{Align, Table};

/// Shown for a mean when nothing has a level.
pub const NO_MEAN: &str = "–";

/// The summary of the current review of `assessment` (see [`render_review`]).
pub fn render(framework: &Framework, assessment: &Assessment) -> String {
    render_review(framework, assessment, assessment.current_index())
}

/// The summary of review `index` (0-based) of `assessment`.
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
///
/// With more than one review the review line says which (`Review 1 of 2:`);
/// when others rate in the review, a line names them, and a closing line
/// counts the standards to discuss.
///
/// # Panics
///
/// If `index` is not a review of `assessment`.
pub fn render_review(framework: &Framework, assessment: &Assessment, index: usize) -> String {
    render_review_within(framework, assessment, index, None)
}

/// As [`render_review`], its table at most `most` columns wide where it
/// can be (theme titles are cut to fit).
pub fn render_review_within(
    framework: &Framework,
    assessment: &Assessment,
    index: usize,
    most: Option<usize>,
) -> String {
    let review = &assessment.reviews[index];
    let mut out = heading(framework, assessment);
    out.push_str(&review_line(assessment, index));
    out.push('\n');
    if !review.raters.is_empty() {
        let raters: Vec<String> = review.raters.iter().map(|r| r.display()).collect();
        out.push_str(&format!(
            "Rating: {} (self), {}\n",
            assessment.person.name,
            raters.join(", ")
        ));
    }
    out.push('\n');

    // Too wide for the terminal: the stages by their first word, then the
    // theme titles cut.
    let mut table = summary_table(framework, review, false);
    if most.is_some_and(|most| table.natural_width() > most) {
        table = summary_table(framework, review, true);
    }
    out.push_str(&table.render_within(most));
    out.push_str(
        "\nEach cell: rated/total, then the mean level (– when nothing has a level).\n\
         \"Not applicable\" counts as rated but not towards the mean.\n",
    );
    if !review.raters.is_empty() {
        let flagged = to_discuss(framework, review);
        let agreed = flagged.iter().filter(|d| d.agreed.is_some()).count();
        out.push_str(&format!(
            "To discuss ({DISCUSS_RULE}): {}; discussed, a level agreed: {agreed}.\n",
            flagged.len() - agreed
        ));
    }
    out
}

/// Who, and which framework: the first two lines of the summary and the comparison.
pub(crate) fn heading(framework: &Framework, assessment: &Assessment) -> String {
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
    out
}

/// `Review: TITLE, opened DATE[, closed DATE]`, numbered (`Review 2 of 3:`)
/// when there is more than one review.
fn review_line(assessment: &Assessment, index: usize) -> String {
    let count = assessment.reviews.len();
    let label = if count > 1 {
        format!("Review {} of {count}", index + 1)
    } else {
        "Review".to_owned()
    };
    format!("{label}: {}", review_dates(&assessment.reviews[index]))
}

/// `TITLE, opened DATE[, closed DATE]`.
pub(crate) fn review_dates(review: &Review) -> String {
    let mut out = format!("{}, opened {}", review.title, review.date);
    if let Some(closed) = review.frozen {
        out.push_str(&format!(", closed {closed}"));
    }
    out
}

/// The theme-by-stage table alone, with a total row and column.
pub fn table(framework: &Framework, review: &Review) -> String {
    summary_table(framework, review, false).render()
}

/// The same facts as the summary, for scripts: who, which framework and
/// review, and for each theme and stage how many are rated and the mean
/// level (`null` with no level), with the totals.
pub fn json(framework: &Framework, assessment: &Assessment, index: usize) -> serde_json::Value {
    use serde_json::json;
    let review = &assessment.reviews[index];
    let tally = |t: &Tally| {
        json!({
            "rated": t.rated,
            "total": t.total,
            "mean": t.mean_tenths().map(|m| m as f64 / 10.0),
        })
    };
    let themes: Vec<serde_json::Value> = framework
        .themes
        .iter()
        .map(|theme| {
            let stages: serde_json::Map<String, serde_json::Value> = framework
                .stages
                .iter()
                .map(|s| {
                    let t = theme_tally(framework, review, theme, Some(&s.id));
                    (s.id.clone(), tally(&t))
                })
                .collect();
            json!({
                "id": theme.id,
                "title": theme.title,
                "stages": stages,
                "total": tally(&theme_tally(framework, review, theme, None)),
            })
        })
        .collect();
    let flagged = to_discuss(framework, review);
    let agreed = flagged.iter().filter(|d| d.agreed.is_some()).count();
    json!({
        "person": {
            "name": assessment.person.name,
            "role": assessment.person.role,
            "organisation": assessment.person.organisation,
        },
        "framework": { "id": framework.id, "title": framework.title, "version": framework.version },
        "review": {
            "number": index + 1,
            "of": assessment.reviews.len(),
            "title": review.title,
            "opened": review.date.to_string(),
            "closed": review.frozen.map(|d| d.to_string()),
        },
        "raters": review.raters.iter().map(|r| r.display()).collect::<Vec<_>>(),
        "themes": themes,
        "total": tally(&framework_tally(framework, review)),
        "to_discuss": flagged.len() - agreed,
        "discussed": agreed,
    })
}

/// The summary's table: theme by stage, each cell rated/total and mean.
/// `short`: each stage headed by the first word of its name.
fn summary_table(framework: &Framework, review: &Review, short: bool) -> Table {
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
            .chain(framework.stages.iter().map(|s| {
                let name = match short {
                    true => s.name.split(' ').next().unwrap_or(&s.name).to_string(),
                    false => s.name.clone(),
                };
                (name, Align::Right)
            }))
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
    table
}

fn ratio(t: &Tally) -> String {
    format!("{}/{}", t.rated, t.total)
}

/// The mean level to one decimal, halves rounded up, or [`NO_MEAN`].
///
/// Worked in integers from the sum and count, so 2.25 shows as 2.3 and not
/// as whatever the nearest binary fraction rounds to.
pub fn mean(t: &Tally) -> String {
    match t.mean_tenths() {
        Some(tenths) => format!("{}.{}", tenths / 10, tenths % 10),
        None => NO_MEAN.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rating;
    use crate::model::fixture;

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

    #[test]
    fn an_earlier_review_is_numbered_and_raters_are_named() {
        use crate::model::assessment::RaterRole;
        let fw = fixture::framework();
        let mut a = fixture::assessment(&fw);
        let r = a.current_mut();
        r.set_rating("t.place.1", "knowledge", Rating::Level(4))
            .unwrap();
        let coach = r.add_rater("Sam Patel", RaterRole::Coach).unwrap();
        r.set_view_rating("t.place.1", "knowledge", &coach, Rating::Level(2))
            .unwrap();
        r.set_rating("t.place.2", "knowledge", Rating::Level(1))
            .unwrap();
        r.set_view_rating("t.place.2", "knowledge", &coach, Rating::Level(3))
            .unwrap();
        r.set_agreed("t.place.2", "knowledge", Rating::Level(2))
            .unwrap();
        r.set_rating("t.place.2", "judgement", Rating::Level(1))
            .unwrap();
        r.set_view_rating("t.place.2", "judgement", &coach, Rating::Level(2))
            .unwrap();
        a.start_review("2027 annual", jiff::civil::date(2027, 3, 1))
            .unwrap();
        a.current_mut()
            .set_rating("t.place.1", "knowledge", Rating::Level(5))
            .unwrap();

        let first = render_review(&fw, &a, 0);
        let head: Vec<&str> = first.lines().take(4).collect();
        assert_eq!(
            head[2..],
            [
                "Review 1 of 2: 2026 mid-year, opened 2026-03-01, closed 2027-03-01",
                "Rating: Alex Example (self), Sam Patel (coach)",
            ]
        );
        assert!(
            first.contains("\nPlace                   2/2  2.5"),
            "{first}"
        );
        assert!(
            first.ends_with(
                "To discuss (self and another rater 2 or more levels apart, or a level against \
                 not applicable, and no level agreed yet): 1; discussed, a level agreed: 1.\n"
            ),
            "{first}"
        );

        let current = render(&fw, &a);
        assert_eq!(current, render_review(&fw, &a, 1));
        assert!(
            current.contains("\nReview 2 of 2: 2027 annual, opened 2027-03-01\nRating: "),
            "{current}"
        );
        assert!(
            current.contains("\nPlace                   2/2  3.0"),
            "{current}"
        );
        assert!(
            current.contains("agreed yet): 0; discussed, a level agreed: 0."),
            "{current}"
        );
    }
}
