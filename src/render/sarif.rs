//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning and
//! others). Columns are Unicode code points (`columnKind`), as in every other format.

use std::collections::HashMap;

use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::engine::Report;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file path as a relative URI reference (percent-encoding what URIs do not allow).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One result, made when it is written.
fn result(report: &Report, rule_index: &HashMap<&str, usize>, d: &Diagnostic) -> Value {
    let file = report.db.get(d.file);
    let start = file.position(d.range.start);
    let end = file.position(d.range.end);
    let region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column.max(if end.line == start.line { start.column } else { 1 }),
        "byteOffset": d.range.start,
        "byteLength": d.range.end - d.range.start,
    });
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str(&format!(" (help: {h})"));
    }
    let mut result = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri(&file.name)},
                "region": region,
            }
        }],
    });
    if let Some(i) = rule_index.get(d.rule.as_str()) {
        result["ruleIndex"] = json!(i);
    }
    if let Some(fix) = &d.fix {
        let what = match fix.applicability {
            Applicability::Safe => "safe fix",
            Applicability::Unsafe => "unsafe fix",
        };
        result["fixes"] = json!([{
            "description": {"text": format!("{what} for {}", d.rule)},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri(&file.name)},
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": {"byteOffset": e.range.start, "byteLength": e.range.end - e.range.start},
                    "insertedContent": {"text": e.replacement},
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}

/// The results, each made when it is written (a `Value` of them all took 2 GB for 200,000
/// findings).
struct Results<'a> {
    report: &'a Report,
    rule_index: HashMap<&'a str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.report
                .diagnostics
                .iter()
                .map(|d| result(self.report, &self.rule_index, d)),
        )
    }
}

/// The document's `Value` written as it is, but for its `"results": null`, where the
/// results are written one by one: keys come out in the order the `Value` keeps them.
struct WithResults<'a> {
    value: &'a Value,
    results: &'a Results<'a>,
}

impl Serialize for WithResults<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.value {
            Value::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    if k == "results" && v.is_null() {
                        m.serialize_entry(k, self.results)?;
                    } else {
                        m.serialize_entry(
                            k,
                            &WithResults {
                                value: v,
                                results: self.results,
                            },
                        )?;
                    }
                }
                m.end()
            }
            Value::Array(items) => {
                let mut q = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    q.serialize_element(&WithResults {
                        value: v,
                        results: self.results,
                    })?;
                }
                q.end()
            }
            other => other.serialize(s),
        }
    }
}

pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.docs, "markdown": r.docs},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"fixable": r.fixable},
            })
        })
        .collect();
    let mut rule_index = HashMap::new();
    for (i, r) in report.rules.iter().enumerate() {
        // The first rule of a name, as a search from the start would find.
        rule_index.entry(r.name.as_str()).or_insert(i);
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "postlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": null,
        }],
    });
    let results = Results { report, rule_index };
    let with = WithResults {
        value: &doc,
        results: &results,
    };
    serde_json::to_writer_pretty(&mut *out, &with).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
