//! Synthetic frameworks and assessments of a given size, for the benchmarks
//! (`benches/perf.rs`) and for whole-process runs of the real binary
//! (`examples/synth.rs`, which includes this file by `#[path]`).
//!
//! Deterministic: the same size always gives the same bytes, so numbers
//! from different machines and runs compare. The shape follows the Senior
//! Leadership framework: every standard is assessed at all three stages on
//! the 5-level scale (stages, scale and source are taken from the bundled
//! framework), themes hold 20 to 50 standards, and the assessment has five
//! reviews (four frozen, the last current) in which every standard is rated
//! at every stage with a 200-character note.

#![allow(dead_code)]

use std::collections::BTreeMap;

use jiff::civil::date;
use reflect::format::framework as bundled;
use reflect::model::assessment::FrameworkRef;
use reflect::model::framework::{Framework, Origin, Standard, Theme};
use reflect::model::{Assessment, Mark, Person, Rating, Review};

/// The sizes the issue asks for.
pub const SIZES: [usize; 3] = [100, 1_000, 10_000];
/// Reviews in every synthetic assessment: 4 frozen, 1 current.
pub const REVIEWS: usize = 5;
/// Characters in every note.
pub const NOTE_CHARS: usize = 200;

/// The id of the synthetic framework with `standards` standards.
pub fn framework_id(standards: usize) -> String {
    format!("synthetic-{standards}")
}

const WORDS: &[&str] = &[
    "council",
    "partners",
    "place",
    "budget",
    "members",
    "residents",
    "outcomes",
    "risk",
    "evidence",
    "leads",
    "builds",
    "trust",
    "long-term",
    "system",
    "change",
    "culture",
    "services",
    "scrutiny",
    "delivery",
    "community",
    "growth",
    "learning",
    "digital",
    "data",
    "staff",
    "priorities",
    "politics",
    "advice",
    "judgement",
    "experience",
    "knowledge",
    "inclusive",
    "narrative",
    "ambitious",
    "challenge",
    "commissioning",
    "safeguarding",
    "transformation",
    "equality",
    "wellbeing",
    "housing",
    "planning",
    "care",
    "schools",
];

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

/// Words up to exactly `chars` characters (ASCII, so bytes = characters).
fn prose(rng: &mut Rng, chars: usize) -> String {
    let mut s = String::with_capacity(chars);
    while s.len() < chars {
        if !s.is_empty() {
            // Notes are written as sentences, some over two lines.
            s.push_str(match rng.below(12) {
                0 => ". ",
                1 => ", ",
                2 => ".\n",
                _ => " ",
            });
        }
        s.push_str(rng.word());
    }
    s.truncate(chars);
    // Never end on the separator's space or line end (a user's note rarely does).
    while s.ends_with([' ', '\n']) {
        s.pop();
        s.push('.');
    }
    s
}

/// A framework with `standards` standards in themes of 20 to 50, all assessed
/// at every stage, on the bundled Senior Leadership framework's stages and scale.
pub fn framework(standards: usize) -> Framework {
    let base = bundled::by_id("senior-leadership")
        .expect("the bundled framework parses")
        .expect("senior-leadership is bundled");
    let mut rng = Rng::new(standards as u64);
    let mut themes = Vec::new();
    let mut made = 0;
    while made < standards {
        let t = themes.len();
        let size = (20 + rng.below(31)).min(standards - made);
        let id = format!("syn.t{t}");
        let theme_standards = (0..size)
            .map(|i| {
                let len = 60 + rng.below(100);
                Standard {
                    id: format!("{id}.{}", i + 1),
                    text: prose(&mut rng, len),
                    stage: None,
                    origin: if i % 7 == 6 {
                        Origin::Prompt
                    } else {
                        Origin::Published
                    },
                }
            })
            .collect();
        let title_words = 3 + rng.below(4);
        let title: Vec<&str> = (0..title_words).map(|_| rng.word()).collect();
        themes.push(Theme {
            id,
            title: format!("Theme {}: {}", t + 1, title.join(" ")),
            definition: prose(&mut rng, 180),
            definition_origin: Origin::Prompt,
            elements: Vec::new(),
            standards: theme_standards,
        });
        made += size;
    }
    Framework {
        id: framework_id(standards),
        title: format!("Synthetic framework, {standards} standards"),
        audience: "Benchmarks".into(),
        version: "1".into(),
        source: base.source,
        stages: base.stages,
        scale: base.scale,
        themes,
        renames: BTreeMap::new(),
    }
}

/// An assessment of `framework` with [`REVIEWS`] reviews, the first four
/// frozen, every (standard, stage) rated in every review with a note of
/// [`NOTE_CHARS`] characters.
pub fn assessment(framework: &Framework) -> Assessment {
    seeded(framework, framework.standard_count() as u64 ^ 0xA55E55)
}

/// Person `i` of a cohort: [`assessment`] with levels of their own (from
/// `i`), a name, a role and a random-looking person id.
#[allow(dead_code, reason = "used by the synth example, not every bench")]
pub fn cohort_member(framework: &Framework, i: usize) -> Assessment {
    let mut a = seeded(
        framework,
        0xC0_4027 ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
    );
    a.person.name = format!("Member {i:04}");
    a.person.role = match i % 4 {
        0 => "Assistant Director of Housing".into(),
        1 => "Director of Place".into(),
        2 => "Director of Children's Services".into(),
        _ => "Assistant Director, Finance".into(),
    };
    a.person_id = Some(format!(
        "{:032x}",
        (i as u128).wrapping_mul(0x2545_F491_4F6C_DD1D_9E37_79B9)
    ));
    a
}

fn seeded(framework: &Framework, seed: u64) -> Assessment {
    let mut rng = Rng::new(seed);
    let reviews = (0..REVIEWS)
        .map(|r| {
            let year = 2022 + r as i16;
            let mut review = Review::new(format!("{year} review"), date(year, 4, 1));
            if r + 1 < REVIEWS {
                review.frozen = Some(date(year, 11, 30));
            }
            for (_, standard) in framework.standards() {
                let stages = framework
                    .stages_of(standard)
                    .map(|stage| {
                        let rating = match rng.below(20) {
                            0 => Rating::NotApplicable,
                            n => Rating::Level(1 + (n % 5) as u8),
                        };
                        let mark = Mark {
                            rating,
                            note: prose(&mut rng, NOTE_CHARS),
                            ..Mark::default()
                        };
                        (stage.id.clone(), mark)
                    })
                    .collect();
                review.marks.insert(standard.id.clone(), stages);
            }
            review
        })
        .collect();
    Assessment {
        reviews,
        ..Assessment::new(
            FrameworkRef {
                id: framework.id.clone(),
                version: framework.version.clone(),
            },
            Person {
                name: "Sam Synthetic".into(),
                role: "Director of Benchmarks".into(),
                organisation: "Anytown Council".into(),
            },
            Review::new("unused", date(2026, 1, 1)),
        )
    }
}

/// How many marks an assessment holds, over all its reviews.
pub fn mark_count(assessment: &Assessment) -> usize {
    assessment
        .reviews
        .iter()
        .flat_map(|r| r.marks.values())
        .map(|stages| stages.len())
        .sum()
}
