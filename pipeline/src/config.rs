//! `ipdc.toml`: where data lives and which sources exist. Read in two stages: [`RawConfig`]
//! (serde, unknown keys refused) then [`Config`] (validated; every problem reported at once).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ipdc_connectors::{ConnectorKind, Limits, Scope};
use ipdc_jobs::storage::{DataRoot, StorageOptions};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::feeds::settings::FeedSettings;
pub use crate::feeds::settings::RawSource;
use crate::workspace::Layout;

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Data root: a local folder (relative paths are relative to the config file) or
    /// `s3://bucket/prefix`. Default: `ipdc-data` beside the config file.
    pub root: Option<String>,
    /// Local folder of the state database and locks. Default: `<root>/state` for a local root,
    /// `ipdc-state` beside the config file for an S3 root.
    pub state_dir: Option<PathBuf>,
    /// S3-compatible storage options (`endpoint`, `region`, `allow_http`, …); never credentials.
    #[serde(default)]
    pub storage: BTreeMap<String, String>,
    /// Safety limits.
    #[serde(default)]
    pub limits: RawLimits,
    /// Sources by name.
    #[serde(default)]
    pub sources: BTreeMap<String, RawSource>,
}

/// `[limits]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLimits {
    /// Largest decompressed size of one archive member, in bytes. Default 8 GiB.
    pub max_decompressed_bytes: Option<u64>,
    /// Most members read from one archive. Default 100 000.
    pub max_members: Option<usize>,
    /// Threads parsing one artifact's documents. Default 0: one per core, at most 8.
    pub parse_threads: Option<usize>,
}

/// A validated source.
#[derive(Debug, Clone)]
pub struct Source {
    /// Name.
    pub name: String,
    /// Connector.
    pub connector: ConnectorKind,
    /// Default inputs.
    pub paths: Vec<PathBuf>,
    /// What of each patent document is read (`fulltext = false`: the bibliography alone).
    pub scope: Scope,
    /// How it is fetched, when it has a `from`.
    pub feed: Option<std::sync::Arc<FeedSettings>>,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Data root and state folder.
    pub layout: Layout,
    /// Options of S3-compatible storage.
    pub storage: StorageOptions,
    /// Limits.
    pub limits: Limits,
    /// Sources by name.
    pub sources: BTreeMap<String, Source>,
}

/// The commented configuration `ipdc init` writes.
pub const EXAMPLE: &str = r#"# ipdc configuration. Every key is optional; `ipdc --help` lists the flags that override it.

# Data root: landing zone, Delta Lake tables and published files live under it.
# A local folder (relative paths are relative to this file) or S3-compatible storage,
# e.g. "s3://ip-lake/ipdc". Default: "ipdc-data".
root = "ipdc-data"

# Local folder of the state database (run history, ledger) and locks.
# Default: "<root>/state" for a local root, "ipdc-state" beside this file for an S3 root.
# state_dir = "ipdc-state"

# S3-compatible storage, when root is s3://… (keys of object_store's S3 client).
# Credentials never go here: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment.
# [storage]
# endpoint = "http://127.0.0.1:9000"
# region = "us-east-1"
# allow_http = "true"

[limits]
# Largest decompressed size of one archive member, in bytes (zip/gzip bomb guard). Default 8 GiB.
max_decompressed_bytes = 8589934592
# Most members read from one archive. Default 100000.
max_members = 100000
# Threads parsing one artifact's documents; 0 = one per core the process may use (at most 8).
# Records come out in document order whatever the number.
parse_threads = 0

