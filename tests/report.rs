//! The appraisal pack (`reflect report`): the Markdown of a fixture as a
//! snapshot, the HTML's structure read back with an HTML parser, private
//! notes kept out for any assessment, the files the command writes, and a
//! real browser printing the HTML to PDF.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use jiff::civil::date;
use proptest::prelude::*;
use reflect::format::framework as bundled;
use reflect::model::assessment::{FrameworkRef, Person, RaterRole};
use reflect::model::{Assessment, Framework, Rating, Review};
use reflect::report::pack::{self, Audience, Options};
use reflect::report::render::{PackFormat, render};
use reflect::store::load_assessment;
use scraper::{Html, Selector};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v3/jane.ron")
}

fn framework(id: &str) -> Framework {
    bundled::by_id(id).unwrap().unwrap()
}

fn offers() -> Vec<reflect::model::offer::Offer> {
    reflect::format::offers::bundled().unwrap()
}

fn options(audience: Audience, include_private: bool) -> Options {
    Options {
        audience,
        include_private,
        prepared: date(2026, 12, 1),
    }
}

fn pack_of(a: &Assessment, fw: &Framework, o: Options, format: PackFormat) -> String {
    let p = pack::build(fw, a, a.current_index(), &offers(), o);
    render(&p, format, None).unwrap()
}

fn jane() -> (Assessment, Framework) {
    (
        load_assessment(&fixture()).unwrap(),
        framework("senior-leadership"),
    )
}

/// A chief executive's assessment over two reviews, with a Leader rating.
fn chief_executive() -> (Assessment, Framework) {
    let fw = framework("chief-executives");
    let mut a = Assessment::new(
        FrameworkRef {
            id: fw.id.clone(),
            version: fw.version.clone(),
        },
        Person {
            name: "Robin Hale".into(),
            role: "Chief Executive".into(),
            organisation: "Anyshire County Council".into(),
        },
        Review::new("2026 appraisal", date(2026, 1, 10)),
    );
    let standards: Vec<(String, String)> = fw
        .standards()
        .flat_map(|(_, s)| fw.stages_of(s).map(|st| (s.id.clone(), st.id.clone())))
        .collect();
    for (i, (s, st)) in standards.iter().enumerate().step_by(3) {
        let level = u8::try_from(i % 4).unwrap() + 1;
        a.current_mut()
            .set_rating(s, st, Rating::Level(level))
            .unwrap();
    }
    a.start_review("2027 appraisal", date(2027, 1, 12)).unwrap();
    let leader = a
        .current_mut()
        .add_rater("Cllr Ada Jones", RaterRole::Leader)
        .unwrap();
    for (i, (s, st)) in standards.iter().enumerate().step_by(2) {
        let level = u8::try_from(i % 5).unwrap() + 1;
        let r = a.current_mut();
        r.set_rating(s, st, Rating::Level(level)).unwrap();
        r.set_view_rating(s, st, &leader, Rating::Level(6 - level))
            .unwrap();
    }
    (a, fw)
}

// ---------------------------------------------------------------- Markdown

#[test]
fn the_markdown_pack_of_the_fixture() {
    let (a, fw) = jane();
    let md = pack_of(&a, &fw, options(Audience::Leader, false), PackFormat::Md);
    insta::assert_snapshot!("jane_for_leader.md", md);
}

