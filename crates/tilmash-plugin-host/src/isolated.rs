//! Out-of-process plugins (`--isolate`): each plugin runs in child worker processes
//! (`tilmash plugin host --plugin LIB`), so a segfault, abort or hang costs one
//! document's summary, not the run.
//!
//! Protocol: JSON Lines on the worker's stdin/stdout, one request, one reply.
//!
//! ```text
//! → {"hello":{"protocol":"tilmash-plugin","protocol_version":1}}
//! ← {"hello":{"protocol":"tilmash-plugin","protocol_version":1,"plugin":{PluginInfo}}}
//! → {"id":17,"doc":{...record...}}
//! ← {"id":17,"summary":{"status":"ok","output":{...}}}
//! ```
//!
//! The host waits at most the timeout for each reply. On a timeout it kills the worker
//! and records `status: "timeout"`; when the worker dies (EOF, crash) it records
//! `status: "crashed"`. Either way a fresh worker is spawned for the next document.
//! Idle workers are pooled, so documents run in parallel up to the number of threads.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{Value, json};
use tilmash_core::model::{Summary, SummaryStatus};

use crate::{NativePlugin, PluginInfo};

/// The protocol name in the hello messages.
pub const PROTOCOL: &str = "tilmash-plugin";
/// The protocol version; grows when features are added.
pub const PROTOCOL_VERSION: u64 = 1;

/// How to start a worker: a program and its arguments (normally the `tilmash` executable
/// with `plugin host --plugin LIB --config JSON`).
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub program: PathBuf,
    pub args: Vec<String>,
}

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
    replies: Receiver<Option<String>>,
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
                let mut line = String::new();
                match reader.read_line(&mut line) {
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

    /// Send one line, wait for one line.
    fn call(&mut self, line: &[u8], timeout: Duration) -> Result<String, Failure> {
        let sent = self
            .stdin
            .write_all(line)
            .and_then(|()| self.stdin.write_all(b"\n"))
            .and_then(|()| self.stdin.flush());
        if sent.is_err() {
            return Err(Failure::Crashed);
        }
        match self.replies.recv_timeout(timeout) {
            Ok(Some(reply)) => Ok(reply),
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

impl IsolatedPlugin {
    /// Start one worker and shake hands: the worker loads the plugin and reports it.
    pub fn start(cmd: WorkerCommand, timeout: Duration) -> Result<IsolatedPlugin, StartError> {
        let (worker, info) = handshake(&cmd, timeout).map_err(|message| StartError {
            what: cmd.args.join(" "),
            message,
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
                        "a new worker loaded a different plugin (was the library replaced \
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
        let mut line = format!("{{\"id\":{id},\"doc\":").into_bytes();
        line.extend_from_slice(record_json);
        line.push(b'}');
        match worker.call(&line, self.timeout) {
            Ok(reply) => {
                let parsed: Result<Value, _> = serde_json::from_str(&reply);
                let result = match parsed {
                    Ok(v) if v["id"] == id => {
                        serde_json::from_value::<Summary>(v["summary"].clone())
                            .map_err(|e| format!("bad reply from the worker: {e}"))
                    }
                    Ok(v) => match v.get("error").and_then(Value::as_str) {
                        Some(e) => Err(format!("the worker refused the request: {e}")),
                        None => Err(format!("reply for id {} while waiting for {id}", v["id"])),
                    },
                    Err(e) => Err(format!("bad reply from the worker: {e}")),
                };
                match result {
                    Ok(s) => {
                        self.idle
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(worker);
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
                summary(
                    SummaryStatus::Timeout,
                    format!(
                        "plugin did not answer within {} s; its worker was killed",
                        self.timeout.as_secs_f64()
                    ),
                )
            }
            Err(Failure::Crashed) => {
                let how = worker.kill();
                summary(SummaryStatus::Crashed, format!("plugin worker died: {how}"))
            }
        }
    }
}

impl Drop for IsolatedPlugin {
    fn drop(&mut self) {
        for worker in self
            .idle
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .drain(..)
        {
            // Closing stdin ends the worker's loop; kill is the backstop.
            worker.kill();
        }
    }
}

/// Spawn a worker and shake hands; the plugin it loaded.
fn handshake(cmd: &WorkerCommand, timeout: Duration) -> Result<(Worker, PluginInfo), String> {
    let mut worker = Worker::spawn(cmd).map_err(|e| format!("cannot start: {e}"))?;
    let hello = json!({"hello": {"protocol": PROTOCOL, "protocol_version": PROTOCOL_VERSION}});
    // Loading a library can take a while; the handshake gets at least 30 s.
    let reply = match worker.call(
        hello.to_string().as_bytes(),
        timeout.max(Duration::from_secs(30)),
    ) {
        Ok(reply) => reply,
        Err(_) => {
            let how = worker.kill();
            return Err(format!("the worker ended before the handshake ({how})"));
        }
    };
    let fail = |worker: Worker, message: String| {
        worker.kill();
        Err(message)
    };
    let reply: Value = match serde_json::from_str(&reply) {
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
    match serde_json::from_value::<PluginInfo>(hello["plugin"].clone()) {
        Ok(info) => Ok((worker, info)),
        Err(e) => fail(
            worker,
            format!("bad plugin description in the handshake: {e}"),
        ),
    }
}

fn summary(status: SummaryStatus, error: String) -> Summary {
    Summary {
        status,
        output: None,
        error: Some(error),
    }
}

/// The worker side: answer the handshake, then summarize each request with `plugin`,
/// until stdin closes. `plugin` is loaded lazily, after the hello, so load errors reach
/// the host as `{"error": ...}`.
pub fn serve(
    load: impl FnOnce() -> Result<NativePlugin, String>,
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<()> {
    let mut plugin = None;
    let mut load = Some(load);
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
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
        let request: Request<'_> = match serde_json::from_str(&line) {
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
        let reply = if request.hello.is_some() {
            match load.take().map(|f| f()) {
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
            }
        } else if let (Some(p), Some(doc)) = (&plugin, request.doc) {
            let s = p.summarize(doc.get().as_bytes());
            json!({"id": request.id, "summary": s})
        } else {
            json!({"error": "expected a hello, then requests with id and doc"})
        };
        writeln!(output, "{reply}")?;
        output.flush()?;
    }
    Ok(())
}
