"""The `stance` command line: parses, calls the store, prints through one output function."""
