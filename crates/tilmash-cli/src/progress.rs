//! Progress and per-document error reporting for `index`.
//!
//! A bar on stderr when stderr is a terminal (and not `--quiet`); failed documents are
//! always reported, one line each, in path order.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tilmash_core::Record;

#[derive(Debug)]
pub struct Reporter {
    bar: Option<ProgressBar>,
}

impl Reporter {
    pub fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} documents ({per_sec}, eta {eta})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Reporter { bar }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn line(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }
}

impl tilmash_index::Observer for Reporter {
    fn started(&self, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
        }
    }

    fn analyzed(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn written(&self, record: &Record, _reused: bool) {
        if let Some(error) = record.errors.first() {
            self.line(&format!(
                "tilmash: {}: {}",
                record.source.path, error.message
            ));
        }
        for (name, summary) in &record.summaries {
            if summary.status != tilmash_core::model::SummaryStatus::Ok {
                self.line(&format!(
                    "tilmash: {}: plugin {name}: {:?}: {}",
                    record.source.path,
                    summary.status,
                    summary.error.as_deref().unwrap_or("no message")
                ));
            }
        }
    }
}
