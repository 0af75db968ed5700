//! `digest`: what a policy analyst reads first about a document: its publication date,
//! main language and language shares, key figures (the most repeated, then largest,
//! counts in the main content), the dates it mentions, the agencies it names (with how
//! often) and its targets as a table.
//!
//! Agencies and targets are read from entities of type `agency` (`canonical`, and `id`
//! when the extractor gives one) and `target` (`quantity`, `deadline`, `direction`). When
//! a record has none of a type, `notes` says so: either the document names none or
//! tilmash's extractor for that type found none.
//!
//! Configuration: `{"figures": N}` (default 5) — how many key figures to keep.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use tilmash_plugin::serde_json::{Value, json};
use tilmash_plugin::{DocLanguage, Document, Plugin, export_plugin};

/// The fields of a record the digest reads. Parsing only these (serde skips the
/// paragraphs, sentences and the entity fields not listed without building them) keeps
/// the digest cheap next to the analysis that produced the record.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Input {
    published: Option<String>,
    language: DocLanguage,
    entities: Vec<Entity>,
}

/// The entity fields the digest reads (any type; absent fields are `None`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entity {
    #[serde(rename = "type")]
    kind: String,
    start: usize,
    text: String,
    sentence: usize,
    boilerplate: Option<Value>,
    // count and date
    value: Option<Value>,
    unit: Option<Value>,
    #[serde(rename = "kind")]
    count_kind: Option<Value>,
    // agency (as Values: another entity type may use these names for other shapes)
    id: Option<Value>,
    canonical: Option<Value>,
    // target
    quantity: Option<Value>,
    deadline: Option<Value>,
    direction: Option<Value>,
}

/// The digest plugin.
#[derive(Debug)]
pub struct Digest {
    figures: usize,
}

impl Plugin for Digest {
    const NAME: &'static str = "digest";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");
    const MANIFEST: &'static str = r#"{"input_schema":"1.x","languages":["kk","ru","zh"],"needs":["entities"],"needs_text":false,"config":{"figures":"number of key figures, default 5"},"outputs":{"published":"date or null","language":"main and shares","key_figures":"counts","dates_mentioned":"sorted ISO values","agencies":"id, name, mentions, first_sentence; most mentioned first","targets":"rows of text, quantity, deadline, direction, sentence","notes":"list"}}"#;

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
        let r: Input = doc.parse()?;
        let content: Vec<&Entity> = r
            .entities
            .iter()
            .filter(|e| e.boilerplate != Some(Value::Bool(true)))
            .collect();

        let dates: BTreeSet<&str> = content
            .iter()
            .filter(|e| e.kind == "date")
            .filter_map(|e| e.value.as_ref().and_then(Value::as_str))
            .collect();

        let mut notes = Vec::new();
        for (kind, what) in [("agency", "agencies"), ("target", "targets")] {
            if !r.entities.iter().any(|e| e.kind == kind) {
                notes.push(format!(
                    "{what}: none found (the document names none, or tilmash's {kind} \
                     extractor found none)"
                ));
            }
        }

        Ok(json!({
            "published": r.published,
            "language": { "main": r.language.main, "shares": r.language.shares },
            "key_figures": key_figures(&content, self.figures),
            "dates_mentioned": dates,
            "agencies": agencies(&content),
            "targets": targets(&content),
            "notes": notes,
        }))
    }
}

/// Counts grouped by (value, unit, kind): most repeated first, then largest value, then
/// first occurrence; each with its first surface form and sentence.
fn key_figures(entities: &[&Entity], keep: usize) -> Vec<Value> {
    struct Group<'a> {
        first: &'a Entity,
        value: f64,
        occurrences: usize,
    }
    let json = |v: &Option<Value>| v.as_ref().map(Value::to_string).unwrap_or_default();
    let mut groups: BTreeMap<String, Group<'_>> = BTreeMap::new();
    for e in entities.iter().filter(|e| e.kind == "count") {
        let Some(value) = e.value.as_ref().and_then(Value::as_f64) else {
            continue;
        };
        let key = format!(
            "{}|{}|{}",
            json(&e.value),
            json(&e.unit),
            json(&e.count_kind)
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
            let e = g.first;
            json!({
                "value": e.value,
                "unit": e.unit,
                "kind": e.count_kind,
                "text": e.text,
                "sentence": e.sentence,
                "occurrences": g.occurrences,
            })
        })
        .collect()
}

