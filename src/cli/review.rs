//! `reflect review start` and `reflect review list`.

use super::*;

/// `reflect review start`: open the file as the app does (taking its lock),
/// close the current review and start the next.
pub(super) fn review_start(
    home: Option<PathBuf>,
    file: &Path,
    title: &str,
    date: Option<Date>,
) -> Outcome {
    let home = resolve_home(home)?;
    let mut doc = open_to_change(&home, file, "start a review")?;
    // Every review, for the title check and the numbering of the closed one's file.
    doc.load_earlier_now().map_err(|why| {
        Failure::other(format!("{}: cannot start a review: {why}", file.display()))
    })?;
    let date = date.unwrap_or_else(|| jiff::Zoned::now().date());
    let before = doc.assessment.current_index();
    let carried = doc
        .assessment
        .start_review_on(title, date, jiff::Zoned::now().date())
        .map_err(|e| Failure::usage(format!("{}: {e}", file.display())))?;
    doc.save().map_err(|e| Failure::other(e.to_string()))?;
    let a = &doc.assessment;
    let (old, new) = (&a.reviews[before], a.current());
    emit(&format!(
        "Started review {} \"{}\", {}.\n\
         Review {} \"{}\" is closed{}: it is read-only from now on.\n\
         {carried} rating{} carried forward, marked as carried until changed.\n",
        a.reviews.len(),
        new.title,
        new.date,
        before + 1,
        old.title,
        old.frozen.map(|d| format!(" on {d}")).unwrap_or_default(),
        if carried == 1 { "" } else { "s" },
    ))
}

/// `reflect review list`: one row per review, oldest first.
pub(super) fn review_list(home: Option<PathBuf>, file: &Path, json: bool) -> Outcome {
    let (assessment, framework) = load(home, file)?;
    let mut table = Table::new([
        ("#", Align::Right),
        ("TITLE", Align::Left),
        ("OPENED", Align::Left),
        ("CLOSED", Align::Left),
        ("RATED", Align::Right),
        ("MEAN", Align::Right),
        ("RATERS", Align::Left),
    ]);
    let current = assessment.current_index();
    for (i, review) in assessment.reviews.iter().enumerate() {
        let tally = framework_tally(&framework, review);
        let closed = match (review.frozen, i == current) {
            (Some(date), _) => date.to_string(),
            (None, true) => "current".to_owned(),
            (None, false) => "–".to_owned(),
        };
        let raters: Vec<String> = review.raters.iter().map(|r| r.display()).collect();
        table.row([
            (i + 1).to_string(),
            review.title.clone(),
            review.date.to_string(),
            closed,
            format!("{}/{}", tally.rated, tally.total),
            report::summary::mean(&tally),
            raters.join(", "),
        ]);
    }
    emit_table(&table, json)
}
