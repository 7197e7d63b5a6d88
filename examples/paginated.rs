//! Paging through a (simulated) HTTP API with async generators: one stream of pages,
//! one stream of the users on them. Users are handed out as soon as their page arrives,
//! pages are fetched only when the consumer wants more, and a failed request ends the
//! stream with the error as its last item.
//!
//! ```text
//! cargo run --example paginated
//! ```

use std::fmt;
use std::time::{Duration, Instant};

use futures::StreamExt;
use gen_core::{Stream, generator, yield_};

#[derive(Debug)]
struct User {
    id: u32,
    name: String,
}

struct Page {
    users: Vec<User>,
    /// The cursor of the next page; `None` on the last page.
    next: Option<u32>,
}

#[derive(Debug)]
struct ApiError {
    page: u32,
    status: u16,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "GET /users?page={} failed: HTTP {}",
            self.page, self.status
        )
    }
}

/// A fake API: `total` users, `per_page` to a page, 40 ms per request. Requesting
/// page `fail_at` answers 503.
struct Api {
    total: u32,
    per_page: u32,
    fail_at: Option<u32>,
    started: Instant,
}

impl Api {
    fn new(total: u32, per_page: u32, fail_at: Option<u32>) -> Self {
        Api {
            total,
            per_page,
            fail_at,
            started: Instant::now(),
        }
    }

    async fn get_users(&self, page: u32) -> Result<Page, ApiError> {
        self.log(format_args!("GET /users?page={page}"));
        tokio::time::sleep(Duration::from_millis(40)).await;
        if self.fail_at == Some(page) {
            return Err(ApiError { page, status: 503 });
        }
        let first = page * self.per_page;
        let last = (first + self.per_page).min(self.total);
        let users = (first..last)
            .map(|id| User {
                id,
                name: format!("user{id:02}"),
            })
            .collect();
        let next = (last < self.total).then_some(page + 1);
        Ok(Page { users, next })
    }

    /// Prints a line prefixed with the time since the API was created.
    fn log(&self, line: fmt::Arguments<'_>) {
        let ms = self.started.elapsed().as_millis();
        println!("  [{ms:>4} ms] {line}");
    }

    /// Every page, in order. `?` ends the stream after yielding the error.
    #[generator]
    async fn pages(&self) -> impl Stream<Item = Result<Page, ApiError>> {
        let mut cursor = Some(0);
        while let Some(number) = cursor {
            let page = self.get_users(number).await?;
            cursor = page.next;
            yield_!(Ok(page));
        }
    }

    /// Every user, page after page: a stream built on another with `#[for_await]`.
    #[generator]
    async fn users(&self) -> impl Stream<Item = Result<User, ApiError>> {
        #[for_await]
        for page in self.pages() {
            for user in page?.users {
                yield_!(Ok(user));
            }
        }
    }
}

async fn print_all(api: &Api) {
    let mut users = std::pin::pin!(api.users());
    while let Some(user) = users.next().await {
        match user {
            Ok(User { id, name }) => api.log(format_args!("  user {id}: {name}")),
            Err(error) => api.log(format_args!("  error: {error}")),
        }
    }
}

#[tokio::main]
async fn main() {
    println!("all users (7, three to a page):");
    print_all(&Api::new(7, 3, None)).await;

    println!("page 1 fails:");
    print_all(&Api::new(7, 3, Some(1))).await;

    // Streams are lazy: four users need two pages, and the third is never requested.
    println!("only the first four:");
    let api = Api::new(100, 3, None);
    let names: Vec<String> = api
        .users()
        .take(4)
        .map(|user| user.map_or_else(|error| error.to_string(), |user| user.name))
        .collect()
        .await;
    api.log(format_args!("  {names:?}"));
}
