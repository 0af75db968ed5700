//! Plugin loading for the CLI: `--plugin LIB` options plus the plugin libraries found
//! next to the `tilmash` executable, adapted to the index's `DocumentPlugin`.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use tilmash_core::model::Summary;
use tilmash_index::descriptor::PluginProvenance;
use tilmash_plugin_host::NativePlugin;
use tilmash_plugin_host::isolated::{IsolatedPlugin, WorkerCommand};

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
    /// Run each plugin in child worker processes (`tilmash plugin host`), so a crash or a
    /// hang costs one document's summary (status crashed or timeout), not the run.
    #[arg(long)]
    pub isolate: bool,
    /// With --isolate: seconds a plugin may take on one document before its worker is
    /// killed and the summary recorded as timeout.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 60.0,
        requires = "isolate"
    )]
    pub plugin_timeout: f64,
}

/// A loaded plugin seen by the index.
#[derive(Debug)]
pub struct HostPlugin {
    backend: Backend,
    provenance: PluginProvenance,
}

#[derive(Debug)]
enum Backend {
    Native(NativePlugin),
    Isolated(IsolatedPlugin),
}

impl tilmash_index::DocumentPlugin for HostPlugin {
    fn provenance(&self) -> &PluginProvenance {
        &self.provenance
    }

    fn summarize(&self, record_json: &[u8]) -> Summary {
        match &self.backend {
            Backend::Native(p) => p.summarize(record_json),
            Backend::Isolated(p) => p.summarize(record_json),
        }
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
        if !(self.plugin_timeout > 0.0 && self.plugin_timeout.is_finite()) {
            anyhow::bail!("--plugin-timeout must be a positive number of seconds");
        }
        let exe = std::env::current_exe().context("locating the tilmash executable")?;
        for (path, explicit) in given {
            let (backend, info) = if self.isolate {
                let abs = std::path::absolute(&path)
                    .with_context(|| format!("{}: bad path", path.display()))?;
                let cmd = WorkerCommand {
                    program: exe.clone(),
                    args: vec![
                        "plugin".to_owned(),
                        "host".to_owned(),
                        abs.display().to_string(),
                        "--configs".to_owned(),
                        serde_json::to_string(&configs)?,
                    ],
                };
                let timeout = std::time::Duration::from_secs_f64(self.plugin_timeout);
                let plugin = IsolatedPlugin::start(cmd, timeout)?;
                let info = plugin.info().clone();
                (Backend::Isolated(plugin), info)
            } else {
                let info = tilmash_plugin_host::inspect(&path)?;
                let config = configs.get(&info.name).unwrap_or(&empty);
                let native = tilmash_plugin_host::load(&path, config)?;
                let info = native.info().clone();
                (Backend::Native(native), info)
            };
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
            loaded.push(Arc::new(HostPlugin {
                backend,
                provenance,
            }));
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