# One entry per source. `connector` is one of: uspto_patents, cnipa_patents, epo_docdb,
# epo_fulltext, epo_ops, jpo_patents, cnipa_legal_status, uspto_trademarks, euipo_trademarks,
# euipo_designs, dpma_registers, wipo_st96, cnipa_trademarks, cnipa_geographical_indications, cnipa_ic_layout,
# wipo_st3_codes, wipo_nice, wipo_ipc_titles, cpc_scheme, patent_xml (any patent XML) or xml
# (any XML ipdc reads). `ipdc --help` lists them too.
# `paths` are the files or folders `ipdc ingest <name>` reads when given no --path.
# `fulltext = false` reads the bibliography and abstract of patents only (no patent_fulltext rows).
# To have ipdc fetch a source itself (`ipdc fetch`, `ipdc serve`), say where it comes from:
#   from = "https://…/index/" (HTML listing, JSON file list or Atom/RSS feed), a folder, or "s3://bucket/prefix"
#   schedule = "0 9 * * 2"  timezone = "America/New_York"  missed = "run_once" | "skip"
#   include = "ipg*.zip"  exclude = "*_r1.zip"  since = 2024-01-01  until = 2024-12-31
#   concurrency = 2  requests_per_second = 2  connect_timeout_seconds = 10  read_timeout_seconds = 60
#   max_artifact_bytes = 17179869184  retry = { attempts = 6, initial_backoff_ms = 500, max_backoff_seconds = 120 }
#   auth = { bearer_token_env = "TOKEN_VARIABLE" }  (or basic_user_env + basic_password_env)
#   complete_marker = ".done" (folders and s3)  keep_landed_days = 400
# See deploy/config/examples/feeds.toml for one source per connector.
[sources.uspto_grants]
connector = "uspto_patents"
paths = []

[sources.cnipa_patents]
connector = "cnipa_patents"
paths = []
"#;

impl Config {
    /// Reads `path` when it exists, else the defaults (root `./ipdc-data`); `root` and
    /// `state_dir` (from the command line) override the file.
    ///
    /// # Errors
    /// [`Error::Config`] with every problem found.
    pub fn load(path: Option<&Path>, overrides: &Overrides) -> Result<Self> {
        let default_path = Path::new("ipdc.toml");
        let (raw, base) = match path {
            Some(p) => (
                parse(
                    &std::fs::read_to_string(p).map_err(|e| Error::Config(vec![format!("{}: {e}", p.display())]))?,
                    p,
                )?,
                p.parent().map(Path::to_owned),
            ),
            None if default_path.exists() => (
                parse(&std::fs::read_to_string(default_path).map_err(|e| Error::io(default_path, e))?, default_path)?,
                Some(PathBuf::from(".")),
            ),
            None => (RawConfig::default(), None),
        };
        Self::try_from_raw(raw, base.as_deref().unwrap_or(Path::new(".")), overrides)
    }

    /// Validates a raw configuration.
    ///
    /// # Errors
    /// [`Error::Config`] with every problem found.
    pub fn try_from_raw(raw: RawConfig, base: &Path, overrides: &Overrides) -> Result<Self> {
        let mut problems = Vec::new();
        let cwd = Path::new(".");
        let root = match (&overrides.root, &raw.root) {
            (Some(r), _) => DataRoot::parse(r, cwd),
            (None, Some(r)) => DataRoot::parse(r, base),
            (None, None) => Ok(DataRoot::Local(base.join("ipdc-data"))),
        }
        .unwrap_or_else(|problem| {
            problems.push(problem);
            DataRoot::Local(base.join("ipdc-data"))
        });
        let state = match (&overrides.state_dir, raw.state_dir, &root) {
            (Some(dir), _, _) => dir.clone(),
            (None, Some(dir), _) => base.join(dir),
            (None, None, DataRoot::Local(path)) => path.join("state"),
            (None, None, DataRoot::S3(_)) => base.join("ipdc-state"),
        };
        let storage = StorageOptions::new(raw.storage).unwrap_or_else(|mut p| {
            problems.append(&mut p);
            StorageOptions::default()
        });
        let mut limits = Limits::default();
        if let Some(b) = raw.limits.max_decompressed_bytes {
            if b == 0 {
                problems.push("limits.max_decompressed_bytes must be greater than 0".into());
            }
            limits.max_decompressed_bytes = b;
        }
        if let Some(m) = raw.limits.max_members {
            limits.max_members = m;
        }
        if let Some(t) = raw.limits.parse_threads {
            limits.parse_threads = t;
        }
        let mut sources = BTreeMap::new();
        for (name, s) in raw.sources {
            if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
                problems.push(format!("source name {name:?} must be snake_case (a-z, 0-9, _)"));
            }
            let connector_name = s.connector.clone();
            let scope = if s.fulltext == Some(false) { Scope::Bibliographic } else { Scope::Full };
            let paths: Vec<PathBuf> =
                s.paths.iter().map(|p| if p.is_absolute() { p.clone() } else { base.join(p) }).collect();
            let feed = FeedSettings::validate(&name, s, base, &mut problems).map(std::sync::Arc::new);
            match ConnectorKind::from_name(&connector_name) {
                Some(connector) => {
                    sources.insert(name.clone(), Source { name, connector, paths, scope, feed });
                }
                None => problems
                    .push(format!("sources.{name}.connector {connector_name:?} is not one of {}", connector_names())),
            }
        }
        if problems.is_empty() {
            Ok(Self { layout: Layout { root, state }, storage, limits, sources })
        } else {
            Err(Error::Config(problems))
        }
    }
}

