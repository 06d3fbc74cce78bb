//! The server's side of the network: each connection served by hyper with a deadline for
//! its request headers (a client that opens a connection and sends nothing, or stops half
//! way, is dropped), a cap on open connections below the process's file limit (one more is
//! answered "busy" and closed at once, so files stay free for the work itself), and a stop
//! on Ctrl-C that waits a few seconds for requests under way and then ends whatever is left.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

/// How the server treats connections.
#[derive(Debug, Clone, Copy)]
pub struct Net {
    /// A request's headers must arrive within this time of the connection being ready for
    /// them (also the idle time of a kept-alive connection); its body within this time too.
    pub wait: Duration,
    /// Connections open at once.
    pub max_connections: usize,
}

/// Default time a client has to send a request's headers (and, separately, its body).
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);
/// How long a stop waits for requests under way.
pub const STOP_GRACE: Duration = Duration::from_secs(2);
/// Files kept free for the work itself (workspace files, fonts, logs) under the file limit.
const FILES_RESERVED: usize = 256;

impl Net {
    pub fn new(wait: Duration) -> Net {
        Net {
            wait,
            max_connections: connection_cap(open_files_limit()),
        }
    }
}

/// The cap for a process allowed `limit` open files (unknown: a cap that fits the usual
/// 1,024).
pub fn connection_cap(limit: Option<usize>) -> usize {
    match limit {
        Some(l) => l.saturating_sub(FILES_RESERVED).clamp(16, 10_000),
        None => 1_024 - FILES_RESERVED,
    }
}

/// The process's soft limit of open files, where the system tells it (Linux).
fn open_files_limit() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// The answer to a connection beyond the cap: written without waiting, then closed.
const BUSY: &[u8] = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 30\r\nConnection: close\r\nContent-Length: 59\r\n\r\nMáy chủ đang quá tải. Xin thử lại sau ít phút.".as_bytes();

/// Serves `app` on `listener` until `stop` resolves; then lets requests under way finish for
/// at most `STOP_GRACE` and returns.
pub async fn serve(listener: TcpListener, app: Router, net: Net, stop: impl Future<Output = ()>) {
    let slots = Arc::new(Semaphore::new(net.max_connections));
    let (stopping, stop_seen) = watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of files, or the peer left before it was accepted: wait a moment, go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // Reap finished connections so the set stays as large as the open ones.
        while tasks.try_join_next().is_some() {}
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            let _ = stream.try_write(BUSY);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let mut stop_seen = stop_seen.clone();
        tasks.spawn(async move {
            let _slot = slot;
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(net.wait)
                .keep_alive(true);
            let conn = http.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = stop_seen.wait_for(|s| *s) => {}
            }
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    let _ = tokio::time::timeout(STOP_GRACE, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    tasks.abort_all();
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cap_leaves_files_for_the_work() {
        assert_eq!(super::connection_cap(Some(1024)), 768);
        assert_eq!(super::connection_cap(Some(100)), 16);
        assert_eq!(super::connection_cap(Some(1 << 20)), 10_000);
        assert_eq!(super::connection_cap(None), 768);
    }

    #[test]
    fn the_busy_answer_says_its_length() {
        let text = std::str::from_utf8(super::BUSY).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("Content-Length: {}", body.len())));
    }
}
