//! What is costly to work out about published grants, kept until it could be wrong.
//!
//! Everything here is keyed by the published version (`published_version`), which the
//! database moves in the same transaction as any change to published data. Each request
//! reads the version first and then the data, so whatever it works out is at least as new
//! as the version it is kept under: a cached figure is never older than a change that had
//! committed before the request began, on this server or any other using the database.
//! Requests that arrive together share one read of the version, but only a read that
//! began after they did (see [`VersionReads`]).
//!
//! Kept: the impact dashboard's figures per filter; the directory's order per filter and
//! sort (award ids only), so that any page of the directory, however deep, costs the same
//! as the first; pages of the directory and single projects as loaded; what the filters
//! offer; and public pages as rendered for visitors who are not signed in, by address.
//! When many requests miss at once, one works the answer out and the rest wait for it.
//! Each kind is bounded, and emptied when full.

use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use chrono_tz::Tz;
use entity::published_version;
use sea_orm::{ConnectionTrait, EntityTrait};
use tokio::sync::{Notify, OnceCell};

use super::grants::PublicGrant;
use super::impact::{self, Impact};
use super::query::{self, GrantFilter, ProjectPage, ProjectSort};
use crate::domain::pagination::SortDir;
use crate::error::AppError;

/// At most this many dashboards are kept (per version).
const MAX_IMPACTS: usize = 256;
/// At most this many pages of the directory, single projects and other answers are kept.
const MAX_PAGES: usize = 1_024;
const MAX_GRANTS: usize = 4_096;
const MAX_SHARED: usize = 64;
/// At most this many rendered pages are kept, of at most this many bytes in all; and only
/// for addresses up to this long.
const MAX_HTML: usize = 4_096;
const MAX_HTML_BYTES: usize = 64 * 1024 * 1024;
const MAX_ADDRESS: usize = 512;
/// At most this many orders are kept, holding at most this many award ids (4 bytes each).
const MAX_ORDERS: usize = 1_024;
const MAX_ORDERED_IDS: usize = 2_000_000;

/// The directory's order for one filter and sort: award ids, first to last.
pub type Order = Arc<Vec<i32>>;

type OrderKey = (GrantFilter, ProjectSort, SortDir);
type PageKey = (GrantFilter, ProjectSort, SortDir, Option<u64>);
/// Anything else kept per version, by name.
type Shared = Arc<dyn Any + Send + Sync>;

/// One kind of cached answer: a cell per key, filled once.
struct Slots<K, V> {
    cells: HashMap<K, Arc<OnceCell<V>>>,
}

impl<K: Eq + Hash, V> Default for Slots<K, V> {
    fn default() -> Self {
        Self {
            cells: HashMap::new(),
        }
    }
}

#[derive(Default)]
struct Inner {
    version: i64,
    impacts: Slots<GrantFilter, Arc<Impact>>,
    orders: Slots<OrderKey, Order>,
    pages: Slots<PageKey, Arc<ProjectPage>>,
    grants: Slots<String, Option<Arc<PublicGrant>>>,
    shared: Slots<&'static str, Shared>,
    html: Slots<String, Arc<str>>,
}

impl Inner {
    fn orders_full(&self) -> bool {
        let cells = &self.orders.cells;
        cells.len() >= MAX_ORDERS
            || cells
                .values()
                .filter_map(|c| c.get())
                .map(|order| order.len())
                .sum::<usize>()
                >= MAX_ORDERED_IDS
    }

    fn html_full(&self) -> bool {
        let cells = &self.html.cells;
        cells.len() >= MAX_HTML
            || cells
                .values()
                .filter_map(|c| c.get())
                .map(|page| page.len())
                .sum::<usize>()
                >= MAX_HTML_BYTES
    }
}

/// The published-data cache; one per server, shared by its requests.
#[derive(Default)]
pub struct PublishedCache {
    inner: Mutex<Inner>,
    versions: VersionReads,
}