/// Command-line values that override the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--root`: a folder (relative to the current folder) or `s3://bucket/prefix`.
    pub root: Option<String>,
    /// `--state-dir`.
    pub state_dir: Option<PathBuf>,
}

fn parse(text: &str, path: &Path) -> Result<RawConfig> {
    toml::from_str(text).map_err(|e| Error::Config(vec![format!("{}: {e}", path.display())]))
}

/// The connector names, for messages.
pub fn connector_names() -> String {
    ConnectorKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_parses() {
        let c = Config::try_from_raw(toml::from_str(EXAMPLE).unwrap(), Path::new("/etc/ipdc"), &Overrides::default())
            .unwrap();
        assert_eq!(c.layout, Layout::local("/etc/ipdc/ipdc-data"));
        assert_eq!(c.sources["uspto_grants"].connector, ConnectorKind::UsptoPatents);
    }

    #[test]
    fn deploy_examples_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/config/examples");
        let mut parsed = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            Config::load(Some(&path), &Overrides::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            parsed += 1;
        }
        assert!(parsed >= 2);
        let feeds = Config::load(Some(&dir.join("feeds.toml")), &Overrides::default()).unwrap();
        for kind in ConnectorKind::ALL {
            let scheduled = feeds
                .sources
                .values()
                .any(|s| s.connector == *kind && s.feed.as_ref().is_some_and(|f| f.schedule.is_some()));
            assert!(scheduled, "feeds.toml has no scheduled source of connector {}", kind.name());
        }
        assert_eq!(
            std::fs::read_to_string(dir.join("ipdc.toml")).unwrap(),
            EXAMPLE,
            "deploy/config/examples/ipdc.toml is what `ipdc init` writes"
        );
    }

    #[test]
    fn fulltext_false_reads_the_bibliography_only() {
        let raw: RawConfig = toml::from_str(
            "[sources.biblio]\nconnector = \"uspto_patents\"\nfulltext = false\n[sources.whole]\nconnector = \"uspto_patents\"\n",
        )
        .unwrap();
        let c = Config::try_from_raw(raw, Path::new("."), &Overrides::default()).unwrap();
        assert_eq!((c.sources["biblio"].scope, c.sources["whole"].scope), (Scope::Bibliographic, Scope::Full));
    }

    #[test]
    fn every_problem_is_reported() {
        let raw: RawConfig = toml::from_str(
            "root = \"gs://x\"\n[storage]\naccess_key_id = \"k\"\n[limits]\nmax_decompressed_bytes = 0\n[sources.Bad]\nconnector = \"nope\"\n",
        )
        .unwrap();
        let Err(Error::Config(problems)) = Config::try_from_raw(raw, Path::new("."), &Overrides::default()) else {
            panic!("expected errors")
        };
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(toml::from_str::<RawConfig>("unknown = 1").is_err());
    }

    #[test]
    fn an_s3_root_keeps_state_local_and_the_command_line_wins() {
        let raw: RawConfig =
            toml::from_str("root = \"s3://lake/ipdc\"\n[storage]\nendpoint = \"http://127.0.0.1:9000\"\n").unwrap();
        let c = Config::try_from_raw(raw, Path::new("/etc/ipdc"), &Overrides::default()).unwrap();
        assert_eq!(c.layout.root, DataRoot::S3("s3://lake/ipdc/".parse().unwrap()));
        assert_eq!(c.layout.state, Path::new("/etc/ipdc/ipdc-state"));
        let o = Overrides { root: Some("here".into()), state_dir: Some("/var/lib/ipdc".into()) };
        let c = Config::try_from_raw(RawConfig::default(), Path::new("/etc/ipdc"), &o).unwrap();
        assert_eq!(c.layout, Layout { root: DataRoot::Local("./here".into()), state: "/var/lib/ipdc".into() });
    }
}
