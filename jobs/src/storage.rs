//! Where the data root lives: a local folder, or S3-compatible storage named by an
//! `s3://bucket/prefix` URL.
//!
//! This module owns turning a root into an object store and into the URLs of the lake, and
//! teaching deltalake the `s3://` scheme. deltalake is given our own `object_store` S3 client
//! and its default log store, whose commits are conditional PUTs (`If-None-Match: *`), so two
//! writers can never both win a version and no lock service is needed. deltalake's own `s3`
//! feature (the AWS SDK, a second TLS stack) is not used: it would double the build.
//!
//! Credentials never come from the configuration file: the client reads the standard `AWS_*`
//! environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, …).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use deltalake::DeltaResult;
use deltalake::logstore::{
    LogStore, LogStoreFactory, ObjectStoreFactory, ObjectStoreRef, StorageConfig, default_logstore, logstore_factories,
    object_store_factories,
};
use object_store::ObjectStore;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use url::Url;

/// Storage options that would put a secret into a file; refused in configuration.
const SECRET_OPTIONS: &[&str] = &["access_key_id", "secret_access_key", "session_token", "token"];

/// A data root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataRoot {
    /// A local folder (absolute once opened).
    Local(PathBuf),
    /// An `s3://bucket/prefix/` URL (always ending in `/`).
    S3(Url),
}

impl DataRoot {
    /// Reads a root as written in configuration or on the command line: `s3://bucket/prefix`,
    /// `file:///abs/path`, or a path (relative ones are taken relative to `base`).
    ///
    /// ```
    /// use ipdc_jobs::storage::DataRoot;
    /// let s3 = DataRoot::parse("s3://lake/ipdc", "/etc".as_ref()).unwrap();
    /// assert_eq!(s3.lake_url().as_str(), "s3://lake/ipdc/lake/");
    /// assert_eq!(DataRoot::parse("data", "/srv".as_ref()).unwrap(), DataRoot::Local("/srv/data".into()));
    /// assert!(DataRoot::parse("gs://elsewhere", "/".as_ref()).is_err());
    /// ```
    ///
    /// # Errors
    /// A message when the URL scheme is not supported or the S3 URL has no bucket.
    pub fn parse(text: &str, base: &Path) -> Result<Self, String> {
        match text.split_once("://") {
            None => {
                let path = Path::new(text);
                Ok(Self::Local(if path.is_absolute() { path.to_owned() } else { base.join(path) }))
            }
            Some(("file", _)) => {
                let url = Url::parse(text).map_err(|e| format!("root {text:?}: {e}"))?;
                url.to_file_path().map(Self::Local).map_err(|()| format!("root {text:?} is not a local path"))
            }
            Some(("s3", _)) => {
                let mut url = Url::parse(text).map_err(|e| format!("root {text:?}: {e}"))?;
                if url.host_str().is_none_or(str::is_empty) {
                    return Err(format!("root {text:?} names no bucket: write s3://BUCKET/PREFIX"));
                }
                if !url.path().ends_with('/') {
                    url.set_path(&format!("{}/", url.path()));
                }
                Ok(Self::S3(url))
            }
            Some((scheme, _)) => {
                Err(format!("root {text:?}: scheme {scheme}:// is not supported; use a folder or s3://BUCKET/PREFIX"))
            }
        }
    }

    /// True for a local folder.
    pub fn is_local(&self) -> bool {
        matches!(self, Self::Local(_))
    }

    /// The root as a directory URL (ending in `/`).
    ///
    /// # Panics
    /// When a local root is not absolute (a root is made absolute when the data root is opened).
    pub fn url(&self) -> Url {
        match self {
            Self::Local(path) => Url::from_directory_path(path).expect("local roots are absolute"),
            Self::S3(url) => url.clone(),
        }
    }

    /// `<root>/lake/`.
    pub fn lake_url(&self) -> Url {
        self.url().join("lake/").expect("a fixed relative path joins")
    }

    /// `<root>/<relative>` for display: a local path or a URL.
    pub fn show(&self, relative: &str) -> String {
        match self {
            Self::Local(path) => path.join(relative).display().to_string(),
            Self::S3(url) => format!("{url}{relative}"),
        }
    }
}

impl fmt::Display for DataRoot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Local(path) => write!(f, "{}", path.display()),
            Self::S3(url) => write!(f, "{url}"),
        }
    }
}

/// Options of S3-compatible storage from `[storage]` in the configuration: `endpoint`, `region`,
/// `allow_http`, `virtual_hosted_style_request`, … (any `object_store` S3 key except secrets).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StorageOptions(BTreeMap<String, String>);