/// Reads of the published version, shared by the requests that wait for them.
///
/// A request may take its version from a read only if that read began after the request
/// did, because only then does it see every change committed before the request began.
/// So a request that arrives while a read is under way waits for it to end and then takes
/// the next read, which the first of the waiting requests to wake begins and all of them
/// share. Under load this makes one database round trip serve many requests instead of
/// one each; a request waits for at most two reads.
#[derive(Default)]
struct VersionReads {
    state: Mutex<ReadState>,
    ended: Notify,
}

#[derive(Default)]
struct ReadState {
    /// How many reads have begun; the last of them is under way while `reading`.
    begun: u64,
    reading: bool,
    /// The number of the latest read that succeeded, and the version it read.
    latest: Option<(u64, i64)>,
}

impl VersionReads {
    async fn read<C: ConnectionTrait>(&self, conn: &C) -> Result<i64, AppError> {
        // Reads numbered above this one begin after this request did.
        let arrived = lock(&self.state).begun;
        loop {
            let ended = self.ended.notified();
            tokio::pin!(ended);
            let number = {
                let mut state = lock(&self.state);
                if let Some((number, version)) = state.latest
                    && number > arrived
                {
                    return Ok(version);
                }
                if state.reading {
                    // Registered while the lock is held, so the reader cannot end unseen.
                    ended.as_mut().enable();
                    None
                } else {
                    state.reading = true;
                    state.begun += 1;
                    Some(state.begun)
                }
            };
            let Some(number) = number else {
                ended.await;
                continue;
            };
            // Ends the read even if this request is dropped part-way, so no one waits for
            // a read that will never end.
            let reading = Reading(self);
            let result = version(conn).await;
            if let Ok(version) = result {
                let mut state = lock(&reading.0.state);
                if state.latest.is_none_or(|(latest, _)| latest < number) {
                    state.latest = Some((number, version));
                }
            }
            drop(reading);
            return result;
        }
    }
}

/// A read under way; dropping it lets the waiting requests go on.
struct Reading<'a>(&'a VersionReads);

