//! The distribution files agree with Cargo.toml and with each other: one version for the
//! crate, the wheel, pre-commit's placeholder package, the GitHub Action's default and the
//! README's snippets; one repository URL; hooks that fail on warnings.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const REPOSITORY: &str = "https://github.com/postlint/postlint";

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn cargo_metadata_names_the_canonical_repository() {
    assert_eq!(env!("CARGO_PKG_REPOSITORY"), REPOSITORY);
    assert_eq!(env!("CARGO_PKG_HOMEPAGE"), REPOSITORY);
    let manifest: toml::Table = toml::from_str(&read("Cargo.toml")).unwrap();
    let package = manifest["package"].as_table().unwrap();
    let include: Vec<&str> = package["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for needed in [
        "build.rs",
        "src/**",
        "rules/**",
        "Cargo.lock",
        "README.md",
        "CHANGELOG.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
    ] {
        assert!(
            include.contains(&needed),
            "Cargo.toml include lacks {needed}"
        );
    }
    assert!(package["keywords"].as_array().unwrap().len() <= 5);
}

#[test]
fn licences_are_the_standard_texts() {
    let mit = read("LICENSE-MIT");
    assert!(mit.starts_with("MIT License\n\nCopyright (c) The postlint developers\n"));
    assert!(mit.contains("THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND"));
    let apache = read("LICENSE-APACHE");
    assert!(apache.contains("Apache License\n                           Version 2.0, January 2004"));
    assert!(apache.contains("END OF TERMS AND CONDITIONS"));
    assert!(apache.contains("APPENDIX: How to apply the Apache License to your work."));
}

#[test]
fn the_wheel_carries_the_same_licences() {
    // maturin puts the licence files next to pypi/pyproject.toml into the wheel; it
    // cannot reach the root's, so pypi/ holds copies.
    for name in ["LICENSE-MIT", "LICENSE-APACHE"] {
        assert_eq!(
            read(&format!("pypi/{name}")),
            read(name),
            "pypi/{name} differs from {name}: copy it again"
        );
    }
}

#[test]
fn the_changelog_has_a_section_for_this_version() {
    let changelog = read("CHANGELOG.md");
    assert!(changelog.contains("## [Unreleased]"));
    assert!(
        changelog.contains(&format!("\n## [{VERSION}]")),
        "CHANGELOG.md has no section for {VERSION}"
    );
    assert!(changelog.contains(&format!(
        "[{VERSION}]: {REPOSITORY}/releases/tag/v{VERSION}"
    )));
}

#[test]
fn the_wheel_takes_its_version_from_cargo() {
    let pyproject: toml::Table = toml::from_str(&read("pypi/pyproject.toml")).unwrap();
    let project = pyproject["project"].as_table().unwrap();
    assert_eq!(project["name"].as_str(), Some("postlint"));
    assert!(
        project.get("version").is_none(),
        "the version comes from Cargo.toml"
    );
    assert_eq!(
        project["dynamic"].as_array().unwrap()[0].as_str(),
        Some("version")
    );
    assert_eq!(project["license"].as_str(), Some(env!("CARGO_PKG_LICENSE")));
    for url in project["urls"].as_table().unwrap().values() {
        assert!(url.as_str().unwrap().starts_with(REPOSITORY), "{url:?}");
    }
    let maturin = pyproject["tool"]["maturin"].as_table().unwrap();
    assert_eq!(maturin["bindings"].as_str(), Some("bin"));
    assert_eq!(maturin["manifest-path"].as_str(), Some("../Cargo.toml"));
    let requires = pyproject["build-system"]["requires"].as_array().unwrap();
    assert_eq!(requires[0].as_str(), Some("maturin>=1.5,<2"));
}

#[test]
fn the_pre_commit_placeholder_depends_on_this_version() {
    let setup = read("setup.py");
    assert!(
        setup.contains(&format!("\nPOSTLINT_VERSION = \"{VERSION}\"\n")),
        "setup.py must pin postlint=={VERSION}, the wheel pre-commit installs"
    );
    assert!(setup.contains("install_requires=[f\"postlint=={POSTLINT_VERSION}\"]"));
}

#[derive(Deserialize)]
struct Hook {
    id: String,
    entry: String,
    language: String,
    types: Vec<String>,
    require_serial: bool,
}

#[test]
fn both_hooks_fail_on_warnings_and_take_markdown() {
    let hooks: Vec<Hook> = serde_saphyr::from_str(&read(".pre-commit-hooks.yaml")).unwrap();
    let by_id: BTreeMap<&str, &Hook> = hooks.iter().map(|h| (h.id.as_str(), h)).collect();
    assert_eq!(
        by_id.keys().copied().collect::<Vec<_>>(),
        ["postlint", "postlint-src"]
    );
    assert_eq!(by_id["postlint"].language, "python");
    assert_eq!(by_id["postlint-src"].language, "rust");
    for hook in &hooks {
        assert_eq!(
            hook.entry, "postlint check --quiet --fail-on warning",
            "{}",
            hook.id
        );
        assert_eq!(hook.types, ["markdown"], "{}", hook.id);
        assert!(hook.require_serial, "{}", hook.id);
    }
}

#[derive(Deserialize)]
struct Input {
    default: Option<String>,
}

#[derive(Deserialize)]
struct Action {
    inputs: BTreeMap<String, Input>,
}

#[test]
fn the_action_installs_this_version_by_default() {
    let action: Action = serde_saphyr::from_str(&read("action.yml")).unwrap();
    let default = |name: &str| action.inputs[name].default.as_deref().unwrap_or("");
    assert_eq!(default("version"), VERSION);
    assert_eq!(default("paths"), ".");
    assert_eq!(default("fail-on"), "warning");
    assert_eq!(default("sarif"), "");
    assert_eq!(
        default("since"),
        "${{ github.event.pull_request.base.sha }}"
    );
    assert!(action.inputs.contains_key("args"));
}

#[test]
fn the_readme_snippets_use_this_release() {
    let readme = read("README.md");
    assert!(
        !readme.contains("<owner>"),
        "README still has an <owner> placeholder"
    );
    assert!(readme.contains(&format!("  - repo: {REPOSITORY}\n    rev: v{VERSION}\n")));
    assert!(readme.contains(&format!("uses: postlint/postlint@v{VERSION}")));
    for doc in ["docs/ci.md", "docs/editors.md"] {
        assert!(
            !read(doc).contains("<owner>"),
            "{doc} has an <owner> placeholder"
        );
    }
    assert!(read("docs/ci.md").contains(&format!("uses: postlint/postlint@v{VERSION}")));
}
