//! Document workers: threads pulling documents from a shared counter, each either building
//! them here (with typst's caches evicted and the allocator trimmed as they go) or handing
//! them to a helper process; and the process's peak memory.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::render::pdf;

/// Stack of each document worker. Typst lays out nested content recursively; 16 MiB is what
/// typst's own CLI gives its main thread, and a worker never holds more than one document.
const WORKER_STACK: usize = 16 << 20;

/// Typst's memoisation caches are evicted after every `EVICT_EVERY` documents per worker.
/// What they hold per document (realised content, layouts, shaped text, krilla's font and
/// page work) is almost never reused by the next document: without eviction, 900 PDFs grew
/// the process to 2.2 GB (and ran slower); evicting after each document drops what all
/// documents share too (the evaluated layout template) and costs 45% more time. Every two
/// documents, keeping what was used since the previous eviction, is as fast as no eviction
/// at 70 MB (measured on 300 generated agencies, PDF only).
const EVICT_EVERY: usize = 2;

/// The process's peak resident memory in MB (Linux: VmHWM), for the build summary and the
/// scale benchmark.
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb.div_ceil(1024))
}

/// glibc's allocator is asked to hand freed memory back after this many documents per worker.
const TRIM_EVERY: usize = 8;

/// Returns the allocator's free pages to the system. With glibc, the many mid-sized buffers
/// of each document (zip parts, XML, fonts subsets) leave the heap fragmented: without this,
/// resident memory grew by about 0,3 MB per document (300 MB for 900 DOCX files on one
/// thread); with it, it stays flat. The `vanban` program itself allocates with jemalloc
/// (see Cargo.toml), where this finds nothing to return; elsewhere it does nothing.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: malloc_trim only releases memory the allocator holds unused; it has no
        // preconditions and is thread-safe in glibc.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Most document workers per core `-j` may ask for.
pub const MAX_JOBS_PER_CORE: usize = 4;

/// How many document workers to start: `requested`, or one per core.
pub fn worker_count(requested: usize) -> usize {
    if requested > 0 {
        requested
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// One of a build's workers: it is handed documents one at a time.
pub(super) trait Worker<T> {
    /// Builds document `job`.
    fn work(&mut self, job: usize) -> T;
    /// After its last document (a helper process's last files are waited for).
    fn end(self: Box<Self>) {}
}

/// Typst's caches and the allocator, kept in check across the in-process workers: after
/// every `EVICT_EVERY` documents per worker the caches are evicted, after every
/// `TRIM_EVERY` the allocator trimmed.
pub(super) struct Upkeep {
    finished: AtomicUsize,
    workers: usize,
}

impl Upkeep {
    pub(super) fn new(workers: usize) -> Upkeep {
        Upkeep {
            finished: AtomicUsize::new(0),
            workers: workers.max(1),
        }
    }

    fn document_done(&self) {
        let done = self.finished.fetch_add(1, Ordering::Relaxed) + 1;
        if done.is_multiple_of(EVICT_EVERY * self.workers) {
            pdf::evict_caches();
        }
        if done.is_multiple_of(TRIM_EVERY * self.workers) {
            release_free_memory();
        }
    }
}

/// A worker in this process. Its documents run on a pool of one thread of its own, so
/// what typst hands to rayon (table cells, pages, fonts) stays on that thread instead of
/// queueing behind another document's work in a shared pool: measured on 300 agencies,
/// the two cores were busy 190% of the time instead of 177%.
pub(super) struct Local<'a, T> {
    /// Made when it takes its first document (a helper's stand-in may never need one).
    pool: std::cell::OnceCell<Option<rayon::ThreadPool>>,
    upkeep: &'a Upkeep,
    job: &'a (dyn Fn(usize) -> T + Sync),
}

impl<'a, T: Send> Local<'a, T> {
    pub(super) fn new(upkeep: &'a Upkeep, job: &'a (dyn Fn(usize) -> T + Sync)) -> Self {
        Local {
            pool: std::cell::OnceCell::new(),
            upkeep,
            job,
        }
    }
}

impl<T: Send> Worker<T> for Local<'_, T> {
    fn work(&mut self, i: usize) -> T {
        let job = self.job;
        // Without a pool of its own (threads exhausted) it runs typst's work in the global
        // pool, as before.
        let pool = self.pool.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(WORKER_STACK)
                .thread_name(|_| "vanban-pool".to_string())
                .build()
                .ok()
        });
        let out = match pool {
            Some(pool) => pool.install(|| job(i)),
            None => job(i),
        };
        self.upkeep.document_done();
        out
    }
}

/// Runs documents `0..count` on `workers`, each on a thread of its own pulling the next
/// document of `order` from a shared counter, and returns the results in index order.
///
/// Why not rayon for the documents themselves: typst-pdf (krilla) and typst wait on
/// deferred work with `rayon::yield_now()`, which on a rayon worker runs *other queued
/// jobs of the pool* on the same stack. If documents were jobs of one pool, each waiting
/// document would start the next one on top of itself and the stack would grow with the
/// number of queued documents until it overflowed (issue 6). A `Local` worker's pool only
/// ever holds one document's own small jobs.
pub(super) fn run_workers<'w, T: Send>(
    order: &[usize],
    workers: Vec<Box<dyn Worker<T> + Send + 'w>>,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let mut slots: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = workers
            .into_iter()
            .enumerate()
            .map(|(n, mut worker)| {
                let next = &next;
                std::thread::Builder::new()
                    .name(format!("vanban-{n}"))
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, move || {
                        let mut out = Vec::new();
                        loop {
                            let k = next.fetch_add(1, Ordering::Relaxed);
                            let Some(&i) = order.get(k) else {
                                break;
                            };
                            out.push((i, worker.work(i)));
                        }
                        worker.end();
                        out
                    })
                    .expect("spawn a document worker")
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    slots.sort_by_key(|(i, _)| *i);
    slots.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    struct Recorder<'a>(&'a Mutex<Vec<usize>>);

    impl Worker<usize> for Recorder<'_> {
        fn work(&mut self, job: usize) -> usize {
            self.0.lock().unwrap().push(job);
            job * 10
        }
    }

    #[test]
    fn documents_are_taken_in_the_order_given_and_returned_in_index_order() {
        let taken = Mutex::new(Vec::new());
        let out = run_workers(&[2, 0, 3, 1], vec![Box::new(Recorder(&taken))]);
        assert_eq!(*taken.lock().unwrap(), vec![2, 0, 3, 1]);
        assert_eq!(out, vec![0, 10, 20, 30]);
    }
}
