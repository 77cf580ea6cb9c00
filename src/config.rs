//! Typed settings, read once from `Rocket.toml`, `ROCKET_*`, `DEALFUND_*` and `DATABASE_URL`.

use chrono_tz::Tz;
use rocket::figment::providers::{Env, Serialized};
use rocket::figment::{Figment, Profile};
use serde::{Deserialize, Serialize};

/// The default database: a SQLite file beside the binary, created when missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://dealfund.db?mode=rwc";

/// Everything dealfund itself needs to know about its installation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppConfig {
    /// `sqlite://…` or `postgres://…`.
    #[serde(default = "default_database_url")]
    pub database_url: String,
    /// Pool size; SQLite readers do not queue behind one another with more than one.
    #[serde(default = "default_max_connections")]
    pub database_max_connections: u32,
    /// Shown in the header and on every page title.
    #[serde(default = "default_council_name")]
    pub council_name: String,
    /// The council's org-id identifier, e.g. `GB-LAE-WGN`.
    #[serde(default = "default_council_org_id")]
    pub council_org_id: String,
    /// The prefix registered with 360Giving for grant identifiers.
    #[serde(default = "default_giving_prefix")]
    pub giving_prefix: String,
    /// The council department that runs the fund, named in the open data (optional).
    #[serde(default)]
    pub council_department: String,
    /// The licence the open data is published under: its name and its address.
    #[serde(default = "default_licence_name")]
    pub open_data_licence_name: String,
    #[serde(default = "default_licence_url")]
    pub open_data_licence_url: String,
    /// The council's time zone: deadlines are entered and shown in it.
    #[serde(default = "default_time_zone", with = "tz_name")]
    pub time_zone: Tz,
    /// Mark the session cookie Secure even when TLS ends at a proxy in front of dealfund.
    #[serde(default)]
    pub secure_cookies: bool,
    /// Where the stylesheet and images are, relative to the working directory.
    #[serde(default = "default_static_dir")]
    pub static_dir: String,
    /// Demo mode: a banner on every page and the demo logins on the sign-in page.
    #[serde(default)]
    pub demo: bool,
    /// Where people reach this installation: links in emails start with it.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The SMTP server that delivers email. With none (and always in demo mode)
    /// messages stay in the outbox, where admins can read them.
    #[serde(default)]
    pub smtp_host: Option<String>,
    /// The SMTP port; by default 587 with STARTTLS, 465 with TLS, 25 without.
    #[serde(default)]
    pub smtp_port: Option<u16>,
    #[serde(default)]
    pub smtp_username: Option<String>,
    #[serde(default)]
    pub smtp_password: Option<Secret>,
    /// `starttls` (the default), `tls`, or `none` (only for a relay on this machine).
    #[serde(default)]
    pub smtp_tls: SmtpTls,
    /// The sender of every email.
    #[serde(default = "default_mail_from")]
    pub mail_from: String,
    /// Seconds between the delivery worker's looks at the outbox.
    #[serde(default = "default_mail_interval")]
    pub mail_interval_seconds: u64,
    /// Tries before a message is marked failed.
    #[serde(default = "default_mail_max_attempts")]
    pub mail_max_attempts: i32,
    /// Seconds between runs of the reminders job (reports due, rounds closing).
    #[serde(default = "default_reminders_interval")]
    pub reminders_interval_seconds: u64,
    /// Run the delivery worker and the reminders job inside this server.
    #[serde(default = "default_true")]
    pub background_jobs: bool,
    /// The key that encrypts two-factor (TOTP) secrets at rest: 32 random bytes in
    /// base64 (`openssl rand -base64 32`), from `DEALFUND_TOTP_KEY` or `totp_key` in
    /// Rocket.toml. It is never derived from the session key, so a leaked session key
    /// does not expose second factors. Required in a release build outside demo mode;
    /// otherwise [`DEVELOPMENT_TOTP_KEY`] stands in.
    #[serde(default)]
    pub totp_key: Option<Secret>,
}

/// The two-factor key of development, tests and the demo when none is configured. It is
/// public (it is here), so it protects nothing: a release build refuses to start without
/// a key of its own outside demo mode.
pub const DEVELOPMENT_TOTP_KEY: [u8; 32] = *b"dealfund development 2fa key!!!!";

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP: only for a relay on the same machine or network (and tests).
    None,
    /// Upgrade the connection with STARTTLS, refusing a server that cannot.
    #[default]
    Starttls,
    /// TLS from the first byte (SMTPS, usually port 465).
    Tls,
}

/// A setting that must never be printed.
#[derive(Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

fn default_database_url() -> String {
    DEFAULT_DATABASE_URL.to_owned()
}
fn default_base_url() -> String {
    "http://127.0.0.1:8000".to_owned()
}
fn default_mail_from() -> String {
    "dealfund <dealfund@localhost>".to_owned()
}
fn default_mail_interval() -> u64 {
    30
}
fn default_mail_max_attempts() -> i32 {
    8
}
fn default_reminders_interval() -> u64 {
    3600
}
fn default_true() -> bool {
    true
}
fn default_static_dir() -> String {
    "static".to_owned()
}
fn default_max_connections() -> u32 {
    8
}
fn default_council_name() -> String {
    "Your Council".to_owned()
}
fn default_council_org_id() -> String {
    "GB-LAE-XXX".to_owned()
}
fn default_giving_prefix() -> String {
    "360G-dealfund".to_owned()
}
fn default_licence_name() -> String {
    "Open Government Licence v3.0".to_owned()
}
fn default_licence_url() -> String {
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/".to_owned()
}
fn default_time_zone() -> Tz {
    chrono_tz::Europe::London
}

