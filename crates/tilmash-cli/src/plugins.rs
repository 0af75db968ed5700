//! Plugin loading for the CLI: `--plugin LIB` options plus the plugin libraries found
//! next to the `tilmash` executable, adapted to the index's `DocumentPlugin`.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use tilmash_core::model::Summary;
use tilmash_index::descriptor::PluginProvenance;
use tilmash_plugin_host::NativePlugin;

/// Which plugins a run uses.
#[derive(Debug, Clone, Args)]
pub struct PluginArgs {
    /// Run the plugin in this shared library on every document (repeatable); its output
    /// goes under `summaries.<name>`.
    #[arg(long = "plugin", value_name = "LIB")]
    pub plugins: Vec<PathBuf>,
    /// Do not load the plugins found next to the tilmash executable (libtilmash_plugin_*
    /// in its folder and its plugins/ subfolder); only those given with --plugin.
    #[arg(long)]
    pub no_default_plugins: bool,
    /// Configuration for a plugin, as NAME=JSON (repeatable), e.g. digest='{"figures":3}'.
    #[arg(long = "plugin-config", value_name = "NAME=JSON")]
    pub configs: Vec<String>,
}

/// A loaded plugin seen by the index.
#[derive(Debug)]
pub struct HostPlugin {
    native: NativePlugin,
    provenance: PluginProvenance,
}

impl tilmash_index::DocumentPlugin for HostPlugin {
    fn provenance(&self) -> &PluginProvenance {
        &self.provenance
    }

    fn summarize(&self, record_json: &[u8]) -> Summary {
        self.native.summarize(record_json)
    }
}

impl PluginArgs {
    /// Load the plugins: the default ones (unless disabled), then those given. Two
    /// plugins with the same name are refused, except that a library given with
    /// --plugin replaces a default one of the same name.
    pub fn load(&self) -> anyhow::Result<tilmash_index::Plugins> {
        let mut configs = std::collections::BTreeMap::new();
        for c in &self.configs {
            let (name, json) = c
                .split_once('=')
                .with_context(|| format!("--plugin-config {c:?}: expected NAME=JSON"))?;
            let value: serde_json::Value = serde_json::from_str(json)
                .with_context(|| format!("--plugin-config {name}: not JSON"))?;
            configs.insert(name.to_owned(), value);
        }
        let empty = serde_json::Value::Object(Default::default());
        let mut loaded: Vec<Arc<dyn tilmash_index::DocumentPlugin>> = Vec::new();
        let defaults = if self.no_default_plugins {
            Vec::new()
        } else {
            tilmash_plugin_host::find_next_to_exe()
        };
        let given: Vec<(PathBuf, bool)> = defaults
            .into_iter()
            .map(|p| (p, false))
            .chain(self.plugins.iter().cloned().map(|p| (p, true)))
            .collect();
        for (path, explicit) in given {
            let info = tilmash_plugin_host::inspect(&path)?;
            let config = configs.get(&info.name).unwrap_or(&empty);
            let native = tilmash_plugin_host::load(&path, config)?;
            let info = native.info().clone();
            if let Some(i) = loaded.iter().position(|p| p.provenance().name == info.name) {
                if explicit {
                    loaded.remove(i);
                } else {
                    anyhow::bail!(
                        "two plugins named {:?}: {} and {}",
                        info.name,
                        loaded[i].provenance().path,
                        info.path
                    );
                }
            }
            let provenance = PluginProvenance {
                name: info.name,
                version: info.version,
                abi: info.abi,
                path: info.path,
                sha256: info.sha256,
            };
            loaded.push(Arc::new(HostPlugin { native, provenance }));
        }
        if let Some(name) = configs
            .keys()
            .find(|n| !loaded.iter().any(|p| &p.provenance().name == *n))
        {
            anyhow::bail!("--plugin-config {name}: no plugin of that name is loaded");
        }
        Ok(loaded)
    }
}
