//! Plugin loading for the CLI: `--plugin LIB` and `--plugin-exec PROGRAM` options plus the
//! plugin libraries found next to the `tilmash` executable, adapted to the index's
//! `DocumentPlugin`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use tilmash_core::model::Summary;
use tilmash_index::descriptor::{PluginNotLoaded, PluginProvenance};
use tilmash_plugin_host::isolated::{IsolatedPlugin, WorkerCommand};
use tilmash_plugin_host::{LoadOptions, NativePlugin, PluginInfo};

/// Which plugins a run uses.
#[derive(Debug, Clone, Args)]
pub struct PluginArgs {
    /// Run the plugin in this shared library on every document (repeatable); its output
    /// goes under `summaries.<name>`.
    #[arg(long = "plugin", value_name = "LIB")]
    pub plugins: Vec<PathBuf>,
    /// Run this executable as a plugin (repeatable): a program or script that speaks the
    /// JSON Lines plugin protocol on stdin/stdout (see the README). Always out of process.
    #[arg(long = "plugin-exec", value_name = "PROGRAM")]
    pub executables: Vec<PathBuf>,
    /// Do not load the plugins found next to the tilmash executable (libtilmash_plugin_*
    /// in its folder and its plugins/ subfolder); only those given with --plugin.
    #[arg(long)]
    pub no_default_plugins: bool,
    /// Configuration for a plugin, as NAME=JSON (repeatable), e.g. digest='{"figures":3}'.
    #[arg(long = "plugin-config", value_name = "NAME=JSON")]
    pub configs: Vec<String>,
    /// Run each plugin library in child worker processes (`tilmash plugin host`), so a
    /// crash or a hang costs one document's summary (status crashed or timeout), not the
    /// run, and a library that cannot be loaded is reported and skipped (exit code 2).
    #[arg(long)]
    pub isolate: bool,
    /// Seconds a plugin may take on one document. Then its `is_cancelled` says yes (a
    /// plugin that stops is recorded as timeout); out of process, a worker that still has
    /// not answered a little later is killed (timeout). In process, a plugin that does not
    /// ask is waited for.
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    pub plugin_timeout: f64,
}

/// A loaded plugin seen by the index.
#[derive(Debug)]
pub struct HostPlugin {
    backend: Backend,
    provenance: PluginProvenance,
    /// False when the manifest says `"needs_text": false`.
    needs_text: bool,
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

    fn needs_text(&self) -> bool {
        self.needs_text
    }
}

/// The plugins of a run: those that started, and those that could not (reported on
/// stderr already; only out-of-process plugins are skipped rather than fatal).
#[derive(Debug, Default)]
pub struct Loaded {
    pub plugins: tilmash_index::Plugins,
    pub not_loaded: Vec<PluginNotLoaded>,
}

/// Where a plugin comes from.
enum Source {
    Library { path: PathBuf, explicit: bool },
    Executable(PathBuf),
}

impl PluginArgs {
    fn timeout(&self) -> anyhow::Result<Duration> {
        if !(self.plugin_timeout > 0.0 && self.plugin_timeout.is_finite()) {
            anyhow::bail!("--plugin-timeout must be a positive number of seconds");
        }
        Ok(Duration::from_secs_f64(self.plugin_timeout))
    }