mod tz_name {
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
        let name = String::deserialize(d)?;
        name.parse()
            .map_err(|_| serde::de::Error::custom(format!("unknown time zone `{name}`")))
    }
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid configuration: {0}")]
    Invalid(#[from] Box<rocket::figment::Error>),
    #[error(
        "a secret key is required outside demo mode in a release build.\n\
         Make one with `openssl rand -base64 32` and set it as ROCKET_SECRET_KEY \
         (or `secret_key` in Rocket.toml). Keep it secret and keep it the same across restarts \
         and servers, or everyone is signed out."
    )]
    MissingSecretKey,
    #[error(
        "a two-factor key is required outside demo mode in a release build.\n\
         Make one with `openssl rand -base64 32` and set it as DEALFUND_TOTP_KEY \
         (or `totp_key` in Rocket.toml). Keep it secret, apart from ROCKET_SECRET_KEY, and \
         keep it the same across restarts and servers, or nobody can sign in with two factors."
    )]
    MissingTotpKey,
    #[error(
        "DEALFUND_TOTP_KEY (`totp_key`) must be 32 bytes in base64, as `openssl rand -base64 32` makes"
    )]
    BadTotpKey,
}

/// True when a secret key is configured (Rocket's default is an all-zero placeholder).
pub fn has_secret_key(figment: &Figment) -> bool {
    figment
        .extract::<rocket::Config>()
        .map(|c| !c.secret_key.is_zero())
        .unwrap_or(false)
}

fn decode_key(text: &str) -> Option<[u8; 32]> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()?;
    bytes.try_into().ok()
}

/// Rocket's own figment (Rocket.toml and `ROCKET_*`), plus `DEALFUND_*` and `DATABASE_URL`.
pub fn figment() -> Figment {
    let mut figment = rocket::Config::figment().merge(Env::prefixed("DEALFUND_").global());
    if let Ok(url) = std::env::var("DATABASE_URL") {
        figment = figment.merge(Serialized::global("database_url", url));
    }
    figment
}

impl AppConfig {
    /// Reads the settings and refuses a release build with no secret key outside demo mode.
    pub fn from_figment(figment: &Figment) -> Result<Self, ConfigError> {
        let config: AppConfig = figment.extract().map_err(Box::new)?;
        let release = *figment.profile() == Profile::const_new("release");
        if release && !config.demo && !has_secret_key(figment) {
            return Err(ConfigError::MissingSecretKey);
        }
        match &config.totp_key {
            Some(key) if decode_key(&key.0).is_none() => return Err(ConfigError::BadTotpKey),
            None if release && !config.demo => return Err(ConfigError::MissingTotpKey),
            _ => {}
        }
        Ok(config)
    }

    /// The key that encrypts two-factor secrets (checked when the settings were read).
    pub fn totp_key(&self) -> [u8; 32] {
        self.totp_key
            .as_ref()
            .and_then(|key| decode_key(&key.0))
            .unwrap_or(DEVELOPMENT_TOTP_KEY)
    }

    /// True when email is delivered over SMTP: a server is configured and this is not the demo.
    pub fn delivers_mail(&self) -> bool {
        !self.demo
            && self
                .smtp_host
                .as_deref()
                .is_some_and(|h| !h.trim().is_empty())
    }

    /// True when the database is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release() -> Figment {
        rocket::Config::figment().select("release")
    }

    #[test]
    fn a_release_build_refuses_to_start_without_a_secret_key() {
        let error = AppConfig::from_figment(&release()).unwrap_err();
        assert!(error.to_string().contains("openssl rand -base64 32"));
    }

    #[test]
    fn a_release_build_starts_with_a_secret_key_or_in_demo_mode() {
        let key: [u8; 32] = [7; 32];
        let keyed = release()
            .merge(Serialized::global("secret_key", key.to_vec()))
            .merge(Serialized::global(
                "totp_key",
                "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            ));
        assert!(AppConfig::from_figment(&keyed).is_ok());
        let demo = release().merge(Serialized::global("demo", true));
        assert!(AppConfig::from_figment(&demo).is_ok());
    }

    #[test]
    fn a_release_build_needs_a_two_factor_key_of_its_own_and_a_well_formed_one() {
        let key: [u8; 32] = [7; 32];
        let keyed = release().merge(Serialized::global("secret_key", key.to_vec()));
        let error = AppConfig::from_figment(&keyed).unwrap_err();
        assert!(error.to_string().contains("DEALFUND_TOTP_KEY"));
        let short = keyed
            .clone()
            .merge(Serialized::global("totp_key", "c2hvcnQ="));
        assert!(matches!(
            AppConfig::from_figment(&short),
            Err(ConfigError::BadTotpKey)
        ));
        let good = keyed.merge(Serialized::global(
            "totp_key",
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        ));
        let config = AppConfig::from_figment(&good).unwrap();
        assert_eq!(&config.totp_key(), b"0123456789abcdef0123456789abcdef");
        let development = AppConfig::from_figment(&rocket::Config::figment()).unwrap();
        assert_eq!(development.totp_key(), DEVELOPMENT_TOTP_KEY);
    }

    #[test]
    fn settings_have_sensible_defaults_and_refuse_an_unknown_time_zone() {
        let config = AppConfig::from_figment(&rocket::Config::figment()).unwrap();
        assert_eq!(config.time_zone, chrono_tz::Europe::London);
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        let bad = rocket::Config::figment().merge(Serialized::global("time_zone", "Mars/Olympus"));
        assert!(
            AppConfig::from_figment(&bad)
                .unwrap_err()
                .to_string()
                .contains("Mars/Olympus")
        );
    }
}
