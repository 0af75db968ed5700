//! `digest`: what a policy analyst reads first about a document: its publication date,
//! main language and language shares, key figures (the most repeated, then largest,
//! counts in the main content), the dates it mentions, and the agencies and targets it
//! names.
//!
//! Agencies and targets are read from entities of type `agency` and `target`. Agencies
//! are listed once per body: by their `id` when the record has one (the same ministry
//! named in the nominative and the genitive is one entry), under their `canonical` name.
//! Targets are a table: one row per target (its text, `quantity`, `deadline`,
//! `direction`, sentence), in document order.
//!
//! Configuration: `{"figures": N}` (default 5) — how many key figures to keep.

use std::collections::{BTreeMap, BTreeSet};

use tilmash_plugin::serde_json::{Value, json};
use tilmash_plugin::{DocEntity, Document, Plugin, export_plugin};

/// The digest plugin.
#[derive(Debug)]
pub struct Digest {
    figures: usize,
}

impl Plugin for Digest {
    const NAME: &'static str = "digest";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const MANIFEST: &'static str = r#"{"input_schema":"1.x","languages":["kk","ru","zh"],"needs":["entities"],"config":{"figures":"number of key figures, default 5"},"outputs":{"published":"date or null","language":"main and shares","key_figures":"counts","dates_mentioned":"sorted ISO values","agencies":"list","targets":"table: text, quantity, deadline, direction, sentence","notes":"list"}}"#;

    fn new(config: &Value) -> Result<Self, String> {
        let figures = match config.get("figures") {
            None => 5,
            Some(v) => v
                .as_u64()
                .ok_or_else(|| format!("figures must be a non-negative integer, got {v}"))?
                as usize,
        };
        Ok(Digest { figures })
    }

    fn summarize(&self, doc: &Document) -> Result<Value, String> {
        let r = &doc.record;
        let content: Vec<&DocEntity> = r
            .entities
            .iter()
            .filter(|e| e.fields.get("boilerplate") != Some(&Value::Bool(true)))
            .collect();

        let key_figures = key_figures(&content, self.figures);

        let dates: BTreeSet<&str> = content
            .iter()
            .filter(|e| e.kind == "date")
            .filter_map(|e| e.fields.get("value").and_then(Value::as_str))
            .collect();

        let agencies = names(&content, "agency");
        let targets = targets(&content);
        let mut notes = Vec::new();
        if !r.entities.iter().any(|e| e.kind == "agency") {
            notes.push("agencies: none found");
        }
        if !r.entities.iter().any(|e| e.kind == "target") {
            notes.push(
                "targets: none found (a target is a plan or obligation bound to a count or \
                 a date in the same clause)",
            );
        }

        Ok(json!({
            "published": r.published,
            "language": { "main": r.language.main, "shares": r.language.shares },
            "key_figures": key_figures,
            "dates_mentioned": dates,
            "agencies": agencies,
            "targets": targets,
            "notes": notes,
        }))
    }
}

/// Counts grouped by (value, unit, kind): most repeated first, then largest value, then
/// first occurrence; each with its first surface form and sentence.
fn key_figures(entities: &[&DocEntity], keep: usize) -> Vec<Value> {
    struct Group<'a> {
        first: &'a DocEntity,
        value: f64,
        occurrences: usize,
    }
    let mut groups: BTreeMap<String, Group<'_>> = BTreeMap::new();
    for e in entities.iter().filter(|e| e.kind == "count") {
        let Some(value) = e.fields.get("value").and_then(Value::as_f64) else {
            continue;
        };
        let key = format!(
            "{}|{}|{}",
            e.fields
                .get("value")
                .map(Value::to_string)
                .unwrap_or_default(),
            e.fields
                .get("unit")
                .map(Value::to_string)
                .unwrap_or_default(),
            e.fields
                .get("kind")
                .map(Value::to_string)
                .unwrap_or_default(),
        );
        groups
            .entry(key)
            .and_modify(|g| g.occurrences += 1)
            .or_insert(Group {
                first: e,
                value,
                occurrences: 1,
            });
    }
    let mut groups: Vec<Group<'_>> = groups.into_values().collect();
    groups.sort_by(|a, b| {
        b.occurrences
            .cmp(&a.occurrences)
            .then(b.value.total_cmp(&a.value))
            .then(a.first.start.cmp(&b.first.start))
    });
    groups
        .into_iter()
        .take(keep)
        .map(|g| {
            let f = &g.first.fields;
            json!({
                "value": f.get("value"),
                "unit": f.get("unit").cloned().unwrap_or(Value::Null),
                "kind": f.get("kind").cloned().unwrap_or(Value::Null),
                "text": g.first.text,
                "sentence": g.first.sentence,
                "occurrences": g.occurrences,
            })
        })
        .collect()
}

/// The targets as table rows, in document order.
fn targets(entities: &[&DocEntity]) -> Vec<Value> {
    entities
        .iter()
        .filter(|e| e.kind == "target")
        .map(|e| {
            let field = |k: &str| e.fields.get(k).cloned().unwrap_or(Value::Null);
            json!({
                "text": e.text,
                "quantity": field("quantity"),
                "deadline": field("deadline"),
                "direction": field("direction"),
                "sentence": e.sentence,
            })
        })
        .collect()
}

/// Distinct names of entities of `kind` (their `canonical` field, else the surface text),
/// in order of first mention; entities with an `id` are distinct by id.
fn names(entities: &[&DocEntity], kind: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for e in entities.iter().filter(|e| e.kind == kind) {
        let name = e
            .fields
            .get("canonical")
            .and_then(Value::as_str)
            .unwrap_or(&e.text)
            .to_owned();
        let identity = e
            .fields
            .get("id")
            .and_then(Value::as_str)
            .map_or_else(|| format!("name:{name}"), |id| format!("id:{id}"));
        if seen.insert(identity) {
            out.push(name);
        }
    }
    out
}

