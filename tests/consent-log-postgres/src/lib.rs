//! A throwaway PostgreSQL cluster for tests and benchmarks: Debian's binaries, a fresh data
//! directory in a temporary directory, listening only on a unix socket there, stopped by its
//! pid when dropped (on a panic too).
//!
//! PostgreSQL refuses to run as root; when the tests run as root (CI does), the cluster runs as
//! `nobody` through `setpriv`, which `exec`s, so the pid of the child is the server's own.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The socket's "port": the socket file is `.s.PGSQL.5432` in the cluster's own directory.
const PORT: u16 = 5432;

/// How long to wait for the server to accept connections before giving up with its log.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// A running throwaway cluster.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    server: Option<Child>,
    as_nobody: bool,
}

impl Cluster {
    /// Creates and starts a cluster.
    ///
    /// # Panics
    ///
    /// When PostgreSQL is not installed (with what to install), or does not start (with its
    /// log).
    pub fn start() -> Cluster {
        let bin = find_bin();
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "consent-log-pg-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create the cluster's directory");
        let as_nobody = is_root();
        if as_nobody {
            run(Command::new("chown").arg("nobody:nogroup").arg(&dir));
        }
        let mut cluster = Cluster {
            dir,
            bin,
            server: None,
            as_nobody,
        };
        let mut initdb = cluster.command("initdb");
        run(initdb.arg("-D").arg(cluster.data()).args([
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ]));
        cluster.resume();
        cluster
    }

    /// The connection string of the `postgres` database, as the `postgres` superuser.
    pub fn connection_string(&self) -> String {
        format!(
            "host={} port={PORT} user=postgres dbname=postgres",
            self.dir.display()
        )
    }

    /// The server's (postmaster's) pid, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.server.as_ref().map(Child::id)
    }

    /// Stops the server (fast shutdown, by its pid): an outage.
    pub fn stop(&mut self) {
        if let Some(mut server) = self.server.take() {
            let _ = Command::new("kill")
                .arg("-INT")
                .arg(server.id().to_string())
                .status();
            let _ = server.wait();
        }
    }

    /// Starts the stopped server again, on the same data.
    pub fn resume(&mut self) {
        assert!(self.server.is_none(), "the server is running already");
        let log = fs::File::create(self.dir.join("server.log")).expect("create the server log");
        let server = self
            .command("postgres")
            .arg("-D")
            .arg(self.data())
            .arg("-k")
            .arg(&self.dir)
            .args(["-c", "listen_addresses=", "-p", &PORT.to_string()])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start postgres");
        self.server = Some(server);
        self.wait_until_ready();
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if self.as_nobody {
            let mut command = Command::new("setpriv");
            command
                .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
                .arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    /// The last line of `postmaster.pid` says `ready` once the server accepts connections.
    fn wait_until_ready(&mut self) {
        let started = Instant::now();
        let pid_file = self.data().join("postmaster.pid");
        loop {
            let ready = fs::read_to_string(&pid_file)
                .is_ok_and(|text| text.lines().nth(7).is_some_and(|l| l.trim() == "ready"));
            if ready && self.dir.join(format!(".s.PGSQL.{PORT}")).exists() {
                return;
            }
            let exited = self
                .server
                .as_mut()
                .and_then(|server| server.try_wait().ok().flatten());
            if exited.is_some() || started.elapsed() > READY_WITHIN {
                let log = fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
                panic!("PostgreSQL did not start ({exited:?}); its log:\n{log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Debian's PostgreSQL binaries, the newest installed.
fn find_bin() -> PathBuf {
    let root = Path::new("/usr/lib/postgresql");
    let mut found: Vec<(u32, PathBuf)> = fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    match found.pop() {
        Some((_, bin)) => bin,
        None => panic!(
            "PostgreSQL is not installed: these tests start a throwaway cluster with Debian's \
             /usr/lib/postgresql/*/bin/initdb. Install it with `apt-get install postgresql` \
             (.ci/run does).{}",
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                " CI=true: a missing tool fails the test."
            } else {
                ""
            }
        ),
    }
}

fn is_root() -> bool {
    fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find_map(|line| line.strip_prefix("Uid:"))
            .and_then(|uids| uids.split_whitespace().nth(1))
            == Some("0")
    })
}

fn run(command: &mut Command) {
    let output = command.output().expect("run a PostgreSQL tool");
    assert!(
        output.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
