//! Machine formats: GitHub annotations and SARIF 2.1.0 (validated against the official
//! schema, shipped as test data); no output ends a line with a blank.

mod common;

use common::*;

#[test]
fn github_annotations_are_escaped_and_well_formed() {
    let dir = temp_dir("gh");
    // A file name with `,` and `:`; a message with `%` comes from the bad URL.
    write(
        &dir,
        "a,b:c.md",
        "# T\n\nTODO 100%\n\n[x](htps://x.org/a)\n\n<details>\nmulti\nline\n",
    );
    let o = run_in(&dir, &["check", ".", "--format", "github"]);
    let out = stdout(&o);
    for line in out.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
        let (props, msg) = line
            .split_once("::")
            .map(|(_, rest)| rest.split_once("::").unwrap())
            .unwrap();
        assert!(props.contains("file=a%2Cb%3Ac.md,"), "{props}");
        assert!(props.contains(",title=postlint("), "{props}");
        assert!(!msg.contains('\n') && !msg.contains('\r'));
    }
    assert!(
        out.contains("%0Ahelp: "),
        "help on a new line, escaped: {out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let o = run(&[
        "check",
        "fixtures/site",
        "fixtures/recap-site",
        "--format",
        "sarif",
    ]);
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    let results = run0["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(
        results.iter().any(|r| r["fixes"].is_array()),
        "fixes are exported"
    );
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    assert!(rules.iter().all(|r| r["help"]["markdown"]
        .as_str()
        .is_some_and(|m| m.contains("## What it does"))));
}

#[test]
fn no_output_line_ends_with_a_blank() {
    let post = "fixtures/site/_posts/2022-09-20-xarray-community-sprint-boulder.md";
    let runs: &[&[&str]] = &[
        &["check", "fixtures/site", "--color", "never"],
        &["check", "fixtures/site", "--color", "always"],
        &["check", "fixtures/site", "--format", "short"],
        &["check", "fixtures/site", "--format", "json"],
        &["check", "fixtures/site", "--format", "github"],
        &["check", "fixtures/site", "--format", "sarif"],
        &["rules"],
        &["rules", "--format", "markdown"],
        &["explain", "placeholder"],
        &["debug", post],
        &["--help"],
        &["check", "--help"],
        &["server", "--help"],
        &["--version"],
    ];
    for args in runs {
        let o = run(args);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&o)
        );
        let out = stdout(&o);
        assert!(!out.is_empty(), "{args:?}: no output");
        // With colour, a blank may be followed by nothing but colour codes.
        let plain = strip_ansi(&out);
        let bad: Vec<(usize, &str)> = plain
            .lines()
            .enumerate()
            .filter(|(_, l)| l.ends_with([' ', '\t']))
            .map(|(i, l)| (i + 1, l))
            .collect();
        assert!(
            bad.is_empty(),
            "{args:?}: lines ending with a blank: {bad:?}"
        );
    }
}

/// `s` without ANSI colour codes.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\x1b') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find('m').map_or(after.len(), |m| m + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}