    /// Load the plugins: the default ones (unless disabled), then those given. Two
    /// plugins with the same name are refused, except that a library given with
    /// --plugin replaces a default one of the same name.
    pub fn load(&self) -> anyhow::Result<Loaded> {
        let mut configs = std::collections::BTreeMap::new();
        for c in &self.configs {
            let (name, json) = c
                .split_once('=')
                .with_context(|| format!("--plugin-config {c:?}: expected NAME=JSON"))?;
            let value: serde_json::Value = serde_json::from_str(json)
                .with_context(|| format!("--plugin-config {name}: not JSON"))?;
            configs.insert(name.to_owned(), value);
        }
        let timeout = self.timeout()?;
        let defaults = if self.no_default_plugins {
            Vec::new()
        } else {
            tilmash_plugin_host::find_next_to_exe()
        };
        let sources: Vec<Source> = defaults
            .into_iter()
            .map(|path| Source::Library {
                path,
                explicit: false,
            })
            .chain(self.plugins.iter().map(|path| Source::Library {
                path: path.clone(),
                explicit: true,
            }))
            .chain(self.executables.iter().cloned().map(Source::Executable))
            .collect();
        // A path that names nothing is a mistake on the command line, not a bad plugin:
        // it stops the run even where bad plugins are skipped.
        for source in &sources {
            let (Source::Library { path, .. } | Source::Executable(path)) = source;
            std::fs::metadata(path).with_context(|| format!("plugin {}", path.display()))?;
        }
        let mut loaded = Loaded::default();
        for source in sources {
            // An isolated library or an executable that cannot start is skipped; an
            // in-process library that cannot start stops the run (it is in our process).
            let (started, explicit, path) = match &source {
                Source::Library { path, explicit } if self.isolate => (
                    self.start_isolated(path, &configs, timeout),
                    *explicit,
                    path,
                ),
                Source::Library { path, explicit } => {
                    (Ok(start_native(path, &configs, timeout)?), *explicit, path)
                }
                Source::Executable(path) => (start_executable(path, &configs, timeout), true, path),
            };
            let (backend, info) = match started {
                Ok(started) => started,
                Err(error) => {
                    eprintln!("tilmash: plugin not loaded, the run goes on without it: {error}");
                    loaded.not_loaded.push(PluginNotLoaded {
                        path: path.display().to_string(),
                        error,
                    });
                    continue;
                }
            };
            let plugins = &mut loaded.plugins;
            if let Some(i) = plugins
                .iter()
                .position(|p| p.provenance().name == info.name)
            {
                if explicit {
                    plugins.remove(i);
                } else {
                    anyhow::bail!(
                        "two plugins named {:?}: {} and {}",
                        info.name,
                        plugins[i].provenance().path,
                        info.path
                    );
                }
            }
            let needs_text =
                info.manifest.get("needs_text") != Some(&serde_json::Value::Bool(false));
            let provenance = PluginProvenance {
                name: info.name,
                version: info.version,
                abi: info.abi,
                path: info.path,
                sha256: info.sha256,
            };
            plugins.push(Arc::new(HostPlugin {
                backend,
                provenance,
                needs_text,
            }));
        }
        if let Some(name) = configs
            .keys()
            .find(|n| !loaded.plugins.iter().any(|p| &p.provenance().name == *n))
            && loaded.not_loaded.is_empty()
        {
            anyhow::bail!("--plugin-config {name}: no plugin of that name is loaded");
        }
        Ok(loaded)
    }

    fn start_isolated(
        &self,
        path: &Path,
        configs: &std::collections::BTreeMap<String, serde_json::Value>,
        timeout: Duration,
    ) -> Result<(Backend, PluginInfo), String> {
        let exe = std::env::current_exe()
            .map_err(|e| format!("cannot locate the tilmash executable: {e}"))?;
        let abs = std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))?;
        // The plugin's name is known only once the worker has loaded the library, so the
        // worker gets every configuration and picks its own.
        let cmd = WorkerCommand {
            program: exe,
            args: vec![
                "plugin".to_owned(),
                "host".to_owned(),
                abs.display().to_string(),
                "--timeout".to_owned(),
                timeout.as_secs_f64().to_string(),
            ],
            configs: serde_json::to_value(configs).map_err(|e| e.to_string())?,
            executable: false,
        };
        let plugin = IsolatedPlugin::start(cmd, timeout).map_err(|e| e.to_string())?;
        let info = plugin.info().clone();
        Ok((Backend::Isolated(plugin), info))
    }
}

fn start_native(
    path: &Path,
    configs: &std::collections::BTreeMap<String, serde_json::Value>,
    timeout: Duration,
) -> anyhow::Result<(Backend, PluginInfo)> {
    let empty = serde_json::Value::Object(Default::default());
    let info = tilmash_plugin_host::inspect(path)?;
    let config = configs.get(&info.name).unwrap_or(&empty);
    let options = LoadOptions {
        deadline: Some(timeout),
    };
    let native = tilmash_plugin_host::load_with(path, config, &options)?;
    let info = native.info().clone();
    Ok((Backend::Native(native), info))
}

/// Start an executable plugin; like a library worker, it gets every configuration in the
/// hello and takes the one under its name.
fn start_executable(
    path: &Path,
    configs: &std::collections::BTreeMap<String, serde_json::Value>,
    timeout: Duration,
) -> Result<(Backend, PluginInfo), String> {
    let abs = std::path::absolute(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let cmd = WorkerCommand {
        program: abs,
        args: Vec::new(),
        configs: serde_json::to_value(configs).map_err(|e| e.to_string())?,
        executable: true,
    };
    let plugin = IsolatedPlugin::start(cmd, timeout).map_err(|e| e.to_string())?;
    let info = plugin.info().clone();
    Ok((Backend::Isolated(plugin), info))
}