/// Agencies by `id` when the extractor gives one, else by canonical name (else the
/// surface text): most mentioned first, then first mentioned.
fn agencies(entities: &[&Entity]) -> Vec<Value> {
    // key → (first entity, mentions), in order of first mention
    let mut seen: Vec<(String, &Entity, usize)> = Vec::new();
    for e in entities.iter().filter(|e| e.kind == "agency") {
        let str_of = |v: &Option<Value>| v.as_ref().and_then(Value::as_str).map(str::to_owned);
        let key = match (str_of(&e.id), str_of(&e.canonical)) {
            (Some(id), _) => format!("id:{id}"),
            (None, Some(name)) => format!("name:{name}"),
            (None, None) => format!("name:{}", e.text),
        };
        match seen.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, n)) => *n += 1,
            None => seen.push((key, e, 1)),
        }
    }
    // Stable: equal counts keep the order of first mention.
    seen.sort_by_key(|(_, _, mentions)| std::cmp::Reverse(*mentions));
    seen.into_iter()
        .map(|(_, e, mentions)| {
            json!({
                "id": e.id.as_ref().filter(|v| v.is_string()),
                "name": e.canonical.as_ref().and_then(Value::as_str).unwrap_or(&e.text),
                "mentions": mentions,
                "first_sentence": e.sentence,
            })
        })
        .collect()
}

/// The targets as table rows, in document order.
fn targets(entities: &[&Entity]) -> Vec<Value> {
    entities
        .iter()
        .filter(|e| e.kind == "target")
        .map(|e| {
            json!({
                "text": e.text,
                "quantity": e.quantity,
                "deadline": e.deadline,
                "direction": e.direction,
                "sentence": e.sentence,
            })
        })
        .collect()
}

export_plugin!(Digest);

#[cfg(test)]
mod tests {
    use super::*;
    use tilmash_plugin::serde_json;

    fn doc(v: Value) -> Document {
        Document::from_json(&serde_json::to_vec(&v).expect("json"))
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
                {"id": "kz.ministry.health", "name": "Қазақстан Республикасы Денсаулық сақтау министрлігі",
                 "mentions": 2, "first_sentence": 0},
                {"id": "int.un.unicef", "name": "Детский фонд ООН", "mentions": 1, "first_sentence": 2}
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
                {"type":"agency","start":100,"end":110,"text":"Минздрав","sentence":4,"lang":"ru","canonical":"Министерство здравоохранения"},
                {"type":"agency","start":111,"end":120,"text":"Акимат","sentence":5,"lang":"ru","canonical":"Акимат"},
                {"type":"agency","start":121,"end":140,"text":"Министерству здравоохранения","sentence":6,"lang":"ru","canonical":"Министерство здравоохранения"},
                {"type":"target","start":150,"end":170,"text":"построить 5 школ к 2025 году","sentence":7,"lang":"ru",
                 "quantity":{"value":5,"unit":"школа"},"deadline":"2025","direction":"produce"}
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
        assert_eq!(
            out["agencies"],
            json!([
                {"id": null, "name": "Министерство здравоохранения", "mentions": 2, "first_sentence": 4},
                {"id": null, "name": "Акимат", "mentions": 1, "first_sentence": 5},
            ])
        );
        assert_eq!(
            out["targets"],
            json!([{"text": "построить 5 школ к 2025 году", "quantity": {"value": 5, "unit": "школа"},
                    "deadline": "2025", "direction": "produce", "sentence": 7}])
        );
        assert_eq!(out["notes"], json!([]));
        Ok(())
    }

    #[test]
    fn agencies_are_counted_by_id_and_missing_types_are_noted() -> Result<(), String> {
        let d = doc(json!({
            "language": {"main":"kk","shares":{"kk":1.0}},
            "entities": [
                {"type":"agency","start":0,"end":5,"text":"ҚР БҒМ","sentence":0,"id":"kz-mes","canonical":"ҚР БҒМ"},
                {"type":"agency","start":9,"end":30,"text":"Білім министрлігі","sentence":1,"id":"kz-mes","canonical":"Білім министрлігі"}
            ]
        }));
        let out = Digest::new(&json!({}))?.summarize(&d)?;
        assert_eq!(
            out["agencies"],
            json!([{"id": "kz-mes", "name": "ҚР БҒМ", "mentions": 2, "first_sentence": 0}])
        );
        let notes = out["notes"].as_array().ok_or("notes")?;
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0]
                .as_str()
                .is_some_and(|n| n.starts_with("targets: none found"))
        );
        assert_eq!(out["published"], Value::Null);
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
