use gen_core::{generator, yield_};

#[generator]
fn bumped(v: &mut Vec<u32>) -> impl Iterator<Item = u32> + '_ {
    for x in v.iter_mut() {
        *x += 1;
        yield_!(*x);
    }
    v.push(0);
}

struct Counter {
    items: Vec<u32>,
    rounds: u32,
}

impl Counter {
    #[generator]
    fn bump_all(&mut self) -> impl Iterator<Item = u32> + '_ {
        for x in self.items.iter_mut().rev() {
            *x += 1;
            yield_!(*x);
        }
        self.rounds += 1;
    }
}

// The loop is the last use of the reference: accepted.
#[generator]
fn last_use(v: &mut Vec<u32>) -> impl Iterator<Item = u32> + '_ {
    v.push(1);
    for x in v.iter_mut() {
        *x *= 2;
        yield_!(*x);
    }
}

fn main() {
    let mut v = vec![1];
    let _ = bumped(&mut v);
    let mut counter = Counter { items: vec![], rounds: 0 };
    let _ = counter.bump_all();
    let _ = last_use(&mut v);
}
