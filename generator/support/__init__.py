"""Small tools every stage may use: cache folders and keys, fast file writing."""
