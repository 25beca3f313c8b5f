//! Counting what has been rated: per theme, per stage, per framework.

use super::assessment::{Rating, Review};
use super::framework::{Framework, Theme};

/// How far a set of (standard, stage) pairs has been rated.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Pairs with a level or "not applicable".
    pub rated: usize,
    /// All pairs.
    pub total: usize,
    /// Sum and count of levels, for the mean ("not applicable" excluded).
    pub level_sum: u32,
    pub level_count: u32,
}

impl Tally {
    pub fn add(&mut self, rating: Rating) {
        self.total += 1;
        if rating.is_rated() {
            self.rated += 1;
        }
        if let Some(v) = rating.level() {
            self.level_sum += u32::from(v);
            self.level_count += 1;
        }
    }

    pub fn mean(&self) -> Option<f64> {
        (self.level_count > 0).then(|| f64::from(self.level_sum) / f64::from(self.level_count))
    }

    /// The mean in tenths, halves rounded up (2.25 is 23), as the reports
    /// show it to one decimal. Worked in integers from the sum and count, so
    /// it never depends on how a binary fraction rounds.
    pub fn mean_tenths(&self) -> Option<i64> {
        (self.level_count > 0).then(|| {
            let (sum, count) = (i64::from(self.level_sum), i64::from(self.level_count));
            (20 * sum + count) / (2 * count)
        })
    }

    pub fn merge(&mut self, other: &Tally) {
        self.rated += other.rated;
        self.total += other.total;
        self.level_sum += other.level_sum;
        self.level_count += other.level_count;
    }
}

/// Tally of a theme, optionally at one stage only.
pub fn theme_tally(
    framework: &Framework,
    review: &Review,
    theme: &Theme,
    stage: Option<&str>,
) -> Tally {
    let mut tally = Tally::default();
    for standard in &theme.standards {
        for s in framework.stages_of(standard) {
            if stage.is_none_or(|only| only == s.id) {
                tally.add(review.rating(&standard.id, &s.id));
            }
        }
    }
    tally
}

/// Tally of the whole framework.
pub fn framework_tally(framework: &Framework, review: &Review) -> Tally {
    let mut tally = Tally::default();
    for theme in &framework.themes {
        tally.merge(&theme_tally(framework, review, theme, None));
    }
    tally
}

/// Whose levels a tally counts: the person's own, another rater's, or the
/// levels agreed after discussion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose<'a> {
    Own,
    Rater(&'a str),
    Agreed,
}

impl Whose<'_> {
    /// `whose` rating of `(standard, stage)` in `review` (unrated when they gave none).
    pub fn rating(self, review: &Review, standard: &str, stage: &str) -> Rating {
        let Some(mark) = review.mark(standard, stage) else {
            return Rating::Unrated;
        };
        match self {
            Whose::Own => mark.rating,
            Whose::Rater(id) => mark.others.get(id).map(|v| v.rating).unwrap_or_default(),
            Whose::Agreed => mark.agreed.unwrap_or_default(),
        }
    }
}

/// As [`theme_tally`], counting `whose` levels.
pub fn theme_tally_by(
    framework: &Framework,
    review: &Review,
    theme: &Theme,
    stage: Option<&str>,
    whose: Whose,
) -> Tally {
    let mut tally = Tally::default();
    for standard in &theme.standards {
        for s in framework.stages_of(standard) {
            if stage.is_none_or(|only| only == s.id) {
                tally.add(whose.rating(review, &standard.id, &s.id));
            }
        }
    }
    tally
}

/// Theme by stage: for each theme (framework order), a tally of `whose`
/// levels per stage (framework order). What the heat maps show.
pub fn grid(framework: &Framework, review: &Review, whose: Whose) -> Vec<Vec<Tally>> {
    framework
        .themes
        .iter()
        .map(|theme| {
            framework
                .stages
                .iter()
                .map(|stage| theme_tally_by(framework, review, theme, Some(&stage.id), whose))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod whose_tests {
    use super::*;
    use crate::model::fixture;

    #[test]
    fn each_lens_counts_only_its_own_levels() {
        let framework = fixture::framework();
        let theme = &framework.themes[0];
        let standard = &theme.standards[0];
        let stage = framework.stages_of(standard).next().unwrap().id.clone();
        let mut review = Review::new("r", jiff::civil::date(2026, 1, 1));
        let coach = review
            .add_rater("C", crate::model::assessment::RaterRole::Coach)
            .unwrap();
        review
            .set_rating(&standard.id, &stage, Rating::Level(1))
            .unwrap();
        review
            .set_view_rating(&standard.id, &stage, &coach, Rating::Level(3))
            .unwrap();
        review
            .set_agreed(&standard.id, &stage, Rating::Level(2))
            .unwrap();
        let mean = |w| theme_tally_by(&framework, &review, theme, Some(&stage), w).mean_tenths();
        assert_eq!(mean(Whose::Own), Some(10));
        assert_eq!(mean(Whose::Rater(&coach)), Some(30));
        assert_eq!(mean(Whose::Agreed), Some(20));
        assert_eq!(mean(Whose::Rater("nobody")), None);
        assert_eq!(
            theme_tally_by(&framework, &review, theme, None, Whose::Own),
            theme_tally(&framework, &review, theme, None)
        );
    }
}
