//! The guide's own pattern, in a program that links no declaration: `?` carries the registry's
//! error to `main`, which prints it.

use cookie_registry::Registry;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let registry = Registry::global()?;
    registry.validate()?;
    Ok(())
}
