//! Out-of-process plugins: a plugin library run in child worker processes
//! (`tilmash plugin host LIB`, for `--isolate`), or any executable speaking the same
//! protocol (`--plugin-exec`), so that a segfault, abort or hang costs one document's
//! summary, not the run.
//!
//! Protocol: JSON Lines on the worker's stdin/stdout (one JSON object per line, UTF-8; a
//! worker's stderr goes to tilmash's stderr). First a handshake, then one request and one
//! reply per document, in order:
//!
//! ```text
//! → {"hello":{"protocol":"tilmash-plugin","protocol_version":1,"configs":{...}}}
//! ← {"hello":{"protocol":"tilmash-plugin","protocol_version":1,
//!             "plugin":{"name":"wordcount","version":"0.1.0","manifest":{...}}}}
//! → {"id":17,"doc":{...record...}}
//! ← {"id":17,"summary":{"status":"ok","output":{...}}}
//! ← {"id":18,"summary":{"status":"error","error":"why"}}
//! ```
//!
//! A worker that cannot start answers the hello with `{"error":"why"}`. The worker exits
//! when its stdin closes. `configs` holds every `--plugin-config` by plugin name: a
//! plugin takes the one under its own name (`{}` when there is none). `name` follows the plugin name rules (1 to 64 bytes of `a-z 0-9 _ -`); `manifest` is
//! optional. A library worker also reports `abi`, `path`, `sha256` and `thread_safe`; for
//! an executable the host records its path and sha256 itself and `abi` `jsonl/1`.
//!
//! The host waits at most the timeout for each reply, plus a grace period in which a
//! library worker's plugin, told through `is_cancelled` that its time is up, can still
//! answer (then `status: "timeout"` and the worker is kept). After that it kills the
//! worker and records `status: "timeout"`; when the worker dies (EOF, crash) it records
//! `status: "crashed"`. Either way a fresh worker is spawned for the next document. Idle
//! workers are pooled, so documents run in parallel up to the number of threads.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};
use sha2::Digest;
use tilmash_core::model::{Summary, SummaryStatus};

use crate::{NativePlugin, PluginInfo};

/// The protocol name in the hello messages.
pub const PROTOCOL: &str = "tilmash-plugin";
/// The protocol version; grows when features are added.
pub const PROTOCOL_VERSION: u64 = 1;

/// How to start a worker: a program and its arguments.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Every plugin configuration by plugin name (a JSON object), sent in the hello: the
    /// host learns the plugin's name only from the reply.
    pub configs: Value,
    /// Whether the program is the plugin itself (`--plugin-exec`): the host then records
    /// the program's path and sha256. Otherwise the worker (`tilmash plugin host LIB`)
    /// reports the library it loaded.
    pub executable: bool,
}

/// `abi` recorded for an executable plugin: this protocol, version 1.
pub const EXECUTABLE_ABI: &str = "jsonl/1";

/// Why an isolated plugin could not start.
#[derive(Debug, thiserror::Error)]
#[error("{what}: {message}")]
pub struct StartError {
    what: String,
    message: String,
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    replies: Receiver<Option<Vec<u8>>>,
}

