use tilmash_plugin::serde_json::{Value, json};
use tilmash_plugin::{Document, Plugin, export_plugin};

#[derive(Debug)]
pub struct WordCount;

impl Plugin for WordCount {
    const NAME: &'static str = "wordcount"; // → summaries.wordcount
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn new(_config: &Value) -> Result<Self, String> {
        Ok(WordCount) // config: --plugin-config wordcount=JSON
    }

    fn summarize(&self, doc: &Document) -> Result<Value, String> {
        let r = doc.record()?;
        let content_words: usize = r
            .sentences
            .iter()
            .filter(|s| {
                r.paragraphs
                    .get(s.paragraph)
                    .is_some_and(|p| !p.boilerplate)
            })
            .filter_map(|s| r.slice(s.start, s.end))
            .map(|s| s.split_whitespace().count())
            .sum();
        Ok(json!({ "content_words": content_words }))
    }
}

export_plugin!(WordCount);
