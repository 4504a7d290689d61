//! The declared `rust-version` in Cargo.toml must be at least every locked dependency's:
//! a Cargo.lock update that raises the bar without raising ours fails here, not for a user
//! on an older toolchain.
//!
//! Reads `cargo metadata --locked --offline`, so every locked package (for all platforms,
//! the Windows ones too) must already be downloaded: `cargo fetch --locked` does that, and
//! `.ci/run` runs it first.

use std::process::Command;

use serde_json::Value;

/// `1.89`, `1.87.0`, `1.88.0-nightly` → (1, 89, 0) and so on; missing parts are 0.
fn parse(version: &str) -> (u64, u64, u64) {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let mut parts = core.split('.').map(|p| {
        p.parse::<u64>()
            .unwrap_or_else(|_| panic!("not a version: {version:?}"))
    });
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    let patch = parts.next().unwrap_or(0);
    assert!(parts.next().is_none(), "not a version: {version:?}");
    (major, minor, patch)
}

/// The packages whose `rust_version` is above `ours`: (name, version, rust_version).
fn above(ours: &str, packages: &[Value]) -> Vec<(String, String, String)> {
    let ours = parse(ours);
    packages
        .iter()
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (parse(needs) > ours).then(|| {
                (
                    p["name"].as_str().unwrap_or("?").to_string(),
                    p["version"].as_str().unwrap_or("?").to_string(),
                    needs.to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn declared_rust_version_covers_every_locked_dependency() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata --locked --offline failed (run `cargo fetch --locked` first: it \
         downloads the locked packages of every platform):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let root = meta["resolve"]["root"].as_str().expect("a root package");
    let ours = packages
        .iter()
        .find(|p| p["id"] == root)
        .and_then(|p| p["rust_version"].as_str())
        .expect("Cargo.toml declares rust-version");
    assert_eq!(ours, env!("CARGO_PKG_RUST_VERSION"));
    // Every locked package was read: the lock and the metadata agree on the count.
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .expect("Cargo.lock");
    let locked = lock.matches("[[package]]").count();
    assert_eq!(
        packages.len(),
        locked,
        "cargo metadata left out locked packages"
    );
    let too_new = above(ours, packages);
    assert!(
        too_new.is_empty(),
        "rust-version = {ours:?} in Cargo.toml, but these locked packages need more \
         (raise rust-version to the highest):\n{too_new:#?}"
    );
}

#[test]
fn a_dependency_needing_more_is_reported() {
    let packages: Vec<Value> = serde_json::from_str(
        r#"[
            {"name": "old", "version": "1.0.0", "rust_version": "1.60"},
            {"name": "none", "version": "1.0.0", "rust_version": null},
            {"name": "same", "version": "2.0.0", "rust_version": "1.89.0"},
            {"name": "new", "version": "3.0.0", "rust_version": "1.90"}
        ]"#,
    )
    .unwrap();
    assert_eq!(
        above("1.89", &packages),
        vec![("new".into(), "3.0.0".into(), "1.90".into())]
    );
    assert!(above("1.90", &packages).is_empty());
}

#[test]
fn versions_compare_by_number_not_text() {
    assert!(parse("1.100") > parse("1.89"));
    assert_eq!(parse("1.89"), parse("1.89.0"));
    assert!(parse("1.88.1") > parse("1.88"));
    assert_eq!(parse("1.91.0-nightly"), (1, 91, 0));
}
