use gen_core::generator;

#[generator]
struct Numbers {
    next: u32,
}

fn main() {
    let _ = Numbers { next: 0 };
}