export_plugin!(Digest);

#[cfg(test)]
mod tests {
    use super::*;
    use tilmash_plugin::serde_json;

    fn doc(v: Value) -> Document {
        Document::from_json(&serde_json::to_vec(&v).expect("json")).expect("doc")
    }

    fn count(value: f64, unit: &str, text: &str, start: usize, sentence: usize) -> Value {
        json!({"type":"count","start":start,"end":start+text.chars().count(),"text":text,
               "sentence":sentence,"lang":"ru","value":value,"unit":unit,"kind":"quantity",
               "qualifier":null})
    }

    #[test]
    fn agencies_are_listed_once_per_id() -> Result<(), String> {
        let d = doc(json!({
            "language": {"main":"kk","script":"Cyrl","shares":{"kk":0.6,"ru":0.4}},
            "entities": [
                {"type":"agency","start":0,"end":10,"text":"Денсаулық сақтау министрлігі","sentence":0,"lang":"kk",
                 "canonical":"Қазақстан Республикасы Денсаулық сақтау министрлігі","id":"kz.ministry.health"},
                {"type":"agency","start":20,"end":30,"text":"Министерства здравоохранения","sentence":1,"lang":"ru",
                 "canonical":"Министерство здравоохранения Республики Казахстан","id":"kz.ministry.health"},
                {"type":"agency","start":40,"end":46,"text":"ЮНИСЕФ","sentence":2,"lang":"ru",
                 "canonical":"Детский фонд ООН","id":"int.un.unicef"}
            ]
        }));
        let out = Digest::new(&json!({}))?.summarize(&d)?;
        assert_eq!(
            out["agencies"],
            json!([
                "Қазақстан Республикасы Денсаулық сақтау министрлігі",
                "Детский фонд ООН"
            ])
        );
        Ok(())
    }

    #[test]
    fn digest_ranks_repeated_then_large_figures_and_sorts_dates() -> Result<(), String> {
        let d = doc(json!({
            "published": "2024-03-01",
            "language": {"main":"ru","script":"Cyrl","shares":{"ru":0.9,"kk":0.1}},
            "entities": [
                count(5.0, "school", "5 школ", 0, 0),
                count(1000.0, "tenge", "1000 тенге", 10, 1),
                count(5.0, "school", "пять школ", 30, 2),
                {"type":"date","start":40,"end":50,"text":"2025 года","sentence":2,"lang":"ru","value":"2025","relative":false},
                {"type":"date","start":60,"end":70,"text":"2024","sentence":3,"lang":"ru","value":"2024","relative":false},
                {"type":"date","start":80,"end":90,"text":"2025","sentence":3,"lang":"ru","value":"2025","relative":false},
                {"type":"date","start":95,"end":99,"text":"1999","sentence":4,"lang":"ru","value":"1999","relative":false,"boilerplate":true},
                {"type":"agency","start":100,"end":110,"text":"Минздрав","sentence":4,"lang":"ru","canonical":"Ministry of Health"}
            ]
        }));
        let out = Digest::new(&json!({"figures": 2}))?.summarize(&d)?;
        assert_eq!(out["published"], "2024-03-01");
        assert_eq!(out["language"]["main"], "ru");
        let figs = out["key_figures"].as_array().ok_or("figures")?;
        assert_eq!(figs.len(), 2);
        assert_eq!(figs[0]["text"], "5 школ");
        assert_eq!(figs[0]["occurrences"], 2);
        assert_eq!(figs[1]["value"], 1000.0);
        assert_eq!(out["dates_mentioned"], json!(["2024", "2025"]));
        assert_eq!(out["agencies"], json!(["Ministry of Health"]));
        assert_eq!(out["targets"], json!([]));
        assert_eq!(out["notes"].as_array().map(Vec::len), Some(1));
        Ok(())
    }

    #[test]
    fn targets_are_a_table_in_document_order_without_furniture() -> Result<(), String> {
        let d = doc(json!({
            "entities": [
                {"type":"target","start":0,"end":31,"text":"планируется открыть еще 15 школ",
                 "sentence":2,"lang":"ru","quantity":{"value":15,"unit":"школ"},
                 "deadline":"2025","direction":"produce"},
                {"type":"target","start":40,"end":60,"text":"到2025年，全省新建养老机构200家",
                 "sentence":5,"lang":"zh","quantity":null,"deadline":"2025",
                 "direction":"produce","boilerplate":true},
                {"type":"target","start":70,"end":99,"text":"力争覆盖率达到95%以上",
                 "sentence":7,"lang":"zh","quantity":{"value":95,"unit":"%"},
                 "deadline":null,"direction":"reach"}
            ]
        }));
        let out = Digest::new(&json!({}))?.summarize(&d)?;
        assert_eq!(
            out["targets"],
            json!([
                {"text":"планируется открыть еще 15 школ","quantity":{"value":15,"unit":"школ"},
                 "deadline":"2025","direction":"produce","sentence":2},
                {"text":"力争覆盖率达到95%以上","quantity":{"value":95,"unit":"%"},
                 "deadline":null,"direction":"reach","sentence":7}
            ])
        );
        // Only the agencies note remains.
        assert_eq!(out["notes"].as_array().map(Vec::len), Some(1));
        Ok(())
    }

    #[test]
    fn bad_config_is_refused() {
        assert!(Digest::new(&json!({"figures": "many"})).is_err());
    }
}
