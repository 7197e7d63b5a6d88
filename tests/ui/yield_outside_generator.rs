use gen_core::yield_;

fn not_a_generator() {
    yield_!(1);
}

fn main() {
    not_a_generator();
}