#[test]
fn the_markdown_has_the_eight_sections_in_order_and_tables_that_keep_their_columns() {
    let (a, fw) = chief_executive();
    let md = pack_of(&a, &fw, options(Audience::Leader, false), PackFormat::Md);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## 1. About this assessment",
            "## 2. At a glance",
            "## 3. Strengths and development priorities",
            "## 4. Progress since the last review",
            "## 5. Perspectives",
            "## 6. Evidence",
            "## 7. Development plan",
            "## 8. Appendix: every statement",
        ]
    );
    // Every row of a table has as many cells as its header.
    let mut columns = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        match columns {
            None => columns = Some(cells),
            Some(n) => assert_eq!(cells, n, "a row out of step with its table: {line}"),
        }
    }
    // The Leaders' topics head the perspectives, with the themes they touch.
    let perspectives = &md[md.find("## 5.").unwrap()..md.find("## 6.").unwrap()];
    assert!(perspectives.contains("### Topics for the appraisal discussion"));
    for (topic, _) in pack::LEADER_TOPICS {
        assert!(perspectives.contains(topic), "{topic}");
    }
    assert!(perspectives.contains("Politics and the political interface ("));
    assert!(perspectives.find("Topics").unwrap() < perspectives.find("never averaged").unwrap());
    // Others read the pack: the reasons speak of the person, not to them.
    let reasons = &md[md.find("## 3.").unwrap()..md.find("## 4.").unwrap()];
    assert!(reasons.contains("among Robin Hale's"), "{reasons}");
    assert!(reasons.contains("Robin Hale rates"), "{reasons}");
    assert!(
        !reasons.contains("your") && !reasons.contains("you rate"),
        "{reasons}"
    );
    // Progress in the guidance's words.
    assert!(md.contains("**Knowledge built**") || md.contains("**Judgement sharpened**"));
}

#[test]
fn the_leaders_topics_are_only_for_a_leader_and_the_chief_executives_framework() {
    let (a, fw) = chief_executive();
    let coach = pack_of(&a, &fw, options(Audience::Coach, false), PackFormat::Md);
    assert!(!coach.contains("Topics for the appraisal discussion"));
    let (j, sl) = jane();
    let leader = pack_of(&j, &sl, options(Audience::Leader, false), PackFormat::Md);
    assert!(!leader.contains("Topics for the appraisal discussion"));
}

#[test]
fn markdown_marks_in_notes_are_written_as_text() {
    let (mut a, fw) = jane();
    a.current_mut()
        .set_note(
            "sl.place.1",
            "judgement",
            "# not a heading\n| not | a table |\n1. not a list\n[link](http://x)",
        )
        .unwrap();
    let md = pack_of(&a, &fw, options(Audience::Myself, false), PackFormat::Md);
    assert!(md.contains("- Note: \\# not a heading  \n  \\| not \\| a table \\|  \n  1\\. not a list  \n  \\[link\\](http://x)"), "{md}");
    assert!(!md.lines().any(|l| l.starts_with("# not")));
}

// ---------------------------------------------------------------- HTML

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn the_html_is_one_self_contained_accessible_file() {
    for (a, fw) in [jane(), chief_executive()] {
        let html = pack_of(&a, &fw, options(Audience::Leader, false), PackFormat::Html);
        let doc = Html::parse_document(&html);
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        assert!(html.contains(reflect::store::PACK_MARK));

        // Eight sections in order, each under a real heading.
        let sections = select(&doc, "section");
        let titles: Vec<String> = sections
            .iter()
            .map(|s| {
                let h2 = s.select(&Selector::parse("h2").unwrap()).next().unwrap();
                h2.text().collect::<String>()
            })
            .collect();
        assert_eq!(titles.len(), 8);
        for (i, title) in titles.iter().enumerate() {
            assert!(title.starts_with(&format!("{}. ", i + 1)), "{title}");
        }
        assert_eq!(select(&doc, "h1").len(), 1);

        // Every table has header cells, and the heat map a number in every cell.
        for table in select(&doc, "table") {
            let th = table.select(&Selector::parse("thead th").unwrap()).count();
            assert!(th > 0, "a table without headers: {}", table.html());
        }
        let heat = select(&doc, "table.heat td");
        assert_eq!(heat.len(), (fw.themes.len() + 1) * (fw.stages.len() + 1));
        for td in heat {
            let mean: String = td
                .select(&Selector::parse(".mean").unwrap())
                .flat_map(|m| m.text())
                .collect();
            assert!(mean == "–" || mean.parse::<f64>().is_ok(), "{mean}");
            assert!(td.text().collect::<String>().contains(" rated"));
        }

        // One chart per stage, each with a title and a text alternative.
        let svgs = select(&doc, "svg");
        assert_eq!(svgs.len(), fw.stages.len());
        for svg in &svgs {
            assert_eq!(svg.value().attr("role"), Some("img"));
            let title = svg.select(&Selector::parse("title").unwrap()).next();
            let desc = svg.select(&Selector::parse("desc").unwrap()).next();
            assert!(title.is_some_and(|t| t.text().any(|x| x.contains("mean level"))));
            assert!(desc.is_some_and(|d| d.text().any(|x| x.contains("scale of 1 to"))));
        }

        // Nothing to run and nothing fetched.
        for tag in ["script", "link", "img", "iframe", "object", "embed", "base"] {
            assert!(select(&doc, tag).is_empty(), "<{tag}> in the pack");
        }
        for element in select(&doc, "*") {
            for (name, value) in element.value().attrs() {
                assert!(!name.starts_with("on"), "an event handler: {name}");
                let value = value.to_ascii_lowercase();
                assert!(
                    !value.contains("://") && !value.starts_with("//") && !value.contains("url("),
                    "an external reference in {name}=\"{value}\""
                );
            }
        }
        for style in select(&doc, "style") {
            let css = style.text().collect::<String>().to_ascii_lowercase();
            assert!(!css.contains("url(") && !css.contains("@import"));
            assert!(css.contains("@media print") && css.contains("size: a4"));
            assert!(css.contains("break-inside: avoid"));
        }
    }
}

