//! Real-shaped posts for the site benchmark: recaps of community events as blogs write
//! them. Front matter of realistic size (quoted titles, multi-line lists, excerpts,
//! redirects), raw HTML blocks (figures, embedded slides and videos in iframes, styled
//! divs), images of which some files are missing, internal links to posts, pages and
//! headings (some broken), external links, long talk lists (`Title:` / `Speaker:` /
//! `Slides:` entries), tables, code blocks, Liquid tags and footnotes. Fixed seed; the
//! text is this project's own, made from word lists.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::rng::Rng;

const FIRST: &[&str] = &[
    "Ada", "Bruno", "Chen", "Dalia", "Emeka", "Fatima", "Greta", "Hiro", "Ines", "Jonas", "Kavya",
    "Lars", "Mei", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sanjay", "Tomas", "Uma", "Viktor",
    "Wen", "Yusuf", "Zofia",
];
const LAST: &[&str] = &[
    "Abara", "Bianchi", "Castillo", "Dubois", "Eriksen", "Fischer", "Gupta", "Haddad", "Ivanova",
    "Jansen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi",
    "Schmidt", "Tanaka", "Urbina", "Varga", "Weber", "Yilmaz", "Zhou",
];
const ORGS: &[&str] = &[
    "Northfield University",
    "the Harbor Data Lab",
    "Riverbend Analytics",
    "the Institute for Open Climate Science",
    "Lumen Imaging",
    "the National Grid Observatory",
    "Tessellate Labs",
    "Orchard Health",
    "the City Transit Authority",
    "Copperleaf Energy",
    "Aster Genomics",
    "the Coastal Ocean Consortium",
];
const PROJECTS: &[&str] = &[
    "Dask",
    "NumPy",
    "Xarray",
    "Zarr",
    "Jupyter",
    "pandas",
    "RAPIDS",
    "Kubernetes",
    "GitHub",
    "Pangeo",
    "scikit-learn",
    "Numba",
    "Arrow",
    "Parquet",
    "PyData",
];
const TOPICS: &[&str] = &[
    "scaling array workflows",
    "scheduling many small tasks",
    "reading cloud-hosted chunked data",
    "shuffling large tables",
    "deploying on shared clusters",
    "profiling a slow pipeline",
    "GPU dataframes in production",
    "imaging at the terabyte scale",
    "forecasting with ensembles",
    "teaching parallel computing",
    "tracking memory on workers",
    "testing distributed code",
];
const TAGS: &[&str] = &[
    "community",
    "recap",
    "meetup",
    "conference",
    "GPU",
    "imaging",
    "geoscience",
    "deployment",
    "performance",
    "tutorial",
    "release",
    "sprint",
];
const PAGES: &[&str] = &["/about/", "/events/", "/community/", "/archive/", "/talks/"];
const HOSTS: &[&str] = &[
    "https://github.com/example-org/project",
    "https://docs.example.org/en/latest/",
    "https://www.example.com/news/2021/updates",
    "https://pypi.org/project/example-tools/",
    "https://conference.example.net/2022/schedule/",
    "https://discourse.example.org/t/roadmap/1234",
];
const FILLER: &[&str] = &[
    "the",
    "group",
    "spent",
    "most",
    "of",
    "the",
    "afternoon",
    "comparing",
    "notes",
    "on",
    "how",
    "each",
    "team",
    "runs",
    "its",
    "pipelines",
    "and",
    "where",
    "they",
    "break",
    "several",
    "people",
    "asked",
    "about",
    "memory",
    "limits",
    "on",
    "workers",
    "we",
    "heard",
    "from",
    "users",
    "who",
    "process",
    "satellite",
    "images",
    "every",
    "night",
    "a",
    "lively",
    "discussion",
    "followed",
    "about",
    "defaults",
    "that",
    "surprise",
    "new",
    "contributors",
    "everyone",
    "agreed",
    "that",
    "better",
    "documentation",
    "would",
    "help",
    "more",
    "than",
    "another",
    "feature",
    "this",
    "year",
    "we",
    "also",
    "tried",
    "a",
    "longer",
    "format",
    "for",
    "questions",
    "which",
    "worked",
    "well",
    "in",
    "practice",
    "it",
    "means",
    "fewer",
    "slides",
    "and",
    "more",
    "time",
    "for",
    "hands-on",
    "work",
    "with",
    "real",
    "datasets",
    "from",
    "partner",
    "institutions",
    "thanks",
    "to",
    "our",
    "hosts",
    "for",
    "the",
    "room",
    "coffee",
    "and",
    "patience",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 9 + rng.below(16);
    let mut s = String::with_capacity(n * 7);
    for i in 0..n {
        let w = if rng.chance(7) {
            rng.pick(PROJECTS)
        } else {
            rng.pick(FILLER)
        };
        if i == 0 {
            let mut c = w.chars();
            s.extend(c.next().map(|f| f.to_ascii_uppercase()));
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
        if i + 1 < n && rng.chance(6) {
            s.push(',');
        }
    }
    s.push('.');
    s
}

/// A paragraph of `least` sentences and up to `more` others.
fn paragraph(rng: &mut Rng, least: usize, more: usize, out: &mut String) {
    let sentences = least + if more > 0 { rng.below(more + 1) } else { 0 };
    for k in 0..sentences {
        if k > 0 {
            // Real posts wrap lines by hand about half the time.
            out.push(if rng.chance(45) { '\n' } else { ' ' });
        }
        out.push_str(&sentence(rng));
    }
    out.push_str("\n\n");
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

/// Post `i` of `n`: its file name (`YYYY-MM-DD-slug`), and the slug.
pub fn name(i: usize) -> (String, String) {
    let day = i % 28 + 1;
    let month = (i / 28) % 12 + 1;
    let year = 2005 + i / (28 * 12);
    let slug = format!("{}-recap-{i}", TOPICS[i % TOPICS.len()].replace(' ', "-"));
    (format!("{year:04}-{month:02}-{day:02}-{slug}"), slug)
}

/// The URL of post `i` under the generated site's permalink.
fn url(i: usize) -> String {
    let (name, slug) = name(i);
    format!(
        "/{}/{}/{}/{slug}.html",
        &name[0..4],
        &name[5..7],
        &name[8..10]
    )
}

/// Lay out a real-shaped site of `posts` posts at `root` (removed first): `_config.yml`,
/// pages, images (about one in seven referenced images has no file), and the posts.
/// Returns the posts' paths and their total size in bytes.
pub fn generate(root: &Path, posts: usize) -> (Vec<PathBuf>, usize) {
    let _ = std::fs::remove_dir_all(root);
    for d in [
        "_posts",
        "_layouts",
        "images",
        "talks",
        "events",
        "about",
        "community",
        "archive",
    ] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::write(
        root.join("_config.yml"),
        "title: Community Notes\ndescription: Writing about our meetups and sprints\n\
         url: https://notes.example.org\nbaseurl: \"\"\n\
         permalink: /:year/:month/:day/:title.html\nmarkdown: kramdown\n\
         kramdown:\n  input: GFM\n  hard_wrap: false\nhighlighter: rouge\n\
         plugins:\n  - jekyll-feed\n  - jekyll-redirect-from\n  - jekyll-sitemap\n\
         exclude: [README.md, Gemfile, Gemfile.lock, vendor]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("_layouts/default.html"),
        "<html>{{ content }}</html>\n",
    )
    .unwrap();
    std::fs::write(
        root.join("_layouts/post.html"),
        "---\nlayout: default\n---\n{{ content }}\n",
    )
    .unwrap();
    let pages = [
        ("about/index.md", "About", "## Who we are\n\n## Contact\n"),
        (
            "events/index.md",
            "Events",
            "## Upcoming\n\n## Past events\n",
        ),
        (
            "community/index.md",
            "Community",
            "## Code of conduct\n\n## Chat\n",
        ),
        ("archive/index.md", "Archive", "## By year\n"),
        ("talks/index.md", "Talks", "## Recordings\n\n## Slides\n"),
    ];
    for (path, title, body) in pages {
        std::fs::write(
            root.join(path),
            format!("---\nlayout: default\ntitle: {title}\n---\n\n{body}\nMore soon.\n"),
        )
        .unwrap();
    }
    let mut rng = Rng(0x005E_ED0F_2EA1_5A9E);
    let mut paths = Vec::with_capacity(posts);
    let mut bytes = 0;
    for i in 0..posts {
        let text = post(&mut rng, i, posts, root);
        bytes += text.len();
        let path = root.join("_posts").join(format!("{}.md", name(i).0));
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    (paths, bytes)
}

fn post(rng: &mut Rng, i: usize, n: usize, root: &Path) -> String {
    let mut p = String::with_capacity(9000);
    let topic = TOPICS[i % TOPICS.len()];
    let (fname, _) = name(i);
    let date = &fname[..10];
    let org = rng.pick(ORGS);
    // Front matter: 10-20 lines, as real posts carry.
    let _ = writeln!(p, "---\nlayout: post");
    let _ = writeln!(p, "title: \"Recap: {topic} with {org}\"");
    let _ = writeln!(
        p,
        "date: {date} {:02}:{:02}:00 +0000",
        rng.below(24),
        rng.below(60)
    );
    if rng.chance(60) {
        let _ = writeln!(p, "author: {}", person(rng));
    } else {
        let _ = writeln!(p, "authors:\n  - {}\n  - {}", person(rng), person(rng));
    }
    let _ = writeln!(p, "categories: [community]");
    let _ = writeln!(p, "tags:");
    for _ in 0..2 + rng.below(4) {
        let _ = writeln!(p, "  - {}", rng.pick(TAGS));
    }
    let _ = writeln!(
        p,
        "excerpt: >\n  A summary of our {topic} event, with slides,\n  recordings and what comes next."
    );
    let _ = writeln!(p, "image: /images/{date}/header.jpg");
    if rng.chance(15) {
        let _ = writeln!(p, "redirect_from:\n  - /recaps/{i}/");
    }
    let _ = writeln!(p, "comments: true\nshare: true\n---");
    if rng.chance(50) {
        p.push_str("{% include JB/setup %}\n");
    }
    p.push('\n');
    paragraph(rng, 3, 2, &mut p);
    // A link to an earlier post, with post_url and as a plain URL (some broken).
    if i > 0 {
        let other = rng.below(i);
        let (oname, oslug) = name(other);
        if rng.chance(8) {
            let _ = writeln!(
                p,
                "This follows [our earlier meeting]({{% post_url {oname}x %}}).\n"
            );
        } else {
            let _ = writeln!(
                p,
                "This follows [our earlier meeting]({{% post_url {oname} %}}), and [the notes]({}#talks) \
                 from that day.\n",
                url(other)
            );
        }
        if rng.chance(10) {
            let _ = writeln!(
                p,
                "See also [the follow-up](/{}/{oslug}-followup.html).\n",
                &oname[..4]
            );
        }
    }
    if n > 1 && rng.chance(10) {
        let _ = writeln!(
            p,
            "Browse [all our events]({}) or [the archive](/archive/#by-year).\n",
            rng.pick(PAGES)
        );
    }
    p.push_str("## Contents\n\n- [Who came](#who-came)\n- [Talks](#talks)\n- [Schedule](#schedule)\n- [What is next](#what-is-next)\n\n");
    p.push_str("## Who came\n\n");
    paragraph(rng, 2, 2, &mut p);
    for _ in 0..4 + rng.below(10) {
        let _ = writeln!(p, "-   {}", rng.pick(ORGS));
    }
    p.push('\n');
    // A figure in raw HTML and a Markdown image; one in seven files is missing.
    let _ = std::fs::create_dir_all(root.join("images").join(date));
    for k in 0..1 + rng.below(3) {
        let file = format!("images/{date}/photo-{k}.jpg");
        if !rng.chance(14) {
            let _ = std::fs::write(root.join(&file), b"");
        }
        if k % 2 == 0 {
            let _ = writeln!(
                p,
                "<figure class=\"photo\">\n  <img src=\"/{file}\" alt=\"The room during the morning session\" width=\"720\">\n  <figcaption>Photo by {}.</figcaption>\n</figure>\n",
                person(rng)
            );
        } else {
            let _ = writeln!(p, "![Attendees at the whiteboard](/{file})\n");
        }
    }
    p.push_str("## Talks\n\n");
    paragraph(rng, 2, 0, &mut p);
    let talks = 5 + rng.below(16);
    for t in 0..talks {
        let speaker = person(rng);
        let _ = writeln!(
            p,
            "-   Title: {}\n-   Speaker: {speaker} ({})",
            TOPICS[rng.below(TOPICS.len())],
            rng.pick(ORGS)
        );
        match rng.below(10) {
            0 => p.push_str("-   Slides: TBD\n"),
            1..=5 => {
                let _ = writeln!(
                    p,
                    "-   Slides: [{speaker}'s slides](https://slides.example.org/{i}/{t})"
                );
            }
            _ => {
                // The slides embedded below the entry, as recaps often do.
                let _ = writeln!(
                    p,
                    "\n<iframe src=\"https://docs.example.com/presentation/d/{i:x}{t:x}/embed?start=false&loop=false\" frameborder=\"0\" width=\"600\" height=\"366\" allowfullscreen=\"true\"></iframe>"
                );
            }
        }
        p.push('\n');
        if rng.chance(30) {
            paragraph(rng, 1, 1, &mut p);
        }
    }
    if rng.chance(40) {
        let _ = writeln!(
            p,
            "<div class=\"video-wrapper\">\n<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/v{i}x\" title=\"Recording\" frameborder=\"0\" allow=\"accelerometer; autoplay; encrypted-media\" allowfullscreen></iframe>\n</div>\n"
        );
    }
    p.push_str("## Schedule\n\n| Time | Session | Room |\n|------|---------|------|\n");
    for h in 0..3 + rng.below(6) {
        let _ = writeln!(
            p,
            "| {:02}:00 | {} | {} |",
            9 + h,
            TOPICS[rng.below(TOPICS.len())],
            ["Main hall", "Room B", "Online"][rng.below(3)]
        );
    }
    p.push('\n');
    if rng.chance(70) {
        p.push_str("## Example\n\n");
        paragraph(rng, 1, 0, &mut p);
        match rng.below(3) {
            0 => p.push_str("```python\nimport dask.array as da\n\nx = da.random.random((20000, 20000), chunks=(1000, 1000))\ny = (x + x.T).mean(axis=0)\ny.compute()\n```\n\n"),
            1 => p.push_str("```bash\npip install \"dask[complete]\"\ndask-scheduler --port 8786 &\ndask-worker tcp://127.0.0.1:8786 --nthreads 4\n```\n\n"),
            _ => p.push_str("```yaml\nworker:\n  replicas: 4\n  resources:\n    limits:\n      memory: 8G\n```\n\n"),
        }
    }
    p.push_str("## What is next\n\n");
    paragraph(rng, 2, 3, &mut p);
    for _ in 0..1 + rng.below(3) {
        let _ = writeln!(p, "- [{}]({})", rng.pick(PROJECTS), rng.pick(HOSTS));
    }
    p.push('\n');
    if rng.chance(20) {
        p.push_str(
            "We will post the recordings soon.[^rec]\n\n[^rec]: Once the venue has sent them.\n\n",
        );
    }
    if rng.chance(5) {
        p.push_str("TODO: add the group photo.\n\n");
    }
    if rng.chance(25) {
        let _ = writeln!(
            p,
            "Questions? Ask on [the forum]({{{{ site.baseurl }}}}/community/#chat).\n"
        );
    }
    p
}