impl Worker {
    fn spawn(cmd: &WorkerCommand) -> std::io::Result<Worker> {
        let mut child = Command::new(&cmd.program)
            .args(&cmd.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| std::io::Error::other("no stdin"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| std::io::Error::other("no stdout"))?;
        let (tx, replies) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut line = Vec::new();
                match reader.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => {
                        let _ = tx.send(None);
                        return;
                    }
                    Ok(_) => {
                        if tx.send(Some(line)).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Ok(Worker {
            child,
            stdin,
            replies,
        })
    }

    /// Send one line, wait for one line: `timeout`, then `grace` more.
    fn call(&mut self, line: &[u8], timeout: Duration, grace: Duration) -> Result<Reply, Failure> {
        let sent = self
            .stdin
            .write_all(line)
            .and_then(|()| self.stdin.write_all(b"\n"))
            .and_then(|()| self.stdin.flush());
        if sent.is_err() {
            return Err(Failure::Crashed);
        }
        let late = match self.replies.recv_timeout(timeout) {
            Ok(reply) => {
                return reply
                    .map(|r| Reply {
                        line: r,
                        late: false,
                    })
                    .ok_or(Failure::Crashed);
            }
            Err(RecvTimeoutError::Disconnected) => return Err(Failure::Crashed),
            Err(RecvTimeoutError::Timeout) => self.replies.recv_timeout(grace),
        };
        match late {
            Ok(Some(line)) => Ok(Reply { line, late: true }),
            Ok(None) | Err(RecvTimeoutError::Disconnected) => Err(Failure::Crashed),
            Err(RecvTimeoutError::Timeout) => Err(Failure::Timeout),
        }
    }

    /// Kill and reap; how the worker ended, for the error message.
    fn kill(mut self) -> String {
        let _ = self.child.kill();
        match self.child.wait() {
            Ok(status) => status.to_string(),
            Err(e) => format!("unknown exit ({e})"),
        }
    }
}

/// A reply line, and whether it came after the timeout (in the grace period).
struct Reply {
    line: Vec<u8>,
    late: bool,
}

enum Failure {
    Crashed,
    Timeout,
}

/// A plugin running in worker processes.
pub struct IsolatedPlugin {
    cmd: WorkerCommand,
    timeout: Duration,
    info: PluginInfo,
    idle: Mutex<Vec<Worker>>,
    next_id: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for IsolatedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IsolatedPlugin")
            .field("info", &self.info)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// How long past the timeout the host still waits for a reply: time for a plugin that was
/// told to stop (`is_cancelled`) to answer, so that its worker need not be killed.
pub fn grace(timeout: Duration) -> Duration {
    (timeout / 2).min(Duration::from_secs(2))
}

/// What a reply line holds.
#[derive(serde::Deserialize)]
struct ReplyMessage {
    #[serde(default)]
    id: Option<u64>,
    #[serde(default)]
    summary: Option<Summary>,
    #[serde(default)]
    error: Option<String>,
}

impl IsolatedPlugin {
    /// Start one worker and shake hands: the worker loads the plugin and reports it.
    pub fn start(cmd: WorkerCommand, timeout: Duration) -> Result<IsolatedPlugin, StartError> {
        let what = if cmd.executable {
            cmd.program.display().to_string()
        } else {
            cmd.args
                .iter()
                .find(|a| !a.starts_with('-') && *a != "plugin" && *a != "host")
                .cloned()
                .unwrap_or_else(|| cmd.args.join(" "))
        };
        let (worker, info) = handshake(&cmd, timeout).map_err(|message| {
            // A library worker's load errors already start with the library's path.
            let message = match message.strip_prefix(&format!("{what}: ")) {
                Some(rest) => rest.to_owned(),
                None => message,
            };
            StartError { what, message }
        })?;
        Ok(IsolatedPlugin {
            cmd,
            timeout,
            info,
            idle: Mutex::new(vec![worker]),
            next_id: std::sync::atomic::AtomicU64::new(1),
        })
    }

    /// The plugin as its worker reported it.
    pub fn info(&self) -> &PluginInfo {
        &self.info
    }

    /// Summarize one record (UTF-8 JSON without newlines) in a worker.
    pub fn summarize(&self, record_json: &[u8]) -> Summary {
        let pooled = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut worker = match pooled {
            Some(w) => w,
            None => match handshake(&self.cmd, self.timeout) {
                Ok((w, info)) if info == self.info => w,
                Ok((w, _)) => {
                    w.kill();
                    return summary(
                        SummaryStatus::Crashed,
                        "a new worker loaded a different plugin (was the plugin replaced \
                         during the run?)"
                            .to_owned(),
                    );
                }
                Err(e) => {
                    return summary(
                        SummaryStatus::Crashed,
                        format!("cannot start a worker: {e}"),
                    );
                }
            },
        };
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut line = Vec::with_capacity(record_json.len() + 32);
        line.extend_from_slice(format!("{{\"id\":{id},\"doc\":").as_bytes());
        line.extend_from_slice(record_json);
        line.push(b'}');
        match worker.call(&line, self.timeout, grace(self.timeout)) {
            Ok(reply) => {
                let result = match serde_json::from_slice::<ReplyMessage>(&reply.line) {
                    Ok(ReplyMessage {
                        id: Some(got),
                        summary: Some(s),
                        ..
                    }) if got == id => Ok(s),
                    Ok(ReplyMessage { error: Some(e), .. }) => {
                        Err(format!("the worker refused the request: {e}"))
                    }
                    Ok(ReplyMessage { id: got, .. }) => Err(format!(
                        "reply for id {} while waiting for {id}",
                        got.map_or_else(|| "none".to_owned(), |i| i.to_string())
                    )),
                    Err(e) => Err(format!("bad reply from the worker: {e}")),
                };
                match result {
                    Ok(s) => {
                        self.idle
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(worker);
                        if reply.late && s.status == SummaryStatus::Ok {
                            // Finished in the grace period: too late all the same.
                            return self.timed_out("it answered only after");
                        }
                        s
                    }
                    Err(message) => {
                        worker.kill();
                        summary(SummaryStatus::Crashed, message)
                    }
                }
            }
            Err(Failure::Timeout) => {
                worker.kill();
                self.timed_out("its worker was killed after")
            }
            Err(Failure::Crashed) => {
                let how = worker.kill();
                summary(SummaryStatus::Crashed, format!("plugin worker died: {how}"))
            }
        }
    }

    fn timed_out(&self, what: &str) -> Summary {
        summary(
            SummaryStatus::Timeout,
            format!(
                "plugin did not answer within {} s; {what} {} s more",
                self.timeout.as_secs_f64(),
                grace(self.timeout).as_secs_f64()
            ),
        )
    }
}

impl Drop for IsolatedPlugin {
    fn drop(&mut self) {
        // Closing stdin ends a worker's loop, and the worker then destroys its plugin
        // instances as the ABI promises; a worker still there after a second is killed.
        let workers: Vec<(Child, ChildStdin)> = self
            .idle
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .drain(..)
            .map(|w| (w.child, w.stdin))
            .collect();
        let mut children: Vec<Child> = workers
            .into_iter()
            .map(|(child, stdin)| {
                drop(stdin);
                child
            })
            .collect();
        let deadline = std::time::Instant::now() + Duration::from_secs(1);
        while !children.is_empty() && std::time::Instant::now() < deadline {
            children.retain_mut(|c| !matches!(c.try_wait(), Ok(Some(_)) | Err(_)));
            if !children.is_empty() {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        for mut child in children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// What the hello reply says about the plugin. Only `name` and `version` are required, so
/// that a script can answer with little more than its name.
#[derive(serde::Deserialize)]
struct HelloPlugin {
    name: String,
    version: String,
    #[serde(default)]
    abi: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    sha256: Option<String>,
    #[serde(default)]
    thread_safe: bool,
    #[serde(default)]
    manifest: Option<Value>,
}

/// Spawn a worker and shake hands; the plugin it loaded.
fn handshake(cmd: &WorkerCommand, timeout: Duration) -> Result<(Worker, PluginInfo), String> {
    // For an executable, what ran is the program file: hash it before starting it.
    let program_sha256 = if cmd.executable {
        let bytes = std::fs::read(&cmd.program)
            .map_err(|e| format!("cannot read {}: {e}", cmd.program.display()))?;
        Some(crate::hex(&sha2::Sha256::digest(&bytes)))
    } else {
        None
    };
    let mut worker = Worker::spawn(cmd).map_err(|e| format!("cannot start: {e}"))?;
    let hello = json!({"hello": {
        "protocol": PROTOCOL,
        "protocol_version": PROTOCOL_VERSION,
        "configs": cmd.configs,
    }});
    // Loading a library (or starting an interpreter) can take a while: at least 30 s.
    let reply = match worker.call(
        hello.to_string().as_bytes(),
        timeout.max(Duration::from_secs(30)),
        Duration::ZERO,
    ) {
        Ok(reply) => reply.line,
        Err(_) => {
            let how = worker.kill();
            return Err(format!("the worker ended before the handshake ({how})"));
        }
    };
    let fail = |worker: Worker, message: String| {
        worker.kill();
        Err(message)
    };
    let reply: Value = match serde_json::from_slice(&reply) {
        Ok(v) => v,
        Err(e) => return fail(worker, format!("bad handshake reply: {e}")),
    };
    if let Some(message) = reply.get("error").and_then(Value::as_str) {
        return fail(worker, message.to_owned());
    }
    let hello = &reply["hello"];
    if hello["protocol"] != PROTOCOL || hello["protocol_version"] != PROTOCOL_VERSION {
        let message = format!(
            "the worker speaks {} version {}, this tilmash {PROTOCOL} version {PROTOCOL_VERSION}",
            hello["protocol"], hello["protocol_version"]
        );
        return fail(worker, message);
    }
    let plugin = match HelloPlugin::deserialize(&hello["plugin"]) {
        Ok(p) => p,
        Err(e) => {
            return fail(
                worker,
                format!("bad plugin description in the handshake: {e}"),
            );
        }
    };
    if let Err(problem) = tilmash_plugin_abi::check_plugin_name(&plugin.name) {
        return fail(
            worker,
            format!("invalid plugin name {:?}: {problem}", plugin.name),
        );
    }
    let info = match program_sha256 {
        Some(sha256) => PluginInfo {
            name: plugin.name,
            version: plugin.version,
            abi: EXECUTABLE_ABI.to_owned(),
            path: cmd.program.display().to_string(),
            sha256,
            thread_safe: false,
            manifest: plugin.manifest.unwrap_or_else(|| json!({})),
        },
        None => match (plugin.abi, plugin.path, plugin.sha256) {
            (Some(abi), Some(path), Some(sha256)) => PluginInfo {
                name: plugin.name,
                version: plugin.version,
                abi,
                path,
                sha256,
                thread_safe: plugin.thread_safe,
                manifest: plugin.manifest.unwrap_or_else(|| json!({})),
            },
            _ => {
                return fail(
                    worker,
                    "the library worker did not report abi, path and sha256".to_owned(),
                );
            }
        },
    };
    Ok((worker, info))
}

fn summary(status: SummaryStatus, error: String) -> Summary {
    Summary {
        status,
        output: None,
        error: Some(error),
    }
}

/// `{"id":N,"doc":` … `}`: the framing this host writes, recognised without parsing the
/// document (the plugin parses it anyway; scanning it twice was a large part of what
/// `--isolate` cost). Anything else goes through the full parse.
fn fast_request(line: &[u8]) -> Option<(u64, &[u8])> {
    let rest = line.strip_prefix(b"{\"id\":")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let id = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
    let doc = rest[digits..]
        .strip_prefix(b",\"doc\":")?
        .trim_ascii_end()
        .strip_suffix(b"}")?;
    doc.first().is_some_and(|&b| b == b'{').then_some((id, doc))
}

/// The worker side: answer the handshake, then summarize each request with the plugin
/// `load` makes (given the hello's `configs`), until stdin closes. The plugin is loaded
/// after the hello, so load errors reach the host as `{"error": ...}`.
pub fn serve(
    load: impl FnOnce(Option<&Value>) -> Result<NativePlugin, String>,
    mut input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<()> {
    let mut plugin: Option<NativePlugin> = None;
    let mut load = Some(load);
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        if line.trim_ascii().is_empty() {
            continue;
        }
        if let (Some(p), Some((id, doc))) = (&plugin, fast_request(&line)) {
            write_summary(&mut output, Some(id), &p.summarize(doc))?;
            continue;
        }
        // The document is passed on byte for byte (key order kept), never re-serialized.
        #[derive(serde::Deserialize)]
        struct Request<'a> {
            #[serde(default)]
            hello: Option<Value>,
            #[serde(default)]
            id: Option<u64>,
            #[serde(default, borrow)]
            doc: Option<&'a serde_json::value::RawValue>,
        }
        let request: Request<'_> = match serde_json::from_slice(&line) {
            Ok(v) => v,
            Err(e) => {
                writeln!(
                    output,
                    "{}",
                    json!({"error": format!("request is not JSON: {e}")})
                )?;
                output.flush()?;
                continue;
            }
        };
        if let Some(hello) = &request.hello {
            let reply = match load.take().map(|f| f(hello.get("configs"))) {
                Some(Ok(p)) => {
                    let reply = json!({"hello": {
                        "protocol": PROTOCOL,
                        "protocol_version": PROTOCOL_VERSION,
                        "plugin": p.info(),
                    }});
                    plugin = Some(p);
                    reply
                }
                Some(Err(e)) => json!({"error": e}),
                None => json!({"error": "hello sent twice"}),
            };
            writeln!(output, "{reply}")?;
            output.flush()?;
        } else if let (Some(p), Some(doc)) = (&plugin, request.doc) {
            write_summary(&mut output, request.id, &p.summarize(doc.get().as_bytes()))?;
        } else {
            writeln!(
                output,
                "{}",
                json!({"error": "expected a hello, then requests with id and doc"})
            )?;
            output.flush()?;
        }
    }
}

fn write_summary(output: &mut impl Write, id: Option<u64>, s: &Summary) -> std::io::Result<()> {
    match id {
        Some(id) => write!(output, "{{\"id\":{id},\"summary\":")?,
        None => output.write_all(b"{\"id\":null,\"summary\":")?,
    }
    serde_json::to_writer(&mut *output, s)?;
    output.write_all(b"}\n")?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_framing_is_recognised_without_parsing_the_document() {
        assert_eq!(
            fast_request(b"{\"id\":17,\"doc\":{\"a\":[1,2]}}\n"),
            Some((17, &b"{\"a\":[1,2]}"[..]))
        );
        assert_eq!(
            fast_request(b"{\"id\":1,\"doc\":{}}"),
            Some((1, &b"{}"[..]))
        );
        // Other shapes take the full parse.
        assert_eq!(fast_request(b"{\"doc\":{},\"id\":1}"), None);
        assert_eq!(fast_request(b"{\"id\":1,\"doc\":null}"), None);
        assert_eq!(fast_request(b"{\"id\":,\"doc\":{}}"), None);
        assert_eq!(fast_request(b"{\"hello\":{}}"), None);
    }

    #[test]
    fn grace_is_half_the_timeout_at_most_two_seconds() {
        assert_eq!(
            grace(Duration::from_millis(500)),
            Duration::from_millis(250)
        );
        assert_eq!(grace(Duration::from_secs(60)), Duration::from_secs(2));
    }
}