#[test]
fn hostile_text_stays_text_in_the_html() {
    let (mut a, fw) = jane();
    a.person.name = "<script>alert(1)</script> \u{1b}[31mRed\u{202e}".into();
    a.current_mut()
        .set_note("sl.place.1", "judgement", "<img src=x onerror=alert(1)>")
        .unwrap();
    let html = pack_of(&a, &fw, options(Audience::Myself, false), PackFormat::Html);
    let doc = Html::parse_document(&html);
    assert!(select(&doc, "script").is_empty() && select(&doc, "img").is_empty());
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

// ---------------------------------------------------------------- privacy

#[test]
fn a_private_note_is_in_the_pack_only_when_asked_for_and_then_it_says_so() {
    let (a, fw) = jane();
    for format in [PackFormat::Md, PackFormat::Html] {
        let shared = pack_of(&a, &fw, options(Audience::Coach, false), format);
        assert!(!shared.contains("A private thought."));
        assert!(shared.contains("Private notes are left out."));
        assert!(!shared.contains("includes private notes"));
        let all = pack_of(&a, &fw, options(Audience::Coach, true), format);
        assert!(all.contains("A private thought."));
        assert!(all.contains("includes private notes"));
    }
}

/// Words no framework, offer or template holds.
fn token() -> impl Strategy<Value = String> {
    "[b-df-hj-np-tv-z]{10}".prop_map(|s| format!("Qx{s}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// For random assessments of either framework, with random notes of
    /// the person (private or not) and of raters, no private note's text
    /// is in either format, and every shared note is.
    #[test]
    fn no_private_text_leaks_into_a_pack(
        ce in any::<bool>(),
        marks in proptest::collection::vec(
            (0usize..500, 0u8..7, token(), any::<bool>(), proptest::option::of(token()), proptest::option::of(token())),
            1..25,
        ),
        reviews in 1usize..3,
        audience in prop_oneof![Just(Audience::Myself), Just(Audience::Coach), Just(Audience::Leader)],
    ) {
        let fw = framework(if ce { "chief-executives" } else { "senior-leadership" });
        let pairs: Vec<(String, String)> = fw
            .standards()
            .flat_map(|(_, s)| fw.stages_of(s).map(|st| (s.id.clone(), st.id.clone())))
            .collect();
        let mut a = Assessment::new(
            FrameworkRef { id: fw.id.clone(), version: fw.version.clone() },
            Person { name: "P".into(), role: String::new(), organisation: String::new() },
            Review::new("first", date(2026, 1, 1)),
        );
        for n in 1..reviews {
            a.start_review(&format!("review {n}"), date(2026, 1, 1 + i8::try_from(n).unwrap())).unwrap();
        }
        let coach = a.current_mut().add_rater("C", RaterRole::Coach).unwrap();
        let mut private = Vec::new();
        let mut shared = Vec::new();
        for (at, level, note, is_private, view, session) in marks {
            let (s, st) = &pairs[at % pairs.len()];
            let r = a.current_mut();
            let rating = match level { 0 => Rating::Unrated, 6 => Rating::NotApplicable, v => Rating::Level(v.min(5)) };
            r.set_rating(s, st, rating).unwrap();
            r.set_note(s, st, &note).unwrap();
            r.set_private(s, st, is_private).unwrap();
            if let Some(v) = view {
                r.set_view_note(s, st, &coach, &v).unwrap();
            }
            if let Some(t) = session {
                r.set_session_note(s, st, &t).unwrap();
            }
        }
        // The last note written to a (standard, stage) is the one it keeps.
        for stages in a.current().marks.values() {
            for mark in stages.values() {
                if mark.private { private.push(mark.note.clone()) } else { shared.push(mark.note.clone()) }
                shared.push(mark.session_note.clone());
                shared.extend(mark.others.values().map(|v| v.note.clone()));
            }
        }
        shared.retain(|s| !s.is_empty());
        for format in [PackFormat::Md, PackFormat::Html] {
            let text = pack_of(&a, &fw, options(audience, false), format);
            for p in &private {
                prop_assert!(!text.contains(p.as_str()), "private {p} in {format:?}");
            }
            for s in &shared {
                prop_assert!(text.contains(s.as_str()), "shared {s} missing from {format:?}");
            }
            let all = pack_of(&a, &fw, options(audience, true), format);
            for p in &private {
                prop_assert!(all.contains(p.as_str()), "asked-for {p} missing");
            }
        }
    }
}

// ---------------------------------------------------------------- the command

fn reflect(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_reflect"));
    c.arg("--home")
        .arg(home)
        .env("REFLECT_CONFIG", home.join("config"))
        .env_remove("NO_COLOR");
    c
}

/// Run `reflect report FILE ARGS...` with its own home and config.
fn report(home: &Path, file: &Path, args: &[&str]) -> std::process::Output {
    reflect(home)
        .arg("report")
        .arg(file)
        .args(args)
        .output()
        .unwrap()
}

fn copy_fixture(dir: &Path) -> PathBuf {
    let from = fixture().parent().unwrap().to_owned();
    std::fs::copy(from.join("jane.ron"), dir.join("jane.ron")).unwrap();
    std::fs::create_dir_all(dir.join("jane.reviews")).unwrap();
    for entry in std::fs::read_dir(from.join("jane.reviews")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.join("jane.reviews").join(entry.file_name()),
        )
        .unwrap();
    }
    dir.join("jane.ron")
}

#[test]
fn the_command_writes_html_beside_the_assessment_and_markdown_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_fixture(dir.path());
    let out = report(dir.path(), &file, &["--for", "leader"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    assert_eq!(
        written,
        dir.path()
            .join("jane-appraisal-pack-november-2026-review-for-leader.html")
    );
    let html = std::fs::read_to_string(&written).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("A private thought."));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&written).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Someone else's file of that name is left alone.
    std::fs::write(&written, "my own notes").unwrap();
    let out = report(dir.path(), &file, &["--for", "leader"]);
    let second = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    assert_ne!(second, written);
    assert_eq!(std::fs::read_to_string(&written).unwrap(), "my own notes");

    let out = report(
        dir.path(),
        &file,
        &["--format", "md", "--review", "1", "--include-private"],
    );
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Jane O'Neill: leadership self-assessment"));
    assert!(md.contains("(review 1 of 2)") && md.contains("includes private notes"));

    let target = dir.path().join("pack.md");
    let out = report(dir.path(), &file, &["-o", target.to_str().unwrap()]);
    assert!(out.status.success());
    let md = std::fs::read_to_string(&target).unwrap();
    assert!(
        md.contains("## 8. Appendix"),
        "the name says Markdown: {md}"
    );
    let out = report(dir.path(), &file, &["-o", "-"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "- is standard output");
    assert!(!dir.path().join("-").exists() && !Path::new("-").exists());
    let out = report(dir.path(), &file, &["-o", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write over the assessment"));
}

#[test]
fn a_template_of_ones_own_is_used_and_a_broken_one_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_fixture(dir.path());
    let templates = dir.path().join("config/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("report.md"),
        "Pack of {{ person.name }}: {{ glance | length }} themes\n",
    )
    .unwrap();
    let out = report(dir.path(), &file, &["-f", "md"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Pack of Jane O'Neill: 8 themes\n"
    );

    std::fs::write(
        templates.join("report.md"),
        "line one\n{{ person.nickname }}\n",
    )
    .unwrap();
    let out = report(dir.path(), &file, &["-f", "md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("templates/report.md line 2"), "{err}");
}

// ---------------------------------------------------------------- a real browser

fn browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("REFLECT_BROWSER") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

#[test]
fn a_real_browser_prints_the_pack_to_pdf_pages() {
    let Some(browser) = browser() else {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v != "true"),
            "no chromium on the PATH under CI=true: .ci/run installs the Debian package"
        );
        eprintln!("skipped: no chromium on the PATH (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (a, fw) = chief_executive();
    let html = dir.path().join("pack.html");
    std::fs::write(
        &html,
        pack_of(&a, &fw, options(Audience::Leader, false), PackFormat::Html),
    )
    .unwrap();
    let pdf = dir.path().join("pack.pdf");
    let mut child = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&html)
        .env("HOME", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("{} took over two minutes", browser.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let bytes = std::fs::read(&pdf).expect("the browser wrote a PDF");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    let pages = text
        .match_indices("/Type /Page")
        .filter(|(i, _)| !text[i + 11..].starts_with('s'))
        .count();
    // A4 pages: one section at least per page, the appendix over several.
    assert!(pages >= 8, "{pages} pages");
    let a4 = text.contains("/MediaBox [0 0 594.95996 841.91998]")
        || text.contains("/MediaBox [0 0 595 842]")
        || text.contains("/MediaBox [0 0 594.96 841.92]");
    assert!(
        a4,
        "not A4: {}",
        &text[text.find("/MediaBox").unwrap_or(0)..][..60]
    );
}

/// `reflect report` reads only the closed reviews it shows (the review and
/// the one before): its pack is the same as from the whole file.
#[test]
fn a_pack_from_the_reviews_it_needs_is_the_pack_from_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("robin.ron");
    let (mut a, fw) = chief_executive();
    for (n, title) in ["2028 appraisal", "2029 appraisal"].iter().enumerate() {
        a.start_review(title, date(2028 + i16::try_from(n).unwrap(), 1, 10))
            .unwrap();
        let (s, st) = {
            let (_, standard) = fw.standards().nth(n * 7).unwrap();
            (
                standard.id.clone(),
                fw.stages_of(standard).next().unwrap().id.clone(),
            )
        };
        a.current_mut()
            .set_rating(&s, &st, Rating::Level(5))
            .unwrap();
    }
    reflect::store::Document::detached(&path, a, fw.clone())
        .save()
        .unwrap();
    let kept = std::fs::read_dir(dir.path().join("robin.reviews"))
        .unwrap()
        .count();
    assert_eq!(kept, 3, "the closed reviews are in files of their own");
    let whole = load_assessment(&path).unwrap();
    for number in [None, Some(1), Some(2), Some(3), Some(4)] {
        let part = reflect::store::load_assessment_for_review(&path, number).unwrap();
        let index = number.map_or(whole.reviews.len() - 1, |n| n - 1);
        let pack = |a: &Assessment| {
            let p = pack::build(&fw, a, index, &offers(), options(Audience::Leader, false));
            render(&p, PackFormat::Md, None).unwrap()
        };
        assert_eq!(pack(&part), pack(&whole), "review {number:?}");
    }
}