impl StorageOptions {
    /// Validates options; every problem is returned.
    ///
    /// ```
    /// use ipdc_jobs::storage::StorageOptions;
    /// let ok = [("endpoint".to_owned(), "http://127.0.0.1:9000".to_owned())].into();
    /// assert!(StorageOptions::new(ok).is_ok());
    /// let bad = [("secret_access_key".to_owned(), "x".to_owned()), ("colour".to_owned(), "red".to_owned())].into();
    /// assert_eq!(StorageOptions::new(bad).unwrap_err().len(), 2);
    /// ```
    ///
    /// # Errors
    /// One message per unknown or secret key.
    pub fn new(options: BTreeMap<String, String>) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        for key in options.keys() {
            let plain = key.to_ascii_lowercase();
            let plain = plain.strip_prefix("aws_").unwrap_or(&plain);
            if SECRET_OPTIONS.contains(&plain) {
                problems.push(format!(
                    "storage.{key}: credentials do not belong in the configuration file; set the AWS_{} environment variable",
                    plain.to_ascii_uppercase()
                ));
            } else if key.to_ascii_lowercase().parse::<AmazonS3ConfigKey>().is_err() {
                problems.push(format!(
                    "storage.{key} is not an S3 storage option (e.g. endpoint, region, allow_http, virtual_hosted_style_request)"
                ));
            }
        }
        if problems.is_empty() { Ok(Self(options)) } else { Err(problems) }
    }

    fn apply(&self, mut builder: AmazonS3Builder, extra: &HashMap<String, String>) -> AmazonS3Builder {
        for (key, value) in self.0.iter().chain(extra) {
            if let Ok(key) = key.to_ascii_lowercase().parse::<AmazonS3ConfigKey>() {
                builder = builder.with_config(key, value);
            }
        }
        builder
    }
}

/// Builds the object store rooted at `root` (for S3, a prefix view of the bucket) and, for S3,
/// registers the scheme with deltalake so tables under the root open and commit.
///
/// # Errors
/// The store's error when it cannot be built (bad endpoint, local folder missing …).
pub fn connect(root: &DataRoot, options: &StorageOptions) -> object_store::Result<Arc<dyn ObjectStore>> {
    match root {
        DataRoot::Local(path) => Ok(Arc::new(LocalFileSystem::new_with_prefix(path)?)),
        DataRoot::S3(url) => {
            register_s3(options);
            let bucket = options.apply(AmazonS3Builder::from_env(), &HashMap::new()).with_url(url.as_str()).build()?;
            let prefix = ObjectPath::from_url_path(url.path())?;
            Ok(Arc::new(PrefixStore::new(bucket, prefix)))
        }
    }
}

/// Checks that the root can be listed (one request), so a missing bucket, a wrong endpoint or
/// missing credentials are reported before any work starts.
///
/// # Errors
/// A message naming the root and what to check.
pub async fn check_reachable(root: &DataRoot, store: &dyn ObjectStore) -> Result<(), String> {
    if root.is_local() {
        return Ok(());
    }
    match store.list_with_delimiter(None).await {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "cannot list {root}: {e}\n    check that the bucket exists, the [storage] endpoint and region, and the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment variables"
        )),
    }
}

/// Teaches deltalake's process-wide registries the `s3://` scheme, with these options.
pub fn register_s3(options: &StorageOptions) {
    let scheme = Url::parse("s3://").expect("a fixed URL parses");
    object_store_factories().insert(scheme.clone(), Arc::new(S3Factory { options: options.clone() }));
    logstore_factories().insert(scheme, Arc::new(ConditionalPutLogStore));
}

/// Builds bucket-rooted S3 stores for deltalake.
struct S3Factory {
    options: StorageOptions,
}

impl ObjectStoreFactory for S3Factory {
    fn parse_url_opts(&self, url: &Url, config: &StorageConfig) -> DeltaResult<(ObjectStoreRef, ObjectPath)> {
        let store = self.options.apply(AmazonS3Builder::from_env(), &config.raw).with_url(url.as_str()).build()?;
        Ok((Arc::new(store), ObjectPath::from_url_path(url.path())?))
    }
}

/// deltalake's default log store: commits with `PutMode::Create`, which S3 honours.
struct ConditionalPutLogStore;

impl LogStoreFactory for ConditionalPutLogStore {
    fn with_options(
        &self,
        prefixed_store: ObjectStoreRef,
        root_store: ObjectStoreRef,
        location: &Url,
        options: &StorageConfig,
    ) -> DeltaResult<Arc<dyn LogStore>> {
        Ok(default_logstore(prefixed_store, root_store, location, options))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_roots_end_in_a_slash_and_keep_their_prefix() {
        let root = DataRoot::parse("s3://bucket/a/b", Path::new("/")).unwrap();
        assert_eq!(root.url().as_str(), "s3://bucket/a/b/");
        assert_eq!(root.show("landing"), "s3://bucket/a/b/landing");
        assert!(DataRoot::parse("s3:///nobucket", Path::new("/")).is_err());
        assert_eq!(DataRoot::parse("file:///srv/x", Path::new("/")).unwrap(), DataRoot::Local("/srv/x".into()));
    }

    #[test]
    fn secrets_are_refused_with_the_variable_to_use() {
        let bad = [("aws_secret_access_key".to_owned(), "x".to_owned())].into();
        let problems = StorageOptions::new(bad).unwrap_err();
        assert!(problems[0].contains("AWS_SECRET_ACCESS_KEY"), "{problems:?}");
    }

    #[tokio::test]
    async fn an_s3_store_is_built_without_network() {
        let options = StorageOptions::new([("endpoint".to_owned(), "http://127.0.0.1:1".to_owned())].into()).unwrap();
        let root = DataRoot::parse("s3://bucket/prefix", Path::new("/")).unwrap();
        assert!(connect(&root, &options).is_ok());
    }
}
