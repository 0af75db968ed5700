//! `tilmash plugin`: check a plugin library, list the plugins found next to tilmash.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

/// Check and list plugins (shared libraries that add a `summaries.<name>` to each record).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  tilmash plugin list
  tilmash plugin check target/release/libtilmash_plugin_digest.so
  tilmash plugin check --exec ./wordcount.py")]
pub struct PluginArgs {
    #[command(subcommand)]
    pub command: PluginCommand,
}

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// Load a plugin library, print its name, version, ABI and manifest, and run it on a
    /// small built-in document. Exit code 1 if it is not a valid plugin or the call fails.
    Check(CheckArgs),
    /// List the plugins tilmash loads by default: libtilmash_plugin_* next to the
    /// executable and in its plugins/ subfolder.
    List,
    /// Worker process for `--isolate` (speaks JSON Lines on stdin/stdout; not for humans).
    #[command(hide = true)]
    Host(HostArgs),
}

#[derive(Debug, Args)]
pub struct HostArgs {
    /// The plugin library.
    #[arg(value_name = "LIB")]
    pub library: PathBuf,
    /// Seconds after which the plugin's is_cancelled says yes for the call in progress.
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    pub timeout: f64,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The shared library (.so, .dylib, .dll), or with --exec the executable.
    #[arg(value_name = "LIB")]
    pub library: PathBuf,
    /// LIB is an executable speaking the JSON Lines plugin protocol (a script, say), not
    /// a shared library.
    #[arg(long)]
    pub exec: bool,
    /// Configuration JSON passed to the plugin's create.
    #[arg(long, value_name = "JSON", default_value = "{}")]
    pub config: String,
}

/// The built-in smoke-test document: Kazakh, Russian and Chinese, with dates and counts.
const SMOKE_TEXT: &str = "Үкімет 2024 жылғы 5 наурызда 12 жаңа мектеп салу туралы шешім қабылдады.\n\n\
Правительство 5 марта 2024 года решило построить 12 новых школ. Строительство школ начнётся в 2025 году.\n\n\
政府于2024年3月5日决定新建12所学校。";

pub fn run(args: PluginArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        PluginCommand::List => list(),
        PluginCommand::Check(check) => self::check(check),
        PluginCommand::Host(host) => self::host(host),
    }
}

fn list() -> anyhow::Result<ExitCode> {
    let found = tilmash_plugin_host::find_next_to_exe();
    if found.is_empty() {
        let dir = std::env::current_exe()
            .ok()
            .and_then(|e| e.parent().map(|p| p.display().to_string()))
            .unwrap_or_else(|| "?".to_owned());
        eprintln!("tilmash: no plugins found next to the executable ({dir})");
        return Ok(ExitCode::SUCCESS);
    }
    let mut bad = false;
    for path in found {
        match tilmash_plugin_host::inspect(&path) {
            Ok(info) => crate::print_line(&format!(
                "{}\t{}\tABI {}\tsha256:{}\t{}",
                info.name,
                info.version,
                info.abi,
                &info.sha256[..16],
                info.path
            ))?,
            Err(e) => {
                bad = true;
                eprintln!("tilmash: {e}");
            }
        }
    }
    Ok(if bad {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// One plugin call, in process or in a worker.
type Summarize = dyn Fn(&[u8]) -> tilmash_core::model::Summary;

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let config: serde_json::Value = serde_json::from_str(&args.config)
        .map_err(|e| anyhow::anyhow!("--config is not JSON: {e}"))?;
    let plugin: Box<Summarize> = if args.exec {
        let abs = std::path::absolute(&args.library)?;
        let start = |configs: serde_json::Value| {
            let cmd = tilmash_plugin_host::isolated::WorkerCommand {
                program: abs.clone(),
                args: Vec::new(),
                configs,
                executable: true,
            };
            tilmash_plugin_host::isolated::IsolatedPlugin::start(
                cmd,
                std::time::Duration::from_secs(60),
            )
        };
        let mut isolated = start(serde_json::json!({}))?;
        // Its configuration goes under its name, which only the handshake tells.
        if config != serde_json::json!({}) {
            let name = isolated.info().name.clone();
            drop(isolated);
            isolated = start(serde_json::json!({ name: config }))?;
        }
        print_info(isolated.info())?;
        Box::new(move |json| isolated.summarize(json))
    } else {
        let native = tilmash_plugin_host::load(&args.library, &config)?;
        print_info(native.info())?;
        Box::new(move |json| native.summarize(json))
    };

    let mut options = tilmash_index::DocumentOptions::default();
    options.analyze.with_text = true;
    let record =
        tilmash_index::analyze_bytes(SMOKE_TEXT.as_bytes(), "smoke.txt", Some("txt"), &options);
    let json = serde_json::to_vec(&record)?;
    let summary = plugin(&json);
    match summary.status {
        tilmash_core::model::SummaryStatus::Ok => {
            let output = summary.output.unwrap_or(serde_json::Value::Null);
            crate::print_line(&format!("smoke call:  ok {output}"))?;
            Ok(ExitCode::SUCCESS)
        }
        status => {
            let error = summary.error.unwrap_or_default();
            crate::print_line(&format!("smoke call:  FAILED ({status:?}): {error}"))?;
            Ok(ExitCode::FAILURE)
        }
    }
}

fn print_info(info: &tilmash_plugin_host::PluginInfo) -> anyhow::Result<()> {
    crate::print_line(&format!("name:        {}", info.name))?;
    crate::print_line(&format!("version:     {}", info.version))?;
    crate::print_line(&format!("abi:         {}", info.abi))?;
    crate::print_line(&format!("thread-safe: {}", info.thread_safe))?;
    crate::print_line(&format!("sha256:      {}", info.sha256))?;
    crate::print_line(&format!("manifest:    {}", info.manifest))?;
    Ok(())
}

fn host(args: HostArgs) -> anyhow::Result<ExitCode> {
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        anyhow::bail!("--timeout must be a positive number of seconds");
    }
    let options = tilmash_plugin_host::LoadOptions {
        deadline: Some(std::time::Duration::from_secs_f64(args.timeout)),
    };
    let load = |configs: Option<&serde_json::Value>| {
        let info = tilmash_plugin_host::inspect(&args.library).map_err(|e| e.to_string())?;
        let empty = serde_json::Value::Object(Default::default());
        let config = configs.and_then(|c| c.get(&info.name)).unwrap_or(&empty);
        tilmash_plugin_host::load_with(&args.library, config, &options).map_err(|e| e.to_string())
    };
    tilmash_plugin_host::isolated::serve(load, std::io::stdin().lock(), std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}