impl Drop for Reading<'_> {
    fn drop(&mut self) {
        lock(&self.0.state).reading = false;
        self.0.ended.notify_waiters();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The version of published data, as this connection sees it now.
pub async fn version<C: ConnectionTrait>(conn: &C) -> Result<i64, AppError> {
    Ok(published_version::Entity::find_by_id(1)
        .one(conn)
        .await?
        .map_or(0, |row| row.version))
}

impl PublishedCache {
    /// The cell for `key` under `version`, or `None` when the version is older than one
    /// already seen (a request that started just before a change: it works its answer out
    /// without keeping it).
    fn cell<K, V>(
        &self,
        version: i64,
        key: K,
        slots: fn(&mut Inner) -> &mut Slots<K, V>,
        full: fn(&Inner) -> bool,
    ) -> Option<Arc<OnceCell<V>>>
    where
        K: Eq + Hash,
    {
        let mut inner = lock(&self.inner);
        if version < inner.version {
            return None;
        }
        if version > inner.version {
            *inner = Inner {
                version,
                ..Inner::default()
            };
        }
        if full(&inner) {
            slots(&mut inner).cells.clear();
        }
        Some(Arc::clone(slots(&mut inner).cells.entry(key).or_default()))
    }

    /// `work`'s answer for `key`, kept under the current version.
    async fn cached<C, K, V, Fut>(
        &self,
        conn: &C,
        key: K,
        slots: fn(&mut Inner) -> &mut Slots<K, V>,
        full: fn(&Inner) -> bool,
        work: impl FnOnce() -> Fut,
    ) -> Result<V, AppError>
    where
        C: ConnectionTrait,
        K: Eq + Hash,
        V: Clone,
        Fut: Future<Output = Result<V, AppError>>,
    {
        let version = self.versions.read(conn).await?;
        match self.cell(version, key, slots, full) {
            Some(cell) => cell.get_or_try_init(work).await.cloned(),
            None => work().await,
        }
    }

    /// The impact dashboard's figures for `filter`.
    pub async fn impact<C: ConnectionTrait>(
        &self,
        conn: &C,
        filter: &GrantFilter,
        tz: Tz,
    ) -> Result<Arc<Impact>, AppError> {
        self.cached(
            conn,
            filter.clone(),
            |i| &mut i.impacts,
            |i| i.impacts.cells.len() >= MAX_IMPACTS,
            || async { impact::impact(conn, filter, tz).await.map(Arc::new) },
        )
        .await
    }

    /// The award ids `filter` picks, in the directory's order for `sort` and `dir`.
    pub async fn order<C: ConnectionTrait>(
        &self,
        conn: &C,
        filter: &GrantFilter,
        sort: ProjectSort,
        dir: SortDir,
        tz: Tz,
    ) -> Result<Order, AppError> {
        self.cached(
            conn,
            (filter.clone(), sort, dir),
            |i| &mut i.orders,
            Inner::orders_full,
            || async {
                query::ordered_ids(conn, filter, sort, dir, tz)
                    .await
                    .map(Arc::new)
            },
        )
        .await
    }

    /// One page of the directory: see [`query::page`].
    pub async fn page<C: ConnectionTrait>(
        &self,
        conn: &C,
        filter: &GrantFilter,
        sort: ProjectSort,
        dir: SortDir,
        requested_page: Option<u64>,
        tz: Tz,
    ) -> Result<Arc<ProjectPage>, AppError> {
        self.cached(
            conn,
            (filter.clone(), sort, dir, requested_page),
            |i| &mut i.pages,
            |i| i.pages.cells.len() >= MAX_PAGES,
            || async {
                let order = self.order(conn, filter, sort, dir, tz).await?;
                query::page(conn, &order, requested_page, tz)
                    .await
                    .map(Arc::new)
            },
        )
        .await
    }

    /// One project by its reference: see [`query::by_reference`].
    pub async fn grant<C: ConnectionTrait>(
        &self,
        conn: &C,
        reference: &str,
        tz: Tz,
    ) -> Result<Option<Arc<PublicGrant>>, AppError> {
        let reference = reference.trim();
        let load = || async {
            query::by_reference(conn, reference, tz)
                .await
                .map(|g| g.map(Arc::new))
        };
        // References are short; anything longer is not one, and not worth keeping.
        if reference.len() > 32 {
            return load().await;
        }
        self.cached(
            conn,
            reference.to_owned(),
            |i| &mut i.grants,
            |i| i.grants.cells.len() >= MAX_GRANTS,
            load,
        )
        .await
    }

    /// Something else made only of published data, kept under `name` (one type per name).
    pub async fn shared<C, T, Fut>(
        &self,
        conn: &C,
        name: &'static str,
        load: impl FnOnce() -> Fut,
    ) -> Result<Arc<T>, AppError>
    where
        C: ConnectionTrait,
        T: Send + Sync + 'static,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let value = self
            .cached(
                conn,
                name,
                |i| &mut i.shared,
                |i| i.shared.cells.len() >= MAX_SHARED,
                || async { load().await.map(|v| Arc::new(v) as Shared) },
            )
            .await?;
        value
            .downcast::<T>()
            .map_err(|_| AppError::Internal(format!("{name} was kept as another type")))
    }

    /// A page as `render` makes it, kept by its `address` (path and query). Only for pages
    /// that are the same for every visitor given the same address and published data.
    pub async fn html<C, Fut>(
        &self,
        conn: &C,
        address: &str,
        render: impl FnOnce() -> Fut,
    ) -> Result<Arc<str>, AppError>
    where
        C: ConnectionTrait,
        Fut: Future<Output = Result<Arc<str>, AppError>>,
    {
        if address.len() > MAX_ADDRESS {
            return render().await;
        }
        self.cached(
            conn,
            address.to_owned(),
            |i| &mut i.html,
            Inner::html_full,
            render,
        )
        .await
    }
}
