"""Core: base model, organisations, users and roles, access, audit, encryption, reference data."""
